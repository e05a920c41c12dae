//! Parsing front matter YAML into a mapping, with positions for its errors.

use super::budget;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, scan};
use serde_yaml::{Mapping, Value};

/// Deeper YAML is refused before parsing: the parser's time grows with the
/// square of the depth, and its deserializer stops at 128 levels anyway.
const MAX_DEPTH: usize = 128;

/// Why YAML text was not read.
#[derive(Debug)]
pub enum YamlError {
    /// Nested deeper than [`MAX_DEPTH`], from this 0-based line on.
    TooDeep(usize),
    /// Values larger than [`budget::MAX_BYTES`] once aliases are expanded;
    /// the parser's error points at the anchor that was repeated.
    TooLarge(serde_yaml::Error),
    /// What the parser said: a syntax error, a key given twice, ...
    Parse(serde_yaml::Error),
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            YamlError::TooDeep(_) => write!(f, "nested more than {MAX_DEPTH} levels deep"),
            YamlError::TooLarge(error) => f.write_str(&too_large(error)),
            YamlError::Parse(error) => f.write_str(&without_position(error)),
        }
    }
}

/// Reads YAML text into a value, as every reader of backlog files does:
/// text nested too deep to parse quickly is refused before parsing, and
/// values too large once aliases are expanded while parsing.
pub fn read(yaml: &str) -> Result<Value, YamlError> {
    if let Some(line) = too_deep(yaml) {
        return Err(YamlError::TooDeep(line));
    }
    budget::from_str(yaml).map_err(|(error, too_large)| match too_large {
        true => YamlError::TooLarge(error),
        false => YamlError::Parse(error),
    })
}

/// Parses the YAML part of `source` into a mapping (an empty document is an
/// empty mapping).
pub(super) fn parse(source: &SourceFile) -> (Option<Mapping>, Vec<Diagnostic>) {
    let first_line = source.line_of(source.front_matter.start);
    match read(source.yaml()) {
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
        Err(YamlError::TooDeep(line)) => {
            let d = Diagnostic::new(
                Code::YamlSyntax,
                &source.path,
                (first_line + line, 1),
                format!("YAML does not parse: nested more than {MAX_DEPTH} levels deep"),
                "flatten the front matter: fields are plain values, lists and small mappings",
            );
            (None, vec![d])
        }
        Err(YamlError::TooLarge(error)) => {
            let d = Diagnostic::new(
                Code::YamlSyntax,
                &source.path,
                position(source, &error),
                format!("YAML does not parse: {}", too_large(&error)),
                "write each value out instead of repeating a large anchor with `*name`",
            );
            (None, vec![d])
        }
        Err(YamlError::Parse(error)) => {
            let message = format!("YAML does not parse: {}", without_position(&error));
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
                position(source, &error),
                message,
                hint,
            );
            (None, vec![d])
        }
    }
}

/// Where the parser's `error` is, as a line and column of the file. The
/// parser starts a line at a lone CR, NEL, U+2028 and U+2029 too, so its own
/// line and column are not the file's; its byte offset is. At the end of the
/// input it points past the YAML, at the closing `---`: the problem is on
/// the last YAML line then.
fn position(source: &SourceFile, error: &serde_yaml::Error) -> (usize, usize) {
    let start = source.front_matter.start;
    let yaml = source.yaml();
    match error.location() {
        Some(at) if at.index() < yaml.len() => source.line_col(start + at.index()),
        Some(_) => {
            let last = yaml.trim_end_matches(['\n', '\r']).len().max(1) - 1;
            (source.line_of(start + last.min(yaml.len())), 1)
        }
        None => (source.line_of(start), 1),
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

/// What the budget's error says, with the path of the value that ran over.
fn too_large(error: &serde_yaml::Error) -> String {
    match without_position(error).split_once(": ") {
        Some((path, rest)) if rest == budget::TOO_LARGE => {
            format!("{} (at `{path}`)", budget::TOO_LARGE)
        }
        _ => budget::TOO_LARGE.to_string(),
    }
}

/// The parser's message without its trailing position (shown separately).
fn without_position(error: &serde_yaml::Error) -> String {
    let mut text = error.to_string();
    if let Some(i) = text.find(" at line ") {
        text.truncate(i);
    }
    text
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
