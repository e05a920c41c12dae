//! Source tasks made into rankdown items: ids, statuses, types, features
//! from parents and milestones, dependencies, and the team backlog's order.

use super::body::{self, Body};
use super::ids;
use super::mapping::{Fields, Folder, Mapping, Status};
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
    /// The iteration its sprint became.
    pub iteration: Option<String>,
    /// Where its sprint comes in the source's plan (see
    /// [`Mapping::sprint_rank`]), the first 0.
    pub sprint_rank: Option<usize>,
    /// Its team, when the source names one (else the import's team).
    pub team: Option<String>,
    /// Whether its type makes it a feature (Jira's Epic), stories or not.
    pub is_feature: bool,
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
    let (mut by_key, shadowed) = winners(sources, &mapping.fields.id, skipped, decisions);
    rename_reserved(&mut by_key, reserved, decisions);
    let resolver = ids::Resolver::new(
        by_key
            .iter()
            .map(|(key, (id, _))| (key.clone(), id.clone())),
        mapping.id_prefix.as_deref(),
        &mapping.legacy_prefixes,
    );
    let kept: BTreeMap<String, usize> = by_key
        .iter()
        .map(|(key, (_, source))| (key.clone(), source.precedence))
        .collect();
    let context = Context {
        mapping,
        resolver: &resolver,
        shadowed: &shadowed,
        kept: &kept,
    };
    let read: Vec<(Task, Vec<Note>)> = by_key
        .into_values()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(id, source)| {
            let mut notes = Vec::new();
            (task(id, source, &context, &mut notes), notes)
        })
        .collect();
    read.into_iter()
        .map(|(task, notes)| {
            decisions.extend(notes);
            task
        })
        .collect()
}

/// Source files by id key, each with its id: the file of the earliest
/// folder wins an id.
type Winners = BTreeMap<String, (String, SourceTask)>;

/// Which file wins each id (case and padding aside), and for each id a
/// later file lost, that file's folder precedence.
fn winners(
    mut sources: Vec<SourceTask>,
    id_field: &str,
    skipped: &mut Vec<Note>,
    decisions: &mut Vec<Note>,
) -> (Winners, BTreeMap<String, Vec<usize>>) {
    let mut by_key = Winners::new();
    let mut shadowed: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    sources.sort_by(|a, b| (a.precedence, &a.path).cmp(&(b.precedence, &b.path)));
    for source in sources {
        let (id, written) = match source_id(&source, id_field) {
            Ok(found) => found,
            Err(note) => {
                skipped.push(note);
                continue;
            }
        };
        match by_key.get(&ids::key(&id)) {
            Some((_, kept)) => {
                skipped.push(Note::new(
                    &source.path,
                    format!("id `{id}` is also in `{}`, which is kept", kept.path),
                ));
                let lost = shadowed.entry(ids::key(&id)).or_default();
                lost.push(source.precedence);
            }
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
    (by_key, shadowed)
}

/// A source file's id and the id as written, or why it has none.
fn source_id(source: &SourceTask, id_field: &str) -> Result<(String, Option<String>), Note> {
    let field = source.split.fields.get(id_field);
    // YAML reads `id: 1.10` as the number 1.1: the file name has the id
    // as written.
    let numeric = field.is_some_and(Value::is_number) && !source.name_id.is_empty();
    let written = match numeric {
        true => Some(source.name_id.clone()),
        false => text(field),
    };
    let id = written
        .as_deref()
        .and_then(ids::clean)
        .or_else(|| ids::clean(&source.name_id))
        .ok_or_else(|| Note::new(&source.path, "no id in the front matter or the file name"))?;
    Ok((id, written))
}

/// Renames each task with the id of a file import makes (the team, a role,
/// the catch-all feature); references to it follow.
fn rename_reserved(by_key: &mut Winners, reserved: &[String], decisions: &mut Vec<Note>) {
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
}

/// What reading one task needs besides the file.
struct Context<'a> {
    mapping: &'a Mapping,
    resolver: &'a ids::Resolver,
    /// For each id a file lost, the folders (by precedence) of the losers.
    shadowed: &'a BTreeMap<String, Vec<usize>>,
    /// For each imported id, the folder (by precedence) of its file.
    kept: &'a BTreeMap<String, usize>,
}

/// Reads one source task under the id `id`, noting each decision it takes.
fn task(id: String, source: SourceTask, context: &Context, decisions: &mut Vec<Note>) -> Task {
    let (mapping, resolver) = (context.mapping, context.resolver);
    let fields = &source.split.fields;
    let names = &mapping.fields;
    let path = source.path.clone();
    let mut note = |message: String| decisions.push(Note::new(&path, message));
    note_quoted(&source.split.quoted, &mut note);
    let get = |name: &String| fields.get(name.as_str());
    let title = title(
        text(get(&names.title)),
        source.name_title.as_ref(),
        &id,
        &mut note,
    );
    let written_status = text(get(&names.status)).or(source.folder.status.clone());
    let status = status(
        written_status.as_deref(),
        &source.folder,
        mapping,
        &mut note,
    );
    let labels = labels(get(&names.labels), &source.folder, status);
    let written_type = text(get(&names.r#type));
    let kind = written_type
        .as_deref()
        .map_or("story", |k| mapping.story_type(k))
        .to_string();
    let is_feature = written_type.is_some_and(|t| {
        let t = super::mapping::fold(&t);
        mapping
            .feature_types
            .iter()
            .any(|f| super::mapping::fold(f) == t)
    });
    let team = mapping.team_field.as_ref().and_then(|f| text(get(f)));
    let depends_on = depends_on(get(&names.dependencies), &id, resolver, &mut note);
    let parent = parent(text(get(&names.parent)), &id, resolver, &mut note)
        .filter(|parent| !shadowed_parent(parent, source.precedence, context, &mut note));
    let body = read_body(
        &source.split.body,
        (&title, &mapping.criteria_heading),
        &mut note,
    );
    let points = points(get(&names.points), &mut note).or_else(|| {
        let size = text(get(&names.size));
        looked_up(
            size,
            ("size", "sizes", "points"),
            |s| mapping.size_points(s),
            &mut note,
        )
    });
    let sprint = text(get(&names.sprint));
    let sprint_rank = sprint.as_deref().and_then(|s| mapping.sprint_rank(s));
    // A sprint the source plans but gives no dates was noted once, with
    // the sequence; only one it does not know at all is noted here.
    let table = match mapping.sprint_sequence.is_empty() {
        true => "sprints",
        false => "sprints.sequence",
    };
    let what = ("sprint", table, "iteration");
    let iteration = match sprint_rank {
        Some(_) => sprint.as_deref().and_then(|s| mapping.iteration_of(s)),
        None => looked_up(sprint, what, |s| mapping.iteration_of(s), &mut note),
    };
    let mut extra = extra(fields, names, points.is_some(), &mut note);
    for derived in &mapping.derived_fields {
        extra.remove(derived.as_str());
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
        milestone: text(get(&names.milestone)),
        order: get(&names.order).and_then(number),
        priority: priority(text(get(&names.priority))),
        points,
        iteration,
        sprint_rank,
        team,
        is_feature,
        body,
        extra,
    }
}

/// Whether `parent` (an imported id) is not the parent meant: the task's
/// own folder had a file with that id which lost it to a file of another
/// folder (an archived parent whose id a current task reuses). Noted.
fn shadowed_parent(
    parent: &str,
    precedence: usize,
    context: &Context,
    note: &mut impl FnMut(String),
) -> bool {
    let key = ids::key(parent);
    let lost_here = context
        .shadowed
        .get(&key)
        .is_some_and(|lost| lost.contains(&precedence));
    let kept_here = context.kept.get(&key) == Some(&precedence);
    let other = lost_here && !kept_here;
    if other {
        note(format!(
            "parent `{parent}` in its own folder was not imported (a task of an earlier folder has that id); imported without a parent rather than under that unrelated task"
        ));
    }
    other
}

/// Notes the values that had to be quoted for the front matter to read.
fn note_quoted(quoted: &[String], note: &mut impl FnMut(String)) {
    if quoted.is_empty() {
        return;
    }
    let values: Vec<String> = quoted.iter().map(|v| format!("`{v}`")).collect();
    note(format!(
        "front matter is not valid YAML (a value starts with `@` or a backtick); read with {} quoted",
        values.join(", ")
    ));
}

/// The title as written, else the one in the file name, else the id.
fn title(
    written: Option<String>,
    from_name: Option<&String>,
    id: &str,
    note: &mut impl FnMut(String),
) -> String {
    match (written, from_name) {
        (Some(title), _) => title,
        (None, Some(from_name)) => {
            note(format!("no title; `{from_name}` taken from the file name"));
            from_name.clone()
        }
        (None, None) => {
            note("no title; the id used".into());
            id.to_string()
        }
    }
}

/// What the status becomes: the written one (or the folder's) mapped, else
/// the source's default. A draft is backlog unless it says it is finished.
fn status(
    written: Option<&str>,
    folder: &Folder,
    mapping: &Mapping,
    note: &mut impl FnMut(String),
) -> Status {
    match (written, folder.drafts) {
        (None, true) => Status::Backlog,
        (Some(written), true) => draft_status(written, mapping, note),
        (None, false) => default_status(mapping, note),
        (Some(written), false) => written_status(written, mapping, note),
    }
}

/// A draft's status: done (or won't do) when it says so, else backlog, so
/// finished drafts are not ranked as open work; any status but a to-do one
/// is noted.
fn draft_status(written: &str, mapping: &Mapping, note: &mut impl FnMut(String)) -> Status {
    match mapping.status(written) {
        Some(Status::Backlog) => Status::Backlog,
        Some(status @ (Status::Done | Status::WontDo)) => {
            note(format!(
                "a draft with status `{written}`; imported as done, labelled `draft`"
            ));
            status
        }
        _ => {
            note(format!(
                "a draft with status `{written}`; imported as backlog, labelled `draft`"
            ));
            Status::Backlog
        }
    }
}

/// The status of a task that has none: the source's default, else backlog.
fn default_status(mapping: &Mapping, note: &mut impl FnMut(String)) -> Status {
    match mapping
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
    }
}

/// What a written status becomes, noting one the source does not declare
/// and one rankdown does not know (imported as backlog).
fn written_status(written: &str, mapping: &Mapping, note: &mut impl FnMut(String)) -> Status {
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

/// The written labels in the source's order, then `draft`, `wont-do` and
/// `archived` where they apply, without repeats.
fn labels(written: Option<&Value>, folder: &Folder, status: Status) -> Vec<String> {
    let mut labels = list(written);
    if folder.drafts {
        labels.push("draft".into());
    }
    if status == Status::WontDo {
        labels.push("wont-do".into());
    }
    if folder.archive {
        labels.push("archived".into());
    }
    let mut seen = std::collections::BTreeSet::new();
    labels.retain(|label| seen.insert(label.clone()));
    labels
}

/// The dependencies resolved, sorted and without repeats; one on the task
/// itself or on a task not in the source is dropped.
fn depends_on(
    written: Option<&Value>,
    id: &str,
    resolver: &ids::Resolver,
    note: &mut impl FnMut(String),
) -> Vec<String> {
    let mut depends_on = Vec::new();
    for reference in list(written) {
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
    depends_on
}

/// The parent task's id: the written one resolved, else the one a subtask
/// id names (`task-4.1` names `task-4`).
fn parent(
    written: Option<String>,
    id: &str,
    resolver: &ids::Resolver,
    note: &mut impl FnMut(String),
) -> Option<String> {
    let named = id
        .rsplit_once('.')
        .and_then(|(parent, _)| resolver.resolve(parent))
        .map(|(parent, _)| parent.to_string());
    let Some(reference) = written else {
        return named;
    };
    match (resolver.resolve(&reference), named) {
        (Some((target, guessed)), _) if target != id => {
            if guessed {
                note(format!("parent `{reference}` read as `{target}`"));
            }
            Some(target.to_string())
        }
        (_, Some(named)) => {
            note(format!(
                "parent `{reference}` is not in the source; `{named}`, which the id names, taken as the parent"
            ));
            Some(named)
        }
        (_, None) => {
            note(format!(
                "parent `{reference}` is not in the source; imported without it"
            ));
            None
        }
    }
}

/// What `written` stands for in one of the mapping's tables (`sizes`,
/// `sprints`); a value the table does not have is noted, and stays under
/// `extra:` as the field it came from.
fn looked_up<T>(
    written: Option<String>,
    (field, table, becomes): (&str, &str, &str),
    lookup: impl Fn(&str) -> Option<T>,
    note: &mut impl FnMut(String),
) -> Option<T> {
    let written = written?;
    let found = lookup(&written);
    if found.is_none() {
        note(format!(
            "{field} `{written}` is not in `{table}`; no {becomes}, {field} kept under extra"
        ));
    }
    found
}

/// Reads the body, noting an opening heading that repeats the title (left
/// out), criteria given a checkbox and Gherkin kept as text.
fn read_body(
    text: &str,
    (title, criteria_heading): (&str, &str),
    note: &mut impl FnMut(String),
) -> Body {
    let untitled = body::without_title(text, title);
    if untitled.is_some() {
        note("the text's first heading repeats the title; left out".into());
    }
    let body = body::read(untitled.as_deref().unwrap_or(text), criteria_heading);
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
    body
}

/// The points, if a whole number rankdown takes; any other value is noted.
fn points(written: Option<&Value>, note: &mut impl FnMut(String)) -> Option<u64> {
    let points = written
        .and_then(Value::as_u64)
        .filter(|p| u32::try_from(*p).is_ok());
    if let (Some(written), None) = (written.filter(|v| !v.is_null()), points) {
        let shown = serde_yaml::to_string(written).unwrap_or_default();
        note(format!(
            "points `{}` is not a whole number rankdown takes; kept under extra",
            shown.trim()
        ));
    }
    points
}

/// The fields kept under `extra:`, dates made ISO where they read as dates.
fn extra(fields: &Yaml, names: &Fields, points_read: bool, note: &mut impl FnMut(String)) -> Yaml {
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
            _ => key != names.points || points_read,
        };
        if has_equivalent && readable {
            continue;
        }
        if has_equivalent && key != names.points && !value.is_null() {
            note(format!(
                "`{key}` is not in a form rankdown reads; kept under extra"
            ));
        }
        let value = extra_value(&key, value, note);
        extra.insert(Value::String(key), value);
    }
    extra
}

/// A field's value as kept under `extra:`: a `…date` field that reads as a
/// date in ISO form, anything else as written.
fn extra_value(key: &str, value: &Value, note: &mut impl FnMut(String)) -> Value {
    match (key.ends_with("date"), value.as_str()) {
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
    }
}

/// The priority as a rank: 0 high, 1 medium, 2 low, 3 none.
fn priority(written: Option<String>) -> u8 {
    match written.map(|p| super::mapping::fold(&p)).as_deref() {
        Some("high" | "critical" | "urgent") => 0,
        Some("medium" | "normal") => 1,
        Some("low") => 2,
        _ => 3,
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
