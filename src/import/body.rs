//! A source task's Markdown body: section markers removed, criteria
//! numbering removed, and the acceptance criteria taken out as a checklist.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A body read for import.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Body {
    /// The Markdown without the acceptance-criteria section.
    pub text: String,
    /// The acceptance criteria: text, and whether checked.
    pub criteria: Vec<(String, bool)>,
    /// How many criteria were plain list items without a checkbox.
    pub unchecked_plain: usize,
}

fn parser(text: &str) -> pulldown_cmark::OffsetIter<'_, pulldown_cmark::DefaultBrokenLinkCallback> {
    Parser::new_ext(text, Options::ENABLE_TASKLISTS).into_offset_iter()
}

/// Reads `body`, taking the section headed `criteria_heading` (any level,
/// any case, a trailing colon allowed) as the acceptance criteria.
pub fn read(body: &str, criteria_heading: &str) -> Body {
    let text = without(body, &markers(body));
    let text = without(&text, &numbering(&text));
    let Some(found) = criteria_section(&text, criteria_heading) else {
        return Body {
            text: text.trim().to_string(),
            ..Body::default()
        };
    };
    let mut rest = String::new();
    rest.push_str(text[..found.section.start].trim_end());
    // Whatever the section holds besides its lists stays, under a heading
    // that is not read as acceptance criteria.
    let heading = found.section.start..found.heading_end;
    let cut: Vec<Range<usize>> = std::iter::once(heading)
        .chain(found.lists.iter().cloned())
        .collect();
    let left = without(&text[..found.section.end], &cut);
    let left = left[found.section.start.min(left.len())..].trim();
    if !left.is_empty() {
        rest.push_str("\n\n## About the acceptance criteria\n\n");
        rest.push_str(left);
    }
    rest.push_str("\n\n");
    rest.push_str(text[found.section.end..].trim_start());
    let items = found.items;
    let unchecked_plain = items.iter().filter(|i| i.1.is_none()).count();
    Body {
        text: rest.trim().to_string(),
        criteria: items
            .into_iter()
            .map(|(text, checked)| (text, checked.unwrap_or(false)))
            .collect(),
        unchecked_plain,
    }
}

/// `text` without the byte ranges `cut` (sorted, not overlapping).
fn without(text: &str, cut: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for range in cut {
        out.push_str(&text[at..range.start]);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Where the section markers are: HTML comments such as
/// `<!-- SECTION:DESCRIPTION:BEGIN -->` or `<!-- AC:END -->`, but only as
/// HTML, never as text in a code span or block. A marker alone on its line
/// takes the line with it.
fn markers(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (event, range) in parser(text) {
        let (Event::Html(html) | Event::InlineHtml(html)) = event else {
            continue;
        };
        let mut from = 0;
        while let Some(start) = html[from..].find("<!--").map(|s| s + from) {
            let Some(end) = html[start..].find("-->").map(|e| e + start + 3) else {
                break;
            };
            if is_marker(&html[start..end]) {
                let (mut a, mut b) = (range.start + start, range.start + end);
                let line_start = text[..a].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[b..].find('\n').map_or(text.len(), |i| b + i + 1);
                if text[line_start..a].trim().is_empty() && text[b..line_end].trim().is_empty() {
                    (a, b) = (line_start, line_end);
                }
                found.push(a..b);
            }
            from = end;
        }
    }
    found.sort_by_key(|r| r.start);
    found.dedup_by(|later, earlier| later.start < earlier.end);
    found
}

/// `<!-- SECTION:DESCRIPTION:BEGIN -->`, `<!-- AC:END -->`, `<!-- DOD:BEGIN -->`.
fn is_marker(comment: &str) -> bool {
    let inner = comment
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    let words: Vec<&str> = inner.split(':').collect();
    words.len() >= 2
        && matches!(*words.last().unwrap_or(&""), "BEGIN" | "END")
        && words
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
}

/// Where checklist numbering is: the `#1 ` after `- [ ] `.
fn numbering(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    for (event, range) in parser(text) {
        if let Event::TaskListMarker(_) = event {
            let after = &text[range.end..];
            let spaces = after.len() - after.trim_start_matches(' ').len();
            let rest = &after[spaces..];
            let digits = rest.strip_prefix('#').map_or(0, |r| {
                r.len() - r.trim_start_matches(|c: char| c.is_ascii_digit()).len()
            });
            if digits > 0 && rest[1 + digits..].starts_with(' ') {
                let start = range.end + spaces;
                found.push(start..start + 1 + digits + 1);
            }
        }
    }
    found
}

/// The acceptance-criteria section as found.
struct Section {
    /// From its heading to the next heading (of any level) or the end.
    section: Range<usize>,
    /// Where its heading ends.
    heading_end: usize,
    /// Its top-level lists.
    lists: Vec<Range<usize>>,
    /// Their items: text, and checked state (`None`: no checkbox).
    items: Vec<(String, Option<bool>)>,
}

fn criteria_section(text: &str, heading: &str) -> Option<Section> {
    let wanted = heading.trim().trim_end_matches(':').to_lowercase();
    let mut events = parser(text).peekable();
    let mut section: Option<(usize, usize)> = None;
    let mut lists = Vec::new();
    let mut items = Vec::new();
    let mut depth = 0;
    let mut item: Option<(String, Option<bool>)> = None;
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                if let Some((start, heading_end)) = section {
                    return Some(Section {
                        section: start..range.start,
                        heading_end,
                        lists,
                        items,
                    });
                }
                {
                    let mut title = String::new();
                    for (inner, _) in events.by_ref() {
                        match inner {
                            Event::End(TagEnd::Heading(_)) => break,
                            Event::Text(t) | Event::Code(t) => title.push_str(&t),
                            _ => {}
                        }
                    }
                    if title.trim().trim_end_matches(':').to_lowercase() == wanted {
                        section = Some((range.start, range.end));
                    }
                }
            }
            _ if section.is_none() => {}
            Event::Start(Tag::List(_)) => {
                if depth == 0 {
                    lists.push(range);
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) if depth == 1 => item = Some((String::new(), None)),
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some((text, checked)) = item.take() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() {
                        items.push((text, checked));
                    }
                }
            }
            Event::TaskListMarker(checked) if depth == 1 => {
                if let Some(item) = &mut item {
                    item.1 = Some(checked);
                }
            }
            Event::Text(_) | Event::Code(_) | Event::SoftBreak | Event::HardBreak if depth >= 1 => {
                if let Some(item) = &mut item {
                    match event {
                        Event::Code(_) => item.0.push_str(&text[range]),
                        Event::Text(t) => item.0.push_str(&t),
                        _ => item.0.push(' '),
                    }
                }
            }
            _ => {}
        }
    }
    section.map(|(start, heading_end)| Section {
        section: start..text.len(),
        heading_end,
        lists,
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_numbering_go_and_the_criteria_come_out() {
        let body = "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nBook a repair.\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 A slot can be chosen\n- [x] #2 The shop gets an email\n<!-- AC:END -->\n\n## Definition of Done\n<!-- DOD:BEGIN -->\n- [ ] #1 Tests pass\n<!-- DOD:END -->\n";
        let read = read(body, "Acceptance Criteria");
        assert_eq!(
            read.criteria,
            [
                ("A slot can be chosen".to_string(), false),
                ("The shop gets an email".to_string(), true)
            ]
        );
        assert_eq!(
            read.text,
            "## Description\n\nBook a repair.\n\n## Definition of Done\n- [ ] Tests pass"
        );
    }

    #[test]
    fn marker_text_in_code_stays() {
        let body = "Write `<!-- AC:BEGIN -->` before the list.\n\n```\n<!-- AC:END -->\n```\n\n## Acceptance Criteria\n\n- [ ] Keeps `code`\n- Plain item\n";
        let read = read(body, "acceptance criteria");
        assert!(read.text.contains("`<!-- AC:BEGIN -->`"), "{}", read.text);
        assert!(
            read.text.contains("```\n<!-- AC:END -->\n```"),
            "{}",
            read.text
        );
        assert_eq!(
            read.criteria,
            [
                ("Keeps `code`".to_string(), false),
                ("Plain item".to_string(), false)
            ]
        );
        assert_eq!(read.unchecked_plain, 1);
    }

    #[test]
    fn the_section_ends_at_the_next_heading_and_its_other_text_is_kept() {
        let body = "# Task\n\n## Acceptance criteria:\n\nWhen booking:\n\n- [x] One\n\n### Detail\n\nMore.\n";
        let read = read(body, "Acceptance Criteria");
        assert_eq!(read.criteria, [("One".to_string(), true)]);
        assert_eq!(
            read.text,
            "# Task\n\n## About the acceptance criteria\n\nWhen booking:\n\n### Detail\n\nMore."
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panicking(text in "(\\PC|\n|<!-- AC:BEGIN -->|- \\[ \\] #1 |## Acceptance Criteria\n|`|```\n){0,40}") {
            let read = read(&text, "Acceptance Criteria");
            proptest::prop_assert!(read.criteria.iter().all(|(c, _)| !c.contains('\n')));
        }
    }
}
