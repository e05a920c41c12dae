//! `rankdown init`: a new backlog root that checks clean and builds.

use super::Outcome;
use crate::cli::{CiService, InitArgs};
use crate::layout::CONFIG_FILE;
use crate::model::Id;
use crate::scaffold::{Ci, Starter, Written, ci_workflow, write_new};
use anyhow::{Context, bail};
use std::io::Write;
use std::path::Path;

/// Writes the starter backlog into `args.path`, then checks it and says
/// what to do next. Never overwrites a file; asks nothing.
pub fn run(args: &InitArgs) -> anyhow::Result<Outcome> {
    let root = &args.path;
    ready_to_write(root, args.force)?;
    if Id::new(&args.team).is_none() {
        bail!(
            "`{}` is not a valid team id: start with a letter or digit, then letters, digits, `.`, `_` or `-`",
            args.team
        );
    }
    let starter = Starter {
        title: crate::scaffold::title_of(&folder_name(root)),
        team: args.team.clone(),
        prefix: crate::scaffold::prefix_of(&args.team),
        today: args.today.unwrap_or_else(super::today),
    };
    let mut files = starter.files();
    files.extend(args.ci.map(|ci| {
        let (path, text) = ci_workflow(match ci {
            CiService::Github => Ci::Github,
            CiService::Gitlab => Ci::Gitlab,
        });
        (path.to_string(), text)
    }));
    std::fs::create_dir_all(root).with_context(|| format!("cannot make `{}`", root.display()))?;
    let mut kept = Vec::new();
    for (path, text) in &files {
        let written = write_new(root, path, text)
            .with_context(|| format!("cannot write `{}`", root.join(path).display()))?;
        if written == Written::Kept {
            kept.push(path.as_str());
        }
    }
    report(root, files.len() - kept.len(), &kept)
}

/// Fails unless `root` is missing, empty (a `.git` folder aside) or
/// `force` allows adding to it; a backlog root is never initialised twice.
fn ready_to_write(root: &Path, force: bool) -> anyhow::Result<()> {
    if !root.exists() {
        return Ok(());
    }
    if !root.is_dir() {
        bail!("`{}` is not a folder", root.display());
    }
    if root.join(CONFIG_FILE).exists() {
        bail!(
            "`{}` is already a backlog root: it has {CONFIG_FILE}",
            root.display()
        );
    }
    let mut entries: Vec<String> = std::fs::read_dir(root)
        .with_context(|| format!("cannot read `{}`", root.display()))?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != ".git")
        .collect();
    entries.sort();
    if !entries.is_empty() && !force {
        bail!(
            "`{}` is not empty (it holds `{}`{}); use --force to add the starter files beside them (no file is overwritten)",
            root.display(),
            entries[0],
            if entries.len() > 1 { " and more" } else { "" }
        );
    }
    Ok(())
}

/// The name of the folder `root` (the current folder's for `.`).
fn folder_name(root: &Path) -> String {
    let full = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let name = full
        .components()
        .next_back()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    name.filter(|n| n != "/")
        .unwrap_or_else(|| "backlog".to_string())
}

/// Says what was written, checks the result, and tells the next steps.
fn report(root: &Path, made: usize, kept: &[&str]) -> anyhow::Result<Outcome> {
    let checked = crate::check(root)?;
    let counts = crate::diagnostic::Counts::of(&checked.diagnostics);
    let shown = root.display();
    let mut text = format!("made a backlog root in {shown}: {made} files");
    if !kept.is_empty() {
        text.push_str(&format!(
            "; kept {} that were already there: {}",
            kept.len(),
            kept.join(", ")
        ));
    }
    text.push('\n');
    if counts.errors + counts.warnings > 0 {
        text.push_str(&format!(
            "run `rankdown check {shown}`: it finds {} errors and {} warnings\n",
            counts.errors, counts.warnings
        ));
    }
    text.push_str(&format!(
        "next: `rankdown serve {shown}` to see the site, `rankdown new story -C {shown} --title \"...\"` to add a story\n"
    ));
    let _ = anstream::stdout().write_all(text.as_bytes());
    Ok(if counts.errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
