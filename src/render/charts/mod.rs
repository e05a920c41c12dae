//! SVG charts of flow over time: burn-up, velocity, cumulative flow and
//! cycle-time distribution. Every piece of backlog text in them goes
//! through [`escape`]: Tera does not escape SVG built in Rust.

mod burn_up;
mod cumulative;
mod cycle;
mod velocity;

pub(super) use burn_up::burn_up_chart;
pub(super) use cumulative::flow_chart;
pub(super) use cycle::{CycleRow, cycle_chart};
pub(super) use velocity::{Bars, velocity_chart};

use super::escape;
use std::fmt::Write;

/// The drawing area of a chart inside its view box, with room around it
/// for the axes' labels.
struct Plot {
    width: f64,
    height: f64,
    left: f64,
    top: f64,
    bottom: f64,
    right: f64,
    /// The value at the top of the y axis.
    max: f64,
}

impl Plot {
    /// A plot `width` by `height` whose y axis runs from 0 to a round
    /// number at or above `max`.
    fn new(width: f64, height: f64, max: f64) -> Plot {
        Plot {
            width,
            height,
            left: 48.0,
            top: 26.0,
            bottom: 28.0,
            right: 12.0,
            max: round_up(max),
        }
    }

    /// The x of `at` out of `of` steps across the plot.
    fn x(&self, at: f64, of: f64) -> f64 {
        self.left + (self.width - self.left - self.right) * at / of.max(1.0)
    }

    /// The y of `value`.
    fn y(&self, value: f64) -> f64 {
        let inner = self.height - self.top - self.bottom;
        self.top + inner * (1.0 - value / self.max)
    }

    /// The opening tag, with `title` (escaped here) as the accessible name;
    /// `id` names the title element, made a valid id here.
    fn open(&self, class: &str, id: &str, title: &str) -> String {
        let id: String = (id.chars())
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!(
            r#"<svg class="{class}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{id}"><title id="{id}">{title}</title>"#,
            w = self.width,
            h = self.height,
            title = escape(title),
        )
    }

    /// Horizontal grid lines with their values at 0, half and the top.
    fn y_axis(&self, svg: &mut String, unit: &str) {
        for value in [0.0, self.max / 2.0, self.max] {
            let y = self.y(value);
            let _ = write!(
                svg,
                r#"<line class="grid" x1="{l}" y1="{y:.1}" x2="{r}" y2="{y:.1}"/><text class="axis" x="{tx}" y="{ty:.1}">{value}</text>"#,
                l = self.left,
                r = self.width - self.right,
                tx = self.left - 6.0,
                ty = y + 4.0,
            );
        }
        let _ = write!(
            svg,
            r#"<text class="axis unit" x="4" y="12">{}</text>"#,
            escape(unit)
        );
    }
}

/// The smallest of 1, 2, 4, 5, 10, 20, 40, 50… at or above `value` and 1,
/// so the half-way grid line is a whole number too.
fn round_up(value: f64) -> f64 {
    let mut step = 1.0;
    loop {
        for factor in [1.0, 2.0, 4.0, 5.0] {
            if step * factor >= value {
                return step * factor;
            }
        }
        step *= 10.0;
    }
}

/// Points `(x, y)` as the `points` attribute of a polyline or polygon.
fn points(coords: impl Iterator<Item = (f64, f64)>) -> String {
    let mut out = String::new();
    for (x, y) in coords {
        let _ = write!(out, "{x:.1},{y:.1} ");
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::round_up;

    #[test]
    fn axes_end_on_round_numbers() {
        assert_eq!(
            [0.0, 1.0, 3.0, 7.0, 41.0, 120.0].map(round_up),
            [1.0, 1.0, 4.0, 10.0, 50.0, 200.0]
        );
    }
}
