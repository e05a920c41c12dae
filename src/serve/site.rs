//! The site the preview serves, kept up to date one batch of saved files at
//! a time: re-read what changed, validate, render what depends on it.

use super::watch::Batch;
use crate::diagnostic::{Diagnostic, Severity};
use crate::layout::{CONFIG_FILE, claimed_id};
use crate::load::{Reader, Reread};
use crate::render::Options;
use crate::render::live::{Before, Change, Dirty, LiveRender, pages_showing};
use crate::render::theme::{self, Theme};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why the served site is not the backlog as it is now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The backlog has errors: the last good site stays.
    Errors(Vec<Diagnostic>),
    /// The root, the config or a template cannot be used.
    Fatal(String),
}

/// What one rebuild did, for the terminal.
#[derive(Debug)]
pub struct Rebuild {
    /// From the first file read to the last page rendered.
    pub took: Duration,
    /// Files read again (`None`: the whole backlog).
    pub reread: Option<usize>,
    /// Whether the theme was read again.
    pub theme: bool,
    /// The pages that were rendered or removed.
    pub changes: Vec<Change>,
    /// Warnings in the backlog as it is now.
    pub warnings: usize,
}

/// The backlog being previewed and the site made from it.
pub struct LiveSite {
    root: PathBuf,
    options: Options,
    reader: Reader,
    theme: Option<Theme>,
    render: LiveRender,
    diagnostics: Vec<Diagnostic>,
    /// Pages to render again at the next good render.
    pending: Dirty,
    problem: Option<Problem>,
    /// A read failed (the root could not be used): the next batch reads
    /// everything again.
    unread: bool,
}

impl LiveSite {
    /// Reads the backlog at `root` (failing only if it is not a backlog
    /// root) and renders the site if it has no errors.
    pub fn open(root: &Path, options: Options) -> anyhow::Result<(LiveSite, Rebuild)> {
        let started = Instant::now();
        let reader = Reader::open(root)?;
        let mut site = LiveSite {
            root: root.to_path_buf(),
            options,
            reader,
            theme: None,
            render: LiveRender::new(),
            diagnostics: Vec::new(),
            pending: Dirty::all(),
            problem: None,
            unread: false,
        };
        let rebuild = site.rebuild(started, None, true, None);
        Ok((site, rebuild))
    }

    /// Why the served site is behind the backlog, if it is.
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// The backlog's current diagnostics.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The backlog as last read (for printing diagnostics with their lines).
    pub fn backlog(&self) -> &crate::model::Backlog {
        self.reader.backlog()
    }

    /// Takes in one batch of changed files.
    pub fn update(&mut self, batch: &Batch) -> Rebuild {
        let started = Instant::now();
        let items = batch.items.iter().filter(|p| *p != CONFIG_FILE);
        let touched: BTreeSet<String> = items
            .filter_map(|p| claimed_id(p))
            .map(|id| id.to_string())
            .collect();
        let before = Before::capture(self.reader.backlog(), touched);
        // After a failed read, what that batch asked for is lost: read all.
        let reread = if batch.folders || self.unread {
            self.reader.reload().map(|()| Reread::Everything)
        } else {
            self.reader.reread(&batch.items)
        };
        let reread = match reread {
            Ok(Reread::Files(n)) => Some(n),
            Ok(Reread::Everything) => {
                self.pending = Dirty::all();
                None
            }
            Err(error) => {
                self.unread = true;
                self.problem = Some(Problem::Fatal(format!("{error:#}")));
                return Rebuild::nothing(started);
            }
        };
        let config = batch.items.iter().any(|p| p == CONFIG_FILE);
        if config {
            self.pending = Dirty::all();
        }
        let theme = batch.templates || batch.statics || config || self.unread;
        if batch.templates || self.unread {
            self.render.forget_pages();
        }
        self.unread = false;
        let mut rebuild = self.rebuild(started, reread, theme, Some(&before));
        rebuild.reread = reread;
        rebuild
    }

    /// Validates, and renders what changed (meanwhile, on the other core)
    /// if there are no errors.
    /// `before` is how the re-read items showed, to find the pages that
    /// show them (on the rendering core).
    fn rebuild(
        &mut self,
        started: Instant,
        reread: Option<usize>,
        reload_theme: bool,
        before: Option<&Before>,
    ) -> Rebuild {
        let mut rebuild = Rebuild {
            theme: reload_theme,
            reread,
            ..Rebuild::nothing(started)
        };
        let backlog = self.reader.backlog();
        let check = || {
            let mut diagnostics = self.reader.diagnostics();
            diagnostics.extend(crate::validate::validate(backlog));
            crate::validate::sort(&mut diagnostics);
            diagnostics
        };
        if reload_theme || self.theme.is_none() {
            let name = backlog
                .config
                .as_ref()
                .map_or("default", |c| c.theme.as_str());
            match theme::load(&self.root, name) {
                Ok(theme) => self.theme = Some(theme),
                Err(error) => {
                    self.theme = None;
                    if let Some(before) = before {
                        self.pending.add(pages_showing(backlog, before));
                    }
                    self.diagnostics = check();
                    self.problem = Some(Problem::Fatal(format!("{error:#}")));
                    return rebuild;
                }
            }
        }
        let Some(theme) = &self.theme else {
            return rebuild;
        };
        // The theme's files that were not read are warnings like the others.
        let check = || {
            let mut diagnostics = check();
            diagnostics.extend(theme.problems.iter().cloned());
            crate::validate::sort(&mut diagnostics);
            diagnostics
        };
        let rendered =
            self.render
                .render(backlog, theme, &self.options, &self.pending, before, check);
        self.diagnostics = rendered.diagnostics;
        match rendered.changes {
            Ok(Some(changes)) => {
                rebuild.changes = changes;
                self.pending = Dirty::none();
                self.problem = None;
            }
            Ok(None) => {
                let errors = self
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == Severity::Error);
                self.problem = Some(Problem::Errors(errors.cloned().collect()));
                self.pending = rendered.pending;
            }
            Err(error) => {
                self.problem = Some(Problem::Fatal(format!("{error:#}")));
                self.pending = rendered.pending;
            }
        }
        rebuild.warnings = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        rebuild.took = started.elapsed();
        rebuild
    }
}

impl Rebuild {
    fn nothing(started: Instant) -> Rebuild {
        Rebuild {
            took: started.elapsed(),
            reread: Some(0),
            theme: false,
            changes: Vec::new(),
            warnings: 0,
        }
    }
}
