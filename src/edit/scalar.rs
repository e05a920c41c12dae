//! Reading one scalar (an id) as it is written on a line, and writing one.

use serde_yaml::Value;

/// The scalar starting at byte `from` of `line`: its value and where its
/// text ends. `in_flow` makes `,` and `]` end a plain scalar. `None` when
/// what is there is not a single plain or quoted scalar (a collection, an
/// anchor, alias or tag, a block of text, a `key: value` pair).
pub(super) fn read(line: &str, from: usize, in_flow: bool) -> Option<(String, usize)> {
    let rest = &line[from..];
    match rest.chars().next()? {
        '"' => double_quoted(rest).map(|(value, len)| (value, from + len)),
        '\'' => single_quoted(rest).map(|(value, len)| (value, from + len)),
        _ => plain(rest, in_flow).map(|(value, len)| (value, from + len)),
    }
}

fn double_quoted(rest: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, i + 1)),
            '\\' => match chars.next()?.1 {
                c @ ('"' | '\\' | '/') => value.push(c),
                // Other escapes never appear in an id; leave them to YAML.
                _ => return None,
            },
            c => value.push(c),
        }
    }
    None
}

fn single_quoted(rest: &str) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = rest.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\'' {
            value.push(c);
        } else if chars.peek().is_some_and(|&(_, next)| next == '\'') {
            chars.next();
            value.push('\'');
        } else {
            return Some((value, i + 1));
        }
    }
    None
}

/// A plain scalar: up to a comment, the end of the line, or in a flow list
/// a `,` or `]`; trailing blanks are not part of it.
fn plain(rest: &str, in_flow: bool) -> Option<(String, usize)> {
    let first = rest.chars().next()?;
    let second = rest[first.len_utf8()..].chars().next();
    let indicator = "[]{},&*!|>'\"%@`#?:".contains(first);
    let dash = first == '-' && second.is_none_or(char::is_whitespace);
    if indicator || dash || first.is_whitespace() {
        return None;
    }
    let mut end = rest.len();
    let mut previous = ' ';
    for (i, c) in rest.char_indices() {
        let stops = (c == '#' && previous.is_whitespace()) || (in_flow && matches!(c, ',' | ']'));
        if stops {
            end = i;
            break;
        }
        previous = c;
    }
    let value = rest[..end].trim_end_matches([' ', '\t']);
    let is_pair = value.contains(": ") || value.contains(":\t") || value.ends_with(':');
    let nested = in_flow && value.contains(['[', '{', '}']);
    let one_scalar = !value.is_empty() && !is_pair && !nested;
    one_scalar.then(|| (value.to_string(), value.len()))
}

/// How to write `id` so that YAML reads it back as that text: plain when
/// it would be read as text anyway, else in `quote` marks (a list whose
/// items are quoted gets its new items quoted the same way).
pub(super) fn write(id: &str, quote: Option<char>) -> String {
    let plain_is_text =
        || matches!(crate::load::read_yaml(id), Ok(Value::String(text)) if text == id);
    match quote {
        Some(q) => format!("{q}{id}{q}"),
        None if plain_is_text() => id.to_string(),
        None => format!("\"{id}\""),
    }
}

/// The text YAML reads a scalar as, as the loader reads ids: strings as
/// they are, numbers and booleans as written.
pub(super) fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str, in_flow: bool) -> Option<(String, usize)> {
        read(line, 0, in_flow)
    }

    #[test]
    fn reads_plain_and_quoted_ids() {
        assert_eq!(one("A-1   # first", false), Some(("A-1".into(), 3)));
        assert_eq!(one("A-1, B]", true), Some(("A-1".into(), 3)));
        assert_eq!(one("A-1, B", false), Some(("A-1, B".into(), 6)));
        assert_eq!(one("\"A-1\" # x", false), Some(("A-1".into(), 5)));
        assert_eq!(one("'it''s'", false), Some(("it's".into(), 7)));
        assert_eq!(one("a#b", false), Some(("a#b".into(), 3)));
    }

    #[test]
    fn refuses_what_is_not_one_scalar() {
        for text in [
            "[A]", "{a: b}", "&x A", "*x", "!tag A", "|", "- A", "a: b", "a:", "", " A",
        ] {
            assert_eq!(one(text, false), None, "{text}");
        }
        assert_eq!(one("\"open", false), None);
        assert_eq!(one("\"a\\tb\"", false), None);
    }

    #[test]
    fn writes_ids_yaml_reads_back_as_text() {
        assert_eq!(write("A-1", None), "A-1");
        assert_eq!(write("42", None), "\"42\"");
        assert_eq!(write("true", None), "\"true\"");
        assert_eq!(write("null", None), "\"null\"");
        assert_eq!(write("A-1", Some('\'')), "'A-1'");
    }
}
