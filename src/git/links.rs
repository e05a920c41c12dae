//! Symbolic links in a revision's tree, followed as the walk follows them
//! on disk: a link to a file or folder inside the backlog root reads what
//! it points to under the link's own path; any other link is reported.

use crate::diagnostic::Diagnostic;
use crate::layout::{link_broken, link_loops, link_outside};
use std::collections::BTreeMap;

/// How deep links to links are followed.
const MAX_DEPTH: usize = 8;

/// What a link points to.
enum Target {
    /// A regular file (its object id).
    File(String),
    /// A folder (its path relative to the root).
    Folder(String),
    /// Something outside the backlog root.
    Outside,
    /// Nothing.
    Nothing,
    /// A chain of links too long to follow, or a loop.
    Loop,
    /// A folder the link is itself in (its path relative to the root).
    Ancestor(String),
}

/// The files the links among `links` (path → target, as stored) make
/// visible, as (path, object id), and a diagnostic for each link that
/// cannot be followed. `blobs` are the tree's regular files by path. Only
/// links inside item folders (or an item folder itself) matter, as on disk.
pub(super) fn follow(
    blobs: &BTreeMap<String, String>,
    links: &BTreeMap<String, String>,
) -> (Vec<(String, String)>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for path in links.keys() {
        let folder = path.split('/').next().unwrap_or_default();
        if crate::layout::kind_of_folder(folder).is_none() {
            continue;
        }
        match resolve(path, blobs, links, 0) {
            Target::File(oid) => files.push((path.clone(), oid)),
            Target::Folder(target) => {
                let inside = format!("{target}/");
                for (file, oid) in blobs.range(inside.clone()..) {
                    let Some(rest) = file.strip_prefix(&inside) else {
                        break;
                    };
                    files.push((format!("{path}/{rest}"), oid.clone()));
                }
            }
            Target::Outside => {
                let what = if path.contains('/') { "file" } else { "folder" };
                skipped.push(link_outside(path, what));
            }
            // The same messages the walk gets from the system on disk.
            Target::Nothing => skipped.push(link_broken(path, os_error(ENOENT))),
            Target::Loop => skipped.push(link_broken(path, os_error(ELOOP))),
            Target::Ancestor(folder) => skipped.push(link_loops(path, &folder)),
        }
    }
    (files, skipped)
}

/// "No such file or directory" and "Too many levels of symbolic links".
const ENOENT: i32 = 2;
/// See [`ENOENT`].
const ELOOP: i32 = 40;

fn os_error(code: i32) -> std::io::Error {
    std::io::Error::from_raw_os_error(code)
}

fn resolve(
    path: &str,
    blobs: &BTreeMap<String, String>,
    links: &BTreeMap<String, String>,
    depth: usize,
) -> Target {
    let Some(target) = links.get(path) else {
        return Target::Nothing;
    };
    let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent);
    let Some(resolved) = join(parent, target) else {
        return Target::Outside;
    };
    if let Some(oid) = blobs.get(&resolved) {
        return Target::File(oid.clone());
    }
    if links.contains_key(&resolved) {
        return match depth < MAX_DEPTH {
            true => resolve(&resolved, blobs, links, depth + 1),
            false => Target::Loop,
        };
    }
    let inside = format!("{resolved}/");
    let is_folder = blobs
        .range(inside.clone()..)
        .next()
        .is_some_and(|(file, _)| file.starts_with(&inside));
    // A folder the link sits in: the walk stops there rather than loop.
    let holds_link = resolved.is_empty() || parent == resolved || parent.starts_with(&inside);
    match (is_folder || resolved.is_empty(), holds_link) {
        (true, true) => Target::Ancestor(resolved),
        (true, false) => Target::Folder(resolved),
        (false, _) => Target::Nothing,
    }
}

/// `target` read from the folder `parent` (both relative to the root), with
/// `.` and `..` worked out; `None` when it leaves the root.
fn join(parent: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = parent.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            name => parts.push(name),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn links_inside_the_root_read_their_target_and_others_are_reported() {
        let blobs = tree(&[
            ("shared/A-9.md", "oid-a9"),
            ("shared/deep/A-8.md", "oid-a8"),
            ("stories/alpha/A-1.md", "oid-a1"),
        ]);
        let links = tree(&[
            ("stories/alpha/A-9.md", "../../shared/A-9.md"),
            ("stories/more", "../shared/deep"),
            ("stories/alpha/out.md", "../../../elsewhere.md"),
            ("stories/alpha/gone.md", "nothing-here.md"),
            ("stories/alpha/loop.md", "loop.md"),
            ("stories/alpha/up", ".."),
            ("notes/link.md", "/etc/passwd"),
        ]);
        let (files, skipped) = follow(&blobs, &links);
        assert_eq!(
            files,
            [
                ("stories/alpha/A-9.md".to_string(), "oid-a9".to_string()),
                ("stories/more/A-8.md".to_string(), "oid-a8".to_string()),
            ]
        );
        let reported: Vec<(&str, &str)> = skipped
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            reported,
            [
                (
                    "stories/alpha/gone.md",
                    "symbolic link cannot be followed: No such file or directory (os error 2)"
                ),
                (
                    "stories/alpha/loop.md",
                    "symbolic link cannot be followed: Too many levels of symbolic links (os error 40)"
                ),
                (
                    "stories/alpha/out.md",
                    "symbolic link points outside the backlog root; not followed"
                ),
                (
                    "stories/alpha/up",
                    "symbolic link loops back to `stories`; not followed"
                ),
            ]
        );
    }

    #[test]
    fn dot_dot_cannot_climb_out_of_the_root() {
        assert_eq!(join("stories/alpha", "../../x.md").as_deref(), Some("x.md"));
        assert_eq!(join("stories", "../../x.md"), None);
        assert_eq!(
            join("stories", "./a/./b.md").as_deref(),
            Some("stories/a/b.md")
        );
    }
}
