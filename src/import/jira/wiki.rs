//! Jira wiki markup made Markdown: headings, lists, `{code}` and
//! `{noformat}` blocks, quotes, tables, links, images and the inline
//! marks (`*bold*`, `_italic_`, `{{monospace}}`).

/// `text`, written in Jira wiki markup, as Markdown.
pub(in crate::import) fn to_markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<&str> = None;
    let mut quote = false;
    let mut in_table = false;
    for line in text.replace("\r\n", "\n").lines() {
        let trimmed = line.trim();
        if let Some(end) = fence {
            if let Some(rest) = trimmed.strip_prefix(end) {
                out.push("```".into());
                fence = None;
                push_rest(&mut out, rest);
            } else {
                out.push(line.to_string());
            }
            continue;
        }
        if let Some((end, language, rest)) = fence_start(trimmed) {
            out.push(format!("```{language}"));
            fence = Some(end);
            if !rest.is_empty() {
                out.push(rest.to_string());
            }
            continue;
        }
        if trimmed == "{quote}" {
            quote = !quote;
            continue;
        }
        let header = trimmed.starts_with("||");
        let row = header || (trimmed.starts_with('|') && trimmed.len() > 1);
        if in_table && !row {
            out.push(String::new());
        }
        let converted = match row {
            true => table_row(trimmed, header, !in_table),
            false => block_line(trimmed),
        };
        in_table = row;
        out.push(match quote {
            true => format!("> {converted}"),
            false => converted,
        });
    }
    if fence.is_some() {
        out.push("```".into());
    }
    out.join("\n").trim().to_string()
}

/// Text after a closing `{code}` on the same line, if any.
fn push_rest(out: &mut Vec<String>, rest: &str) {
    if !rest.trim().is_empty() {
        out.push(String::new());
        out.push(inline(rest.trim()));
    }
}

/// A `{code}`, `{code:java}` or `{noformat}` opening: the closing tag,
/// the language, and text after the tag on that line.
fn fence_start(line: &str) -> Option<(&'static str, String, &str)> {
    if let Some(rest) = line.strip_prefix("{noformat") {
        let close = rest.find('}')?;
        return Some(("{noformat}", String::new(), &rest[close + 1..]));
    }
    let rest = line.strip_prefix("{code")?;
    let close = rest.find('}')?;
    let options = rest[..close].trim_start_matches(':');
    let language = options
        .split('|')
        .find(|o| !o.contains('='))
        .unwrap_or_default()
        .trim()
        .to_string();
    Some(("{code}", language, &rest[close + 1..]))
}

/// A line outside code and tables: heading, list item, quote or rule.
fn block_line(line: &str) -> String {
    for level in 1..=6 {
        if let Some(rest) = line.strip_prefix(&format!("h{level}.")) {
            return format!("{} {}", "#".repeat(level), inline(rest.trim()));
        }
    }
    if let Some(rest) = line.strip_prefix("bq.") {
        return format!("> {}", inline(rest.trim()));
    }
    if line == "----" {
        return "---".into();
    }
    let marks: String = line
        .chars()
        .take_while(|c| matches!(c, '*' | '#' | '-'))
        .collect();
    let rest = &line[marks.len()..];
    let list =
        !marks.is_empty() && rest.starts_with(' ') && !(marks.len() > 1 && marks.starts_with('-'));
    if list {
        let indent = "   ".repeat(marks.len() - 1);
        let bullet = if marks.ends_with('#') { "1." } else { "-" };
        return format!("{indent}{bullet} {}", inline(rest.trim()));
    }
    inline(line)
}

/// A table row (`||a||b||` a header, `|a|b|` a row) as a Markdown row; a
/// table that does not start with a header gets an empty one.
fn table_row(line: &str, header: bool, first: bool) -> String {
    let separator = if header { "||" } else { "|" };
    let cells: Vec<String> = line
        .trim_matches('|')
        .split(separator)
        .map(|cell| inline(cell.trim()).replace('|', "\\|"))
        .collect();
    let row = format!("| {} |", cells.join(" | "));
    let rule = format!("|{}", " --- |".repeat(cells.len()));
    match (header, first) {
        (true, _) => format!("{row}\n{rule}"),
        (false, true) => format!("|{}\n{rule}\n{row}", "  |".repeat(cells.len())),
        (false, false) => row,
    }
}

/// Inline marks: links, images, monospace, bold, italic; `{color}` tags
/// dropped.
fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some((converted, used)) = mark(rest) {
            out.push_str(&converted);
            rest = &rest[used..];
            continue;
        }
        let before = out.chars().last();
        let boundary = before.is_none_or(|b| !b.is_alphanumeric());
        if let Some((converted, used)) = emphasis(rest, c, boundary) {
            out.push_str(&converted);
            rest = &rest[used..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A link, image, monospace span or color tag at the start of `text`: its
/// Markdown and how many bytes it took.
fn mark(text: &str) -> Option<(String, usize)> {
    if let Some(inner) = text.strip_prefix("{{") {
        let end = inner.find("}}")?;
        return Some((format!("`{}`", &inner[..end]), end + 4));
    }
    if text.starts_with("{color") {
        let end = text.find('}')?;
        return Some((String::new(), end + 1));
    }
    if let Some(inner) = text.strip_prefix('[') {
        let end = inner.find(']')?;
        let link = &inner[..end];
        let converted = match link.split_once('|') {
            Some((label, url)) => format!("[{}]({})", label.trim(), url.trim()),
            None if link.contains("://") || link.starts_with("mailto:") => format!("<{link}>"),
            None => return None,
        };
        return Some((converted, end + 2));
    }
    if let Some(inner) = text.strip_prefix('!') {
        let end = inner.find('!')?;
        let image = inner[..end].split('|').next().unwrap_or_default();
        let plausible = !image.is_empty() && !image.contains(' ') && image.contains('.');
        return plausible.then(|| (format!("![]({image})"), end + 2));
    }
    None
}

/// `*bold*` or `_italic_` at the start of `text` (after a word boundary):
/// its Markdown and how many bytes it took.
fn emphasis(text: &str, c: char, boundary: bool) -> Option<(String, usize)> {
    let markdown = match c {
        '*' => "**",
        '_' => "*",
        _ => return None,
    };
    let inner = &text[1..];
    if !boundary || inner.starts_with(char::is_whitespace) {
        return None;
    }
    let end = inner.find(c)?;
    let span = &inner[..end];
    let after = inner[end + 1..].chars().next();
    let closes = !span.is_empty()
        && !span.ends_with(char::is_whitespace)
        && after.is_none_or(|a| !a.is_alphanumeric());
    closes.then(|| (format!("{markdown}{span}{markdown}"), end + 2))
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn blocks_become_markdown() {
        let wiki = "h2. Goal\nA *bold* and _soft_ {{code}} word, see [the docs|https://x.org] or [https://y.org].\n* one\n** nested\n# first\n{code:java}\nint *a* = 1;\n{code}\n{noformat}\nraw _text_\n{noformat}\n||Name||Size||\n|a|1|\nbq. quoted";
        let expected = "## Goal\nA **bold** and *soft* `code` word, see [the docs](https://x.org) or <https://y.org>.\n- one\n   - nested\n1. first\n```java\nint *a* = 1;\n```\n```\nraw _text_\n```\n| Name | Size |\n| --- | --- |\n| a | 1 |\n\n> quoted";
        assert_eq!(to_markdown(wiki), expected);
    }

    #[test]
    fn plain_text_and_snake_case_stay() {
        assert_eq!(to_markdown("a_b_c and 2*3*4"), "a_b_c and 2*3*4");
        assert_eq!(to_markdown("{code}\nunclosed"), "```\nunclosed\n```");
    }
}
