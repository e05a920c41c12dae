//! `rankdown schema`: not built yet (issue 14).

use super::Outcome;
use crate::cli::SchemaArgs;

/// Runs `schema`.
pub fn run(_args: &SchemaArgs) -> anyhow::Result<Outcome> {
    anyhow::bail!("`rankdown schema` is not built yet")
}
