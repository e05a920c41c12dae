//! The team page: its backlog, a board by status, its load per iteration
//! and its finished stories.

use super::{StoryRow, item_path, named, story_row};
use crate::model::{Backlog, Kind, Team};
use crate::render::links::Links;
use crate::render::{Inputs, Job};
use serde::Serialize;

/// What `team.html` receives as `page`.
#[derive(Serialize)]
struct TeamPage<'a> {
    team: TeamFacts<'a>,
    /// The team file's body as safe HTML.
    body: String,
    /// The team backlog: open stories in rank order.
    open: Vec<StoryRow<'a>>,
    /// A column per story status, `backlog` to `accepted`.
    board: Vec<Column<'a>>,
    /// Stories no longer in the backlog (done, accepted, or never ranked).
    closed: Vec<StoryRow<'a>>,
    /// Planned points in every iteration not over yet, in date order.
    load: Vec<Load<'a>>,
    /// The Product Owner role's page, when the backlog has that role.
    product_owner_role: Option<String>,
    /// The Scrum Master role's page, as `product_owner_role`.
    scrum_master_role: Option<String>,
    /// Velocity and cumulative flow from git history; none without
    /// history or before the first PI starts.
    flow: Option<super::flow::TeamFlow<'a>>,
}

/// The team's own fields.
#[derive(Serialize)]
struct TeamFacts<'a> {
    id: &'a str,
    title: &'a str,
    /// None while the backlog names nobody.
    product_owner: Option<&'a str>,
    scrum_master: Option<&'a str>,
    members: &'a [String],
    /// Points per iteration.
    capacity: Option<u32>,
}

/// A column of the team's board.
#[derive(Serialize)]
struct Column<'a> {
    status: &'static str,
    /// The stories with that status, in backlog order (unranked by id).
    cards: Vec<Card<'a>>,
}

/// A story on the board.
#[derive(Serialize)]
struct Card<'a> {
    id: &'a str,
    url: String,
    title: &'a str,
    rank: Option<usize>,
    points: Option<u32>,
    iteration: Option<&'a str>,
}

/// The team's planned points in one iteration.
#[derive(Serialize)]
struct Load<'a> {
    iteration: &'a str,
    /// The iterations table of its PI's page.
    url: String,
    points: u32,
    /// The team's capacity in this iteration.
    capacity: Option<u32>,
    /// Whether it is the Innovation and Planning iteration.
    ip: bool,
    over: bool,
    /// Points of capacity in percent, up to 200; none without a capacity.
    percent: Option<u64>,
    /// `percent` up to 100, the width of the bar.
    bar: Option<u64>,
}

/// The page of `team`.
pub(in crate::render) fn team<'a>(input: &Inputs<'a>, team: &'a Team) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let mut rows: Vec<StoryRow> = (input.by_team().get(team.id.as_str()).into_iter())
        .flatten()
        .map(|s| story_row(&links, input, s))
        .collect();
    rows.sort_by_key(|r| (r.rank.is_none(), r.rank, r.id));
    let (open, closed): (Vec<StoryRow>, Vec<StoryRow>) =
        rows.into_iter().partition(|r| r.rank.is_some());
    let page = TeamPage {
        team: TeamFacts {
            id: team.id.as_str(),
            title: &team.title,
            product_owner: named(&team.product_owner),
            scrum_master: team.scrum_master.as_deref(),
            members: &team.members,
            capacity: team.capacity,
        },
        body: input.markdown.html(b.file(team.file).body()),
        board: board(&open, &closed),
        load: team_load(input, team, &links),
        open,
        closed,
        product_owner_role: role_url(&links, b, "product-owner"),
        scrum_master_role: role_url(&links, b, "scrum-master"),
        flow: super::flow::team_flow(input, team, &links),
    };
    Job::page(
        item_path(Kind::Team, team.id.as_str()),
        "team.html",
        2,
        &page,
    )
}

/// A team's board: a column per story status, cards in backlog order
/// (unranked ones by id).
fn board<'a>(open: &[StoryRow<'a>], closed: &[StoryRow<'a>]) -> Vec<Column<'a>> {
    let card = |r: &StoryRow<'a>| Card {
        id: r.id,
        url: r.url.clone(),
        title: r.title,
        rank: r.rank,
        points: r.points,
        iteration: r.iteration,
    };
    (crate::model::StoryStatus::ALL.iter())
        .map(|status| Column {
            status: status.as_str(),
            cards: (open.iter().chain(closed))
                .filter(|r| r.status == status.as_str())
                .map(card)
                .collect(),
        })
        .collect()
}

/// The team's planned points against its capacity in every iteration that
/// is not over yet, in date order, those with nothing planned too.
fn team_load<'a>(input: &Inputs<'a>, team: &Team, links: &Links) -> Vec<Load<'a>> {
    let mut iterations: Vec<_> = (input.iterations().iter())
        .filter(|(_, (_, it))| it.end >= input.today)
        .collect();
    // In date order (ids may not sort: `PI-1.10` < `PI-1.9`).
    iterations.sort_by_key(|(id, (_, it))| (it.start, it.end, **id));
    iterations
        .into_iter()
        .map(|(id, (pi, it))| {
            let load = input.load().get(&(team.id.as_str(), *id));
            let points = load.copied().unwrap_or(0);
            let capacity = team.capacity_in(it);
            let percent = (capacity.filter(|c| *c > 0))
                .map(|c| (100 * u64::from(points) / u64::from(c)).min(200));
            Load {
                iteration: id,
                url: format!("{}#iterations", links.item(Kind::Pi, pi.as_str())),
                points,
                capacity,
                ip: it.ip,
                over: capacity.is_some_and(|c| points > c),
                percent,
                bar: percent.map(|p| p.min(100)),
            }
        })
        .collect()
}

/// The page of the role `id`, when the backlog has it.
pub(super) fn role_url(links: &Links, b: &Backlog, id: &str) -> Option<String> {
    b.roles.contains_key(id).then(|| links.item(Kind::Role, id))
}
