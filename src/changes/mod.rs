//! What each recent commit did to the backlog, in backlog terms, for the
//! change feed: the files it changed, read as they were before and after
//! it, compared as `rankdown diff` compares two revisions.

mod team;

use crate::Checked;
use crate::diff::{BacklogDiff, changes_to_markdown, compare};
use crate::git::{Change, Commit, GitError, History, Touched, read_blobs};
use crate::layout::{CONFIG_FILE, item_kind};
use crate::load::load_files;
use crate::model::Backlog;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// How many commits the change feed shows.
pub const FEED_LENGTH: usize = 50;

/// One commit's changes to the backlog.
#[derive(Clone, Debug, PartialEq)]
pub struct CommitChanges {
    /// The commit.
    pub change: Change,
    /// What it changed in the whole backlog.
    pub all: Described,
    /// What it changed for each team whose file, backlog, stories or PI
    /// objectives it changed, by team id.
    pub teams: BTreeMap<String, Described>,
}

/// What a change did, in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Described {
    /// One sentence summing it up.
    pub summary: String,
    /// The changes list by list and item by item, as Markdown.
    pub markdown: String,
    /// The items it added, renamed or changed, as ids (after the commit).
    pub items: Vec<String>,
}

impl Described {
    fn of(diff: &BacklogDiff) -> Described {
        let (summary, markdown) = changes_to_markdown(diff);
        Described {
            summary,
            markdown,
            items: items_of(diff),
        }
    }
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
    let mut team_of: HashMap<String, String> = team_of_stories(&before.backlog).collect();
    team_of.extend(team_of_stories(&after.backlog));
    let mut teams: BTreeSet<&str> = team_of.values().map(String::as_str).collect();
    teams.extend(
        before
            .backlog
            .teams
            .keys()
            .chain(after.backlog.teams.keys())
            .map(|id| id.as_str()),
    );
    let objectives = diff.objectives.iter().flat_map(|pi| &pi.objectives);
    teams.extend(objectives.map(|o| o.team.as_str()));
    CommitChanges {
        change: commit.change.clone(),
        all: Described::of(&diff),
        teams: (teams.into_iter())
            .filter_map(|team| {
                let part = team::team_part(&diff, team, &team_of)?;
                Some((team.to_string(), Described::of(&part)))
            })
            .collect(),
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

/// Each story's id with its team.
fn team_of_stories(backlog: &Backlog) -> impl Iterator<Item = (String, String)> + '_ {
    (backlog.stories.values()).map(|s| (s.id.to_string(), s.team.clone()))
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
