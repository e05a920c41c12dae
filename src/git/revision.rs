//! A backlog root's files as they were at one commit, read from git's object
//! store without touching the working tree or the index.

use super::batch::read_blobs;
use super::{GitError, output};
use crate::layout::{CONFIG_FILE, item_kind};
use std::collections::BTreeMap;
use std::path::Path;

/// The backlog files of one commit.
#[derive(Debug)]
pub struct Revision {
    /// The commit's full hash.
    pub commit: String,
    /// `rankdown.yaml`, if the commit has one at the root.
    pub config: Option<Vec<u8>>,
    /// Every item file by path relative to the root, in path order.
    pub files: Vec<(String, Vec<u8>)>,
    /// Links that were not followed, as the walk reports them on disk.
    pub links_skipped: Vec<crate::diagnostic::Diagnostic>,
}

/// Reads the backlog root `root` as it was at `revision` (a commit, branch,
/// tag or anything else git resolves to a commit).
pub fn read_revision(root: &Path, revision: &str) -> Result<Revision, GitError> {
    let not_a_commit =
        || GitError::Failed(format!("`{revision}` is not a commit in this repository"));
    // A revision starting with `-` would be read as an option.
    if revision.starts_with('-') || revision.is_empty() {
        return Err(not_a_commit());
    }
    let spec = format!("{revision}^{{commit}}");
    let commit = match output(root, &["rev-parse", "--verify", "--quiet", &spec]) {
        Ok(out) => String::from_utf8_lossy(&out).trim().to_string(),
        Err(GitError::Failed(_)) => return Err(not_a_commit()),
        Err(other) => return Err(other),
    };
    // In a subfolder, `ls-tree` lists that folder's part of the tree with
    // paths relative to it: exactly the backlog root.
    let listing = output(root, &["ls-tree", "-r", "-z", "--full-name", &commit])?;
    let prefix = super::prefix(root)?;
    let mut blobs = BTreeMap::new();
    let mut link_objects = BTreeMap::new();
    for entry in listing.split(|&b| b == 0) {
        match tree_entry(&String::from_utf8_lossy(entry), &prefix) {
            Some(Entry::File(path, oid)) => drop(blobs.insert(path, oid)),
            Some(Entry::Link(path, oid)) => drop(link_objects.insert(path, oid)),
            None => {}
        }
    }
    let link_oids: Vec<&str> = link_objects.values().map(String::as_str).collect();
    let targets = read_blobs(root, &link_oids)?;
    let links: BTreeMap<String, String> = link_objects
        .keys()
        .cloned()
        .zip(
            targets
                .iter()
                .map(|t| String::from_utf8_lossy(t).into_owned()),
        )
        .collect();
    let (linked, links_skipped) = super::links::follow(&blobs, &links);
    let mut wanted: Vec<(String, String)> = blobs
        .into_iter()
        .chain(linked)
        .filter(|(path, _)| path == CONFIG_FILE || item_kind(path).is_some())
        .collect();
    wanted.sort();
    let objects: Vec<&str> = wanted.iter().map(|(_, oid)| oid.as_str()).collect();
    let mut contents = read_blobs(root, &objects)?.into_iter();
    let mut revision = Revision {
        commit,
        config: None,
        files: Vec::new(),
        links_skipped,
    };
    for (path, _) in wanted {
        let bytes = contents.next().unwrap_or_default();
        if path == CONFIG_FILE {
            revision.config = Some(bytes);
        } else {
            revision.files.push((path, bytes));
        }
    }
    revision.files.sort();
    Ok(revision)
}

/// A file or link of the tree, by path relative to the root and object id.
enum Entry {
    File(String, String),
    Link(String, String),
}

/// One `ls-tree` line, if it is a regular file or a link under the root
/// (submodules are left out: their files are not in the tree).
fn tree_entry(line: &str, prefix: &str) -> Option<Entry> {
    let (meta, path) = line.split_once('\t')?;
    let mut meta = meta.split(' ');
    let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
    let path = path.strip_prefix(prefix)?.to_string();
    match (kind, mode) {
        ("blob", "100644" | "100755") => Some(Entry::File(path, oid.to_string())),
        ("blob", "120000") => Some(Entry::Link(path, oid.to_string())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_links_under_the_root_are_read() {
        let entry = |mode, kind, path| format!("{mode} {kind} abc123\t{path}");
        let take = |e: String| match tree_entry(&e, "backlog/") {
            Some(Entry::File(p, _)) => Some(format!("file {p}")),
            Some(Entry::Link(p, _)) => Some(format!("link {p}")),
            None => None,
        };
        assert_eq!(
            take(entry("100644", "blob", "backlog/stories/A.md")).as_deref(),
            Some("file stories/A.md")
        );
        assert_eq!(
            take(entry("120000", "blob", "backlog/stories/L.md")).as_deref(),
            Some("link stories/L.md")
        );
        assert_eq!(take(entry("160000", "commit", "backlog/sub")), None);
        assert_eq!(take(entry("100644", "blob", "other/stories/A.md")), None);
    }
}
