//! The YAML part of a file, cut into lines, and the line ending it uses.

use std::ops::Range;

/// One file's text, with the YAML part found and cut into lines.
pub(super) struct Text<'a> {
    /// The whole file.
    pub(super) all: &'a str,
    /// The YAML: the front matter of a Markdown file, or the whole text
    /// after a byte-order mark.
    pub(super) yaml: Range<usize>,
    /// `"\r\n"` when the file's first line ends so, else `"\n"`.
    pub(super) eol: &'static str,
    /// The lines of the YAML part.
    pub(super) lines: Vec<Line>,
}

/// One line of the YAML part, by byte offsets into the whole text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Line {
    /// Where the line starts.
    pub(super) start: usize,
    /// Where its content ends, before `\r\n` or `\n`.
    pub(super) end: usize,
    /// Where the next line starts (after the line ending, if any).
    pub(super) next: usize,
}

impl<'a> Text<'a> {
    /// Finds the YAML part of `all` and its lines.
    pub(super) fn new(all: &'a str) -> Text<'a> {
        let yaml = crate::load::front_matter_range(all).unwrap_or_else(|| {
            let bom = if all.starts_with('\u{feff}') { 3 } else { 0 };
            bom..all.len()
        });
        let eol = match all.find('\n') {
            Some(i) if all[..i].ends_with('\r') => "\r\n",
            _ => "\n",
        };
        let mut lines = Vec::new();
        let mut start = yaml.start;
        while start < yaml.end {
            let (end, next) = match all[start..yaml.end].find('\n') {
                Some(i) => (start + i, start + i + 1),
                None => (yaml.end, yaml.end),
            };
            let end = if all[start..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            lines.push(Line { start, end, next });
            start = next;
        }
        Text {
            all,
            yaml,
            eol,
            lines,
        }
    }

    /// The YAML part.
    pub(super) fn yaml_text(&self) -> &'a str {
        &self.all[self.yaml.clone()]
    }

    /// The content of a line, without its ending.
    pub(super) fn content(&self, line: Line) -> &'a str {
        &self.all[line.start..line.end]
    }

    /// The line holding byte offset `at` of the whole text.
    pub(super) fn line_at(&self, at: usize) -> Option<Line> {
        let i = self.lines.partition_point(|l| l.next <= at);
        self.lines.get(i).copied().filter(|l| l.start <= at)
    }

    /// The index in [`Text::lines`] of a line.
    pub(super) fn index_of(&self, line: Line) -> usize {
        self.lines.partition_point(|l| l.start < line.start)
    }
}

/// How many spaces a line starts with.
pub(super) fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line holds nothing for YAML: only white space or a comment.
pub(super) fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// Whether `rest` (what follows a value on its line) is only white space
/// and perhaps a comment.
pub(super) fn ends_line(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches([' ', '\t']);
    trimmed.is_empty() || (trimmed.starts_with('#') && rest.len() > trimmed.len())
}
