//! Dates as real files write them, made ISO 8601.

use jiff::civil::{Date, DateTime};

/// `written` as an ISO date (`2025-06-09`) or date and time
/// (`2025-06-09T14:22:00`), from the formats found in backlogs; `None` when
/// it is none of them.
pub(super) fn iso(written: &str) -> Option<String> {
    let written = written.trim();
    const DATE_TIMES: [&str; 4] = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ];
    const DATES: [&str; 5] = ["%Y-%m-%d", "%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y"];
    let four_digit_year = |dt: &DateTime| dt.year() >= 1000;
    if let Some(date_time) = DATE_TIMES
        .iter()
        .filter_map(|f| DateTime::strptime(f, written).ok())
        .find(four_digit_year)
    {
        return Some(date_time.to_string());
    }
    // Jira's CSV export: `09/Jun/25 2:22 PM`.
    if let Ok(date_time) = DateTime::strptime("%d/%b/%y %I:%M %p", written) {
        return Some(date_time.to_string());
    }
    if let Ok(timestamp) = written.parse::<jiff::Timestamp>() {
        return Some(timestamp.to_string());
    }
    // Backlog.md's older files write `DD-MM-YY`.
    let short = written.len() == 8
        && written
            .split('-')
            .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
    if short {
        let full = format!("{}-{}-20{}", &written[..2], &written[3..5], &written[6..]);
        return Date::strptime("%d-%m-%Y", &full)
            .ok()
            .map(|d| d.to_string());
    }
    DATES
        .iter()
        .filter_map(|f| Date::strptime(f, written).ok())
        .find(|d| d.year() >= 1000)
        .map(|d| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::iso;

    #[test]
    fn the_formats_found_in_backlogs_read() {
        assert_eq!(iso("2025-06-09").as_deref(), Some("2025-06-09"));
        assert_eq!(
            iso(" 2025-06-09 14:22 ").as_deref(),
            Some("2025-06-09T14:22:00")
        );
        assert_eq!(iso("June 9, 2025").as_deref(), Some("2025-06-09"));
        assert_eq!(iso("2025/06/09").as_deref(), Some("2025-06-09"));
        assert_eq!(
            iso("2025-06-09T14:22:05Z").as_deref(),
            Some("2025-06-09T14:22:05Z")
        );
        assert_eq!(iso("02-06-25").as_deref(), Some("2025-06-02"));
        assert_eq!(
            iso("09/Jun/25 2:22 PM").as_deref(),
            Some("2025-06-09T14:22:00")
        );
        assert_eq!(iso("25-6-2"), None);
        assert_eq!(iso("next Tuesday"), None);
    }
}
