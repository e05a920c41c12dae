//! `rankdown man`: not built yet (issue 14).

use super::Outcome;
use crate::cli::ManArgs;

/// Runs `man`.
pub fn run(_args: &ManArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown man` is not built yet")
}
