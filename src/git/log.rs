//! The one `git log` over the backlog root, streamed: each token goes to
//! the story-version reader as it arrives.

use super::plans::PlanReader;
use super::{GitError, git};
use std::io::Read;
use std::path::Path;
use std::process::Stdio;

/// The arguments of the one `git log`.
const LOG: [&str; 12] = [
    "log",
    "-z",
    "--root",
    "--no-color",
    "--no-ext-diff",
    "--format=%x00%H%x00%aI%x00%aN%x00%s",
    // Whole object ids: abbreviating them costs git a lookup each, and
    // `cat-file` finds whole ones faster.
    "--raw",
    "--no-abbrev",
    "-M",
    "--relative",
    "--",
    ".",
];

/// Runs the `git log` and returns its output, handing each token to
/// `plans` as it arrives so that story versions are read meanwhile.
pub(super) fn read_log(root: &Path, plans: &mut PlanReader) -> Result<Vec<u8>, GitError> {
    let mut child = git(root)
        .args(LOG)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::Missing)?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    // git says little on standard error; read on a thread, it cannot block.
    let errors = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stderr.read_to_end(&mut text);
        text
    });
    let (mut log, mut scanned, mut chunk) = (Vec::new(), 0, vec![0; 1 << 16]);
    loop {
        let read = stdout
            .read(&mut chunk)
            .map_err(|e| GitError::Failed(format!("reading from git: {e}")))?;
        if read == 0 {
            break;
        }
        log.extend_from_slice(&chunk[..read]);
        if let Some(end) = log[scanned..]
            .iter()
            .rposition(|&b| b == 0)
            .map(|i| scanned + i)
        {
            log[scanned..end]
                .split(|&b| b == 0)
                .for_each(|token| plans.scan(token));
            scanned = end + 1;
        }
    }
    let status = child.wait().map_err(GitError::Missing)?;
    let errors = errors.join().unwrap_or_default();
    match status.success() {
        true => Ok(log),
        false => Err(super::failure(&errors)),
    }
}
