//! What story and feature pages share: the body, the acceptance criteria
//! and the file's history.

use crate::model::{Criteria, Scenario};
use crate::render::Inputs;
use serde::Serialize;

/// One field of an item's `extra:` (what rankdown does not read, such as
/// an imported assignee or date), shown as text.
#[derive(Serialize)]
pub(super) struct ExtraField {
    name: String,
    value: String,
}

/// The fields under `extra:` with a value to show: a scalar, or a list
/// of scalars (joined with commas); nested values are left out.
pub(super) fn extra_fields(extra: &serde_yaml::Mapping) -> Vec<ExtraField> {
    fn scalar(value: &serde_yaml::Value) -> Option<String> {
        match value {
            serde_yaml::Value::String(s) => Some(s.clone()),
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    extra
        .iter()
        .filter_map(|(name, value)| {
            let value = match value {
                serde_yaml::Value::Sequence(items) => {
                    let items: Option<Vec<String>> = items.iter().map(scalar).collect();
                    items?.join(", ")
                }
                other => scalar(other)?,
            };
            let name = scalar(name)?.replace('_', " ");
            (!value.is_empty()).then_some(ExtraField { name, value })
        })
        .collect()
}

/// The body without its acceptance criteria section, as safe HTML.
pub(super) fn body_html(input: &Inputs, markdown: &str, criteria: &Criteria) -> String {
    match &criteria.section {
        Some(section) => input.markdown.html(&format!(
            "{}\n\n{}",
            &markdown[..section.start],
            &markdown[section.end..]
        )),
        None => input.markdown.html(markdown),
    }
}

/// Whether a criteria section holds nothing but task items of plain words
/// (and Gherkin): then the checklist shows all of it, and rendering its
/// Markdown, for every story of a large backlog, can be spared.
fn only_plain_tasks(section: &str) -> bool {
    let mut in_fence = false;
    section.lines().all(|line| {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            return true;
        }
        let task = ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] ", "* [X] "]
            .iter()
            .find_map(|marker| line.strip_prefix(marker));
        let plain = |text: &str| !text.contains(['*', '_', '`', '[', '<', '&', '\\', '!', '~']);
        in_fence || line.is_empty() || task.is_some_and(plain)
    })
}

/// An item's acceptance criteria (`_criteria.html` gets it as `criteria`).
#[derive(Serialize)]
pub(super) struct CriteriaView<'a> {
    /// The section as written, as safe HTML, Gherkin left out; empty when
    /// it holds only plain tasks (then `tasks` shows all of it).
    html: String,
    tasks: Vec<Task<'a>>,
    scenarios: Vec<ScenarioView<'a>>,
    /// Tasks ticked, of `total`.
    met: usize,
    total: usize,
}

/// A task of the criteria checklist.
#[derive(Serialize)]
struct Task<'a> {
    text: &'a str,
    checked: bool,
}

/// A Gherkin scenario of the criteria.
#[derive(Serialize)]
struct ScenarioView<'a> {
    name: &'a str,
    steps: Vec<Step<'a>>,
    /// The Examples table, its first row the header; empty without one.
    examples: &'a [Vec<String>],
}

/// A step of a scenario: `Given`, `When`, `Then`, `And`... as written.
#[derive(Serialize)]
struct Step<'a> {
    keyword: &'a str,
    text: &'a str,
}

impl<'a> CriteriaView<'a> {
    /// The criteria of an item whose body is `body`.
    pub(super) fn of(criteria: &'a Criteria, body: &str) -> CriteriaView<'a> {
        let text = criteria.section.as_ref().and_then(|section| {
            let section = body.get(section.clone())?;
            // The section's own heading is the page's.
            Some(section.split_once('\n').map_or("", |(_, rest)| rest))
        });
        let html = text
            .filter(|text| !only_plain_tasks(text))
            .map(crate::render::markdown::criteria_html)
            .unwrap_or_default();
        let scenarios = criteria.gherkin.iter().flat_map(|b| &b.scenarios);
        CriteriaView {
            html: html.trim().to_string(),
            tasks: (criteria.tasks.iter())
                .map(|t| Task {
                    text: &t.text,
                    checked: t.checked,
                })
                .collect(),
            scenarios: scenarios.map(ScenarioView::of).collect(),
            met: super::criteria_met(criteria),
            total: criteria.tasks.len(),
        }
    }
}

impl<'a> ScenarioView<'a> {
    fn of(scenario: &'a Scenario) -> ScenarioView<'a> {
        ScenarioView {
            name: &scenario.name,
            steps: (scenario.steps.iter())
                .map(|(keyword, text)| Step { keyword, text })
                .collect(),
            examples: &scenario.examples,
        }
    }
}

/// How many of a file's commits its page lists; older ones are counted.
const HISTORY_SHOWN: usize = 30;

/// A file's history (`_history.html` reads it as `page.history`).
#[derive(Serialize)]
pub(super) struct History<'a> {
    /// The commit that created the file.
    created: Commit<'a>,
    /// The newest commit that changed it.
    changed: Commit<'a>,
    /// Its newest commits, newest first, up to 30.
    changes: Vec<Commit<'a>>,
    /// How many older commits are not listed.
    older: usize,
}

/// A commit that changed a file.
#[derive(Serialize)]
struct Commit<'a> {
    /// The abbreviated hash.
    commit: &'a str,
    /// When it was authored (ISO 8601 with the author's offset).
    time: &'a str,
    /// The day it was authored, `YYYY-MM-DD`.
    date: &'a str,
    author: &'a str,
    /// The first line of its message.
    subject: &'a str,
}

impl<'a> History<'a> {
    /// The history of the file at `path`; none outside git.
    pub(super) fn of(input: &Inputs<'a>, path: &str) -> Option<History<'a>> {
        let changes = input.history.of(path);
        let commit = |c: &'a crate::git::Change| Commit {
            commit: c.short(),
            time: &c.time,
            date: c.date(),
            author: &c.author,
            subject: &c.subject,
        };
        Some(History {
            created: commit(changes.last()?),
            changed: commit(changes.first()?),
            changes: changes.iter().take(HISTORY_SHOWN).map(commit).collect(),
            older: changes.len().saturating_sub(HISTORY_SHOWN),
        })
    }
}
