//! Writing the site safely: never outside the output folder, never over a
//! folder rankdown did not make, and never a half-written site.
//!
//! A first build writes into a temporary folder beside the target and renames
//! it into place when every page is there. A rebuild compares each page with
//! the file already in the site and stages only what changed in a temporary
//! folder; when every page has rendered, the staged files are renamed into
//! place and pages that are gone are removed. Deleting and rewriting ten
//! thousand unchanged files costs seconds on this kind of machine; renaming a
//! few costs nothing. A build that fails or is stopped before the end leaves
//! the previous site as it was and removes its temporary folder.

use anyhow::{Context, bail};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    if out_abs.exists() && !out_abs.is_dir() {
        bail!("`{}` exists and is not a folder", out.display());
    }
    if out_abs.is_dir() && !is_ours(&out_abs)? && !force {
        bail!(
            "refusing to write into `{}`: it is not empty and was not made by rankdown (use --force to write into it anyway)",
            out.display()
        );
    }
    Ok(())
}

/// Whether `folder` carries the marker or is empty: only then may rankdown
/// remove files from it.
fn is_ours(folder: &Path) -> anyhow::Result<bool> {
    Ok(folder.join(MARKER).is_file()
        || fs::read_dir(folder)
            .with_context(|| format!("cannot read `{}`", folder.display()))?
            .next()
            .is_none())
}

/// Takes pages from any thread while a build renders them; nothing in the
/// site changes until [`SiteWriter::finish`].
pub struct SiteWriter {
    out: PathBuf,
    /// The temporary folder: the whole new site, or the changed pages.
    temp: PathBuf,
    /// Whether `out` already held a site that is being updated.
    updating: bool,
    /// Whether stale files may be removed from `out`.
    ours: bool,
    pages: Mutex<BTreeSet<String>>,
    staged: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
}

impl SiteWriter {
    /// Prepares to write the site into `out` (checked with [`check_target`]).
    pub fn open(out: &Path) -> anyhow::Result<SiteWriter> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temp = parent.join(format!(".{name}.rankdown-{}", std::process::id()));
        let _ = fs::remove_dir_all(&temp); // a leftover of this same process id
        fs::create_dir(&temp).with_context(|| format!("cannot create `{}`", temp.display()))?;
        let updating = out.is_dir();
        Ok(SiteWriter {
            out: out.to_path_buf(),
            ours: !updating || is_ours(out)?,
            temp,
            updating,
            pages: Mutex::new(BTreeSet::new()),
            staged: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Takes one page: written to the temporary folder unless the site
    /// already has it with the same bytes.
    pub fn write(&self, page: &Page) -> anyhow::Result<()> {
        if !is_safe_relative(&page.path) {
            bail!(
                "refusing to write `{}`: not a plain path inside the site",
                page.path
            );
        }
        lock(&self.pages).insert(page.path.clone());
        if self.updating && fs::read(self.out.join(&page.path)).is_ok_and(|old| old == page.bytes) {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        let target = self.temp.join(&page.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        fs::write(&target, &page.bytes)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
        if self.updating {
            lock(&self.staged).push(page.path.clone());
        }
        Ok(())
    }

    /// Puts the new site in place.
    pub fn finish(self) -> anyhow::Result<Written> {
        let pages = std::mem::take(&mut *lock(&self.pages));
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        if !self.updating {
            fs::write(self.temp.join(MARKER), "")?;
            fs::rename(&self.temp, &self.out)
                .with_context(|| format!("cannot move the site into `{}`", self.out.display()))?;
            return Ok(Written {
                changed: pages.len(),
                unchanged,
                removed: 0,
            });
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        for path in &staged {
            let target = self.out.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::rename(self.temp.join(path), &target)
                .with_context(|| format!("cannot write `{}`", target.display()))?;
        }
        let _ = fs::remove_dir_all(&self.temp);
        let mut removed = 0;
        if self.ours {
            fs::write(self.out.join(MARKER), "")?;
            removed = remove_stale(&self.out, &pages)?;
        }
        Ok(Written {
            changed: staged.len(),
            unchanged,
            removed,
        })
    }
}

impl Drop for SiteWriter {
    /// Removes the temporary folder: after a failure, or what is left of it
    /// after an update (a finished first build has renamed it away).
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.temp);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes files under `out` that no page names, then empty folders.
fn remove_stale(out: &Path, pages: &BTreeSet<String>) -> anyhow::Result<usize> {
    let mut removed = 0;
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            folders.push(path.to_path_buf());
            continue;
        }
        let relative = crate::load::relative(out, path);
        if relative != MARKER && !pages.contains(&relative) {
            fs::remove_file(path).with_context(|| format!("cannot remove `{}`", path.display()))?;
            removed += 1;
        }
    }
    for folder in folders.iter().rev() {
        let _ = fs::remove_dir(folder); // fails, as it should, unless empty
    }
    Ok(removed)
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
    // Not there yet: resolve what exists of it.
    let mut resolved = if path.is_absolute() {
        PathBuf::new()
    } else {
        std::env::current_dir()?
    };
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
