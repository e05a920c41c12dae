//! A PI's burn-up: the points planned into its iterations and the points
//! of those finished, day by day.

use super::{Timeline, days};
use crate::model::Pi;
use jiff::ToSpan;
use jiff::civil::Date;
use rustc_hash::FxHashSet as HashSet;

/// One day of a PI's burn-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BurnDay {
    /// The day.
    pub date: Date,
    /// Points of the stories planned into the PI's iterations at its end.
    pub scope: i64,
    /// Points of those stories that were `done` or `accepted` at its end.
    pub done: i64,
    /// How much the scope grew (or shrank) since the day before; zero on
    /// the PI's first day.
    pub scope_change: i64,
}

/// The burn-up of `pi` from its first day up to `today` or its last day,
/// whichever comes first; empty before it starts or without dates.
pub fn burn_up(timeline: &Timeline, pi: &Pi, today: Date) -> Vec<BurnDay> {
    let (Some(start), Some(end)) = (pi.start, pi.end) else {
        return Vec::new();
    };
    let last = end.min(today);
    let Ok(length) = usize::try_from(days(start, last) + 1) else {
        return Vec::new();
    };
    let iterations: HashSet<&str> = pi.iterations.iter().map(|it| it.id.as_str()).collect();
    // Per day, how scope and done change from the day before.
    let mut scope = vec![0i64; length + 1];
    let mut done = vec![0i64; length + 1];
    let index = |day: Date| days(start, day).clamp(0, length as i64) as usize;
    for story in timeline.stories() {
        for span in story.spans() {
            let planned = span
                .plan
                .iteration
                .as_deref()
                .is_some_and(|it| iterations.contains(it));
            let (from, until) = (index(span.from), span.until.map_or(length, index));
            if !planned || from >= until {
                continue;
            }
            let points = i64::from(span.plan.points.unwrap_or(0));
            scope[from] += points;
            scope[until] -= points;
            if !span.plan.status.is_open() {
                done[from] += points;
                done[until] -= points;
            }
        }
    }
    let (mut total_scope, mut total_done) = (0, 0);
    (0..length)
        .map(|i| {
            total_scope += scope[i];
            total_done += done[i];
            BurnDay {
                date: start.saturating_add((i as i64).days()),
                scope: total_scope,
                done: total_done,
                scope_change: if i == 0 { 0 } else { scope[i] },
            }
        })
        .collect()
}
