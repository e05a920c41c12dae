//! Renaming one key of a mapping, keeping its value and comments.

use super::EditError;
use super::splice::{self, Splice};
use super::text::Text;
use crate::source::{Locator, Seg, key_of};
use serde_yaml::{Mapping, Value};

/// Renames the key at `path` (e.g. `[Key("wsjf"), Key("job_sise")]`, or
/// `[Key("iterations"), Index(0), Key("strat")]`) to `to`, in a block or
/// flow mapping, keeping its quotes, value and comments.
pub fn rename_key(text: &str, path: &[Seg], to: &str) -> Result<String, EditError> {
    let Some((Seg::Key(from), parent)) = path.split_last() else {
        return Err(EditError::NoSuchKey(String::new()));
    };
    let before = Text::new(text);
    let yaml = before.yaml_text();
    let doc = crate::load::read_yaml(yaml).map_err(|error| EditError::Yaml(error.to_string()))?;
    let mut wanted = doc.clone();
    let map =
        mapping_at(&mut wanted, parent).ok_or_else(|| EditError::NoSuchKey(from.to_string()))?;
    renamed(map, from, to)?;
    let pos = Locator::new(yaml)
        .locate(yaml, path)
        .ok_or_else(|| EditError::NoSuchKey(from.to_string()))?;
    let line = before.lines[pos.line];
    let content = before.content(line);
    let written = &content[pos.col..];
    let found = key_of(written).is_some_and(|(key, _)| key == *from);
    let quoted = usize::from(written.starts_with(['"', '\'']));
    if !found || written.get(quoted..quoted + from.len()) != Some(*from) || !plain_key(to) {
        return Err(EditError::Unsupported(format!(
            "the key `{from}` is written in a way rankdown cannot edit"
        )));
    }
    let start = line.start + pos.col + quoted;
    let splice = Splice {
        range: start..start + from.len(),
        text: to.to_string(),
    };
    let after = splice::apply(text, vec![splice]);
    super::verify::same(&before, &after, &wanted, from)?;
    Ok(after)
}

/// The mapping at `path` below `value`.
fn mapping_at<'v>(value: &'v mut Value, path: &[Seg]) -> Option<&'v mut Mapping> {
    let mut here = value;
    for seg in path {
        here = match seg {
            Seg::Key(key) => here.get_mut(*key)?,
            Seg::Index(i) => here.get_mut(*i)?,
        };
    }
    here.as_mapping_mut()
}

/// Renames `from` to `to` in `map`, keeping the order of its keys.
fn renamed(map: &mut Mapping, from: &str, to: &str) -> Result<(), EditError> {
    if !map.contains_key(from) {
        return Err(EditError::NoSuchKey(from.to_string()));
    }
    if map.contains_key(to) {
        return Err(EditError::KeyExists(to.to_string()));
    }
    *map = std::mem::take(map)
        .into_iter()
        .map(|(key, value)| match key.as_str() == Some(from) {
            true => (Value::String(to.to_string()), value),
            false => (key, value),
        })
        .collect();
    Ok(())
}

/// Whether `key` can be written as it is, with or without quotes around it.
fn plain_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
}
