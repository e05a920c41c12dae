//! `rankdown diff`: what a change does to the backlog, for a pull request.

use super::Outcome;
use crate::Checked;
use crate::cli::{DiffArgs, DiffFormat};
use crate::diff;
use crate::git;
use crate::load;
use std::io::Write;
use std::path::Path;

/// Runs `diff` and prints the report on standard output.
pub fn run(args: &DiffArgs) -> anyhow::Result<Outcome> {
    if !args.root.is_dir() {
        anyhow::bail!("`{}` is not a folder", args.root.display());
    }
    // The two sides are read at the same time.
    let (before, after) = std::thread::scope(|scope| {
        let before = scope.spawn(|| at_revision(&args.root, &args.base));
        let after = match &args.head {
            Some(head) => at_revision(&args.root, head),
            None => crate::check(&args.root).map(|c| (c, "the working tree".to_string())),
        };
        (
            before.join().expect("reading the base does not panic"),
            after,
        )
    });
    let ((before, base), (after, head)) = (before?, after?);
    let report = diff::compare(&before, &after, &base, &head);
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let format = (args.format).unwrap_or(if terminal {
        DiffFormat::Text
    } else {
        DiffFormat::Markdown
    });
    let text = match format {
        DiffFormat::Markdown => diff::to_markdown(&report),
        DiffFormat::Text => diff::to_text(&report),
        DiffFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
    };
    let _ = anstream::stdout().write_all(text.as_bytes());
    let failed = args.fail_on_new_errors && report.diagnostics.new_errors() > 0;
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The backlog checked as it was at `revision`, and a label naming it. A
/// revision without the backlog gives an empty one: everything is new.
fn at_revision(root: &Path, revision: &str) -> anyhow::Result<(Checked, String)> {
    let files = git::read_revision(root, revision)
        .map_err(|e| anyhow::anyhow!("cannot read revision `{revision}`: {e}"))?;
    let short = files.commit.get(..7).unwrap_or(&files.commit);
    let Some(config) = files.config else {
        let empty = Checked {
            backlog: Default::default(),
            diagnostics: Vec::new(),
        };
        return Ok((empty, format!("{revision} ({short}, no backlog yet)")));
    };
    let checked = crate::validated(load::load_files(config, files.files, files.links_skipped));
    Ok((checked, format!("{revision} ({short})")))
}
