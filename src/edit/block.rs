//! Block lists: one `- id` line per entry.

use super::EditError;
use super::list::{Item, List, Shape, block_indent};
use super::scalar;
use super::splice::Splice;
use super::text::{Line, Text, ends_line, indent, is_blank};
use std::ops::Range;

/// The block list below the key on line `key_line` (the key at column
/// `key_col`), or `None` when no `- ` line follows the key.
pub(super) fn read(
    text: &Text,
    key_line: usize,
    key_col: usize,
) -> Option<Result<(Shape, Vec<Item>), EditError>> {
    let mut lines = (key_line + 1..text.lines.len())
        .filter(|&l| !is_blank(text.content(text.lines[l])))
        .peekable();
    let first = text.content(text.lines[*lines.peek()?]);
    let dash_col = indent(first);
    if dash_col < key_col || !is_dash(&first[dash_col..]) {
        return None;
    }
    let mut items = Vec::new();
    let mut gap = None;
    for l in lines {
        let line = text.lines[l];
        let content = text.content(line);
        let depth = indent(content);
        if depth < dash_col || content.starts_with("---") || content.starts_with("...") {
            break;
        }
        if depth > dash_col {
            // An item that goes on over more lines is not one id.
            return Some(Err(not_a_list(text, key_line)));
        }
        if !is_dash(&content[depth..]) {
            break;
        }
        let after_dash = &content[depth + 1..];
        let value_col = content.len() - after_dash.trim_start_matches([' ', '\t']).len();
        gap.get_or_insert_with(|| content[depth + 1..value_col].to_string());
        match scalar::read(content, value_col, false) {
            Some((id, end)) if ends_line(&content[end..]) => items.push(Item {
                id,
                written: line.start + value_col..line.start + end,
                line: l,
            }),
            _ => return Some(Err(not_a_list(text, key_line))),
        }
    }
    let shape = Shape::Block {
        indent: first[..dash_col].to_string(),
        gap: gap.unwrap_or_else(|| " ".into()),
    };
    Some(Ok((shape, items)))
}

fn not_a_list(text: &Text, key_line: usize) -> EditError {
    let content = text.content(text.lines[key_line]);
    let key = crate::source::key_of(content.trim_start()).map_or_else(String::new, |(k, _)| k);
    EditError::NotAList(key)
}

/// Whether a line's text (after its indentation) is a block list item.
fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ") || text.starts_with("-\t")
}

/// Inserts the line `entry` at `index`: before the first item's line, else
/// just after the line of the item before it, so that a comment above an
/// item stays with that item.
pub(super) fn insert_line(list: &List, index: usize, entry: &str) -> Splice {
    let eol = list.text.eol;
    match index.checked_sub(1) {
        None => Splice::insert(list.line_of(0).start, format!("{entry}{eol}")),
        Some(previous) => after_line(list.line_of(previous), entry, eol),
    }
}

/// Inserts the line `entry` after `line`.
fn after_line(line: Line, entry: &str, eol: &str) -> Splice {
    match line.next > line.end {
        true => Splice::insert(line.next, format!("{entry}{eol}")),
        // The file's last line, with no line ending: keep it without one.
        false => Splice::insert(line.end, format!("{eol}{entry}")),
    }
}

/// Removes the line of item `i`.
pub(super) fn remove_line(list: &List, i: usize) -> Splice {
    let line = list.line_of(i);
    if line.next > line.end {
        return Splice::delete(line.start..line.next);
    }
    // The file's last line, with no line ending: the line before loses its.
    let before = list.text.lines[list.items[i].line - 1];
    Splice::delete(before.end..line.end)
}

/// A new block list with the one entry `written`, below the key's line,
/// after deleting what stood for an empty list (`value`: `~`, `[]`).
pub(super) fn below_key(
    list: &List,
    key_line: Line,
    value: &Range<usize>,
    written: &str,
) -> Vec<Splice> {
    let entry = format!("{}- {written}", block_indent(&list.text));
    let mut splices = vec![after_line(key_line, &entry, list.text.eol)];
    if !value.is_empty() {
        splices.push(Splice::delete(value.clone()));
    }
    splices
}

/// The key with a block list of the one entry `written`, at the end of the YAML.
pub(super) fn new_key(list: &List, written: &str) -> Splice {
    let (yaml, eol) = (list.text.yaml_text(), list.text.eol);
    let entry = format!("{}:{eol}{}- {written}", list.key, block_indent(&list.text));
    match yaml.is_empty() || yaml.ends_with('\n') {
        true => Splice::insert(list.text.yaml.end, format!("{entry}{eol}")),
        false => Splice::insert(list.text.yaml.end, format!("{eol}{entry}")),
    }
}
