//! Finding where a value sits in YAML text.
//!
//! The YAML parser gives positions only for syntax errors, so a diagnostic about
//! a parsed value finds its key or list item here, from the text, by following
//! a path such as `objectives[2].features[0]`. It understands block mappings,
//! block sequences and flow collections; when it cannot follow the whole path it
//! returns the deepest position it reached. It runs only when reporting, and
//! each collection's keys and items are found once, so a file with thousands
//! of findings costs time in proportion to its size, not its size squared.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// One step of a path into a YAML document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A key of a mapping.
    Key(&'a str),
    /// An item of a sequence, from 0.
    Index(usize),
}

/// A position in the YAML text: 0-based line and byte column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Pos {
    /// 0-based line.
    pub line: usize,
    /// Byte offset within the line.
    pub col: usize,
}

/// The lines of one YAML text and the keys and items of each collection in it
/// found so far. Made once per file and shared by every lookup in it.
#[derive(Debug, Default)]
pub struct Locator {
    lines: Vec<Range<usize>>,
    children: Mutex<HashMap<Pos, Arc<Children>>>,
}

/// The keys and items of one collection, each with the position of its value.
#[derive(Debug, Default)]
struct Children {
    items: Vec<(Pos, Option<Pos>)>,
    keys: HashMap<String, (Pos, Option<Pos>)>,
}

/// Where following a path ended.
struct Found {
    item: Pos,
    value: Option<Pos>,
    complete: bool,
}

impl Locator {
    /// Indexes the lines of `yaml`.
    pub fn new(yaml: &str) -> Locator {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in yaml.split('\n') {
            let end = start + line.strip_suffix('\r').unwrap_or(line).len();
            lines.push(start..end);
            start += line.len() + 1;
        }
        Locator {
            lines,
            children: Mutex::new(HashMap::new()),
        }
    }

    /// The position of the deepest key or item of `path` found in `yaml`, or
    /// `None` when not even the first step is there. `yaml` must be the text
    /// this locator was made from.
    pub fn locate(&self, yaml: &str, path: &[Seg]) -> Option<Pos> {
        self.follow(yaml, path).map(|found| found.item)
    }

    /// Like [`Locator::locate`], but when the whole path is found and its
    /// value is a scalar on the same line, the position of that value (`alfa`
    /// in `team: alfa`).
    pub fn locate_value(&self, yaml: &str, path: &[Seg]) -> Option<Pos> {
        let found = self.follow(yaml, path)?;
        let doc = Doc {
            yaml,
            lines: &self.lines,
        };
        match found.value {
            Some(value) if found.complete && value.line == found.item.line => {
                match doc.char_at(value) {
                    Some('[' | '{' | '|' | '>') | None => Some(found.item),
                    Some(_) => Some(value),
                }
            }
            _ => Some(found.item),
        }
    }

    fn follow(&self, yaml: &str, path: &[Seg]) -> Option<Found> {
        let doc = Doc {
            yaml,
            lines: &self.lines,
        };
        let mut node = doc.next_content(Pos { line: 0, col: 0 })?;
        let mut found: Option<Found> = None;
        for (step, &seg) in path.iter().enumerate() {
            let children = self.children_of(&doc, node);
            let child = match seg {
                Seg::Key(key) => children.keys.get(key).copied(),
                Seg::Index(i) => children.items.get(i).copied(),
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

    fn children_of(&self, doc: &Doc, node: Pos) -> Arc<Children> {
        let mut cache = self.children.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(node)
            .or_insert_with(|| {
                Arc::new(match doc.char_at(node) {
                    Some('[' | '{') => doc.flow_children(node),
                    _ => doc.block_children(node),
                })
            })
            .clone()
    }
}

struct Doc<'a> {
    yaml: &'a str,
    lines: &'a [Range<usize>],
}

impl Doc<'_> {
    fn line(&self, number: usize) -> Option<&str> {
        self.lines
            .get(number)
            .map(|range| &self.yaml[range.clone()])
    }

    fn char_at(&self, pos: Pos) -> Option<char> {
        self.line(pos.line)?.get(pos.col..)?.chars().next()
    }

    /// The first content at or after `pos`: the rest of its line when that is
    /// not empty or a comment, else the first non-blank following line.
    fn next_content(&self, pos: Pos) -> Option<Pos> {
        let line = self.line(pos.line)?;
        let rest = line.get(pos.col..).unwrap_or("");
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if !trimmed.is_empty() && !trimmed.starts_with('#') {
            return Some(Pos {
                line: pos.line,
                col: pos.col + rest.len() - trimmed.len(),
            });
        }
        (pos.line + 1..self.lines.len())
            .filter_map(|l| Some((l, self.line(l)?)))
            .find(|(_, text)| !is_blank(text))
            .map(|(l, text)| Pos {
                line: l,
                col: indent(text),
            })
    }

    /// The keys and items of the block collection starting at `node`: lines
    /// indented exactly as far as `node`, until a line indented less.
    fn block_children(&self, node: Pos) -> Children {
        let col = node.col;
        let mut children = Children::default();
        let siblings = std::iter::once(node.line).chain(
            (node.line + 1..self.lines.len())
                .filter(|&l| self.line(l).is_some_and(|t| !is_blank(t)))
                .take_while(|&l| self.line(l).is_some_and(|t| indent(t) >= col))
                .filter(|&l| self.line(l).is_some_and(|t| indent(t) == col)),
        );
        for line in siblings {
            let Some(text) = self.line(line).and_then(|t| t.get(col..)) else {
                continue;
            };
            let at = Pos { line, col };
            if is_dash(text) {
                children
                    .items
                    .push((at, self.next_content(Pos { line, col: col + 1 })));
            } else if let Some((key, len)) = key_of(text) {
                let value = self.next_content(Pos {
                    line,
                    col: col + len,
                });
                children.keys.entry(key).or_insert((at, value));
            }
        }
        children
    }

    /// The keys and items of the flow collection (`[...]` or `{...}`) at `node`.
    fn flow_children(&self, node: Pos) -> Children {
        let mut children = Children::default();
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut expecting_item = false;
        for line in node.line..self.lines.len() {
            let Some(text) = self.line(line) else { break };
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
                            return children;
                        }
                    }
                    ',' if depth == 1 => {
                        expecting_item = true;
                        continue;
                    }
                    '"' | '\'' => quote = Some(ch),
                    '#' if col == 0 || text[..col].ends_with([' ', '\t']) => break,
                    _ => {}
                }
                if depth == 1 && expecting_item && !ch.is_whitespace() {
                    expecting_item = false;
                    let at = Pos { line, col };
                    children.items.push((at, Some(at)));
                    if let Some((key, len)) = key_of(&text[col..]) {
                        let value = self.next_content(Pos {
                            line,
                            col: col + len,
                        });
                        children.keys.entry(key).or_insert((at, value));
                    }
                }
            }
        }
        children
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

/// If `text` starts with a mapping key (`key:`, `"key":` or `'key':`), the key
/// and the length up to and including the colon.
pub(crate) fn key_of(text: &str) -> Option<(String, usize)> {
    if let Some(q @ ('"' | '\'')) = text.chars().next() {
        let close = text[1..].find(q)? + 1;
        let after = &text[close + 1..];
        let colon = after.len() - after.trim_start_matches([' ', '\t']).len();
        after[colon..].strip_prefix(':')?;
        return Some((text[1..close].to_string(), close + 1 + colon + 1));
    }
    let mut search = 0;
    while let Some(i) = text[search..].find(':') {
        let colon = search + i;
        let rest = &text[colon + 1..];
        if rest.is_empty() || rest.starts_with([' ', '\t']) {
            let key = text[..colon].trim_end();
            return (!key.is_empty() && !key.starts_with(['#', '[', '{', '-']))
                .then(|| (key.to_string(), colon + 1));
        }
        search = colon + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Seg::{Index, Key};
    use super::*;

    fn locate(yaml: &str, path: &[Seg]) -> Option<Pos> {
        Locator::new(yaml).locate(yaml, path)
    }

    fn locate_value(yaml: &str, path: &[Seg]) -> Option<Pos> {
        Locator::new(yaml).locate_value(yaml, path)
    }

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
