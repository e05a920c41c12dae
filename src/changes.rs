//! What each recent commit did to the backlog, in backlog terms, for the
//! change feed: the files it changed, read as they were before and after
//! it, compared as `rankdown diff` compares two revisions.

use crate::Checked;
use crate::diff::{BacklogDiff, changes_to_markdown, compare};
use crate::git::{Change, Commit, GitError, History, Touched, read_blobs};
use crate::load::{CONFIG_FILE, item_kind, load_files};
use crate::model::Backlog;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;
use std::path::Path;

/// How many commits the change feed shows.
pub const FEED_LENGTH: usize = 50;

/// One commit's changes to the backlog.
#[derive(Clone, Debug, PartialEq)]
pub struct CommitChanges {
    /// The commit.
    pub change: Change,
    /// One sentence summing up what it changed.
    pub summary: String,
    /// The changes list by list and item by item, as Markdown.
    pub markdown: String,
    /// The teams whose file or stories it changed.
    pub teams: BTreeSet<String>,
    /// The items it added, renamed or changed, as ids (after the commit).
    pub items: Vec<String>,
}

/// The changes of the newest `limit` commits of `history` that changed a
/// backlog file of `root`, newest first, read with one `git cat-file`.
pub fn recent(
    root: &Path,
    history: &History,
    limit: usize,
) -> Result<Vec<CommitChanges>, GitError> {
    let commits: Vec<&Commit> = (history.commits().iter())
        .filter(|c| c.files.iter().any(in_backlog))
        .take(limit)
        .collect();
    let mut objects: Vec<&str> = (commits.iter())
        .flat_map(|c| c.files.iter().filter(|f| in_backlog(f)))
        .flat_map(|f| f.old.iter().chain(&f.new).map(String::as_str))
        .collect();
    objects.sort_unstable();
    objects.dedup();
    let blobs = read_blobs(root, &objects)?;
    let content: HashMap<&str, &[u8]> = objects
        .into_iter()
        .zip(blobs.iter().map(Vec::as_slice))
        .collect();
    let config = std::fs::read(root.join(CONFIG_FILE)).unwrap_or_default();
    Ok(commits
        .par_iter()
        .map(|commit| changes_of(commit, &content, &config))
        .collect())
}

/// Whether `file` is, or was, `rankdown.yaml` or an item file.
fn in_backlog(file: &Touched) -> bool {
    (file.before.iter().chain(&file.after)).any(|p| p == CONFIG_FILE || item_kind(p).is_some())
}

/// What `commit` did: its backlog files before and after it, each side
/// loaded on its own (with today's `config` where the commit left it as
/// it was) and compared.
fn changes_of(commit: &Commit, content: &HashMap<&str, &[u8]>, config: &[u8]) -> CommitChanges {
    let mut sides = [Side::new(config), Side::new(config)];
    for file in commit.files.iter().filter(|f| in_backlog(f)) {
        sides[0].add(&file.before, &file.old, content);
        sides[1].add(&file.after, &file.new, content);
    }
    let [before, after] = sides.map(Side::load);
    let diff = compare(&before, &after, "", "");
    let (summary, markdown) = changes_to_markdown(&diff);
    let mut teams = teams_of(&before.backlog);
    teams.extend(teams_of(&after.backlog));
    CommitChanges {
        change: commit.change.clone(),
        summary,
        markdown,
        teams,
        items: items_of(&diff),
    }
}

/// One side of a commit: the config and the files it had.
struct Side {
    config: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
}

impl Side {
    fn new(config: &[u8]) -> Side {
        Side {
            config: config.to_vec(),
            files: Vec::new(),
        }
    }

    /// Adds the file at `path` with the content of `object`, if any.
    fn add(
        &mut self,
        path: &Option<String>,
        object: &Option<String>,
        content: &HashMap<&str, &[u8]>,
    ) {
        let (Some(path), Some(bytes)) = (path, object.as_deref().and_then(|o| content.get(o)))
        else {
            return;
        };
        match path.as_str() {
            CONFIG_FILE => self.config = bytes.to_vec(),
            _ => self.files.push((path.clone(), bytes.to_vec())),
        }
    }

    /// The side as a backlog; its diagnostics do not matter here.
    fn load(self) -> Checked {
        let loaded = load_files(self.config, self.files, Vec::new());
        Checked {
            backlog: loaded.backlog,
            diagnostics: Vec::new(),
        }
    }
}

/// The teams of a backlog's team files and stories.
fn teams_of(backlog: &Backlog) -> BTreeSet<String> {
    let teams = backlog.teams.keys().map(|id| id.to_string());
    teams
        .chain(backlog.stories.values().map(|s| s.team.clone()))
        .collect()
}

/// The ids of the items a change added, renamed, changed or re-criteria'd.
fn items_of(diff: &BacklogDiff) -> Vec<String> {
    let i = &diff.items;
    let changed = i
        .changed
        .iter()
        .filter(|c| c.kind != "config")
        .map(|c| &c.id);
    let ids = (i.added.iter().map(|a| &a.id))
        .chain(i.renamed.iter().map(|r| &r.to))
        .chain(changed)
        .chain(diff.criteria.iter().map(|c| &c.id));
    let mut seen = BTreeSet::new();
    ids.filter(|id| seen.insert(id.as_str())).cloned().collect()
}
