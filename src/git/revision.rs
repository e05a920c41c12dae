//! A backlog root's files as they were at one commit, read from git's object
//! store without touching the working tree or the index.

use super::{GitError, git, output};
use crate::load::{CONFIG_FILE, item_kind};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;

/// The backlog files of one commit.
#[derive(Debug)]
pub struct Revision {
    /// The commit's full hash.
    pub commit: String,
    /// `rankdown.yaml`, if the commit has one at the root.
    pub config: Option<Vec<u8>>,
    /// Every item file by path relative to the root, in path order.
    pub files: Vec<(String, Vec<u8>)>,
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
    let wanted: Vec<(String, String)> = listing
        .split(|&b| b == 0)
        .filter_map(|entry| blob_entry(&String::from_utf8_lossy(entry), &prefix))
        .filter(|(path, _)| path == CONFIG_FILE || item_kind(path).is_some())
        .collect();
    let objects: Vec<&str> = wanted.iter().map(|(_, oid)| oid.as_str()).collect();
    let mut contents = read_blobs(root, &objects)?.into_iter();
    let mut revision = Revision {
        commit,
        config: None,
        files: Vec::new(),
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

/// The path (relative to the root) and object id of one `ls-tree` line, if
/// it is a regular file under the root: links and submodules are left out.
fn blob_entry(entry: &str, prefix: &str) -> Option<(String, String)> {
    let (meta, path) = entry.split_once('\t')?;
    let mut meta = meta.split(' ');
    let (mode, kind, oid) = (meta.next()?, meta.next()?, meta.next()?);
    let regular = kind == "blob" && (mode == "100644" || mode == "100755");
    let path = path.strip_prefix(prefix)?;
    regular.then(|| (path.to_string(), oid.to_string()))
}

/// The contents of `objects`, in order, from one `git cat-file --batch`.
fn read_blobs(root: &Path, objects: &[&str]) -> Result<Vec<Vec<u8>>, GitError> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::Missing)?;
    let request: String = objects.iter().map(|oid| format!("{oid}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Writing on another thread: git answers while it reads, and both pipes
    // would fill up if every request were written first.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let mut blobs = Vec::with_capacity(objects.len());
    let read = (|| -> std::io::Result<()> {
        for _ in objects {
            let mut header = String::new();
            stdout.read_line(&mut header)?;
            let size = header
                .trim_end()
                .rsplit(' ')
                .next()
                .and_then(|s| s.parse::<usize>().ok())
                .filter(|_| header.split(' ').nth(1) == Some("blob"));
            let Some(size) = size else {
                blobs.push(Vec::new());
                continue;
            };
            let mut bytes = vec![0; size + 1]; // the content and a newline
            stdout.read_exact(&mut bytes)?;
            bytes.pop();
            blobs.push(bytes);
        }
        Ok(())
    })();
    let _ = writer.join();
    let status = child.wait().map_err(GitError::Missing)?;
    match read {
        Ok(()) if status.success() => Ok(blobs),
        Ok(()) => Err(GitError::Failed("`git cat-file` failed".into())),
        Err(error) => Err(GitError::Failed(format!("reading from git: {error}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_under_the_root_are_read() {
        let entry = |mode, kind, path| format!("{mode} {kind} abc123\t{path}");
        let take = |e: String| blob_entry(&e, "backlog/").map(|(p, _)| p);
        assert_eq!(
            take(entry("100644", "blob", "backlog/stories/A.md")).as_deref(),
            Some("stories/A.md")
        );
        assert_eq!(take(entry("120000", "blob", "backlog/stories/L.md")), None);
        assert_eq!(take(entry("160000", "commit", "backlog/sub")), None);
        assert_eq!(take(entry("100644", "blob", "other/stories/A.md")), None);
    }
}
