//! What a request about a place in a document works with: the backlog, the
//! document's text and where in it the cursor is.

use super::cursor::{self, Cursor};
use super::position::{Encoding, Lines};
use super::workspace::Workspace;
use crate::layout::{CONFIG_FILE, item_kind};
use crate::model::{Backlog, Kind};
use lsp_types::{Location, Position, Range, Uri};
use std::ops::Range as Bytes;

/// A document of the backlog and a place in it.
pub(super) struct Here<'a> {
    /// The backlog and the open documents.
    pub(super) ws: &'a Workspace,
    /// The document's path relative to the root.
    pub(super) path: &'a str,
    /// Its text as the client holds it.
    pub(super) text: &'a str,
    /// The cursor's byte offset in the text.
    pub(super) offset: usize,
    /// How the client counts columns.
    pub(super) encoding: Encoding,
}

impl<'a> Here<'a> {
    /// The place `position` in the document at `path`, if the backlog has
    /// its text (open, or read from disk).
    pub(super) fn new(
        ws: &'a Workspace,
        path: &'a str,
        position: Position,
        encoding: Encoding,
    ) -> Option<Here<'a>> {
        let text = text_of(ws, path)?;
        let offset = Lines::new(text, encoding).offset(position);
        Some(Here {
            ws,
            path,
            text,
            offset,
            encoding,
        })
    }

    /// The backlog.
    pub(super) fn backlog(&self) -> &'a Backlog {
        self.ws.backlog()
    }

    /// The kind of file the document is: `Some(None)` for rankdown.yaml,
    /// `None` when it is not a backlog file.
    pub(super) fn kind(&self) -> Option<Option<Kind>> {
        match self.path == CONFIG_FILE {
            true => Some(None),
            false => item_kind(self.path).map(Some),
        }
    }

    /// The id-like word at the cursor, if there is one.
    pub(super) fn word(&self) -> Option<(&'a str, Bytes<usize>)> {
        let line_start = self.text[..self.offset].rfind('\n').map_or(0, |i| i + 1);
        let start = self.text[line_start..self.offset]
            .char_indices()
            .rev()
            .take_while(|(_, c)| cursor::is_word_char(*c))
            .last()
            .map_or(self.offset, |(i, _)| line_start + i);
        let end = self.text[self.offset..]
            .char_indices()
            .find(|(_, c)| !cursor::is_word_char(*c))
            .map_or(self.text.len(), |(i, _)| self.offset + i);
        let word = self.text[start..end].trim_matches('.');
        (!word.is_empty()).then_some((word, start..end))
    }

    /// Where the cursor is in the front matter, if it is there.
    pub(super) fn cursor(&self) -> Option<Cursor> {
        cursor::at(self.text, self.yaml()?, self.offset)
    }

    /// The byte range of the document's YAML: all of rankdown.yaml, the
    /// front matter of a Markdown file (to the end while it is unclosed).
    fn yaml(&self) -> Option<Bytes<usize>> {
        if self.path == CONFIG_FILE {
            return Some(0..self.text.len());
        }
        crate::load::front_matter_range(self.text).or_else(|| {
            let rest = self.text.strip_prefix("---")?;
            let first = rest.find('\n')?;
            rest[..first]
                .trim()
                .is_empty()
                .then(|| 3 + first + 1..self.text.len())
        })
    }

    /// The protocol range of bytes of the document.
    pub(super) fn range(&self, bytes: Bytes<usize>) -> Range {
        Lines::new(self.text, self.encoding).range(bytes)
    }
}

/// The text of the file at `path`: the client's if it is open, else as read.
pub(super) fn text_of<'a>(ws: &'a Workspace, path: &str) -> Option<&'a str> {
    match ws.doc(path) {
        Some(doc) => Some(&doc.text),
        None => ws.backlog().file_at(path).map(|f| f.text.as_str()),
    }
}

/// The URI of the file at `path`: the client's name for it if it is open.
pub(super) fn uri_of(ws: &Workspace, path: &str) -> Option<Uri> {
    match ws.doc(path) {
        Some(doc) => Some(doc.uri.clone()),
        None => super::uri::from_path(&ws.root().join(path)),
    }
}

/// The start of the file at `path`.
pub(super) fn start_of(ws: &Workspace, path: &str) -> Option<Location> {
    let uri = uri_of(ws, path)?;
    Some(Location::new(uri, Range::default()))
}

/// The place of a 1-based line and column (in characters) in the file at
/// `path`, as far as the end of the word there.
pub(super) fn location_at(
    ws: &Workspace,
    path: &str,
    (line, column): (usize, usize),
    encoding: Encoding,
) -> Option<Location> {
    let text = text_of(ws, path)?;
    let lines = Lines::new(text, encoding);
    let start = lines.at_char(line, column);
    let line_text = lines.line(line.saturating_sub(1));
    let from = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    let length = line_text[from..]
        .chars()
        .take_while(|c| cursor::is_word_char(*c))
        .count();
    let end = lines.at_char(line, column + length);
    Some(Location::new(uri_of(ws, path)?, Range::new(start, end)))
}
