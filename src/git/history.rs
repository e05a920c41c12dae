//! Each file's history, read from one pass over `git log`.

use super::{GitError, has_history, output};
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

/// One commit that changed a file.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    /// The commit's abbreviated hash.
    pub commit: String,
    /// When it was authored, as git recorded it (ISO 8601 with the author's offset).
    pub time: String,
    /// The author's name.
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
}

impl Change {
    /// The day it was authored, `YYYY-MM-DD`, in the author's time zone.
    pub fn date(&self) -> &str {
        self.time.get(..10).unwrap_or(&self.time)
    }
}

/// The commits that changed each file of a backlog root, newest first,
/// following renames.
#[derive(Debug, Default)]
pub struct History {
    by_path: HashMap<String, Vec<Change>>,
}

impl History {
    /// The commits that changed the file at `path` (relative to the root),
    /// newest first; empty for a file never committed.
    pub fn of(&self, path: &str) -> &[Change] {
        self.by_path.get(path).map_or(&[], Vec::as_slice)
    }
}

/// Separates commits in the log; each starts with this byte and its header.
const RECORD: u8 = 0x1e;
/// Separates the header's fields.
const FIELD: char = '\u{1f}';

/// Reads the history of every file under `root` with one `git log`.
pub fn history(root: &Path) -> Result<History, GitError> {
    if !has_history(root)? {
        return Ok(History::default());
    }
    let log = output(
        root,
        &[
            "log",
            "-z",
            "--no-color",
            "--no-ext-diff",
            "--format=%x1e%h%x1f%aI%x1f%aN%x1f%s",
            "--name-status",
            "-M",
            "--relative",
            "--",
            ".",
        ],
    )?;
    Ok(parse_log(&log))
}

/// Reads `git log -z --name-status` output, newest commit first, into each
/// file's history under the file's current path.
fn parse_log(log: &[u8]) -> History {
    let mut history = History::default();
    // Older paths of files renamed later, mapped to their current path.
    let mut renamed: HashMap<String, String> = HashMap::default();
    for record in log.split(|&b| b == RECORD).filter(|r| !r.is_empty()) {
        let mut parts = record.split(|&b| b == 0).map(String::from_utf8_lossy);
        let Some(change) = parts.next().and_then(|header| parse_header(&header)) else {
            continue;
        };
        while let Some(status) = parts.next() {
            let status = status.trim_start_matches('\n');
            let (older, path) = match status.chars().next() {
                Some('R') => (parts.next(), parts.next()),
                Some('C') => (None, parts.nth(1)),
                Some(_) => (None, parts.next()),
                None => continue,
            };
            let Some(path) = path else { break };
            let current = renamed
                .get(path.as_ref())
                .cloned()
                .unwrap_or_else(|| path.to_string());
            if let Some(older) = older {
                renamed.insert(older.into_owned(), current.clone());
            }
            let changes = history.by_path.entry(current).or_default();
            // A commit lists a path once, but a rename can bring two paths'
            // histories together.
            if changes.last() != Some(&change) {
                changes.push(change.clone());
            }
        }
    }
    history
}

fn parse_header(header: &str) -> Option<Change> {
    let mut fields = header.splitn(4, FIELD);
    Some(Change {
        commit: fields.next()?.to_string(),
        time: fields.next()?.to_string(),
        author: fields.next()?.to_string(),
        subject: fields.next()?.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commit(hash: &str, subject: &str, files: &str) -> String {
        format!("\u{1e}{hash}\u{1f}2026-01-02T10:00:00+02:00\u{1f}Ana Li\u{1f}{subject}\0\n{files}")
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
        let commits: Vec<&str> = history
            .of("stories/B.md")
            .iter()
            .map(|c| c.commit.as_str())
            .collect();
        assert_eq!(commits, ["c3", "c2", "c1"]);
        assert_eq!(history.of("rankdown.yaml").len(), 1);
        assert!(history.of("stories/A.md").is_empty());
    }

    #[test]
    fn a_subject_with_separators_and_a_cut_record_do_not_panic() {
        let log = [
            commit("c2", "odd \u{1f} subject", "M\0stories/B.md\0"),
            "\u{1e}c1\u{1f}no-more-fields".to_string(),
            commit("c0", "cut", "R100\0stories/A.md"),
        ]
        .concat();
        let history = parse_log(log.as_bytes());
        assert_eq!(history.of("stories/B.md")[0].subject, "odd \u{1f} subject");
        assert_eq!(history.of("stories/B.md")[0].date(), "2026-01-02");
    }
}
