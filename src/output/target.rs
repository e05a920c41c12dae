//! Which places a command may write to: never the backlog's own files, the
//! folders rankdown reads, or a `.git` folder; and a site only into a folder
//! that is new, empty or rankdown's own.

use super::manifest::MARKER;
use anyhow::{Context, bail};
use std::ffi::OsStr;
use std::fs;
use std::path::{Component, Path, PathBuf};

/// Folders of a backlog root that rankdown reads, so never writes into.
const READ_FOLDERS: [&str; 8] = [
    "stories",
    "features",
    "teams",
    "pis",
    "roles",
    "templates",
    "static",
    "themes",
];

/// Refuses `target` when it is, or is inside, a file or folder of the
/// backlog at `root` that rankdown reads (`rankdown.yaml`, `stories/`,
/// `templates/`, ...), or inside a `.git` folder anywhere. `what` names
/// the target in the message ("the site", "the CODEOWNERS file").
pub fn refuse_backlog_files(root: &Path, target: &Path, what: &str) -> anyhow::Result<()> {
    let target_abs = absolute(target)?;
    if target_abs.components().any(|c| c.as_os_str() == ".git") {
        bail!(
            "refusing to write {what} to `{}`: it is inside a .git folder",
            target.display()
        );
    }
    let Ok(root) = root.canonicalize() else {
        return Ok(()); // no backlog there: nothing of it to overwrite
    };
    let Ok(inner) = target_abs.strip_prefix(&root) else {
        return Ok(());
    };
    if let Some(Component::Normal(first)) = inner.components().next() {
        let config = first == OsStr::new(crate::layout::CONFIG_FILE);
        if config || READ_FOLDERS.iter().any(|f| first == OsStr::new(f)) {
            bail!(
                "refusing to write {what} to `{}`: rankdown reads that {} of the backlog",
                target.display(),
                if config { "file" } else { "folder" }
            );
        }
    }
    Ok(())
}

/// Refuses an output folder that is the backlog root, contains it, is one
/// of its files or folders rankdown reads, or is a non-empty folder
/// rankdown did not make (unless `force`).
pub fn check_target(root: &Path, out: &Path, force: bool) -> anyhow::Result<()> {
    let root_abs = root
        .canonicalize()
        .with_context(|| format!("cannot resolve `{}`", root.display()))?;
    let out_abs = absolute(out)?;
    if root_abs.starts_with(&out_abs) {
        bail!(
            "refusing to write the site to `{}`: it is, or contains, the backlog root",
            out.display()
        );
    }
    refuse_backlog_files(root, out, "the site")?;
    // The folder is replaced whole: through a link, that would be wherever
    // the link points, which may have come with the repository.
    if fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "`{}` is a symbolic link: give the folder it points to with -o",
            out.display()
        );
    }
    match fs::symlink_metadata(&out_abs) {
        Ok(meta) if !meta.is_dir() => bail!("`{}` exists and is not a folder", out.display()),
        Ok(_) if !force && !is_ours(&out_abs)? => bail!(
            "refusing to write into `{}`: it is not empty and was not made by rankdown (use --force to write into it anyway)",
            out.display()
        ),
        _ => Ok(()),
    }
}

/// Whether `folder` carries rankdown's list of files, or is empty.
pub(super) fn is_ours(folder: &Path) -> anyhow::Result<bool> {
    let marked = fs::symlink_metadata(folder.join(MARKER)).is_ok_and(|m| m.is_file());
    Ok(marked
        || fs::read_dir(folder)
            .with_context(|| format!("cannot read `{}`", folder.display()))?
            .next()
            .is_none())
}

/// `path` made absolute: links resolved in the part that exists, `.` and
/// `..` worked out in the rest.
pub fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    if let Ok(canonical) = path.canonicalize() {
        return Ok(canonical);
    }
    let mut resolved = std::env::current_dir()?;
    for component in path.components() {
        match component {
            Component::RootDir | Component::Prefix(_) => resolved = component.as_os_str().into(),
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            Component::Normal(name) => resolved.push(name),
        }
        if let Ok(canonical) = resolved.canonicalize() {
            resolved = canonical;
        }
    }
    Ok(resolved)
}
