//! Velocity: the points a team finished in each iteration, against the
//! points planned for it when it started.

use super::Timeline;
use crate::model::Iteration;

/// A team's points in one iteration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Velocity {
    /// Points of its stories planned into the iteration at the end of its
    /// first day.
    pub planned: u32,
    /// Points of its stories that first became `done` or `accepted`
    /// within the iteration's dates (the points and team they had then).
    pub finished: u32,
}

/// The velocity of `team` in each of `iterations`, in the same order.
pub fn velocity(timeline: &Timeline, team: &str, iterations: &[&Iteration]) -> Vec<Velocity> {
    let mut result = vec![Velocity::default(); iterations.len()];
    for story in timeline.stories_of(team) {
        for (it, velocity) in iterations.iter().zip(result.iter_mut()) {
            let planned = story.on(it.start).filter(|plan| {
                plan.team.as_deref() == Some(team) && plan.iteration.as_deref() == Some(&it.id)
            });
            if let Some(plan) = planned {
                velocity.planned = velocity.planned.saturating_add(plan.points.unwrap_or(0));
            }
            if let Some((day, plan)) = story.finished
                && plan.team.as_deref() == Some(team)
                && (it.start..=it.end).contains(&day)
            {
                velocity.finished = velocity.finished.saturating_add(plan.points.unwrap_or(0));
            }
        }
    }
    result
}
