//! Rewriting files of the backlog root: only inside it, and each in one step.

use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A file's text as read, and as it is to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The text as read.
    pub before: String,
    /// The text with the changes made.
    pub after: String,
}

/// Replaces each file of `changes` (by path relative to `root`) with its
/// new text. Every file is looked at before any is written: each must be a
/// regular file inside the root, not in a hidden folder (a link is followed
/// only to such a file, which is then written and the link kept), and must
/// still hold the text it was fixed from. Each file is then written in one
/// step: a temporary file beside it, renamed over it, so that killed at any
/// moment a file holds its old text or its new one.
pub fn replace_all(root: &Path, changes: &BTreeMap<String, Change>) -> anyhow::Result<()> {
    let mut targets = Vec::new();
    for (path, change) in changes {
        let target = inside(root, path)?;
        let now = fs::read(&target).with_context(|| format!("cannot read `{path}`"))?;
        if now != change.before.as_bytes() {
            bail!("`{path}` changed while it was being fixed; nothing was written");
        }
        targets.push((path, target, change));
    }
    for (path, target, change) in targets {
        replace(&target, change.after.as_bytes())
            .with_context(|| format!("cannot write `{path}`"))?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `target`, with its
/// permissions, and renames it over `target`.
fn replace(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let permissions = fs::metadata(target)?.permissions();
    let name = target
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let temporary = target.with_file_name(format!(".{name}.rankdown-{}", std::process::id()));
    let written = write_fresh(&temporary, bytes)
        .and_then(|()| fs::set_permissions(&temporary, permissions))
        .and_then(|()| fs::rename(&temporary, target));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// The real file behind `path`, if it is a regular file inside the root and
/// not in a hidden folder of it.
fn inside(root: &Path, path: &str) -> anyhow::Result<PathBuf> {
    let canonical_root = root
        .canonicalize()
        .with_context(|| format!("cannot find `{}`", root.display()))?;
    let target = root
        .join(path)
        .canonicalize()
        .with_context(|| format!("cannot find `{path}`"))?;
    let Ok(inner) = target.strip_prefix(&canonical_root) else {
        bail!("`{path}` is a link out of the backlog root; not changed");
    };
    if inner
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        bail!("`{path}` is a link into a hidden folder; not changed");
    }
    if !fs::metadata(&target)?.is_file() {
        bail!("`{path}` is not a regular file; not changed");
    }
    Ok(target)
}

/// Writes a file that must not exist yet, and makes sure it reached the disk.
fn write_fresh(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(before: &str, after: &str) -> Change {
        Change {
            before: before.into(),
            after: after.into(),
        }
    }

    #[test]
    fn a_file_changed_since_it_was_read_stops_every_write() {
        let root = tempfile::tempdir().expect("temp dir");
        fs::write(root.path().join("a.md"), "a\n").expect("write");
        fs::write(root.path().join("b.md"), "edited meanwhile\n").expect("write");
        let changes = BTreeMap::from([
            ("a.md".to_string(), change("a\n", "A\n")),
            ("b.md".to_string(), change("b\n", "B\n")),
        ]);
        let error = replace_all(root.path(), &changes).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "`b.md` changed while it was being fixed; nothing was written"
        );
        let read = |name: &str| fs::read_to_string(root.path().join(name)).expect("read");
        assert_eq!(
            (read("a.md"), read("b.md")),
            ("a\n".into(), "edited meanwhile\n".into())
        );
    }

    #[test]
    fn a_link_out_of_the_root_is_not_written_through() {
        let outside = tempfile::tempdir().expect("temp dir");
        let root = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("x.md"), "x\n").expect("write");
        std::os::unix::fs::symlink(outside.path().join("x.md"), root.path().join("x.md"))
            .expect("link");
        let changes = BTreeMap::from([("x.md".to_string(), change("x\n", "X\n"))]);
        let error = replace_all(root.path(), &changes).expect_err("refused");
        assert_eq!(
            error.to_string(),
            "`x.md` is a link out of the backlog root; not changed"
        );
        let text = fs::read_to_string(outside.path().join("x.md")).expect("read");
        assert_eq!(text, "x\n");
    }

    #[test]
    fn a_change_replaces_the_file_and_keeps_its_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().expect("temp dir");
        let file = root.path().join("a.md");
        fs::write(&file, "a\n").expect("write");
        fs::set_permissions(&file, fs::Permissions::from_mode(0o640)).expect("chmod");
        let changes = BTreeMap::from([("a.md".to_string(), change("a\n", "A\n"))]);
        replace_all(root.path(), &changes).expect("written");
        assert_eq!(fs::read_to_string(&file).expect("read"), "A\n");
        let mode = fs::metadata(&file).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        let left: Vec<_> = fs::read_dir(root.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "no temporary file is left");
    }
}
