//! The PI page: dates, iterations, objectives by team with predictability,
//! the load chart and the program board.

use super::{Link, item_path, link};
use crate::model::authority::BUSINESS_OWNER;
use crate::model::{Backlog, Kind, Objective, Pi, predictability};
use crate::render::board::{Board, program_board};
use crate::render::links::Links;
use crate::render::{Inputs, Job};
use serde::Serialize;
use std::collections::BTreeSet;

/// What `pi.html` receives as `page`.
#[derive(Serialize)]
struct PiPage<'a> {
    pi: PiFacts<'a>,
    /// The PI file's body as safe HTML.
    body: String,
    iterations: Vec<IterationRow<'a>>,
    /// The objectives of each team, by team id.
    teams: Vec<TeamObjectives<'a>>,
    /// The train's predictability in percent, rounded; none until rated.
    train_predictability: Option<String>,
    /// Whether `train_predictability` is within 80–100 %.
    train_healthy: bool,
    /// Each team's planned points per iteration against its capacity, as
    /// an SVG chart (its text escaped).
    load_chart: String,
    board: Board,
    /// Scope and done points day by day, from git history; none without
    /// history or before the PI starts.
    burn_up: Option<super::flow::BurnUp>,
    /// The train's Business Owners, who rate the objectives' value.
    business_owners: &'a [String],
    /// The Business Owner role's page, when the backlog has the role.
    business_owner_role: Option<String>,
}

/// The PI's own fields.
#[derive(Serialize)]
struct PiFacts<'a> {
    id: &'a str,
    title: &'a str,
    /// `YYYY-MM-DD`.
    start: Option<String>,
    end: Option<String>,
}

/// An iteration of the PI.
#[derive(Serialize)]
struct IterationRow<'a> {
    id: &'a str,
    start: String,
    end: String,
    /// Whether today falls in it.
    current: bool,
    /// Whether it is the Innovation and Planning iteration.
    ip: bool,
}

/// One team's PI objectives.
#[derive(Serialize)]
struct TeamObjectives<'a> {
    team: Link<'a>,
    objectives: Vec<ObjectiveRow<'a>>,
    /// In percent, rounded; none until rated.
    predictability: Option<String>,
    /// Whether `predictability` is within 80–100 %.
    healthy: bool,
}

/// A PI objective.
#[derive(Serialize)]
struct ObjectiveRow<'a> {
    text: &'a str,
    /// Planned business value, 1 to 10.
    business_value: Option<i64>,
    /// Business value achieved, rated at the end of the PI.
    actual_value: Option<i64>,
    /// False for a stretch objective.
    committed: bool,
    /// The features it delivers.
    features: Vec<Link<'a>>,
}

impl<'a> ObjectiveRow<'a> {
    fn of(o: &'a Objective, links: &Links, b: &'a Backlog) -> ObjectiveRow<'a> {
        ObjectiveRow {
            text: &o.text,
            business_value: o.business_value,
            actual_value: o.actual_value,
            committed: o.committed,
            features: o.features.iter().map(|r| link(links, b, &r.id)).collect(),
        }
    }
}

/// The page of `pi`.
pub(in crate::render) fn pi(input: &Inputs, pi: &Pi) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let teams: BTreeSet<&str> = pi.objectives.iter().map(|o| o.team.as_str()).collect();
    let per_team = teams.iter().map(|team| {
        let score = predictability(pi, Some(team)).map(f64::round);
        TeamObjectives {
            team: link(&links, b, team),
            objectives: (pi.objectives.iter())
                .filter(|o| o.team == *team)
                .map(|o| ObjectiveRow::of(o, &links, b))
                .collect(),
            predictability: score.map(|p| format!("{p:.0}")),
            healthy: score.is_some_and(|p| (80.0..=100.0).contains(&p)),
        }
    });
    let train = predictability(pi, None).map(f64::round);
    let page = PiPage {
        business_owners: match pi.business_owners.is_empty() {
            true => b.config.as_ref().map_or(&[], |c| &c.business_owners),
            false => &pi.business_owners,
        },
        business_owner_role: super::team::role_url(&links, b, BUSINESS_OWNER),
        pi: PiFacts {
            id: pi.id.as_str(),
            title: &pi.title,
            start: pi.start.map(|d| d.to_string()),
            end: pi.end.map(|d| d.to_string()),
        },
        body: input.markdown.html(b.file(pi.file).body()),
        iterations: (pi.iterations.iter())
            .map(|it| IterationRow {
                id: &it.id,
                start: it.start.to_string(),
                end: it.end.to_string(),
                current: it.start <= input.today && input.today <= it.end,
                ip: it.ip,
            })
            .collect(),
        teams: per_team.collect(),
        train_predictability: train.map(|p| format!("{p:.0}")),
        train_healthy: train.is_some_and(|p| (80.0..=100.0).contains(&p)),
        load_chart: crate::render::svg::load_chart(input, pi),
        board: program_board(input, pi, &links),
        burn_up: super::flow::pi_burn_up(input, pi),
    };
    Job::page(item_path(Kind::Pi, pi.id.as_str()), "pi.html", 2, &page)
}
