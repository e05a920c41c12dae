//! The story page.

use super::item::{CriteriaView, ExtraField, History, body_html, extra_fields};
use super::{Link, item_path, link};
use crate::model::{Kind, Story};
use crate::render::links::Links;
use crate::render::{Inputs, Job};
use serde::Serialize;

/// What `story.html` receives as `page`.
#[derive(Serialize)]
struct StoryPage<'a> {
    story: StoryFacts<'a>,
    /// Its team; none when the team is not in the backlog.
    team: Option<Link<'a>>,
    /// Its feature; none without one or when it is not in the backlog.
    feature: Option<Link<'a>>,
    iteration: Option<IterationLink<'a>>,
    depends_on: Vec<Link<'a>>,
    /// The stories that depend on it.
    dependents: Vec<Link<'a>>,
    criteria: CriteriaView<'a>,
    /// The train's Definition of Done (`definition_of_done` in rankdown.yaml).
    definition_of_done: &'a [String],
    /// The body without the criteria section, as safe HTML.
    body: String,
    history: Option<History<'a>>,
    /// Its statuses over time, from git history; none without history.
    flow: Option<FlowView<'a>>,
    /// The fields under `extra:`, shown as written.
    extra: Vec<ExtraField>,
}

/// A story's statuses over time, and how long it took.
#[derive(Serialize)]
struct FlowView<'a> {
    /// Every commit that set its status, oldest first.
    steps: Vec<FlowStep<'a>>,
    /// The day it first went `in-progress` or later.
    started: Option<&'a str>,
    /// The day it first went `done` or `accepted`.
    finished: Option<&'a str>,
    /// Calendar days from `started` to `finished`.
    cycle_days: Option<i64>,
    /// Calendar days from the file's creation to `finished`.
    lead_days: Option<i64>,
    /// Whether it was done when first committed: no times are recorded.
    finished_before_history: bool,
}

/// A commit that set a story's status.
#[derive(Serialize)]
struct FlowStep<'a> {
    status: &'static str,
    /// `YYYY-MM-DD`, the author date.
    date: &'a str,
    author: &'a str,
    /// The abbreviated hash.
    commit: &'a str,
}

impl<'a> FlowView<'a> {
    fn of(input: &Inputs<'a>, path: &str) -> Option<FlowView<'a>> {
        let flow = crate::flow::StoryFlow::of(input.history, path)?;
        Some(FlowView {
            steps: (flow.steps.iter())
                .filter_map(|s| {
                    Some(FlowStep {
                        status: s.status()?.as_str(),
                        date: s.change.date(),
                        author: &s.change.author,
                        commit: s.change.short(),
                    })
                })
                .collect(),
            started: flow.started.map(|v| v.change.date()),
            finished: flow.finished.map(|v| v.change.date()),
            cycle_days: flow.cycle_days(),
            lead_days: flow.lead_days(),
            finished_before_history: flow.finished_before_history,
        })
    }
}

/// The story's own fields.
#[derive(Serialize)]
struct StoryFacts<'a> {
    id: &'a str,
    title: &'a str,
    /// `story`, `defect`, `enabler` or `spike`.
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    points: Option<u32>,
    labels: &'a [String],
    /// Its rank in its team's backlog while open.
    rank: Option<usize>,
}

/// The iteration a story is planned in.
#[derive(Serialize)]
struct IterationLink<'a> {
    id: &'a str,
    /// Its PI's page; none when no PI defines it.
    url: Option<String>,
}

/// The page of `story`.
pub(in crate::render) fn story(input: &Inputs, story: &Story) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let file = b.file(story.file);
    let iteration = story.iteration.as_deref().map(|it| IterationLink {
        id: it,
        url: (input.iterations().get(it)).map(|(pi, _)| links.item(Kind::Pi, pi.as_str())),
    });
    let dependents = (input.dependents().get(story.id.as_str())).map_or_else(Vec::new, |ids| {
        ids.iter().map(|id| link(&links, b, id)).collect()
    });
    let page = StoryPage {
        story: StoryFacts {
            id: story.id.as_str(),
            title: &story.title,
            kind: story.kind.as_str(),
            status: story.status.as_str(),
            points: story.points,
            labels: &story.labels,
            rank: input.ranks().get(story.id.as_str()).copied(),
        },
        team: (b.teams.contains_key(story.team.as_str())).then(|| link(&links, b, &story.team)),
        feature: (story.feature.as_deref())
            .filter(|f| b.features.contains_key(*f))
            .map(|f| link(&links, b, f)),
        iteration,
        depends_on: (story.depends_on.iter())
            .map(|r| link(&links, b, &r.id))
            .collect(),
        dependents,
        criteria: CriteriaView::of(&story.criteria, file.body()),
        definition_of_done: b.config.as_ref().map_or(&[], |c| &c.definition_of_done),
        body: body_html(input, file.body(), &story.criteria),
        history: History::of(input, &file.path),
        flow: FlowView::of(input, &file.path),
        extra: extra_fields(&story.extra),
    };
    Job::page(
        item_path(Kind::Story, story.id.as_str()),
        "story.html",
        2,
        &page,
    )
}
