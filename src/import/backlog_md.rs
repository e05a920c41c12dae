//! The built-in mapping for Backlog.md: its folders under `backlog/`, its
//! field names, and what `backlog/config.yml` says.

use super::mapping::{Fields, Folder, Mapping};
use serde_yaml::Value;
use std::path::Path;

/// Backlog.md's layout, with the project name, statuses, task prefix and
/// definition of done from `backlog/config.yml` when it has them.
pub fn backlog_md(source: &Path) -> Mapping {
    let config: Value = std::fs::read_to_string(source.join("backlog/config.yml"))
        .ok()
        .and_then(|text| serde_yaml::from_str(&text).ok())
        .unwrap_or(Value::Null);
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
    Mapping {
        name: "Backlog.md".into(),
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
        id_prefix: text("task_prefix")
            .or_else(|| text("prefix"))
            .or(Some("task".into())),
        fields: Fields::default(),
        statuses: Default::default(),
        types: Default::default(),
        milestones: Some("backlog/milestones".into()),
        criteria_heading: "Acceptance Criteria".into(),
        title: text("project_name"),
        definition_of_done: texts("definition_of_done"),
        known_statuses: texts("statuses"),
        default_status: text("default_status"),
    }
}
