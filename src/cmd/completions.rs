//! `rankdown completions SHELL`: the completion script, generated from the
//! clap definition so it always knows every command and flag.

use super::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use clap::CommandFactory;

/// Prints the completion script for the asked shell on standard output.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "rankdown", &mut script);
    super::print(&script);
    Ok(Outcome::Success)
}
