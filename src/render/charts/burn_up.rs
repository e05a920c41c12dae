//! A PI's burn-up: scope and done points as step lines over the PI's days,
//! with its iterations along the bottom and scope changes marked.

use super::{Plot, escape, points};
use crate::flow::{BurnDay, days};
use crate::model::Pi;
use std::fmt::Write;

/// The burn-up chart of `pi` over `burn` (its days so far); empty when
/// there is nothing to draw.
pub(in crate::render) fn burn_up_chart(pi: &Pi, burn: &[BurnDay]) -> String {
    let (Some(start), Some(end), Some(last)) = (pi.start, pi.end, burn.last()) else {
        return String::new();
    };
    let total = (days(start, end) + 1) as f64;
    let max = burn.iter().map(|d| d.scope.max(d.done)).max().unwrap_or(0);
    let plot = Plot::new(800.0, 300.0, max as f64);
    let title = format!(
        "Burn-up of {}: {} of {} points done on {}",
        pi.title, last.done, last.scope, last.date
    );
    let mut svg = plot.open("burn-up", &format!("burn-up-{}", pi.id), &title);
    plot.y_axis(&mut svg, "points");
    for it in &pi.iterations {
        let from = days(start, it.start) as f64;
        let to = (days(start, it.end) + 1) as f64;
        let (x, middle) = (plot.x(from, total), plot.x((from + to) / 2.0, total));
        let _ = write!(
            svg,
            r#"<line class="iteration-start" x1="{x:.1}" y1="{top}" x2="{x:.1}" y2="{bottom}"/><text class="axis iteration" x="{middle:.1}" y="{label}">{id}</text>"#,
            top = plot.top,
            bottom = plot.height - plot.bottom,
            label = plot.height - 8.0,
            id = escape(&it.id),
        );
    }
    let step_line = |value: fn(&BurnDay) -> i64| {
        points(burn.iter().enumerate().flat_map(|(i, day)| {
            let y = plot.y(value(day) as f64);
            [
                (plot.x(i as f64, total), y),
                (plot.x(i as f64 + 1.0, total), y),
            ]
        }))
    };
    let _ = write!(
        svg,
        r#"<polyline class="line scope" points="{}"/><polyline class="line done" points="{}"/>"#,
        step_line(|d| d.scope),
        step_line(|d| d.done),
    );
    for (i, day) in burn.iter().enumerate().filter(|(_, d)| d.scope_change != 0) {
        let _ = write!(
            svg,
            r#"<circle class="scope-change" cx="{x:.1}" cy="{y:.1}" r="5"><title>{date}: scope {change:+} points</title></circle>"#,
            x = plot.x(i as f64, total),
            y = plot.y(day.scope as f64),
            date = day.date,
            change = day.scope_change,
        );
    }
    svg.push_str("</svg>");
    svg
}
