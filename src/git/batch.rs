//! `git cat-file --batch`: object contents by id, many in one process.

use super::{GitError, git};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};

/// Starts `git cat-file --batch` in `root`, its input and output piped.
pub(super) fn cat_file(root: &Path) -> Result<Child, GitError> {
    git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::Missing)
}

/// Reads the next answer: the object's id with its content when it is a
/// blob (none for a missing object or another kind); none at the end.
pub(super) fn read_answer(
    stdout: &mut impl BufRead,
) -> std::io::Result<Option<(String, Option<Vec<u8>>)>> {
    let mut header = String::new();
    if stdout.read_line(&mut header)? == 0 {
        return Ok(None);
    }
    let mut fields = header.trim_end().split(' ');
    let (oid, kind) = (fields.next().unwrap_or_default(), fields.next());
    let Some(size) = fields.next().and_then(|s| s.parse::<usize>().ok()) else {
        return Ok(Some((oid.to_string(), None)));
    };
    let mut bytes = vec![0; size + 1]; // the content and a newline
    stdout.read_exact(&mut bytes)?;
    bytes.pop();
    Ok(Some((
        oid.to_string(),
        (kind == Some("blob")).then_some(bytes),
    )))
}

/// The contents of `objects`, in order, from one `git cat-file --batch`
/// (empty for an object that is not a blob).
pub fn read_blobs(root: &Path, objects: &[&str]) -> Result<Vec<Vec<u8>>, GitError> {
    if objects.is_empty() {
        return Ok(Vec::new());
    }
    let mut child = cat_file(root)?;
    let request: String = objects.iter().map(|oid| format!("{oid}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Writing on another thread: git answers while it reads, and both pipes
    // would fill up if every request were written first.
    let writer = std::thread::spawn(move || stdin.write_all(request.as_bytes()));
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let read = (objects.iter())
        .map(|_| match read_answer(&mut stdout) {
            Ok(Some((_, content))) => Ok(content.unwrap_or_default()),
            Ok(None) => Err(std::io::ErrorKind::UnexpectedEof.into()),
            Err(error) => Err(error),
        })
        .collect::<std::io::Result<Vec<Vec<u8>>>>();
    let _ = writer.join();
    let status = child.wait().map_err(GitError::Missing)?;
    match read {
        Ok(blobs) if status.success() => Ok(blobs),
        Ok(_) => Err(GitError::Failed("`git cat-file` failed".into())),
        Err(error) => Err(GitError::Failed(format!("reading from git: {error}"))),
    }
}
