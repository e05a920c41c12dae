//! `rankdown lsp`: the language server, for editors (docs/editors.md).

use super::Outcome;
use crate::cli::LspArgs;

/// Runs the server until the client exits: status 0 after a shutdown
/// request, 1 otherwise, as the protocol asks.
pub fn run(args: &LspArgs) -> anyhow::Result<Outcome> {
    let root = args
        .root
        .as_ref()
        .map(|root| std::fs::canonicalize(root).unwrap_or_else(|_| root.clone()));
    match crate::lsp::run(root.as_deref())? {
        true => Ok(Outcome::Success),
        false => Ok(Outcome::Problems),
    }
}
