//! New and changed files of a backlog root: the text of a whole starter
//! backlog for `init` and of one item of any kind for `new`, and writing
//! them (and `fix`'s changes) safely inside the root. Templates are
//! Markdown and YAML files beside this module, with `{{NAME}}` slots filled
//! with YAML-quoted values.

mod next_id;
mod rewrite;
mod starter;
mod write;

pub use next_id::{next_id, usual_prefix};
pub use rewrite::{Change, replace_all};
pub use starter::{Ci, ROLES, Starter, ci_workflow, title_of};
pub use write::{Written, write_new};

use crate::model::StoryType;
use jiff::ToSpan;
use jiff::civil::Date;

/// `template` with each `{{NAME}}` slot replaced by its value.
fn fill(template: &str, slots: &[(&str, &str)]) -> String {
    slots
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{{{name}}}}}"), value)
        })
}

/// The prefix of a team's story ids when none is in use yet: its id in
/// capitals, letters and digits only (`web-shop` → `WEBSHOP`).
pub fn prefix_of(team: &str) -> String {
    let prefix: String = team.chars().filter(char::is_ascii_alphanumeric).collect();
    prefix.to_ascii_uppercase()
}

/// `text` as one YAML scalar: plain when YAML reads it back as the same
/// string, quoted otherwise (`true`, `1.0`, `a: b`, a leading `@`).
pub fn scalar(text: &str) -> String {
    let line = text.replace(['\n', '\r'], " ");
    let yaml = serde_yaml::to_string(&line).unwrap_or_else(|_| format!("{line:?}"));
    yaml.trim_end().to_string()
}

/// A PI's `iterations:` entries, one per line in braces, and its last day:
/// `count` iterations of `days` days each from `start`, named `PI-ID.1`, ...
pub fn iterations(pi: &str, start: Date, count: i64, days: i64) -> (String, Date) {
    let day = |n: i64| start.checked_add(n.days()).unwrap_or(start);
    let lines: Vec<String> = (0..count)
        .map(|i| {
            let id = scalar(&format!("{pi}.{}", i + 1));
            let (first, last) = (day(i * days), day(i * days + days - 1));
            format!("  - {{id: {id}, start: {first}, end: {last}}}")
        })
        .collect();
    (lines.join("\n"), day(count * days - 1))
}

/// A new story, enabler, defect or spike in `backlog` status, with a body
/// that says what to write and one criterion to replace.
pub fn story(kind: StoryType, title: &str, team: &str, feature: Option<&str>) -> String {
    let body = match kind {
        StoryType::Story => "As a <who>, I want <what>, so that <why>.",
        StoryType::Enabler => "What technical work this is, and what it makes possible.",
        StoryType::Defect => "What happens, what should happen instead, and how to make it happen.",
        StoryType::Spike => "The question this spike answers, and how long it may take.",
    };
    let feature = feature.map_or(String::new(), |f| format!("feature: {}\n", scalar(f)));
    fill(
        include_str!("items/story.md"),
        &[
            ("TITLE", &scalar(title)),
            ("TYPE", kind.as_str()),
            ("TEAM", &scalar(team)),
            ("FEATURE", &feature),
            ("BODY", body),
            ("NOUN", kind.as_str()),
        ],
    )
}

/// A new feature in the funnel.
pub fn feature(title: &str) -> String {
    fill(
        include_str!("items/feature.md"),
        &[("TITLE", &scalar(title))],
    )
}

/// A new team with an empty backlog.
pub fn team(title: &str) -> String {
    fill(include_str!("items/team.md"), &[("TITLE", &scalar(title))])
}

/// A new PI `id` from `start`, with `count` iterations of `days` days.
pub fn pi(id: &str, title: &str, start: Date, count: i64, days: i64) -> String {
    let (lines, end) = iterations(id, start, count, days);
    fill(
        include_str!("items/pi.md"),
        &[
            ("TITLE", &scalar(title)),
            ("PI_START", &start.to_string()),
            ("PI_END", &end.to_string()),
            ("ITERATIONS", &lines),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_that_yaml_would_misread_are_quoted() {
        assert_eq!(scalar("Checkout"), "Checkout");
        assert_eq!(scalar("true"), "'true'");
        assert_eq!(scalar("Pay: now"), "'Pay: now'");
        assert_eq!(scalar("@ana"), "'@ana'");
        assert_eq!(scalar("two\nlines"), "two lines");
    }

    #[test]
    fn iterations_follow_each_other_without_overlap() {
        let start = Date::constant(2026, 12, 3);
        let (lines, end) = iterations("PI-1", start, 2, 14);
        assert_eq!(
            lines,
            "  - {id: PI-1.1, start: 2026-12-03, end: 2026-12-16}\n  - {id: PI-1.2, start: 2026-12-17, end: 2026-12-30}"
        );
        assert_eq!(end, Date::constant(2026, 12, 30));
    }
}
