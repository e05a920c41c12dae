//! Inline SVG charts. Tera does not escape SVG built in Rust, so every piece
//! of backlog text goes through [`escape`] here.

use super::Inputs;
use super::links::Links;
use crate::model::{Kind, Pi};
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

const ROW: i64 = 26;
/// How many characters of a feature's label fit left of the bars.
const LABEL_CHARS: usize = 38;
const LABEL: i64 = 260;
const WIDTH: i64 = 1000;

/// Features across PIs: one bar per feature over its PI's dates, coloured by
/// status (CSS classes), with today marked. No script needed.
pub fn roadmap(input: &Inputs, links: &Links) -> String {
    let b = input.backlog;
    let pis: Vec<&Pi> = b
        .pis
        .values()
        .filter(|p| p.start.is_some() && p.end.is_some())
        .collect();
    let (Some(first), Some(last)) = (
        pis.iter().filter_map(|p| p.start).min(),
        pis.iter().filter_map(|p| p.end).max(),
    ) else {
        return String::new();
    };
    let span = days(first, last).max(1);
    let x = |d: Date| LABEL + (WIDTH - LABEL) * days(first, d).clamp(0, span) / span;
    let features: Vec<_> = b.features.values().collect();
    let height = 40 + ROW * features.len() as i64 + 10;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="roadmap" viewBox="0 0 {WIDTH} {height}" role="group" aria-labelledby="roadmap-title"><title id="roadmap-title">Roadmap: {} features across {} PIs</title>"#,
        features.len(),
        pis.len()
    );
    for pi in &pis {
        let (x0, x1) = (x(pi.start.unwrap_or(first)), x(pi.end.unwrap_or(last)));
        let _ = write!(
            svg,
            r#"<a href="{}"><rect class="pi-band" x="{x0}" y="0" width="{}" height="{height}"/><text class="pi-label" x="{}" y="18">{}</text></a>"#,
            escape(&links.item(Kind::Pi, pi.id.as_str())),
            x1 - x0,
            x0 + 6,
            escape(&pi.title)
        );
        for it in pi.iterations.iter().skip(1) {
            let ix = x(it.start);
            let _ = write!(
                svg,
                r#"<line class="iteration-tick" x1="{ix}" y1="24" x2="{ix}" y2="{height}"><title>{}</title></line>"#,
                escape(&it.id)
            );
        }
    }
    for (i, feature) in features.iter().enumerate() {
        let y = 40 + ROW * i as i64;
        let url = escape(&links.item(Kind::Feature, feature.id.as_str()));
        let full = format!("{} {}", feature.id, feature.title);
        let label = escape(&full);
        let _ = write!(
            svg,
            r#"<a href="{url}"><title>{label}</title><text class="feature-label" x="4" y="{}">{}</text>"#,
            y + 16,
            escape(&shorten(&full, LABEL_CHARS))
        );
        if let Some((start, end)) = feature_span(input, feature) {
            let (x0, x1) = (x(start), x(end));
            let _ = write!(
                svg,
                r#"<rect class="bar status-{}" x="{}" y="{}" width="{}" height="{}" rx="3"><title>{label}: {}</title></rect>"#,
                feature.status.as_str(),
                x0 + 2,
                y + 3,
                (x1 - x0 - 4).max(2),
                ROW - 8,
                feature.status.as_str()
            );
        }
        svg.push_str("</a>");
    }
    if (first..=last).contains(&input.today) {
        let tx = x(input.today);
        let _ = write!(
            svg,
            r#"<line class="today" x1="{tx}" y1="24" x2="{tx}" y2="{height}"/><text class="today-label" x="{}" y="34">today {}</text>"#,
            tx + 3,
            input.today
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Load against capacity per team and iteration of `pi`, as grouped bars.
pub fn load_chart(input: &Inputs, pi: &Pi) -> String {
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
            let capacity = t.capacity.unwrap_or(0);
            pi.iterations.iter().map(move |it| {
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
    let scale = |points: i64| (WIDTH - LABEL - 60) * points / max;
    let mut svg = format!(
        r#"<svg class="load-chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="load-title-{id}"><title id="load-title-{id}">Planned points against capacity per team and iteration of {title}</title>"#,
        id = escape(pi.id.as_str()),
        title = escape(&pi.title)
    );
    for (g, it) in pi.iterations.iter().enumerate() {
        let y0 = 20 + group * g as i64;
        let _ = write!(
            svg,
            r#"<text class="iteration-label" x="4" y="{}">{}</text>"#,
            y0 + 12,
            escape(&it.id)
        );
        for (t, team) in teams.iter().enumerate() {
            let y = y0 + 20 + 18 * t as i64;
            let points = input
                .load()
                .get(&(team.id.as_str(), it.id.as_str()))
                .copied()
                .unwrap_or(0);
            let over = team.capacity.is_some_and(|c| points > c);
            let _ = write!(
                svg,
                r#"<text class="team-label" x="20" y="{}">{}</text><rect class="load{}" x="{LABEL}" y="{}" width="{}" height="12"><title>{}: {points} of {} points</title></rect><text class="value" x="{}" y="{}">{points}</text>"#,
                y + 10,
                escape(&team.title),
                if over { " over" } else { "" },
                y,
                scale(points as i64).max(1),
                escape(&team.title),
                team.capacity
                    .map_or("no set".to_string(), |c| c.to_string()),
                LABEL + scale(points as i64) + 4,
                y + 10
            );
            if let Some(capacity) = team.capacity {
                let cx = LABEL + scale(capacity as i64);
                let _ = write!(
                    svg,
                    r#"<line class="capacity" x1="{cx}" y1="{}" x2="{cx}" y2="{}"/>"#,
                    y - 2,
                    y + 14
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// When a feature is planned: from the first to the last day of the
/// iterations its stories are planned into, else its PI's dates.
fn feature_span(input: &Inputs, feature: &crate::model::Feature) -> Option<(Date, Date)> {
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
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

fn days(from: Date, to: Date) -> i64 {
    from.until(to).map_or(0, |span| span.get_days() as i64)
}

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
