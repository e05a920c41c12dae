//! The search index: a JSON list the search box filters in the browser.

use super::pages::feature_status;
use crate::model::Backlog;
use serde::Serialize;

#[derive(Serialize)]
struct Entry<'a> {
    id: &'a str,
    title: &'a str,
    kind: &'static str,
    status: &'static str,
    labels: &'a [String],
    /// Path from the site root.
    url: String,
    /// The start of the body, for matching words.
    text: String,
}

/// Stories and features, by id, as JSON (serde escapes every string).
pub fn index(backlog: &Backlog) -> Vec<u8> {
    let mut entries: Vec<Entry> = Vec::new();
    for s in backlog.stories.values() {
        entries.push(Entry {
            id: s.id.as_str(),
            title: &s.title,
            kind: "story",
            status: s.status.as_str(),
            labels: &s.labels,
            url: format!("stories/{}/", s.id),
            text: excerpt(backlog.file(s.file).body()),
        });
    }
    for f in backlog.features.values() {
        entries.push(Entry {
            id: f.id.as_str(),
            title: &f.title,
            kind: "feature",
            status: feature_status(f),
            labels: &f.labels,
            url: format!("features/{}/", f.id),
            text: excerpt(backlog.file(f.file).body()),
        });
    }
    serde_json::to_vec(&entries).unwrap_or_else(|_| b"[]".to_vec())
}

/// The first 240 characters of the body's words, without Markdown marks.
fn excerpt(body: &str) -> String {
    let words = body
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| "#*_`[]()>|-".contains(c)))
        .filter(|w| !w.is_empty());
    let mut text = String::new();
    for word in words {
        if text.len() + word.len() > 240 {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    text
}
