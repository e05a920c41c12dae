//! What the cursor is on in a file's front matter: which field, a key or a
//! value, and the word under it. Read from the text line by line, so that
//! it works on half-typed YAML that does not parse.

use crate::source::key_of;
use std::ops::Range;

/// The place of a cursor in the front matter.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Cursor {
    /// The keys leading to it, outermost first, list items left out:
    /// `["objectives", "features"]` in a PI objective's feature list.
    pub(super) keys: Vec<String>,
    /// Whether a key or a value is written there.
    pub(super) spot: Spot,
    /// The id-like word around the cursor (byte range of the text).
    pub(super) word: Range<usize>,
    /// The value typed so far on the line, up to the cursor (byte range).
    pub(super) typed: Range<usize>,
}

/// What is written at the cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Spot {
    /// A key of the mapping `keys` leads to.
    Key,
    /// The value of the last of `keys`, or an item of its list.
    Value,
    /// A new list item of the last of `keys` (`- `), which is a value in a
    /// list of ids and a key in a list of mappings.
    Item,
}

/// One line of YAML as far as this module reads it.
struct Shape {
    /// Column of the last `- ` that opens a list item on the line.
    dash: Option<usize>,
    /// The key, the column where it starts and the column after its colon.
    key: Option<(String, usize, usize)>,
}

/// Whether `c` can be part of an id (or a key, or an enum word).
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The place of byte `offset` of `text`, if it is in `yaml`, the byte
/// range of the text that holds the front matter.
pub(super) fn at(text: &str, yaml: Range<usize>, offset: usize) -> Option<Cursor> {
    if offset < yaml.start || offset > yaml.end || !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset]
        .rfind('\n')
        .map_or(0, |i| i + 1)
        .max(yaml.start);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let col = (offset - line_start).min(line.len());
    let above: Vec<&str> = text[yaml.start..line_start].lines().collect();
    let shape = shape(line);
    let (mut keys, spot) = match (&shape.key, shape.dash) {
        (Some((key, _, after)), dash) if col >= *after => {
            let mut keys = ancestors(&above, dash.unwrap_or(key_column(&shape)), dash.is_some());
            keys.push(key.clone());
            (keys, Spot::Value)
        }
        (Some((_, start, _)), dash) => {
            let keys = ancestors(&above, dash.unwrap_or(*start), dash.is_some());
            (keys, Spot::Key)
        }
        (None, Some(dash)) if col > dash => (ancestors(&above, dash, true), Spot::Item),
        (None, _) => {
            let indent = line.len() - line.trim_start().len();
            (ancestors(&above, col.min(indent), false), Spot::Key)
        }
    };
    let mut spot = spot;
    if let Some((key, in_value)) = flow_mapping_key(&line[..col]) {
        // `- {id: PI-1.1, start: ...}`: a key of the item's mapping.
        if in_value {
            keys.push(key);
            spot = Spot::Value;
        } else {
            spot = Spot::Key;
        }
    }
    let word = word_around(line, col);
    let typed = typed_start(line, col, &shape, spot)..col;
    let shift = |r: Range<usize>| line_start + r.start..line_start + r.end;
    Some(Cursor {
        keys,
        spot,
        word: shift(word),
        typed: shift(typed),
    })
}

fn key_column(shape: &Shape) -> usize {
    shape.key.as_ref().map_or(0, |(_, start, _)| *start)
}

/// Reads one line; blank and comment lines have neither dash nor key.
fn shape(line: &str) -> Shape {
    let mut col = line.len() - line.trim_start().len();
    let mut dash = None;
    loop {
        let rest = &line[col..];
        if rest == "-" || rest.starts_with("- ") || rest.starts_with("-\t") {
            dash = Some(col);
            col += 1;
            col += line[col..].len() - line[col..].trim_start().len();
        } else {
            break;
        }
    }
    let rest = &line[col..];
    let key = match rest.starts_with('#') {
        true => None,
        false => key_of(rest).map(|(key, len)| (key, col, col + len)),
    };
    Shape { dash, key }
}

/// The keys of the mappings that hold a line whose content starts at
/// column `need` (inside a list item when `in_item`), outermost first.
fn ancestors(above: &[&str], mut need: usize, mut in_item: bool) -> Vec<String> {
    let mut keys = Vec::new();
    for line in above.iter().rev() {
        if need == 0 && !in_item {
            break;
        }
        let shape = shape(line);
        if let Some((key, start, _)) = &shape.key {
            // A list may be written at its key's own indentation.
            let same_column_list = in_item && *start == need && shape.dash.is_none();
            if *start < need || same_column_list {
                keys.push(key.clone());
                need = shape.dash.unwrap_or(*start);
                in_item = shape.dash.is_some();
                continue;
            }
        }
        if let Some(dash) = shape.dash.filter(|&d| d < need) {
            need = dash;
            in_item = true;
        }
    }
    keys.reverse();
    keys
}

/// Inside a flow mapping (`{id: x, start: y}`) that is open at the end of
/// `before`: the key being written or whose value is, and whether the
/// cursor is in its value.
fn flow_mapping_key(before: &str) -> Option<(String, bool)> {
    let mut open = None;
    let mut depth: Vec<usize> = Vec::new();
    for (i, c, quoted) in crate::source::scan(before) {
        match c {
            '{' | '[' if !quoted => depth.push(i),
            '}' | ']' if !quoted => {
                depth.pop();
            }
            _ => {}
        }
    }
    if let Some(&start) = depth.last()
        && before[start..].starts_with('{')
    {
        open = Some(start);
    }
    let start = open?;
    let entry_start = before[start..].rfind(',').map_or(start, |i| start + i) + 1;
    let entry = before[entry_start..].trim_start();
    match key_of(entry) {
        Some((key, _)) => Some((key, true)),
        None => Some((entry.to_string(), false)),
    }
}

/// The range of the id-like word around column `col` of `line`.
fn word_around(line: &str, col: usize) -> Range<usize> {
    let start = line[..col]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(col, |(i, _)| i);
    let end = line[col..]
        .char_indices()
        .find(|(_, c)| !is_word_char(*c))
        .map_or(line.len(), |(i, _)| col + i);
    start..end
}

/// Where the text being completed starts: the word for keys and ids, the
/// whole value after `key: `, `- `, `[` or `,` otherwise.
fn typed_start(line: &str, col: usize, shape: &Shape, spot: Spot) -> usize {
    let word = word_around(line, col).start;
    if spot == Spot::Key {
        return word;
    }
    let after = match (&shape.key, shape.dash) {
        (Some((_, _, after)), _) if *after <= col => *after,
        (_, Some(dash)) if dash < col => dash + 1,
        _ => return word,
    };
    let from = line[after..col]
        .rfind(['[', ',', '{'])
        .map_or(after, |i| after + i + 1);
    let blank = line[from..col].len() - line[from..col].trim_start().len();
    (from + blank).min(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor at `|` in `yaml` (front matter only).
    fn cursor(yaml: &str) -> Cursor {
        let offset = yaml.find('|').expect("a cursor");
        let text = yaml.replacen('|', "", 1);
        at(&text, 0..text.len(), offset).expect("in the front matter")
    }

    fn keys(c: &Cursor) -> Vec<&str> {
        c.keys.iter().map(String::as_str).collect()
    }

    #[test]
    fn values_of_top_level_keys() {
        let c = cursor("title: x\nteam: al|fa\n");
        assert_eq!((keys(&c), c.spot), (vec!["team"], Spot::Value));
        assert_eq!(c.word, 15..19);
        let c = cursor("depends_on: [A-1, A|]\n");
        assert_eq!((keys(&c), c.spot), (vec!["depends_on"], Spot::Value));
        assert_eq!(c.typed, 18..19);
        let c = cursor("owner: Pat M|\n");
        assert_eq!(c.typed, 7..12);
    }

    #[test]
    fn items_of_block_lists() {
        let c = cursor("backlog:\n  - A-1\n  - |\n");
        assert_eq!((keys(&c), c.spot), (vec!["backlog"], Spot::Item));
        let c = cursor("backlog:\n- A|\n");
        assert_eq!((keys(&c), c.spot), (vec!["backlog"], Spot::Item));
    }

    #[test]
    fn keys_and_values_inside_list_items() {
        let pi = "objectives:\n  - team: alpha\n    features: [F|]\n";
        let c = cursor(pi);
        assert_eq!(
            (keys(&c), c.spot),
            (vec!["objectives", "features"], Spot::Value)
        );
        let c = cursor("objectives:\n  - team: alpha\n    |\n");
        assert_eq!((keys(&c), c.spot), (vec!["objectives"], Spot::Key));
        let c = cursor("objectives:\n  - te|\n");
        assert_eq!((keys(&c), c.spot), (vec!["objectives"], Spot::Item));
        let c = cursor("iterations:\n  - {id: PI-1.1, start: 2026|}\n");
        assert_eq!(
            (keys(&c), c.spot),
            (vec!["iterations", "start"], Spot::Value)
        );
        let c = cursor("iterations:\n  - {id: PI-1.1, st|}\n");
        assert_eq!((keys(&c), c.spot), (vec!["iterations"], Spot::Key));
        let c = cursor("wsjf:\n  job_s|\n");
        assert_eq!((keys(&c), c.spot), (vec!["wsjf"], Spot::Key));
    }

    #[test]
    fn top_level_keys() {
        let c = cursor("title: x\nsta|\n");
        assert_eq!((keys(&c), c.spot), (Vec::<&str>::new(), Spot::Key));
        assert_eq!(c.typed, 9..12);
        let c = cursor("title: x\n|");
        assert_eq!((keys(&c), c.spot), (Vec::<&str>::new(), Spot::Key));
    }
}
