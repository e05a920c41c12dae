//! Splitting a Markdown file into YAML front matter and body, by byte offsets,
//! so that every later position maps exactly to a line of the file.

use std::ops::Range;

/// Where the parts of a file are, as byte ranges of its text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Split {
    /// The YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// Where the Markdown body starts.
    pub body_start: usize,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum SplitError {
    /// The file is empty or only white space.
    Empty,
    /// The first line is not `---`.
    NoOpening,
    /// No closing `---` line follows the opening one.
    NoClosing,
}

/// Splits `text` into front matter and body. The opening line must be `---`
/// (after an optional byte-order mark); the closing line is the next `---` or
/// `...`. Trailing white space on those lines and CRLF endings are accepted.
pub(super) fn split(text: &str) -> Result<Split, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines { text, pos: start };
    let Some(first) = lines.next() else {
        return Err(SplitError::Empty);
    };
    if !is_fence(&text[first.clone()], "---") {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = lines.pos;
    for line in lines.by_ref() {
        let content = &text[line.clone()];
        if is_fence(content, "---") || is_fence(content, "...") {
            return Ok(Split {
                yaml: yaml_start..line.start,
                body_start: lines.pos,
            });
        }
    }
    Err(SplitError::NoClosing)
}

fn is_fence(line: &str, fence: &str) -> bool {
    line.strip_prefix(fence)
        .is_some_and(|rest| rest.trim_end().is_empty())
}

/// Iterates over line ranges without their `\n`, tracking where the next line starts.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for Lines<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (len, advance) = match rest.find('\n') {
            Some(i) => (i, i + 1),
            None => (rest.len(), rest.len()),
        };
        let line = self.pos..self.pos + len;
        self.pos += advance;
        Some(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf() {
        let text = "---\ntitle: x\n---\nbody\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: x\n");
        assert_eq!(&text[s.body_start..], "body\n");

        let text = "---\r\ntitle: x\r\n---  \r\nbody\r\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.clone()], "title: x\r\n");
        assert_eq!(&text[s.body_start..], "body\r\n");
    }

    #[test]
    fn accepts_empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, 4..4);
        assert_eq!(s.body_start, 7);
    }

    #[test]
    fn reports_each_failure() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split(" \n\n"), Err(SplitError::Empty));
        assert_eq!(split("# Title\n"), Err(SplitError::NoOpening));
        assert_eq!(split("----\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::NoClosing));
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let text = "\u{feff}---\ntitle: x\n---\n";
        assert_eq!(&text[split(text).unwrap().yaml], "title: x\n");
    }
}
