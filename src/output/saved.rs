//! What the folders of the two sites held when a build last listed them,
//! kept so that the next build need not list them all again.
//!
//! Listing the ten thousand folders of the site and of `next` costs more
//! than a tenth of a rebuild. A folder's entries cannot change without the
//! system moving its change time (ctime) forward, and no program can set
//! that time back. So a folder whose inode and change time are exactly
//! those saved holds exactly the entries saved, and anything else is listed
//! afresh: a folder changed since (by rankdown or anyone), a stale or forged
//! file, a fresh checkout (whose folders have change times nobody could
//! know in advance). A folder that changed less than a second before it was
//! listed is never saved, because a change within the same tick of the
//! clock would not move its time.
//!
//! The file is NUL-separated records of five fields: `S dev ino secs nanos`
//! starts a folder, `F|D|L|O ino - - name` are its entries, `E` ends the
//! file. Anything unexpected and the file is not used at all.

use super::tree::{Entry, Kind};
use rustc_hash::FxHashMap as HashMap;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Read};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long a folder must have been left alone for its listing to be saved.
const SETTLED: Duration = Duration::from_secs(1);

/// A saved file larger than this (about fifty times what a site of ten
/// thousand stories needs) is not read.
const LARGEST: u64 = 128 << 20;

/// A folder's identity and the last time its entries changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) struct Stamp {
    dev: u64,
    ino: u64,
    secs: i64,
    nanos: i64,
}

impl Stamp {
    /// The stamp of the folder at `path` (a link is not a folder), if it
    /// changed before `settled`; none on systems without change times.
    #[cfg(unix)]
    pub(super) fn of(path: &Path, settled: SystemTime) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let meta = fs::symlink_metadata(path).ok()?;
        let changed = SystemTime::UNIX_EPOCH
            .checked_add(Duration::new(meta.ctime().try_into().ok()?, 0))?
            .checked_add(Duration::from_nanos(meta.ctime_nsec().try_into().ok()?))?;
        (meta.is_dir() && changed < settled).then_some(Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            secs: meta.ctime(),
            nanos: meta.ctime_nsec(),
        })
    }

    #[cfg(not(unix))]
    pub(super) fn of(_: &Path, _: SystemTime) -> Option<Stamp> {
        None
    }
}

/// The moment before which a folder listed from now on counts as settled.
pub(super) fn settled_before_now() -> SystemTime {
    SystemTime::now() - SETTLED
}

/// The saved entries of folders, by their stamp.
#[derive(Debug, Default)]
pub(super) struct Saved {
    folders: HashMap<Stamp, Vec<(OsString, Entry)>>,
}

impl Saved {
    /// Reads the file at `path`; missing, unreadable or malformed, nothing
    /// is saved.
    pub(super) fn load(path: &Path) -> Saved {
        let mut bytes = Vec::new();
        let read = super::files::open_regular(path)
            .map(|file| file.take(LARGEST + 1).read_to_end(&mut bytes));
        match read {
            Some(Ok(size)) if size as u64 <= LARGEST => parse(&bytes).unwrap_or_default(),
            _ => Saved::default(),
        }
    }

    /// The entries of the folder with `stamp`, if saved.
    pub(super) fn entries_of(&self, stamp: Stamp) -> Option<&[(OsString, Entry)]> {
        self.folders.get(&stamp).map(Vec::as_slice)
    }
}

/// The records of a saved file, or `None` if it is not one.
fn parse(bytes: &[u8]) -> Option<Saved> {
    let text = std::str::from_utf8(bytes).ok()?;
    let mut fields = text.split('\0');
    let mut folders: HashMap<Stamp, Vec<(OsString, Entry)>> = HashMap::default();
    let mut current: Option<Stamp> = None;
    loop {
        let tag = fields.next()?;
        let [a, b, c, name] = [(); 4].map(|()| fields.next());
        let (a, b, c, name) = (a?, b?, c?, name?);
        match tag {
            "E" => return fields.next().is_none().then_some(Saved { folders }),
            "S" => {
                let stamp = Stamp {
                    dev: a.parse().ok()?,
                    ino: b.parse().ok()?,
                    secs: c.parse().ok()?,
                    nanos: name.parse().ok()?,
                };
                folders.insert(stamp, Vec::new());
                current = Some(stamp);
            }
            _ => {
                let kind = kind_of(tag)?;
                let plain = !name.is_empty() && name != "." && name != ".." && !name.contains('/');
                let entry = Entry {
                    kind,
                    ino: a.parse().ok()?,
                };
                let folder = folders.get_mut(&current?)?;
                plain.then(|| folder.push((name.into(), entry)))?;
            }
        }
    }
}

fn kind_of(tag: &str) -> Option<Kind> {
    Some(match tag {
        "F" => Kind::File,
        "D" => Kind::Dir,
        "L" => Kind::Link,
        "O" => Kind::Other,
        _ => return None,
    })
}

fn tag_of(kind: Kind) -> char {
    match kind {
        Kind::File => 'F',
        Kind::Dir => 'D',
        Kind::Link => 'L',
        Kind::Other => 'O',
    }
}

/// Writes the stamped folders of every tree in `folders` (each with its
/// entries, by name) to `path`, replacing it in one step.
pub(super) fn save<'a>(
    folders: impl Iterator<Item = (Stamp, Vec<(&'a OsStr, Entry)>)>,
    path: &Path,
) -> io::Result<()> {
    let mut text = String::new();
    for (stamp, entries) in folders {
        let Some(named): Option<Vec<(&str, Entry)>> = entries
            .into_iter()
            .map(|(name, entry)| name.to_str().map(|name| (name, entry)))
            .collect()
        else {
            continue; // a name that is not UTF-8: that folder is listed each time
        };
        let Stamp {
            dev,
            ino,
            secs,
            nanos,
        } = stamp;
        text += &format!("S\0{dev}\0{ino}\0{secs}\0{nanos}\0");
        for (name, entry) in named {
            text += &format!("{}\0{}\0-\0-\0{name}\0", tag_of(entry.kind), entry.ino);
        }
    }
    text += "E\0-\0-\0-\0-";
    let partial = path.with_extension("partial");
    super::files::remove(&partial)?;
    super::files::create(&partial, text.as_bytes())?;
    fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(ino: u64) -> Stamp {
        Stamp {
            dev: 1,
            ino,
            secs: 1_700_000_000,
            nanos: 5,
        }
    }

    fn entry(kind: Kind, ino: u64) -> Entry {
        Entry { kind, ino }
    }

    #[test]
    fn saved_folders_read_back_with_their_entries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("folders");
        let names = [OsStr::new("index.html"), OsStr::new("A-1")];
        let folders = vec![
            (stamp(7), vec![(names[0], entry(Kind::File, 8))]),
            (stamp(9), vec![(names[1], entry(Kind::Dir, 7))]),
        ];
        save(folders.into_iter(), &path).expect("save");
        let saved = Saved::load(&path);
        let index = [(OsString::from("index.html"), entry(Kind::File, 8))];
        assert_eq!(saved.entries_of(stamp(7)), Some(&index[..]));
        assert_eq!(saved.entries_of(stamp(9)).map(<[_]>::len), Some(1));
        assert_eq!(saved.entries_of(stamp(8)), None);
    }

    #[test]
    fn a_file_not_exactly_as_saved_is_not_used() {
        let start = "S\x001\x007\x001700000000\x005\x00";
        for text in [
            format!("{start}F\x008\x00-\x00-\x00index.html\x00"), // no end
            format!("{start}F\x008\x00-\x00-\x00../x\x00E\x00-\x00-\x00-\x00-"),
            format!("{start}X\x008\x00-\x00-\x00x\x00E\x00-\x00-\x00-\x00-"),
            format!("F\x008\x00-\x00-\x00x\x00{start}E\x00-\x00-\x00-\x00-"),
            format!("{start}E\x00-\x00-\x00-\x00-\x00S"),
        ] {
            assert!(parse(text.as_bytes()).is_none(), "{text:?}");
        }
        let good = format!("{start}F\x008\x00-\x00-\x00x\x00E\x00-\x00-\x00-\x00-");
        assert!(parse(good.as_bytes()).is_some());
    }
}
