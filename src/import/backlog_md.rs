//! The built-in mapping for Backlog.md: its folders under `backlog/`, its
//! field names, and what `backlog/config.yml` says.

use super::Note;
use super::mapping::{Folder, Mapping};
use serde_yaml::Value;
use std::path::Path;

/// What `backlog/config.yml` (or `.yaml`) says, or null; what reading it
/// took goes to `notes`. Only a regular file is read: a FIFO would never end.
fn config(source: &Path, notes: &mut Vec<Note>) -> (Value, Option<String>) {
    let found = ["config.yml", "config.yaml"]
        .iter()
        .map(|name| format!("backlog/{name}"))
        .find_map(|path| Some((std::fs::symlink_metadata(source.join(&path)).ok()?, path)));
    let text = match &found {
        Some((meta, path)) if meta.is_file() => std::fs::read_to_string(source.join(path)).ok(),
        _ => None,
    };
    let (Some(text), Some((_, path))) = (text, &found) else {
        let (path, why) = match &found {
            Some((_, path)) => (path.as_str(), "not a regular file: not read"),
            None => ("backlog/config.yml", "not found"),
        };
        notes.push(Note::new(
            path,
            format!("{why}: no project name, statuses or prefix"),
        ));
        let found = found.map(|(_, path)| path);
        return (Value::Null, found);
    };
    let value = match super::frontmatter::parse(&text) {
        Ok((value, quoted)) => {
            if !quoted.is_empty() {
                notes.push(Note::new(
                    path,
                    format!("not valid YAML; read with {} quoted", quoted.join(", ")),
                ));
            }
            value
        }
        Err(why) => {
            notes.push(Note::new(
                path,
                format!("not read ({why}): no project name, statuses or prefix"),
            ));
            Value::Null
        }
    };
    (value, Some(path.clone()))
}

/// Backlog.md's layout, with the project name, statuses, task prefix and
/// definition of done from `backlog/config.yml` when it has them. What
/// reading the config took is in the mapping's notes.
pub fn backlog_md(source: &Path) -> Mapping {
    let mut notes = Vec::new();
    let (config, settings) = config(source, &mut notes);
    let text = |key: &str| config.get(key).and_then(Value::as_str).map(str::to_string);
    let texts = |key: &str| -> Vec<String> {
        config
            .get(key)
            .and_then(Value::as_sequence)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let folder = |path: &str| Folder {
        path: format!("backlog/{path}"),
        archive: path.starts_with("archive"),
        drafts: path.ends_with("drafts"),
        status: (path == "completed").then(|| "Done".to_string()),
        documents: matches!(path, "docs" | "decisions"),
    };
    let prefix = text("task_prefix").unwrap_or_else(|| "task".into());
    Mapping {
        folders: [
            "tasks",
            "completed",
            "drafts",
            "archive/tasks",
            "archive/drafts",
            "archive/completed",
            "docs",
            "decisions",
        ]
        .into_iter()
        .map(folder)
        .collect(),
        // Projects that changed their prefix still name older tasks `task-N`.
        legacy_prefixes: match prefix.eq_ignore_ascii_case("task") {
            true => Vec::new(),
            false => vec!["task".into()],
        },
        id_prefix: Some(prefix),
        milestones: Some("backlog/milestones".into()),
        title: text("project_name"),
        definition_of_done: texts("definition_of_done"),
        known_statuses: texts("statuses"),
        default_status: text("default_status"),
        notes,
        root: Some("backlog".into()),
        more_milestones: vec!["backlog/archive/milestones".into()],
        settings,
        ..Mapping::empty("Backlog.md")
    }
}
