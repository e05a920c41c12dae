//! Jira's CSV export read as source tasks: columns repeated for each value
//! (`Sprint`, `Labels`, `Outward issue link (Blocks)`), the hierarchy from
//! `Parent` and `Custom field (Epic Link)`, wiki markup made Markdown,
//! dates made ISO, and the rank or the export's order kept.

mod columns;
mod wiki;

use super::Note;
use super::mapping::{Fields, Folder, Mapping};
use super::read::SourceTask;
use super::settings::Settings;
use columns::Row;
use serde_yaml::{Mapping as Yaml, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A Jira export read: its issues as source tasks, the mapping that
/// describes them, the teams they name, and what was not read.
#[derive(Debug)]
pub struct Export {
    /// Each issue, as a task of the shared import steps.
    pub(super) tasks: Vec<SourceTask>,
    /// How those tasks read.
    pub mapping: Mapping,
    /// The teams `--team-from` found, as ids.
    pub teams: Vec<String>,
    /// Rows not imported, and why.
    pub(super) skipped: Vec<Note>,
}

/// Reads the CSV export `file`; `team_from` names the column whose value
/// is each issue's team. Fails when the file is not a Jira export.
pub fn read(file: &Path, settings: &Settings, team_from: Option<&str>) -> anyhow::Result<Export> {
    let rows = columns::read(file)?;
    let mut skipped = Vec::new();
    let keys = columns::keys_by_id(&rows);
    let epics: BTreeMap<&str, bool> = rows
        .iter()
        .map(|r| {
            (
                r.key(),
                r.first("Issue Type")
                    .is_some_and(|t| t.eq_ignore_ascii_case("epic")),
            )
        })
        .collect();
    let by_key: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.key(), r)).collect();
    let blocked_by = columns::blocked_by(&rows);
    let order = columns::order(&rows);
    let mut teams = Vec::new();
    let mut tasks = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        if row.key().is_empty() {
            skipped.push(Note::new(&row.place(), "no `Issue key`: not an issue"));
            continue;
        }
        let mut fields = fields(row, settings, &keys, (&by_key, &epics));
        let dependencies = blocked_by.get(row.key()).cloned().unwrap_or_default();
        let dependencies = dependencies.into_iter().map(Value::String).collect();
        fields.insert("dependencies".into(), Value::Sequence(dependencies));
        fields.insert("order".into(), Value::from(order[index] as u64));
        if let Some(team) = team_from
            .and_then(|c| row.first(c))
            .and_then(super::ids::clean)
        {
            if !teams.contains(&team) {
                teams.push(team.clone());
            }
            fields.insert("team".into(), Value::String(team));
        }
        let body = body(row, settings);
        tasks.push(task(row, fields, body));
    }
    Ok(Export {
        mapping: mapping(settings, &rows),
        tasks,
        teams,
        skipped,
    })
}

/// One issue as a source task.
fn task(row: &Row, fields: Yaml, body: String) -> SourceTask {
    SourceTask {
        path: row.place(),
        folder: Folder {
            path: String::new(),
            archive: false,
            drafts: false,
            status: None,
            documents: false,
        },
        precedence: 0,
        name_id: row.key().to_string(),
        name_title: None,
        split: super::frontmatter::Split {
            fields,
            body,
            quoted: Vec::new(),
        },
    }
}

/// The fields import reads, and every other column with a value (under
/// its name made a key), repeated columns as lists.
fn fields(
    row: &Row,
    settings: &Settings,
    keys: &BTreeMap<String, String>,
    (rows, epics): (&BTreeMap<&str, &Row>, &BTreeMap<&str, bool>),
) -> Yaml {
    let mut fields = Yaml::new();
    let mut set = |key: &str, value: Value| {
        fields.insert(Value::String(key.into()), value);
    };
    set("id", row.key().into());
    let text = |column: &str| row.first(column).map(|v| Value::String(v.to_string()));
    for (key, column) in [
        ("title", "Summary"),
        ("type", "Issue Type"),
        ("priority", "Priority"),
    ] {
        if let Some(value) = text(column) {
            set(key, value);
        }
    }
    if let Some(status) = status(row, settings) {
        if Some(status.as_str()) != row.first("Status") {
            let written = row.first("Status").unwrap_or_default();
            set("jira_status", Value::String(written.to_string()));
        }
        set("status", Value::String(status));
    }
    set(
        "labels",
        row.all("Labels").into_iter().map(Value::from).collect(),
    );
    if let Some(points) = row.points() {
        set("points", points);
    }
    let sprints = row.all("Sprint");
    if let Some(sprint) = sprints.last() {
        set("sprint", Value::String(sprint.to_string()));
    }
    if sprints.len() > 1 {
        set("sprints", sprints.into_iter().map(Value::from).collect());
    }
    let epic = columns::epic(row, keys, rows, epics);
    let parent = columns::parent_of(row, keys);
    if let Some(parent) = parent.filter(|p| Some(p) != epic.as_ref()) {
        set("parent_issue", Value::String(parent));
    }
    if let Some(epic) = epic {
        set("parent", Value::String(epic));
    }
    for (name, value) in row.other_columns(settings.criteria_field.as_deref()) {
        set(&name, value);
    }
    fields
}

/// The status: Jira's own when a table knows it, else its status category
/// (`To Do`, `In Progress`, `Done`) when the export has that column.
fn status(row: &Row, settings: &Settings) -> Option<String> {
    let status = row.first("Status")?;
    let known = settings
        .statuses
        .keys()
        .any(|s| super::mapping::fold(s) == super::mapping::fold(status));
    let builtin = super::mapping::builtin_status(&super::mapping::fold(status)).is_some();
    match (known || builtin, row.first("Status Category")) {
        (false, Some(category)) => Some(category.to_string()),
        _ => Some(status.to_string()),
    }
}

/// The description made Markdown, then the acceptance criteria column (as
/// a section of its own) and the comments.
fn body(row: &Row, settings: &Settings) -> String {
    let mut body = row
        .first("Description")
        .map(wiki::to_markdown)
        .unwrap_or_default();
    let criteria = settings
        .criteria_field
        .as_deref()
        .and_then(|c| row.first(c));
    if let Some(criteria) = criteria {
        let items: Vec<String> = wiki::to_markdown(criteria)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| match l.trim_start().starts_with(['-', '*']) {
                true => l.to_string(),
                false => format!("- {}", l.trim()),
            })
            .collect();
        body.push_str(&format!(
            "\n\n## Acceptance Criteria\n\n{}\n",
            items.join("\n")
        ));
    }
    let comments = row.all("Comment");
    if !comments.is_empty() {
        body.push_str("\n\n## Comments\n");
        for comment in comments {
            // Jira writes `date;author;text`.
            let mut parts = comment.splitn(3, ';');
            let (date, author, text) = (parts.next(), parts.next(), parts.next());
            let (head, text) = match (date, author, text) {
                (Some(date), Some(author), Some(text)) => {
                    let date = super::dates::iso(date).unwrap_or_else(|| date.to_string());
                    (format!("{date}, {author}"), text)
                }
                _ => ("Comment".to_string(), comment),
            };
            body.push_str(&format!("\n### {head}\n\n{}\n", wiki::to_markdown(text)));
        }
    }
    body
}

/// The mapping Jira issues read through: the fields set above, the
/// user's statuses, types and sprints, Epic made a feature.
fn mapping(settings: &Settings, rows: &[Row]) -> Mapping {
    let project = rows.iter().find_map(|r| r.first("Project name"));
    let mut mapping = Mapping::empty("Jira");
    mapping.title = project.map(str::to_string);
    mapping.fields = Fields {
        parent: "parent".into(),
        order: "order".into(),
        ..Fields::default()
    };
    settings.apply_to(&mut mapping);
    mapping.feature_types = vec!["epic".into()];
    mapping.team_field = Some("team".into());
    mapping.derived_fields = vec!["order".into(), "team".into()];
    mapping
}
