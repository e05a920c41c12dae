//! One thin module per subcommand; each returns how the run went.

pub mod build;
pub mod check;
pub mod codeowners;
pub mod completions;
pub mod diff;
pub mod export;
pub mod fix;
pub mod import;
mod import_summary;
pub mod init;
pub mod lsp;
pub mod man;
pub mod new;
pub mod schema;
pub mod serve;

use std::io::Write;

/// How a command that ran to the end went, mapped to the exit status by `main`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to complain about: exit 0.
    Success,
    /// The backlog has problems the user must fix: exit 1.
    Problems,
}

/// Today's date in UTC, or from `SOURCE_DATE_EPOCH` when set, so that builds
/// can be reproduced exactly.
pub(crate) fn today() -> jiff::civil::Date {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|secs| jiff::Timestamp::from_second(secs).ok())
        .unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
}

/// Each file's commits for the pages, or no history and one warning saying
/// why and how to get it.
pub(crate) fn history(root: &std::path::Path) -> crate::git::History {
    crate::git::history(root).unwrap_or_else(|why| {
        warn(&format!("pages show no history: {why}"));
        crate::git::History::default()
    })
}

/// The history as [`history`] reads it, and what its newest commits did,
/// for the change feeds (worked out while story versions are read); none,
/// and the warning that says what was left out and why, when git cannot say.
pub(crate) fn history_and_changes(
    root: &std::path::Path,
) -> (
    crate::git::History,
    Vec<crate::changes::CommitChanges>,
    Option<LeftOut>,
) {
    let limit = crate::changes::FEED_LENGTH;
    let read =
        crate::git::history_with(root, |history| crate::changes::recent(root, history, limit));
    match read {
        Ok((history, Ok(changes))) => (history, changes, None),
        Ok((history, Err(why))) => {
            let left_out = LeftOut::new("no change feeds", "change feeds", why);
            (history, Vec::new(), Some(left_out))
        }
        Err(why) => {
            let what = "history, flow metrics and change feeds";
            let left_out = LeftOut::new("pages show no history", what, why);
            (Default::default(), Vec::new(), Some(left_out))
        }
    }
}

/// Something a command left out of its output, and why.
#[derive(Debug)]
pub(crate) struct LeftOut {
    /// The warning, as printed: "pages show no history: ...".
    pub warning: String,
    /// What was left out and why, for a summary line.
    pub summary: String,
}

impl LeftOut {
    fn new(warning: &str, what: &str, why: impl std::fmt::Display) -> LeftOut {
        LeftOut {
            warning: format!("{warning}: {why}"),
            summary: format!("{what} ({why})"),
        }
    }

    /// Prints the warning on standard error.
    pub(crate) fn warn(&self) {
        warn(&self.warning);
    }
}

/// Prints a warning on standard error.
fn warn(text: &str) {
    let warning = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Yellow.into()));
    let _ = writeln!(anstream::stderr(), "{warning}warning{warning:#}: {text}");
}

/// Writes generated text (a script, a man page) to standard output as it is;
/// a closed pipe (`rankdown man | head`) is not an error worth reporting.
fn print(bytes: &[u8]) {
    let _ = std::io::stdout().lock().write_all(bytes);
}
