use super::{Applicability, Counts, Diagnostic, Fix, Severity, Sources};
use crate::source::scan;
use crate::terminal::visible;
use crate::words::counted;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::borrow::Cow;
use std::fmt::Write;

/// Renders diagnostics the way rustc does: a header, the source line underlined,
/// and the hint; then one summary line. `prefix` is prepended to file paths so
/// they can be opened from the current folder. The text carries ANSI colour;
/// write it through `anstream`, which drops it when piped or with `NO_COLOR`.
///
/// Backlog text (file names, values in messages and hints, source lines) is
/// shown with its control characters made visible: a file name cannot set
/// the terminal's title or print a line of its own.
pub fn to_human(diagnostics: &[Diagnostic], sources: &dyn Sources, prefix: &str) -> String {
    let renderer = Renderer::styled();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let text = Shown {
            path: format!("{prefix}{}", visible(&diagnostic.file)),
            message: visible(&diagnostic.message),
            hint: visible(&diagnostic.hint),
            fix: diagnostic
                .fix
                .as_ref()
                .map(|fix| visible(&fix_note(diagnostic, fix)).into_owned()),
            line: sources.line(&diagnostic.file, diagnostic.line).map(visible),
        };
        let line = text
            .line
            .as_deref()
            .map(|line| window(line, diagnostic.column));
        let report = [group(diagnostic, &text, line)];
        let _ = writeln!(out, "{}\n", renderer.render(&report));
    }
    out.push_str(&summary(Counts::of(diagnostics)));
    out
}

/// The backlog text of one diagnostic, as it may be shown.
struct Shown<'a> {
    path: String,
    message: Cow<'a, str>,
    hint: Cow<'a, str>,
    /// What `rankdown fix` can do about it.
    fix: Option<String>,
    line: Option<Cow<'a, str>>,
}

/// "`rankdown fix` can add `A-4` at the bottom of `backlog:` in teams/a.md".
fn fix_note(diagnostic: &Diagnostic, fix: &Fix) -> String {
    let command = match fix.applicability {
        Applicability::Always => "rankdown fix",
        Applicability::WithAccept => "rankdown fix --accept",
    };
    let mut note = format!("`{command}` can {}", fix.description);
    if fix.file != diagnostic.file {
        note.push_str(&format!(" in {}", fix.file));
    }
    note
}

/// At most about 200 characters of `text` around `column`, with the column
/// within them: a snippet of a very long line stays short and cheap.
fn window(text: &str, column: usize) -> (&str, usize) {
    const BEFORE: usize = 60;
    const WIDTH: usize = 200;
    if text.len() <= WIDTH {
        return (text, column);
    }
    let skip = column.saturating_sub(BEFORE + 1);
    let start = text.char_indices().nth(skip).map_or(text.len(), |(i, _)| i);
    let end = text[start..]
        .char_indices()
        .nth(WIDTH)
        .map_or(text.len(), |(i, _)| start + i);
    (&text[start..end], column - skip)
}

fn group<'a>(d: &Diagnostic, text: &'a Shown<'a>, line: Option<(&'a str, usize)>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = text.path.as_str();
    let title = level
        .primary_title(text.message.as_ref())
        .id(d.code.as_str());
    let hint = Level::HELP.message(text.hint.as_ref());
    let title = match line {
        Some((text, column)) => {
            let span = underline(text, column);
            title
                .element(
                    Snippet::source(text)
                        .line_start(d.line)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(span)),
                )
                .element(hint)
        }
        None => title
            .element(Origin::path(path).line(d.line).char_column(d.column))
            .element(hint),
    };
    match &text.fix {
        Some(fix) => title.element(Level::NOTE.message(fix.as_str())),
        None => title,
    }
}

/// The byte range to underline: from the column to the end of the value,
/// which ends at a comment, and inside a flow collection such as `[A, B]` or
/// `{id: x, end: y}` also at the next `,`, `]` or `}` outside quotes.
pub(super) fn underline(text: &str, column: usize) -> std::ops::Range<usize> {
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let in_flow = flow_depth(&text[..start]) > 0;
    let rest = &text[start..];
    let mut end = 0;
    for (offset, c, quoted) in scan(rest) {
        if in_flow && !quoted && matches!(c, ',' | ']' | '}') {
            break;
        }
        end = offset + c.len_utf8();
    }
    start..start + rest[..end].trim_end().len()
}

/// How many `[` and `{` are open at the end of `prefix`, outside quotes.
fn flow_depth(prefix: &str) -> usize {
    scan(prefix).fold(0usize, |depth, (_, c, quoted)| match c {
        '[' | '{' if !quoted => depth + 1,
        ']' | '}' if !quoted => depth.saturating_sub(1),
        _ => depth,
    })
}

fn summary(counts: Counts) -> String {
    let text = match (counts.errors, counts.warnings) {
        (0, 0) => "no errors, no warnings".to_string(),
        (e, w) => format!("{}, {}", counted(e, "error"), counted(w, "warning")),
    };
    let style = match (counts.errors, counts.warnings) {
        (0, 0) => anstyle::AnsiColor::Green.on_default().bold(),
        (0, _) => anstyle::AnsiColor::Yellow.on_default().bold(),
        _ => anstyle::AnsiColor::Red.on_default().bold(),
    };
    format!("{style}{text}{style:#}")
}

#[cfg(test)]
mod tests {
    use super::underline;

    fn underlined(text: &str, column: usize) -> &str {
        &text[underline(text, column)]
    }

    #[test]
    fn underlines_just_the_value() {
        assert_eq!(underlined("team: alfa   # typo", 7), "alfa");
        assert_eq!(
            underlined("  - {id: PI-1.1, start: 2026-01-16, end: 2026-01-05}", 42),
            "2026-01-05"
        );
        assert_eq!(underlined("depends_on: [A-1, A-99]", 19), "A-99");
        assert_eq!(
            underlined("title: Guests, members and staff", 8),
            "Guests, members and staff"
        );
        assert_eq!(underlined("", 1), "");
    }
}
