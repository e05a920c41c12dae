//! One thin module per subcommand; each returns how the run went.

pub mod build;
pub mod check;

/// How a command that ran to the end went, mapped to the exit status by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to complain about: exit 0.
    Success,
    /// The backlog has problems the user must fix: exit 1.
    Problems,
}
