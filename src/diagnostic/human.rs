use super::{Counts, Diagnostic, Severity, Sources};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use std::fmt::Write;

/// Renders diagnostics the way rustc does: a header, the source line underlined,
/// and the hint; then one summary line. `prefix` is prepended to file paths so
/// they can be opened from the current folder. ANSI colour only when `color`.
pub fn to_human(
    diagnostics: &[Diagnostic],
    sources: &dyn Sources,
    prefix: &str,
    color: bool,
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let path = format!("{prefix}{}", diagnostic.file);
        let line_text = sources
            .text(&diagnostic.file)
            .and_then(|text| nth_line(text, diagnostic.line));
        let report = [group(diagnostic, &path, line_text)];
        let _ = writeln!(out, "{}\n", renderer.render(&report));
    }
    out.push_str(&summary(Counts::of(diagnostics), color));
    out
}

fn group<'a>(d: &'a Diagnostic, path: &'a str, line_text: Option<&'a str>) -> Group<'a> {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.code.as_str());
    let hint = Level::HELP.message(d.hint.as_str());
    match line_text {
        Some(text) => {
            let span = underline(text, d.column);
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
    }
}

/// The byte range to underline: from the column to the end of the line's
/// text, or to the end of the item when the column starts an item of a flow
/// list such as `[A, B]`.
fn underline(text: &str, column: usize) -> std::ops::Range<usize> {
    let start = text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(text.len(), |(i, _)| i);
    let in_flow = text[..start].trim_end().ends_with(['[', '{', ',']);
    let rest = &text[start..];
    let len = match rest.find([',', ']', '}']) {
        Some(end) if in_flow => rest[..end].trim_end().len(),
        _ => rest.trim_end().len(),
    };
    start..start + len
}

fn nth_line(text: &str, line: usize) -> Option<&str> {
    let found = text.split('\n').nth(line.checked_sub(1)?)?;
    Some(found.strip_suffix('\r').unwrap_or(found))
}

fn summary(counts: Counts, color: bool) -> String {
    let text = match (counts.errors, counts.warnings) {
        (0, 0) => "no errors, no warnings".to_string(),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    let style = match (color, counts.errors, counts.warnings) {
        (false, ..) => anstyle::Style::new(),
        (true, 0, 0) => anstyle::AnsiColor::Green.on_default().bold(),
        (true, 0, _) => anstyle::AnsiColor::Yellow.on_default().bold(),
        (true, ..) => anstyle::AnsiColor::Red.on_default().bold(),
    };
    format!("{style}{text}{style:#}")
}

/// `1 error`, `2 errors`.
pub(crate) fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
