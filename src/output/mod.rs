//! Writing the site: only ever the output folder, one build at a time, and
//! replaced whole.
//!
//! A build takes the output folder's lock, makes the complete new site in
//! `next` beside it, then swaps the two folders in one step: killed at any
//! instant, the output folder holds exactly the old site or exactly the new
//! one. The published site is never written into or removed from; it is
//! only read, and what it holds that rankdown did not write (a `CNAME`, a
//! `.git`) goes on into the new site as hard links.
//!
//! `next` is not made from nothing each time: after a swap it holds the
//! previous site, and the next build updates it. A page the published site
//! already has with the same bytes becomes a hard link to that file, so a
//! rebuild that changes nothing makes no folder and writes no file; making
//! and removing ten thousand folders would cost seconds on this kind of
//! machine. Nothing in `next` is trusted either: it is listed at the start
//! of every build (links never followed), and what the new site does not
//! have is removed from it. Folders that have not changed since they were
//! last listed are not listed again ([`saved`]).

mod files;
mod manifest;
mod place;
mod saved;
mod target;
mod tree;

pub use target::{absolute, check_target, refuse_backlog_files};

use anyhow::{Context, bail};
use manifest::MARKER;
use place::Place;
use rustc_hash::FxHashSet as HashSet;
use saved::Saved;
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tree::{Kind, Listing, Tree};

/// Set when the user asks rankdown to stop (Ctrl-C): the writer then refuses
/// further pages, so the build unwinds and leaves the site as it was.
pub static STOP: AtomicBool = AtomicBool::new(false);

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
    /// Files that are new or changed.
    pub changed: usize,
    /// Files the published site already had with the same bytes.
    pub unchanged: usize,
    /// Files of the previous build that the new site no longer has.
    pub removed: usize,
}

/// The paths the new site has claimed so far.
#[derive(Default)]
struct Claims {
    pages: HashSet<OsString>,
    /// Folders of `next` that pages (or kept files) go into, made ready.
    dirs: HashSet<OsString>,
}

/// Takes pages from any thread while a build renders them into `next`;
/// nothing in the site changes until [`SiteWriter::finish`].
pub struct SiteWriter {
    place: Place,
    /// The published site's folder, open, when there is one.
    published: Option<File>,
    /// What the published site holds, read while the pages render.
    live: Listing,
    /// Whether the new site gets rankdown's list of files: not when forced
    /// into a folder rankdown did not make.
    marked: bool,
    /// What `next` held when the build began.
    next: Tree,
    claims: Mutex<Claims>,
    unchanged: AtomicUsize,
}

impl SiteWriter {
    /// Locks the output folder `out` (checked with [`check_target`]),
    /// waiting up to `wait` for another build, and reads what it and `next`
    /// hold.
    pub fn open(out: &Path, wait: Option<Duration>) -> anyhow::Result<SiteWriter> {
        let out = absolute(out)?;
        let place = Place::lock(&out, wait)?;
        let saved = Arc::new(Saved::load(&place.saved));
        let live = Listing::start(out.clone(), Arc::clone(&saved));
        let next = read_next(&place, &saved)?;
        let marked = !out.is_dir() || target::is_ours(&out)?;
        Ok(SiteWriter {
            published: File::open(&out).ok(),
            place,
            live,
            marked,
            next,
            claims: Mutex::new(Claims::default()),
            unchanged: AtomicUsize::new(0),
        })
    }

    /// Whether a build into `out` has run before (its folder beside `out`
    /// is there): then opening a writer changes nothing but that folder, and
    /// may run while the backlog is still being checked.
    pub fn built_before(out: &Path) -> bool {
        absolute(out)
            .ok()
            .and_then(|out| place::home_of(&out))
            .is_some_and(|home| fs_meta(&home).is_some_and(|m| m.is_dir()))
    }

    /// Takes one page into `next`: a hard link to the published file when
    /// that has the same bytes, else a new file.
    pub fn write(&self, page: &Page) -> anyhow::Result<()> {
        unless_stopped()?;
        if !manifest::is_safe_relative(&page.path) {
            bail!(
                "refusing to write `{}`: not a plain path inside the site",
                page.path
            );
        }
        let path = Path::new(&page.path);
        self.claim_page(path)?;
        let target = self.place.next.join(path);
        let published = self.place.out.join(path);
        if let Some(live) = self.published_copy(path, &page.bytes)? {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            if self.next.get(path) == Some(live) {
                return Ok(()); // `next` has that very file already
            }
            files::remove(&target).with_context(|| cannot("replace", &target))?;
            if std::fs::hard_link(&published, &target).is_ok() {
                return Ok(());
            }
        } else {
            files::remove(&target).with_context(|| cannot("replace", &target))?;
        }
        files::create(&target, &page.bytes).with_context(|| cannot("write", &target))
    }

    /// The published file at `path`, if it holds exactly `bytes` and no
    /// link leads to it.
    fn published_copy(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<Option<tree::Entry>> {
        let Some(folder) = &self.published else {
            return Ok(None);
        };
        let file = match files::open_beneath(folder, path) {
            Ok(file) => file,
            // A link on the way, or no `openat2` here: the listing of the
            // site tells whether the path is a plain file.
            Err(_) => match self.live()?.get(path) {
                Some(entry) if entry.kind == Kind::File => {
                    files::open_regular(&self.place.out.join(path))
                }
                _ => None,
            },
        };
        let ino = file.and_then(|file| files::same_bytes(file, bytes));
        Ok(ino.map(|ino| tree::Entry {
            kind: Kind::File,
            ino,
        }))
    }

    /// What the published site holds.
    fn live(&self) -> anyhow::Result<&Tree> {
        self.live
            .get()
            .with_context(|| format!("cannot read `{}`", self.place.out.display()))
    }

    /// Claims `path` for a page and makes the folders it goes into ready.
    fn claim_page(&self, path: &Path) -> anyhow::Result<()> {
        let mut claims = lock(&self.claims);
        let both =
            |p: &Path| anyhow::anyhow!("`{}` would be both a page and a folder", p.display());
        if claims.dirs.contains(path.as_os_str()) {
            return Err(both(path));
        }
        if !claims.pages.insert(path.as_os_str().to_owned()) {
            bail!("two pages would be written to `{}`", path.display());
        }
        self.claim_parents(&mut claims, path, both)
    }

    /// Makes the folders above `path` ready, top down; one of them that is a
    /// page fails with `conflict`.
    fn claim_parents(
        &self,
        claims: &mut Claims,
        path: &Path,
        conflict: impl Fn(&Path) -> anyhow::Error,
    ) -> anyhow::Result<()> {
        let parents: Vec<&Path> = ancestors(path).collect();
        for parent in parents.into_iter().rev() {
            if claims.pages.contains(parent.as_os_str()) {
                return Err(conflict(parent));
            }
            self.claim_dir(claims, parent)?;
        }
        Ok(())
    }

    /// Makes `dir` a real folder of `next`, once per build; called with the
    /// claims locked, so that no two threads make the same folder.
    fn claim_dir(&self, claims: &mut Claims, dir: &Path) -> anyhow::Result<()> {
        if !claims.dirs.insert(dir.as_os_str().to_owned()) {
            return Ok(());
        }
        if self.next.get(dir).is_some_and(|e| e.kind == Kind::Dir) {
            return Ok(());
        }
        let folder = self.place.next.join(dir);
        files::remove(&folder).with_context(|| cannot("replace", &folder))?;
        std::fs::create_dir(&folder).with_context(|| cannot("create", &folder))
    }

    /// Completes the new site in `next` (what the published site holds that
    /// rankdown did not write, minus what is gone, plus the list of files)
    /// and swaps it in.
    pub fn finish(self) -> anyhow::Result<Written> {
        unless_stopped()?;
        let live = self.live()?;
        let listed = manifest::read(&self.place.out);
        // The files of the published site that rankdown wrote.
        let ours: HashSet<OsString> = listed
            .iter()
            .filter(|path| {
                live.get(Path::new(path))
                    .is_some_and(|e| e.kind == Kind::File)
            })
            .cloned()
            .collect();
        let mut claims = std::mem::take(&mut *lock(&self.claims));
        let kept = self.keep_foreign(&mut claims, live, &listed, &ours)?;
        self.prune(&claims, &kept)?;
        if self.marked {
            let list = self.place.next.join(MARKER);
            files::create(&list, manifest::text(&claims.pages).as_bytes())
                .with_context(|| cannot("write", &list))?;
        }
        unless_stopped()?;
        self.place.swap()?;
        if live.listed_settled || self.next.listed_settled {
            // Only speed depends on it: unsaved, the next build lists all.
            let both = live.settled_folders().chain(self.next.settled_folders());
            let _ = saved::save(both, &self.place.saved);
        }
        let unchanged = self.unchanged.load(Ordering::Relaxed);
        let removed = ours.difference(&claims.pages).count();
        Ok(Written {
            changed: claims.pages.len() - unchanged,
            unchanged,
            removed,
        })
    }

    /// Links into `next` everything of the published site that rankdown did
    /// not write (`ours` are the files it wrote, `listed` what its list
    /// names, whose folders are rankdown's even when emptied by hand), and
    /// returns their paths. Fails, before anything changes, when one of them
    /// stands where the new site needs a folder.
    fn keep_foreign(
        &self,
        claims: &mut Claims,
        live: &Tree,
        listed: &HashSet<OsString>,
        ours: &HashSet<OsString>,
    ) -> anyhow::Result<HashSet<OsString>> {
        let ours_dirs: HashSet<&OsStr> = listed
            .iter()
            .flat_map(|p| ancestors(Path::new(p)))
            .map(Path::as_os_str)
            .collect();
        let mut foreign: Vec<(&Path, tree::Entry)> = live
            .entries()
            .filter(|(path, entry)| match entry.kind {
                Kind::File => !ours.contains(path.as_os_str()) && *path != Path::new(MARKER),
                Kind::Dir => !ours_dirs.contains(path.as_os_str()),
                Kind::Link | Kind::Other => true,
            })
            .collect();
        foreign.sort_unstable_by(|a, b| a.0.cmp(b.0)); // folders first, and a stable first error
        let in_the_way = |p: &Path| in_the_way(&self.place.out, p);
        let mut kept = HashSet::default();
        for (path, entry) in foreign {
            let page = claims.pages.contains(path.as_os_str());
            match entry.kind {
                Kind::Dir if page => return Err(in_the_way(path)),
                Kind::Dir => {
                    self.claim_parents(claims, path, in_the_way)?;
                    self.claim_dir(claims, path)?;
                }
                _ if claims.dirs.contains(path.as_os_str()) => return Err(in_the_way(path)),
                // A link or a stray file where a page goes: the page replaces it.
                _ if page => continue,
                _ => {
                    self.claim_parents(claims, path, in_the_way)?;
                    self.link_into_next(path, entry)?;
                }
            }
            kept.insert(path.as_os_str().to_owned());
        }
        Ok(kept)
    }

    /// Makes `next/path` the published file at `path` (a hard link).
    fn link_into_next(&self, path: &Path, entry: tree::Entry) -> anyhow::Result<()> {
        if self.next.get(path) == Some(entry) {
            return Ok(());
        }
        let target = self.place.next.join(path);
        files::remove(&target).with_context(|| cannot("replace", &target))?;
        std::fs::hard_link(self.place.out.join(path), &target).with_context(|| {
            format!(
                "cannot keep `{}` (rankdown did not write it) in the new site; nothing was changed",
                shown(&self.place.out.join(path))
            )
        })
    }

    /// Removes from `next` what it held before this build and the new site
    /// does not have.
    fn prune(&self, claims: &Claims, kept: &HashSet<OsString>) -> anyhow::Result<()> {
        let wanted = |path: &OsStr| {
            claims.dirs.contains(path) || claims.pages.contains(path) || kept.contains(path)
        };
        let mut stale: Vec<&Path> = self
            .next
            .entries()
            .map(|(path, _)| path)
            .filter(|path| !wanted(path.as_os_str()))
            .collect();
        stale.sort_unstable();
        let mut removed_dir: Option<&Path> = None;
        for path in stale {
            if removed_dir.is_some_and(|dir| path.starts_with(dir)) {
                continue; // went with its folder
            }
            let file = self.place.next.join(path);
            files::remove(&file).with_context(|| cannot("remove", &file))?;
            removed_dir = Some(path);
        }
        Ok(())
    }
}

/// What `next` holds (links never followed), listed now where it changed
/// since it was `saved`; the folder is
/// made when missing, and anything else in its place removed.
fn read_next(place: &Place, saved: &Saved) -> anyhow::Result<Tree> {
    match fs_meta(&place.next) {
        Some(meta) if meta.is_dir() => {
            Tree::read(&place.next, saved, true).with_context(|| cannot("read", &place.next))
        }
        other => {
            if other.is_some() {
                files::remove(&place.next).with_context(|| cannot("replace", &place.next))?;
            }
            std::fs::create_dir(&place.next).with_context(|| cannot("create", &place.next))?;
            Ok(Tree::default())
        }
    }
}

/// The error for something of the published site that rankdown did not
/// write and that stands where the new site needs a folder or a page.
fn in_the_way(out: &Path, path: &Path) -> anyhow::Error {
    anyhow::anyhow!(
        "`{}` is in the way (a symbolic link, or a file or folder rankdown did not write, where the site needs a folder or page); nothing was changed",
        shown(&out.join(path))
    )
}

fn cannot(verb: &str, path: &Path) -> String {
    format!("cannot {verb} `{}`", shown(path))
}

/// A path as a message shows it: names in the site come from anyone who
/// could write there, so their control characters are made visible.
fn shown(path: &Path) -> String {
    crate::terminal::visible(&path.display().to_string()).into_owned()
}

/// The folders above `path`, nearest first, without the empty root.
fn ancestors(path: &Path) -> impl Iterator<Item = &Path> {
    path.ancestors()
        .skip(1)
        .filter(|p| !p.as_os_str().is_empty())
}

fn fs_meta(path: &Path) -> Option<std::fs::Metadata> {
    std::fs::symlink_metadata(path).ok()
}

/// Fails once the user has asked rankdown to stop (see [`STOP`]).
fn unless_stopped() -> anyhow::Result<()> {
    match STOP.load(Ordering::Relaxed) {
        true => bail!("stopped: the site was left as it was"),
        false => Ok(()),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stopped_build_leaves_the_site_as_it_was() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("site");
        let writer = SiteWriter::open(&out, None).expect("open");
        let page = |path: &str| Page {
            path: path.into(),
            bytes: b"x".to_vec(),
        };
        writer.write(&page("index.html")).expect("write");
        STOP.store(true, Ordering::Relaxed);
        let refused = writer.write(&page("other.html"));
        let unfinished = writer.finish();
        STOP.store(false, Ordering::Relaxed);
        assert!(refused.is_err() && unfinished.is_err());
        assert!(!out.exists(), "a site appeared");
    }
}
