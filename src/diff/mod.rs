//! What a change does to the backlog: two checked backlogs compared item by
//! item, list by list and diagnostic by diagnostic.

mod criteria;
mod findings;
mod items;
mod markdown;
mod objectives;
mod order;

pub use criteria::{CriteriaChanges, Reworded};
pub use findings::{Finding, Findings};
pub use items::{Changed, FieldChange, ItemChanges, ItemRef, Renamed};
pub use markdown::{changes_to_markdown, to_markdown, to_text};
pub use objectives::{ObjectiveChange, PiObjectives, PredictabilityChange};
pub use order::{Move, Placed, Reorder};

use crate::Checked;
use crate::model::{Backlog, Kind, Ref};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// Everything a change does to the backlog.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BacklogDiff {
    /// What the old side is (a revision and its commit).
    pub base: String,
    /// What the new side is (a revision, or the working tree).
    pub head: String,
    /// Items added, removed, renamed and changed.
    pub items: ItemChanges,
    /// Team backlogs that were reordered, added to or taken from.
    pub team_backlogs: Vec<ListChange>,
    /// The program backlog's changes, if any.
    pub program_backlog: Option<ListChange>,
    /// Stories and features whose acceptance criteria changed.
    pub criteria: Vec<ItemCriteria>,
    /// PI objectives and predictability.
    pub objectives: Vec<PiObjectives>,
    /// Diagnostics introduced and fixed.
    pub diagnostics: Findings,
}

/// The changes of one ordered list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ListChange {
    /// The team's id, or `program` for the program backlog.
    pub id: String,
    /// The team's title, or `Program backlog`.
    pub title: String,
    /// How the order changed.
    #[serde(flatten)]
    pub reorder: Reorder,
}

/// One item's acceptance-criteria changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemCriteria {
    /// story or feature.
    pub kind: &'static str,
    /// The item's id.
    pub id: String,
    /// The item's title.
    pub title: String,
    /// What changed.
    #[serde(flatten)]
    pub changes: CriteriaChanges,
}

/// Compares the backlog `before` a change with the backlog `after` it;
/// `base` and `head` say what the two sides are.
pub fn compare(before: &Checked, after: &Checked, base: &str, head: &str) -> BacklogDiff {
    let (old, new) = (&before.backlog, &after.backlog);
    let (items, pairs) = items::compare(old, new);
    let renames = Renames::of(old, new, &pairs);
    let team_backlogs = team_backlogs(old, new, &renames);
    let program_backlog = program_backlog(old, new, &renames);
    BacklogDiff {
        base: base.to_string(),
        head: head.to_string(),
        items,
        team_backlogs,
        program_backlog,
        criteria: criteria_changes(old, new, &pairs),
        objectives: objectives::compare(old, new),
        diagnostics: findings::compare(&before.diagnostics, &after.diagnostics, &renames),
    }
}

/// Where items went: ids that changed (renames) and files that moved (a
/// rename, or a story moved to another folder), old to new.
#[derive(Debug, Default)]
pub struct Renames {
    ids: HashMap<String, String>,
    paths: HashMap<String, String>,
}

impl Renames {
    fn of(old: &Backlog, new: &Backlog, pairs: &[items::Pair]) -> Renames {
        let path =
            |b: &Backlog, kind, id: &str| b.file_of(kind, id).map(|f| b.file(f).path.clone());
        let mut renames = Renames::default();
        for (kind, from, to) in pairs {
            if from != to {
                renames.ids.insert(from.clone(), to.clone());
            }
            if let (Some(before), Some(after)) = (path(old, *kind, from), path(new, *kind, to))
                && before != after
            {
                renames.paths.insert(before, after);
            }
        }
        renames
    }

    /// The new id of an item that was renamed.
    fn id<'a>(&'a self, id: &'a str) -> &'a str {
        self.ids.get(id).map_or(id, String::as_str)
    }

    /// The new path of a file that moved.
    fn path<'a>(&'a self, path: &'a str) -> &'a str {
        self.paths.get(path).map_or(path, String::as_str)
    }
}

/// How a list changed. An old id is read under its new name, unless the new
/// list still names it as it was (then the list was not updated).
fn reorder(before: &[Ref], after: &[Ref], renames: &Renames) -> Reorder {
    let after: Vec<&str> = after.iter().map(|r| r.id.as_str()).collect();
    let before: Vec<&str> = before
        .iter()
        .map(|r| match after.contains(&r.id.as_str()) {
            true => r.id.as_str(),
            false => renames.id(&r.id),
        })
        .collect();
    order::reorder(&before, &after)
}

fn team_backlogs(old: &Backlog, new: &Backlog, renames: &Renames) -> Vec<ListChange> {
    new.teams
        .values()
        .filter_map(|team| {
            let before = old.teams.get(team.id.as_str())?;
            let reorder = reorder(&before.backlog, &team.backlog, renames);
            (!reorder.is_empty()).then(|| ListChange {
                id: team.id.to_string(),
                title: team.title.clone(),
                reorder,
            })
        })
        .collect()
}

fn program_backlog(old: &Backlog, new: &Backlog, renames: &Renames) -> Option<ListChange> {
    let list = |b: &Backlog| {
        b.config
            .as_ref()
            .map(|c| c.program_backlog.clone())
            .unwrap_or_default()
    };
    let reorder = reorder(&list(old), &list(new), renames);
    (!reorder.is_empty()).then(|| ListChange {
        id: "program".into(),
        title: "Program backlog".into(),
        reorder,
    })
}

fn criteria_changes(old: &Backlog, new: &Backlog, pairs: &[items::Pair]) -> Vec<ItemCriteria> {
    pairs
        .iter()
        .filter_map(|(kind, from, to)| {
            let (before, after, title) = match kind {
                Kind::Story => {
                    let (b, a) = (
                        old.stories.get(from.as_str())?,
                        new.stories.get(to.as_str())?,
                    );
                    (&b.criteria, &a.criteria, &a.title)
                }
                Kind::Feature => {
                    let (b, a) = (
                        old.features.get(from.as_str())?,
                        new.features.get(to.as_str())?,
                    );
                    (&b.criteria, &a.criteria, &a.title)
                }
                _ => return None,
            };
            let changes = criteria::compare(before, after);
            (!changes.is_empty()).then(|| ItemCriteria {
                kind: kind.noun(),
                id: to.clone(),
                title: title.clone(),
                changes,
            })
        })
        .collect()
}
