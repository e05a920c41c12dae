//! Re-import (`--update`): the new import merged into a root an earlier
//! import made. What the source changed is applied; what was edited only in
//! the rankdown root (a field, a body, a team's order, a moved or deleted
//! file) is kept; items gone from the source are reported, and deleted
//! with `--prune`. A record of what the last import wrote makes the
//! difference between the two.

use super::Note;
use crate::layout::{IMPORT_RECORD, kind_of_folder};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping as Yaml, Value};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// What an import wrote, by path: each file's front matter and its body's hash.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    files: BTreeMap<String, Written>,
}

/// One file as import wrote it.
#[derive(Debug, Serialize, Deserialize)]
struct Written {
    front: Value,
    body: String,
}

/// The record of `files`, as the text of [`IMPORT_RECORD`].
pub fn record(files: &BTreeMap<String, String>) -> String {
    record_text(&written(files))
}

/// The record of `files`.
fn written(files: &BTreeMap<String, String>) -> Record {
    let files = files
        .iter()
        .map(|(path, text)| {
            let (front, body) = split(path, text);
            let body = hash(&body);
            (path.clone(), Written { front, body })
        })
        .collect();
    Record { files }
}

/// A record as the text of its file.
fn record_text(record: &Record) -> String {
    let header =
        "# What `rankdown import` last wrote here, for `--update`. Not read by check or build.\n";
    format!(
        "{header}{}",
        serde_yaml::to_string(record).unwrap_or_default()
    )
}

/// What an update does to the root.
#[derive(Debug, Default)]
pub struct Update {
    /// Files to write, by path relative to the root.
    pub write: BTreeMap<String, String>,
    /// Files to delete (`--prune`).
    pub delete: Vec<String>,
    /// Each choice made, by file.
    pub notes: Vec<Note>,
    /// The record to write once the update is made: the new import's files,
    /// and those gone from the source but kept (so a later `--prune` finds them).
    pub record: String,
}

/// Merges `files`, a new import, into the root at `root` that an earlier
/// import made; fails when no record of one is there.
pub fn merge(root: &Path, files: &BTreeMap<String, String>, prune: bool) -> anyhow::Result<Update> {
    let record_path = root.join(IMPORT_RECORD);
    let text = std::fs::read_to_string(&record_path).map_err(|_| {
        anyhow::anyhow!(
            "`{}` has no {IMPORT_RECORD}: --update imports into a root an earlier `rankdown import` made",
            root.display()
        )
    })?;
    let record: Record = serde_yaml::from_str(&text)
        .with_context(|| format!("`{}` cannot be read", record_path.display()))?;
    let current = current_paths(root);
    let mut update = Update::default();
    // Items gone from the source stay in the lists that rank them, unless pruned.
    let gone = Gone {
        ids: (record.files.keys())
            .filter(|p| !files.contains_key(*p))
            .filter_map(|p| {
                Some(Value::from(
                    Path::new(p).file_stem()?.to_string_lossy().as_ref(),
                ))
            })
            .collect(),
        prune,
    };
    for (path, theirs) in files {
        let at = current.get(&item_key(path)).cloned();
        let mine = at
            .as_ref()
            .and_then(|p| std::fs::read_to_string(root.join(p)).ok());
        match (record.files.get(path), mine, at) {
            (None, None, _) => {
                update.write.insert(path.clone(), theirs.clone());
            }
            (None, Some(mine), at) if mine != *theirs => update.notes.push(Note::new(
                &at.unwrap_or_else(|| path.clone()),
                "not written by the last import, and different from what the source gives now: kept",
            )),
            (None, Some(_), _) => {}
            (Some(_), None, _) => update.notes.push(Note::new(
                path,
                "deleted in the rankdown root since the last import: not written again",
            )),
            (Some(base), Some(mine), at) => {
                let at = at.unwrap_or_else(|| path.clone());
                let merged = merge_file(path, (base, &mine, theirs), &at, &gone, &mut update.notes);
                if merged != mine {
                    update.write.insert(at, merged);
                }
            }
        }
    }
    removed(&record, files, &current, prune, &mut update)?;
    let mut next = written(files);
    if !prune {
        let gone = record
            .files
            .into_iter()
            .filter(|(p, _)| !files.contains_key(p));
        next.files.extend(gone);
    }
    update.record = record_text(&next);
    Ok(update)
}

/// Notes each file the last import wrote that the source no longer gives;
/// with `prune`, deletes it.
fn removed(
    record: &Record,
    files: &BTreeMap<String, String>,
    current: &BTreeMap<String, String>,
    prune: bool,
    update: &mut Update,
) -> anyhow::Result<()> {
    for path in record.files.keys().filter(|p| !files.contains_key(*p)) {
        let Some(at) = current.get(&item_key(path)) else {
            continue;
        };
        if prune {
            if at.contains("..") {
                bail!("`{at}` is not a path inside the root");
            }
            update.delete.push(at.clone());
            update
                .notes
                .push(Note::new(at, "no longer in the source: deleted (--prune)"));
        } else {
            let why = "no longer in the source: kept (add --prune to delete it)";
            update.notes.push(Note::new(at, why));
        }
    }
    Ok(())
}

/// Each file of the root by what makes it the same item wherever it is
/// (its kind and id, so a story moved into `stories/TEAM/` is found), to
/// its path.
fn current_paths(root: &Path) -> BTreeMap<String, String> {
    let (found, _) = crate::layout::find(root);
    let mut paths: BTreeMap<String, String> = found
        .into_iter()
        .map(|f| (item_key(&f.path), f.path))
        .collect();
    if root.join(crate::layout::CONFIG_FILE).is_file() {
        let config = crate::layout::CONFIG_FILE.to_string();
        paths.insert(config.clone(), config);
    }
    paths
}

/// A file's kind folder and id (`stories/web/X.md` is `stories/X`); other
/// files by path.
fn item_key(path: &str) -> String {
    let first = path.split('/').next().unwrap_or_default();
    match (kind_of_folder(first), Path::new(path).file_stem()) {
        (Some(_), Some(stem)) => format!("{first}/{}", stem.to_string_lossy()),
        _ => path.to_string(),
    }
}

/// One file merged: each front-matter field the root left as the last
/// import wrote it takes the source's value, each edited one stays (a list
/// of ranked ids gets the source's new ids and loses its removed ones);
/// the body likewise. Fields edited on both sides are noted on `at`.
fn merge_file(
    path: &str,
    (base, mine, theirs): (&Written, &str, &str),
    at: &str,
    gone: &Gone,
    notes: &mut Vec<Note>,
) -> String {
    let (mine_front, mine_body) = split(path, mine);
    let (theirs_front, theirs_body) = split(path, theirs);
    let (Value::Mapping(ours), Value::Mapping(new)) = (&mine_front, &theirs_front) else {
        return mine.to_string();
    };
    let empty = Yaml::new();
    let old = base.front.as_mapping().unwrap_or(&empty);
    let mut merged = Yaml::new();
    for key in new
        .keys()
        .chain(ours.keys().filter(|k| !new.contains_key(*k)))
    {
        let (b, o, t) = (old.get(key), ours.get(key), new.get(key));
        let value = match (o == b, key.as_str()) {
            (true, Some("backlog" | "program_backlog")) if !gone.prune => {
                merged.insert(key.clone(), with_kept(o, t, gone));
                continue;
            }
            (true, _) => t,
            (false, Some("backlog" | "program_backlog")) => {
                merged.insert(key.clone(), merge_list((b, o, t), gone));
                continue;
            }
            (false, _) => {
                if t != b {
                    let name = key.as_str().unwrap_or_default();
                    let why = format!(
                        "`{name}` was changed in the rankdown root and in the source: the rankdown root's kept"
                    );
                    notes.push(Note::new(at, why));
                }
                o
            }
        };
        if let Some(value) = value {
            merged.insert(key.clone(), value.clone());
        }
    }
    let body = match hash(&mine_body) == base.body {
        true => theirs_body,
        false => {
            if hash(&theirs_body) != base.body {
                notes.push(Note::new(at, "the text was changed in the rankdown root and in the source: the rankdown root's kept"));
            }
            mine_body
        }
    };
    if merged == *new && body == split(path, theirs).1 {
        return theirs.to_string();
    }
    join(path, &merged, &body)
}

/// The ids of the items the last import wrote that the source no longer
/// has, and whether they are deleted.
struct Gone {
    ids: HashSet<Value>,
    prune: bool,
}

/// The source's ranked list of ids, and after it those of `ours` gone from
/// the source but kept.
fn with_kept(ours: Option<&Value>, theirs: Option<&Value>, gone: &Gone) -> Value {
    let mut list = ids(theirs);
    let listed: HashSet<Value> = list.iter().cloned().collect();
    let kept: Vec<Value> = ids(ours)
        .into_iter()
        .filter(|id| gone.ids.contains(id) && !listed.contains(id))
        .collect();
    list.extend(kept);
    Value::Sequence(list)
}

/// The ids of a list, or none.
fn ids(list: Option<&Value>) -> Vec<Value> {
    list.and_then(Value::as_sequence)
        .cloned()
        .unwrap_or_default()
}

/// A ranked list of ids edited in the root: its order kept, ids the source
/// no longer lists removed (those of items gone from the source only when
/// pruned), ids new in the source added at the end.
fn merge_list(
    (base, ours, theirs): (Option<&Value>, Option<&Value>, Option<&Value>),
    gone: &Gone,
) -> Value {
    let base: HashSet<Value> = ids(base).into_iter().collect();
    let theirs = ids(theirs);
    let listed: HashSet<&Value> = theirs.iter().collect();
    let mut merged: Vec<Value> = ids(ours)
        .into_iter()
        .filter(|id| match gone.ids.contains(id) {
            true => !gone.prune,
            false => !base.contains(id) || listed.contains(id),
        })
        .collect();
    let present: HashSet<Value> = merged.iter().cloned().collect();
    let new = theirs
        .into_iter()
        .filter(|id| !base.contains(id) && !present.contains(id));
    merged.extend(new);
    Value::Sequence(merged)
}

/// A file's front matter and body (`rankdown.yaml` is all front matter).
fn split(path: &str, text: &str) -> (Value, String) {
    if path == crate::layout::CONFIG_FILE {
        return (
            serde_yaml::from_str(text).unwrap_or(Value::Null),
            String::new(),
        );
    }
    match crate::load::front_matter_range(text) {
        Some(range) => {
            let front = serde_yaml::from_str(&text[range.clone()]).unwrap_or(Value::Null);
            let rest = &text[range.end..];
            let body = rest.split_once('\n').map_or("", |(_, b)| b).to_string();
            (front, body.trim().to_string())
        }
        None => (Value::Null, text.trim().to_string()),
    }
}

/// A file from its front matter and body, as import writes them.
fn join(path: &str, front: &Yaml, body: &str) -> String {
    let yaml = serde_yaml::to_string(&Value::Mapping(front.clone())).unwrap_or_default();
    match (path == crate::layout::CONFIG_FILE, body.is_empty()) {
        (true, _) => yaml,
        (false, true) => format!("---\n{yaml}---\n"),
        (false, false) => format!("---\n{yaml}---\n\n{body}\n"),
    }
}

/// A body's FNV-1a hash, in hex: stable from one release to the next.
fn hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.trim().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none() -> Gone {
        Gone {
            ids: HashSet::new(),
            prune: false,
        }
    }

    fn ids(list: &[&str]) -> Value {
        Value::Sequence(list.iter().map(|s| Value::from(*s)).collect())
    }

    #[test]
    fn a_reordered_backlog_keeps_its_order_and_gets_new_ids() {
        let (base, ours, theirs) = (
            ids(&["a", "b", "c"]),
            ids(&["c", "a", "b"]),
            ids(&["a", "c", "d"]),
        );
        let lists = (Some(&base), Some(&ours), Some(&theirs));
        assert_eq!(merge_list(lists, &none()), ids(&["c", "a", "d"]));
        let kept = Gone {
            ids: HashSet::from([Value::from("b")]),
            prune: false,
        };
        assert_eq!(merge_list(lists, &kept), ids(&["c", "a", "b", "d"]));
    }

    #[test]
    fn fields_edited_in_the_root_are_kept_and_others_follow_the_source() {
        let base_text = "---\ntitle: A\nstatus: backlog\nteam: web\n---\n\nText\n";
        let (front, body) = split("stories/A.md", base_text);
        let base = Written {
            front,
            body: hash(&body),
        };
        let mine = "---\ntitle: A\nstatus: backlog\nteam: app\n---\n\nText\n";
        let theirs = "---\ntitle: A2\nstatus: done\nteam: web\n---\n\nNew text\n";
        let mut notes = Vec::new();
        let merged = merge_file(
            "stories/A.md",
            (&base, mine, theirs),
            "stories/A.md",
            &none(),
            &mut notes,
        );
        assert_eq!(
            merged,
            "---\ntitle: A2\nstatus: done\nteam: app\n---\n\nNew text\n"
        );
        assert!(notes.is_empty());
    }
}
