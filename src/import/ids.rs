//! Source ids made into rankdown ids, and references resolved to them.

use crate::model::is_valid_id;
use std::collections::BTreeMap;

/// `id` as a rankdown id: characters an id cannot hold become `-`. `None`
/// when nothing usable is left.
pub(super) fn clean(id: &str) -> Option<String> {
    let mut out: String = id
        .trim()
        .chars()
        .map(
            |c| match c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                true => c,
                false => '-',
            },
        )
        .collect();
    while out.contains("..") {
        out = out.replace("..", ".");
    }
    let out = out
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    is_valid_id(&out).then_some(out)
}

/// What makes two ids the same: case aside, and numbers without their
/// leading zeros (`BIKE-007`, `bike-7` and `Bike-07` are one id).
pub(super) fn key(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if !digits.is_empty() {
            let trimmed = digits.trim_start_matches('0');
            out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
            digits.clear();
        }
    };
    for c in id.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.extend(c.to_lowercase());
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// Finds the id a reference means among the imported ids.
#[derive(Debug, Default)]
pub(super) struct Resolver {
    /// Each id by its [`key`].
    by_key: BTreeMap<String, String>,
    /// The current id prefix, lower case.
    prefix: Option<String>,
    /// Older prefixes, lower case: a reference with one of them names the
    /// id with the current prefix and the same number.
    legacy: Vec<String>,
}

impl Resolver {
    /// A resolver over ids by the [`key`] references find them under, whose
    /// current prefix is `prefix` and whose older prefixes are `legacy`.
    pub(super) fn new(
        ids: impl IntoIterator<Item = (String, String)>,
        prefix: Option<&str>,
        legacy: &[String],
    ) -> Resolver {
        Resolver {
            by_key: ids.into_iter().collect(),
            prefix: prefix.map(str::to_lowercase),
            legacy: legacy.iter().map(|p| p.to_lowercase()).collect(),
        }
    }

    /// The id `reference` names: the same id, or one written with another
    /// case or padding, or (when the reference has an older prefix) the id
    /// with the current prefix and the same number (`task-3` when ids are now
    /// `BIKE-003`). A wiki link (`[[DS-109]]`, `[[DS-109|title]]`) names
    /// the id inside it; a bare number (`'345'`) the id with the current
    /// prefix and that number. The flag tells whether the reference was
    /// written differently from the id.
    pub(super) fn resolve(&self, reference: &str) -> Option<(&str, bool)> {
        let written = reference.trim();
        let reference = unwiki(written);
        let wanted = key(reference);
        if let Some(id) = self.by_key.get(&wanted) {
            return Some((id, id != written));
        }
        let bare = !wanted.is_empty() && wanted.chars().all(|c| c.is_ascii_digit() || c == '.');
        if let Some(prefix) = self.prefix.as_deref().filter(|_| bare) {
            let current = key(&format!("{prefix}-{wanted}"));
            return self.by_key.get(&current).map(|id| (id.as_str(), true));
        }
        let (old, number) = wanted.rsplit_once('-')?;
        let numeric = !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit() || c == '.')
            && self.legacy.iter().any(|legacy| legacy == old);
        let current = format!("{}-{number}", self.prefix.as_deref().filter(|_| numeric)?);
        self.by_key.get(&current).map(|id| (id.as_str(), true))
    }
}

/// The target of a wiki link (`[[DS-109]]`, `[[DS-109|Title]]`), or the
/// reference itself.
fn unwiki(reference: &str) -> &str {
    match reference
        .strip_prefix("[[")
        .and_then(|r| r.strip_suffix("]]"))
    {
        Some(inner) => inner.split('|').next().unwrap_or(inner).trim(),
        None => reference,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_form_and_lose_odd_characters() {
        assert_eq!(clean("BIKE-007").as_deref(), Some("BIKE-007"));
        assert_eq!(clean("TASK 3/a").as_deref(), Some("TASK-3-a"));
        assert_eq!(clean(" // "), None);
    }

    #[test]
    fn keys_ignore_case_and_padding() {
        assert_eq!(key("BIKE-007"), key("bike-7"));
        assert_eq!(key("BIKE-003.01"), key("bike-3.1"));
        assert_ne!(key("bike-10"), key("bike-1"));
    }

    #[test]
    fn references_resolve_through_case_padding_and_legacy_prefixes() {
        let ids = ["BIKE-003", "BIKE-007", "task-9"].map(|id| (key(id), id.to_string()));
        let resolver = Resolver::new(ids, Some("bike"), &["task".to_string()]);
        assert_eq!(resolver.resolve("BIKE-003"), Some(("BIKE-003", false)));
        assert_eq!(resolver.resolve("bike-7"), Some(("BIKE-007", true)));
        assert_eq!(resolver.resolve("task-3"), Some(("BIKE-003", true)));
        assert_eq!(resolver.resolve("task-9"), Some(("task-9", false)));
        assert_eq!(resolver.resolve("task-4"), None);
        // Only the older prefixes given count: a draft is not a task.
        assert_eq!(resolver.resolve("draft-3"), None);
        assert_eq!(resolver.resolve("[[BIKE-007]]"), Some(("BIKE-007", true)));
        assert_eq!(resolver.resolve("[[bike-3|Cal]]"), Some(("BIKE-003", true)));
        assert_eq!(resolver.resolve("7"), Some(("BIKE-007", true)));
    }
}
