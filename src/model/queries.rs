//! Numbers and relations derived from the backlog, shared by pages and checks.

use super::{Backlog, Feature, Id, Iteration, Pi, Story, StoryStatus};
use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;

/// Points of a set of stories: accepted ones and all of them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Points of accepted stories.
    pub accepted: u32,
    /// Points of all stories.
    pub total: u32,
}

impl Backlog {
    /// Open stories by id with their 1-based rank in their own team's backlog.
    pub fn ranks(&self) -> HashMap<&str, usize> {
        let mut ranks = HashMap::default();
        for team in self.teams.values() {
            let mut rank = 0;
            for r in &team.backlog {
                let Some(story) = self.stories.get(r.id.as_str()) else {
                    continue;
                };
                let counts = story.team == team.id.as_str() && story.status.is_open();
                if counts && !ranks.contains_key(r.id.as_str()) {
                    rank += 1;
                    ranks.insert(r.id.as_str(), rank);
                }
            }
        }
        ranks
    }

    /// The features of the program backlog that exist, in its order (a
    /// feature listed twice is there twice); position `i` has rank `i + 1`.
    pub fn program_backlog(&self) -> Vec<&Feature> {
        (self.config.iter())
            .flat_map(|c| &c.program_backlog)
            .filter_map(|r| self.features.get(r.id.as_str()))
            .collect()
    }

    /// Each iteration by id, with the id of its PI.
    pub fn iterations(&self) -> HashMap<&str, (&Id, &Iteration)> {
        let pis = self.pis.values();
        pis.flat_map(|pi| {
            pi.iterations
                .iter()
                .map(move |it| (it.id.as_str(), (&pi.id, it)))
        })
        .collect()
    }

    /// For each story or feature id, the stories that depend on it, by id.
    pub fn dependents(&self) -> HashMap<&str, Vec<&str>> {
        let mut dependents: HashMap<&str, Vec<&str>> = HashMap::default();
        for story in self.stories.values() {
            for r in &story.depends_on {
                dependents
                    .entry(r.id.as_str())
                    .or_default()
                    .push(story.id.as_str());
            }
        }
        dependents
    }

    /// The stories of each feature, by feature id, in id order.
    pub fn stories_by_feature(&self) -> HashMap<&str, Vec<&Story>> {
        let mut by_feature: HashMap<&str, Vec<&Story>> = HashMap::default();
        for story in self.stories.values() {
            if let Some(feature) = &story.feature {
                by_feature.entry(feature.as_str()).or_default().push(story);
            }
        }
        by_feature
    }

    /// The stories of each team, by team id, in id order.
    pub fn stories_by_team(&self) -> HashMap<&str, Vec<&Story>> {
        let mut by_team: HashMap<&str, Vec<&Story>> = HashMap::default();
        for story in self.stories.values() {
            by_team.entry(story.team.as_str()).or_default().push(story);
        }
        by_team
    }

    /// Points planned per team and iteration.
    pub fn iteration_load(&self) -> HashMap<(&str, &str), u32> {
        let mut load = HashMap::default();
        for story in self.stories.values() {
            if let (Some(iteration), Some(points)) = (&story.iteration, story.points) {
                let entry = load
                    .entry((story.team.as_str(), iteration.as_str()))
                    .or_default();
                *entry = u32::saturating_add(*entry, points);
            }
        }
        load
    }

    /// The PI whose dates contain `today`, else the last one that started before it.
    pub fn current_pi(&self, today: Date) -> Option<&Pi> {
        let mut started: Vec<&Pi> = self
            .pis
            .values()
            .filter(|pi| pi.start.is_some_and(|s| s <= today))
            .collect();
        started.sort_by_key(|pi| pi.start);
        started
            .iter()
            .find(|pi| pi.end.is_some_and(|e| today <= e))
            .or(started.last())
            .copied()
    }
}

/// Accepted and total points of `stories`.
pub fn progress(stories: &[&Story]) -> Progress {
    let mut progress = Progress::default();
    for story in stories {
        let points = story.points.unwrap_or(0);
        progress.total = progress.total.saturating_add(points);
        if story.status == StoryStatus::Accepted {
            progress.accepted = progress.accepted.saturating_add(points);
        }
    }
    progress
}

/// The iteration of `pi` whose dates contain `today`.
pub fn current_iteration(pi: &Pi, today: Date) -> Option<&Iteration> {
    pi.iterations
        .iter()
        .find(|it| it.start <= today && today <= it.end)
}

/// Program predictability of `team` in `pi` as a percent: actual value of all
/// its objectives over planned value of its committed ones. `None` when it has
/// no committed planned value or no actual value yet.
pub fn predictability(pi: &Pi, team: Option<&str>) -> Option<f64> {
    let objectives = pi
        .objectives
        .iter()
        .filter(|o| team.is_none_or(|t| o.team == t));
    let (mut actual, mut planned, mut rated) = (0i64, 0i64, false);
    for o in objectives {
        if let Some(a) = o.actual_value {
            actual += a;
            rated = true;
        }
        if o.committed {
            planned += o.business_value.unwrap_or(0);
        }
    }
    (rated && planned > 0).then(|| 100.0 * actual as f64 / planned as f64)
}

/// Features in program-backlog order with their position in WSJF order.
pub fn wsjf_order<'a>(features: &[&'a Feature]) -> Vec<(&'a Feature, Option<usize>)> {
    let mut by_score: Vec<(usize, f64)> = features
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.wsjf.map(|w| (i, w.score())))
        .collect();
    by_score.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut position = vec![None; features.len()];
    for (rank, (i, _)) in by_score.into_iter().enumerate() {
        position[i] = Some(rank + 1);
    }
    features.iter().copied().zip(position).collect()
}
