//! The roadmap: features in program-backlog order across the PIs, each bar
//! filled by its accepted share, under a time axis of PIs and iterations.
//!
//! Two SVGs side by side: the feature names stay put while the timeline
//! scrolls sideways on a phone. Tera does not escape SVG built in Rust, so
//! every piece of backlog text goes through [`escape`].

use super::Inputs;
use super::links::Links;
use super::svg::{days, escape, shorten};
use crate::model::{Backlog, Feature, Kind, Pi, progress};
use jiff::civil::Date;
use serde::Serialize;
use std::fmt::Write;

/// Height of one feature's row.
const ROW: i64 = 26;
/// Where the first row starts: below the PI and iteration labels.
const TOP: i64 = 44;
/// Width of the label column.
const LABEL_WIDTH: i64 = 260;
/// How many characters of a feature's label fit in its column.
const LABEL_CHARS: usize = 38;
/// Width of the timeline. Both SVGs are drawn at one unit to the pixel,
/// so that their rows line up at any screen width.
const WIDTH: i64 = 900;

/// The roadmap as the template shows it.
#[derive(Serialize)]
pub(super) struct Roadmap {
    /// The feature names, one per row, linked.
    labels: String,
    /// The timeline: PIs, iterations, bars and today.
    timeline: String,
    /// Where today is across the timeline (0 to 1), if within it: a phone
    /// scrolls it into view.
    today: Option<f64>,
    /// How many features have no dates to show.
    unplanned: usize,
    /// The PIs' milestones in date order, which the timeline marks.
    milestones: Vec<MilestoneLine>,
}

/// A milestone under the roadmap.
#[derive(Serialize)]
struct MilestoneLine {
    /// `YYYY-MM-DD`.
    date: String,
    title: String,
    /// The title of its PI.
    pi: String,
}

/// The roadmap of the backlog, or `None` when no PI has dates.
pub(super) fn roadmap(input: &Inputs, links: &Links) -> Option<Roadmap> {
    let b = input.backlog;
    let pis: Vec<&Pi> = b
        .pis
        .values()
        .filter(|p| p.start.is_some() && p.end.is_some())
        .collect();
    let first = pis.iter().filter_map(|p| p.start).min()?;
    let last = pis.iter().filter_map(|p| p.end).max()?;
    let axis = Axis {
        first,
        span: days(first, last).max(1),
    };
    let features = in_roadmap_order(b);
    let height = TOP + ROW * features.len() as i64 + 22;
    let mut timeline = format!(
        r#"<svg class="roadmap-timeline" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="roadmap-title"><title id="roadmap-title">Timeline of {} features across {} PIs</title>"#,
        features.len(),
        pis.len()
    );
    for pi in &pis {
        draw_pi(&mut timeline, pi, &axis, height, links);
    }
    let mut unplanned = 0;
    for (row, feature) in features.iter().enumerate() {
        let y = TOP + ROW * row as i64;
        match draw_bar(&mut timeline, input, feature, &axis, y) {
            true => {}
            false => unplanned += 1,
        }
    }
    let today = (first..=last).contains(&input.today).then(|| {
        let tx = axis.x(input.today);
        let _ = write!(
            timeline,
            r#"<line class="today" x1="{tx}" y1="24" x2="{tx}" y2="{}"/><text class="today-label" x="{tx}" y="{}">today {}</text>"#,
            height - 18,
            height - 4,
            input.today
        );
        tx as f64 / WIDTH as f64
    });
    timeline.push_str("</svg>");
    let mut milestones: Vec<(&crate::model::Milestone, &Pi)> = (pis.iter())
        .flat_map(|pi| pi.milestones.iter().map(move |m| (m, *pi)))
        .collect();
    milestones.sort_by_key(|(m, pi)| (m.date, pi.id.as_str(), m.index));
    Some(Roadmap {
        labels: labels(&features, height, links),
        timeline,
        today,
        unplanned,
        milestones: (milestones.into_iter())
            .map(|(m, pi)| MilestoneLine {
                date: m.date.to_string(),
                title: m.title.clone(),
                pi: pi.title.clone(),
            })
            .collect(),
    })
}

/// Features in the program backlog's order, then the others by id
/// (`F-2` before `F-10`).
fn in_roadmap_order(b: &Backlog) -> Vec<&Feature> {
    let listed = b.program_backlog();
    let mut rest: Vec<&Feature> = b
        .features
        .values()
        .filter(|f| !listed.iter().any(|l| l.id == f.id))
        .collect();
    rest.sort_by_cached_key(|f| natural_key(f.id.as_str()));
    let mut seen = std::collections::HashSet::new();
    listed
        .into_iter()
        .chain(rest)
        .filter(|f| seen.insert(f.id.as_str()))
        .collect()
}

/// `id` as runs of text and numbers, so that numbers sort by value.
pub(super) fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut key = Vec::new();
    let mut rest = id;
    while !rest.is_empty() {
        let text_end = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (text, after) = rest.split_at(text_end);
        let digits_end = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let (digits, next) = after.split_at(digits_end);
        key.push((text.to_string(), digits.parse().unwrap_or(u64::MAX)));
        rest = next;
    }
    key
}

/// Days mapped onto the timeline's width.
struct Axis {
    first: Date,
    span: i64,
}

impl Axis {
    fn x(&self, day: Date) -> i64 {
        WIDTH * days(self.first, day).clamp(0, self.span) / self.span
    }
}

/// A PI's band and title, and its iterations' lines and names.
fn draw_pi(svg: &mut String, pi: &Pi, axis: &Axis, height: i64, links: &Links) {
    let (Some(start), Some(end)) = (pi.start, pi.end) else {
        return;
    };
    let (x0, x1) = (axis.x(start), axis.x(end));
    let _ = write!(
        svg,
        r#"<a href="{}"><rect class="pi-band" x="{x0}" y="0" width="{}" height="{}"/><text class="pi-label" x="{}" y="16">{}</text></a>"#,
        escape(&links.item(Kind::Pi, pi.id.as_str())),
        x1 - x0,
        height - 20,
        x0 + 6,
        escape(&pi.title)
    );
    for (i, it) in pi.iterations.iter().enumerate() {
        let ix = axis.x(it.start);
        if i > 0 {
            let _ = write!(
                svg,
                r#"<line class="iteration-tick" x1="{ix}" y1="22" x2="{ix}" y2="{}"/>"#,
                height - 20
            );
        }
        let _ = write!(
            svg,
            r#"<text class="iteration-label" x="{}" y="36">{}</text>"#,
            ix + 4,
            escape(&it.id)
        );
    }
    for m in &pi.milestones {
        let mx = axis.x(m.date);
        let _ = write!(
            svg,
            r#"<g class="milestone"><title>{} {}</title><line class="milestone-line" x1="{mx}" y1="{TOP}" x2="{mx}" y2="{}"/><path class="milestone-mark" d="M{mx} {} l6 6 l-6 6 l-6 -6 z"/></g>"#,
            m.date,
            escape(&m.title),
            height - 20,
            TOP - 6,
        );
    }
}

/// A feature's bar, filled by its accepted share; `false` (and a note in
/// its row) when it has no dates to show.
fn draw_bar(svg: &mut String, input: &Inputs, feature: &Feature, axis: &Axis, y: i64) -> bool {
    let name = escape(&format!("{} {}", feature.id, feature.title));
    let Some((start, end)) = super::svg::feature_span(input, feature) else {
        let _ = write!(
            svg,
            r#"<text class="unplanned" x="6" y="{}">{} · not planned</text>"#,
            y + 17,
            escape(feature.id.as_str())
        );
        return false;
    };
    let stories = input
        .by_feature()
        .get(feature.id.as_str())
        .map_or(&[][..], Vec::as_slice);
    let done = progress(stories);
    let (x0, x1) = (axis.x(start) + 2, axis.x(end) - 2);
    let width = (x1 - x0).max(2);
    let filled = match done.total {
        0 => 0,
        total => width * i64::from(done.accepted) / i64::from(total),
    };
    let _ = write!(
        svg,
        r#"<g><title>{name}: {}, {} of {} points accepted</title><rect class="bar status-{}" x="{x0}" y="{}" width="{width}" height="{}" rx="3"/>"#,
        feature.status.as_str(),
        done.accepted,
        done.total,
        feature.status.as_str(),
        y + 3,
        ROW - 8,
    );
    if filled > 0 {
        let _ = write!(
            svg,
            r#"<rect class="bar-accepted" x="{x0}" y="{}" width="{filled}" height="4" rx="2"/>"#,
            y + ROW - 9,
        );
    }
    svg.push_str("</g>");
    true
}

/// The column of feature names, row by row with the timeline.
fn labels(features: &[&Feature], height: i64, links: &Links) -> String {
    let mut svg = format!(
        r#"<svg class="roadmap-labels" width="{LABEL_WIDTH}" height="{height}" viewBox="0 0 {LABEL_WIDTH} {height}" preserveAspectRatio="xMinYMin slice" role="group" aria-label="Features"><text class="axis-label" x="4" y="16">PI</text><text class="axis-label" x="4" y="36">Iteration</text>"#
    );
    for (row, feature) in features.iter().enumerate() {
        let full = format!("{} {}", feature.id, feature.title);
        let _ = write!(
            svg,
            r#"<a href="{}"><title>{}</title><text class="feature-label" x="4" y="{}">{}</text></a>"#,
            escape(&links.item(Kind::Feature, feature.id.as_str())),
            escape(&full),
            TOP + ROW * row as i64 + 17,
            escape(&shorten(&full, LABEL_CHARS))
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::natural_key;

    #[test]
    fn numbers_in_ids_sort_by_value() {
        let mut ids = ["F-10", "F-2", "F-1", "F-11", "E-3", "F-2a"];
        ids.sort_by_key(|id| natural_key(id));
        assert_eq!(ids, ["E-3", "F-1", "F-2", "F-2a", "F-10", "F-11"]);
    }
}
