//! The search index: a JSON list the search box filters in the browser.

use crate::model::{Backlog, Feature, Story};
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
    let stories = backlog.stories.values().map(|s| story_entry(backlog, s));
    let features = backlog.features.values().map(|f| feature_entry(backlog, f));
    join(stories.chain(features))
}

/// The index entry of one story, as JSON.
pub fn story_entry(backlog: &Backlog, s: &Story) -> Vec<u8> {
    to_json(&Entry {
        id: s.id.as_str(),
        title: &s.title,
        kind: "story",
        status: s.status.as_str(),
        labels: &s.labels,
        url: format!("stories/{}/", s.id),
        text: excerpt(backlog.file(s.file).body()),
    })
}

/// The index entry of one feature, as JSON.
pub fn feature_entry(backlog: &Backlog, f: &Feature) -> Vec<u8> {
    to_json(&Entry {
        id: f.id.as_str(),
        title: &f.title,
        kind: "feature",
        status: f.status.as_str(),
        labels: &f.labels,
        url: format!("features/{}/", f.id),
        text: excerpt(backlog.file(f.file).body()),
    })
}

fn to_json(entry: &Entry) -> Vec<u8> {
    // Serializing strings into a Vec cannot fail.
    serde_json::to_vec(entry).unwrap_or_default()
}

/// Entries as one JSON list, as `serde_json` would write it.
pub fn join<T: AsRef<[u8]>>(entries: impl Iterator<Item = T>) -> Vec<u8> {
    let mut json = vec![b'['];
    for (i, entry) in entries.enumerate() {
        if i > 0 {
            json.push(b',');
        }
        json.extend_from_slice(entry.as_ref());
    }
    json.push(b']');
    json
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

#[cfg(test)]
mod tests {
    #[test]
    fn entries_join_into_one_json_list() {
        assert_eq!(super::join(["{\"a\":1}", "{}"].iter()), b"[{\"a\":1},{}]");
        assert_eq!(super::join(std::iter::empty::<&[u8]>()), b"[]");
    }
}
