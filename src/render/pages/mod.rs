//! One module per page type: each gathers only what its template shows,
//! as a typed model (the structs below and in each module are what
//! docs/themes.md lists for theme authors).

mod feature;
mod flow;
mod item;
mod lists;
mod pi;
mod program;
mod story;
mod team;

pub(super) use feature::feature;
pub(super) use lists::{lists, not_found, search_page, status_lists};
pub(super) use pi::pi;
pub(super) use program::{program, roadmap, wsjf_decimals};
pub(super) use story::story;
pub(super) use team::team;

use super::Inputs;
use super::links::Links;
use crate::model::{Backlog, Criteria, Kind, Story, progress};
use serde::Serialize;

/// A link to an item: its id, title and URL.
#[derive(Serialize)]
pub(super) struct Link<'a> {
    id: &'a str,
    /// The item's title (its id when it has none).
    title: &'a str,
    /// Empty when the id names no item of the backlog.
    url: String,
}

/// A link to the item `id` from a page with `links`.
pub(super) fn link<'a>(links: &Links, backlog: &'a Backlog, id: &'a str) -> Link<'a> {
    let kind = backlog.kind_of(id);
    Link {
        id,
        url: kind.map(|k| links.item(k, id)).unwrap_or_default(),
        title: backlog.title_of(id).unwrap_or(id),
    }
}

/// One line of a table of stories (`_stories.html`).
#[derive(Serialize)]
pub(super) struct StoryRow<'a> {
    /// Its rank in its team's backlog; none once finished or unranked.
    rank: Option<usize>,
    id: &'a str,
    url: String,
    title: &'a str,
    /// `story`, `defect`, `enabler` or `spike`.
    kind: &'static str,
    status: &'static str,
    points: Option<u32>,
    iteration: Option<&'a str>,
    /// Acceptance criteria ticked, of `criteria_total`.
    criteria_met: usize,
    criteria_total: usize,
    /// Gherkin scenarios, which have no checkbox to be met.
    scenarios: usize,
    /// The team whose backlog the story is in (shown where teams mix).
    team: Link<'a>,
    depends_on: Vec<Link<'a>>,
}

/// `story` as a row of a table on a page with `links`.
pub(super) fn story_row<'a>(links: &Links, input: &Inputs<'a>, story: &'a Story) -> StoryRow<'a> {
    let b = input.backlog;
    StoryRow {
        rank: input.ranks().get(story.id.as_str()).copied(),
        id: story.id.as_str(),
        url: links.item(Kind::Story, story.id.as_str()),
        title: &story.title,
        kind: story.kind.as_str(),
        status: story.status.as_str(),
        points: story.points,
        iteration: story.iteration.as_deref(),
        criteria_met: criteria_met(&story.criteria),
        criteria_total: story.criteria.tasks.len(),
        scenarios: scenarios(&story.criteria),
        team: link(links, b, &story.team),
        depends_on: (story.depends_on.iter())
            .map(|r| link(links, b, &r.id))
            .collect(),
    }
}

fn criteria_met(criteria: &Criteria) -> usize {
    criteria.tasks.iter().filter(|t| t.checked).count()
}

fn scenarios(criteria: &Criteria) -> usize {
    criteria.gherkin.iter().map(|b| b.scenarios.len()).sum()
}

/// Accepted points of some stories' points.
#[derive(Serialize)]
pub(super) struct Progress {
    accepted: u32,
    total: u32,
    /// The accepted share in percent, rounded down; none without points.
    percent: Option<u64>,
}

impl Progress {
    /// The progress of `stories`.
    pub(super) fn of(stories: &[&Story]) -> Progress {
        let done = progress(stories);
        let percent =
            (done.total > 0).then(|| 100 * u64::from(done.accepted) / u64::from(done.total));
        Progress {
            accepted: done.accepted,
            total: done.total,
            percent,
        }
    }
}

/// Accepted points, all points and the accepted share in percent (none
/// without points) of the stories of the feature `id`.
pub(super) fn progress_of(input: &Inputs, id: &str) -> (u32, u32, Option<u64>) {
    let Progress {
        accepted,
        total,
        percent,
    } = Progress::of(stories_of(input, id));
    (accepted, total, percent)
}

/// The stories of the feature `id`.
fn stories_of<'s, 'a>(input: &'s Inputs<'a>, id: &str) -> &'s [&'a Story] {
    input.by_feature().get(id).map_or(&[][..], Vec::as_slice)
}

/// Where the page of an item goes.
pub(super) fn item_path(kind: Kind, id: &str) -> String {
    format!("{}/{id}/index.html", crate::layout::folder(kind))
}

/// A person's name as the backlog gives it, or `None` for the placeholder
/// `rankdown import` writes when it was not told who holds the role.
pub(super) fn named(person: &str) -> Option<&str> {
    let placeholder =
        person.trim().is_empty() || person.trim().eq_ignore_ascii_case("product owner");
    (!placeholder).then_some(person)
}

/// The item a file defines, if it loaded.
pub(super) fn item_of_file(b: &Backlog, path: &str) -> Option<(Kind, String)> {
    let id = crate::layout::claimed_id(path)?;
    let kind = b.kind_of(id.as_str())?;
    let file = b.file_of(kind, id.as_str())?;
    (b.file(file).path == path).then(|| (kind, id.to_string()))
}
