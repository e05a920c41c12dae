//! Flow over time from git history: when stories started and finished, how
//! long they took, velocity, burn-up and cumulative flow. The definitions
//! are those of docs/metrics.md.

mod burn_up;
mod cumulative;
mod story;
mod timeline;
mod velocity;

pub use burn_up::{BurnDay, burn_up};
pub use cumulative::{FlowDay, cumulative_flow};
pub use story::StoryFlow;
pub use timeline::Timeline;
pub use velocity::{Velocity, velocity};

use jiff::civil::Date;

/// Calendar days from `from` to `to` (negative when `to` is earlier).
pub fn days(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| i64::from(span.get_days()))
}
