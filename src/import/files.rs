//! The new root's files as text: front matter written with the YAML
//! library (so every value is quoted as it must be), then the body.

use super::Note;
use super::convert::Task;
use super::mapping::{Mapping, Status};
use crate::model::FeatureStatus;
use serde_yaml::{Mapping as Yaml, Value};

fn front_matter(fields: Yaml) -> String {
    serde_yaml::to_string(&Value::Mapping(fields)).unwrap_or_default()
}

fn document(fields: Yaml, body: &str) -> String {
    let body = body.trim();
    match body.is_empty() {
        true => format!("---\n{}---\n", front_matter(fields)),
        false => format!("---\n{}---\n\n{body}\n", front_matter(fields)),
    }
}

fn set(fields: &mut Yaml, key: &str, value: impl Into<Value>) {
    fields.insert(Value::String(key.into()), value.into());
}

fn strings(items: &[String]) -> Value {
    Value::Sequence(items.iter().map(|s| Value::String(s.clone())).collect())
}

/// `body` with an acceptance-criteria section holding one criterion added:
/// at the end, or, when the body leaves something open there (a code fence,
/// a comment) that would swallow it, at the start.
fn with_criterion(body: &str, criterion: &str, checked: bool) -> String {
    let section = format!(
        "## {}\n\n- [{}] {criterion}\n",
        super::body::CRITERIA_HEADING,
        if checked { "x" } else { " " }
    );
    let body = body.trim();
    let at_end = match body.is_empty() {
        true => section.clone(),
        false => format!("{body}\n\n{section}"),
    };
    if crate::load::criteria_of(&at_end).count() == 1 {
        return at_end;
    }
    format!("{section}\n## Description\n\n{body}\n")
}

/// A story's file; a story that has started gets a placeholder criterion
/// and `points: 0` when it has none (each a decision).
pub(super) fn story_file(
    story: &Task,
    feature: Option<&String>,
    team: &str,
    mapping: &Mapping,
    decisions: &mut Vec<Note>,
) -> String {
    let started = story.status != Status::Backlog;
    let mut body = story.body.text.clone();
    if started && story.body.criteria == 0 {
        let met = matches!(story.status, Status::Done | Status::WontDo);
        let text = match met {
            true => format!(
                "Met when it was done in {} (no acceptance criteria were written)",
                mapping.name
            ),
            false => format!(
                "Acceptance criteria to be written ({} had none)",
                mapping.name
            ),
        };
        decisions.push(Note::new(
            &story.path,
            format!(
                "no acceptance criteria; one {} placeholder criterion added",
                if met { "checked" } else { "unchecked" }
            ),
        ));
        body = with_criterion(&body, &text, met);
    }
    let points = match (story.points, started) {
        (Some(points), _) => Some(points),
        (None, true) => {
            decisions.push(Note::new(
                &story.path,
                format!(
                    "no estimate; `points: 0` written ({} stories need points)",
                    story.status.story_status().as_str()
                ),
            ));
            Some(0)
        }
        (None, false) => None,
    };
    let mut fields = Yaml::new();
    set(&mut fields, "title", story.title.clone());
    set(&mut fields, "type", story.kind.clone());
    set(&mut fields, "team", team);
    if let Some(feature) = feature {
        set(&mut fields, "feature", feature.clone());
    }
    set(&mut fields, "status", story.status.story_status().as_str());
    if let Some(points) = points {
        set(&mut fields, "points", points);
    }
    if let Some(iteration) = &story.iteration {
        set(&mut fields, "iteration", iteration.clone());
    }
    if !story.depends_on.is_empty() {
        set(&mut fields, "depends_on", strings(&story.depends_on));
    }
    if !story.labels.is_empty() {
        set(&mut fields, "labels", strings(&story.labels));
    }
    set(&mut fields, "extra", Value::Mapping(story.extra.clone()));
    document(fields, &body)
}

/// The file of a task made a feature; what a feature cannot have goes
/// under `extra:`.
pub(super) fn feature_file(
    task: &Task,
    status: FeatureStatus,
    decisions: &mut Vec<Note>,
) -> String {
    let mut extra = task.extra.clone();
    if !task.depends_on.is_empty() {
        extra.insert("depends_on".into(), strings(&task.depends_on));
    }
    if let Some(points) = task.points {
        extra.insert("points".into(), points.into());
    }
    if !task.depends_on.is_empty() || task.points.is_some() {
        decisions.push(Note::new(
            &task.path,
            "made a feature (other tasks name it as parent); its dependencies and points are kept under extra",
        ));
    }
    let mut fields = Yaml::new();
    set(&mut fields, "title", task.title.clone());
    let kind = if task.kind == "enabler" {
        "enabler"
    } else {
        "feature"
    };
    set(&mut fields, "type", kind);
    set(&mut fields, "status", status.as_str());
    if !task.labels.is_empty() {
        set(&mut fields, "labels", strings(&task.labels));
    }
    set(&mut fields, "extra", Value::Mapping(extra));
    document(fields, &task.body.text)
}

/// The file of a feature made for a milestone or the catch-all.
pub(super) fn plain_feature(title: &str, status: FeatureStatus, body: &str) -> String {
    let mut fields = Yaml::new();
    set(&mut fields, "title", title);
    set(&mut fields, "type", "feature");
    set(&mut fields, "status", status.as_str());
    document(fields, body)
}

/// The team's file: its Product Owner and its ordered backlog.
pub(super) fn team_file(team: &str, product_owner: &str, order: &[String]) -> String {
    let mut title: Vec<char> = team.replace(['-', '_'], " ").chars().collect();
    if let Some(first) = title.first_mut() {
        *first = first.to_ascii_uppercase();
    }
    let mut fields = Yaml::new();
    set(&mut fields, "title", title.into_iter().collect::<String>());
    set(&mut fields, "product_owner", product_owner);
    set(&mut fields, "backlog", strings(order));
    document(
        fields,
        "The team the imported stories belong to. Give it its members and capacity.",
    )
}

/// `rankdown.yaml`: title, program backlog, definition of done.
pub(super) fn config_file(mapping: &Mapping, program: &[String]) -> String {
    let mut fields = Yaml::new();
    set(
        &mut fields,
        "title",
        mapping
            .title
            .clone()
            .unwrap_or_else(|| "Imported backlog".into()),
    );
    set(&mut fields, "base_url", "/");
    set(&mut fields, "program_backlog", strings(program));
    if !mapping.definition_of_done.is_empty() {
        set(
            &mut fields,
            "definition_of_done",
            strings(&mapping.definition_of_done),
        );
    }
    front_matter(fields)
}

/// The PI holding the source's sprints as iterations, from the first
/// sprint's start to the last one's end.
pub(super) fn sprints_pi(mapping: &Mapping) -> Option<String> {
    let starts = mapping.sprints.iter().map(|s| s.start.as_str());
    let start = starts.min()?;
    let end = mapping.sprints.iter().map(|s| s.end.as_str()).max()?;
    let iterations = mapping
        .sprints
        .iter()
        .map(|sprint| {
            let mut it = Yaml::new();
            set(&mut it, "id", sprint.iteration_id());
            set(&mut it, "start", sprint.start.clone());
            set(&mut it, "end", sprint.end.clone());
            Value::Mapping(it)
        })
        .collect();
    let mut fields = Yaml::new();
    set(&mut fields, "title", format!("Sprints of {}", mapping.name));
    set(&mut fields, "start", start);
    set(&mut fields, "end", end);
    set(&mut fields, "iterations", Value::Sequence(iterations));
    Some(document(
        fields,
        "The sprints of the source, made iterations. Split them into PIs as the train plans.",
    ))
}
