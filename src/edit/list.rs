//! A top-level list of ids as it is written: where it is, how it is laid
//! out, and where each entry's text is.

use super::splice::Splice;
use super::text::{Line, Text, ends_line, indent, is_blank};
use super::{EditError, Place, block, flow, scalar};
use crate::source::{Locator, Seg, key_of};
use serde_yaml::Value;
use std::ops::Range;

/// The list under one top-level key of a file.
pub(super) struct List<'a> {
    pub(super) text: Text<'a>,
    pub(super) key: &'a str,
    pub(super) shape: Shape,
    pub(super) items: Vec<Item>,
    /// The whole YAML as parsed, to compare the edited text with.
    doc: Value,
    /// The items as YAML reads them.
    pub(super) values: Vec<Value>,
}

/// How the list is written.
pub(super) enum Shape {
    /// The key is not there.
    Missing,
    /// `key:` with no items, `key: ~` or `key: []`: `value` is what to
    /// delete before a block list is written below the key's line.
    Empty { key_line: Line, value: Range<usize> },
    /// `- id` lines, each starting with `indent`, with `gap` after the dash.
    Block { indent: String, gap: String },
    /// `[a, b]`: where the `[` is, and the comma after each item, if any.
    Flow {
        open: usize,
        commas: Vec<Option<usize>>,
    },
    /// One id alone: `key: A`.
    Alone,
}

/// One entry of the list.
#[derive(Clone, Debug)]
pub(super) struct Item {
    /// The id as YAML reads it.
    pub(super) id: String,
    /// Where it is written, quotes included.
    pub(super) written: Range<usize>,
    /// The index of its line in [`Text::lines`].
    pub(super) line: usize,
}

impl<'a> List<'a> {
    /// Finds the list under the top-level `key` of `all`'s YAML.
    pub(super) fn find(all: &'a str, key: &'a str) -> Result<List<'a>, EditError> {
        let text = Text::new(all);
        let doc = crate::load::read_yaml(text.yaml_text())
            .map_err(|error| EditError::Yaml(error.to_string()))?;
        let values = values_of(&doc, key)?;
        let yaml = text.yaml_text();
        let (shape, items) = match Locator::new(yaml).locate(yaml, &[Seg::Key(key)]) {
            None if values.is_none() => (Shape::Missing, Vec::new()),
            None => return Err(unreadable(key)),
            Some(pos) => read_value(&text, pos.line, pos.col, key)?,
        };
        let values = values.unwrap_or_default();
        let ids: Vec<Option<String>> = values.iter().map(scalar::text_of).collect();
        let same = ids.len() == items.len()
            && ids
                .iter()
                .zip(&items)
                .all(|(id, item)| id.as_ref() == Some(&item.id));
        if !same {
            return Err(unreadable(key));
        }
        Ok(List {
            text,
            key,
            shape,
            items,
            doc,
            values,
        })
    }

    /// The ids in order.
    pub(super) fn ids(&self) -> Vec<String> {
        self.items.iter().map(|item| item.id.clone()).collect()
    }

    /// Where `id` is listed, in order.
    pub(super) fn positions(&self, id: &str) -> Vec<usize> {
        let at = self.items.iter().enumerate();
        at.filter(|(_, item)| item.id == id)
            .map(|(i, _)| i)
            .collect()
    }

    /// The index a new entry at `place` gets.
    pub(super) fn index_of_place(&self, place: &Place) -> Result<usize, EditError> {
        let first = |id: &str| {
            self.positions(id)
                .first()
                .copied()
                .ok_or_else(|| EditError::NotListed(id.to_string()))
        };
        match place {
            Place::Top => Ok(0),
            Place::Bottom => Ok(self.items.len()),
            Place::After(id) => first(id).map(|i| i + 1),
            Place::Before(id) => first(id),
        }
    }

    /// How a new entry `id` is written in this list.
    pub(super) fn entry_text(&self, id: &str) -> String {
        let quote = self.items.first().and_then(|item| {
            let first = self.text.all[item.written.clone()].chars().next();
            first.filter(|c| matches!(c, '"' | '\''))
        });
        scalar::write(id, quote)
    }

    /// The text written for item `i`.
    pub(super) fn written(&self, i: usize) -> &'a str {
        &self.text.all[self.items[i].written.clone()]
    }

    /// The line of item `i`.
    pub(super) fn line_of(&self, i: usize) -> Line {
        self.text.lines[self.items[i].line]
    }

    /// Splices that insert `written` (an id as YAML text) before item
    /// `index`, or after the last one when `index` is the length.
    pub(super) fn insert(&self, index: usize, written: &str) -> Vec<Splice> {
        match &self.shape {
            Shape::Missing => vec![block::new_key(self, written)],
            Shape::Empty { key_line, value } => block::below_key(self, *key_line, value, written),
            Shape::Block { indent, gap } => {
                let line = format!("{indent}-{gap}{written}");
                vec![block::insert_line(self, index, &line)]
            }
            Shape::Flow { open, .. } => vec![flow::insert(self, *open, index, written)],
            Shape::Alone => vec![alone_insert(self, index, written)],
        }
    }

    /// Splices that remove item `i`.
    pub(super) fn remove(&self, i: usize) -> Vec<Splice> {
        match &self.shape {
            Shape::Missing | Shape::Empty { .. } => Vec::new(),
            Shape::Block { .. } => vec![block::remove_line(self, i)],
            Shape::Flow { commas, .. } => flow::remove(self, commas, i),
            Shape::Alone => vec![Splice {
                range: self.items[i].written.clone(),
                text: "[]".into(),
            }],
        }
    }

    /// Splices that move item `from` to before item `to` (after the last
    /// one when `to` is the length), keeping how it is written.
    pub(super) fn relocate(&self, from: usize, to: usize) -> Vec<Splice> {
        let mut splices = self.remove(from);
        match &self.shape {
            Shape::Block { .. } => {
                let line = self.text.content(self.line_of(from));
                splices.push(block::insert_line(self, to, line));
            }
            _ => splices.extend(self.insert(to, self.written(from))),
        }
        splices
    }

    /// `after`, if YAML reads it as the old text with only this list
    /// changed, to `expected`.
    pub(super) fn check(&self, after: String, expected: Vec<Value>) -> Result<String, EditError> {
        let mut wanted = self.doc.clone();
        if let Value::Null = wanted {
            wanted = Value::Mapping(serde_yaml::Mapping::new());
        }
        if let Value::Mapping(map) = &mut wanted {
            map.insert(
                Value::String(self.key.to_string()),
                Value::Sequence(expected),
            );
        }
        super::verify::same(&self.text, &after, &wanted, self.key)?;
        Ok(after)
    }
}

/// The values of the list under `key`: `None` when the key is missing, no
/// values when it is empty, one for a value alone.
fn values_of(doc: &Value, key: &str) -> Result<Option<Vec<Value>>, EditError> {
    let not_a_list = || EditError::NotAList(key.to_string());
    let map = match doc {
        Value::Null => return Ok(None),
        Value::Mapping(map) => map,
        _ => return Err(not_a_list()),
    };
    match map.get(key) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(Vec::new())),
        Some(Value::Sequence(items)) if items.iter().all(|v| scalar::text_of(v).is_some()) => {
            Ok(Some(items.clone()))
        }
        Some(value) if scalar::text_of(value).is_some() => Ok(Some(vec![value.clone()])),
        Some(_) => Err(not_a_list()),
    }
}

fn unreadable(key: &str) -> EditError {
    EditError::Unsupported(format!("`{key}` is written in a way rankdown cannot edit"))
}

/// The list whose key is at `col` of line `line`.
fn read_value(
    text: &Text,
    line: usize,
    col: usize,
    key: &str,
) -> Result<(Shape, Vec<Item>), EditError> {
    let key_line = text.lines[line];
    let content = text.content(key_line);
    let Some((found, len)) = key_of(&content[col..]) else {
        return Err(unreadable(key));
    };
    if found != key {
        return Err(unreadable(key));
    }
    let after = col + len;
    let rest = &content[after..];
    let value_col = after + rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let value = &content[value_col..];
    let at = |col: usize| key_line.start + col;
    if value.is_empty() || ends_line(rest) {
        let empty = Shape::Empty {
            key_line,
            value: at(after)..at(after),
        };
        return block::read(text, line, col).unwrap_or(Ok((empty, Vec::new())));
    }
    let null = ["~", "null", "Null", "NULL"]
        .into_iter()
        .find(|word| value.starts_with(word) && ends_line(&value[word.len()..]));
    if let Some(word) = null {
        let value = at(after)..at(value_col + word.len());
        return Ok((Shape::Empty { key_line, value }, Vec::new()));
    }
    if value.starts_with('[') {
        return flow::read(text, at(value_col), key_line, after);
    }
    match scalar::read(content, value_col, false) {
        Some((id, end)) if ends_line(&content[end..]) => Ok((
            Shape::Alone,
            vec![Item {
                id,
                written: at(value_col)..at(end),
                line,
            }],
        )),
        _ => Err(EditError::NotAList(key.to_string())),
    }
}

/// `key: A` with `written` put before or after `A`, as a flow list.
fn alone_insert(list: &List, index: usize, written: &str) -> Splice {
    let old = list.written(0);
    let text = match index {
        0 => format!("[{written}, {old}]"),
        _ => format!("[{old}, {written}]"),
    };
    Splice {
        range: list.items[0].written.clone(),
        text,
    }
}

/// The indentation of new block lists: that of the file's first block list
/// under a top-level key, else two spaces.
pub(super) fn block_indent(text: &Text) -> String {
    let mut after_key = false;
    for &line in &text.lines {
        let content = text.content(line);
        if is_blank(content) {
            continue;
        }
        let depth = indent(content);
        let rest = &content[depth..];
        if after_key && (rest == "-" || rest.starts_with("- ")) {
            return content[..depth].to_string();
        }
        after_key = depth == 0
            && key_of(content).is_some_and(|(_, len)| {
                ends_line(&content[len..]) || content[len..].trim().is_empty()
            });
    }
    "  ".to_string()
}
