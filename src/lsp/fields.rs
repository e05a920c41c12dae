//! The fields each kind of file has and what their values name, as
//! docs/format.md describes them, for completion.

use crate::load::OWNABLE;
use crate::model::Kind;

/// A field a mapping may have: its name and one line about it.
pub(super) type Field = (&'static str, &'static str);

const ID: Field = ("id", "must equal the file stem, if given");
const EXTRA: Field = ("extra", "custom fields, kept for the site");
const LABELS: Field = ("labels", "free-form labels");

const CONFIG: &[Field] = &[
    ("title", "the release train's name, the site title"),
    ("base_url", "where the site is published"),
    ("theme", "the theme to render with"),
    ("product_manager", "the Product Manager's name"),
    ("program_backlog", "feature ids, highest rank first"),
    (
        "definition_of_done",
        "the checklist shown on every story page",
    ),
    ("rules", "limits the validator enforces"),
    ("people", "each person's code-host handle, by name"),
    EXTRA,
];

const RULES: &[Field] = &[
    (
        "max_teams_per_product_owner",
        "teams one Product Owner may serve",
    ),
    (
        "max_product_owners_per_product_manager",
        "Product Owners one Product Manager may work with",
    ),
];

const STORY: &[Field] = &[
    ("title", "one line saying what the item is"),
    ("type", "story, enabler, defect or spike"),
    ("team", "the team that owns it"),
    ("feature", "the feature it contributes to"),
    ("status", "where it is in the workflow"),
    ("points", "estimated size"),
    ("iteration", "the iteration it is planned into"),
    (
        "depends_on",
        "stories or features that must be finished first",
    ),
    LABELS,
    ID,
    EXTRA,
];

const FEATURE: &[Field] = &[
    ("title", "one line saying what the feature is"),
    ("type", "feature or enabler"),
    ("status", "where it is in the workflow"),
    ("pi", "the PI it is planned for"),
    ("owner", "the Product Manager who owns it"),
    ("wsjf", "the inputs of Weighted Shortest Job First"),
    LABELS,
    ID,
    EXTRA,
];

const WSJF: &[Field] = &[
    ("business_value", "user and business value"),
    ("time_criticality", "time criticality"),
    (
        "risk_reduction",
        "risk reduction and opportunity enablement",
    ),
    ("job_size", "job size, greater than 0"),
];

const TEAM: &[Field] = &[
    ("title", "the team's name"),
    ("product_owner", "who orders the team backlog"),
    ("scrum_master", "who coaches the team"),
    ("members", "everyone on the team"),
    ("capacity", "story points the team can take per iteration"),
    ("backlog", "story ids, highest rank first"),
    ID,
    EXTRA,
];

const PI: &[Field] = &[
    ("title", "the PI's name"),
    ("start", "the first day, YYYY-MM-DD"),
    ("end", "the last day, YYYY-MM-DD"),
    ("iterations", "the PI's iterations, in order"),
    ("objectives", "the teams' PI objectives"),
    ("milestones", "dates the train plans around"),
    ID,
    EXTRA,
];

const ITERATION: &[Field] = &[
    ("id", "the iteration id, e.g. PI-3.2"),
    ("start", "the first day, YYYY-MM-DD"),
    ("end", "the last day, YYYY-MM-DD"),
];

const OBJECTIVE: &[Field] = &[
    ("team", "the team that commits to it"),
    ("text", "what the team means to achieve"),
    ("business_value", "planned business value, 1 to 10"),
    ("actual_value", "achieved business value, 0 to 10"),
    ("committed", "false for a stretch objective"),
    ("features", "the features it delivers"),
];

const MILESTONE: &[Field] = &[
    ("title", "what happens on the day"),
    ("date", "the day, YYYY-MM-DD"),
];

const ROLE: &[Field] = &[
    ("title", "the role's name"),
    ("owns", "the kinds of content the role has authority over"),
    ("responsibilities", "the duties the role performs"),
    ID,
    EXTRA,
];

/// The story statuses, in workflow order.
pub(super) const STORY_STATUSES: &[&str] = &["backlog", "ready", "in-progress", "done", "accepted"];
/// The story types.
pub(super) const STORY_TYPES: &[&str] = &["story", "enabler", "defect", "spike"];
/// The feature statuses, in workflow order.
pub(super) const FEATURE_STATUSES: &[&str] =
    &["funnel", "analyzing", "backlog", "implementing", "done"];
/// The feature types.
pub(super) const FEATURE_TYPES: &[&str] = &["feature", "enabler"];

/// The fields of the mapping that `keys` lead to in a file of `kind`
/// (`None` for rankdown.yaml); none where the format sets no names.
pub(super) fn fields(kind: Option<Kind>, keys: &[&str]) -> &'static [Field] {
    match (kind, keys) {
        (None, []) => CONFIG,
        (None, ["rules"]) => RULES,
        (Some(Kind::Story), []) => STORY,
        (Some(Kind::Feature), []) => FEATURE,
        (Some(Kind::Feature), ["wsjf"]) => WSJF,
        (Some(Kind::Team), []) => TEAM,
        (Some(Kind::Pi), []) => PI,
        (Some(Kind::Pi), ["iterations"]) => ITERATION,
        (Some(Kind::Pi), ["objectives"]) => OBJECTIVE,
        (Some(Kind::Pi), ["milestones"]) => MILESTONE,
        (Some(Kind::Role), []) => ROLE,
        _ => &[],
    }
}

/// What the value at `keys` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    Words(&'static [&'static str]),
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
        (Some(Kind::Story), ["status"]) => Names::Words(STORY_STATUSES),
        (Some(Kind::Story), ["type"]) => Names::Words(STORY_TYPES),
        (Some(Kind::Story | Kind::Feature), ["labels"]) => Names::Labels,
        (Some(Kind::Feature), ["pi"]) => Names::Ids(&[Kind::Pi]),
        (Some(Kind::Feature), ["owner"]) => Names::People,
        (Some(Kind::Feature), ["status"]) => Names::Words(FEATURE_STATUSES),
        (Some(Kind::Feature), ["type"]) => Names::Words(FEATURE_TYPES),
        (Some(Kind::Team), ["backlog"]) => Names::Ids(&[Kind::Story]),
        (Some(Kind::Team), ["product_owner" | "scrum_master" | "members"]) => Names::People,
        (Some(Kind::Pi), ["objectives", "team"]) => Names::Ids(&[Kind::Team]),
        (Some(Kind::Pi), ["objectives", "features"]) => Names::Ids(&[Kind::Feature]),
        (Some(Kind::Pi), ["objectives", "committed"]) => Names::Words(&["true", "false"]),
        (Some(Kind::Role), ["owns"]) => Names::Words(OWNABLE),
        _ => return None,
    };
    Some(names)
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
    use crate::diagnostic::Code;
    use crate::model::{FeatureStatus, StoryStatus};

    #[test]
    fn the_words_are_the_ones_the_loader_reads() {
        let statuses: Vec<&str> = StoryStatus::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(statuses, STORY_STATUSES);
        assert_eq!(FeatureStatus::Funnel.as_str(), FEATURE_STATUSES[0]);
    }

    /// Every field offered is one the loader knows: a file with all of them
    /// has no unknown field.
    #[test]
    fn every_field_is_known_to_the_loader() {
        let nested = |fields: &[Field], indent: &str| -> String {
            fields
                .iter()
                .map(|(n, _)| format!("{indent}{n}: ~\n"))
                .collect()
        };
        let top = |fields: &[Field]| nested(fields, "");
        let files = [
            ("stories/A-1.md", top(STORY)),
            (
                "features/F-1.md",
                top(FEATURE) + "wsjf:\n" + &nested(WSJF, "  "),
            ),
            ("teams/t.md", top(TEAM)),
            ("roles/r.md", top(ROLE)),
            (
                "pis/PI-1.md",
                top(PI)
                    + "iterations:\n  -\n"
                    + &nested(ITERATION, "    ")
                    + "objectives:\n  -\n"
                    + &nested(OBJECTIVE, "    ")
                    + "milestones:\n  -\n"
                    + &nested(MILESTONE, "    "),
            ),
        ];
        let files = files
            .into_iter()
            .map(|(path, yaml)| {
                let yaml = yaml.replace("wsjf: ~\n", "").replace("iterations: ~\n", "");
                let yaml = yaml
                    .replace("objectives: ~\n", "")
                    .replace("milestones: ~\n", "");
                (path.to_string(), format!("---\n{yaml}---\n").into_bytes())
            })
            .collect();
        let config = top(CONFIG).replace("rules: ~\n", "") + "rules:\n" + &nested(RULES, "  ");
        let loaded = crate::load::load_files(config.into_bytes(), files, Vec::new());
        let unknown: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::UnknownField)
            .collect();
        assert!(unknown.is_empty(), "{unknown:#?}");
    }
}
