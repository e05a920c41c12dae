//! Front matter as real files have it: YAML that strict parsers reject is
//! recovered where the intent is clear, and the file says so.

use crate::load::{YamlError, read_yaml};
use serde_yaml::{Mapping, Value};

/// A file split into its front matter and body.
#[derive(Debug)]
pub(super) struct Split {
    /// The front matter's fields.
    pub fields: Mapping,
    /// The Markdown after the front matter.
    pub body: String,
    /// Values that had to be quoted to read the front matter, if any.
    pub quoted: Vec<String>,
}

/// Why a file could not be read as a task.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum NotATask {
    /// No `---` front matter: a readme, a document, a decision record.
    NoFrontMatter,
    /// A `---` first line with no `---` line closing the front matter.
    Unclosed,
    /// Front matter that does not parse, even with `@` values quoted.
    BadYaml(String),
    /// Front matter that is not a mapping of fields.
    NotAMapping,
}

impl std::fmt::Display for NotATask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotATask::NoFrontMatter => write!(f, "no front matter: not a task"),
            NotATask::Unclosed => write!(
                f,
                "front matter is not closed (no `---` line after it): not read"
            ),
            NotATask::BadYaml(why) => write!(f, "front matter is not YAML: {why}"),
            NotATask::NotAMapping => write!(f, "front matter is not a mapping of fields"),
        }
    }
}

/// Splits `text` (any line endings, a byte-order mark allowed) into front
/// matter and body.
pub(super) fn split(text: &str) -> Result<Split, NotATask> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n").ok_or(NotATask::NoFrontMatter)?;
    let (yaml, body) = match rest.find("\n---") {
        _ if rest.starts_with("---") => ("", &rest[3..]),
        Some(end) => (&rest[..end + 1], &rest[end + 4..]),
        None => return Err(NotATask::Unclosed),
    };
    let body = body
        .split_once('\n')
        .map_or("", |(_, body)| body)
        .to_string();
    let (value, quoted) = parse(yaml).map_err(NotATask::BadYaml)?;
    let fields = match value {
        Value::Mapping(fields) => fields,
        Value::Null => Mapping::new(),
        _ => return Err(NotATask::NotAMapping),
    };
    Ok(Split {
        fields,
        body,
        quoted,
    })
}

/// Parses YAML, quoting values that start with a reserved character when
/// strict YAML rejects them; returns the values it quoted, or why it failed.
/// It reads YAML as the loader does: too deep or too large once aliases are
/// expanded is refused, and quoting cannot help then.
pub(super) fn parse(yaml: &str) -> Result<(Value, Vec<String>), String> {
    match read_yaml(yaml) {
        Ok(value) => Ok((value, Vec::new())),
        Err(YamlError::Parse(error)) => {
            let (fixed, quoted) = quote_reserved(yaml);
            match read_yaml(&fixed) {
                Ok(value) if !quoted.is_empty() => Ok((value, quoted)),
                _ => Err(first_line(&error.to_string())),
            }
        }
        Err(other) => Err(other.to_string()),
    }
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_string()
}

/// Characters YAML reserves at the start of a plain value.
const RESERVED: [char; 2] = ['@', '`'];

/// The YAML with every value that starts with a reserved character quoted,
/// in `key: value`, `- value` and `[a, b]` positions, and the values quoted.
fn quote_reserved(yaml: &str) -> (String, Vec<String>) {
    let mut quoted = Vec::new();
    let mut out = String::with_capacity(yaml.len() + 16);
    // Inside a block scalar (`key: |`), lines are text, left alone.
    let mut block: Option<usize> = None;
    for line in yaml.lines() {
        let indent = line.len() - line.trim_start().len();
        match block {
            Some(owner) if indent > owner || line.trim().is_empty() => {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            _ => block = None,
        }
        let value_part = line.trim_end();
        if value_part.ends_with(['|', '>'])
            || value_part.ends_with("|-")
            || value_part.ends_with(">-")
            || value_part.ends_with("|+")
            || value_part.ends_with(">+")
        {
            block = Some(indent);
        }
        let (lead, value) = match line.trim_start() {
            rest if rest.starts_with("- ") => (&line[..indent + 2], &rest[2..]),
            rest => match rest.find(": ") {
                Some(at) => (&line[..indent + at + 2], &rest[at + 2..]),
                None => (line, ""),
            },
        };
        out.push_str(lead);
        out.push_str(&quote_value(value, &mut quoted));
        out.push('\n');
    }
    (out, quoted)
}

fn quote_value(value: &str, quoted: &mut Vec<String>) -> String {
    let trimmed = value.trim();
    if let Some(inner) = trimmed.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        let items: Vec<String> = inner
            .split(',')
            .map(|item| quote_value(item, quoted))
            .collect();
        return format!("[{}]", items.join(", "));
    }
    if trimmed.starts_with(RESERVED) {
        quoted.push(trimmed.to_string());
        return format!("\"{}\"", trimmed.replace('\\', "\\\\").replace('"', "\\\""));
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_starting_with_at_are_quoted_and_reported() {
        let text = "---\nid: task-1\nassignee: @alice\nreviewers: [@bob, carol]\nwatchers:\n  - @dan\n---\nBody\n";
        let split = split(text).expect("recovered");
        assert_eq!(split.quoted, ["@alice", "@bob", "@dan"]);
        assert_eq!(split.fields["assignee"].as_str(), Some("@alice"));
        assert_eq!(split.fields["reviewers"][1].as_str(), Some("carol"));
        assert_eq!(split.body, "Body\n");
    }

    #[test]
    fn block_scalars_are_left_alone() {
        let text = "---\nassignee: @alice\nnotes: |\n  - @bob to review\n  done\n---\n";
        let split = split(text).expect("recovered");
        assert_eq!(split.quoted, ["@alice"]);
        assert_eq!(
            split.fields["notes"].as_str(),
            Some("- @bob to review\ndone\n")
        );
    }

    #[test]
    fn files_that_are_not_tasks_say_why() {
        assert_eq!(split("# Readme\n").unwrap_err(), NotATask::NoFrontMatter);
        assert_eq!(split("---\n- a\n---\n").unwrap_err(), NotATask::NotAMapping);
        assert_eq!(split("---\nid: a\n").unwrap_err(), NotATask::Unclosed);
        assert!(matches!(
            split("---\na: [b\n---\n"),
            Err(NotATask::BadYaml(_))
        ));
        let empty = split("---\n---\nText").expect("empty front matter");
        assert!(empty.fields.is_empty());
        assert_eq!(empty.body, "Text");
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_are_read() {
        let split = split("\u{feff}---\r\nid: task-2\r\n---\r\nBody\r\n").expect("read");
        assert_eq!(split.fields["id"].as_str(), Some("task-2"));
        assert_eq!(split.body, "Body\n");
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_or_says_why(text in "(---\n|\\PC|\n|: |@|- |\\[|\\]){0,40}") {
            let _ = split(&text);
        }
    }
}
