//! Completion in the front matter: field names for the file's kind, the
//! words an enum field takes, ids of the right kind for each reference
//! field, iteration ids, people and labels.

use super::context::Here;
use super::cursor::{Cursor, Spot};
use super::fields::{self, Names};
use crate::layout::claimed_id;
use crate::model::{Backlog, Kind};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionTextEdit, Range, TextEdit,
};
use std::collections::BTreeSet;

/// At most this many items are sent; the list says it is incomplete then,
/// and the client asks again as more is typed.
const MOST: usize = 200;

/// What may be written at the cursor.
pub(super) fn complete(here: &Here) -> Option<CompletionList> {
    let kind = here.kind()?;
    let cursor = here.cursor()?;
    let keys: Vec<&str> = cursor.keys.iter().map(String::as_str).collect();
    let typed = &here.text[cursor.typed.clone()];
    let range = here.range(cursor.typed.clone());
    let wants_key = match cursor.spot {
        Spot::Key => true,
        Spot::Item => fields::holds_mappings(kind, &keys),
        Spot::Value => false,
    };
    let candidates = match wants_key {
        true => field_names(here, kind, &keys, &cursor),
        false => values(here, kind, &keys),
    };
    let mut items = Vec::new();
    let mut incomplete = false;
    for (label, detail, item_kind) in candidates {
        if !matches(&label, typed) {
            continue;
        }
        if items.len() == MOST {
            incomplete = true;
            break;
        }
        let insert = match wants_key {
            true => format!("{label}: "),
            false => label.clone(),
        };
        items.push(item(label, detail, item_kind, range, insert, items.len()));
    }
    Some(CompletionList {
        is_incomplete: incomplete,
        items,
    })
}

type Candidate = (String, Option<String>, CompletionItemKind);

fn item(
    label: String,
    detail: Option<String>,
    kind: CompletionItemKind,
    range: Range,
    insert: String,
    order: usize,
) -> CompletionItem {
    CompletionItem {
        filter_text: Some(label.clone()),
        label,
        kind: Some(kind),
        detail,
        sort_text: Some(format!("{order:05}")),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, insert))),
        ..CompletionItem::default()
    }
}

/// Whether `label` starts with what was typed (ignoring case).
fn matches(label: &str, typed: &str) -> bool {
    let typed = typed.trim();
    label
        .get(..typed.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(typed))
}

/// The fields of the mapping at the cursor that it does not have yet.
fn field_names(here: &Here, kind: Option<Kind>, keys: &[&str], cursor: &Cursor) -> Vec<Candidate> {
    let present = match keys.is_empty() {
        true => top_level_keys(&here.text[..cursor.typed.start])
            .into_iter()
            .chain(top_level_keys(&here.text[cursor.typed.end..]))
            .collect(),
        false => BTreeSet::new(),
    };
    fields::fields(kind, keys)
        .into_iter()
        .filter(|(name, _)| !present.contains(name))
        .map(|(name, about)| (name, Some(about), CompletionItemKind::FIELD))
        .collect()
}

/// The keys written at the start of a line in `text`.
fn top_level_keys(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter(|line| !line.starts_with([' ', '\t', '-', '#']))
        .filter_map(|line| crate::source::key_of(line).map(|(key, _)| key))
        .collect()
}

/// What the value at `keys` may be.
fn values(here: &Here, kind: Option<Kind>, keys: &[&str]) -> Vec<Candidate> {
    let backlog = here.backlog();
    let value = CompletionItemKind::VALUE;
    match fields::names(kind, keys) {
        None => Vec::new(),
        Some(Names::Words(words)) => words.iter().map(|w| (w.to_string(), None, value)).collect(),
        Some(Names::Ids(kinds)) => ids(here, kinds),
        Some(Names::Iterations) => backlog
            .pis
            .values()
            .flat_map(|pi| {
                pi.iterations.iter().map(move |it| {
                    let detail = format!("{}: {} to {}", pi.id, it.start, it.end);
                    (it.id.clone(), Some(detail), CompletionItemKind::REFERENCE)
                })
            })
            .collect(),
        Some(Names::People) => people(backlog)
            .into_iter()
            .map(|p| (p, None, CompletionItemKind::TEXT))
            .collect(),
        Some(Names::Labels) => labels(backlog)
            .into_iter()
            .map(|l| (l, None, value))
            .collect(),
    }
}

/// Ids of items of `kinds`, those of the document's team first in a team
/// backlog, without the document's own id or what its team backlog lists.
fn ids(here: &Here, kinds: &[Kind]) -> Vec<Candidate> {
    let backlog = here.backlog();
    let own = claimed_id(here.path);
    let own = own.as_ref().map(|id| id.as_str());
    let team = own.and_then(|id| backlog.teams.get(id));
    let listed: BTreeSet<&str> = team
        .map(|t| t.backlog.iter().map(|r| r.id.as_str()).collect())
        .unwrap_or_default();
    let mut found: Vec<(bool, Candidate)> = Vec::new();
    for &kind in kinds {
        for id in backlog.ids(kind) {
            if Some(id) == own || listed.contains(id) {
                continue;
            }
            let theirs = team.is_some_and(|t| {
                backlog
                    .stories
                    .get(id)
                    .is_some_and(|s| s.team == t.id.as_str())
            });
            let detail = backlog.title_of(id).map(str::to_string);
            found.push((
                !theirs,
                (id.to_string(), detail, CompletionItemKind::REFERENCE),
            ));
        }
    }
    found.sort_by_key(|(later, _)| *later);
    found.into_iter().map(|(_, c)| c).collect()
}

/// Everyone named in the backlog or in `people:`.
fn people(backlog: &Backlog) -> BTreeSet<String> {
    let mut people: BTreeSet<String> = backlog.people().into_iter().map(str::to_string).collect();
    if let Some(named) = backlog.config.as_ref().and_then(|c| c.people.as_ref()) {
        people.extend(named.keys().cloned());
    }
    people
}

/// Every label used on a story or feature.
fn labels(backlog: &Backlog) -> BTreeSet<String> {
    let stories = backlog.stories.values().flat_map(|s| &s.labels);
    let features = backlog.features.values().flat_map(|f| &f.labels);
    stories.chain(features).cloned().collect()
}
