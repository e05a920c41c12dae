//! Cumulative flow: how many of a team's stories were in each status, day
//! by day.

use super::{Timeline, days};
use crate::model::StoryStatus;
use jiff::ToSpan;
use jiff::civil::Date;

/// One day of a team's cumulative flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowDay {
    /// The day.
    pub date: Date,
    /// How many of the team's stories had each of [`StoryStatus::ALL`] at
    /// its end.
    pub counts: [u32; 5],
}

/// The cumulative flow of `team` for each day from `from` to `to`.
pub fn cumulative_flow(timeline: &Timeline, team: &str, from: Date, to: Date) -> Vec<FlowDay> {
    let Ok(length) = usize::try_from(days(from, to) + 1) else {
        return Vec::new();
    };
    let mut changes = vec![[0i64; 5]; length + 1];
    let index = |day: Date| days(from, day).clamp(0, length as i64) as usize;
    for story in timeline.stories_of(team) {
        for span in story.spans() {
            let (start, until) = (index(span.from), span.until.map_or(length, index));
            if span.plan.team.as_deref() != Some(team) || start >= until {
                continue;
            }
            let column = StoryStatus::ALL
                .iter()
                .position(|s| *s == span.plan.status)
                .unwrap_or(0);
            changes[start][column] += 1;
            changes[until][column] -= 1;
        }
    }
    let mut counts = [0i64; 5];
    (0..length)
        .map(|i| {
            for (count, change) in counts.iter_mut().zip(changes[i]) {
                *count += change;
            }
            FlowDay {
                date: from.saturating_add((i as i64).days()),
                counts: counts.map(|c| u32::try_from(c).unwrap_or(0)),
            }
        })
        .collect()
}
