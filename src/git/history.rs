//! Each file's history, read from one pass over `git log`.

use super::log::read_log;
use super::plans::PlanReader;
use super::{GitError, has_history};
use crate::load::Planning;
use crate::model::StoryStatus;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;

/// One commit that changed a file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The commit's hash.
    pub commit: String,
    /// When it was authored, as git recorded it (ISO 8601 with the author's offset).
    pub time: String,
    /// The author's name.
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
    /// The object id of the file as this commit left it; none when the
    /// commit deleted it.
    #[serde(skip)]
    pub blob: Option<String>,
}

impl Change {
    /// The commit's hash cut to seven digits, as git shows it.
    pub fn short(&self) -> &str {
        self.commit.get(..7).unwrap_or(&self.commit)
    }

    /// The day it was authored, `YYYY-MM-DD`, in the author's time zone.
    pub fn date(&self) -> &str {
        self.time.get(..10).unwrap_or(&self.time)
    }
}

/// The commits that changed each file of a backlog root, newest first,
/// following renames, and where stories stood along the way.
#[derive(Debug, Default)]
pub struct History {
    by_path: HashMap<String, Vec<Change>>,
    versions: HashMap<String, Vec<Version>>,
    commits: Vec<Commit>,
}

/// One commit and the files it changed, as the commit named them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The commit (its `blob` is none).
    pub change: Change,
    /// Every file it added, changed, renamed or deleted.
    pub files: Vec<Touched>,
}

/// A file one commit changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Touched {
    /// Its path before the commit: another for a rename, none when added.
    pub before: Option<String>,
    /// Its path after the commit; none when deleted.
    pub after: Option<String>,
    /// Its path today, after any later renames (a deleted file keeps its
    /// last one); none for an earlier file at a path made anew since.
    pub current: Option<String>,
    /// The object id of its content before the commit.
    pub old: Option<String>,
    /// The object id of its content after the commit.
    pub new: Option<String>,
}

/// A commit that changed where a story stood (its first version counts too).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Its status, team, iteration and points as the commit left them;
    /// none when the commit deleted the file.
    pub plan: Option<Planning>,
    /// The commit.
    pub change: Change,
}

impl Version {
    /// The status the commit left; none when it deleted the file.
    pub fn status(&self) -> Option<StoryStatus> {
        self.plan.as_ref().map(|plan| plan.status)
    }
}

impl History {
    /// The commits that changed the file at `path` (relative to the root),
    /// newest first; empty for a file never committed.
    pub fn of(&self, path: &str) -> &[Change] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every file with its commits (newest first), in no order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[Change])> {
        self.by_path
            .iter()
            .map(|(path, changes)| (path.as_str(), changes.as_slice()))
    }

    /// Whether no file has any commit (not in git, or history not read).
    pub fn is_empty(&self) -> bool {
        self.by_path.is_empty()
    }

    /// The commits that changed where the story file at `path` stood,
    /// oldest first; empty for a file never committed.
    pub fn versions(&self, path: &str) -> &[Version] {
        self.versions.get(path).map_or(&[], Vec::as_slice)
    }

    /// Every commit that changed the backlog root, newest first.
    pub fn commits(&self) -> &[Commit] {
        &self.commits
    }

    /// Every story file with its versions, in no order.
    pub fn stories(&self) -> impl Iterator<Item = (&str, &[Version])> {
        (self.versions.iter()).map(|(path, versions)| (path.as_str(), versions.as_slice()))
    }
}

/// Reads the history of every file under `root` with one `git log`.
pub fn history(root: &Path) -> Result<History, GitError> {
    history_with(root, |_| ()).map(|(history, ())| history)
}

/// Reads the history as [`history`] does, and runs `also` on it (its
/// commits, without story versions) while the versions are still read.
pub fn history_with<T: Send>(
    root: &Path,
    also: impl FnOnce(&History) -> T + Send,
) -> Result<(History, T), GitError> {
    if !has_history(root)? {
        let history = History::default();
        let result = also(&history);
        return Ok((history, result));
    }
    let mut plans = PlanReader::start(root)?;
    let log = read_log(root, &mut plans)?;
    let mut history = parse_log(&log);
    let (versions, result) = std::thread::scope(|scope| {
        let versions = scope.spawn(|| super::versions::read(root, &history, plans.finish()?));
        let result = also(&history);
        let panicked = || Err(GitError::Failed("reading story versions panicked".into()));
        (versions.join().unwrap_or_else(|_| panicked()), result)
    });
    history.versions = versions?;
    Ok((history, result))
}

/// Reads `git log -z --raw` output, newest commit first, into each file's
/// history under the file's current path.
///
/// The output is NUL-separated tokens: an empty token, then a commit's hash,
/// time, author and subject; then its changes, each a raw diff line
/// (`:100644 100644 <old> <new> M`, the first one after a newline) and one
/// path, or two for a rename or copy. Subjects and names cannot hold NUL and paths are never
/// empty, so no commit message can pose as another commit.
fn parse_log(log: &[u8]) -> History {
    let mut history = History::default();
    // Older paths of files renamed later, mapped to their current path.
    let mut renamed: HashMap<String, String> = HashMap::default();
    // Current paths whose creation was seen: older changes to the same
    // path belong to a file deleted before this one was made.
    let mut created: HashSet<String> = HashSet::default();
    let mut tokens = log.split(|&b| b == 0).map(String::from_utf8_lossy);
    let mut change: Option<Change> = None;
    while let Some(token) = tokens.next() {
        if token.is_empty() {
            change = read_header(&mut tokens);
            continue;
        }
        let Some(commit) = &change else { continue };
        let (status, old, blob) = raw_change(&token);
        let (older, path) = match status.chars().next() {
            Some('R') => (tokens.next(), tokens.next()),
            Some('C') => (None, tokens.nth(1)),
            _ => (None, tokens.next()),
        };
        let Some(path) = path else { break };
        let current = renamed
            .get(path.as_ref())
            .cloned()
            .unwrap_or_else(|| path.to_string());
        let earlier_life = created.contains(&current);
        let touched = Touched::new(status, (older.as_deref(), &path), (old, blob.clone()));
        record(
            &mut history.commits,
            commit,
            touched,
            (!earlier_life).then(|| current.clone()),
        );
        if earlier_life {
            continue;
        }
        if let Some(older) = older {
            renamed.insert(older.into_owned(), current.clone());
        }
        if status.starts_with('A') {
            created.insert(current.clone());
        }
        let changes = history.by_path.entry(current).or_default();
        // A commit lists a path once, but a rename can bring two paths'
        // histories together.
        if changes
            .last()
            .is_none_or(|last| last.commit != commit.commit)
        {
            changes.push(Change {
                blob,
                ..commit.clone()
            });
        }
    }
    history
}

/// Adds `touched`, whose path today is `current`, to the commit `change`:
/// the last of `commits`, or a new one.
fn record(commits: &mut Vec<Commit>, change: &Change, touched: Touched, current: Option<String>) {
    if commits
        .last()
        .is_none_or(|last| last.change.commit != change.commit)
    {
        commits.push(Commit {
            change: change.clone(),
            files: Vec::new(),
        });
    }
    if let Some(commit) = commits.last_mut() {
        commit.files.push(Touched { current, ..touched });
    }
}

impl Touched {
    /// A file as `status` changed it: `path`, from `older` when renamed,
    /// with its object ids before and after; its path today not yet known.
    fn new(
        status: &str,
        (older, path): (Option<&str>, &str),
        (old, new): (Option<String>, Option<String>),
    ) -> Touched {
        let (before, after) = match status.chars().next() {
            Some('A' | 'C') => (None, Some(path)),
            Some('D') => (Some(path), None),
            Some('R') => (older, Some(path)),
            _ => (Some(path), Some(path)),
        };
        Touched {
            before: before.map(str::to_string),
            after: after.map(str::to_string),
            current: None,
            old,
            new,
        }
    }
}

/// The status letters (`M`, `R090`...) of a raw diff line, and the object
/// ids it reads and leaves (none for an addition or deletion).
fn raw_change(token: &str) -> (&str, Option<String>, Option<String>) {
    let line = token.trim_start_matches('\n');
    let mut fields = line.trim_start_matches(':').split(' ');
    let object = |oid: Option<&str>| {
        oid.filter(|oid| oid.bytes().any(|b| b != b'0'))
            .map(str::to_string)
    };
    let old = object(fields.nth(2));
    let new = object(fields.next());
    (fields.next().unwrap_or(line), old, new)
}

/// The commit whose hash, time, author and subject come next.
fn read_header<'a>(tokens: &mut impl Iterator<Item = std::borrow::Cow<'a, str>>) -> Option<Change> {
    let mut field = || tokens.next().map(|t| t.into_owned());
    let commit = field().filter(|hash| !hash.is_empty())?;
    Some(Change {
        commit,
        time: field()?,
        author: field()?,
        subject: field()?,
        blob: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A commit in `git log -z --raw` form; `files` as `--name-status`
    /// would list them (`M\0path\0`), each made a raw diff line.
    fn commit(hash: &str, subject: &str, files: &str) -> String {
        let mut raw = String::new();
        let mut tokens = files.split('\0').filter(|t| !t.is_empty()).peekable();
        while let Some(status) = tokens.next() {
            let paths = if status.starts_with(['R', 'C']) { 2 } else { 1 };
            let new = if status == "D" {
                "0".repeat(40)
            } else {
                "b".repeat(40)
            };
            raw.push_str(&format!(
                ":100644 100644 {} {new} {status}\0",
                "a".repeat(40)
            ));
            for _ in 0..paths {
                raw.push_str(tokens.next().unwrap_or(""));
                raw.push('\0');
            }
        }
        format!("\0{hash}\02026-01-02T10:00:00+02:00\0Ana Li\0{subject}\0\n{raw}")
    }

    fn commits(history: &History, path: &str) -> Vec<String> {
        history.of(path).iter().map(|c| c.commit.clone()).collect()
    }

    #[test]
    fn renames_carry_the_older_history_to_the_current_path() {
        let log = [
            commit("c3", "edit", "M\0stories/B.md\0"),
            commit("c2", "rename", "R090\0stories/A.md\0stories/B.md\0"),
            commit("c1", "add", "A\0stories/A.md\0A\0rankdown.yaml\0"),
        ]
        .concat();
        let history = parse_log(log.as_bytes());
        assert_eq!(commits(&history, "stories/B.md"), ["c3", "c2", "c1"]);
        assert_eq!(history.of("rankdown.yaml").len(), 1);
        assert!(history.of("stories/A.md").is_empty());
    }

    #[test]
    fn a_file_made_again_after_a_deletion_starts_a_new_history() {
        let log = [
            commit("c4", "edit", "M\0stories/A.md\0"),
            commit("c3", "again", "A\0stories/A.md\0"),
            commit("c2", "drop", "D\0stories/A.md\0"),
            commit("c1", "add", "A\0stories/A.md\0"),
        ]
        .concat();
        assert_eq!(
            commits(&parse_log(log.as_bytes()), "stories/A.md"),
            ["c4", "c3"]
        );
    }

    #[test]
    fn a_subject_cannot_pose_as_another_commit() {
        let forged = "tweak\u{1e}deadbee\u{1f}2020-01-01T00:00:00+00:00\u{1f}The CEO\u{1f}Approved";
        let log = [
            commit("c2", forged, "M\0stories/B.md\0"),
            commit("c1", "", "A\0stories/B.md\0"),
        ]
        .concat();
        let history = parse_log(log.as_bytes());
        let changes = history.of("stories/B.md");
        assert_eq!(commits(&history, "stories/B.md"), ["c2", "c1"]);
        assert_eq!(changes[0].subject, forged);
        assert_eq!(changes[0].author, "Ana Li");
        assert_eq!(changes[1].subject, "");
        assert_eq!(changes[0].date(), "2026-01-02");
    }

    #[test]
    fn a_cut_log_does_not_panic() {
        let log = [
            commit("c2", "ok", "M\0stories/B.md\0"),
            "\0c1\0no-more-fields".to_string(),
        ]
        .concat();
        assert_eq!(parse_log(log.as_bytes()).of("stories/B.md").len(), 1);
        let cut = commit("c0", "cut", "R100\0stories/A.md");
        assert!(parse_log(cut.as_bytes()).of("stories/A.md").is_empty());
    }
}
