//! Positions as the protocol counts them (0-based lines, columns in UTF-16
//! code units unless the client takes UTF-8) and byte offsets in text.

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, TextEdit};

/// What a column counts: the client's choice at initialize.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Encoding {
    /// Bytes.
    Utf8,
    /// UTF-16 code units, the protocol's default.
    Utf16,
}

/// A text with the byte offset of each line's start.
pub(super) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    /// Indexes the lines of `text`.
    pub(super) fn new(text: &'a str, encoding: Encoding) -> Lines<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            encoding,
        }
    }

    /// The text of a 0-based line, without its line ending.
    pub(super) fn line(&self, line: usize) -> &'a str {
        let Some(&start) = self.starts.get(line) else {
            return "";
        };
        let end = self.starts.get(line + 1).map_or(self.text.len(), |e| e - 1);
        let text = &self.text[start..end.max(start)];
        text.strip_suffix('\r').unwrap_or(text)
    }

    /// How many lines there are.
    pub(super) fn count(&self) -> usize {
        self.starts.len()
    }

    /// The byte offset of `position`, clamped to its line and the text.
    pub(super) fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let text = self.line(line);
        start + byte_in_line(text, position.character as usize, self.encoding)
    }

    /// The position of a byte offset.
    pub(super) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let text = self.line(line);
        let within = (offset - self.starts[line]).min(text.len());
        let within = floor_boundary(text, within);
        Position::new(line as u32, units(&text[..within], self.encoding))
    }

    /// The range of bytes `range` of the text.
    pub(super) fn range(&self, range: std::ops::Range<usize>) -> Range {
        Range::new(self.position(range.start), self.position(range.end))
    }

    /// The position of a 1-based line and 1-based column in characters, as
    /// diagnostics give them.
    pub(super) fn at_char(&self, line: usize, column: usize) -> Position {
        let line = line.saturating_sub(1);
        let text = self.line(line);
        let byte = text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        Position::new(line as u32, units(&text[..byte], self.encoding))
    }
}

/// The byte offset in `line` of a column counted in `encoding`, clamped.
fn byte_in_line(line: &str, column: usize, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => floor_boundary(line, column.min(line.len())),
        Encoding::Utf16 => {
            let mut units = 0;
            for (i, c) in line.char_indices() {
                if units >= column {
                    return i;
                }
                units += c.len_utf16();
            }
            line.len()
        }
    }
}

/// How many columns `text` takes in `encoding`.
fn units(text: &str, encoding: Encoding) -> u32 {
    let n = match encoding {
        Encoding::Utf8 => text.len(),
        Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
    };
    n as u32
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Applies one change the client sent to a document's text.
pub(super) fn apply(
    text: &mut String,
    change: &TextDocumentContentChangeEvent,
    encoding: Encoding,
) {
    match change.range {
        None => text.clone_from(&change.text),
        Some(range) => {
            let lines = Lines::new(text, encoding);
            let (start, end) = (lines.offset(range.start), lines.offset(range.end));
            let (start, end) = (start.min(end), start.max(end));
            text.replace_range(start..end, &change.text);
        }
    }
}

/// One edit that turns `old` into `new`: the part between their common
/// start and common end.
pub(super) fn edit_between(old: &str, new: &str, encoding: Encoding) -> TextEdit {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    start = floor_boundary(old, start.min(old.len()));
    let max_end = old.len().min(new.len()) - start;
    let mut end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_end)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - end) || !new.is_char_boundary(new.len() - end) {
        end -= 1;
    }
    let lines = Lines::new(old, encoding);
    TextEdit::new(
        lines.range(start..old.len() - end),
        new[start..new.len() - end].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units_or_bytes() {
        let text = "a: é𝄞x\r\nb";
        let utf16 = Lines::new(text, Encoding::Utf16);
        assert_eq!(utf16.offset(Position::new(0, 4)), 5);
        assert_eq!(utf16.offset(Position::new(0, 6)), 9);
        assert_eq!(utf16.position(9), Position::new(0, 6));
        assert_eq!(utf16.offset(Position::new(0, 99)), 10);
        assert_eq!(utf16.offset(Position::new(1, 0)), 12);
        assert_eq!(utf16.offset(Position::new(7, 0)), text.len());
        assert_eq!(utf16.at_char(1, 6), Position::new(0, 6));
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(utf8.offset(Position::new(0, 4)), 3);
        assert_eq!(utf8.position(9), Position::new(0, 9));
        assert_eq!(utf8.line(0), "a: é𝄞x");
    }

    #[test]
    fn changes_apply_in_place() {
        let mut text = "title: A\nteam: alfa\n".to_string();
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(1, 8), Position::new(1, 9))),
            range_length: None,
            text: "ph".into(),
        };
        apply(&mut text, &change, Encoding::Utf16);
        assert_eq!(text, "title: A\nteam: alpha\n");
    }

    #[test]
    fn an_edit_covers_only_what_changed() {
        let edit = edit_between("a\nb\nc\n", "a\nb\nX\nc\n", Encoding::Utf16);
        assert_eq!(edit.new_text, "X\n");
        assert_eq!(
            edit.range,
            Range::new(Position::new(2, 0), Position::new(2, 0))
        );
        let same = edit_between("é", "é", Encoding::Utf16);
        assert_eq!(same.new_text, "");
        let accent = edit_between("é", "è", Encoding::Utf8);
        assert_eq!(
            accent.range,
            Range::new(Position::new(0, 0), Position::new(0, 2))
        );
    }
}
