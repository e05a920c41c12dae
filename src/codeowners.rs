//! A CODEOWNERS file from content authority: each file of the backlog is
//! owned by the people whose roles own its content, by their handles.

use crate::model::{Backlog, Kind};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The CODEOWNERS file for `backlog`, whose root is at `prefix` (`""` or
/// `"some/folder/"`) inside its repository. People without a usable handle
/// are listed in a closing comment with the files they were not asked for.
pub fn codeowners(backlog: &Backlog, prefix: &str) -> String {
    let handles = backlog.config.as_ref().and_then(|c| c.people.as_ref());
    let mut owners: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut unnamed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for holding in backlog.holdings() {
        let handle = handles
            .and_then(|h| h.get(holding.person))
            .and_then(Option::as_deref);
        for item in backlog.authority(&holding) {
            let path = match item {
                Some((kind, id)) => backlog
                    .file_of(kind, id)
                    .map(|f| backlog.file(f).path.clone()),
                None => Some(crate::load::CONFIG_FILE.to_string()),
            };
            let Some(path) = path.filter(|p| !p.is_empty()) else {
                continue;
            };
            match handle {
                Some(handle) => {
                    owners.entry(path).or_default().insert(handle);
                }
                None => unnamed
                    .entry(holding.person.to_string())
                    .or_default()
                    .push(path),
            }
        }
    }
    for paths in unnamed.values_mut() {
        paths.sort();
        paths.dedup();
    }
    let mut text = String::from(HEADER);
    let mut lines = Vec::new();
    // Every file read, owned or not: a folder is folded into one pattern
    // only if no file in it has other owners, or none.
    let mut files: Vec<(&str, String)> = backlog
        .files
        .iter()
        .filter(|f| !f.path.is_empty())
        .map(|f| {
            let handles = owners
                .get(&f.path)
                .map(|h| h.iter().copied().collect::<Vec<_>>());
            (f.path.as_str(), handles.unwrap_or_default().join(" "))
        })
        .collect();
    files.sort();
    folded(&files, "", &mut lines);
    for (pattern, handles) in lines {
        let _ = writeln!(text, "/{}{} {handles}", escape(prefix), escape(&pattern));
    }
    if !unnamed.is_empty() {
        text.push_str("\n# Not asked, for want of a handle under `people:` in rankdown.yaml:\n");
        for (person, paths) in &unnamed {
            let _ = writeln!(text, "#   {person}: {}", paths.join(", "));
        }
    }
    text
}

const HEADER: &str = "\
# Made by `rankdown codeowners` from the backlog's content authority: each
# role's `owns` in roles/, who holds it (teams/, rankdown.yaml, features/),
# and their handles under `people:` in rankdown.yaml. Change those, not this
# file, then run `rankdown codeowners` again.

";

/// Writes one pattern per folder whose files all have the same owners
/// (`folder/`), and one per owned file elsewhere. `files` is sorted by path,
/// with no owners as `""`; only item folders and folders inside them are
/// folded, never the root.
fn folded(files: &[(&str, String)], folder: &str, lines: &mut Vec<(String, String)>) {
    let mut at = 0;
    while at < files.len() {
        let (path, handles) = &files[at];
        let rest = &path[folder.len()..];
        let Some((sub, _)) = rest.split_once('/') else {
            if !handles.is_empty() {
                lines.push((path.to_string(), handles.clone()));
            }
            at += 1;
            continue;
        };
        let sub_folder = format!("{folder}{sub}/");
        let end = at
            + files[at..]
                .iter()
                .take_while(|(p, _)| p.starts_with(&sub_folder))
                .count();
        let inside = &files[at..end];
        let one_owner = inside.iter().all(|(_, h)| h == handles);
        let item_folder = !folder.is_empty() || Kind::of_folder(sub).is_some();
        if one_owner && item_folder && !handles.is_empty() {
            lines.push((sub_folder, handles.clone()));
        } else {
            folded(inside, &sub_folder, lines);
        }
        at = end;
    }
}

/// A path as a CODEOWNERS pattern: characters with a meaning in patterns
/// are escaped.
fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if matches!(c, ' ' | '#' | '*' | '?' | '[' | ']' | '\\' | '!') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
