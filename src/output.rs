//! Writing the site safely: never outside the output folder, never over a
//! folder rankdown did not make, and never a half-written site.
//!
//! A first build writes into a temporary folder beside the target and renames
//! it into place. A rebuild into a folder rankdown made compares each page with
//! the file already there and writes only what changed (each file through a
//! temporary file and a rename), then removes pages that are gone: on this
//! kind of machine deleting and rewriting ten thousand unchanged files costs
//! seconds. Pages are rendered completely before anything is written, so a
//! build that fails leaves the previous site as it was.

use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as made by rankdown.
pub const MARKER: &str = ".rankdown-site";

/// One file of the site: its path relative to the output folder, `/`-separated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Where it goes, relative to the output folder.
    pub path: String,
    /// What it holds.
    pub bytes: Vec<u8>,
}

/// What writing the site did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Files written because they are new or changed.
    pub changed: usize,
    /// Files left alone because they were already up to date.
    pub unchanged: usize,
    /// Files of an earlier build that are gone now.
    pub removed: usize,
}

/// Refuses an output folder that is the backlog root, contains it, or is a
/// non-empty folder rankdown did not make (unless `force`).
pub fn check_target(root: &Path, out: &Path, force: bool) -> anyhow::Result<()> {
    let root = root
        .canonicalize()
        .with_context(|| format!("cannot resolve `{}`", root.display()))?;
    let out_abs = absolute(out)?;
    if root.starts_with(&out_abs) {
        bail!(
            "refusing to write the site to `{}`: it is, or contains, the backlog root",
            out.display()
        );
    }
    if out_abs.is_dir() && !out_abs.join(MARKER).is_file() && !force {
        let empty = fs::read_dir(&out_abs)
            .with_context(|| format!("cannot read `{}`", out.display()))?
            .next()
            .is_none();
        if !empty {
            bail!(
                "refusing to write into `{}`: it is not empty and was not made by rankdown (use --force to write into it anyway)",
                out.display()
            );
        }
    }
    if out_abs.exists() && !out_abs.is_dir() {
        bail!("`{}` exists and is not a folder", out.display());
    }
    Ok(())
}

/// Writes `pages` as the whole content of `out`.
pub fn write_site(out: &Path, pages: &[Page]) -> anyhow::Result<Written> {
    for page in pages {
        if !is_safe_relative(&page.path) {
            bail!(
                "refusing to write `{}`: not a plain path inside the site",
                page.path
            );
        }
    }
    if out.is_dir() {
        update_in_place(out, pages)
    } else {
        write_fresh(out, pages)
    }
}

fn write_fresh(out: &Path, pages: &[Page]) -> anyhow::Result<Written> {
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = parent.join(format!(".{name}.rankdown-{}", std::process::id()));
    let result = (|| {
        fs::create_dir(&temp).with_context(|| format!("cannot create `{}`", temp.display()))?;
        for page in pages {
            write_file(&temp.join(&page.path), &page.bytes)?;
        }
        fs::write(temp.join(MARKER), "")?;
        fs::rename(&temp, out)
            .with_context(|| format!("cannot move the site into `{}`", out.display()))
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&temp);
    }
    result?;
    Ok(Written {
        changed: pages.len(),
        ..Written::default()
    })
}

/// Writes changed pages into an existing folder. Only a folder rankdown made
/// (it carries the marker) or an empty one becomes rankdown's: there, pages
/// that are gone are removed. In a foreign folder written with `--force`,
/// nothing is ever removed and no marker is left.
fn update_in_place(out: &Path, pages: &[Page]) -> anyhow::Result<Written> {
    let ours = out.join(MARKER).is_file() || fs::read_dir(out)?.next().is_none();
    let mut written = Written::default();
    for page in pages {
        let target = out.join(&page.path);
        if fs::read(&target).is_ok_and(|old| old == page.bytes) {
            written.unchanged += 1;
        } else {
            write_file(&target, &page.bytes)?;
            written.changed += 1;
        }
    }
    if ours {
        fs::write(out.join(MARKER), "")?;
        written.removed = remove_stale(out, pages)?;
    }
    Ok(written)
}

/// Removes files under `out` that no page names, then empty folders. Only
/// called on a folder that carries the marker, so it only removes rankdown's
/// own earlier output.
fn remove_stale(out: &Path, pages: &[Page]) -> anyhow::Result<usize> {
    let keep: BTreeSet<PathBuf> = pages.iter().map(|p| out.join(&p.path)).collect();
    let mut removed = 0;
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            folders.push(path.to_path_buf());
        } else if path != out.join(MARKER) && !keep.contains(path) {
            fs::remove_file(path).with_context(|| format!("cannot remove `{}`", path.display()))?;
            removed += 1;
        }
    }
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(folder); // fails, as it should, unless empty
    }
    Ok(removed)
}

/// Writes a file through a temporary file and a rename, so that a reader
/// (or a killed build) never sees half of it.
fn write_file(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
    }
    let mut temp = path.as_os_str().to_owned();
    temp.push(".rankdown-tmp");
    let temp = PathBuf::from(temp);
    fs::write(&temp, bytes).with_context(|| format!("cannot write `{}`", temp.display()))?;
    fs::rename(&temp, path).with_context(|| format!("cannot write `{}`", path.display()))
}

/// Whether `path` is relative and made only of normal components.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    if let Ok(canonical) = path.canonicalize() {
        return Ok(canonical);
    }
    // Not there yet: resolve its parent, which must be a real folder or absent too.
    let base = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir()?
    };
    let mut resolved = base;
    for component in path.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => resolved.push(other),
        }
        if let Ok(canonical) = resolved.canonicalize() {
            resolved = canonical;
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_written() {
        for ok in ["index.html", "stories/A-1/index.html", "static/site.css"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "a\\b", "./x"] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }
}
