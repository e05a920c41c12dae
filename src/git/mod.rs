//! History and revisions through the `git` command: one `git log` for the
//! whole history with one `git cat-file` beside it for the story versions it
//! names; for a revision, one process to list its files and one to read them.

mod batch;
mod branches;
mod history;
mod links;
mod log;
mod plans;
mod revision;
mod versions;

pub use batch::read_blobs;
pub use branches::ids_on_branches;
pub use history::{Change, Commit, History, Touched, Version, history, history_with};
pub use revision::{Revision, read_revision};

use std::fmt;
use std::path::Path;
use std::process::{Command, Stdio};

/// Why git could not answer for a backlog root.
#[derive(Debug)]
pub enum GitError {
    /// The `git` command could not be run.
    Missing(std::io::Error),
    /// The root is not inside a git repository.
    NotARepository,
    /// The repository is a shallow clone: its history is cut off.
    Shallow,
    /// git ran and failed; its message.
    Failed(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::Missing(error) => write!(f, "cannot run `git` ({error}): install git"),
            GitError::NotARepository => write!(f, "the backlog root is not in a git repository"),
            GitError::Shallow => write!(
                f,
                "the repository is a shallow clone: fetch its whole history \
                 (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
            ),
            GitError::Failed(message) => write!(f, "git failed: {message}"),
        }
    }
}

impl std::error::Error for GitError {}

/// A `git` command run in `root`, with settings that could change its output
/// turned off.
fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(root)
        .args([
            "-c",
            "core.quotePath=false",
            "-c",
            "log.showSignature=false",
        ])
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null());
    command
}

/// Runs `git args` in `root` and returns what it printed.
fn output(root: &Path, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let out = git(root)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .map_err(GitError::Missing)?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(failure(&out.stderr))
    }
}

/// The error for git's message on standard error.
fn failure(stderr: &[u8]) -> GitError {
    let message = String::from_utf8_lossy(stderr);
    if message.contains("not a git repository") {
        return GitError::NotARepository;
    }
    let first = message.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    GitError::Failed(first.trim_start_matches("fatal: ").trim().to_string())
}

/// Where `root` is inside its repository: `""` at the top, else
/// `"folder/sub/"`.
pub fn prefix(root: &Path) -> Result<String, GitError> {
    let out = output(root, &["rev-parse", "--show-prefix"])?;
    Ok(String::from_utf8_lossy(&out)
        .trim_end_matches('\n')
        .to_string())
}

/// The files git tracks under `root`, relative to it.
pub fn tracked_files(root: &Path) -> Result<Vec<String>, GitError> {
    let out = output(root, &["ls-files", "-z", "--cached", "--", "."])?;
    let paths = out.split(|&b| b == 0).filter(|p| !p.is_empty());
    Ok(paths
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// Whether `root` is in a full (not shallow) clone with at least one commit:
/// `Ok(false)` when there is no commit yet.
fn has_history(root: &Path) -> Result<bool, GitError> {
    let shallow = output(root, &["rev-parse", "--is-shallow-repository"])?;
    if shallow.starts_with(b"true") {
        return Err(GitError::Shallow);
    }
    match output(root, &["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) {
        Ok(_) => Ok(true),
        Err(GitError::Failed(_)) => Ok(false),
        Err(other) => Err(other),
    }
}
