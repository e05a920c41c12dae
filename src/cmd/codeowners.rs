//! `rankdown codeowners`: a CODEOWNERS file from the backlog's roles.

use super::Outcome;
use crate::cli::CodeownersArgs;
use crate::codeowners::codeowners;
use crate::diagnostic::{self, Code, Counts};
use anyhow::{Context, bail};
use std::io::Write;

/// Runs `codeowners`: prints the file, writes it, or checks it is current.
pub fn run(args: &CodeownersArgs) -> anyhow::Result<Outcome> {
    if let Some(file) = args.output.as_ref().filter(|_| !args.check) {
        crate::output::refuse_backlog_files(&args.path, file, "the CODEOWNERS file")?;
    }
    let checked = crate::check(&args.path)?;
    let backlog = &checked.backlog;
    if backlog
        .config
        .as_ref()
        .and_then(|c| c.people.as_ref())
        .is_none()
    {
        bail!(
            "rankdown.yaml has no `people:` map: add one with each person's code-host handle, \
             e.g. `people: {{Ana Li: \"@ana-li\"}}` (see docs/review.md)"
        );
    }
    let mut stderr = anstream::stderr();
    let prefix = super::check::display_prefix(&args.path);
    let people_codes = [Code::UnknownPerson, Code::MissingHandle, Code::BadHandle];
    let about_people: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| people_codes.contains(&d.code))
        .cloned()
        .collect();
    if !about_people.is_empty() {
        let text = diagnostic::to_human(&about_people, backlog, &prefix);
        let _ = writeln!(stderr, "{text}");
    }
    let errors = Counts::of(&checked.diagnostics).errors;
    if errors > 0 {
        let _ = writeln!(
            stderr,
            "note: the backlog has {} (see `rankdown check`); files that did not load have no owners",
            crate::words::counted(errors, "error")
        );
    }
    // The files of the repository (or, outside one, of the folder) decide
    // which folders can be given to one owner whole.
    let (repo_prefix, others) = match crate::git::prefix(&args.path) {
        Ok(prefix) => (
            prefix,
            crate::git::tracked_files(&args.path).unwrap_or_default(),
        ),
        Err(why) => {
            let _ = writeln!(
                stderr,
                "note: paths are relative to the backlog root: {why}"
            );
            (String::new(), files_on_disk(&args.path))
        }
    };
    let owners = codeowners(backlog, &repo_prefix, &others);
    let Some(path) = &args.output else {
        let _ = anstream::stdout().write_all(owners.as_bytes());
        return Ok(Outcome::Success);
    };
    if args.check {
        let current = std::fs::read(path).unwrap_or_default();
        if current == owners.as_bytes() {
            return Ok(Outcome::Success);
        }
        let _ = writeln!(
            stderr,
            "{} is out of date: run `rankdown codeowners -o {}`",
            path.display(),
            path.display()
        );
        return Ok(Outcome::Problems);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot make folder `{}`", parent.display()))?;
    }
    std::fs::write(path, &owners).with_context(|| format!("cannot write `{}`", path.display()))?;
    let rules = owners.lines().filter(|l| l.starts_with('/')).count();
    let _ = writeln!(
        anstream::stdout(),
        "wrote {} ({rules} rules)",
        path.display()
    );
    Ok(Outcome::Success)
}

/// Every file under the item folders of `root`, relative to it, links not
/// followed.
fn files_on_disk(root: &std::path::Path) -> Vec<String> {
    crate::model::Kind::ALL
        .iter()
        .flat_map(|kind| walkdir::WalkDir::new(root.join(crate::layout::folder(*kind))))
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_type().is_dir())
        .map(|entry| crate::layout::relative(root, entry.path()))
        .collect()
}
