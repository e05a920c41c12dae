//! `rankdown export`: not built yet (issue 14).

use super::Outcome;
use crate::cli::ExportArgs;

/// Runs `export`.
pub fn run(_args: &ExportArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown export` is not built yet")
}
