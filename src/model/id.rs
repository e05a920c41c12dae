use std::borrow::Borrow;
use std::fmt;

/// An item id: a file stem such as `CHK-12`, unique across the backlog root.
///
/// Only the loader creates ids for items, and only from names that passed
/// [`is_valid_id`], so an `Id` is always safe to use as a path segment.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(String);

impl Id {
    /// Wraps a string that is known to be a valid id.
    pub fn new(valid: impl Into<String>) -> Option<Id> {
        let text = valid.into();
        is_valid_id(&text).then_some(Id(text))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `text` is a well-formed id: `^[A-Za-z0-9][A-Za-z0-9._-]*$` with no `..`.
pub fn is_valid_id(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphanumeric()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        && !text.contains("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        for id in ["CHK-12", "PI-3.2", "a", "F_7", "0"] {
            assert!(is_valid_id(id), "{id}");
        }
    }

    #[test]
    fn rejects_paths_and_odd_names() {
        for id in [
            "", "..x", "a..b", "-x", ".x", "a b", "a/b", "a\\b", "é", "x\n",
        ] {
            assert!(!is_valid_id(id), "{id:?}");
        }
    }
}
