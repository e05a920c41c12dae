//! Building backlogs for tests: copy the minimal fixture, lay a rule fixture
//! over it, run `check`, and show diagnostics in a compact, reviewable form.

use rankdown::diagnostic::{Applicability, Diagnostic};
use std::fs;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The folder holding the fixture backlogs.
pub(crate) fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary backlog root, removed when dropped.
pub(crate) struct Backlog {
    /// Owns the folder, when the backlog is a temporary folder of its own.
    _dir: Option<TempDir>,
    root: PathBuf,
}

impl Backlog {
    /// A copy of `tests/fixtures/minimal`, which checks clean.
    pub(crate) fn minimal() -> Backlog {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixtures().join("minimal"), dir.path());
        Backlog::owning(dir)
    }

    /// A copy of the fixture backlog `tests/fixtures/<name>`.
    pub(crate) fn copy_of(name: &str) -> Backlog {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixtures().join(name), dir.path());
        Backlog::owning(dir)
    }

    /// An empty temporary folder.
    pub(crate) fn empty() -> Backlog {
        Backlog::owning(tempfile::tempdir().expect("temp dir"))
    }

    fn owning(dir: TempDir) -> Backlog {
        Backlog {
            root: dir.path().to_path_buf(),
            _dir: Some(dir),
        }
    }

    /// The backlog root at `root`, in a folder someone else cleans up.
    pub(crate) fn at(root: PathBuf) -> Backlog {
        Backlog { _dir: None, root }
    }

    /// A copy of `example-backlog` (without a built site), which checks clean.
    pub(crate) fn example() -> Backlog {
        let dir = tempfile::tempdir().expect("temp dir");
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
        for folder in ["stories", "features", "teams", "pis", "roles"] {
            copy_tree(&example.join(folder), &dir.path().join(folder));
        }
        fs::copy(
            example.join("rankdown.yaml"),
            dir.path().join("rankdown.yaml"),
        )
        .expect("copy");
        Backlog::owning(dir)
    }

    /// Reads a file of the backlog.
    pub(crate) fn read(&self, path: &str) -> String {
        fs::read_to_string(self.path().join(path)).expect("read")
    }

    /// Replaces the first `from` in a file with `to`; the text must be there.
    pub(crate) fn edit(&self, path: &str, from: &str, to: &str) -> &Backlog {
        let text = self.read(path);
        assert!(text.contains(from), "`{from}` is not in {path}");
        self.write(path, text.replacen(from, to, 1))
    }

    /// Deletes a file.
    pub(crate) fn remove(&self, path: &str) -> &Backlog {
        fs::remove_file(self.path().join(path)).expect("remove");
        self
    }

    /// The minimal backlog with the files of `tests/fixtures/rules/<name>`
    /// laid over it (`expected.txt` aside, `links.txt` made into links, the
    /// paths in `fifos.txt` made FIFOs).
    pub(crate) fn with_rule_fixture(name: &str) -> Backlog {
        let backlog = Backlog::minimal();
        let overlay = fixtures().join("rules").join(name);
        copy_tree(&overlay, backlog.path());
        let _ = fs::remove_file(backlog.path().join("expected.txt"));
        if let Ok(links) = fs::read_to_string(overlay.join("links.txt")) {
            let _ = fs::remove_file(backlog.path().join("links.txt"));
            for line in links
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let (path, target) = line.split_once(" -> ").expect("`path -> target`");
                backlog.link(path, target);
            }
        }
        if let Ok(fifos) = fs::read_to_string(overlay.join("fifos.txt")) {
            let _ = fs::remove_file(backlog.path().join("fifos.txt"));
            for path in fifos
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            {
                let made = std::process::Command::new("mkfifo")
                    .arg(backlog.path().join(path))
                    .status();
                assert!(made.is_ok_and(|s| s.success()), "mkfifo {path}");
            }
        }
        backlog
    }

    /// The root folder.
    pub(crate) fn path(&self) -> &Path {
        &self.root
    }

    /// Writes (or replaces) a file, creating its folders.
    pub(crate) fn write(&self, path: &str, content: impl AsRef<[u8]>) -> &Backlog {
        let full = self.path().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        fs::write(full, content).expect("write");
        self
    }

    /// Makes a symbolic link at `path` pointing to `target`.
    pub(crate) fn link(&self, path: &str, target: &str) {
        let full = self.path().join(path);
        fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, full).expect("symlink");
    }

    /// Runs `check` through the library and renders the findings compactly.
    pub(crate) fn check(&self) -> String {
        let checked = rankdown::check(self.path()).expect("check runs");
        compact(&checked.diagnostics)
    }
}

/// Two lines per diagnostic: `file:line:column: severity[code] message`, then
/// `  help: hint`; and `  fix: what in file` when `rankdown fix` can fix it.
pub(crate) fn compact(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let severity = format!("{:?}", d.severity).to_lowercase();
            let fix = d.fix.as_ref().map_or_else(String::new, |fix| {
                let accept = match fix.applicability {
                    Applicability::Always => "",
                    Applicability::WithAccept => " (with --accept)",
                };
                format!("  fix: {} in {}{accept}\n", fix.description, fix.file)
            });
            format!(
                "{}:{}:{}: {severity}[{}] {}\n  help: {}\n{fix}",
                d.file,
                d.line,
                d.column,
                d.code.as_str(),
                d.message,
                d.hint
            )
        })
        .collect()
}

/// Copies the folder `from` and everything in it to `to`.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// `program` in a folder of the PATH.
pub(crate) fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|file| file.is_file())
}
