//! Making one fix's edit on a file's text.

use crate::diagnostic::{Edit, Step};
use crate::edit::{self, EditError, Place};
use crate::source::Seg;

/// The text with `edit` made. An edit that is already done (the id is
/// listed, the story is below its dependency already) leaves it as it is.
pub fn apply(text: &str, edit: &Edit) -> Result<String, EditError> {
    match edit {
        Edit::AddEntry { key, id } => {
            if edit::entries(text, key)?.contains(id) {
                return Ok(text.to_string());
            }
            edit::insert_entry(text, key, id, Place::Bottom)
        }
        Edit::RemoveRepeats { key, id } => edit::remove_repeats(text, key, id),
        Edit::MoveBelow { key, id, below } => {
            let entries = edit::entries(text, key)?;
            let at = |id: &str| {
                let found = entries.iter().position(|e| e == id);
                found.ok_or_else(|| EditError::NotListed(id.to_string()))
            };
            if at(id)? > at(below)? {
                return Ok(text.to_string());
            }
            edit::move_entry(text, key, id, Place::After(below.clone()))
        }
        Edit::RenameField { path, to } => {
            let path: Vec<Seg> = path
                .iter()
                .map(|step| match step {
                    Step::Key(key) => Seg::Key(key),
                    Step::Index(i) => Seg::Index(*i),
                })
                .collect();
            edit::rename_key(text, &path, to)
        }
        Edit::TickTask { line } => edit::tick_task(text, *line),
    }
}
