//! The source tool's own settings file (Backlog.md's `backlog/config.yml`,
//! DevStories' `.devstories/config.json`), read as leniently as its task
//! files: what could not be read is a note, never a failure.

use super::Note;
use serde_yaml::Value;
use std::path::Path;

/// The first of `candidates` (paths relative to `source`) that exists,
/// read as YAML (JSON included), and its path; null when none is there or
/// it cannot be read, with a note saying so and what is then missing
/// (`lacking`: "no project name, statuses or prefix"). Only a regular
/// file is read: a FIFO would never end.
pub(super) fn read(
    source: &Path,
    candidates: &[&str],
    lacking: &str,
    notes: &mut Vec<Note>,
) -> (Value, Option<String>) {
    let found = candidates
        .iter()
        .find_map(|path| Some((std::fs::symlink_metadata(source.join(path)).ok()?, *path)));
    let Some((meta, path)) = found else {
        let first = candidates.first().copied().unwrap_or_default();
        notes.push(Note::new(first, format!("not found: {lacking}")));
        return (Value::Null, None);
    };
    if !meta.is_file() {
        let message = format!("not a regular file: not read: {lacking}");
        notes.push(Note::new(path, message));
        return (Value::Null, Some(path.to_string()));
    }
    let text = std::fs::read_to_string(source.join(path)).map_err(|e| e.to_string());
    match text.and_then(|text| super::frontmatter::parse(&text).map_err(|e| e.to_string())) {
        Ok((value, quoted)) => {
            if !quoted.is_empty() {
                notes.push(Note::new(
                    path,
                    format!("not valid YAML; read with {} quoted", quoted.join(", ")),
                ));
            }
            (value, Some(path.to_string()))
        }
        Err(why) => {
            notes.push(Note::new(path, format!("not read ({why}): {lacking}")));
            (Value::Null, Some(path.to_string()))
        }
    }
}

/// The `candidates` other than `read` that `source` has too: settings
/// files the tool no longer reads beside the one it does.
pub(super) fn others(source: &Path, candidates: &[&str], read: Option<&str>) -> Vec<String> {
    (candidates.iter())
        .filter(|path| Some(**path) != read && source.join(path).symlink_metadata().is_ok())
        .map(|path| path.to_string())
        .collect()
}

/// The text at `key` (a string, or a number written without quotes).
pub(super) fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The texts of the list at `key`; anything else in it is left out.
pub(super) fn texts(value: &Value, key: &str) -> Vec<String> {
    let items = value.get(key).and_then(Value::as_sequence);
    items
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}
