//! `rankdown init`: not built yet (issue 14).

use super::Outcome;
use crate::cli::InitArgs;

/// Runs `init`.
pub fn run(_args: &InitArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown init` is not built yet")
}
