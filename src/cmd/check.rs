//! `rankdown check`: load, validate, print the diagnostics.

use super::Outcome;
use crate::cli::{CheckArgs, Format};
use crate::diagnostic::{self, Counts};
use crate::model::Backlog;
use std::io::Write;
use std::path::Path;

/// Runs `check` and prints its report on standard output.
pub fn run(args: &CheckArgs) -> anyhow::Result<Outcome> {
    let checked = crate::check(&args.path)?;
    let prefix = display_prefix(&args.path);
    let text = match args.format {
        Format::Human => {
            let mut text = diagnostic::to_human(&checked.diagnostics, &checked.backlog, &prefix);
            text.push_str(&format!(" in {}\n", scope(&args.path, &checked.backlog)));
            text
        }
        Format::Json => diagnostic::to_json(&checked.diagnostics),
        Format::Github => diagnostic::to_github(&checked.diagnostics, &prefix),
    };
    // A closed pipe (`rankdown check | head`) is not an error worth reporting.
    let _ = anstream::stdout().write_all(text.as_bytes());
    let counts = Counts::of(&checked.diagnostics);
    // The process ends right after this; freeing a large backlog item by item
    // would only add tens of milliseconds to every run.
    std::mem::forget(checked);
    Ok(
        if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
            Outcome::Problems
        } else {
            Outcome::Success
        },
    )
}

/// What paths in messages are prefixed with so they open from the current folder.
pub(crate) fn display_prefix(root: &Path) -> String {
    let text = root.to_string_lossy();
    let text = text.trim_start_matches("./").trim_end_matches('/');
    if text.is_empty() || text == "." {
        String::new()
    } else {
        format!("{text}/")
    }
}

/// `example-backlog (42 stories, 8 features, 3 teams, 2 PIs, 5 roles)`.
pub(crate) fn scope(root: &Path, backlog: &Backlog) -> String {
    let counts = [
        (backlog.stories.len(), "story", "stories"),
        (backlog.features.len(), "feature", "features"),
        (backlog.teams.len(), "team", "teams"),
        (backlog.pis.len(), "PI", "PIs"),
        (backlog.roles.len(), "role", "roles"),
    ];
    let parts: Vec<String> = counts
        .iter()
        .map(|&(n, one, many)| format!("{n} {}", crate::words::noun(n, one, many)))
        .collect();
    format!("{} ({})", root.display(), parts.join(", "))
}
