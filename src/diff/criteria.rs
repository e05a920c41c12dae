//! How an item's acceptance criteria changed: added, removed, reworded,
//! checked or unchecked.

use crate::model::Criteria;
use serde::Serialize;

/// The changes to one story's or feature's acceptance criteria.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CriteriaChanges {
    /// New criteria.
    pub added: Vec<String>,
    /// Criteria no longer there.
    pub removed: Vec<String>,
    /// Criteria whose words changed.
    pub reworded: Vec<Reworded>,
    /// Task-list criteria now checked (met).
    pub checked: Vec<String>,
    /// Task-list criteria no longer checked.
    pub unchecked: Vec<String>,
}

/// A criterion said differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reworded {
    /// The old words.
    pub before: String,
    /// The new words.
    pub after: String,
}

impl CriteriaChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.reworded.is_empty()
            && self.checked.is_empty()
            && self.unchecked.is_empty()
    }
}

/// One criterion as compared: its words and, for a task, whether it is checked.
#[derive(Debug)]
struct Criterion {
    text: String,
    checked: Option<bool>,
}

/// The criteria as a flat list: tasks, then each Gherkin scenario in one line.
fn flatten(criteria: &Criteria) -> Vec<Criterion> {
    let tasks = criteria.tasks.iter().map(|t| Criterion {
        text: t.text.clone(),
        checked: Some(t.checked),
    });
    let scenarios = criteria.gherkin.iter().flat_map(|block| &block.scenarios);
    let scenarios = scenarios.map(|s| {
        let steps: Vec<String> = s.steps.iter().map(|(k, t)| format!("{k} {t}")).collect();
        Criterion {
            text: format!("Scenario: {}: {}", s.name, steps.join(", ")),
            checked: None,
        }
    });
    tasks.chain(scenarios).collect()
}

/// How similar two criteria must be (0..1) to count as one reworded rather
/// than one removed and another added.
const SAME_CRITERION: f64 = 0.5;

/// Beyond this many pairs to weigh, unmatched criteria are reported as
/// removed and added without looking for rewordings.
const MAX_PAIRS: usize = 10_000;

/// How many characters of each criterion are weighed: enough to tell a
/// rewording, and the cost of weighing grows with the square of it.
const WEIGHED_CHARS: usize = 300;

/// How alike two criteria are, from 0 to 1, judged on their beginnings.
fn similarity(a: &str, b: &str) -> f64 {
    let start = |s: &str| {
        s.char_indices()
            .nth(WEIGHED_CHARS)
            .map_or(s.len(), |(i, _)| i)
    };
    strsim::normalized_levenshtein(&a[..start(a)], &b[..start(b)])
}

/// How `before` became `after`.
pub(super) fn compare(before: &Criteria, after: &Criteria) -> CriteriaChanges {
    let before = flatten(before);
    let after = flatten(after);
    let mut changes = CriteriaChanges::default();
    let mut after_used = vec![false; after.len()];
    let mut before_left = Vec::new();
    for b in &before {
        let same = (0..after.len()).find(|&i| !after_used[i] && after[i].text == b.text);
        match same {
            Some(i) => {
                after_used[i] = true;
                note_check(&mut changes, b, &after[i]);
            }
            None => before_left.push(b),
        }
    }
    let mut after_left: Vec<usize> = (0..after.len()).filter(|&i| !after_used[i]).collect();
    let weigh = before_left.len() * after_left.len() <= MAX_PAIRS;
    for b in before_left {
        let closest = after_left
            .iter()
            .enumerate()
            .filter(|_| weigh)
            .map(|(at, &i)| (at, similarity(&b.text, &after[i].text)))
            .filter(|&(_, score)| score >= SAME_CRITERION)
            .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        match closest {
            Some((at, _)) => {
                let a = &after[after_left.remove(at)];
                changes.reworded.push(Reworded {
                    before: b.text.clone(),
                    after: a.text.clone(),
                });
                note_check(&mut changes, b, a);
            }
            None => changes.removed.push(b.text.clone()),
        }
    }
    changes.added = after_left
        .into_iter()
        .map(|i| after[i].text.clone())
        .collect();
    changes
}

fn note_check(changes: &mut CriteriaChanges, before: &Criterion, after: &Criterion) {
    match (before.checked, after.checked) {
        (Some(false), Some(true)) => changes.checked.push(after.text.clone()),
        (Some(true), Some(false)) => changes.unchecked.push(after.text.clone()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;

    fn tasks(list: &[(&str, bool)]) -> Criteria {
        Criteria {
            tasks: list
                .iter()
                .map(|&(text, checked)| Task {
                    text: text.into(),
                    checked,
                    line: 1,
                })
                .collect(),
            ..Criteria::default()
        }
    }

    #[test]
    fn each_kind_of_change_is_told_apart() {
        let before = tasks(&[
            ("A reserved book shows on my account", false),
            ("Staff see the reservation", false),
            ("Members get an email", true),
        ]);
        let after = tasks(&[
            ("A reserved book shows on my account page", false),
            ("Staff see the reservation", true),
            ("The shelf label prints", false),
        ]);
        let changes = compare(&before, &after);
        assert_eq!(changes.checked, ["Staff see the reservation"]);
        assert_eq!(
            changes.reworded,
            [Reworded {
                before: "A reserved book shows on my account".into(),
                after: "A reserved book shows on my account page".into(),
            }]
        );
        assert_eq!(changes.removed, ["Members get an email"]);
        assert_eq!(changes.added, ["The shelf label prints"]);
        assert!(changes.unchecked.is_empty());
    }

    #[test]
    fn only_the_beginning_of_a_long_criterion_is_weighed() {
        let start = "a".repeat(WEIGHED_CHARS);
        let a = format!("{start}{}", "b".repeat(30_000));
        let b = format!("{start}{}", "c".repeat(30_000));
        assert_eq!(similarity(&a, &b), 1.0);
        assert!(similarity("Results show title", "Results show author") > SAME_CRITERION);
    }

    #[test]
    fn reordering_criteria_is_no_change() {
        let before = tasks(&[("one", false), ("two", true)]);
        let after = tasks(&[("two", true), ("one", false)]);
        assert!(compare(&before, &after).is_empty());
    }
}
