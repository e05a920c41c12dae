//! Finding the backlog's files: Markdown under the five item folders, never
//! following a link out of the root or around a loop.

use super::{folder, is_markdown, relative};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Kind;
use std::path::Path;
use walkdir::WalkDir;

/// A Markdown file found under one of the item folders.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    /// Path relative to the root, `/`-separated.
    pub path: String,
    /// The folder it was found under.
    pub kind: Kind,
}

/// Every Markdown file below `root`'s item folders, sorted by path, plus a
/// diagnostic for each link or folder that was not followed.
pub fn find(root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut diagnostics = Vec::new();
    for kind in Kind::ALL {
        // Hidden folders (`.git`, editor caches) are not backlog content; a
        // hidden `.md` file is still reported, as a bad file name.
        let hidden_folder = |name: &str, is_dir: bool| is_dir && name.starts_with('.');
        let (paths, problems) = files_in(root, folder(kind), hidden_folder, is_markdown);
        found.extend(paths.into_iter().map(|path| Found { path, kind }));
        diagnostics.extend(problems);
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    (found, diagnostics)
}

/// Every regular file below `root/folder` that `wanted` accepts, by path
/// relative to `root`, sorted. Links are followed while they stay inside
/// the root; entries that `skip` names (by name, and whether a folder) are
/// not looked at. Also a diagnostic for each link not followed, and for each
/// wanted entry that is not a regular file (reading a FIFO never ends).
pub fn files_in(
    root: &Path,
    folder: &str,
    skip: impl Fn(&str, bool) -> bool,
    wanted: impl Fn(&Path) -> bool,
) -> (Vec<String>, Vec<Diagnostic>) {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (mut found, mut diagnostics) = (Vec::new(), Vec::new());
    let top = root.join(folder);
    if top.is_symlink()
        && let Some(problem) = link_problem(&canonical_root, &top, folder, "folder")
    {
        return (found, vec![problem]);
    }
    let mut walk = WalkDir::new(top)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                diagnostics.extend(walk_error(root, &error));
                continue;
            }
        };
        let kind = entry.file_type();
        let name = entry.file_name().to_string_lossy();
        let problem = entry
            .path_is_symlink()
            .then(|| {
                link_problem(
                    &canonical_root,
                    entry.path(),
                    &relative(root, entry.path()),
                    "file",
                )
            })
            .flatten();
        let escapes = problem.is_some();
        diagnostics.extend(problem);
        if entry.depth() > 0 && (escapes || skip(&name, kind.is_dir())) {
            if kind.is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if kind.is_dir() || !wanted(entry.path()) {
            continue;
        }
        let path = relative(root, entry.path());
        match kind.is_file() {
            true => found.push(path),
            false => diagnostics.push(not_a_file(&path)),
        }
    }
    (found, diagnostics)
}

/// A FIFO, socket or device where a file is read: never opened.
fn not_a_file(path: &str) -> Diagnostic {
    Diagnostic::new(
        Code::NotAFile,
        path,
        (1, 1),
        "not a regular file (a FIFO, socket or device); not read",
        "remove it, or put a regular file in its place",
    )
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Option<Diagnostic> {
    let path = error.path().map_or_else(String::new, |p| relative(root, p));
    if let Some(ancestor) = error.loop_ancestor() {
        return Some(link_loops(&path, &relative(root, ancestor)));
    }
    let io = error.io_error()?;
    if io.kind() == std::io::ErrorKind::NotFound && error.depth() == 0 {
        return None; // an item folder the backlog does not use
    }
    let is_link = error.path().is_some_and(|p| p.is_symlink());
    Some(if is_link {
        link_broken(&path, io)
    } else {
        Diagnostic::new(
            Code::Unreadable,
            path,
            (1, 1),
            format!("cannot be read: {io}"),
            "check the file's permissions",
        )
    })
}

/// A link at `path` pointing out of the backlog root: not followed. `what`
/// is what the fix copies in: `file`, or `folder` for an item folder.
pub fn link_outside(path: &str, what: &str) -> Diagnostic {
    Diagnostic::new(
        Code::LinkSkipped,
        path,
        (1, 1),
        "symbolic link points outside the backlog root; not followed",
        format!("copy the {what} into the backlog root or remove the link"),
    )
}

/// A link at `path` to the folder `ancestor` it is in (relative to the
/// root; empty for the root): following it would loop.
pub fn link_loops(path: &str, ancestor: &str) -> Diagnostic {
    let target = match ancestor {
        "" => "the backlog root".to_string(),
        rel => format!("`{rel}`"),
    };
    Diagnostic::new(
        Code::LinkSkipped,
        path,
        (1, 1),
        format!("symbolic link loops back to {target}; not followed"),
        "remove the link",
    )
}

/// A link at `path` that cannot be followed, for the reason `why`.
pub fn link_broken(path: &str, why: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::new(
        Code::LinkSkipped,
        path,
        (1, 1),
        format!("symbolic link cannot be followed: {why}"),
        "fix or remove the link",
    )
}

/// Why the link at `path` (shown as `shown`) is not followed, if it is
/// not: it leads out of the root, or into a hidden folder of it such as
/// `.git`, whose files (a token in `.git/config`) must never reach the site.
/// A link that cannot be resolved is left to the walk, which reports it.
fn link_problem(canonical_root: &Path, path: &Path, shown: &str, what: &str) -> Option<Diagnostic> {
    let target = path.canonicalize().ok()?;
    let Ok(inner) = target.strip_prefix(canonical_root) else {
        return Some(link_outside(shown, what));
    };
    let hidden = inner
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    hidden.then(|| {
        Diagnostic::new(
            Code::LinkSkipped,
            shown,
            (1, 1),
            "symbolic link points into a hidden folder of the backlog root; not followed",
            format!("copy the {what} where it belongs, or remove the link"),
        )
    })
}
