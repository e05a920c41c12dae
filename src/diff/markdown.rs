//! The comparison as Markdown for a pull-request comment: one sentence that
//! sums it up, then a section per kind of change.

use super::{BacklogDiff, FieldChange, ListChange};
use crate::diagnostic::Severity;
use crate::words::{count, number, ordinal};
use std::fmt::Write;

/// The first line of every report, so CI can find and update its comment.
pub const MARKER: &str = "<!-- rankdown diff -->";

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

/// One sentence in plain words: the moves, what was added or removed, the
/// criteria, then what it does to the errors.
pub fn summary(diff: &BacklogDiff) -> String {
    let mut parts: Vec<String> = Vec::new();
    let moves: Vec<String> = all_lists(diff)
        .flat_map(|l| &l.reorder.moved)
        .map(|m| {
            format!(
                "{} moved from {} to {}",
                text(&m.id),
                ordinal(m.from),
                ordinal(m.to)
            )
        })
        .collect();
    parts.extend(moves.iter().take(3).cloned());
    if moves.len() > 3 {
        parts.push(format!("{} more moved", number(moves.len() - 3)));
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
    let d = &diff.diagnostics;
    parts.push(match d.new_errors() {
        0 => "no new errors".into(),
        n => format!(
            "{} new {}",
            number(n),
            if n == 1 { "error" } else { "errors" }
        ),
    });
    if d.fixed_errors() > 0 {
        parts.push(format!(
            "{} fixed",
            count(d.fixed_errors(), "error", "errors")
        ));
    }
    let mut sentence = parts.join(", ");
    if let Some(first) = sentence.get(..1) {
        sentence = first.to_uppercase() + &sentence[1..];
    }
    sentence + "."
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

fn lists(out: &mut String, diff: &BacklogDiff) {
    let lists: Vec<&ListChange> = all_lists(diff).collect();
    if lists.is_empty() {
        return;
    }
    out.push_str("\n#### Backlog order\n");
    for list in lists {
        let _ = writeln!(out, "\n**{}**\n", text(&list.title));
        let r = &list.reorder;
        for m in &r.moved {
            let direction = if m.to < m.from { "up" } else { "down" };
            let _ = writeln!(
                out,
                "- {} moved {direction} from {} to {}",
                bold(&m.id),
                ordinal(m.from),
                ordinal(m.to)
            );
        }
        for p in &r.added {
            let _ = writeln!(out, "- {} added at {}", bold(&p.id), ordinal(p.rank));
        }
        for p in &r.removed {
            let _ = writeln!(
                out,
                "- {} left the list (was {})",
                bold(&p.id),
                ordinal(p.rank)
            );
        }
    }
}

fn items(out: &mut String, diff: &BacklogDiff) {
    let i = &diff.items;
    if i.added.is_empty() && i.removed.is_empty() && i.renamed.is_empty() && i.changed.is_empty() {
        return;
    }
    out.push_str("\n#### Items\n\n");
    for (list, verb) in [(&i.added, "Added"), (&i.removed, "Removed")] {
        for item in list {
            let _ = writeln!(
                out,
                "- {verb} {} {} {}",
                item.kind,
                bold(&item.id),
                text(&item.title)
            );
        }
    }
    for r in &i.renamed {
        let _ = writeln!(
            out,
            "- Renamed {} {} to {} {}",
            r.kind,
            bold(&r.from),
            bold(&r.to),
            text(&r.title)
        );
    }
    for c in &i.changed {
        let fields: Vec<String> = c.fields.iter().map(field).collect();
        let _ = writeln!(
            out,
            "- Changed {} {} {}: {}",
            c.kind,
            bold(&c.id),
            text(&c.title),
            fields.join("; ")
        );
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
    for item in &diff.criteria {
        let _ = writeln!(out, "\n{} {}\n", bold(&item.id), text(&item.title));
        let c = &item.changes;
        for (list, label) in [
            (&c.added, "added"),
            (&c.removed, "removed"),
            (&c.checked, "checked"),
            (&c.unchecked, "unchecked"),
        ] {
            for criterion in list {
                let _ = writeln!(out, "- {label}: {}", text(criterion));
            }
        }
        for r in &c.reworded {
            let _ = writeln!(out, "- reworded: {} → {}", text(&r.before), text(&r.after));
        }
    }
}

fn objectives(out: &mut String, diff: &BacklogDiff) {
    if diff.objectives.is_empty() {
        return;
    }
    out.push_str("\n#### PI objectives\n");
    for pi in &diff.objectives {
        let _ = writeln!(out, "\n{} {}\n", bold(&pi.pi), text(&pi.title));
        for o in &pi.objectives {
            let team = text(o.team_title.as_deref().unwrap_or(&o.team));
            let what = format!("{} objective of {team}: {}", o.change, text(&o.text));
            let fields: Vec<String> = o.fields.iter().map(field).collect();
            match fields.is_empty() {
                true => {
                    let _ = writeln!(out, "- {}", capitalized(&what));
                }
                false => {
                    let _ = writeln!(out, "- {}: {}", capitalized(&what), fields.join("; "));
                }
            }
        }
        for p in &pi.predictability {
            let who = p.team_title.as_deref().or(p.team.as_deref());
            let who = who.map_or_else(|| "the train".to_string(), text);
            let percent =
                |v: Option<f64>| v.map_or_else(|| "not yet known".to_string(), |v| format!("{v}%"));
            let _ = writeln!(
                out,
                "- Predictability of {who}: {} → {}",
                percent(p.before),
                percent(p.after)
            );
        }
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
    for (list, label) in [(&d.introduced, "new"), (&d.fixed, "fixed")] {
        for f in list {
            let severity = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(
                out,
                "- {label} {severity} {} `{}:{}` {}",
                f.code,
                code_span(&f.file),
                f.line,
                message(&f.message)
            );
        }
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Backlog text made safe to put in Markdown: characters Markdown or HTML
/// would read as syntax are escaped, and lines are joined.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A diagnostic message: its `code spans` kept, the rest escaped as [`text`].
fn message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return text(s); // an unpaired backtick: no spans to keep
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| match i % 2 {
            0 => text(part),
            _ => format!("`{}`", part.replace(['\n', '\r'], " ")),
        })
        .collect()
}

fn bold(s: &str) -> String {
    format!("**{}**", text(s))
}

/// A file path for a code span: backticks cannot be escaped inside one.
fn code_span(s: &str) -> String {
    s.replace(['`', '\n', '\r'], "'")
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
    fn markdown_and_html_in_backlog_text_stay_text() {
        assert_eq!(
            text("<img src=x onerror=alert(1)> **b** [l](u) a|b & `c`\nnext"),
            "\\<img src=x onerror=alert(1)\\> \\*\\*b\\*\\* \\[l\\](u) a\\|b &amp; \\`c\\` next"
        );
    }
}
