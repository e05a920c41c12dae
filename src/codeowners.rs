//! A CODEOWNERS file from content authority: each file of the backlog is
//! owned by the people whose roles own its content, by their handles.

use crate::model::Backlog;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The CODEOWNERS file for `backlog`, whose root is at `prefix` (`""` or
/// `"some/folder/"`) inside its repository. `others` are the other files of
/// the root (relative paths: images, drafts, anything the backlog did not
/// read); a folder holding one of them is never given to an owner whole.
/// People without a usable handle are listed in a closing comment with the
/// files they were not asked for.
pub fn codeowners(backlog: &Backlog, prefix: &str, others: &[String]) -> String {
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
                None => Some(crate::layout::CONFIG_FILE.to_string()),
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
    // Every file, owned or not: a folder is folded into one pattern only if
    // no file in it has other owners, or none.
    let read = backlog.files.iter().map(|f| f.path.as_str());
    let paths: BTreeSet<&str> = read
        .chain(others.iter().map(String::as_str))
        .filter(|p| !p.is_empty())
        .collect();
    let files: Vec<(&str, String)> = paths
        .into_iter()
        .map(|path| {
            let handles = owners
                .get(path)
                .map(|h| h.iter().copied().collect::<Vec<_>>());
            (path, handles.unwrap_or_default().join(" "))
        })
        .collect();
    folded(&files, "", &mut lines);
    for (pattern, handles) in lines {
        let _ = writeln!(text, "/{}{} {handles}", escape(prefix), escape(&pattern));
    }
    if !unnamed.is_empty() {
        text.push_str("\n# Not asked, for want of a handle under `people:` in rankdown.yaml:\n");
        for (person, paths) in &unnamed {
            let line = format!("{person}: {}", paths.join(", "));
            let _ = writeln!(text, "#   {}", one_line(&line));
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
        let item_folder = !folder.is_empty() || crate::layout::kind_of_folder(sub).is_some();
        if one_owner && item_folder && !handles.is_empty() {
            lines.push((sub_folder, handles.clone()));
        } else {
            folded(inside, &sub_folder, lines);
        }
        at = end;
    }
}

/// A path as a CODEOWNERS pattern. Spaces are escaped; characters GitHub or
/// GitLab read as syntax without an escape both understand (`#`, `!`, `[`,
/// `]`, `*`, `?`, `\\`) and control characters become `?`, which matches
/// any one character: the rule may then match a look-alike path too, but
/// never ends early or starts another rule.
fn escape(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("\\ "),
            '#' | '!' | '[' | ']' | '*' | '?' | '\\' => out.push('?'),
            c if c.is_control() => out.push('?'),
            c => out.push(c),
        }
    }
    out
}

/// Text for a comment line: control characters (a newline would start a
/// rule) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_break_a_rule_or_start_another() {
        assert_eq!(
            escape("stories/beta team/A-1.md"),
            "stories/beta\\ team/A-1.md"
        );
        assert_eq!(
            escape("stories/#1 [x]!/*?\\.md"),
            "stories/?1\\ ?x??/???.md"
        );
        assert_eq!(escape("stories/a\nb/\tc.md"), "stories/a?b/?c.md");
        assert_eq!(one_line("Bo\n/** @mallory\r#"), "Bo /** @mallory #");
    }
}
