//! `rankdown new`: not built yet (issue 14).

use super::Outcome;
use crate::cli::NewArgs;

/// Runs `new`.
pub fn run(_args: &NewArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown new` is not built yet")
}
