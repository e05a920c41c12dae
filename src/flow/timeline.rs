//! Every story file's planning by day, made once from git history for the
//! charts that count stories and points over time.

use super::story::{StoryFlow, day_of};
use crate::git::History;
use crate::load::Planning;
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;

/// Where every story file stood on each day of its history.
#[derive(Debug, Default)]
pub struct Timeline<'a> {
    /// One entry per story file, in path order.
    stories: Vec<StoryDays<'a>>,
    /// For each team, the stories that were ever its own, by index.
    by_team: HashMap<&'a str, Vec<usize>>,
}

/// One story file's planning by day.
#[derive(Debug)]
pub(super) struct StoryDays<'a> {
    /// From which day each planning held (none: the file was deleted);
    /// days never go back, even where a later commit's author date does.
    pub(super) steps: Vec<(Date, Option<&'a Planning>)>,
    /// The day it first became `done` or `accepted`, with the planning of
    /// that version; none when unfinished or finished before the history.
    pub(super) finished: Option<(Date, &'a Planning)>,
}

/// A span of days in which a story's planning held: `from` up to but not
/// including `until` (none: still holds).
pub(super) struct Span<'a> {
    pub(super) from: Date,
    pub(super) until: Option<Date>,
    pub(super) plan: &'a Planning,
}

impl<'a> Timeline<'a> {
    /// The timeline of every story file `history` knows, deleted ones too.
    pub fn of(history: &'a History) -> Timeline<'a> {
        let mut files: Vec<_> = history.stories().collect();
        files.sort_unstable_by_key(|(path, _)| *path);
        let stories: Vec<StoryDays> = (files.into_iter())
            .filter_map(|(path, versions)| {
                let mut steps: Vec<(Date, Option<&Planning>)> = Vec::new();
                for version in versions {
                    let Some(day) = day_of(&version.change) else {
                        continue;
                    };
                    let day = steps.last().map_or(day, |&(last, _)| day.max(last));
                    steps.push((day, version.plan.as_ref()));
                }
                let flow = StoryFlow::from_versions(versions, history.of(path).last()?);
                let finished = flow.and_then(|flow| {
                    let version = flow.finished?;
                    Some((day_of(&version.change)?, version.plan.as_ref()?))
                });
                Some(StoryDays { steps, finished })
            })
            .collect();
        let mut by_team: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, story) in stories.iter().enumerate() {
            let mut teams: Vec<&str> = (story.steps.iter())
                .filter_map(|&(_, plan)| plan?.team.as_deref())
                .collect();
            teams.sort_unstable();
            teams.dedup();
            for team in teams {
                by_team.entry(team).or_default().push(i);
            }
        }
        Timeline { stories, by_team }
    }

    /// Every story file's days.
    pub(super) fn stories(&self) -> &[StoryDays<'a>] {
        &self.stories
    }

    /// The days of every story file that was ever `team`'s.
    pub(super) fn stories_of(&self, team: &str) -> impl Iterator<Item = &StoryDays<'a>> {
        let indices = self.by_team.get(team).map_or(&[][..], Vec::as_slice);
        indices.iter().map(|&i| &self.stories[i])
    }
}

impl<'a> StoryDays<'a> {
    /// Its planning at the end of `day`: as the last commit on or before
    /// that day left it.
    pub(super) fn on(&self, day: Date) -> Option<&'a Planning> {
        let after = self.steps.partition_point(|&(from, _)| from <= day);
        after.checked_sub(1).and_then(|i| self.steps[i].1)
    }

    /// The spans of days over which each planning held, oldest first.
    pub(super) fn spans(&self) -> impl Iterator<Item = Span<'a>> + '_ {
        (self.steps.iter().enumerate()).filter_map(|(i, &(from, plan))| {
            Some(Span {
                from,
                until: self.steps.get(i + 1).map(|&(until, _)| until),
                plan: plan?,
            })
        })
    }
}
