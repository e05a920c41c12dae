//! The metrics page: how long stories take from start to finish, per team
//! (from git history), and the predictability of every PI.

use super::charts::{CycleRow, cycle_chart};
use super::links::Links;
use super::pages::{Link, link};
use super::{Inputs, Job};
use crate::flow::StoryFlow;
use crate::model::predictability;
use serde::Serialize;
use std::collections::BTreeMap;

/// What `metrics.html` receives as `page`.
#[derive(Serialize)]
struct MetricsPage<'a> {
    /// Whether the backlog's history was read (else cycle times are unknown).
    in_git: bool,
    /// Cycle time per team that has finished stories in the history.
    teams: Vec<TeamCycle<'a>>,
    /// Every finished story's cycle time per team, as an SVG chart (its
    /// text escaped); empty when no team has one.
    cycle_chart: String,
    /// Every PI with rated objectives, by id.
    pis: Vec<PiPredictability<'a>>,
}

/// A team's cycle times, in calendar days.
#[derive(Serialize)]
struct TeamCycle<'a> {
    team: Link<'a>,
    /// How many of its stories started and finished in the history.
    finished: usize,
    p50: i64,
    p85: i64,
    p95: i64,
}

/// A PI's predictability, in percent, rounded.
#[derive(Serialize)]
struct PiPredictability<'a> {
    pi: Link<'a>,
    /// The whole train's.
    train: i64,
    /// Whether `train` is within 80–100 %.
    healthy: bool,
}

/// The metrics page.
pub(super) fn metrics(input: &Inputs) -> Job {
    let links = Links::at_depth(1);
    let b = input.backlog;
    let mut cycles: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for story in b.stories.values() {
        let path = &b.file(story.file).path;
        let days = StoryFlow::of(input.history, path).and_then(|f| f.cycle_days());
        if let Some(days) = days {
            cycles.entry(story.team.as_str()).or_default().push(days);
        }
    }
    for days in cycles.values_mut() {
        days.sort_unstable();
    }
    let rows: Vec<CycleRow> = (cycles.iter())
        .map(|(team, days)| CycleRow {
            team: b.teams.get(*team).map_or(team, |t| &t.title),
            days,
            percentiles: [50, 85, 95].map(|p| percentile(days, p)),
        })
        .collect();
    let cycle_chart = cycle_chart(&rows);
    let teams = (cycles.iter())
        .map(|(team, days)| TeamCycle {
            team: link(&links, b, team),
            finished: days.len(),
            p50: percentile(days, 50),
            p85: percentile(days, 85),
            p95: percentile(days, 95),
        })
        .collect();
    let pis = (b.pis.values())
        .filter_map(|pi| {
            let train = predictability(pi, None)?.round() as i64;
            Some(PiPredictability {
                pi: link(&links, b, pi.id.as_str()),
                train,
                healthy: (80..=100).contains(&train),
            })
        })
        .collect();
    let page = MetricsPage {
        in_git: !input.history.is_empty(),
        teams,
        cycle_chart,
        pis,
    };
    Job::page("metrics/index.html", "metrics.html", 1, &page)
}

/// The `p`th percentile of the sorted, non-empty `days` by the nearest-rank
/// method: the smallest value with at least `p` % of the values at or
/// below it.
fn percentile(days: &[i64], p: usize) -> i64 {
    let rank = (p * days.len()).div_ceil(100).max(1);
    days[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::percentile;

    #[test]
    fn percentiles_are_nearest_rank() {
        let days: Vec<i64> = (1..=20).collect();
        assert_eq!([50, 85, 95].map(|p| percentile(&days, p)), [10, 17, 19]);
        assert_eq!([50, 85, 95].map(|p| percentile(&[4], p)), [4, 4, 4]);
        assert_eq!([50, 85, 95].map(|p| percentile(&[1, 9], p)), [1, 9, 9]);
    }
}
