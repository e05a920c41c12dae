//! Another tool's Markdown backlog made into a rankdown backlog root:
//! Backlog.md and DevStories built in, any other front-matter backlog
//! through a mapping, and Jira's CSV export.
//! Every file that needed a decision, or was not read, is noted with why.

mod account;
mod backlog_md;
mod body;
mod convert;
mod dates;
mod devstories;
mod files;
mod frontmatter;
mod ids;
pub mod jira;
mod mapping;
mod plan;
mod read;
mod settings;
mod source_config;
pub mod update;
mod wiki_links;

pub use backlog_md::backlog_md;
pub use devstories::{FOLDER as DEVSTORIES_FOLDER, devstories};
pub use mapping::{Mapping, Sprint};
pub use plan::Options;
pub use settings::Settings;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Something to tell the user about one source file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// The file, relative to the source folder (or to the new root).
    pub path: String,
    /// What happened, in words.
    pub message: String,
}

impl Note {
    fn new(path: &str, message: impl Into<String>) -> Note {
        Note {
            path: path.to_string(),
            message: message.into(),
        }
    }
}

/// A backlog root made from a source, not yet written.
#[derive(Debug)]
pub struct Imported {
    /// File contents by path relative to the new root.
    pub files: BTreeMap<String, String>,
    /// How many stories and features were made.
    pub stories: usize,
    /// See `stories`.
    pub features: usize,
    /// How many teams.
    pub teams: usize,
    /// How many source files were read as tasks.
    pub read: usize,
    /// Each source file imported, and what it became.
    pub imported: Vec<Note>,
    /// Files not imported, and why.
    pub skipped: Vec<Note>,
    /// Decisions made on the way, by file.
    pub decisions: Vec<Note>,
}

/// Reads the backlog at `source` as `mapping` describes it and lays it out
/// as a rankdown root. Reads only; writes nothing. Every file under the
/// folder import reads is listed once: imported or skipped.
pub fn import(source: &Path, mapping: &Mapping, options: &Options) -> Imported {
    let mut skipped = Vec::new();
    let sources = read::tasks(source, mapping, options.include_archive, &mut skipped);
    let milestones = read::milestones(source, mapping, &mut skipped);
    let mut imported = lay_out(sources, &milestones, mapping, options, skipped);
    if let Some(settings) = &mapping.settings {
        imported
            .imported
            .push(Note::new(settings, "the source's settings"));
        for other in &mapping.unread_settings {
            let why = format!("not read: `{settings}` is read instead");
            imported.skipped.push(Note::new(other, why));
        }
    }
    let listed: BTreeSet<&str> = (imported.imported.iter())
        .chain(&imported.skipped)
        .map(|n| n.path.as_str())
        .collect();
    let unlisted = account::unlisted(source, &account::root(mapping), &listed);
    imported.skipped.extend(unlisted);
    imported.imported.sort();
    imported.skipped.sort();
    imported
}

/// Lays a Jira export out as a rankdown root, as [`import`] does a folder.
pub fn import_jira(export: jira::Export, options: &Options) -> Imported {
    let mut imported = lay_out(export.tasks, &[], &export.mapping, options, export.skipped);
    imported.imported.sort();
    imported.skipped.sort();
    imported
}

/// The steps every source shares once its tasks are read: ids, fields,
/// features, teams and files.
fn lay_out(
    sources: Vec<read::SourceTask>,
    milestones: &[read::Milestone],
    mapping: &Mapping,
    options: &Options,
    mut skipped: Vec<Note>,
) -> Imported {
    let mut decisions = mapping.notes.clone();
    let read = sources.len();
    let reserved = plan::reserved(options);
    let tasks = convert::tasks(sources, mapping, &reserved, &mut skipped, &mut decisions);
    let mut layout = plan::layout(tasks, milestones, mapping, options, &mut decisions);
    skipped.append(&mut layout.skipped);
    wiki_links::link_all(&mut layout.files, &layout.aliases, &mut decisions);
    decisions.sort();
    Imported {
        files: layout.files,
        stories: layout.stories,
        features: layout.features,
        teams: layout.teams,
        read,
        imported: layout.imported,
        skipped,
        decisions,
    }
}
