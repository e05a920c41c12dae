//! rankdown's integration tests: one binary, one module per area.

mod a11y;
mod bad_input;
mod browser;
mod build;
mod ci_recipes;
mod cli;
mod codeowners;
mod diff;
mod docs;
mod flow;
mod harness;
mod history;
mod import;
mod init;
mod live;
mod lsp;
mod new;
mod properties;
mod publish;
mod reading;
mod repo;
mod rules;
mod serve;
mod shell;
