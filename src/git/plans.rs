//! Story plans read while `git log` runs: a `git cat-file --batch` is sent
//! each story version's object id as the log names it, and a thread reads
//! the answers and parses their front matter as they come.

use super::GitError;
use super::batch::{cat_file, read_answer};
use crate::layout::item_kind;
use crate::load::{Planning, planning_in};
use crate::model::Kind;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin};
use std::thread::JoinHandle;

/// Each object id read with the planning its front matter gives, if any.
pub(super) type Plans = HashMap<String, Option<Planning>>;

/// A running `git cat-file --batch` and the thread reading its answers.
pub(super) struct PlanReader {
    child: Child,
    requests: BufWriter<ChildStdin>,
    answers: JoinHandle<std::io::Result<Plans>>,
    sent: HashSet<Vec<u8>>,
    /// How the raw diff line before the next path token is read.
    pending: Pending,
}

/// What the log's next tokens are, for [`PlanReader::scan`].
#[derive(Default)]
enum Pending {
    /// Not a path of a raw diff line.
    #[default]
    Other,
    /// Paths of a raw diff line that leaves `oid`: `skip` more before the
    /// one it names (a rename names the old path first).
    Path { skip: usize, oid: Vec<u8> },
}

impl PlanReader {
    /// Starts `git cat-file --batch` in `root`.
    pub(super) fn start(root: &Path) -> Result<PlanReader, GitError> {
        let mut child = cat_file(root)?;
        let requests = BufWriter::new(child.stdin.take().expect("stdin is piped"));
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Ok(PlanReader {
            child,
            requests,
            answers: std::thread::spawn(move || read_answers(stdout)),
            sent: HashSet::default(),
            pending: Pending::Other,
        })
    }

    /// Reads one NUL-separated token of `git log -z --raw` output, asking
    /// for the object a story file's raw diff line leaves. A commit subject
    /// that looks like a raw line costs one missing object, nothing more.
    pub(super) fn scan(&mut self, token: &[u8]) {
        let line = token.strip_prefix(b"\n").unwrap_or(token);
        if line.starts_with(b":") {
            let mut fields = line.split(|&b| b == b' ').skip(3);
            let oid = fields.next().unwrap_or_default().to_vec();
            let renamed = fields
                .next()
                .is_some_and(|s| s.starts_with(b"R") || s.starts_with(b"C"));
            self.pending = Pending::Path {
                skip: usize::from(renamed),
                oid,
            };
            return;
        }
        match std::mem::take(&mut self.pending) {
            Pending::Path { skip: 0, oid } => {
                let story =
                    std::str::from_utf8(token).ok().and_then(item_kind) == Some(Kind::Story);
                if story && oid.iter().any(|&b| b != b'0') && self.sent.insert(oid.clone()) {
                    // A failed write shows as a missing answer.
                    let _ = self
                        .requests
                        .write_all(&oid)
                        .and_then(|()| self.requests.write_all(b"\n"));
                }
            }
            Pending::Path { skip, oid } => {
                self.pending = Pending::Path {
                    skip: skip - 1,
                    oid,
                }
            }
            Pending::Other => {}
        }
    }

    /// Ends the requests and returns every answer.
    pub(super) fn finish(self) -> Result<Plans, GitError> {
        let PlanReader {
            mut child,
            requests,
            answers,
            ..
        } = self;
        let flushed = requests.into_inner().map(drop);
        let answers = answers
            .join()
            .map_err(|_| GitError::Failed("reading from git panicked".into()))?;
        let status = child.wait().map_err(GitError::Missing)?;
        match (flushed, answers) {
            (Ok(()), Ok(plans)) if status.success() => Ok(plans),
            (_, Err(error)) => Err(GitError::Failed(format!("reading from git: {error}"))),
            _ => Err(GitError::Failed("`git cat-file` failed".into())),
        }
    }
}

/// Reads `cat-file --batch` answers until the end, parsing each blob's
/// front matter.
fn read_answers(mut stdout: BufReader<impl Read>) -> std::io::Result<Plans> {
    let mut plans = Plans::default();
    while let Some((oid, content)) = read_answer(&mut stdout)? {
        let plan = content.and_then(|bytes| planning_in(std::str::from_utf8(&bytes).ok()?));
        plans.insert(oid, plan);
    }
    Ok(plans)
}
