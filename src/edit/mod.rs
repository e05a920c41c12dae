//! Editing backlog files in place: one list entry, one key or one checkbox
//! changes, and every other byte stays as the person wrote it (comments,
//! blank lines, quoting, indentation, CRLF line endings, a byte-order mark).
//!
//! Each function takes a whole file's text (a Markdown file with `---` front
//! matter, or `rankdown.yaml`, which is YAML throughout) and returns the new
//! text. The list functions work on a top-level key whose value is a list of
//! ids, written as a block list (`- A` lines), a flow list (`[A, B]`), empty
//! (`[]`, `key:`, `~`), one id alone, or missing altogether. Before a change
//! is returned, both texts are parsed and compared: the new one must hold
//! exactly the old values with the one asked-for change, or the edit is
//! refused with [`EditError::Unsupported`] rather than risk the file.

mod block;
mod flow;
mod list;
mod rename;
mod scalar;
mod splice;
mod task;
mod text;
mod verify;

pub use rename::rename_key;
pub use task::tick_task;

use list::List;
use serde_yaml::Value;

/// Where an entry goes in a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// First: the highest rank.
    Top,
    /// Last: the lowest rank.
    Bottom,
    /// Just after this id.
    After(String),
    /// Just before this id.
    Before(String),
}

/// Why an edit was not made. The text is left as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    /// The YAML does not parse, so nothing in it can be edited safely.
    Yaml(String),
    /// The key's value is not a list of ids (a mapping, a nested list, a
    /// block of text, an anchor or tag ...).
    NotAList(String),
    /// The id is not in the list.
    NotListed(String),
    /// The text given as an id is not a valid id.
    BadId(String),
    /// The key to rename is not there.
    NoSuchKey(String),
    /// Renaming would give the mapping a key it already has.
    KeyExists(String),
    /// The line is not an unchecked task-list item (`- [ ] ...`).
    NoTask(usize),
    /// The text is written in a way this module cannot edit without
    /// changing more than asked.
    Unsupported(String),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Yaml(why) => write!(f, "the YAML does not parse: {why}"),
            EditError::NotAList(key) => write!(f, "`{key}` is not a list of ids"),
            EditError::NotListed(id) => write!(f, "`{id}` is not in the list"),
            EditError::BadId(id) => write!(f, "`{id}` is not a valid id"),
            EditError::NoSuchKey(key) => write!(f, "there is no field `{key}`"),
            EditError::KeyExists(key) => write!(f, "there is a field `{key}` already"),
            EditError::NoTask(line) => write!(f, "line {line} is not an unchecked task"),
            EditError::Unsupported(why) => write!(f, "cannot edit this safely: {why}"),
        }
    }
}

impl std::error::Error for EditError {}

/// The ids listed under the top-level `key` of the file's YAML, in order; no
/// ids when the key is missing or empty.
pub fn entries(text: &str, key: &str) -> Result<Vec<String>, EditError> {
    let list = List::find(text, key)?;
    Ok(list.ids())
}

/// Inserts `id` into the list under the top-level `key` at `at`, matching
/// the list's style: its indentation and dash spacing, or its flow layout.
/// An empty or missing list becomes a block list. The id may already be in
/// the list; callers that must not list it twice check [`entries`] first.
pub fn insert_entry(text: &str, key: &str, id: &str, at: Place) -> Result<String, EditError> {
    if !crate::model::is_valid_id(id) {
        return Err(EditError::BadId(id.to_string()));
    }
    let list = List::find(text, key)?;
    let index = list.index_of_place(&at)?;
    let mut expected = list.values.clone();
    expected.insert(index, Value::String(id.to_string()));
    let after = splice::apply(text, list.insert(index, &list.entry_text(id)));
    list.check(after, expected)
}

/// Removes every entry `id` from the list under `key`.
pub fn remove_entry(text: &str, key: &str, id: &str) -> Result<String, EditError> {
    let list = List::find(text, key)?;
    let doomed = list.positions(id);
    if doomed.is_empty() {
        return Err(EditError::NotListed(id.to_string()));
    }
    remove_at(&list, &doomed)
}

/// Removes every entry `id` after its first one from the list under `key`;
/// the first keeps its place. Nothing changes when `id` is listed once.
pub fn remove_repeats(text: &str, key: &str, id: &str) -> Result<String, EditError> {
    let list = List::find(text, key)?;
    match list.positions(id).split_first() {
        None => Err(EditError::NotListed(id.to_string())),
        Some((_, [])) => Ok(text.to_string()),
        Some((_, repeats)) => remove_at(&list, repeats),
    }
}

/// Removes the items at `doomed` (in order), one at a time from the last,
/// reading the list again after each.
fn remove_at(list: &List, doomed: &[usize]) -> Result<String, EditError> {
    let mut expected = list.values.clone();
    let mut current = list.text.all.to_string();
    for &i in doomed.iter().rev() {
        expected.remove(i);
        let now = List::find(&current, list.key)?;
        let after = splice::apply(&current, now.remove(i));
        current = after;
    }
    list.check(current, expected)
}

/// Moves the first entry `id` of the list under `key` to `at`, keeping how
/// it is written (quotes, a comment after it on its line). `After` and
/// `Before` name another id of the list.
pub fn move_entry(text: &str, key: &str, id: &str, at: Place) -> Result<String, EditError> {
    let list = List::find(text, key)?;
    let from = *list
        .positions(id)
        .first()
        .ok_or_else(|| EditError::NotListed(id.to_string()))?;
    if matches!(&at, Place::After(other) | Place::Before(other) if other == id) {
        return Ok(text.to_string());
    }
    let to = list.index_of_place(&at)?;
    if to == from || to == from + 1 {
        return Ok(text.to_string());
    }
    let mut expected = list.values.clone();
    let moved = expected.remove(from);
    expected.insert(if to > from { to - 1 } else { to }, moved);
    let after = splice::apply(text, list.relocate(from, to));
    list.check(after, expected)
}

#[cfg(test)]
mod tests;
