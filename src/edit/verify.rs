//! The last look before an edit is returned: YAML must read the new text as
//! exactly what was asked for, and nothing outside the YAML may change.

use super::EditError;
use super::text::Text;
use serde_yaml::Value;

/// Checks that `after` is `before` with only its YAML changed, and that the
/// YAML reads as `wanted`.
pub(super) fn same(
    before: &Text,
    after: &str,
    wanted: &Value,
    what: &str,
) -> Result<(), EditError> {
    let refused = || {
        EditError::Unsupported(format!(
            "the edited `{what}` would not read back as intended"
        ))
    };
    let prefix = &before.all[..before.yaml.start];
    let suffix = &before.all[before.yaml.end..];
    let new = Text::new(after);
    let kept = after.starts_with(prefix)
        && after.ends_with(suffix)
        && new.yaml == (prefix.len()..after.len() - suffix.len());
    if !kept {
        return Err(refused());
    }
    match crate::load::read_yaml(new.yaml_text()) {
        Ok(value) if value == *wanted => Ok(()),
        _ => Err(refused()),
    }
}
