//! The feature page.

use super::item::{CriteriaView, ExtraField, History, body_html, extra_fields};
use super::program::wsjf_text;
use super::{Link, Progress, StoryRow, item_path, link, story_row};
use crate::model::{Feature, Kind};
use crate::render::links::Links;
use crate::render::{Inputs, Job};
use serde::Serialize;

/// What `feature.html` receives as `page`.
#[derive(Serialize)]
struct FeaturePage<'a> {
    feature: FeatureFacts<'a>,
    /// Its PI; none without one or when it is not in the backlog.
    pi: Option<Link<'a>>,
    wsjf: Option<Wsjf>,
    /// Its stories' accepted points.
    progress: Progress,
    /// Its stories, by team, then by rank in that team's backlog.
    stories: Vec<StoryRow<'a>>,
    criteria: CriteriaView<'a>,
    /// The body without the criteria section, as safe HTML.
    body: String,
    history: Option<History<'a>>,
    /// The fields under `extra:`, shown as written.
    extra: Vec<ExtraField>,
}

/// The feature's own fields.
#[derive(Serialize)]
struct FeatureFacts<'a> {
    id: &'a str,
    title: &'a str,
    status: &'static str,
    /// `feature` or `enabler`.
    #[serde(rename = "type")]
    kind: &'static str,
    owner: Option<&'a str>,
    labels: &'a [String],
    /// Its place in the program backlog, from 1.
    rank: Option<usize>,
}

/// A feature's Weighted Shortest Job First inputs and score.
#[derive(Serialize)]
struct Wsjf {
    business_value: f64,
    time_criticality: f64,
    risk_reduction: f64,
    job_size: f64,
    /// The score with as many decimals as tell the backlog's scores apart.
    score: String,
}

/// The page of `feature`.
pub(in crate::render) fn feature(input: &Inputs, feature: &Feature) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let stories = super::stories_of(input, feature.id.as_str());
    let mut rows: Vec<StoryRow> = (stories.iter())
        .map(|s| story_row(&links, input, s))
        .collect();
    // Ranks count within each team's backlog: by team, then rank.
    rows.sort_by(|a, b| {
        (a.team.title, a.rank.is_none(), a.rank, a.id).cmp(&(
            b.team.title,
            b.rank.is_none(),
            b.rank,
            b.id,
        ))
    });
    let rank = b
        .config
        .as_ref()
        .and_then(|c| (c.program_backlog.iter()).position(|r| r.id == feature.id.as_str()));
    let file = b.file(feature.file);
    let page = FeaturePage {
        feature: FeatureFacts {
            id: feature.id.as_str(),
            title: &feature.title,
            status: feature.status.as_str(),
            kind: feature.kind.as_str(),
            owner: feature.owner.as_deref(),
            labels: &feature.labels,
            rank: rank.map(|r| r + 1),
        },
        pi: (feature.pi.as_deref())
            .filter(|p| b.pis.contains_key(*p))
            .map(|p| link(&links, b, p)),
        wsjf: feature.wsjf.map(|w| Wsjf {
            business_value: w.business_value,
            time_criticality: w.time_criticality,
            risk_reduction: w.risk_reduction,
            job_size: w.job_size,
            score: wsjf_text(w.score(), input.wsjf_decimals()),
        }),
        progress: Progress::of(stories),
        stories: rows,
        criteria: CriteriaView::of(&feature.criteria, file.body()),
        body: body_html(input, file.body(), &feature.criteria),
        history: History::of(input, &file.path),
        extra: extra_fields(&feature.extra),
    };
    Job::page(
        item_path(Kind::Feature, feature.id.as_str()),
        "feature.html",
        2,
        &page,
    )
}
