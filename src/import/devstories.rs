//! The built-in mapping for DevStories: stories in `.devstories/stories/`,
//! epics in `.devstories/epics/`, and what `.devstories/config.yaml` (or
//! the older `config.json`) says: project name, story id prefix, statuses
//! with their labels, sizes and the sprint sequence.

use super::Note;
use super::mapping::{Fields, Folder, Mapping, builtin_status, fold};
use super::settings::Settings;
use super::source_config;
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The folder every DevStories file is in.
pub const FOLDER: &str = ".devstories";

/// DevStories' layout with what its config file says, `settings` (the
/// user's `--config`) laid over it. What reading the config took, and what
/// import made of sizes and sprints, is in the mapping's notes.
pub fn devstories(source: &Path, settings: &Settings) -> Mapping {
    let mut notes = Vec::new();
    let candidates = [
        ".devstories/config.yaml",
        ".devstories/config.yml",
        ".devstories/config.json",
    ];
    let lacking = "no project name, id prefix, statuses, sizes or sprints";
    let (mut config, found) = source_config::read(source, &candidates, lacking, &mut notes);
    let config_path = found.clone().unwrap_or_else(|| candidates[0].to_string());
    let unreadable = without_unreadable(&mut config);
    notes.extend(unreadable.into_iter().map(|n| Note::new(&config_path, n)));
    let mut mapping = Mapping {
        folders: vec![Folder {
            path: format!("{FOLDER}/stories"),
            archive: false,
            drafts: false,
            status: None,
            documents: false,
        }],
        milestones: Some(format!("{FOLDER}/epics")),
        // `priority` is a number, the smaller first: DevStories' order.
        fields: Fields {
            milestone: "epic".into(),
            order: "priority".into(),
            ..Fields::default()
        },
        title: source_config::text(&config, "project"),
        id_prefix: story_prefix(&config),
        root: Some(FOLDER.into()),
        settings: found.clone(),
        ..Mapping::empty("DevStories")
    };
    mapping.unread_settings = source_config::others(source, &candidates, found.as_deref());
    statuses(&config, &mut mapping);
    mapping.sprint_sequence = sprint_sequence(&config);
    settings.apply_to(&mut mapping);
    if settings.sizes.is_empty() {
        let (sizes, note) = size_points(&config);
        mapping.sizes = sizes;
        notes.push(Note::new(&config_path, note));
    }
    notes.extend(undated_sprints(&mapping).map(|n| Note::new(&config_path, n)));
    mapping.notes = notes;
    mapping
}

/// Whether a setting is written in the form import reads.
type Reads = fn(&Value) -> bool;

/// Takes out of `config` each setting import reads that is written in a
/// form it cannot read (`statuses: 5`), so that DevStories' default is
/// used instead; a note for each, so nothing is dropped unsaid.
fn without_unreadable(config: &mut Value) -> Vec<String> {
    let checks: [(&str, &str, Reads); 6] = [
        ("project", "a text", |v| v.is_string() || v.is_number()),
        ("id_prefix", "a mapping with `story`", names_story_prefix),
        ("idPrefix", "a mapping with `story`", names_story_prefix),
        ("statuses", "a list of `{id, label}`", Value::is_sequence),
        ("sizes", "a list of names", is_texts),
        (
            "sprints",
            "a mapping whose `sequence` is a list of names",
            |v| v.is_mapping() && v.get("sequence").is_none_or(is_texts),
        ),
    ];
    if !config.is_null() && !config.is_mapping() {
        *config = Value::Null;
        return vec!["not a mapping of settings; not read: DevStories' defaults used".into()];
    }
    let Some(settings) = config.as_mapping_mut() else {
        return Vec::new();
    };
    let mut notes = Vec::new();
    for (key, shape, reads) in checks {
        if settings.get(key).is_some_and(|v| !reads(v)) {
            settings.remove(key);
            notes.push(format!("`{key}` is not {shape}; not read"));
        }
    }
    notes
}

/// Whether `value` is `{story: PREFIX, ...}`.
fn names_story_prefix(value: &Value) -> bool {
    value.get("story").is_some_and(Value::is_string)
}

/// Whether `value` is a list of texts.
fn is_texts(value: &Value) -> bool {
    value
        .as_sequence()
        .is_some_and(|l| l.iter().all(Value::is_string))
}

/// The story id prefix: `id_prefix.story` (`idPrefix` in `config.json`).
fn story_prefix(config: &Value) -> Option<String> {
    let prefixes = config.get("id_prefix").or_else(|| config.get("idPrefix"))?;
    source_config::text(prefixes, "story")
}

/// The statuses the config declares (`{id, label}` or a bare id), made
/// known statuses; one whose id the built-in table does not know is read
/// through its label (`qa` labelled `Testing` is in progress).
fn statuses(config: &Value, mapping: &mut Mapping) {
    let declared = config.get("statuses").and_then(Value::as_sequence);
    for status in declared.into_iter().flatten() {
        let (id, label) = match status {
            Value::String(id) => (Some(id.clone()), None),
            other => (
                source_config::text(other, "id"),
                source_config::text(other, "label"),
            ),
        };
        let Some(id) = id else { continue };
        let by_label = label.and_then(|l| builtin_status(&fold(&l)));
        if let (None, Some(status)) = (builtin_status(&fold(&id)), by_label) {
            mapping.statuses.insert(id.clone(), status);
        }
        mapping.known_statuses.push(id);
    }
    if mapping.known_statuses.is_empty() {
        // DevStories' own defaults when the config lists none.
        let defaults = ["todo", "in_progress", "review", "done"];
        mapping.known_statuses = defaults.map(String::from).to_vec();
    }
}

/// `sprints.sequence`: the sprints in the order DevStories plans them.
fn sprint_sequence(config: &Value) -> Vec<String> {
    let written = config
        .get("sprints")
        .map(|s| source_config::texts(s, "sequence"));
    let mut sequence: Vec<String> = Vec::new();
    for sprint in written.unwrap_or_default() {
        if !sequence.contains(&sprint) {
            sequence.push(sprint);
        }
    }
    sequence
}

/// The config's sizes (DevStories' `XS`...`XL` when it lists none), given
/// points in their order along 1, 2, 3, 5, 8, 13... (DevStories gives a
/// size no points), and the note saying so.
fn size_points(config: &Value) -> (BTreeMap<String, u32>, String) {
    let mut sizes = source_config::texts(config, "sizes");
    sizes.retain(|size| !size.trim().is_empty());
    if sizes.is_empty() {
        sizes = ["XS", "S", "M", "L", "XL"].map(String::from).to_vec();
    }
    sizes.dedup();
    let (mut points, mut next) = (1u32, 2u32);
    let mut table = BTreeMap::new();
    let mut read_as = Vec::new();
    for size in sizes {
        if table.insert(size.clone(), points).is_none() {
            read_as.push(format!("`{size}` {points}"));
            (points, next) = (next, next.saturating_add(points));
        }
    }
    let note = format!(
        "sizes have no points in DevStories: read as {} (a `sizes` table in --config changes them)",
        read_as.join(", ")
    );
    (table, note)
}

/// A note on the sprints of the sequence that have no dates, if any:
/// DevStories keeps none, and an iteration needs them.
fn undated_sprints(mapping: &Mapping) -> Option<String> {
    let undated: Vec<&str> = (mapping.sprint_sequence.iter())
        .filter(|name| fold(name) != "backlog" && mapping.iteration_of(name).is_none())
        .map(String::as_str)
        .collect();
    let (first, last) = (undated.first()?, undated.last()?);
    let span = match undated.len() {
        1 => format!("sprint `{first}` has"),
        n => format!("{n} sprints (`{first}` to `{last}`) have"),
    };
    Some(format!(
        "{span} no dates (DevStories keeps none): open stories are ranked by sprint, and a story in one gets no iteration (their dates in --config's `sprints` make them iterations)"
    ))
}
