//! The command line, defined once with clap: help text comes from here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn a git repository of Markdown backlog files into a validated, published site.
#[derive(Debug, Parser)]
#[command(name = "rankdown", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a backlog root like a compiler: every problem, with file, line, rule and fix.
    Check(CheckArgs),
}

/// Arguments of `rankdown check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when there are warnings, even without errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Output formats for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with source snippets (colour on a terminal).
    Human,
    /// One JSON document with every diagnostic and the counts.
    Json,
    /// GitHub Actions workflow commands, for inline pull-request annotations.
    Github,
}
