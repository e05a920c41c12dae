//! One story's way through its statuses: when it started and finished, and
//! how long it took.

use super::days;
use crate::git::{Change, History, Version};
use crate::model::StoryStatus;
use jiff::civil::Date;

/// A story's way through its statuses, as its commits record it.
pub struct StoryFlow<'a> {
    /// Every commit that set its status, oldest first.
    pub steps: Vec<&'a Version>,
    /// The commit that created its file.
    pub created: &'a Change,
    /// The version whose commit first set it to `in-progress` or later.
    pub started: Option<&'a Version>,
    /// The version whose commit first set it to `done` or `accepted`.
    pub finished: Option<&'a Version>,
    /// Whether its file was done when first committed (imported, say):
    /// its work happened before the history, which then gives no times.
    pub finished_before_history: bool,
}

impl<'a> StoryFlow<'a> {
    /// The flow of the story file at `path`; none without history.
    pub fn of(history: &'a History, path: &str) -> Option<StoryFlow<'a>> {
        StoryFlow::from_versions(history.versions(path), history.of(path).last()?)
    }

    /// The flow of a story file with `versions` (oldest first) created by
    /// `created`; none when no version has a status.
    pub(super) fn from_versions(
        versions: &'a [Version],
        created: &'a Change,
    ) -> Option<StoryFlow<'a>> {
        let mut steps: Vec<&Version> = Vec::new();
        for version in versions {
            let status = version.status();
            if status.is_some() && steps.last().is_none_or(|last| last.status() != status) {
                steps.push(version);
            }
        }
        let first_at =
            |least: StoryStatus| steps.iter().copied().find(|s| s.status() >= Some(least));
        let finished_before_history = steps.first()?.status().is_some_and(|s| !s.is_open());
        let recorded = |step: Option<&'a Version>| step.filter(|_| !finished_before_history);
        Some(StoryFlow {
            started: recorded(first_at(StoryStatus::InProgress)),
            finished: recorded(first_at(StoryStatus::Done)),
            steps,
            created,
            finished_before_history,
        })
    }

    /// Calendar days from start to finish, by the commits' author dates.
    pub fn cycle_days(&self) -> Option<i64> {
        days_between(&self.started?.change, &self.finished?.change)
    }

    /// Calendar days from the file's creation to finish.
    pub fn lead_days(&self) -> Option<i64> {
        days_between(self.created, &self.finished?.change)
    }
}

/// Whole days from `from`'s author date to `to`'s.
fn days_between(from: &Change, to: &Change) -> Option<i64> {
    Some(days(day_of(from)?, day_of(to)?))
}

/// The day `change` was authored, in its author's time zone.
pub(super) fn day_of(change: &Change) -> Option<Date> {
    change.date().parse().ok()
}
