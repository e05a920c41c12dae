//! The pages that list items: teams, PIs and roles (the navigation's
//! index pages), stories by status, and the search and 404 pages.

use super::named;
use crate::model::Kind;
use crate::render::links::Links;
use crate::render::roles::{MatrixRole, matrix};
use crate::render::{Inputs, Job};
use serde::Serialize;

/// What `list.html` receives as `page`.
#[derive(Serialize)]
struct ListPage {
    /// `Teams`, `Program increments` or `Roles`.
    title: &'static str,
    /// The folder listed: `teams`, `pis` or `roles`.
    list: &'static str,
    items: Vec<ListItem>,
    /// On the roles list, the roles side by side; none elsewhere.
    matrix: Option<Vec<MatrixRole>>,
}

/// An item of a list.
#[derive(Serialize)]
struct ListItem {
    url: String,
    title: String,
    /// A line about it: open stories, dates or duties.
    note: String,
}

/// The index pages of teams, PIs and roles, which the navigation links to.
pub(in crate::render) fn lists(input: &Inputs) -> Vec<Job> {
    let links = Links::at_depth(1);
    let b = input.backlog;
    let item = |kind: Kind, id: &str, title: &str, note: String| ListItem {
        url: links.item(kind, id),
        title: title.to_string(),
        note,
    };
    let teams = b.teams.values().map(|t| {
        let open = input.open_stories(t.id.as_str());
        let note = match named(&t.product_owner) {
            Some(person) => format!("{open} open stories · Product Owner {person}"),
            None => format!("{open} open stories"),
        };
        item(Kind::Team, t.id.as_str(), &t.title, note)
    });
    let pis = b.pis.values().map(|p| {
        let dates = match (p.start, p.end) {
            (Some(s), Some(e)) => format!("{s} to {e}"),
            _ => String::new(),
        };
        item(Kind::Pi, p.id.as_str(), &p.title, dates)
    });
    let roles = b.roles.values().map(|r| {
        let duties = format!("{} duties", r.responsibilities.len());
        item(Kind::Role, r.id.as_str(), &r.title, duties)
    });
    let matrix = (!b.roles.is_empty()).then(|| matrix(input, &links));
    [
        ("teams", "Teams", teams.collect(), None),
        ("pis", "Program increments", pis.collect(), None),
        ("roles", "Roles", roles.collect(), matrix),
    ]
    .into_iter()
    .map(|(list, title, items, matrix)| {
        let page = ListPage {
            title,
            list,
            items,
            matrix,
        };
        Job::page(format!("{list}/index.html"), "list.html", 1, &page)
    })
    .collect()
}

/// What `status.html` receives as `page`.
#[derive(Serialize)]
struct StatusPage<'a> {
    /// The status listed (`in-progress`...).
    status: &'static str,
    /// Every story with that status, by team title, then rank.
    stories: Vec<StatusRow<'a>>,
}

/// One line of a list of stories by status: less than a
/// [`super::StoryRow`], as these lists hold every story of the backlog
/// between them.
#[derive(Serialize)]
struct StatusRow<'a> {
    /// The team's title.
    team: &'a str,
    team_url: String,
    rank: Option<usize>,
    id: &'a str,
    url: String,
    title: &'a str,
    points: Option<u32>,
    iteration: Option<&'a str>,
}

/// A page per story status listing every story that has it, by team.
pub(in crate::render) fn status_lists(input: &Inputs) -> Vec<Job> {
    let links = Links::at_depth(2);
    let b = input.backlog;
    (crate::model::StoryStatus::ALL.iter())
        .map(|status| {
            let mut stories: Vec<StatusRow> = (b.stories.values())
                .filter(|s| s.status == *status)
                .map(|s| StatusRow {
                    team: b.title_of(&s.team).unwrap_or(&s.team),
                    team_url: links.item(Kind::Team, &s.team),
                    rank: input.ranks().get(s.id.as_str()).copied(),
                    id: s.id.as_str(),
                    url: links.item(Kind::Story, s.id.as_str()),
                    title: &s.title,
                    points: s.points,
                    iteration: s.iteration.as_deref(),
                })
                .collect();
            stories.sort_by(|a, b| {
                (a.team, a.rank.is_none(), a.rank, a.id).cmp(&(
                    b.team,
                    b.rank.is_none(),
                    b.rank,
                    b.id,
                ))
            });
            let page = StatusPage {
                status: status.as_str(),
                stories,
            };
            let path = format!("status/{}/index.html", status.as_str());
            Job::page(path, "status.html", 2, &page)
        })
        .collect()
}

/// What `search.html` and `404.html` receive as `page`: nothing.
#[derive(Serialize)]
struct Empty {}

/// Where the search box leads when script is off (or Enter finds nothing).
pub(in crate::render) fn search_page() -> Job {
    Job::page("search/index.html", "search.html", 1, &Empty {})
}

/// The page a server shows for any path the site does not have.
pub(in crate::render) fn not_found() -> Job {
    Job::page("404.html", "404.html", 0, &Empty {})
}
