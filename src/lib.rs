//! rankdown: a backlog of Markdown files in git, validated like code and
//! published as a static site.
//!
//! Data flows one way: [`load`] reads a backlog root into a [`model::Backlog`],
//! [`validate`] turns the model into [`diagnostic::Diagnostic`]s.

pub mod changes;
pub mod cli;
pub mod cmd;
pub mod codeowners;
pub mod diagnostic;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fix;
pub mod flow;
pub mod git;
pub mod graph;
pub mod import;
pub mod layout;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod source;
pub mod suggest;
pub mod terminal;
pub mod validate;
pub mod words;

use diagnostic::Diagnostic;
use model::Backlog;
use std::path::Path;

/// A backlog and every problem found in it, sorted.
#[derive(Debug)]
pub struct Checked {
    /// What could be loaded.
    pub backlog: Backlog,
    /// Loader and validator findings, sorted by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and validates the backlog root at `root`.
pub fn check(root: &Path) -> anyhow::Result<Checked> {
    load::load(root).map(validated)
}

/// Validates a loaded backlog.
pub fn validated(loaded: load::Loaded) -> Checked {
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(validate::validate(&loaded.backlog));
    validate::sort(&mut diagnostics);
    Checked {
        backlog: loaded.backlog,
        diagnostics,
    }
}
