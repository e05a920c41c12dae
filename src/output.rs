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
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Set when the user asks rankdown to stop (Ctrl-C): the writer then refuses
/// further pages, so the build unwinds, removes its temporary folder and
/// leaves the site as it was.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// Folders of a backlog root that rankdown reads, so never writes into.
const READ_FOLDERS: [&str; 8] = [
    "stories",
    "features",
    "teams",
    "pis",
    "roles",
    "templates",
    "static",
    "themes",
];

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
    // Inside the backlog, only a folder rankdown does not read may hold the
    // site: not the item folders, nor the theme's templates and static files.
    if let Ok(inner) = out_abs.strip_prefix(&root)
        && let Some(Component::Normal(first)) = inner.components().next()
        && READ_FOLDERS
            .iter()
            .any(|f| first == std::ffi::OsStr::new(f))
    {
        bail!(
            "refusing to write the site to `{}`: rankdown reads that folder of the backlog",
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
    /// Whether `out` is rankdown's, so its manifest may be written.
    ours: bool,
    /// The files the previous build wrote, from its marker: the only files
    /// rankdown ever removes.
    previous: BTreeSet<String>,
    pages: Mutex<BTreeSet<String>>,
    staged: Mutex<Vec<String>>,
    unchanged: AtomicUsize,
}

impl SiteWriter {
    /// Prepares to write the site into `out` (checked with [`check_target`]).
    pub fn open(out: &Path) -> anyhow::Result<SiteWriter> {
        let out = absolute(out)?;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            bail!("`{}` cannot be an output folder", out.display());
        };
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        let prefix = format!(".{}.rankdown-", name.to_string_lossy());
        remove_abandoned(parent, &prefix);
        let temp = parent.join(format!("{prefix}{}", std::process::id()));
        let _ = fs::remove_dir_all(&temp); // a leftover of this same process id
        fs::create_dir(&temp).with_context(|| format!("cannot create `{}`", temp.display()))?;
        let updating = out.is_dir();
        let previous = fs::read_to_string(out.join(MARKER))
            .map(|text| text.lines().skip(1).map(str::to_string).collect())
            .unwrap_or_default();
        Ok(SiteWriter {
            ours: !updating || is_ours(&out)?,
            out,
            temp,
            updating,
            previous,
            pages: Mutex::new(BTreeSet::new()),
            staged: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Takes one page: written to the temporary folder unless the site
    /// already has it with the same bytes.
    pub fn write(&self, page: &Page) -> anyhow::Result<()> {
        if STOP.load(Ordering::Relaxed) {
            bail!("stopped: the site was left as it was");
        }
        if !is_safe_relative(&page.path) || page.path == MARKER {
            bail!(
                "refusing to write `{}`: not a plain path inside the site",
                page.path
            );
        }
        if !lock(&self.pages).insert(page.path.clone()) {
            bail!("two pages would be written to `{}`", page.path);
        }
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
        if STOP.load(Ordering::Relaxed) {
            bail!("stopped: the site was left as it was");
        }
        let pages = std::mem::take(&mut *lock(&self.pages));
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        if !self.updating {
            fs::write(self.temp.join(MARKER), manifest(&pages))?;
            fs::rename(&self.temp, &self.out)
                .with_context(|| format!("cannot move the site into `{}`", self.out.display()))?;
            return Ok(Written {
                changed: pages.len(),
                unchanged,
                removed: 0,
            });
        }
        let staged = std::mem::take(&mut *lock(&self.staged));
        // Only files the previous build wrote are ever removed.
        let stale: BTreeSet<&String> = self
            .previous
            .iter()
            .filter(|p| !pages.contains(*p))
            .collect();
        for path in &staged {
            self.check_way_clear(path, &stale)?;
        }
        let mut removed = 0;
        for path in &stale {
            let file = self.out.join(path);
            if fs::symlink_metadata(&file).is_ok_and(|m| !m.is_dir()) {
                fs::remove_file(&file)
                    .with_context(|| format!("cannot remove `{}`", file.display()))?;
                removed += 1;
                self.remove_empty_parents(&file);
            }
        }
        for path in &staged {
            let target = self.out.join(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create `{}`", parent.display()))?;
            }
            fs::rename(self.temp.join(path), &target)
                .with_context(|| format!("cannot write `{}`", target.display()))?;
        }
        if self.ours {
            fs::write(self.out.join(MARKER), manifest(&pages))?;
        }
        Ok(Written {
            changed: staged.len(),
            unchanged,
            removed,
        })
    }

    /// Fails, before anything in the site changes, when `path` cannot be
    /// written: a folder on its way is a symbolic link or a file that is not
    /// going away, or a folder stands where the file goes.
    fn check_way_clear(&self, path: &str, stale: &BTreeSet<&String>) -> anyhow::Result<()> {
        let mut so_far = String::new();
        let parts: Vec<&str> = path.split('/').collect();
        for (i, part) in parts.iter().enumerate() {
            if !so_far.is_empty() {
                so_far.push('/');
            }
            so_far.push_str(part);
            let Ok(meta) = fs::symlink_metadata(self.out.join(&so_far)) else {
                return Ok(()); // absent: created when needed
            };
            let last = i + 1 == parts.len();
            let blocked = if meta.file_type().is_symlink() {
                !last // a link where the page goes is replaced, never followed
            } else if last {
                meta.is_dir()
            } else {
                !meta.is_dir() && !stale.contains(&so_far)
            };
            if blocked {
                bail!(
                    "cannot write `{path}`: `{}` is in the way (a symbolic link, or a file or folder rankdown did not write); nothing was changed",
                    self.out.join(&so_far).display()
                );
            }
        }
        Ok(())
    }

    /// Removes the folders above `file` that are now empty, up to `out`.
    fn remove_empty_parents(&self, file: &Path) {
        let mut folder = file.parent();
        while let Some(dir) = folder.filter(|d| *d != self.out && d.starts_with(&self.out)) {
            if fs::remove_dir(dir).is_err() {
                break; // not empty
            }
            folder = dir.parent();
        }
    }
}

impl Drop for SiteWriter {
    /// Removes the temporary folder: after a failure, or what is left of it
    /// after an update (a finished first build has renamed it away).
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.temp);
    }
}

/// The marker's text: a first line for people, then every file rankdown wrote.
fn manifest(pages: &BTreeSet<String>) -> String {
    let mut text =
        String::from("# Written by rankdown. Files not listed below are never removed by it.\n");
    for page in pages {
        text.push_str(page);
        text.push('\n');
    }
    text
}

/// Removes temporary folders of earlier builds that were stopped (their
/// process no longer runs).
fn remove_abandoned(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
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

    #[test]
    fn a_stopped_build_leaves_no_trace() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("site");
        let writer = SiteWriter::open(&out).expect("open");
        let page = |path: &str| Page {
            path: path.into(),
            bytes: b"x".to_vec(),
        };
        writer.write(&page("index.html")).expect("write");
        STOP.store(true, Ordering::Relaxed);
        let refused = writer.write(&page("other.html"));
        STOP.store(false, Ordering::Relaxed);
        assert!(refused.is_err());
        drop(writer);
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}
