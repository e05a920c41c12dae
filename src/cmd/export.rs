//! `rankdown export`: the checked backlog as one JSON document, or its
//! stories as CSV.

use super::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::diagnostic::Counts;
use anyhow::Context;
use std::io::Write;

/// Runs `export`: writes the document even when the backlog has errors (they
/// are in it), and then exits with status 1 as `check` does.
pub fn run(args: &ExportArgs) -> anyhow::Result<Outcome> {
    let checked = crate::check(&args.path)?;
    let bytes = match args.format {
        ExportFormat::Json => crate::export::to_json(&crate::export::export(&checked)).into_bytes(),
        ExportFormat::Csv => crate::export::csv::stories(&checked.backlog)?,
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?,
        // A closed pipe (`rankdown export | head`) is not an error worth reporting.
        None => drop(std::io::stdout().lock().write_all(&bytes)),
    }
    let errors = Counts::of(&checked.diagnostics).errors;
    // The process ends right after this; see `check`.
    std::mem::forget(checked);
    if errors == 0 {
        return Ok(Outcome::Success);
    }
    let _ = writeln!(
        anstream::stderr(),
        "note: the backlog has {} (see `rankdown check`); items whose files could not be read are not in the export",
        crate::words::counted(errors, "error")
    );
    Ok(Outcome::Problems)
}
