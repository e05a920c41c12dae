//! Flow over time on the team and PI pages: velocity and cumulative flow
//! of a team, burn-up of a PI, each as a chart and a table of its numbers.

use crate::flow::{burn_up, cumulative_flow, velocity};
use crate::model::{Pi, Team};
use crate::render::Inputs;
use crate::render::charts::{Bars, burn_up_chart, flow_chart, velocity_chart};
use crate::render::links::Links;
use serde::Serialize;

/// A team's velocity and cumulative flow over the current and previous PI.
#[derive(Serialize)]
pub(super) struct TeamFlow<'a> {
    /// Every iteration of those PIs that has started, in date order.
    velocity: Vec<VelocityRow<'a>>,
    /// Mean finished points of the last three iterations that are over,
    /// one decimal; none before three are.
    velocity_average: Option<String>,
    /// `velocity` as an SVG chart (its text escaped).
    velocity_chart: String,
    /// The statuses `cumulative_flow` counts, bottom band last.
    statuses: Vec<&'static str>,
    /// Stories per status on each day from the previous PI's start to
    /// today or the current PI's end.
    cumulative_flow: Vec<FlowRow>,
    /// `cumulative_flow` as an SVG chart (its text escaped).
    flow_chart: String,
}

/// A team's points in one iteration.
#[derive(Serialize)]
struct VelocityRow<'a> {
    iteration: &'a str,
    /// The iterations table of its PI's page.
    url: String,
    planned: u32,
    finished: u32,
    /// Whether the iteration is over (else its numbers may still grow).
    over: bool,
}

/// One day of a cumulative flow.
#[derive(Serialize)]
struct FlowRow {
    /// `YYYY-MM-DD`.
    date: String,
    /// How many stories had each of `statuses` at the day's end.
    counts: [u32; 5],
}

/// The PIs a team's flow covers: the current one and the one before it.
fn recent_pis<'a>(input: &Inputs<'a>) -> Vec<&'a Pi> {
    let b = input.backlog;
    let Some(current) = b.current_pi(input.today) else {
        return Vec::new();
    };
    let previous = (b.pis.values())
        .filter(|pi| pi.start.is_some() && pi.start < current.start)
        .max_by_key(|pi| pi.start);
    previous.into_iter().chain([current]).collect()
}

/// The flow of `team`; none without git history or a PI that has started.
pub(super) fn team_flow<'a>(
    input: &Inputs<'a>,
    team: &'a Team,
    links: &Links,
) -> Option<TeamFlow<'a>> {
    let pis = recent_pis(input);
    let (first, current) = (pis.first()?, pis.last()?);
    if input.history.is_empty() {
        return None;
    }
    let mut iterations: Vec<_> = (pis.iter())
        .flat_map(|pi| pi.iterations.iter().map(move |it| (*pi, it)))
        .filter(|(_, it)| it.start <= input.today)
        .collect();
    iterations.sort_by_key(|(_, it)| (it.start, it.end));
    let only: Vec<_> = iterations.iter().map(|(_, it)| *it).collect();
    let numbers = velocity(input.timeline(), team.id.as_str(), &only);
    let velocity: Vec<VelocityRow> = (iterations.iter().zip(numbers))
        .map(|((pi, it), v)| VelocityRow {
            iteration: &it.id,
            url: format!(
                "{}#iterations",
                links.item(crate::model::Kind::Pi, pi.id.as_str())
            ),
            planned: v.planned,
            finished: v.finished,
            over: it.end < input.today,
        })
        .collect();
    let over: Vec<u32> = velocity
        .iter()
        .filter(|v| v.over)
        .map(|v| v.finished)
        .collect();
    let average =
        (over.len() >= 3).then(|| f64::from(over[over.len() - 3..].iter().sum::<u32>()) / 3.0);
    let bars: Vec<Bars> = (velocity.iter())
        .map(|v| Bars {
            iteration: v.iteration,
            planned: v.planned,
            finished: v.finished,
        })
        .collect();
    let from = first.start?;
    let to = current.end.map_or(input.today, |end| end.min(input.today));
    let names = (team.id.as_str(), team.title.as_str());
    let days = cumulative_flow(input.timeline(), team.id.as_str(), from, to);
    Some(TeamFlow {
        velocity_chart: velocity_chart(names, &bars, average),
        velocity_average: average.map(|a| format!("{a:.1}")),
        velocity,
        statuses: crate::model::StoryStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect(),
        flow_chart: flow_chart(names, &days),
        cumulative_flow: (days.into_iter())
            .map(|d| FlowRow {
                date: d.date.to_string(),
                counts: d.counts,
            })
            .collect(),
    })
}

/// A PI's burn-up so far.
#[derive(Serialize)]
pub(super) struct BurnUp {
    /// Each day from the PI's start to today or its end.
    days: Vec<BurnRow>,
    /// How many days after the first the scope changed.
    scope_changes: usize,
    /// The chart (its text escaped).
    chart: String,
}

/// One day of a burn-up.
#[derive(Serialize)]
struct BurnRow {
    /// `YYYY-MM-DD`.
    date: String,
    scope: i64,
    done: i64,
    /// How the scope changed since the day before, signed (`+5`, `-3`);
    /// none when it did not.
    scope_change: Option<String>,
}

/// The burn-up of `pi`; none without git history or before it starts.
pub(super) fn pi_burn_up(input: &Inputs, pi: &Pi) -> Option<BurnUp> {
    if input.history.is_empty() {
        return None;
    }
    let days = burn_up(input.timeline(), pi, input.today);
    if days.is_empty() {
        return None;
    }
    Some(BurnUp {
        chart: burn_up_chart(pi, &days),
        scope_changes: days.iter().filter(|d| d.scope_change != 0).count(),
        days: (days.into_iter())
            .map(|d| BurnRow {
                date: d.date.to_string(),
                scope: d.scope,
                done: d.done,
                scope_change: (d.scope_change != 0).then(|| format!("{:+}", d.scope_change)),
            })
            .collect(),
    })
}
