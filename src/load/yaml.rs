//! Parsing front matter YAML into a mapping, with positions for its errors.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, scan};
use serde_yaml::{Mapping, Value};

/// Deeper YAML is refused before parsing: the parser's time grows with the
/// square of the depth, and its deserializer stops at 128 levels anyway.
const MAX_DEPTH: usize = 128;

/// Parses the YAML part of `source` into a mapping (an empty document is an
/// empty mapping).
pub fn parse(source: &SourceFile) -> (Option<Mapping>, Vec<Diagnostic>) {
    let first_line = source.line_of(source.front_matter.start);
    if let Some(line) = too_deep(source.yaml()) {
        let d = Diagnostic::new(
            Code::YamlSyntax,
            &source.path,
            (first_line + line, 1),
            format!("YAML does not parse: nested more than {MAX_DEPTH} levels deep"),
            "flatten the front matter: fields are plain values, lists and small mappings",
        );
        return (None, vec![d]);
    }
    match serde_yaml::from_str::<Value>(source.yaml()) {
        Ok(Value::Mapping(map)) => (Some(map), Vec::new()),
        Ok(Value::Null) => (Some(Mapping::new()), Vec::new()),
        Ok(_) => {
            let d = Diagnostic::new(
                Code::NotAMapping,
                &source.path,
                (first_line, 1),
                format!(
                    "{} is not a mapping of `name: value` lines",
                    describe_yaml(source)
                ),
                "write the front matter as `name: value` lines, e.g. `title: ...`",
            );
            (None, vec![d])
        }
        Err(error) => {
            // At the end of input the parser points past the YAML, at the
            // closing `---`; the problem is on the last YAML line.
            let last_line = first_line + source.yaml().lines().count().max(1) - 1;
            let (line, column) = match error.location() {
                Some(l) if first_line + l.line() - 1 > last_line => (last_line, 1),
                Some(l) => (first_line + l.line() - 1, l.column()),
                None => (first_line, 1),
            };
            let message = yaml_message(&error);
            let hint = if source.path == super::CONFIG_FILE
                && message.contains("more than one document")
            {
                "rankdown.yaml is plain YAML, not front matter: remove its `---` lines"
            } else {
                "fix the YAML syntax; quote values that contain `: `, `#` or start with `@`, `*`, `&`, `[` or `{`"
            };
            let d = Diagnostic::new(
                Code::YamlSyntax,
                &source.path,
                (line, column),
                message,
                hint,
            );
            (None, vec![d])
        }
    }
}

/// What the YAML of `source` is called in messages.
fn describe_yaml(source: &SourceFile) -> &'static str {
    if source.path == super::CONFIG_FILE {
        "the file"
    } else {
        "the front matter"
    }
}

/// The parser's message without its trailing position (shown separately).
fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    format!("YAML does not parse: {text}")
}

/// The 0-based line where `yaml` nests deeper than [`MAX_DEPTH`], counting
/// open flow brackets and the column where block content starts. The text of
/// block scalars (`|` and `>`) is not YAML structure and is skipped.
fn too_deep(yaml: &str) -> Option<usize> {
    let mut flow_depth = 0usize;
    let mut scalar_parent: Option<usize> = None;
    for (number, line) in yaml.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(parent) = scalar_parent {
            if line.trim().is_empty() || indent > parent {
                continue;
            }
            scalar_parent = None;
        }
        if opens_block_scalar(line) {
            scalar_parent = Some(indent);
        }
        let content = line.trim_start_matches([' ', '-', '?', ':', '\t']);
        let block_depth = (line.len() - content.len()) / 2;
        for (_, ch, quoted) in scan(content) {
            match ch {
                _ if quoted => {}
                '[' | '{' => {
                    flow_depth += 1;
                    if flow_depth > MAX_DEPTH {
                        return Some(number);
                    }
                }
                ']' | '}' => flow_depth = flow_depth.saturating_sub(1),
                _ => {}
            }
        }
        if block_depth > MAX_DEPTH {
            return Some(number);
        }
    }
    None
}

/// Whether `line` ends with a block scalar indicator: `key: |`, `- >-`, ...
fn opens_block_scalar(line: &str) -> bool {
    let line = line.split(" #").next().unwrap_or(line).trim_end();
    let Some((before, last)) = line.rsplit_once(' ') else {
        return false;
    };
    let mut chars = last.chars();
    let opens = matches!(chars.next(), Some('|' | '>'))
        && chars.all(|c| matches!(c, '-' | '+') || c.is_ascii_digit());
    opens && (before.trim_end().ends_with(':') || before.trim() == "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_flow_and_block_nesting() {
        assert_eq!(too_deep("a: [[x]]\nb: {c: [d]}\n"), None);
        assert_eq!(too_deep(&format!("a: {}", "[".repeat(200))), Some(0));
        assert_eq!(
            too_deep(&format!("a: b\nc: {}{}", "[".repeat(200), "]".repeat(200))),
            Some(1)
        );
        assert_eq!(too_deep(&format!("a:\n{}x", "- ".repeat(200))), Some(1));
        assert_eq!(too_deep(&format!("a: '{}'", "[".repeat(200))), None);
        assert_eq!(too_deep(&format!("a: x # {}", "[".repeat(200))), None);
        let scalar = format!(
            "notes: |\n  {}\n  {}x\nb: 1\n",
            "-".repeat(300),
            " ".repeat(300)
        );
        assert_eq!(too_deep(&scalar), None);
        let after = format!("notes: >-\n  text\nb: {}\n", "[".repeat(200));
        assert_eq!(too_deep(&after), Some(2));
    }
}
