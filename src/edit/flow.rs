//! Flow lists: `[A, B, C]`, on one line or over several.

use super::EditError;
use super::list::{Item, List, Shape};
use super::scalar;
use super::splice::Splice;
use super::text::{Line, Text, ends_line};
use std::ops::Range;

/// The flow list whose `[` is at byte `open`, on `key_line` after the
/// key's colon at column `after`.
pub(super) fn read(
    text: &Text,
    open: usize,
    key_line: Line,
    after: usize,
) -> Result<(Shape, Vec<Item>), EditError> {
    let unreadable = || EditError::Unsupported("a flow list rankdown cannot read".into());
    let mut items: Vec<Item> = Vec::new();
    let mut commas: Vec<Option<usize>> = Vec::new();
    let mut l = text.index_of(key_line);
    let mut col = open - key_line.start + 1;
    let close = loop {
        let line = *text.lines.get(l).ok_or_else(unreadable)?;
        let content = text.content(line);
        let rest = &content[col.min(content.len())..];
        col = content.len() - rest.trim_start_matches([' ', '\t']).len();
        let comment = rest.trim_start().starts_with('#')
            && (col == 0 || rest.len() > rest.trim_start().len());
        if col >= content.len() || comment {
            (l, col) = (l + 1, 0);
            continue;
        }
        match content[col..].chars().next() {
            Some(']') => break (l, col),
            Some(',') => {
                let last = commas
                    .last_mut()
                    .filter(|c| c.is_none())
                    .ok_or_else(unreadable)?;
                *last = Some(line.start + col);
                col += 1;
            }
            _ => {
                if commas.last().is_some_and(Option::is_none) {
                    return Err(unreadable());
                }
                let (id, end) = scalar::read(content, col, true).ok_or_else(unreadable)?;
                items.push(Item {
                    id,
                    written: line.start + col..line.start + end,
                    line: l,
                });
                commas.push(None);
                col = end;
            }
        }
    };
    let (close_line, close_col) = close;
    let close_text = text.content(text.lines[close_line]);
    if !ends_line(&close_text[close_col + 1..]) {
        return Err(unreadable());
    }
    let close_at = text.lines[close_line].start + close_col;
    if items.is_empty() && text.all[open + 1..close_at].trim().is_empty() && close_at < key_line.end
    {
        let value = key_line.start + after..close_at + 1;
        return Ok((Shape::Empty { key_line, value }, items));
    }
    Ok((Shape::Flow { open, commas }, items))
}

/// Whether each item has a line of its own (none on the `[`'s line).
fn one_per_line(list: &List, open: usize) -> bool {
    let open_line = list.text.line_at(open).map(|l| list.text.index_of(l));
    let lines: Vec<usize> = list.items.iter().map(|item| item.line).collect();
    Some(lines[0]) != open_line && lines.windows(2).all(|w| w[0] < w[1])
}

/// The white space before item `i` on its line, if only white space is there.
fn lead<'a>(list: &List<'a>, i: usize) -> Option<&'a str> {
    let line = list.line_of(i);
    let lead = &list.text.all[line.start..list.items[i].written.start];
    lead.trim().is_empty().then_some(lead)
}

/// Inserts `written` before item `index`, or after the last item; on a line
/// of its own when each item has one.
pub(super) fn insert(list: &List, open: usize, index: usize, written: &str) -> Splice {
    let n = list.items.len();
    if n == 0 {
        return Splice::insert(open + 1, written);
    }
    let eol = list.text.eol;
    let at = index.min(n - 1);
    let own_line = one_per_line(list, open).then(|| lead(list, at)).flatten();
    let item = &list.items[at];
    match (index < n, own_line) {
        (true, Some(lead)) => Splice::insert(item.written.start, format!("{written},{eol}{lead}")),
        (true, None) => Splice::insert(item.written.start, format!("{written}, ")),
        (false, Some(lead)) => Splice::insert(item.written.end, format!(",{eol}{lead}{written}")),
        (false, None) => Splice::insert(item.written.end, format!(", {written}")),
    }
}

/// Removes item `i` with one comma next to it; a line left empty goes too.
pub(super) fn remove(list: &List, commas: &[Option<usize>], i: usize) -> Vec<Splice> {
    let text = &list.text;
    let item = &list.items[i];
    let line = list.line_of(i);
    let same_line = |at: usize| text.line_at(at) == Some(line);
    match (commas[i], i.checked_sub(1).and_then(|p| commas[p])) {
        (Some(comma), _) if same_line(comma) => {
            let rest = &text.all[comma + 1..line.end];
            let end = line.end - rest.trim_start_matches([' ', '\t']).len();
            vec![in_line(text, line, item.written.start..end)]
        }
        (Some(comma), _) => vec![
            Splice::delete(comma..comma + 1),
            in_line(text, line, item.written.clone()),
        ],
        (None, Some(before)) if same_line(before) => vec![Splice::delete(before..item.written.end)],
        (None, Some(before)) => vec![
            Splice::delete(before..before + 1),
            in_line(text, line, item.written.clone()),
        ],
        (None, None) => vec![in_line(text, line, item.written.clone())],
    }
}

/// Deletes `range` of `line`, or the whole line when nothing but white
/// space would be left of it.
fn in_line(text: &Text, line: Line, range: Range<usize>) -> Splice {
    let left = format!(
        "{}{}",
        &text.all[line.start..range.start],
        &text.all[range.end..line.end]
    );
    match left.trim().is_empty() {
        true => Splice::delete(line.start..line.next),
        false => Splice::delete(range),
    }
}
