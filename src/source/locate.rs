//! Finding where a value sits in YAML text.
//!
//! The YAML parser gives positions only for syntax errors, so a diagnostic about
//! a parsed value finds its key or list item here, from the text, by following
//! a path such as `objectives[2].features[0]`. It understands block mappings,
//! block sequences and flow collections; when it cannot follow the whole path it
//! returns the deepest position it reached. It runs only when reporting.

/// One step of a path into a YAML document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A key of a mapping.
    Key(&'a str),
    /// An item of a sequence, from 0.
    Index(usize),
}

/// A position in the YAML text: 0-based line and byte column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    /// 0-based line.
    pub line: usize,
    /// Byte offset within the line.
    pub col: usize,
}

/// The position of the deepest key or item of `path` found in `yaml`, or
/// `None` when not even the first step is there.
pub fn locate(yaml: &str, path: &[Seg]) -> Option<Pos> {
    follow(yaml, path).map(|found| found.item)
}

/// Like [`locate`], but when the whole path is found and its value is a
/// scalar on the same line, the position of that value (`alfa` in `team: alfa`).
pub fn locate_value(yaml: &str, path: &[Seg]) -> Option<Pos> {
    let found = follow(yaml, path)?;
    match found.value {
        Some(value) if found.complete && value.line == found.item.line => {
            let doc = Doc::new(yaml);
            match doc.char_at(value) {
                Some('[' | '{' | '|' | '>') | None => Some(found.item),
                Some(_) => Some(value),
            }
        }
        _ => Some(found.item),
    }
}

/// Where following a path ended.
struct Found {
    /// The deepest key or item found.
    item: Pos,
    /// Where its value starts, if anywhere.
    value: Option<Pos>,
    /// Whether every step of the path was found.
    complete: bool,
}

fn follow(yaml: &str, path: &[Seg]) -> Option<Found> {
    let doc = Doc::new(yaml);
    let mut node = doc.next_content(Pos { line: 0, col: 0 })?;
    let mut found: Option<Found> = None;
    for (step, &seg) in path.iter().enumerate() {
        let child = match doc.char_at(node) {
            Some('[' | '{') => doc.flow_child(node, seg),
            _ => doc.block_child(node, seg),
        };
        let Some((item, value)) = child else { break };
        found = Some(Found {
            item,
            value,
            complete: step + 1 == path.len(),
        });
        match value {
            Some(value) => node = value,
            None => break,
        }
    }
    found
}

struct Doc<'a> {
    lines: Vec<&'a str>,
}

impl<'a> Doc<'a> {
    fn new(yaml: &'a str) -> Doc<'a> {
        Doc {
            lines: yaml
                .split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l))
                .collect(),
        }
    }

    fn char_at(&self, pos: Pos) -> Option<char> {
        self.lines.get(pos.line)?.get(pos.col..)?.chars().next()
    }

    /// The first content at or after `pos`: the rest of its line when that is
    /// not empty or a comment, else the first non-blank following line.
    fn next_content(&self, pos: Pos) -> Option<Pos> {
        let line = self.lines.get(pos.line)?;
        let rest = line.get(pos.col..).unwrap_or("");
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            return Some(Pos {
                line: pos.line,
                col: pos.col + rest.len() - trimmed.len(),
            });
        }
        (pos.line + 1..self.lines.len())
            .find(|&l| !is_blank(self.lines[l]))
            .map(|l| Pos {
                line: l,
                col: indent(self.lines[l]),
            })
    }

    /// Finds a key or item of the block collection starting at `node`, returning
    /// its position and the position of its value.
    fn block_child(&self, node: Pos, seg: Seg) -> Option<(Pos, Option<Pos>)> {
        let col = node.col;
        let siblings = std::iter::once(node.line).chain(
            (node.line + 1..self.lines.len())
                .filter(|&l| !is_blank(self.lines[l]))
                .take_while(|&l| indent(self.lines[l]) >= col)
                .filter(|&l| indent(self.lines[l]) == col),
        );
        let mut index = 0;
        for line in siblings {
            let text = &self.lines[line][col..];
            let at = Pos { line, col };
            match seg {
                Seg::Key(key) => {
                    if let Some(len) = key_prefix(text, key) {
                        let value = self.next_content(Pos {
                            line,
                            col: col + len,
                        });
                        return Some((at, value));
                    }
                }
                Seg::Index(wanted) => {
                    if !is_dash(text) {
                        return None;
                    }
                    if index == wanted {
                        return Some((at, self.next_content(Pos { line, col: col + 1 })));
                    }
                    index += 1;
                }
            }
        }
        None
    }

    /// Finds a key or item of the flow collection (`[...]` or `{...}`) at `node`.
    fn flow_child(&self, node: Pos, seg: Seg) -> Option<(Pos, Option<Pos>)> {
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut expecting_item = false;
        let mut index = 0;
        for line in node.line..self.lines.len() {
            let text = self.lines[line];
            let from = if line == node.line { node.col } else { 0 };
            for (offset, ch) in text[from..].char_indices() {
                let col = from + offset;
                if let Some(q) = quote {
                    if ch == q {
                        quote = None;
                    }
                    continue;
                }
                match ch {
                    '[' | '{' => {
                        depth += 1;
                        if depth == 1 {
                            expecting_item = true;
                            continue;
                        }
                    }
                    ']' | '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return None;
                        }
                    }
                    ',' if depth == 1 => {
                        expecting_item = true;
                        index += 1;
                        continue;
                    }
                    '"' | '\'' => quote = Some(ch),
                    '#' if col == 0 || text[..col].ends_with([' ', '\t']) => break,
                    _ => {}
                }
                if depth == 1 && expecting_item && !ch.is_whitespace() {
                    expecting_item = false;
                    let at = Pos { line, col };
                    match seg {
                        Seg::Index(wanted) if wanted == index => return Some((at, Some(at))),
                        Seg::Key(key) => {
                            if let Some(len) = key_prefix(&text[col..], key) {
                                let value = self.next_content(Pos {
                                    line,
                                    col: col + len,
                                });
                                return Some((at, value));
                            }
                        }
                        Seg::Index(_) => {}
                    }
                }
            }
        }
        None
    }
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim();
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_dash(text: &str) -> bool {
    text == "-" || text.starts_with("- ") || text.starts_with("-\t")
}

/// If `text` starts with `key:` (the key plain or quoted), the length up to and
/// including the colon.
fn key_prefix(text: &str, key: &str) -> Option<usize> {
    let (quote_len, rest) = match text.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let inner = text[1..].strip_prefix(key)?.strip_prefix(q)?;
            (2, inner)
        }
        _ => (0, text.strip_prefix(key)?),
    };
    let after = rest.trim_start_matches([' ', '\t']);
    let after_colon = after.strip_prefix(':')?;
    if after_colon.is_empty() || after_colon.starts_with([' ', '\t']) || quote_len > 0 {
        Some(text.len() - after_colon.len())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::Seg::{Index, Key};
    use super::*;

    const PI: &str = "\
title: PI 3   # the third
start: 2027-01-04
iterations:
  - {id: PI-3.1, start: 2027-01-04}
  - {id: PI-3.2, start: 2027-01-18}
objectives:
  - team: checkout
    text: Guests can buy
    features: [F-7, \"F-8\", F-9]
  - team: search
    features:
    - F-1
    - F-2
backlog:
- A
- B
";

    fn at(path: &[Seg]) -> Option<(usize, usize)> {
        locate(PI, path).map(|p| (p.line, p.col))
    }

    #[test]
    fn finds_top_level_keys() {
        assert_eq!(at(&[Key("title")]), Some((0, 0)));
        assert_eq!(at(&[Key("objectives")]), Some((5, 0)));
        assert_eq!(at(&[Key("nope")]), None);
    }

    #[test]
    fn finds_block_items_and_their_keys() {
        assert_eq!(at(&[Key("objectives"), Index(1)]), Some((9, 2)));
        assert_eq!(
            at(&[Key("objectives"), Index(0), Key("text")]),
            Some((7, 4))
        );
        assert_eq!(
            at(&[Key("objectives"), Index(1), Key("features"), Index(1)]),
            Some((12, 4))
        );
        assert_eq!(at(&[Key("backlog"), Index(1)]), Some((15, 0)));
    }

    #[test]
    fn finds_flow_items() {
        assert_eq!(
            at(&[Key("objectives"), Index(0), Key("features"), Index(2)]),
            Some((8, 27))
        );
        assert_eq!(
            at(&[Key("objectives"), Index(0), Key("features"), Index(1)]),
            Some((8, 20))
        );
        assert_eq!(
            at(&[Key("iterations"), Index(1), Key("start")]),
            Some((4, 17))
        );
    }

    #[test]
    fn falls_back_to_the_deepest_found() {
        assert_eq!(at(&[Key("objectives"), Index(7)]), Some((5, 0)));
        assert_eq!(at(&[Key("backlog"), Index(9)]), Some((13, 0)));
        assert_eq!(at(&[Key("title"), Index(0)]), Some((0, 0)));
    }

    #[test]
    fn values_on_the_same_line_are_found() {
        let value = |path: &[Seg]| locate_value(PI, path).map(|p| (p.line, p.col));
        assert_eq!(value(&[Key("start")]), Some((1, 7)));
        assert_eq!(
            value(&[Key("objectives"), Index(0), Key("team")]),
            Some((6, 10))
        );
        assert_eq!(
            value(&[Key("iterations"), Index(1), Key("start")]),
            Some((4, 24))
        );
        // Collections and missing steps fall back to the key.
        assert_eq!(value(&[Key("objectives")]), Some((5, 0)));
        assert_eq!(
            value(&[Key("objectives"), Index(0), Key("features")]),
            Some((8, 4))
        );
        assert_eq!(value(&[Key("start"), Key("nope")]), Some((1, 0)));
    }

    #[test]
    fn survives_odd_text() {
        for text in [
            "",
            "\n\n",
            "[",
            "{a: [",
            "- - -",
            "a:\n\t- b",
            "'a': [\"x, y\", z]",
        ] {
            let _ = locate(text, &[Key("a"), Index(1), Key("b")]);
        }
        assert_eq!(
            locate("'a': [\"x, y\", z]", &[Key("a"), Index(1)]).map(|p| p.col),
            Some(14)
        );
        let commented = "backlog: [A-1,   # first, really\n  A-2, A-99]";
        assert_eq!(
            locate(commented, &[Key("backlog"), Index(2)]),
            Some(Pos { line: 1, col: 7 })
        );
    }
}
