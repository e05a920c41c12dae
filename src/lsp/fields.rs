//! The fields each kind of file has (from the JSON Schemas `rankdown
//! schema` prints, which tests keep in step with the loader) and what their
//! values name, for completion.

use crate::load::OWNABLE;
use crate::model::{FeatureStatus, FeatureType, Kind, StoryStatus, StoryType};
use serde_json::Value;

/// A field a mapping may have: its name and what it is.
pub(super) type Field = (String, String);

/// The fields of the mapping that `keys` lead to in a file of `kind`
/// (`None` for rankdown.yaml), required ones first; none where the format
/// sets no names (`people:`, `extra:`).
pub(super) fn fields(kind: Option<Kind>, keys: &[&str]) -> Vec<Field> {
    let schema = match kind {
        Some(kind) => crate::schema::front_matter(kind),
        None => crate::schema::config(),
    };
    let root = schema.as_value();
    let mut node = root;
    for key in keys {
        let Some(next) = node.pointer(&format!("/properties/{key}")) else {
            return Vec::new();
        };
        node = resolve(root, next);
        if let Some(items) = node.get("items") {
            node = resolve(root, items);
        }
    }
    let Some(properties) = node.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    let required = |name: &str| {
        let list = node.get("required").and_then(Value::as_array);
        list.is_some_and(|l| l.iter().any(|r| r == name))
    };
    let mut fields: Vec<(bool, Field)> = properties
        .iter()
        .map(|(name, about)| {
            let about = about.get("description").and_then(Value::as_str);
            (
                !required(name),
                (name.clone(), about.unwrap_or_default().to_string()),
            )
        })
        .collect();
    fields.sort_by_key(|(later, _)| *later);
    fields.into_iter().map(|(_, field)| field).collect()
}

/// The schema `node` stands for: its `$ref`, or the branch of an `anyOf`
/// that is not `null`.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    let branch = node
        .get("anyOf")
        .and_then(Value::as_array)
        .and_then(|branches| {
            branches
                .iter()
                .find(|b| b.get("type").is_none_or(|t| t != "null"))
        });
    let node = branch.unwrap_or(node);
    let target = node.get("$ref").and_then(Value::as_str);
    match target.and_then(|r| root.pointer(r.strip_prefix('#')?)) {
        Some(target) => target,
        None => node,
    }
}

/// What the value at `keys` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Names {
    /// Ids of items of these kinds.
    Ids(&'static [Kind]),
    /// Iteration ids.
    Iterations,
    /// People.
    People,
    /// Labels used in the backlog.
    Labels,
    /// One of these words.
    Words(Vec<&'static str>),
}

/// What the value at `keys` in a file of `kind` names, if it names things.
pub(super) fn names(kind: Option<Kind>, keys: &[&str]) -> Option<Names> {
    let names = match (kind, keys) {
        (None, ["program_backlog"]) => Names::Ids(&[Kind::Feature]),
        (None, ["product_manager"]) => Names::People,
        (Some(Kind::Story), ["team"]) => Names::Ids(&[Kind::Team]),
        (Some(Kind::Story), ["feature"]) => Names::Ids(&[Kind::Feature]),
        (Some(Kind::Story), ["depends_on"]) => Names::Ids(&[Kind::Story, Kind::Feature]),
        (Some(Kind::Story), ["iteration"]) => Names::Iterations,
        (Some(Kind::Story), ["status"]) => {
            Names::Words(words(&StoryStatus::ALL.map(|s| s.as_str())))
        }
        (Some(Kind::Story), ["type"]) => Names::Words(words(&StoryType::ALL.map(|t| t.as_str()))),
        (Some(Kind::Story | Kind::Feature), ["labels"]) => Names::Labels,
        (Some(Kind::Feature), ["pi"]) => Names::Ids(&[Kind::Pi]),
        (Some(Kind::Feature), ["owner"]) => Names::People,
        (Some(Kind::Feature), ["status"]) => {
            Names::Words(words(&FeatureStatus::ALL.map(|s| s.as_str())))
        }
        (Some(Kind::Feature), ["type"]) => {
            Names::Words(words(&FeatureType::ALL.map(|t| t.as_str())))
        }
        (Some(Kind::Team), ["backlog"]) => Names::Ids(&[Kind::Story]),
        (Some(Kind::Team), ["product_owner" | "scrum_master" | "members"]) => Names::People,
        (Some(Kind::Pi), ["objectives", "team"]) => Names::Ids(&[Kind::Team]),
        (Some(Kind::Pi), ["objectives", "features"]) => Names::Ids(&[Kind::Feature]),
        (Some(Kind::Pi), ["objectives", "committed"]) => Names::Words(words(&["true", "false"])),
        (Some(Kind::Role), ["owns"]) => Names::Words(words(OWNABLE)),
        _ => return None,
    };
    Some(names)
}

fn words(words: &[&'static str]) -> Vec<&'static str> {
    words.to_vec()
}

/// Whether the list under `keys` holds mappings rather than words.
pub(super) fn holds_mappings(kind: Option<Kind>, keys: &[&str]) -> bool {
    matches!(
        (kind, keys),
        (Some(Kind::Pi), ["iterations" | "objectives" | "milestones"])
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kind: Option<Kind>, keys: &[&str]) -> Vec<String> {
        fields(kind, keys)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    #[test]
    fn fields_come_from_the_schemas_required_first() {
        let story = names(Some(Kind::Story), &[]);
        assert_eq!(story[..4], ["status", "team", "title", "type"]);
        assert!(story.contains(&"depends_on".to_string()));
        let about = fields(Some(Kind::Story), &[]);
        assert!(about.iter().all(|(_, about)| !about.is_empty()));
        let wsjf = names(Some(Kind::Feature), &["wsjf"]);
        assert_eq!(
            wsjf,
            [
                "business_value",
                "job_size",
                "risk_reduction",
                "time_criticality"
            ]
        );
        assert_eq!(
            names(Some(Kind::Pi), &["iterations"]),
            ["end", "id", "start", "capacity", "ip"]
        );
        assert!(names(Some(Kind::Pi), &["objectives"]).contains(&"features".to_string()));
        assert_eq!(names(None, &["rules"]).len(), 2);
        assert!(names(None, &["people"]).is_empty());
        assert!(names(Some(Kind::Story), &["nothing"]).is_empty());
    }
}
