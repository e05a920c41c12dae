//! Source tasks made into rankdown items: ids, statuses, types, features
//! from parents and milestones, dependencies, and the team backlog's order.

use super::body::{self, Body};
use super::ids;
use super::mapping::{Mapping, Status};
use super::read::SourceTask;
use super::{Note, dates};
use crate::words::noun;
use rayon::prelude::*;
use serde_yaml::{Mapping as Yaml, Value};
use std::collections::BTreeMap;

/// A task read into what rankdown needs.
#[derive(Debug)]
pub(super) struct Task {
    /// The rankdown id.
    pub id: String,
    /// The source file, relative to the source folder.
    pub path: String,
    pub title: String,
    /// What the status became.
    pub status: Status,
    /// story, enabler, defect or spike.
    pub kind: String,
    pub labels: Vec<String>,
    /// Ids of tasks it depends on, resolved.
    pub depends_on: Vec<String>,
    /// The parent task's id, resolved.
    pub parent: Option<String>,
    pub milestone: Option<String>,
    pub order: Option<f64>,
    /// 0 high, 1 medium, 2 low, 3 none.
    pub priority: u8,
    pub points: Option<u64>,
    pub body: Body,
    /// Fields without an equivalent, kept under `extra:`.
    pub extra: Yaml,
}

/// Reads every source task into a [`Task`]; a file whose id is taken by a
/// file of higher precedence is skipped. Decisions are noted by file.
pub(super) fn tasks(
    sources: Vec<SourceTask>,
    mapping: &Mapping,
    reserved: &[String],
    skipped: &mut Vec<Note>,
    decisions: &mut Vec<Note>,
) -> Vec<Task> {
    // Ids first: which file wins each id (case and padding aside).
    let mut by_key: BTreeMap<String, (String, SourceTask)> = BTreeMap::new();
    let mut sources = sources;
    sources.sort_by(|a, b| (a.precedence, &a.path).cmp(&(b.precedence, &b.path)));
    for source in sources {
        let field = source.split.fields.get(mapping.fields.id.as_str());
        // YAML reads `id: 1.10` as the number 1.1: the file name has the id
        // as written.
        let numeric = field.is_some_and(Value::is_number) && !source.name_id.is_empty();
        let written = match numeric {
            true => Some(source.name_id.clone()),
            false => text(field),
        };
        let Some(id) = written
            .as_deref()
            .and_then(ids::clean)
            .or_else(|| ids::clean(&source.name_id))
        else {
            skipped.push(Note::new(
                &source.path,
                "no id in the front matter or the file name",
            ));
            continue;
        };
        match by_key.get(&ids::key(&id)) {
            Some((_, kept)) => skipped.push(Note::new(
                &source.path,
                format!("id `{id}` is also in `{}`, which is kept", kept.path),
            )),
            None => {
                if let Some(written) = written.filter(|w| *w != id) {
                    decisions.push(Note::new(
                        &source.path,
                        format!("id `{written}` written as `{id}`"),
                    ));
                }
                by_key.insert(ids::key(&id), (id, source));
            }
        }
    }
    // A task with the id of a file import makes (the team, a role, the
    // catch-all feature) is renamed; references to it follow.
    let reserved: Vec<String> = reserved.iter().map(|id| ids::key(id)).collect();
    let mut used: std::collections::BTreeSet<String> = by_key.keys().cloned().collect();
    used.extend(reserved.iter().cloned());
    for (key, (id, source)) in by_key.iter_mut() {
        if reserved.contains(key) {
            let renamed = (1..)
                .map(|n| match n {
                    1 => format!("{id}-task"),
                    n => format!("{id}-task-{n}"),
                })
                .find(|candidate| !used.contains(&ids::key(candidate)))
                .unwrap_or_default();
            used.insert(ids::key(&renamed));
            decisions.push(Note::new(
                &source.path,
                format!("id `{id}` is the id of the team, a role or the catch-all feature; written as `{renamed}`"),
            ));
            *id = renamed;
        }
    }
    let resolver = ids::Resolver::new(
        by_key
            .iter()
            .map(|(key, (id, _))| (key.clone(), id.clone())),
        mapping.id_prefix.as_deref(),
        &mapping.legacy_prefixes,
    );
    let read: Vec<(Task, Vec<Note>)> = by_key
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(id, source)| {
            let mut notes = Vec::new();
            (task(id, source, mapping, &resolver, &mut notes), notes)
        })
        .collect();
    read.into_iter()
        .map(|(task, notes)| {
            decisions.extend(notes);
            task
        })
        .collect()
}

fn task(
    id: String,
    source: SourceTask,
    mapping: &Mapping,
    resolver: &ids::Resolver,
    decisions: &mut Vec<Note>,
) -> Task {
    let fields = &source.split.fields;
    let names = &mapping.fields;
    let path = source.path.clone();
    let mut note = |message: String| decisions.push(Note::new(&path, message));
    if !source.split.quoted.is_empty() {
        let values: Vec<String> = source
            .split
            .quoted
            .iter()
            .map(|v| format!("`{v}`"))
            .collect();
        note(format!(
            "front matter is not valid YAML (a value starts with `@` or a backtick); read with {} quoted",
            values.join(", ")
        ));
    }
    let title = match (text(fields.get(names.title.as_str())), &source.name_title) {
        (Some(title), _) => title,
        (None, Some(from_name)) => {
            note(format!("no title; `{from_name}` taken from the file name"));
            from_name.clone()
        }
        (None, None) => {
            note("no title; the id used".into());
            id.clone()
        }
    };
    let mut labels = list(fields.get(names.labels.as_str()));
    let written_status = text(fields.get(names.status.as_str())).or(source.folder.status.clone());
    let status = match (&written_status, source.folder.drafts) {
        (_, true) => {
            labels.push("draft".into());
            Status::Backlog
        }
        (None, false) => match mapping
            .default_status
            .as_deref()
            .and_then(|d| mapping.status(d).map(|s| (d, s)))
        {
            Some((default, status)) => {
                note(format!("no status; the source's default `{default}` used"));
                status
            }
            None => {
                note("no status; imported as backlog".into());
                Status::Backlog
            }
        },
        (Some(written), false) => {
            let folded = super::mapping::fold(written);
            let declared = mapping
                .known_statuses
                .iter()
                .any(|s| super::mapping::fold(s) == folded);
            match mapping.status(written) {
                Some(status) if declared || mapping.known_statuses.is_empty() => status,
                Some(status) => {
                    note(format!(
                        "status `{written}` is not among the statuses the source declares; imported as {}",
                        status.story_status().as_str()
                    ));
                    status
                }
                None => {
                    note(format!(
                        "status `{written}` is not one rankdown knows; imported as backlog"
                    ));
                    Status::Backlog
                }
            }
        }
    };
    if status == Status::WontDo {
        labels.push("wont-do".into());
    }
    if source.folder.archive {
        labels.push("archived".into());
    }
    labels.sort();
    labels.dedup();
    let kind = text(fields.get(names.r#type.as_str()))
        .map_or("story", |k| mapping.story_type(&k))
        .to_string();
    let mut depends_on = Vec::new();
    for reference in list(fields.get(names.dependencies.as_str())) {
        match resolver.resolve(&reference) {
            Some((target, _)) if target == id => {
                note(format!("depends on itself (`{reference}`); dropped"))
            }
            Some((target, guessed)) => {
                if guessed {
                    note(format!("dependency `{reference}` read as `{target}`"));
                }
                depends_on.push(target.to_string());
            }
            None => note(format!(
                "depends on `{reference}`, which is not in the source; dropped"
            )),
        }
    }
    depends_on.sort();
    depends_on.dedup();
    let parent = match text(fields.get(names.parent.as_str())) {
        Some(reference) => match resolver.resolve(&reference) {
            Some((target, guessed)) if target != id => {
                if guessed {
                    note(format!("parent `{reference}` read as `{target}`"));
                }
                Some(target.to_string())
            }
            _ => {
                note(format!(
                    "parent `{reference}` is not in the source; imported without it"
                ));
                None
            }
        },
        // A subtask id (`task-4.1`) names its parent (`task-4`).
        None => id
            .rsplit_once('.')
            .and_then(|(parent, _)| resolver.resolve(parent))
            .map(|(parent, _)| parent.to_string()),
    };
    let body = body::read(&source.split.body, &mapping.criteria_heading);
    if body.unchecked_plain > 0 {
        note(format!(
            "{} acceptance {} had no checkbox; imported as unchecked",
            body.unchecked_plain,
            noun(body.unchecked_plain, "criterion", "criteria")
        ));
    }
    if body.gherkin_kept_as_text > 0 {
        note(format!(
            "{} `gherkin` {} among the criteria would not pass check (no parse, or a scenario without `Then`); kept as `text`",
            body.gherkin_kept_as_text,
            noun(body.gherkin_kept_as_text, "block", "blocks")
        ));
    }
    let written_points = fields.get(names.points.as_str());
    let points = written_points
        .and_then(Value::as_u64)
        .filter(|p| u32::try_from(*p).is_ok());
    if let (Some(written), None) = (written_points.filter(|v| !v.is_null()), points) {
        let shown = serde_yaml::to_string(written).unwrap_or_default();
        note(format!(
            "points `{}` is not a whole number rankdown takes; kept under extra",
            shown.trim()
        ));
    }
    // Kept as written: every field without a rankdown equivalent, and
    // points rankdown cannot take.
    let mut extra = Yaml::new();
    for (key, value) in fields {
        let key = match key {
            Value::String(key) => key.clone(),
            other => text(Some(other)).unwrap_or_default(),
        };
        let has_equivalent = names.with_equivalent().contains(&key.as_str());
        let lists = [names.labels.as_str(), names.dependencies.as_str()];
        let readable = match value {
            Value::Mapping(_) | Value::Tagged(_) => false,
            Value::Sequence(_) => lists.contains(&key.as_str()),
            _ => key != names.points || points.is_some(),
        };
        if has_equivalent && readable {
            continue;
        }
        if has_equivalent && key != names.points && !value.is_null() {
            note(format!(
                "`{key}` is not in a form rankdown reads; kept under extra"
            ));
        }
        let key = key.as_str();
        let value = match (key.ends_with("date"), value.as_str()) {
            (true, Some(written)) => match dates::iso(written) {
                Some(iso) => {
                    if !written.trim().starts_with(&iso[..10]) {
                        note(format!("`{key}` `{written}` read as {}", &iso[..10]));
                    }
                    Value::String(iso)
                }
                None => {
                    note(format!(
                        "`{key}` `{written}` is not a date rankdown reads; kept as written"
                    ));
                    value.clone()
                }
            },
            _ => value.clone(),
        };
        extra.insert(Value::String(key.to_string()), value);
    }
    extra.insert("imported_from".into(), Value::String(source.path.clone()));
    Task {
        id,
        path: source.path,
        title,
        status,
        kind,
        labels,
        depends_on,
        parent,
        milestone: text(fields.get(names.milestone.as_str())),
        order: fields.get(names.order.as_str()).and_then(number),
        priority: match text(fields.get(names.priority.as_str()))
            .map(|p| super::mapping::fold(&p))
            .as_deref()
        {
            Some("high" | "critical" | "urgent") => 0,
            Some("medium" | "normal") => 1,
            Some("low") => 2,
            _ => 3,
        },
        points,
        body,
        extra,
    }
}

/// A scalar as text; `None` for nothing, an empty text or a non-scalar.
fn text(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

/// A list as texts: a YAML list (lists inside it flattened), or one text
/// with items separated by commas.
fn list(value: Option<&Value>) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Sequence(items) => items.iter().for_each(|item| walk(item, out)),
            Value::String(s) => out.extend(
                s.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from),
            ),
            other => out.extend(text(Some(other))),
        }
    }
    let mut out = Vec::new();
    if let Some(value) = value {
        walk(value, &mut out);
    }
    out
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Ids in natural order: `task-2` before `task-10`.
pub(super) fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    fn key(id: &str) -> Vec<(String, u64)> {
        let mut parts = Vec::new();
        let mut word = String::new();
        let mut digits = String::new();
        for c in id.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                if !digits.is_empty() {
                    parts.push((
                        std::mem::take(&mut word),
                        digits.parse().unwrap_or(u64::MAX),
                    ));
                    digits.clear();
                }
                word.push(c.to_ascii_lowercase());
            }
        }
        parts.push((word, digits.parse().unwrap_or(0)));
        parts
    }
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}
