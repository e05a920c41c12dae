//! A loaded backlog that can re-read single files: the live preview re-reads
//! what was saved instead of the whole root.
//!
//! Re-reading a file gives exactly what a fresh load would, or the reader
//! says it cannot and loads everything again: a file that is, or was, one of
//! two with the same id (which one wins depends on the others), and anything
//! that is not a plain Markdown file in an item folder.
//!
//! An editor's unsaved text can stand in for a file's bytes on disk
//! ([`Reader::set_unsaved`]): the language server checks what is being typed
//! against the rest of the backlog as saved.

use super::{Item, Loaded, Parsed, parse_config, parse_item, read_config};
use crate::diagnostic::{Code, Diagnostic};
use crate::layout::{self as walk, CONFIG_FILE};
use crate::model::{Backlog, FileId, Id, Kind};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A backlog read from disk, with the problems of each file kept apart so
/// that one file can be read again.
#[derive(Debug)]
pub struct Reader {
    root: PathBuf,
    backlog: Backlog,
    /// Links and folders the walk did not follow.
    walk_diagnostics: Vec<Diagnostic>,
    /// Problems found in each file, by path.
    file_diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    /// Which file holds each id (the first in path order) and how many claim it.
    claims: HashMap<Id, Claim>,
    /// Text read instead of the disk's, by path: files open in an editor.
    unsaved: HashMap<String, String>,
}

#[derive(Debug)]
struct Claim {
    kind: Kind,
    path: String,
    count: usize,
}

/// What [`Reader::reread`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reread {
    /// Only these files were read again.
    Files(usize),
    /// The whole root was read again.
    Everything,
}

impl Reader {
    /// Reads the whole backlog root at `root` (see [`super::load`]).
    pub fn open(root: &Path) -> anyhow::Result<Reader> {
        Reader::open_with(root, HashMap::default())
    }

    /// Reads the whole backlog root at `root`, taking the files named in
    /// `changed` (by relative path) to hold the text given there.
    pub(super) fn open_changed(
        root: &Path,
        changed: &BTreeMap<String, String>,
    ) -> anyhow::Result<Reader> {
        let unsaved = changed.iter().map(|(p, t)| (p.clone(), t.clone()));
        Reader::open_with(root, unsaved.collect())
    }

    /// Reads the root with `unsaved` standing in for the disk's files.
    fn open_with(root: &Path, unsaved: HashMap<String, String>) -> anyhow::Result<Reader> {
        let config_bytes = read_config(root)?;
        let config_bytes = match unsaved.get(CONFIG_FILE) {
            Some(text) => text.clone().into_bytes(),
            None => config_bytes,
        };
        let (mut found, walk_diagnostics) = walk::find(root);
        // A file being written that was never saved is read all the same.
        for path in unsaved.keys() {
            let kind = walk::item_kind(path);
            if let Some(kind) = kind.filter(|_| !found.iter().any(|f| f.path == *path)) {
                found.push(walk::Found {
                    path: path.clone(),
                    kind,
                });
            }
        }
        found.sort_by(|a, b| a.path.cmp(&b.path));
        let files = found
            .into_par_iter()
            .map(|f| {
                let bytes = read_file(root, &unsaved, &f.path);
                (f, bytes)
            })
            .collect();
        let mut reader = Reader::from_files(root, config_bytes, files, walk_diagnostics);
        reader.unsaved = unsaved;
        Ok(reader)
    }

    /// A reader over files already read: the config's bytes and each item
    /// file's bytes in path order, plus what finding them reported.
    pub(super) fn from_files(
        root: &Path,
        config_bytes: Vec<u8>,
        files: Vec<(walk::Found, std::io::Result<Vec<u8>>)>,
        walk_diagnostics: Vec<Diagnostic>,
    ) -> Reader {
        let parsed: Vec<Parsed> = files
            .into_par_iter()
            .enumerate()
            .map(|(index, (f, bytes))| parse_item(f.kind, &f.path, bytes, FileId(index + 1)))
            .collect();
        let mut reader = Reader {
            root: root.to_path_buf(),
            backlog: Backlog::default(),
            walk_diagnostics,
            file_diagnostics: BTreeMap::new(),
            claims: HashMap::default(),
            unsaved: HashMap::default(),
        };
        reader.add(parse_config(config_bytes, FileId(0)), FileId(0));
        for (index, p) in parsed.into_iter().enumerate() {
            reader.add(p, FileId(index + 1));
        }
        reader
    }

    /// Reads the whole root again.
    pub fn reload(&mut self) -> anyhow::Result<()> {
        *self = Reader::open_with(&self.root, std::mem::take(&mut self.unsaved))?;
        Ok(())
    }

    /// Reads `text` instead of the disk's file at `path` (relative to the
    /// root, `/`-separated) from now on, as an editor holds it unsaved;
    /// `None` goes back to the disk. Takes effect when the path is re-read
    /// ([`Reader::reread`]), which also reads a new path that is only in
    /// memory so far.
    pub fn set_unsaved(&mut self, path: &str, text: Option<String>) {
        match text {
            Some(text) => self.unsaved.insert(path.to_string(), text),
            None => self.unsaved.remove(path),
        };
    }

    /// The root the reader reads.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The backlog as last read.
    pub fn backlog(&self) -> &Backlog {
        &self.backlog
    }

    /// Every problem found while reading, unsorted.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let files = self.file_diagnostics.values().flatten();
        self.walk_diagnostics.iter().chain(files).cloned().collect()
    }

    /// The backlog and its reading problems.
    pub fn into_loaded(self) -> Loaded {
        let diagnostics = self.diagnostics();
        Loaded {
            backlog: self.backlog,
            diagnostics,
        }
    }

    /// Reads the files at `paths` (relative to the root, `/`-separated) again,
    /// whether they changed, appeared or were deleted. Fails only when the
    /// root can no longer be used.
    pub fn reread(&mut self, paths: &[String]) -> anyhow::Result<Reread> {
        let mut paths = paths.to_vec();
        paths.sort();
        paths.dedup();
        // New files go to the end of the file list, in path order.
        let mut next_file = FileId(self.backlog.files.len());
        let plans: Option<Vec<Plan>> = paths
            .iter()
            .map(|path| {
                let plan = self.plan(path, next_file)?;
                next_file.0 += usize::from(!plan.known && plan.exists);
                Some(plan)
            })
            .collect();
        let Some(plans) = plans else {
            self.reload()?;
            return Ok(Reread::Everything);
        };
        let config = match plans.iter().any(|p| p.kind.is_none()) {
            true => Some(match self.unsaved.get(CONFIG_FILE) {
                Some(text) => text.clone().into_bytes(),
                None => read_config(&self.root)?,
            }),
            false => None,
        };
        let mut config = config.map(|bytes| parse_config(bytes, FileId(0)));
        let parsed: Vec<(Plan, Option<Parsed>)> = plans
            .into_par_iter()
            .map(|plan| {
                let parsed = match (plan.kind, plan.exists) {
                    (Some(kind), true) => {
                        let bytes = read_file(&self.root, &self.unsaved, &plan.path);
                        Some(parse_item(kind, &plan.path, bytes, plan.file))
                    }
                    _ => None,
                };
                (plan, parsed)
            })
            .collect();
        let count = parsed.len();
        for (plan, parsed) in parsed {
            self.forget(&plan);
            match parsed.or_else(|| plan.kind.is_none().then(|| config.take()).flatten()) {
                Some(p) => self.add(p, plan.file),
                None if plan.known => self.backlog.clear_file(plan.file),
                None => {}
            }
        }
        Ok(Reread::Files(count))
    }

    /// How to re-read one path, or `None` when only a full read is right.
    fn plan(&self, path: &str, next_file: FileId) -> Option<Plan> {
        let known = self.backlog.file_id_at(path);
        if path == CONFIG_FILE {
            return Some(Plan {
                path: path.into(),
                kind: None,
                file: FileId(0),
                known: true,
                exists: true,
                id: None,
            });
        }
        let (folder, rest) = path.split_once('/')?;
        let kind = crate::layout::kind_of_folder(folder)?;
        // The walk skips hidden folders; files in them are not backlog content.
        let hidden_folder = rest
            .split('/')
            .rev()
            .skip(1)
            .any(|dir| dir.starts_with('.'));
        let exists = match std::fs::symlink_metadata(self.root.join(path)) {
            _ if self.unsaved.contains_key(path) => !hidden_folder,
            Ok(meta) if meta.file_type().is_file() => !hidden_folder,
            Ok(_) => return None, // a link or a folder: the walk decides
            Err(_) => false,
        };
        if !walk::is_markdown(Path::new(path)) {
            return None;
        }
        // A link the walk did not follow, now changed or gone: the walk decides.
        if self.walk_diagnostics.iter().any(|d| d.file == path) {
            return None;
        }
        let id = super::claimed_id(path);
        let claim = id.as_ref().and_then(|id| self.claims.get(id.as_str()));
        match (known, exists) {
            // A new file with a taken id: which one wins depends on paths.
            (None, true) if claim.is_some() => None,
            _ if claim.is_some_and(|c| c.count > 1) => None,
            (file, exists) => Some(Plan {
                path: path.into(),
                kind: Some(kind),
                file: file.unwrap_or(next_file),
                known: file.is_some(),
                exists,
                id: id.map(|id| (kind, id)),
            }),
        }
    }

    /// Removes what the file of `plan` put into the backlog.
    fn forget(&mut self, plan: &Plan) {
        self.file_diagnostics.remove(&plan.path);
        if plan.kind.is_none() {
            self.backlog.config = None;
        }
        let Some((kind, id)) = &plan.id else {
            return;
        };
        if self
            .claims
            .get(id.as_str())
            .is_some_and(|c| c.path == plan.path)
        {
            self.claims.remove(id.as_str());
            self.backlog.remove(*kind, id.as_str());
            self.backlog.unreadable.remove(id.as_str());
        }
    }

    /// Puts one read file into the backlog at `file`.
    fn add(&mut self, p: Parsed, file: FileId) {
        let mut diagnostics = p.diagnostics;
        match (p.item, p.id) {
            (item, Some((kind, id))) => {
                let claim = self.claims.entry(id.clone()).or_insert_with(|| Claim {
                    kind,
                    path: p.source.path.clone(),
                    count: 0,
                });
                claim.count += 1;
                if claim.count > 1 {
                    diagnostics.push(Diagnostic::new(
                        Code::DuplicateId,
                        &p.source.path,
                        (1, 1),
                        format!(
                            "id `{id}` is already used by {} `{}`",
                            claim.kind.noun(),
                            claim.path
                        ),
                        "rename one of the two files: ids are unique across the whole backlog",
                    ));
                } else if let Some(Item::Entry(entry)) = item {
                    let _ = self.backlog.insert(entry); // the id was free: claimed above
                } else {
                    self.backlog.unreadable.insert(id, kind);
                }
            }
            (Some(Item::Config(config)), None) => self.backlog.config = Some(config),
            (_, None) => {}
        }
        if !diagnostics.is_empty() {
            self.file_diagnostics
                .insert(p.source.path.clone(), diagnostics);
        }
        self.backlog.set_file(file, p.source);
    }
}

/// The bytes of the file at `path`: the unsaved text if there is one, else
/// the disk's.
fn read_file(
    root: &Path,
    unsaved: &HashMap<String, String>,
    path: &str,
) -> std::io::Result<Vec<u8>> {
    match unsaved.get(path) {
        Some(text) => Ok(text.clone().into_bytes()),
        None => std::fs::read(root.join(path)),
    }
}

/// How one changed path is read again.
#[derive(Debug)]
struct Plan {
    path: String,
    /// The folder's kind; `None` for the config file.
    kind: Option<Kind>,
    /// Where the file is, or will be, in the backlog's file list.
    file: FileId,
    /// Whether the backlog has the file from an earlier read.
    known: bool,
    /// Whether the file is there to read now.
    exists: bool,
    /// The id the file name claims.
    id: Option<(Kind, Id)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |path: &str, text: &str| {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        };
        write(CONFIG_FILE, "title: T\n");
        write("teams/t.md", "---\ntitle: T\nproduct_owner: P\n---\n");
        dir
    }

    fn title(reader: &Reader) -> Option<&str> {
        reader.backlog().title_of("t")
    }

    #[test]
    fn unsaved_text_stands_in_for_the_disk() {
        let dir = root();
        let mut reader = Reader::open(dir.path()).expect("a root");
        let text = "---\ntitle: Typed\nproduct_owner: P\n---\n";
        reader.set_unsaved("teams/t.md", Some(text.into()));
        assert_eq!(
            reader.reread(&["teams/t.md".into()]).ok(),
            Some(Reread::Files(1))
        );
        assert_eq!(title(&reader), Some("Typed"));
        reader.reload().expect("read again");
        assert_eq!(title(&reader), Some("Typed"));
        reader.set_unsaved("teams/t.md", None);
        reader.reread(&["teams/t.md".into()]).expect("read again");
        assert_eq!(title(&reader), Some("T"));
    }

    #[test]
    fn a_file_never_saved_is_read_and_forgotten() {
        let dir = root();
        let mut reader = Reader::open(dir.path()).expect("a root");
        let path = "teams/u.md".to_string();
        reader.set_unsaved(&path, Some("---\ntitle: U\nproduct_owner: P\n---\n".into()));
        reader.reread(std::slice::from_ref(&path)).expect("read");
        assert_eq!(reader.backlog().title_of("u"), Some("U"));
        reader.reload().expect("read again");
        assert_eq!(reader.backlog().title_of("u"), Some("U"));
        reader.set_unsaved(&path, None);
        reader.reread(&[path]).expect("read");
        assert_eq!(reader.backlog().title_of("u"), None);
    }
}
