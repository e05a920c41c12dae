//! A team's cumulative flow: its stories per status per day as stacked
//! bands, accepted at the bottom and backlog at the top.

use super::{Plot, escape, points};
use crate::flow::FlowDay;
use crate::model::StoryStatus;
use std::fmt::Write;

/// The cumulative-flow chart of the team `id` called `team` over `days`;
/// empty without days.
pub(in crate::render) fn flow_chart((id, team): (&str, &str), days: &[FlowDay]) -> String {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return String::new();
    };
    let total = |day: &FlowDay| day.counts.iter().sum::<u32>();
    let max = days.iter().map(total).max().unwrap_or(0);
    let plot = Plot::new(800.0, 300.0, f64::from(max));
    let title = format!(
        "Cumulative flow of {team}: stories per status each day from {} to {}",
        first.date, last.date
    );
    let mut svg = plot.open("cumulative-flow", &format!("flow-{id}"), &title);
    plot.y_axis(&mut svg, "stories");
    let n = days.len() as f64;
    // The height below each band's top, day by day, from the bottom band up.
    let mut below = vec![0u32; days.len()];
    for (column, status) in StoryStatus::ALL.iter().enumerate().rev() {
        let lower: Vec<(f64, f64)> = (below.iter().enumerate())
            .map(|(i, &h)| (plot.x(i as f64 + 0.5, n), plot.y(f64::from(h))))
            .collect();
        for (height, day) in below.iter_mut().zip(days) {
            *height += day.counts[column];
        }
        let upper = (below.iter().enumerate())
            .map(|(i, &h)| (plot.x(i as f64 + 0.5, n), plot.y(f64::from(h))));
        let outline = points(upper.chain(lower.into_iter().rev()));
        let _ = write!(
            svg,
            r#"<polygon class="band-{status}" points="{outline}"><title>{status}: {count} on {date}</title></polygon>"#,
            status = status.as_str(),
            count = last.counts[column],
            date = last.date,
        );
    }
    for (i, day) in days.iter().enumerate().filter(|(_, d)| d.date.day() == 1) {
        let _ = write!(
            svg,
            r#"<text class="axis" x="{x:.1}" y="{y}">{month}</text>"#,
            x = plot.x(i as f64 + 0.5, n),
            y = plot.height - 8.0,
            month = escape(&day.date.strftime("%b %Y").to_string()),
        );
    }
    svg.push_str("</svg>");
    svg
}
