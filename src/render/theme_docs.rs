//! docs/themes.md names every field a template receives: checked against
//! the models of the example backlog's pages.

use super::{Inputs, Job, Options, markdown::Markdown, other_jobs, pages};
use std::collections::BTreeSet;
use std::path::Path;

/// The names of a value's fields at any depth, each with its depth.
fn field_names(value: &tera::Value, depth: usize, names: &mut BTreeSet<(usize, String)>) {
    if let Some(map) = value.as_map() {
        for (key, inner) in map {
            names.insert((depth, key.to_string()));
            field_names(inner, depth + 1, names);
        }
    } else if let Some(items) = value.as_array() {
        for inner in items {
            field_names(inner, depth, names);
        }
    }
}

/// The part of the docs under the heading that names `template`.
fn section<'a>(docs: &'a str, template: &str) -> &'a str {
    let heading = docs
        .match_indices("\n### ")
        .map(|(at, _)| at + 1)
        .find(|at| {
            docs[*at..]
                .lines()
                .next()
                .unwrap_or("")
                .contains(&format!("`{template}`"))
        })
        .unwrap_or_else(|| panic!("docs/themes.md has no heading for `{template}`"));
    let rest = &docs[heading + 4..];
    rest.find("\n### ").map_or(rest, |end| &rest[..end])
}

#[test]
fn every_field_a_template_receives_is_documented() {
    let checked = crate::check(Path::new("example-backlog")).expect("example backlog loads");
    let options = Options {
        today: "2026-03-10".parse().expect("a date"),
        base_url: "https://example.org/".into(),
        history: crate::git::History::default(),
        changes: Vec::new(),
    };
    let markdown = Markdown::default();
    let inputs = Inputs::new(&checked.backlog, &checked.diagnostics, &options, &markdown);
    let mut jobs: Vec<Job> = other_jobs(&inputs, &options);
    jobs.extend(
        checked
            .backlog
            .stories
            .values()
            .map(|s| pages::story(&inputs, s)),
    );
    let docs = std::fs::read_to_string("docs/themes.md").expect("docs/themes.md");
    let mut missing = BTreeSet::new();
    for job in &jobs {
        let page = job.page.as_ref().expect("every model serializes");
        let mut names = BTreeSet::new();
        field_names(page, 0, &mut names);
        let own = section(&docs, job.template);
        for (depth, name) in names {
            let quoted = format!("`{name}`");
            let documented = if depth == 0 {
                own.contains(&quoted)
            } else {
                docs.contains(&quoted)
            };
            if !documented {
                missing.insert(format!("{}: {name}", job.template));
            }
        }
    }
    assert!(missing.is_empty(), "not in docs/themes.md: {missing:?}");
}
