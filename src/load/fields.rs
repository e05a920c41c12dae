//! Reading typed fields out of a parsed YAML mapping, reporting every missing,
//! mistyped and unknown field with its position instead of stopping at the first.

use crate::diagnostic::{Code, Diagnostic, Edit, Fix, Step};
use crate::model::Ref;
use crate::source::{Seg, SourceFile};
use crate::suggest::{did_you_mean, only_closest};
use jiff::civil::Date;
use serde_yaml::{Mapping, Value};

/// A mapping being read field by field. Every field asked for becomes a known
/// field; [`Fields::finish`] warns about the rest.
pub(super) struct Fields<'a> {
    map: &'a Mapping,
    file: &'a SourceFile,
    path: Vec<Seg<'a>>,
    known: Vec<&'static str>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    /// Reads the top-level mapping of a file.
    pub(super) fn new(map: &'a Mapping, file: &'a SourceFile) -> Fields<'a> {
        Fields::at(map, file, Vec::new())
    }

    fn at(map: &'a Mapping, file: &'a SourceFile, path: Vec<Seg<'a>>) -> Fields<'a> {
        Fields {
            map,
            file,
            path,
            known: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// The unknown-field warnings plus everything reported while reading.
    pub(super) fn finish(mut self) -> Vec<Diagnostic> {
        let unknown: Vec<String> = self
            .map
            .keys()
            .map(key_text)
            .filter(|name| !self.known.contains(&name.as_str()))
            .collect();
        let renames = self.renames(&unknown);
        for (name, rename) in unknown.iter().zip(renames) {
            let hint = did_you_mean(
                name,
                self.known.iter().copied(),
                "remove it, or move custom fields under `extra:`",
            );
            let mut path = self.path.clone();
            path.push(Seg::Key(name));
            let at = self.file.key_position(&path);
            let mut found = Diagnostic::new(
                Code::UnknownField,
                &self.file.path,
                at,
                format!("unknown field `{}`", self.dotted(name)),
                hint,
            );
            if let Some(to) = rename {
                let path = path.iter().map(Step::from).collect();
                let edit = Edit::RenameField {
                    path,
                    to: to.into(),
                };
                found = found.with_fix(Fix::new(&self.file.path, edit));
            }
            self.diagnostics.push(found);
        }
        self.diagnostics
    }

    /// For each unknown field, the known one to rename it to, when that is
    /// sure: the only closest known name, not in the mapping already and
    /// not the closest for another unknown field too.
    fn renames(&self, unknown: &[String]) -> Vec<Option<&'static str>> {
        let present = |name: &str| self.map.contains_key(name);
        let string_key = |name: &str| self.map.keys().any(|k| k.as_str() == Some(name));
        let best: Vec<Option<&'static str>> = unknown
            .iter()
            .map(|name| {
                let to = only_closest(name, self.known.iter().copied())?;
                (string_key(name) && !present(to)).then_some(to)
            })
            .collect();
        best.iter()
            .map(|to| to.filter(|to| best.iter().filter(|b| **b == Some(to)).count() == 1))
            .collect()
    }

    /// The position of `rest` below this mapping.
    fn position(&self, rest: &[Seg]) -> (usize, usize) {
        let mut path = self.path.clone();
        path.extend_from_slice(rest);
        self.file.position(&path)
    }

    /// The field's name with its parents, e.g. `wsjf.job_size`.
    fn dotted(&self, key: &str) -> String {
        let mut name = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) => {
                    if !name.is_empty() {
                        name.push('.');
                    }
                    name.push_str(k);
                }
                Seg::Index(i) => name.push_str(&format!("[{i}]")),
            }
        }
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(key);
        name
    }

    /// Reports a problem with the value of `key` (or one of its items).
    pub(super) fn report(
        &mut self,
        code: Code,
        rest: &[Seg],
        message: String,
        hint: impl Into<String>,
    ) {
        let at = self.position(rest);
        self.diagnostics
            .push(Diagnostic::new(code, &self.file.path, at, message, hint));
    }

    fn bad_value(&mut self, key: &'static str, expected: &str, found: &Value) {
        let message = format!(
            "`{}` must be {expected}, found {}",
            self.dotted(key),
            describe(found)
        );
        let hint = match found {
            Value::String(text) if text.parse::<f64>().is_ok() => {
                format!("remove the quotes: `{key}: {text}`")
            }
            _ => format!("write `{key}:` as {expected}"),
        };
        self.report(Code::BadValue, &[Seg::Key(key)], message, hint);
    }

    /// The value of `key`, if present and not null; marks `key` as known.
    pub(super) fn value(&mut self, key: &'static str) -> Option<&'a Value> {
        self.known.push(key);
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Reports `key` as missing, with `why` explaining when it is required.
    pub(super) fn missing(&mut self, key: &'static str, why: &str) {
        self.missing_at(key, why, &[]);
    }

    /// Reports `key` as missing at the field that makes it required (`at`
    /// below this mapping; empty for the mapping itself).
    fn missing_at(&mut self, key: &'static str, why: &str, at: &[Seg]) {
        let at = self.position(at);
        self.diagnostics.push(Diagnostic::new(
            Code::MissingField,
            &self.file.path,
            at,
            format!("missing required field `{}`{why}", self.dotted(key)),
            format!("add a `{key}: ...` line"),
        ));
    }

    /// Passes `value` through, reporting `key` as missing when it is absent
    /// (a present but invalid value was reported when it was read).
    pub(super) fn require<T>(
        &mut self,
        key: &'static str,
        value: Option<T>,
        why: &str,
    ) -> Option<T> {
        if value.is_none() && self.value(key).is_none() {
            self.missing(key, why);
        }
        value
    }

    /// Like [`Fields::require`] for a field required because of the value of
    /// `trigger` (points because of the status, say): reported on that line.
    pub(super) fn require_because<T>(
        &mut self,
        key: &'static str,
        value: Option<T>,
        why: &str,
        trigger: &'static str,
    ) -> Option<T> {
        if value.is_none() && self.value(key).is_none() {
            self.missing_at(key, why, &[Seg::Key(trigger)]);
        }
        value
    }

    /// A text field that must be present.
    pub(super) fn required_text(&mut self, key: &'static str) -> Option<String> {
        let text = self.text(key);
        self.require(key, text, "")
    }

    /// The value of `key` converted by `convert`, reporting a value it
    /// refuses as not being `expected`.
    fn convert<T>(
        &mut self,
        key: &'static str,
        expected: &str,
        convert: impl Fn(&Value) -> Option<T>,
    ) -> Option<T> {
        let value = self.value(key)?;
        let converted = convert(value);
        if converted.is_none() {
            self.bad_value(key, expected, value);
        }
        converted
    }

    /// An optional text field; numbers and booleans are taken as written.
    pub(super) fn text(&mut self, key: &'static str) -> Option<String> {
        self.convert(key, "text", scalar_text)
    }

    /// An optional whole number in `0..=u32::MAX`.
    pub(super) fn count(&mut self, key: &'static str) -> Option<u32> {
        self.convert(key, "a whole number of 0 or more", |v| {
            v.as_u64().and_then(|n| u32::try_from(n).ok())
        })
    }

    /// An optional whole number, possibly negative.
    pub(super) fn integer(&mut self, key: &'static str) -> Option<i64> {
        self.convert(key, "a whole number", Value::as_i64)
    }

    /// An optional number.
    pub(super) fn number(&mut self, key: &'static str) -> Option<f64> {
        self.convert(key, "a number", |v| v.as_f64().filter(|n| n.is_finite()))
    }

    /// An optional `true` or `false`.
    pub(super) fn flag(&mut self, key: &'static str) -> Option<bool> {
        self.convert(key, "true or false", Value::as_bool)
    }

    /// An optional ISO date (`2027-01-04`).
    pub(super) fn date(&mut self, key: &'static str) -> Option<Date> {
        self.convert(key, "a date written YYYY-MM-DD", |v| {
            scalar_text(v).and_then(|t| t.parse::<Date>().ok())
        })
    }

    /// An optional value from a fixed set, e.g. a status, each option
    /// written as `word` names it.
    pub(super) fn choice<T: Copy>(
        &mut self,
        key: &'static str,
        options: &[T],
        word: fn(T) -> &'static str,
    ) -> Option<T> {
        let value = self.value(key)?;
        let text = scalar_text(value);
        if let Some(&choice) = options.iter().find(|o| Some(word(**o)) == text.as_deref()) {
            return Some(choice);
        }
        let names: Vec<&str> = options.iter().map(|o| word(*o)).collect();
        let list = names.join(", ");
        let hint = did_you_mean(
            text.as_deref().unwrap_or(""),
            names.iter().copied(),
            format!("use one of: {list}"),
        );
        let message = format!(
            "`{}` must be one of {list}; found {}",
            self.dotted(key),
            describe(value)
        );
        self.report(Code::BadValue, &[Seg::Key(key)], message, hint);
        None
    }

    /// An optional list of text; a single value counts as a list of one.
    pub(super) fn text_list(&mut self, key: &'static str) -> Vec<String> {
        self.list(key, "write each item as text on its own `- ` line", false)
            .into_iter()
            .map(|r| r.id)
            .collect()
    }

    /// An optional list of ids, each with its position in the list.
    pub(super) fn ref_list(&mut self, key: &'static str) -> Vec<Ref> {
        self.list(key, "write each item as an id such as `CHK-12`", true)
    }

    /// An optional list of scalars with their positions; `item_hint` says how
    /// to fix an item that is not a scalar. A single text with commas where a
    /// list of `ids` belongs is reported: ids never contain `, `.
    fn list(&mut self, key: &'static str, item_hint: &str, ids: bool) -> Vec<Ref> {
        let Some(value) = self.value(key) else {
            return Vec::new();
        };
        let items: Vec<&Value> = match value {
            Value::Sequence(items) => items.iter().collect(),
            Value::String(text) if ids && text.contains(", ") => {
                let message = format!("`{}` is one text with commas, not a list", self.dotted(key));
                let hint = format!("write a list as `{key}: [{text}]`");
                self.report(Code::BadValue, &[Seg::Key(key)], message, hint);
                return Vec::new();
            }
            other => vec![other],
        };
        let mut refs = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            match scalar_text(item) {
                Some(id) => refs.push(Ref { id, index }),
                None => {
                    let message = format!(
                        "`{}` items must be text, found {}",
                        self.dotted(key),
                        describe(item)
                    );
                    self.report(
                        Code::BadValue,
                        &[Seg::Key(key), Seg::Index(index)],
                        message,
                        item_hint,
                    );
                }
            }
        }
        refs
    }

    /// An optional nested mapping, read with its own known fields.
    pub(super) fn mapping(&mut self, key: &'static str) -> Option<Fields<'a>> {
        let value = self.value(key)?;
        match value.as_mapping() {
            Some(map) => {
                let mut path = self.path.clone();
                path.push(Seg::Key(key));
                Some(Fields::at(map, self.file, path))
            }
            None => {
                self.bad_value(key, "a mapping of `name: value` lines", value);
                None
            }
        }
    }

    /// An optional list of mappings, each read with its own known fields.
    pub(super) fn mapping_list(&mut self, key: &'static str) -> Vec<(usize, Fields<'a>)> {
        let Some(value) = self.value(key) else {
            return Vec::new();
        };
        let Some(items) = value.as_sequence() else {
            self.bad_value(key, "a list", value);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            match item.as_mapping() {
                Some(map) => {
                    let mut path = self.path.clone();
                    path.extend([Seg::Key(key), Seg::Index(index)]);
                    out.push((index, Fields::at(map, self.file, path)));
                }
                None => {
                    let message = format!(
                        "`{}` items must be mappings, found {}",
                        self.dotted(key),
                        describe(item)
                    );
                    self.report(
                        Code::BadValue,
                        &[Seg::Key(key), Seg::Index(index)],
                        message,
                        "write each item as `- name: value` lines",
                    );
                }
            }
        }
        out
    }

    /// The `extra:` mapping of custom fields, kept as written and never warned about.
    pub(super) fn extra(&mut self) -> Mapping {
        match self.value("extra") {
            None => Mapping::new(),
            Some(Value::Mapping(map)) => map.clone(),
            Some(other) => {
                self.bad_value("extra", "a mapping of custom fields", other);
                Mapping::new()
            }
        }
    }

    /// Takes over the findings of a nested mapping read with [`Fields::mapping`].
    pub(super) fn absorb(&mut self, nested: Fields<'_>) {
        self.diagnostics.extend(nested.finish());
    }
}

/// The text of a scalar: strings as they are, numbers and booleans as written.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn key_text(key: &Value) -> String {
    scalar_text(key).unwrap_or_else(|| describe(key))
}

/// A short description of a value for messages: `` `redy` ``, "a list", ...
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
        Value::String(text) if text.parse::<f64>().is_ok() => {
            format!("the quoted text `\"{text}\"`")
        }
        scalar => {
            let text = scalar_text(scalar).unwrap_or_default();
            let short: String = text.chars().take(40).collect();
            format!("`{short}`")
        }
    }
}
