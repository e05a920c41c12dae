//! PI objectives: planned and actual business value, the committed flag, and
//! what that does to each team's predictability.

use super::items::FieldChange;
use crate::model::{Backlog, Objective, Pi, predictability};
use serde::Serialize;
use std::collections::BTreeSet;

/// The objective changes of one PI found on both sides.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PiObjectives {
    /// The PI's id.
    pub pi: String,
    /// The PI's title (after).
    pub title: String,
    /// Objectives added, removed or changed.
    pub objectives: Vec<ObjectiveChange>,
    /// Teams (and the whole train) whose predictability changed.
    pub predictability: Vec<PredictabilityChange>,
}

/// What happened to one objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveChange {
    /// The team the objective belongs to.
    pub team: String,
    /// The team's title, if the team exists.
    pub team_title: Option<String>,
    /// The objective's text (after, unless removed).
    pub text: String,
    /// added, removed or changed.
    pub change: &'static str,
    /// For a changed objective, the fields that changed.
    pub fields: Vec<FieldChange>,
}

/// A team's predictability before and after, as a percent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PredictabilityChange {
    /// The team id; `None` for the whole train.
    pub team: Option<String>,
    /// The team's title, if the team exists.
    pub team_title: Option<String>,
    /// Before; `None` when it could not be worked out.
    pub before: Option<f64>,
    /// After.
    pub after: Option<f64>,
}

/// The objective changes of every PI on both sides.
pub(super) fn compare(before: &Backlog, after: &Backlog) -> Vec<PiObjectives> {
    after
        .pis
        .values()
        .filter_map(|new| {
            let old = before.pis.get(new.id.as_str())?;
            let title = |team: &str| after.teams.get(team).map(|t| t.title.clone());
            let objectives = objective_changes(old, new, &title);
            let predictability = predictability_changes(old, new, &title);
            (!objectives.is_empty() || !predictability.is_empty()).then(|| PiObjectives {
                pi: new.id.to_string(),
                title: new.title.clone(),
                objectives,
                predictability,
            })
        })
        .collect()
}

/// Objectives are matched by team and text, then the rest of a team's in
/// order (their text was reworded).
/// A team's title by id.
type TeamTitle<'a> = dyn Fn(&str) -> Option<String> + 'a;

fn objective_changes(old: &Pi, new: &Pi, title: &TeamTitle) -> Vec<ObjectiveChange> {
    let mut used = vec![false; new.objectives.len()];
    let mut pairs: Vec<(Option<&Objective>, Option<&Objective>)> = Vec::new();
    let mut unmatched = Vec::new();
    for o in &old.objectives {
        let same = (0..new.objectives.len()).find(|&i| {
            !used[i] && new.objectives[i].team == o.team && new.objectives[i].text == o.text
        });
        match same {
            Some(i) => {
                used[i] = true;
                pairs.push((Some(o), Some(&new.objectives[i])));
            }
            None => unmatched.push(o),
        }
    }
    for o in unmatched {
        let next =
            (0..new.objectives.len()).find(|&i| !used[i] && new.objectives[i].team == o.team);
        if let Some(i) = next {
            used[i] = true;
        }
        pairs.push((Some(o), next.map(|i| &new.objectives[i])));
    }
    pairs.extend(
        (0..new.objectives.len())
            .filter(|&i| !used[i])
            .map(|i| (None, Some(&new.objectives[i]))),
    );
    // In the new order; removed objectives last, in their old order.
    pairs.sort_by_key(|(old, new)| match (old, new) {
        (_, Some(new)) => (false, new.index),
        (Some(old), None) => (true, old.index),
        (None, None) => (true, usize::MAX),
    });
    pairs
        .into_iter()
        .filter_map(|pair| change(pair, title))
        .collect()
}

fn change(
    pair: (Option<&Objective>, Option<&Objective>),
    title: &TeamTitle,
) -> Option<ObjectiveChange> {
    let summary = |o: &Objective, change, fields| ObjectiveChange {
        team: o.team.clone(),
        team_title: title(&o.team),
        text: o.text.clone(),
        change,
        fields,
    };
    match pair {
        (Some(old), Some(new)) => {
            let fields: Vec<FieldChange> = facts(old)
                .into_iter()
                .zip(facts(new))
                .filter(|(b, a)| b.1 != a.1)
                .map(|((field, before), (_, after))| FieldChange {
                    field,
                    before,
                    after,
                })
                .collect();
            (!fields.is_empty()).then(|| summary(new, "changed", fields))
        }
        (Some(old), None) => Some(summary(old, "removed", Vec::new())),
        (None, Some(new)) => Some(summary(new, "added", Vec::new())),
        (None, None) => None,
    }
}

fn facts(o: &Objective) -> [(&'static str, Option<String>); 4] {
    [
        ("text", Some(o.text.clone())),
        ("business_value", o.business_value.map(|v| v.to_string())),
        ("actual_value", o.actual_value.map(|v| v.to_string())),
        ("committed", Some(o.committed.to_string())),
    ]
}

fn predictability_changes(old: &Pi, new: &Pi, title: &TeamTitle) -> Vec<PredictabilityChange> {
    let teams: BTreeSet<&str> = old
        .objectives
        .iter()
        .chain(&new.objectives)
        .map(|o| o.team.as_str())
        .collect();
    teams
        .into_iter()
        .map(Some)
        .chain([None])
        .filter_map(|team| {
            let before = predictability(old, team).map(round);
            let after = predictability(new, team).map(round);
            (before != after).then(|| PredictabilityChange {
                team: team.map(str::to_string),
                team_title: team.and_then(title),
                before,
                after,
            })
        })
        .collect()
}

/// A percent to one decimal, so that float noise is no change.
fn round(percent: f64) -> f64 {
    (percent * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pi(objectives: &[(&str, &str)]) -> Pi {
        Pi {
            id: crate::model::Id::new("PI-1").expect("id"),
            file: crate::model::FileId(0),
            title: "PI 1".into(),
            start: None,
            end: None,
            iterations: Vec::new(),
            undated_iterations: Vec::new(),
            milestones: Vec::new(),
            business_owners: Vec::new(),
            objectives: objectives
                .iter()
                .enumerate()
                .map(|(index, (team, text))| Objective {
                    team: team.to_string(),
                    text: text.to_string(),
                    business_value: Some(5),
                    actual_value: None,
                    committed: true,
                    features: Vec::new(),
                    index,
                })
                .collect(),
            extra: Default::default(),
        }
    }

    #[test]
    fn the_same_objective_twice_is_matched_twice() {
        let old = pi(&[("a", "X"), ("a", "Zed"), ("a", "X")]);
        let new = pi(&[("a", "X"), ("a", "X"), ("a", "Zed two")]);
        let changes = objective_changes(&old, &new, &|_| None);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].text, "Zed two");
        assert_eq!(changes[0].fields[0].before.as_deref(), Some("Zed"));
    }
}
