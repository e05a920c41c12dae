//! Wiki links in item texts (`[[RB-001]]`, `[[RB-001|the parser]]`, as
//! DevStories and Obsidian-style tools write them) made Markdown links to
//! the pages of the items import wrote.

use super::Note;
use crate::layout::{folder, item_kind};
use crate::model::Kind;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::BTreeMap;
use std::ops::Range;

/// Rewrites the text below the front matter of every story and feature
/// file in `files`; a link names an item by its id or by one of its
/// `aliases` (other name → id). A wiki link naming no item written stays
/// as written, noted.
pub(super) fn link_all(
    files: &mut BTreeMap<String, String>,
    aliases: &BTreeMap<String, String>,
    notes: &mut Vec<Note>,
) {
    let mut pages: BTreeMap<String, String> = files
        .keys()
        .filter_map(|path| {
            let kind = linked_kind(path)?;
            let id = path.rsplit('/').next()?.strip_suffix(".md")?;
            Some((super::ids::key(id), format!("{}/{id}", folder(kind))))
        })
        .collect();
    for (alias, id) in aliases {
        if let Some(page) = pages.get(&super::ids::key(id)).cloned() {
            pages.entry(super::ids::key(alias)).or_insert(page);
        }
    }
    for (path, text) in files.iter_mut() {
        let body_at = linked_kind(path).and_then(|_| body_start(text));
        let Some(body_at) = body_at else {
            continue;
        };
        let (body, unknown) = linked(&text[body_at..], |id| pages.get(&super::ids::key(id)));
        if let Some(body) = body {
            text.replace_range(body_at.., &body);
        }
        let source = (!unknown.is_empty()).then(|| imported_from(&text[..body_at]));
        let noted = source.flatten().unwrap_or_else(|| path.clone());
        for link in unknown {
            let message = format!("wiki link `{link}` names nothing imported; kept as text");
            notes.push(Note::new(&noted, message));
        }
    }
}

/// The kind of a story or feature file, the items whose texts and pages
/// wiki links are made for.
fn linked_kind(path: &str) -> Option<Kind> {
    item_kind(path).filter(|kind| matches!(kind, Kind::Story | Kind::Feature))
}

/// The source file an item file was made from (`extra.imported_from` in
/// `front`, its front matter), to name in a note as other notes do.
fn imported_from(front: &str) -> Option<String> {
    let yaml = front.strip_prefix("---\n")?.strip_suffix("---\n")?;
    let fields: serde_yaml::Value = serde_yaml::from_str(yaml).ok()?;
    let source = fields.get("extra")?.get("imported_from")?;
    source.as_str().map(str::to_string)
}

/// Where the text below the front matter starts.
fn body_start(file: &str) -> Option<usize> {
    let rest = file.strip_prefix("---\n")?;
    rest.find("\n---\n").map(|end| 4 + end + 5)
}

/// `body` with each wiki link outside code that `page` knows made a link
/// to `../../<page>/` (an item page is two folders deep), or `None` when
/// none is; and the wiki links `page` does not know.
fn linked<'a>(
    body: &str,
    page: impl Fn(&str) -> Option<&'a String>,
) -> (Option<String>, Vec<String>) {
    let code = code_ranges(body);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut unknown = Vec::new();
    let mut from = 0;
    while let Some(start) = body[from..].find("[[").map(|i| i + from) {
        let Some(end) = body[start..].find("]]").map(|i| i + start + 2) else {
            break;
        };
        from = end;
        let inner = &body[start + 2..end - 2];
        if inner.contains(['\n', '[']) || code.iter().any(|c| c.contains(&start)) {
            from = start + 1;
            continue;
        }
        let (id, label) = inner.split_once('|').unwrap_or((inner, inner));
        match page(id.trim()) {
            Some(page) => {
                let label = (label.trim().replace('\\', "\\\\"))
                    .replace('[', "\\[")
                    .replace(']', "\\]");
                edits.push((start..end, format!("[{label}](../../{page}/)")));
            }
            None => unknown.push(body[start..end].to_string()),
        }
    }
    let linked = (!edits.is_empty()).then(|| super::body::edited(body, &edits));
    (linked, unknown)
}

/// The byte ranges of code spans, code blocks and raw HTML in `body`.
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut block: Option<usize> = None;
    for (event, range) in Parser::new(body).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => block = Some(range.start),
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => {
                ranges.push(block.take().unwrap_or(range.start)..range.end);
            }
            Event::Code(_) | Event::InlineHtml(_) => ranges.push(range),
            _ => {}
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> BTreeMap<String, String> {
        BTreeMap::from([
            ("rb-1".to_string(), "stories/RB-001".to_string()),
            ("epic-2".to_string(), "features/EPIC-002".to_string()),
        ])
    }

    fn run(body: &str) -> (Option<String>, Vec<String>) {
        let pages = pages();
        linked(body, |id| pages.get(&super::super::ids::key(id)))
    }

    #[test]
    fn wiki_links_to_items_become_links_and_others_stay() {
        let (text, unknown) = run("- [[RB-001]] Paste\n- [[epic-02|the list]] and [[DS-9]]\n");
        assert_eq!(
            text.as_deref(),
            Some(
                "- [RB-001](../../stories/RB-001/) Paste\n- [the list](../../features/EPIC-002/) and [[DS-9]]\n"
            )
        );
        assert_eq!(unknown, ["[[DS-9]]"]);
    }

    #[test]
    fn wiki_links_in_code_stay_as_written() {
        let body = "`[[RB-001]]`\n\n```\n[[RB-001]]\n```\n";
        assert_eq!(run(body), (None, Vec::new()));
    }

    #[test]
    fn a_label_cannot_close_the_link_early() {
        let (text, _) = run("[[RB-001|a ] b]]");
        assert_eq!(text.as_deref(), Some("[a \\] b](../../stories/RB-001/)"));
        let (text, _) = run("[[RB-001|C:\\]]");
        assert_eq!(text.as_deref(), Some("[C:\\\\](../../stories/RB-001/)"));
    }

    #[test]
    fn a_bracket_before_a_wiki_link_does_not_hide_it() {
        let (text, _) = run("[[[RB-001]]]");
        assert_eq!(text.as_deref(), Some("[[RB-001](../../stories/RB-001/)]"));
    }
}
