//! `rankdown fix`: not built yet (issue 14).

use super::Outcome;
use crate::cli::FixArgs;

/// Runs `fix`.
pub fn run(_args: &FixArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown fix` is not built yet")
}
