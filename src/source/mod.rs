//! The text of the files that were read, and positions in it.

mod locate;

pub use locate::{Pos, Seg, locate, locate_value};

use std::ops::Range;

/// Index of a [`SourceFile`] in [`crate::model::Backlog::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// One file of the backlog root as it was read, kept for diagnostics and pages.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the backlog root, with `/` separators.
    pub path: String,
    /// The whole text of the file (empty when it was not valid UTF-8).
    pub text: String,
    /// Byte range of the YAML front matter (the whole text for `rankdown.yaml`).
    pub front_matter: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

impl SourceFile {
    /// The YAML part of the file.
    pub fn yaml(&self) -> &str {
        &self.text[self.front_matter.clone()]
    }

    /// The Markdown body after the front matter.
    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    /// The 1-based line and column of the value at `path` in the front
    /// matter when it is a scalar on its key's line, else of the key or list
    /// item; the deepest part of the path that exists, else the start of the
    /// front matter.
    pub fn position(&self, path: &[Seg]) -> (usize, usize) {
        self.to_line_col(locate_value(self.yaml(), path))
    }

    /// Like [`SourceFile::position`], but always the key, never its value.
    pub fn key_position(&self, path: &[Seg]) -> (usize, usize) {
        self.to_line_col(locate(self.yaml(), path))
    }

    fn to_line_col(&self, found: Option<Pos>) -> (usize, usize) {
        let (first_line, _) = self.line_col(self.front_matter.start);
        match found {
            Some(pos) => {
                let line = self.yaml().split('\n').nth(pos.line).unwrap_or("");
                let column = line.get(..pos.col).map_or(0, |t| t.chars().count()) + 1;
                (first_line + pos.line, column)
            }
            None => (first_line.max(1), 1),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let text = self.text.split('\n').nth(line.checked_sub(1)?)?;
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

/// The largest char boundary at or before `offset`.
fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            path: "x.md".into(),
            text: text.into(),
            front_matter: 0..0,
            body_start: 0,
        }
    }

    #[test]
    fn line_col_counts_characters() {
        let f = file("ab\r\nçd: x\n");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        assert_eq!(f.line_col(7), (2, 3));
        assert_eq!(f.line_text(2), Some("çd: x"));
        assert_eq!(f.line_text(1), Some("ab"));
    }
}
