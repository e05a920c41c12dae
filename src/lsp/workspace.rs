//! The backlog the server checks: the files on disk with the open
//! documents' unsaved text standing in for theirs, re-read one file at a
//! time as `serve` does, and its diagnostics.

use crate::diagnostic::Diagnostic;
use crate::layout::{CONFIG_FILE, item_kind};
use crate::load::{Reader, Reread};
use crate::model::Backlog;
use crate::serve::watch::Batch;
use lsp_types::Uri;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// A document open in the editor.
#[derive(Debug)]
pub(super) struct Doc {
    /// How the client names it.
    pub(super) uri: Uri,
    /// The client's version of its text.
    pub(super) version: i32,
    /// The text as the client holds it.
    pub(super) text: String,
}

/// One backlog root, as the editor sees it.
pub(super) struct Workspace {
    reader: Reader,
    /// The root as found, and as the file system resolves it.
    roots: [PathBuf; 2],
    /// Open documents under the root, by path relative to it.
    docs: BTreeMap<String, Doc>,
    /// Every diagnostic of the backlog, sorted (so by file first).
    diagnostics: Vec<Diagnostic>,
    /// Paths to read again at the next [`Workspace::refresh`].
    pending: BTreeSet<String>,
    /// Read the whole root at the next refresh.
    reload: bool,
    /// Open documents whose text changed since the last refresh.
    edited: BTreeSet<String>,
    /// What each open document was last told.
    published: BTreeMap<String, Vec<Diagnostic>>,
}

/// What one [`Workspace::refresh`] did, for the client's log.
pub(super) struct Refreshed {
    /// The files read again.
    pub(super) reread: Reread,
    /// How long reading took.
    pub(super) read: Duration,
    /// How long validating took.
    pub(super) validated: Duration,
}

impl std::fmt::Display for Refreshed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let files = match self.reread {
            Reread::Everything => "the whole backlog".to_string(),
            Reread::Files(n) => crate::words::counted(n, "file"),
        };
        write!(
            f,
            "checked in {:.1} ms: read {files} in {:.1} ms, validated in {:.1} ms",
            ms(self.read + self.validated),
            ms(self.read),
            ms(self.validated)
        )
    }
}

/// Diagnostics to send for one document.
pub(super) struct Publish<'a> {
    /// The document.
    pub(super) doc: &'a Doc,
    /// Its diagnostics, sorted.
    pub(super) diagnostics: &'a [Diagnostic],
}

impl Workspace {
    /// Reads the backlog root at `root`.
    pub(super) fn open(root: &Path) -> anyhow::Result<Workspace> {
        let reader = Reader::open(root)?;
        let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut workspace = Workspace {
            reader,
            roots: [root.to_path_buf(), canonical],
            docs: BTreeMap::new(),
            diagnostics: Vec::new(),
            pending: BTreeSet::new(),
            reload: false,
            edited: BTreeSet::new(),
            published: BTreeMap::new(),
        };
        workspace.validate();
        Ok(workspace)
    }

    /// The backlog root.
    pub(super) fn root(&self) -> &Path {
        &self.roots[0]
    }

    /// The backlog as last read.
    pub(super) fn backlog(&self) -> &Backlog {
        self.reader.backlog()
    }

    /// `path` relative to the root (`/`-separated), if it is under it.
    pub(super) fn relative(&self, path: &Path) -> Option<String> {
        let inside = |root: &PathBuf| path.strip_prefix(root).ok().map(Path::to_path_buf);
        let rest = self.roots.iter().find_map(inside).or_else(|| {
            let canonical = path.parent()?.canonicalize().ok()?.join(path.file_name()?);
            self.roots
                .iter()
                .find_map(|root| canonical.strip_prefix(root).ok().map(Path::to_path_buf))
        })?;
        let parts: Option<Vec<&str>> = rest.components().map(|c| c.as_os_str().to_str()).collect();
        Some(parts?.join("/")).filter(|p| !p.is_empty())
    }

    /// The open document at `path`, if any.
    pub(super) fn doc(&self, path: &str) -> Option<&Doc> {
        self.docs.get(path)
    }

    /// The client opened or changed a document: its text stands in for the
    /// disk's from now on.
    pub(super) fn set_text(&mut self, path: &str, uri: Uri, version: i32, text: String) {
        // Other files (a README) are kept for hover and definition only.
        if is_backlog_file(path) {
            self.reader.set_unsaved(path, Some(text.clone()));
            self.pending.insert(path.to_string());
            self.edited.insert(path.to_string());
        }
        self.docs
            .insert(path.to_string(), Doc { uri, version, text });
    }

    /// The open document at `path`, to change its text in place; call
    /// [`Workspace::set_text`] with the result.
    pub(super) fn take_doc(&mut self, path: &str) -> Option<Doc> {
        self.docs.remove(path)
    }

    /// The client closed a document: the disk's file counts again.
    pub(super) fn close(&mut self, path: &str) -> Option<Doc> {
        if is_backlog_file(path) {
            self.reader.set_unsaved(path, None);
            self.pending.insert(path.to_string());
        }
        self.published.remove(path);
        self.docs.remove(path)
    }

    /// Files changed on disk (`is_dir` tells whether a path is a folder now).
    pub(super) fn files_changed(&mut self, paths: &[String], is_dir: &dyn Fn(&str) -> bool) {
        let mut batch = Batch::default();
        let backlog = self.reader.backlog();
        let theme = backlog
            .config
            .as_ref()
            .map_or("default", |c| c.theme.as_str());
        let had_files = |folder: &str| backlog.files.iter().any(|f| f.path.starts_with(folder));
        for path in paths {
            batch.add(path, is_dir(path), theme, &had_files);
        }
        self.reload |= batch.folders;
        self.pending.extend(batch.items);
    }

    /// Reads everything again at the next refresh (after a failure).
    pub(super) fn reload_later(&mut self) {
        self.reload = true;
    }

    /// Whether a refresh has anything to do.
    pub(super) fn is_stale(&self) -> bool {
        self.reload || !self.pending.is_empty() || !self.edited.is_empty()
    }

    /// Re-reads what changed and validates the backlog again. Fails when
    /// the root can no longer be used; the next refresh reads it all then.
    pub(super) fn refresh(&mut self) -> anyhow::Result<Refreshed> {
        let started = Instant::now();
        let paths: Vec<String> = std::mem::take(&mut self.pending).into_iter().collect();
        let read = match std::mem::take(&mut self.reload) {
            true => self.reader.reload().map(|()| Reread::Everything),
            false => self.reader.reread(&paths),
        };
        let reread = match read {
            Ok(reread) => reread,
            Err(error) => {
                self.reload = true;
                return Err(error);
            }
        };
        let read = started.elapsed();
        self.validate();
        Ok(Refreshed {
            reread,
            read,
            validated: started.elapsed() - read,
        })
    }

    fn validate(&mut self) {
        let mut diagnostics = self.reader.diagnostics();
        diagnostics.extend(crate::validate::validate(self.reader.backlog()));
        crate::validate::sort(&mut diagnostics);
        self.diagnostics = diagnostics;
    }

    /// The diagnostics of the file at `path`.
    pub(super) fn diagnostics_of(&self, path: &str) -> &[Diagnostic] {
        let start = self.diagnostics.partition_point(|d| d.file.as_str() < path);
        let end = self
            .diagnostics
            .partition_point(|d| d.file.as_str() <= path);
        &self.diagnostics[start..end]
    }

    /// The open documents to send diagnostics for: those edited since the
    /// last time, and those whose diagnostics changed (a story dropped from
    /// a team backlog open in another tab).
    pub(super) fn unpublished(&mut self) -> Vec<Publish<'_>> {
        let edited = std::mem::take(&mut self.edited);
        let mut changed = Vec::new();
        for path in self.docs.keys().filter(|p| is_backlog_file(p)) {
            let now = self.diagnostics_of(path);
            let before = self.published.get(path);
            if edited.contains(path) || before.is_none_or(|b| b.as_slice() != now) {
                changed.push(path.clone());
            }
        }
        for path in &changed {
            let now = self.diagnostics_of(path).to_vec();
            self.published.insert(path.clone(), now);
        }
        changed
            .iter()
            .map(|path| Publish {
                doc: &self.docs[path],
                diagnostics: self.diagnostics_of(path),
            })
            .collect()
    }
}

/// Whether the file at `path` is read into the backlog.
fn is_backlog_file(path: &str) -> bool {
    path == CONFIG_FILE || item_kind(path).is_some()
}
