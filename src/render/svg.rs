//! Inline SVG charts. Tera does not escape SVG built in Rust, so every piece
//! of backlog text goes through [`escape`] here.

use super::Inputs;
use crate::model::Pi;
use jiff::civil::Date;
use std::fmt::Write;

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Where the bars of the load chart start: team names go left of it.
const LABEL: i64 = 260;
const WIDTH: i64 = 1000;

/// Load against capacity per team and iteration of `pi`, as grouped bars.
pub(super) fn load_chart(input: &Inputs, pi: &Pi) -> String {
    let b = input.backlog;
    let teams: Vec<_> = b.teams.values().collect();
    if pi.iterations.is_empty() || teams.is_empty() {
        return String::new();
    }
    let group = 40 + 18 * teams.len() as i64;
    let height = 30 + group * pi.iterations.len() as i64;
    let max = teams
        .iter()
        .flat_map(|t| {
            pi.iterations.iter().map(move |it| {
                let capacity = t.capacity_in(it).unwrap_or(0);
                input
                    .load()
                    .get(&(t.id.as_str(), it.id.as_str()))
                    .copied()
                    .unwrap_or(0)
                    .max(capacity)
            })
        })
        .max()
        .unwrap_or(1)
        .max(1) as i64;
    let scale = |points: i64| (WIDTH - LABEL - 120) * points / max;
    let mut svg = format!(
        r#"<svg class="load-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="load-title-{id}"><title id="load-title-{id}">Planned points against capacity per team and iteration of {title}</title>"#,
        id = escape(pi.id.as_str()),
        title = escape(&pi.title)
    );
    for (g, it) in pi.iterations.iter().enumerate() {
        let y0 = 20 + group * g as i64;
        let _ = write!(
            svg,
            r#"<text class="iteration-label" x="4" y="{}">{}{}</text>"#,
            y0 + 12,
            escape(&it.id),
            if it.ip { " (IP: no stories)" } else { "" },
        );
        for (t, team) in teams.iter().enumerate() {
            let y = y0 + 20 + 18 * t as i64;
            let points = input
                .load()
                .get(&(team.id.as_str(), it.id.as_str()))
                .copied()
                .unwrap_or(0);
            let capacity = team.capacity_in(it);
            let over = capacity.is_some_and(|c| points > c);
            let _ = write!(
                svg,
                r#"<text class="team-label" x="20" y="{}">{}</text>"#,
                y + 10,
                escape(&team.title)
            );
            // Nothing planned is no bar at all, only the 0.
            if points > 0 {
                let _ = write!(
                    svg,
                    r#"<rect class="load{}" x="{LABEL}" y="{y}" width="{}" height="12"><title>{}: {points} of {} points</title></rect>"#,
                    if over { " over" } else { "" },
                    scale(points as i64),
                    escape(&team.title),
                    capacity.map_or("no set".to_string(), |c| c.to_string()),
                );
            }
            let value_x = LABEL + scale(points as i64) + 4;
            let _ = write!(
                svg,
                r#"<text class="value" x="{value_x}" y="{}">{points}</text>"#,
                y + 10
            );
            if let Some(capacity) = capacity {
                let cx = LABEL + scale(capacity as i64);
                // The capacity's number beside its tick, clear of the value.
                let label_x = (cx + 6).max(value_x + 28);
                let _ = write!(
                    svg,
                    r#"<line class="capacity" x1="{cx}" y1="{}" x2="{cx}" y2="{}"/><text class="capacity-label" x="{label_x}" y="{}">capacity {capacity}</text>"#,
                    y - 2,
                    y + 14,
                    y + 10
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// When a feature is planned: from the first to the last day of the
/// iterations its stories are planned into, else its PI's dates.
pub(super) fn feature_span(
    input: &Inputs,
    feature: &crate::model::Feature,
) -> Option<(Date, Date)> {
    let b = input.backlog;
    let planned: Vec<_> = input
        .by_feature()
        .get(feature.id.as_str())
        .into_iter()
        .flatten()
        .filter_map(|s| input.iterations().get(s.iteration.as_deref()?))
        .map(|(_, it)| it)
        .collect();
    let start = planned.iter().map(|it| it.start).min();
    let end = planned.iter().map(|it| it.end).max();
    if let (Some(start), Some(end)) = (start, end) {
        return Some((start, end));
    }
    let pi = feature.pi.as_deref().and_then(|p| b.pis.get(p))?;
    Some((pi.start?, pi.end?))
}

/// `text` cut to `max` characters, ending in `…` when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

pub(super) use crate::flow::days;

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
