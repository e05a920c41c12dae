//! Cycle-time distribution: per team, one dot per finished story on a
//! shared scale of days, with its 50th, 85th and 95th percentiles marked.

use super::{escape, round_up};
use std::fmt::Write;

/// One team's row of the chart.
pub(in crate::render) struct CycleRow<'a> {
    pub(in crate::render) team: &'a str,
    /// Its stories' cycle times in days, sorted.
    pub(in crate::render) days: &'a [i64],
    /// The 50th, 85th and 95th percentiles.
    pub(in crate::render) percentiles: [i64; 3],
}

const WIDTH: f64 = 800.0;
const LEFT: f64 = 180.0;
const RIGHT: f64 = 20.0;
const ROW: f64 = 44.0;

/// The distribution chart of `rows`; empty without rows.
pub(in crate::render) fn cycle_chart(rows: &[CycleRow]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let longest = rows
        .iter()
        .flat_map(|r| r.days.last())
        .max()
        .copied()
        .unwrap_or(0);
    let max = round_up(longest as f64);
    let x = |days: i64| LEFT + (WIDTH - LEFT - RIGHT) * days as f64 / max;
    let height = 40.0 + ROW * rows.len() as f64;
    let mut svg = format!(
        r#"<svg class="cycle-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="cycle-title"><title id="cycle-title">Cycle time in calendar days per team: one dot per finished story, with the 50th, 85th and 95th percentiles marked</title>"#
    );
    for value in [0, max as i64 / 2, max as i64] {
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{x:.1}" y1="8" x2="{x:.1}" y2="{bottom}"/><text class="axis" x="{x:.1}" y="{label}">{value} d</text>"#,
            x = x(value),
            bottom = height - 28.0,
            label = height - 10.0,
        );
    }
    for (r, row) in rows.iter().enumerate() {
        let y = 30.0 + ROW * r as f64;
        let _ = write!(
            svg,
            r#"<text class="team-label" x="4" y="{ty:.1}">{team}</text>"#,
            ty = y + 4.0,
            team = escape(&super::super::svg::shorten(row.team, 24)),
        );
        for &days in row.days {
            let _ = write!(
                svg,
                r#"<circle class="dot" cx="{:.1}" cy="{y:.1}" r="4"/>"#,
                x(days)
            );
        }
        // Each mark shorter than the one before, so equal ones all show.
        for (k, (p, days)) in ["50th", "85th", "95th"]
            .iter()
            .zip(row.percentiles)
            .enumerate()
        {
            let reach = 16.0 - 4.0 * k as f64;
            let _ = write!(
                svg,
                r#"<line class="percentile p{n}" x1="{x:.1}" y1="{top:.1}" x2="{x:.1}" y2="{bottom:.1}"><title>{team}: {p} percentile {days} days</title></line>"#,
                n = &p[..2],
                x = x(days),
                top = y - reach,
                bottom = y + reach,
                team = escape(row.team),
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
