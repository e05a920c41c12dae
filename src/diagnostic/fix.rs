//! The change that resolves a finding, when a machine can be sure of it:
//! what `rankdown fix` applies and what `--format json` shows as `fix`.

use schemars::JsonSchema;
use serde::Serialize;

/// A change that resolves a finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
pub struct Fix {
    /// What the change does, for a person: "add `A-4` at the bottom of `backlog:`".
    pub description: String,
    /// Whether `rankdown fix` makes it on its own or only when asked.
    pub applicability: Applicability,
    /// The file it changes, relative to the backlog root, `/`-separated.
    pub file: String,
    /// The change, for tools.
    pub edit: Edit,
}

/// When `rankdown fix` makes a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Always: the change only puts the files in line with themselves.
    Always,
    /// Only with `--accept`: the change states something a person must
    /// confirm (that a criterion is met).
    WithAccept,
}

/// One change to one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Edit {
    /// Add `id` at the bottom of the list under the top-level `key`.
    AddEntry {
        /// `backlog` or `program_backlog`.
        key: String,
        /// The id to add.
        id: String,
    },
    /// Remove every entry `id` after its first from the list under `key`.
    RemoveRepeats {
        /// `backlog` or `program_backlog`.
        key: String,
        /// The id listed more than once.
        id: String,
    },
    /// Move `id` to just below `below` in the list under `key`, if it is
    /// above it.
    MoveBelow {
        /// `backlog`.
        key: String,
        /// The id that moves down.
        id: String,
        /// The id it goes just below.
        below: String,
    },
    /// Rename the field at `path` to `to`.
    RenameField {
        /// Keys and list indexes from the top of the front matter.
        path: Vec<Step>,
        /// The new name.
        to: String,
    },
    /// Tick the unchecked task-list item on `line` (`- [ ]` becomes `- [x]`).
    TickTask {
        /// 1-based line of the file.
        line: usize,
    },
}

/// One step of a path into the front matter.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Step {
    /// A key of a mapping.
    Key(String),
    /// An item of a list, from 0.
    Index(usize),
}

impl Fix {
    /// A fix of `file` that `rankdown fix` always makes.
    pub fn new(file: impl Into<String>, edit: Edit) -> Fix {
        Fix {
            description: edit.describe(),
            applicability: Applicability::Always,
            file: file.into(),
            edit,
        }
    }
}

impl Edit {
    /// The sentence that says what the edit does.
    fn describe(&self) -> String {
        match self {
            Edit::AddEntry { key, id } => format!("add `{id}` at the bottom of `{key}:`"),
            Edit::RemoveRepeats { key, id } => {
                format!("keep `{id}` only at its first place in `{key}:`")
            }
            Edit::MoveBelow { key, id, below } => {
                format!("move `{id}` to just below `{below}` in `{key}:`")
            }
            Edit::RenameField { path, to } => {
                let from = match path.last() {
                    Some(Step::Key(key)) => key.as_str(),
                    _ => "",
                };
                format!("rename `{from}` to `{to}`")
            }
            Edit::TickTask { .. } => "mark this criterion met (`- [x]`)".into(),
        }
    }
}

impl From<&crate::source::Seg<'_>> for Step {
    fn from(seg: &crate::source::Seg<'_>) -> Step {
        match seg {
            crate::source::Seg::Key(key) => Step::Key(key.to_string()),
            crate::source::Seg::Index(i) => Step::Index(*i),
        }
    }
}
