//! The built-in mapping for Backlog.md: its folders under `backlog/`, its
//! field names, and what `backlog/config.yml` says.

use super::mapping::{Folder, Mapping};
use super::source_config;
use std::path::Path;

/// Backlog.md's layout, with the project name, statuses, task prefix and
/// definition of done from `backlog/config.yml` when it has them. What
/// reading the config took is in the mapping's notes.
pub fn backlog_md(source: &Path) -> Mapping {
    let mut notes = Vec::new();
    let candidates = ["backlog/config.yml", "backlog/config.yaml"];
    let lacking = "no project name, statuses or prefix";
    let (config, settings) = source_config::read(source, &candidates, lacking, &mut notes);
    let text = |key: &str| source_config::text(&config, key);
    let texts = |key: &str| source_config::texts(&config, key);
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
        unread_settings: source_config::others(source, &candidates, settings.as_deref()),
        settings,
        ..Mapping::empty("Backlog.md")
    }
}
