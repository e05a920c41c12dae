//! One thin module per subcommand; each returns how the run went.

pub mod build;
pub mod check;
pub mod serve;

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
