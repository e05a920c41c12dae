//! A source task's Markdown body made ready for rankdown, in place: section
//! markers removed, the acceptance-criteria section renamed to what
//! rankdown reads, its plain list items made checklist items, and `#1`
//! numbering removed from criteria and Definition of Done items. Everything
//! else stays as written.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A body read for import.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Body {
    /// The Markdown, ready for rankdown.
    pub text: String,
    /// How many criteria rankdown reads in it (task-list items and Gherkin
    /// scenarios of the acceptance-criteria section).
    pub criteria: usize,
    /// How many criteria were plain list items, given a checkbox.
    pub unchecked_plain: usize,
    /// How many `gherkin` blocks among the criteria rankdown would reject
    /// (they do not parse, or a scenario has no `Then`); they are kept as
    /// plain `text` blocks.
    pub gherkin_kept_as_text: usize,
}

fn parser(text: &str) -> pulldown_cmark::OffsetIter<'_, pulldown_cmark::DefaultBrokenLinkCallback> {
    Parser::new_ext(text, Options::ENABLE_TASKLISTS).into_offset_iter()
}

/// The heading rankdown reads acceptance criteria under.
pub(super) const CRITERIA_HEADING: &str = "Acceptance criteria";

/// Reads `body`, taking the section headed `criteria_heading` (any level,
/// any case, a trailing colon allowed) as the acceptance criteria.
pub(super) fn read(body: &str, criteria_heading: &str) -> Body {
    let text = without(body, &markers(body));
    let sections = sections(&text);
    // Every section rankdown reads criteria from: the source's heading and
    // rankdown's own, wherever they occur.
    let is_criteria = |s: &&Section| {
        same_heading(&s.title, criteria_heading) || same_heading(&s.title, CRITERIA_HEADING)
    };
    let criteria: Vec<&Section> = sections.iter().filter(is_criteria).collect();
    let done = sections
        .iter()
        .filter(|s| same_heading(&s.title, "Definition of Done"));
    let numbered: Vec<Range<usize>> = criteria
        .iter()
        .copied()
        .chain(done)
        .map(|s| s.range.clone())
        .collect();
    let mut edits: Vec<(Range<usize>, String)> = numbering(&text, &numbered)
        .into_iter()
        .map(|r| (r, String::new()))
        .collect();
    let mut unchecked_plain = 0;
    for section in &criteria {
        if !same_heading(&section.title, CRITERIA_HEADING) {
            edits.push((section.title_range.clone(), CRITERIA_HEADING.to_string()));
        }
        for at in plain_items(&text, section.range.clone()) {
            edits.push((at..at, "[ ] ".to_string()));
            unchecked_plain += 1;
        }
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let text = edited(&text, &edits).trim().to_string();
    let (text, gherkin_kept_as_text, criteria) = without_bad_gherkin(text);
    Body {
        text,
        criteria,
        unchecked_plain,
        gherkin_kept_as_text,
    }
}

/// `text` with each `gherkin` block of its criteria that rankdown would
/// reject (it does not parse, or a scenario has no `Then`) made a `text`
/// block, how many there were, and how many criteria rankdown then reads.
fn without_bad_gherkin(text: String) -> (String, usize, usize) {
    let found = crate::load::criteria_of(&text);
    let bad: Vec<usize> = found
        .gherkin
        .iter()
        .filter(|b| b.problem.is_some() || b.scenarios.iter().any(|s| !s.has_then))
        .map(|b| b.line)
        .collect();
    if bad.is_empty() {
        return (text, 0, found.count());
    }
    let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    for line in &bad {
        // The block's first line is `line`; its fence is the line before.
        if let Some(fence) = line.checked_sub(2).and_then(|i| lines.get_mut(i)) {
            *fence = fence.replacen("gherkin", "text", 1);
        }
    }
    let text = lines.join("\n");
    let criteria = crate::load::criteria_of(&text).count();
    (text, bad.len(), criteria)
}

/// `text` without its opening heading when that is a level-1 heading
/// repeating `title` (DevStories starts each story so; the page shows the
/// title already); `None` when it does not open so.
pub(super) fn without_title(text: &str, title: &str) -> Option<String> {
    let mut events = parser(text);
    let (Event::Start(Tag::Heading { level, .. }), range) = events.next()? else {
        return None;
    };
    let mut written = String::new();
    for (event, _) in events.by_ref() {
        match event {
            Event::Text(t) | Event::Code(t) => written.push_str(&t),
            Event::End(TagEnd::Heading(_)) => break,
            _ => return None,
        }
    }
    let repeats = level == HeadingLevel::H1 && same_heading(&written, title);
    let mut rest = &text[range.end..];
    while let Some((line, after)) = rest.split_once('\n')
        && line.trim().is_empty()
    {
        rest = after;
    }
    let rest = if rest.trim().is_empty() { "" } else { rest };
    repeats.then(|| rest.to_string())
}

fn same_heading(title: &str, wanted: &str) -> bool {
    let title = title.trim().trim_end_matches(':').trim();
    title.to_lowercase() == wanted.trim().to_lowercase()
}

/// `text` without the byte ranges `cut` (sorted, not overlapping).
fn without(text: &str, cut: &[Range<usize>]) -> String {
    let edits: Vec<(Range<usize>, String)> =
        cut.iter().map(|r| (r.clone(), String::new())).collect();
    edited(text, &edits)
}

/// `text` with each range replaced (sorted, not overlapping).
pub(super) fn edited(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(replacement);
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

/// A section of the body: its heading's title and where it runs.
#[derive(Debug)]
struct Section {
    title: String,
    /// Where the heading's words are, to rename it.
    title_range: Range<usize>,
    /// From the heading to the next heading of the same or a higher level.
    range: Range<usize>,
}

fn sections(text: &str) -> Vec<Section> {
    let mut headings: Vec<(HeadingLevel, Range<usize>, String)> = Vec::new();
    let mut open: Option<(HeadingLevel, Range<usize>, String)> = None;
    for (event, range) in parser(text) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => open = Some((level, range, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = open.as_mut() {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(open.take()),
            _ => {}
        }
    }
    headings
        .iter()
        .enumerate()
        .map(|(i, (level, range, title))| {
            let end = headings[i + 1..]
                .iter()
                .find(|(other, _, _)| other <= level)
                .map_or(text.len(), |(_, r, _)| r.start);
            Section {
                title: title.clone(),
                title_range: title_range(text, range.clone()),
                range: range.start..end,
            }
        })
        .collect()
}

/// The words of a heading: after the `#`s of an ATX heading, the first line
/// of a Setext one, up to closing `#`s.
fn title_range(text: &str, heading: Range<usize>) -> Range<usize> {
    let line_end = text[heading.start..heading.end]
        .find('\n')
        .map_or(heading.end, |i| heading.start + i);
    let line = &text[heading.start..line_end];
    let hashes = line.len() - line.trim_start_matches('#').len();
    let start = heading.start + hashes + (line[hashes..].len() - line[hashes..].trim_start().len());
    let words = text[start..line_end].trim_end();
    // Closing `#`s count only after a space or tab (CommonMark).
    let closing = words.trim_end_matches('#');
    let words = match hashes > 0
        && closing.len() < words.len()
        && (closing.is_empty() || closing.ends_with([' ', '\t']))
    {
        true => closing.trim_end(),
        false => words,
    };
    start..start + words.len()
}

/// Where checklist numbering is in `sections`: the `#1 ` after `- [ ] `.
fn numbering(text: &str, sections: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if sections.is_empty() {
        return found;
    }
    for (event, range) in parser(text) {
        let inside = sections.iter().any(|s| s.contains(&range.start));
        if !matches!(event, Event::TaskListMarker(_)) || !inside {
            continue;
        }
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
    found
}

/// Where a checkbox goes in each top-level list item of `section` that has
/// none: right after the item's marker and its space.
fn plain_items(text: &str, section: Range<usize>) -> Vec<usize> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut item: Option<(usize, bool)> = None;
    for (event, range) in parser(text) {
        if !section.contains(&range.start) {
            continue;
        }
        match event {
            // An item that opens with a list, a code block, a quote or
            // HTML rather than words is left as it is: a checkbox would turn
            // what follows it into text.
            Event::Start(
                Tag::List(_)
                | Tag::CodeBlock(_)
                | Tag::Heading { .. }
                | Tag::BlockQuote(_)
                | Tag::HtmlBlock,
            ) => {
                if let Some((start, false)) = item
                    && !text[start..range.start].contains(|c: char| c.is_alphanumeric())
                {
                    item = None;
                }
                if matches!(event, Event::Start(Tag::List(_))) {
                    depth += 1;
                }
            }
            Event::End(TagEnd::List(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Item) if depth == 1 => item = Some((range.start, false)),
            Event::TaskListMarker(_) if depth == 1 => {
                if let Some(item) = item.as_mut() {
                    item.1 = true;
                }
            }
            Event::End(TagEnd::Item) if depth == 1 => {
                if let Some((start, false)) = item.take() {
                    let marker = text[start..]
                        .find(|c: char| c.is_whitespace())
                        .map_or(text.len(), |i| start + i);
                    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
                    let content = text[marker..line_end].trim();
                    if !content.is_empty() {
                        found.push(marker + 1);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opening_heading_repeating_the_title_is_left_out() {
        let text = "\n# Scale servings\n\n## Acceptance Criteria\n- [ ] scales\n";
        assert_eq!(
            without_title(text, "Scale Servings").as_deref(),
            Some("## Acceptance Criteria\n- [ ] scales\n")
        );
        assert_eq!(without_title(text, "Scale"), None);
        assert_eq!(without_title("## Scale servings\n", "Scale servings"), None);
        assert_eq!(
            without_title("Intro\n\n# Scale servings\n", "Scale servings"),
            None
        );
        assert_eq!(
            without_title("# Scale *servings*\n", "Scale servings"),
            None
        );
        assert_eq!(without_title("# Éclair\n", "éclair").as_deref(), Some(""));
    }

    #[test]
    fn markers_and_numbering_go_and_the_criteria_stay_where_they_are() {
        let body = "## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\nBook a repair.\n- [ ] #4512 stays: not a criterion\n<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [ ] #1 A slot can be chosen\n- [x] #2 The shop gets an email\n<!-- AC:END -->\n\n## Definition of Done\n<!-- DOD:BEGIN -->\n- [ ] #1 Tests pass\n<!-- DOD:END -->\n";
        let read = read(body, "Acceptance Criteria");
        assert_eq!(
            read.text,
            "## Description\n\nBook a repair.\n- [ ] #4512 stays: not a criterion\n\n## Acceptance Criteria\n- [ ] A slot can be chosen\n- [x] The shop gets an email\n\n## Definition of Done\n- [ ] Tests pass"
        );
        assert_eq!(read.criteria, 2);
    }

    #[test]
    fn marker_text_in_code_stays() {
        let body = "Write `<!-- AC:BEGIN -->` before the list.\n\n```\n<!-- AC:END -->\n```\n\n## Acceptance Criteria\n\n- [ ] Keeps `code` and [links](https://example.org)\n- Plain **item**\n  - [x] nested\n";
        let read = read(body, "acceptance criteria");
        assert!(
            read.text.starts_with(
                "Write `<!-- AC:BEGIN -->` before the list.\n\n```\n<!-- AC:END -->\n```\n"
            ),
            "{}",
            read.text
        );
        assert!(read.text.ends_with("- [ ] Keeps `code` and [links](https://example.org)\n- [ ] Plain **item**\n  - [x] nested"), "{}", read.text);
        assert_eq!(read.unchecked_plain, 1);
        assert_eq!(read.criteria, 3);
    }

    #[test]
    fn another_heading_is_renamed_and_subsections_and_gherkin_stay_inside() {
        let body = "# Task\n\n### Done when:\n\nWhen booking:\n\n#### Functional\n\n- [x] One\n\n```gherkin\nScenario: Book\n  Given a slot\n  When I book it\n  Then it is mine\n```\n\n## Notes\n\nKept.\n";
        let read = read(body, "Done when");
        assert_eq!(
            read.text,
            "# Task\n\n### Acceptance criteria\n\nWhen booking:\n\n#### Functional\n\n- [x] One\n\n```gherkin\nScenario: Book\n  Given a slot\n  When I book it\n  Then it is mine\n```\n\n## Notes\n\nKept."
        );
        assert_eq!(read.criteria, 2);
    }

    proptest::proptest! {
        #[test]
        fn any_text_reads_without_panicking(text in "(\\PC|\n|<!-- AC:BEGIN -->|- \\[ \\] #1 |- |## Acceptance Criteria\n|### x\n|`|```\n){0,40}") {
            let _ = read(&text, "Acceptance Criteria");
        }
    }
}
