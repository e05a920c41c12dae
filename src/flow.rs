//! Flow over time from git history: when a story started and finished,
//! and how long it took. The definitions are those of docs/metrics.md.

use crate::git::{Change, History, StatusChange};
use crate::model::StoryStatus;
use jiff::civil::Date;

/// A story's way through its statuses, as its commits record it.
pub struct StoryFlow<'a> {
    /// Every commit that set its status, oldest first.
    pub steps: &'a [StatusChange],
    /// The commit that created its file.
    pub created: &'a Change,
    /// The first commit that set it to `in-progress` or later.
    pub started: Option<&'a Change>,
    /// The first commit that set it to `done` or `accepted`.
    pub finished: Option<&'a Change>,
    /// Whether its file was done when first committed (imported, say):
    /// its work happened before the history, which then gives no times.
    pub finished_before_history: bool,
}

impl<'a> StoryFlow<'a> {
    /// The flow of the story file at `path`; none without history.
    pub fn of(history: &'a History, path: &str) -> Option<StoryFlow<'a>> {
        let steps = history.statuses(path);
        let first_at = |least: StoryStatus| {
            let step = steps.iter().find(|s| s.status >= least);
            step.map(|s| &s.change)
        };
        let finished_before_history = steps.first().is_some_and(|s| !s.status.is_open());
        let recorded = |change: Option<&'a Change>| change.filter(|_| !finished_before_history);
        Some(StoryFlow {
            steps,
            created: history.of(path).last()?,
            started: recorded(first_at(StoryStatus::InProgress)),
            finished: recorded(first_at(StoryStatus::Done)),
            finished_before_history,
        })
    }

    /// Calendar days from start to finish, by the commits' author dates.
    pub fn cycle_days(&self) -> Option<i64> {
        days_between(self.started?, self.finished?)
    }

    /// Calendar days from the file's creation to finish.
    pub fn lead_days(&self) -> Option<i64> {
        days_between(self.created, self.finished?)
    }
}

/// Whole days from `from`'s author date to `to`'s.
fn days_between(from: &Change, to: &Change) -> Option<i64> {
    let day = |c: &Change| c.date().parse::<Date>().ok();
    Some(days(day(from)?, day(to)?))
}

/// Calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}
