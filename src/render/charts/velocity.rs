//! A team's velocity: planned and finished points per iteration as pairs
//! of bars, with the average of the last three finished iterations.

use super::{Plot, escape};
use std::fmt::Write;

/// One iteration's bars.
pub(in crate::render) struct Bars<'a> {
    pub(in crate::render) iteration: &'a str,
    pub(in crate::render) planned: u32,
    pub(in crate::render) finished: u32,
}

/// The velocity chart of the team `id` called `team`; `average` draws a
/// line; empty without iterations.
pub(in crate::render) fn velocity_chart(
    (id, team): (&str, &str),
    bars: &[Bars],
    average: Option<f64>,
) -> String {
    if bars.is_empty() {
        return String::new();
    }
    let max = bars
        .iter()
        .map(|b| b.planned.max(b.finished))
        .max()
        .unwrap_or(0);
    let plot = Plot::new(800.0, 260.0, f64::from(max));
    let title = format!("Velocity of {team}: planned and finished points per iteration");
    let mut svg = plot.open("velocity", &format!("velocity-{id}"), &title);
    plot.y_axis(&mut svg, "points");
    let groups = bars.len() as f64;
    let base = plot.y(0.0);
    for (i, bar) in bars.iter().enumerate() {
        let left = plot.x(i as f64 + 0.15, groups);
        let width = (plot.x(i as f64 + 0.85, groups) - left) / 2.0;
        for (n, (class, value)) in [("planned", bar.planned), ("finished", bar.finished)]
            .into_iter()
            .enumerate()
        {
            let x = left + width * n as f64;
            let y = plot.y(f64::from(value));
            let _ = write!(
                svg,
                r#"<rect class="bar-{class}" x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}"><title>{it}: {value} points {class}</title></rect><text class="axis value-label" x="{cx:.1}" y="{ty:.1}">{value}</text>"#,
                w = width - 2.0,
                h = base - y,
                it = escape(bar.iteration),
                cx = x + width / 2.0 - 1.0,
                ty = y - 4.0,
            );
        }
        let _ = write!(
            svg,
            r#"<text class="axis iteration" x="{x:.1}" y="{y}">{id}</text>"#,
            x = plot.x(i as f64 + 0.5, groups),
            y = plot.height - 8.0,
            id = escape(bar.iteration),
        );
    }
    if let Some(average) = average {
        let y = plot.y(average);
        let _ = write!(
            svg,
            r#"<line class="average" x1="{l}" y1="{y:.1}" x2="{r}" y2="{y:.1}"><title>average of the last three finished iterations: {average:.1} points</title></line>"#,
            l = plot.left,
            r = plot.width - plot.right,
        );
    }
    svg.push_str("</svg>");
    svg
}
