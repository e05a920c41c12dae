//! Real temporary git repositories for the history, diff and CODEOWNERS
//! tests: every commit has a set author and date, and no user or system git
//! config is read.

use crate::harness::Backlog;
use std::path::Path;
use std::process::Command;

/// A backlog root that is a git repository (or a folder inside one).
pub(crate) struct Repo {
    /// The backlog root's files.
    pub backlog: Backlog,
    /// Where the backlog root is inside the repository: "" or "sub/folder/".
    pub prefix: String,
}

/// A `git` command isolated from the machine's configuration.
pub(crate) fn git(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .current_dir(dir)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_COMMITTER_NAME", "CI")
        .env("GIT_COMMITTER_EMAIL", "ci@example.org")
        .env("GIT_COMMITTER_DATE", "2026-06-01T12:00:00+00:00");
    command
}

/// Runs `git args` in `dir` and returns what it printed; it must succeed.
pub(crate) fn run_git(dir: &Path, args: &[&str]) -> String {
    let out = git(dir).args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

impl Repo {
    /// `backlog` made into a repository with no commit yet.
    pub(crate) fn init(backlog: Backlog) -> Repo {
        run_git(backlog.path(), &["init", "-q", "-b", "main"]);
        Repo {
            backlog,
            prefix: String::new(),
        }
    }

    /// The minimal backlog in a fresh repository, committed once.
    pub(crate) fn minimal() -> Repo {
        let repo = Repo::init(Backlog::minimal());
        repo.commit("Ana Li", "2026-01-05T09:30:00+01:00", "Start the backlog");
        repo
    }

    /// The backlog root.
    pub(crate) fn path(&self) -> &Path {
        self.backlog.path()
    }

    /// Commits every change as `author` at `date` (ISO 8601); returns the hash.
    pub(crate) fn commit(&self, author: &str, date: &str, subject: &str) -> String {
        let top = self.top();
        run_git(&top, &["add", "-A"]);
        let email = format!("{}@example.org", author.to_lowercase().replace(' ', "."));
        let out = git(&top)
            .args(["commit", "-q", "--allow-empty", "-m", subject])
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_EMAIL", email)
            .env("GIT_AUTHOR_DATE", date)
            .output()
            .expect("git commit runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        run_git(&top, &["rev-parse", "HEAD"]).trim().to_string()
    }

    /// The repository's top folder.
    fn top(&self) -> std::path::PathBuf {
        let depth = self.prefix.matches('/').count();
        (0..depth).fold(self.path().to_path_buf(), |p, _| {
            p.parent().expect("parent").to_path_buf()
        })
    }
}

/// A repository whose backlog root is the folder `backlog/` below its top,
/// beside a file that is not part of the backlog.
pub(crate) fn nested() -> (tempfile::TempDir, Repo) {
    let top = tempfile::tempdir().expect("temp dir");
    let root = top.path().join("backlog");
    let backlog = Backlog::minimal();
    std::fs::create_dir_all(&root).expect("mkdir");
    crate::harness::copy_tree(backlog.path(), &root);
    run_git(top.path(), &["init", "-q", "-b", "main"]);
    let repo = Repo {
        backlog: Backlog::at(root),
        prefix: "backlog/".into(),
    };
    std::fs::write(top.path().join("README.md"), "not backlog\n").expect("write");
    repo.commit("Ana Li", "2026-01-05T09:30:00+01:00", "Start the backlog");
    (top, repo)
}

/// The rankdown binary, with the machine's git configuration out of the way.
pub(crate) fn rankdown() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("rankdown").expect("binary");
    cmd.env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1");
    cmd
}

/// Runs `cmd`: its exit status, standard output and standard error.
pub(crate) fn outcome(cmd: &mut assert_cmd::Command) -> (i32, String, String) {
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
