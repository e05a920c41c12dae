//! The home page as a stakeholder's dashboard: the PI in progress and how
//! its objectives stand, feature progress, stories by status (each a link
//! to the list of those stories), the newest changes, and the teams.

use super::links::Links;
use super::pages::{item_of_file, progress_of};
use super::{Inputs, Job};
use crate::diagnostic::Severity;
use crate::model::{Kind, Pi, StoryStatus, current_iteration, predictability};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many of the newest commits the home page lists.
const CHANGES_SHOWN: usize = 8;
/// How many items of one commit it names; the rest are counted.
const ITEMS_SHOWN: usize = 6;

/// What `index.html` receives as `page`.
#[derive(Serialize)]
struct Home {
    pi: Option<PiNow>,
    features: Vec<FeatureProgress>,
    statuses: Vec<StatusCount>,
    story_count: usize,
    feature_count: usize,
    errors: usize,
    warnings: usize,
    changes: Vec<Commit>,
    teams: Vec<TeamCard>,
}

/// The PI in progress: dates, the iteration, days left, objectives.
#[derive(Serialize)]
struct PiNow {
    id: String,
    title: String,
    url: String,
    start: String,
    end: String,
    iteration: Option<IterationNow>,
    days_left: i64,
    /// Committed objectives' planned business value, summed.
    planned_value: i64,
    /// Actual business value rated so far, summed.
    actual_value: i64,
    /// Predictability per team that has rated objectives.
    teams: Vec<TeamPredictability>,
}

/// The iteration in progress.
#[derive(Serialize)]
struct IterationNow {
    id: String,
    start: String,
    end: String,
}

/// A team's predictability in the PI.
#[derive(Serialize)]
struct TeamPredictability {
    title: String,
    url: String,
    /// Percent, rounded.
    percent: i64,
    /// Within 80–100 %.
    healthy: bool,
}

/// An open feature of the program backlog and its accepted share.
#[derive(Serialize)]
struct FeatureProgress {
    id: String,
    title: String,
    url: String,
    status: &'static str,
    accepted: u32,
    total: u32,
    percent: Option<u64>,
}

/// How many stories have a status, and the page that lists them.
#[derive(Serialize)]
struct StatusCount {
    status: &'static str,
    count: usize,
    url: String,
}

/// One of the newest commits and the items it changed.
#[derive(Serialize)]
struct Commit {
    date: String,
    author: String,
    subject: String,
    items: Vec<ItemLink>,
    /// How many more items it changed.
    more: usize,
}

/// An item a commit changed.
#[derive(Serialize)]
struct ItemLink {
    id: String,
    url: String,
}

/// A team on the home page.
#[derive(Serialize)]
struct TeamCard {
    id: String,
    title: String,
    url: String,
    /// None while the backlog names nobody.
    product_owner: Option<String>,
    open: usize,
}

/// The home page.
pub(super) fn home(input: &Inputs) -> Job {
    let links = Links::at_depth(0);
    let b = input.backlog;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in b.stories.values() {
        *counts.entry(s.status.as_str()).or_default() += 1;
    }
    let count = |severity| {
        let found = input.diagnostics.iter().filter(|d| d.severity == severity);
        found.count()
    };
    let home = Home {
        pi: pi_now(input, &links),
        features: feature_progress(input, &links),
        statuses: StoryStatus::ALL
            .iter()
            .map(|s| StatusCount {
                status: s.as_str(),
                count: counts.get(s.as_str()).copied().unwrap_or(0),
                url: format!("status/{}/", s.as_str()),
            })
            .collect(),
        story_count: b.stories.len(),
        feature_count: b.features.len(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        changes: newest_changes(input, &links),
        teams: b
            .teams
            .values()
            .map(|t| TeamCard {
                id: t.id.to_string(),
                title: t.title.clone(),
                url: links.item(Kind::Team, t.id.as_str()),
                product_owner: super::pages::named(&t.product_owner).map(str::to_string),
                open: input.open_stories(t.id.as_str()),
            })
            .collect(),
    };
    Job::page("index.html", "index.html", 0, &home)
}

/// The PI whose dates hold today, with how its objectives stand.
fn pi_now(input: &Inputs, links: &Links) -> Option<PiNow> {
    let today = input.today;
    let pi: &Pi = input.backlog.current_pi(today)?;
    let (start, end) = (
        pi.start.filter(|s| *s <= today)?,
        pi.end.filter(|e| today <= *e)?,
    );
    let committed = pi.objectives.iter().filter(|o| o.committed);
    let teams: std::collections::BTreeSet<&str> =
        pi.objectives.iter().map(|o| o.team.as_str()).collect();
    Some(PiNow {
        id: pi.id.to_string(),
        title: pi.title.clone(),
        url: links.item(Kind::Pi, pi.id.as_str()),
        start: start.to_string(),
        end: end.to_string(),
        iteration: current_iteration(pi, today).map(|it| IterationNow {
            id: it.id.clone(),
            start: it.start.to_string(),
            end: it.end.to_string(),
        }),
        days_left: super::svg::days(today, end),
        planned_value: committed.filter_map(|o| o.business_value).sum(),
        actual_value: pi.objectives.iter().filter_map(|o| o.actual_value).sum(),
        teams: teams
            .into_iter()
            .filter_map(|team| {
                let percent = predictability(pi, Some(team))?.round() as i64;
                Some(TeamPredictability {
                    title: input.backlog.title_of(team).unwrap_or(team).to_string(),
                    url: links.item(Kind::Team, team),
                    percent,
                    healthy: (80..=100).contains(&percent),
                })
            })
            .collect(),
    })
}

/// The program backlog's open features, in its order, with their progress.
fn feature_progress(input: &Inputs, links: &Links) -> Vec<FeatureProgress> {
    let b = input.backlog;
    (b.program_backlog().into_iter())
        .filter(|f| f.status != crate::model::FeatureStatus::Done)
        .map(|f| {
            let (accepted, total, percent) = progress_of(input, f.id.as_str());
            FeatureProgress {
                id: f.id.to_string(),
                title: f.title.clone(),
                url: links.item(Kind::Feature, f.id.as_str()),
                status: f.status.as_str(),
                accepted,
                total,
                percent,
            }
        })
        .collect()
}

/// The newest commits that changed the backlog, each with the items it
/// changed (newest first).
fn newest_changes(input: &Inputs, links: &Links) -> Vec<Commit> {
    (input.history.commits().iter().take(CHANGES_SHOWN))
        .map(|commit| {
            let paths = commit.files.iter().filter_map(|f| f.current.as_deref());
            let mut items: Vec<ItemLink> = (paths.filter_map(|p| item_of_file(input.backlog, p)))
                .map(|(kind, id)| ItemLink {
                    url: links.item(kind, &id),
                    id,
                })
                .collect();
            items.sort_by(|a, b| a.id.cmp(&b.id));
            items.dedup_by(|a, b| a.id == b.id);
            let more = items.len().saturating_sub(ITEMS_SHOWN);
            items.truncate(ITEMS_SHOWN);
            let change = &commit.change;
            Commit {
                date: change.date().to_string(),
                author: change.author.clone(),
                subject: change.subject.clone(),
                items,
                more,
            }
        })
        .collect()
}
