//! The text of the files that were read, and positions in it.

mod locate;
mod scan;

pub(crate) use locate::key_of;
pub use locate::{Locator, Pos, Seg};
pub use scan::{Scan, scan};

use std::ops::Range;
use std::sync::OnceLock;

/// Index of a [`SourceFile`] in [`crate::model::Backlog::files`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub usize);

/// One file of the backlog root as it was read, kept for diagnostics and pages.
#[derive(Debug, Default)]
pub struct SourceFile {
    /// Path relative to the backlog root, with `/` separators.
    pub path: String,
    /// The whole text of the file (empty when it was not valid UTF-8).
    pub text: String,
    /// Byte range of the YAML front matter (the whole text for `rankdown.yaml`).
    pub front_matter: Range<usize>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    /// Where each line starts, made when first needed.
    line_starts: OnceLock<Vec<usize>>,
    /// Positions in the front matter, made when first needed.
    locator: OnceLock<Locator>,
}

impl SourceFile {
    /// A file read from `path` whose front matter and body are at the given places.
    pub fn new(
        path: impl Into<String>,
        text: String,
        front_matter: Range<usize>,
        body_start: usize,
    ) -> SourceFile {
        SourceFile {
            path: path.into(),
            text,
            front_matter,
            body_start,
            ..SourceFile::default()
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    fn locator(&self) -> &Locator {
        self.locator.get_or_init(|| Locator::new(self.yaml()))
    }

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
        let line = self.line_of(offset);
        let column = self.text[self.line_starts()[line - 1]..offset]
            .chars()
            .count()
            + 1;
        (line, column)
    }

    /// The 1-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts().partition_point(|&s| s <= offset)
    }

    /// The 1-based line and column of the value at `path` in the front
    /// matter when it is a scalar on its key's line, else of the key or list
    /// item; the deepest part of the path that exists, else the start of the
    /// front matter.
    pub fn position(&self, path: &[Seg]) -> (usize, usize) {
        self.to_line_col(self.locator().locate_value(self.yaml(), path))
    }

    /// Like [`SourceFile::position`], but always the key, never its value.
    pub fn key_position(&self, path: &[Seg]) -> (usize, usize) {
        self.to_line_col(self.locator().locate(self.yaml(), path))
    }

    fn to_line_col(&self, found: Option<Pos>) -> (usize, usize) {
        let (first_line, _) = self.line_col(self.front_matter.start);
        match found {
            Some(pos) => {
                let line = self.line_text(first_line + pos.line).unwrap_or("");
                let column = line.get(..pos.col).map_or(0, |t| t.chars().count()) + 1;
                (first_line + pos.line, column)
            }
            None => (first_line.max(1), 1),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let starts = self.line_starts();
        let start = *starts.get(line.checked_sub(1)?)?;
        let end = starts.get(line).map_or(self.text.len(), |next| next - 1);
        let text = &self.text[start..end.max(start)];
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
        SourceFile::new("x.md", text.into(), 0..0, 0)
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
