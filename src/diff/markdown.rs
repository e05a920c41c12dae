//! The comparison as Markdown for a pull-request comment: one sentence that
//! sums it up, then a section per kind of change.

use super::{BacklogDiff, FieldChange, ListChange};
use crate::diagnostic::Severity;
use crate::terminal::visible_char;
use crate::words::{count, noun, number, ordinal};
use std::fmt::Write;

/// The first line of every report, so CI can find and update its comment.
pub(super) const MARKER: &str = "<!-- rankdown diff -->";

/// The report as Markdown.
pub fn to_markdown(diff: &BacklogDiff) -> String {
    let mut out = format!(
        "{MARKER}\n### Backlog changes: {} → {}\n\n{}\n",
        text(&diff.base),
        text(&diff.head),
        summary(diff)
    );
    lists(&mut out, diff);
    items(&mut out, diff);
    criteria(&mut out, diff);
    objectives(&mut out, diff);
    findings(&mut out, diff);
    out
}

/// What a change did to the backlog, without its diagnostics, as the
/// change feed shows each commit: a sentence summing it up, and Markdown
/// sections for the lists, items, criteria and objectives it changed.
pub fn changes_to_markdown(diff: &BacklogDiff) -> (String, String) {
    let mut sections = String::new();
    lists(&mut sections, diff);
    items(&mut sections, diff);
    criteria(&mut sections, diff);
    objectives(&mut sections, diff);
    (sentence(changes(diff)), sections)
}

/// One sentence in plain words: the moves, what was added or removed, the
/// criteria, then what it does to the errors.
pub(super) fn summary(diff: &BacklogDiff) -> String {
    let mut parts = changes(diff);
    let d = &diff.diagnostics;
    parts.push(match d.new_errors() {
        0 => "no new errors".into(),
        n => format!("{} new {}", number(n), noun(n, "error", "errors")),
    });
    if d.fixed_errors() > 0 {
        parts.push(format!(
            "{} fixed",
            count(d.fixed_errors(), "error", "errors")
        ));
    }
    sentence(parts)
}

/// `parts` joined into a sentence that starts with a capital letter.
fn sentence(parts: Vec<String>) -> String {
    let mut sentence = parts.join(", ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_uppercase() + &sentence[1..];
    }
    sentence + "."
}

/// The summary's phrases for the moves, what was added or removed, and the
/// criteria and objectives changed.
fn changes(diff: &BacklogDiff) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let teams = diff.team_backlogs.iter().map(|l| (l, text(&l.title)));
    let program = diff
        .program_backlog
        .iter()
        .map(|l| (l, "the program backlog".to_string()));
    let placements: Vec<String> = teams
        .chain(program)
        .flat_map(|(l, name)| placements(l, &name))
        .collect();
    parts.extend(placements.iter().take(3).cloned());
    if placements.len() > 3 {
        let more = count(
            placements.len() - 3,
            "more backlog order change",
            "more backlog order changes",
        );
        parts.push(more);
    }
    let items = &diff.items;
    for (list, verb) in [(&items.added, "added"), (&items.removed, "removed")] {
        parts.extend(per_kind(list.iter().map(|i| i.kind), verb));
    }
    parts.extend(per_kind(items.renamed.iter().map(|i| i.kind), "renamed"));
    if !items.changed.is_empty() {
        parts.push(format!(
            "{} changed",
            count(items.changed.len(), "item", "items")
        ));
    }
    for item in diff.criteria.iter().take(3) {
        let c = &item.changes;
        let id = text(&item.id);
        for (n, verb, preposition) in [
            (c.added.len(), "added", "to"),
            (c.removed.len(), "removed", "from"),
            (c.reworded.len(), "reworded", "in"),
            (c.checked.len(), "checked", "in"),
            (c.unchecked.len(), "unchecked", "in"),
        ] {
            if n > 0 {
                let what = count(n, "acceptance criterion", "acceptance criteria");
                parts.push(format!("{what} {verb} {preposition} {id}"));
            }
        }
    }
    if diff.criteria.len() > 3 {
        let more = count(diff.criteria.len() - 3, "more item", "more items");
        parts.push(format!("acceptance criteria changed in {more}"));
    }
    if !diff.objectives.is_empty() {
        let pis: Vec<String> = diff.objectives.iter().map(|p| text(&p.pi)).collect();
        parts.push(format!("PI objectives changed in {}", pis.join(" and ")));
    }
    if parts.is_empty() {
        parts.push("no changes to the backlog".into());
    }
    parts
}

/// `CHK-12 moved from 7th to 2nd`, `CHK-20 added to Checkout at 3rd`,
/// `CHK-5 left Checkout`: one phrase per change of the list called `title`.
fn placements(list: &ListChange, title: &str) -> Vec<String> {
    let r = &list.reorder;
    let moved = r.moved.iter().map(|m| {
        format!(
            "{} moved from {} to {}",
            text(&m.id),
            ordinal(m.from),
            ordinal(m.to)
        )
    });
    let added = r
        .added
        .iter()
        .map(|p| format!("{} added to {title} at {}", text(&p.id), ordinal(p.rank)));
    let removed = r
        .removed
        .iter()
        .map(|p| format!("{} left {title}", text(&p.id)));
    moved.chain(added).chain(removed).collect()
}

fn all_lists(diff: &BacklogDiff) -> impl Iterator<Item = &ListChange> {
    diff.team_backlogs.iter().chain(&diff.program_backlog)
}

/// `two stories added`, `one feature added`, one part per kind.
fn per_kind<'a>(kinds: impl Iterator<Item = &'a str>, verb: &str) -> Vec<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for kind in kinds {
        match counts.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((kind, 1)),
        }
    }
    counts
        .into_iter()
        .map(|(kind, n)| format!("{} {verb}", count(n, kind, &plural(kind))))
        .collect()
}

fn plural(noun: &str) -> String {
    match noun {
        "story" => "stories".into(),
        "PI" => "PIs".into(),
        other => format!("{other}s"),
    }
}

/// At most this many bullets per group (a team's moves, the items, one
/// story's criteria...), and this many stories in the criteria section, so
/// that a huge change still fits in a comment (GitHub takes 65,536
/// characters); `--format json` has everything.
const MAX_BULLETS: usize = 25;

/// Writes `bullets` as a Markdown list, cut at [`MAX_BULLETS`].
fn list(out: &mut String, bullets: &[String]) {
    for bullet in bullets.iter().take(MAX_BULLETS) {
        let _ = writeln!(out, "- {bullet}");
    }
    if bullets.len() > MAX_BULLETS {
        let more = bullets.len() - MAX_BULLETS;
        let _ = writeln!(out, "- and {more} more (`--format json` lists them all)");
    }
}

fn lists(out: &mut String, diff: &BacklogDiff) {
    let lists: Vec<&ListChange> = all_lists(diff).collect();
    if lists.is_empty() {
        return;
    }
    out.push_str("\n#### Backlog order\n");
    for l in lists {
        let _ = writeln!(out, "\n**{}**\n", text(&l.title));
        let r = &l.reorder;
        let moved = r.moved.iter().map(|m| {
            let direction = if m.to < m.from { "up" } else { "down" };
            let (from, to) = (ordinal(m.from), ordinal(m.to));
            format!("{} moved {direction} from {from} to {to}", bold(&m.id))
        });
        let added = r
            .added
            .iter()
            .map(|p| format!("{} added at {}", bold(&p.id), ordinal(p.rank)));
        let removed = r
            .removed
            .iter()
            .map(|p| format!("{} left the list (was {})", bold(&p.id), ordinal(p.rank)));
        list(out, &moved.chain(added).chain(removed).collect::<Vec<_>>());
    }
}

fn items(out: &mut String, diff: &BacklogDiff) {
    let i = &diff.items;
    let mut bullets: Vec<String> = Vec::new();
    for (items, verb) in [(&i.added, "Added"), (&i.removed, "Removed")] {
        bullets.extend(items.iter().map(|item| {
            format!(
                "{verb} {} {} {}",
                item.kind,
                bold(&item.id),
                text(&item.title)
            )
        }));
    }
    bullets.extend(i.renamed.iter().map(|r| {
        format!(
            "Renamed {} {} to {} {}",
            r.kind,
            bold(&r.from),
            bold(&r.to),
            text(&r.title)
        )
    }));
    bullets.extend(i.changed.iter().map(|c| {
        let mut fields: Vec<String> = c.fields.iter().map(field).collect();
        if c.description {
            fields.push("description edited".into());
        }
        format!(
            "Changed {} {} {}: {}",
            c.kind,
            bold(&c.id),
            text(&c.title),
            fields.join("; ")
        )
    }));
    if !bullets.is_empty() {
        out.push_str("\n#### Items\n\n");
        list(out, &bullets);
    }
}

/// `status ready → in-progress`, `points unset → 3`.
fn field(change: &FieldChange) -> String {
    let value = |v: &Option<String>| v.as_deref().map_or_else(|| "unset".to_string(), text);
    format!(
        "{} {} → {}",
        change.field.replace('_', " "),
        value(&change.before),
        value(&change.after)
    )
}

fn criteria(out: &mut String, diff: &BacklogDiff) {
    if diff.criteria.is_empty() {
        return;
    }
    out.push_str("\n#### Acceptance criteria\n");
    for item in diff.criteria.iter().take(MAX_BULLETS) {
        let _ = writeln!(out, "\n{} {}\n", bold(&item.id), text(&item.title));
        let c = &item.changes;
        let mut bullets: Vec<String> = Vec::new();
        for (criteria, label) in [
            (&c.added, "added"),
            (&c.removed, "removed"),
            (&c.checked, "checked"),
            (&c.unchecked, "unchecked"),
        ] {
            bullets.extend(
                criteria
                    .iter()
                    .map(|criterion| format!("{label}: {}", text(criterion))),
            );
        }
        bullets.extend(
            c.reworded
                .iter()
                .map(|r| format!("reworded: {} → {}", text(&r.before), text(&r.after))),
        );
        list(out, &bullets);
    }
    if diff.criteria.len() > MAX_BULLETS {
        let more = diff.criteria.len() - MAX_BULLETS;
        let _ = writeln!(
            out,
            "\nAnd {more} more items (`--format json` lists them all)."
        );
    }
}

fn objectives(out: &mut String, diff: &BacklogDiff) {
    if diff.objectives.is_empty() {
        return;
    }
    out.push_str("\n#### PI objectives\n");
    for pi in &diff.objectives {
        let _ = writeln!(out, "\n{} {}\n", bold(&pi.pi), text(&pi.title));
        let mut bullets: Vec<String> = pi
            .objectives
            .iter()
            .map(|o| {
                let team = text(o.team_title.as_deref().unwrap_or(&o.team));
                let what = capitalized(&format!(
                    "{} objective of {team}: {}",
                    o.change,
                    text(&o.text)
                ));
                let fields: Vec<String> = o.fields.iter().map(field).collect();
                match fields.is_empty() {
                    true => what,
                    false => format!("{what}: {}", fields.join("; ")),
                }
            })
            .collect();
        let percent =
            |v: Option<f64>| v.map_or_else(|| "not yet known".to_string(), |v| format!("{v}%"));
        bullets.extend(pi.predictability.iter().map(|p| {
            let who = p.team_title.as_deref().or(p.team.as_deref());
            let who = who.map_or_else(|| "the train".to_string(), text);
            format!(
                "Predictability of {who}: {} → {}",
                percent(p.before),
                percent(p.after)
            )
        }));
        list(out, &bullets);
    }
}

fn findings(out: &mut String, diff: &BacklogDiff) {
    let d = &diff.diagnostics;
    out.push_str("\n#### Diagnostics\n\n");
    let _ = writeln!(
        out,
        "Errors {} → {}, warnings {} → {}.\n",
        d.errors.0, d.errors.1, d.warnings.0, d.warnings.1
    );
    let mut bullets = Vec::new();
    for (findings, label) in [(&d.introduced, "new"), (&d.fixed, "fixed")] {
        bullets.extend(findings.iter().map(|f| {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let at = format!("`{}:{}`", code_span(&f.file), f.line);
            format!("{label} {severity} {} {at} {}", f.code, message(&f.message))
        }));
    }
    list(out, &bullets);
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The report as [`to_markdown`] writes it, for reading on a terminal: the
/// escapes that keep backlog text from being read as Markdown (`HEAD\~1`)
/// and the invisible joiners that break `@mentions` are taken out again.
pub fn to_text(diff: &BacklogDiff) -> String {
    unescape(&to_markdown(diff))
}

/// Markdown escapes of [`text`] undone.
fn unescape(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut chars = markdown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| ESCAPED.contains(n)) => {
                out.extend(chars.next());
            }
            WORD_JOINER => {}
            c => out.push(c),
        }
    }
    out.replace("&amp;", "&")
}

/// The characters [`text`] escapes with a backslash.
const ESCAPED: [char; 11] = ['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#'];

/// How many characters of one piece of backlog text a comment shows.
const MAX_TEXT: usize = 200;

/// An invisible character that keeps what surrounds it from being read as
/// one word: GitHub then sees no `@mention` and no bare link.
const WORD_JOINER: char = '\u{2060}';

/// Backlog text made safe to put in Markdown: characters Markdown or HTML
/// would read as syntax are escaped, `@mentions` and bare links (`https://`,
/// `www.`) are broken with an invisible [`WORD_JOINER`] so a title cannot
/// notify people or link anywhere, lines are joined, control characters
/// are shown (the comment may be read on a terminal first), and text longer
/// than [`MAX_TEXT`] is cut.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(4 * MAX_TEXT));
    let mut chars = s.chars();
    for _ in 0..MAX_TEXT {
        let Some(c) = chars.next() else { break };
        let rest = chars.clone();
        let link_ahead = |prefix: &str| rest.clone().take(prefix.len()).eq(prefix.chars());
        match c {
            '@' => {
                out.push(c);
                out.push(WORD_JOINER);
                continue;
            }
            ':' if link_ahead("//") => {
                out.push(c);
                out.push(WORD_JOINER);
                continue;
            }
            'w' | 'W'
                if out
                    .chars()
                    .rev()
                    .take(2)
                    .all(|w| w.eq_ignore_ascii_case(&'w'))
                    && link_ahead(".") =>
            {
                out.push(c);
                out.push(WORD_JOINER);
                continue;
            }
            _ => {}
        }
        match c {
            c if ESCAPED.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(visible_char(c)),
        }
    }
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

/// A diagnostic message: its `code spans` kept, the rest escaped as [`text`].
fn message(s: &str) -> String {
    if s.chars().count() > 2 * MAX_TEXT {
        return text(s);
    }
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return text(s); // an unpaired backtick: no spans to keep
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => text(part),
            _ => format!("`{}`", code_span(part)),
        })
        .collect()
}

fn bold(s: &str) -> String {
    format!("**{}**", text(s))
}

/// A file path for a code span: backticks cannot be escaped inside one.
fn code_span(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '`' | '\n' | '\r' => '\'',
            c => visible_char(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostic_messages_keep_their_code_spans() {
        assert_eq!(message("`A-1` ranks *2nd*"), "`A-1` ranks \\*2nd\\*");
        assert_eq!(message("odd ` <b>"), "odd \\` \\<b\\>");
    }

    #[test]
    fn on_a_terminal_backlog_text_reads_as_written() {
        for written in [
            "HEAD~1 & *stars* [x] <b> #1 a_b",
            "Ping @team, see https://x.org",
        ] {
            assert_eq!(unescape(&text(written)), written);
        }
    }

    #[test]
    fn control_characters_are_shown_not_sent() {
        assert_eq!(text("a\x1b]0;x\x07\x08b"), "a␛\\]0;x␇␈b");
        assert_eq!(code_span("p\x1bq`r"), "p␛q'r");
        assert_eq!(message("`x\x1bc` y"), "`x␛c` y");
    }

    #[test]
    fn titles_cannot_mention_people_or_link() {
        let j = WORD_JOINER;
        assert_eq!(
            text("Ping @acme/security, see https://evil.example or WWW.evil.example"),
            format!("Ping @{j}acme/security, see https:{j}//evil.example or WWW{j}.evil.example")
        );
        assert_eq!(text("mail a@b.org"), format!("mail a@{j}b.org"));
    }

    #[test]
    fn long_text_is_cut() {
        let long = "x".repeat(MAX_TEXT + 1);
        assert_eq!(text(&long), format!("{}…", "x".repeat(MAX_TEXT)));
        assert_eq!(text(&long[1..]), long[1..]);
    }

    #[test]
    fn a_long_list_ends_with_how_many_more() {
        let bullets: Vec<String> = (0..MAX_BULLETS + 3).map(|i| i.to_string()).collect();
        let mut out = String::new();
        list(&mut out, &bullets);
        assert_eq!(out.lines().count(), MAX_BULLETS + 1);
        assert!(
            out.ends_with("- and 3 more (`--format json` lists them all)\n"),
            "{out}"
        );
    }

    #[test]
    fn markdown_and_html_in_backlog_text_stay_text() {
        assert_eq!(
            text("<img src=x onerror=alert(1)> **b** [l](u) a|b & `c`\nnext"),
            "\\<img src=x onerror=alert(1)\\> \\*\\*b\\*\\* \\[l\\](u) a\\|b &amp; \\`c\\` next"
        );
    }
}
