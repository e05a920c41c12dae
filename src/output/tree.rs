//! What a site folder holds, read from the folder itself: every entry with
//! its kind and inode, symbolic links never followed.

use super::saved::{self, Saved, Stamp};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::{Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::SystemTime;

/// What an entry of a folder is, as the folder lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A regular file.
    File,
    /// A real folder (not a link to one).
    Dir,
    /// A symbolic link, never followed.
    Link,
    /// A FIFO, socket or device.
    Other,
}

/// One entry of a folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Its inode number (0 where the system has none): two paths with the
    /// same number in one file system are the same file.
    pub ino: u64,
}

/// Every entry below a folder, by path relative to it.
#[derive(Debug, Default)]
pub(super) struct Tree {
    /// By path as bytes: hashing and comparing them is cheaper than paths.
    entries: HashMap<OsString, Entry>,
    /// The stamps of the folders (the top one is `""`) that had settled
    /// when they were read.
    stamps: HashMap<OsString, Stamp>,
    /// Whether a settled folder was listed, not taken as saved: then
    /// there is something new to save.
    pub listed_settled: bool,
}

impl Tree {
    /// Lists `folder` and every real folder below it, a level at a time
    /// (no recursion: any depth is fine), the folders of a level in
    /// parallel if asked; a folder that has not changed since its entries
    /// were `saved` is not listed again. A folder that is not there is an
    /// empty tree.
    pub(super) fn read(folder: &Path, saved: &Saved, parallel: bool) -> io::Result<Tree> {
        let settled = saved::settled_before_now();
        let read = |dir: &PathBuf| read_folder(folder, dir, saved, settled);
        let mut tree = Tree::default();
        let mut level = vec![PathBuf::new()];
        while !level.is_empty() {
            let listed: io::Result<Vec<_>> = match parallel {
                true => level.par_iter().map(read).collect(),
                false => level.iter().map(read).collect(),
            };
            let listed = match listed {
                Err(e) if e.kind() == io::ErrorKind::NotFound && tree.entries.is_empty() => {
                    return Ok(Tree::default());
                }
                other => other?,
            };
            level = Vec::new();
            for (dir, stamp, entries, was_saved) in listed {
                if let Some(stamp) = stamp {
                    tree.listed_settled |= !was_saved;
                    tree.stamps.insert(dir.into_os_string(), stamp);
                }
                for (path, entry) in entries {
                    if entry.kind == Kind::Dir {
                        level.push(path.clone());
                    }
                    tree.entries.insert(path.into_os_string(), entry);
                }
            }
        }
        Ok(tree)
    }

    /// The entry at `path`, if the folder had one.
    pub(super) fn get(&self, path: &Path) -> Option<Entry> {
        self.entries.get(path.as_os_str()).copied()
    }

    /// Every entry, in no order.
    pub(super) fn entries(&self) -> impl Iterator<Item = (&Path, Entry)> {
        self.entries
            .iter()
            .map(|(path, entry)| (Path::new(path), *entry))
    }

    /// The folders that had settled when read, each with its entries by
    /// name: what [`saved::save`] keeps.
    pub(super) fn settled_folders(&self) -> impl Iterator<Item = (Stamp, Vec<(&OsStr, Entry)>)> {
        let mut by_folder: HashMap<&OsStr, Vec<(&OsStr, Entry)>> = HashMap::default();
        for (path, entry) in self.entries() {
            if let (Some(folder), Some(name)) = (path.parent(), path.file_name()) {
                by_folder
                    .entry(folder.as_os_str())
                    .or_default()
                    .push((name, entry));
            }
        }
        self.stamps.iter().map(move |(folder, stamp)| {
            let entries = by_folder.remove(folder.as_os_str()).unwrap_or_default();
            (*stamp, entries)
        })
    }
}

/// The folder `dir` of the tree at `root`: its stamp if it had settled
/// before `settled`, its entries, and whether they are the saved ones
/// (when the stamp says it has not changed since) rather than listed now.
fn read_folder(root: &Path, dir: &Path, saved: &Saved, settled: SystemTime) -> io::Result<Folder> {
    let stamp = Stamp::of(&root.join(dir), settled);
    let (entries, was_saved) = match stamp.and_then(|stamp| saved.entries_of(stamp)) {
        Some(known) => {
            let entries = known.iter().map(|(name, e)| (dir.join(name), *e));
            (entries.collect(), true)
        }
        None => (list(root, dir)?, false),
    };
    Ok((dir.to_path_buf(), stamp, entries, was_saved))
}

/// A folder as [`read_folder`] found it.
type Folder = (PathBuf, Option<Stamp>, Vec<(PathBuf, Entry)>, bool);

/// A folder's [`Tree`], read on a thread of its own while the build goes on.
pub(super) struct Listing {
    reading: Mutex<Option<JoinHandle<io::Result<Tree>>>>,
    read: OnceLock<Tree>,
}

impl Listing {
    /// Starts reading `folder`, one folder at a time: the threads that
    /// render pages may wait for it, so it must not wait for them.
    pub(super) fn start(folder: PathBuf, saved: Arc<Saved>) -> Listing {
        let read = move || Tree::read(&folder, &saved, false);
        Listing {
            reading: Mutex::new(Some(std::thread::spawn(read))),
            read: OnceLock::new(),
        }
    }

    /// The tree, once it is read (waiting for it the first time).
    pub(super) fn get(&self) -> io::Result<&Tree> {
        if let Some(tree) = self.read.get() {
            return Ok(tree);
        }
        let mut reading = super::lock(&self.reading);
        if let Some(tree) = self.read.get() {
            return Ok(tree); // read by another thread meanwhile
        }
        let failed = || io::Error::other("reading the folder failed before");
        let thread = reading.take().ok_or_else(failed)?;
        let tree = thread
            .join()
            .map_err(|_| io::Error::other("reading the folder panicked"))??;
        Ok(self.read.get_or_init(|| tree))
    }
}

/// The entries of the folder `dir` (relative to `root`), by relative path.
fn list(root: &Path, dir: &Path) -> io::Result<Vec<(PathBuf, Entry)>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(root.join(dir))? {
        let entry = entry?;
        let file_type = entry.file_type()?;
        let kind = if file_type.is_symlink() {
            Kind::Link
        } else if file_type.is_dir() {
            Kind::Dir
        } else if file_type.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        let ino = inode(&entry);
        found.push((dir.join(entry.file_name()), Entry { kind, ino }));
    }
    Ok(found)
}

#[cfg(unix)]
fn inode(entry: &fs::DirEntry) -> u64 {
    std::os::unix::fs::DirEntryExt::ino(entry)
}

#[cfg(not(unix))]
fn inode(_: &fs::DirEntry) -> u64 {
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_every_level_and_never_follows_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("a/b/c")).expect("mkdir");
        fs::write(root.join("a/b/c/page.html"), "x").expect("write");
        let elsewhere = dir.path().join("elsewhere");
        fs::create_dir(&elsewhere).expect("mkdir");
        fs::write(elsewhere.join("secret"), "x").expect("write");
        std::os::unix::fs::symlink(&elsewhere, root.join("a/link")).expect("link");

        let tree = Tree::read(&root, &Saved::default(), true).expect("read");
        assert_eq!(
            Tree::read(&root, &Saved::default(), false)
                .expect("read")
                .entries
                .len(),
            5
        );
        let mut kinds: Vec<(String, Kind)> = tree
            .entries()
            .map(|(p, e)| (p.to_string_lossy().into_owned(), e.kind))
            .collect();
        kinds.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            kinds,
            [
                ("a".into(), Kind::Dir),
                ("a/b".into(), Kind::Dir),
                ("a/b/c".into(), Kind::Dir),
                ("a/b/c/page.html".into(), Kind::File),
                ("a/link".into(), Kind::Link),
            ]
        );
        let absent = Tree::read(&dir.path().join("absent"), &Saved::default(), true).expect("read");
        assert_eq!(absent.entries().count(), 0);
    }
}
