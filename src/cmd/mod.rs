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
/// for the change feeds (worked out while story versions are read); none
/// and a warning when git cannot say.
pub(crate) fn history_and_changes(
    root: &std::path::Path,
) -> (crate::git::History, Vec<crate::changes::CommitChanges>) {
    let limit = crate::changes::FEED_LENGTH;
    let read =
        crate::git::history_with(root, |history| crate::changes::recent(root, history, limit));
    match read {
        Ok((history, Ok(changes))) => (history, changes),
        Ok((history, Err(why))) => {
            warn(&format!("no change feeds: {why}"));
            (history, Vec::new())
        }
        Err(why) => {
            warn(&format!("pages show no history: {why}"));
            Default::default()
        }
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
