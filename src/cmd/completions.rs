//! `rankdown completions`: not built yet (issue 14).

use super::Outcome;
use crate::cli::CompletionsArgs;

/// Runs `completions`.
pub fn run(_args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown completions` is not built yet")
}
