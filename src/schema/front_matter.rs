//! The front matter of each kind of file, as types whose JSON Schema editors
//! use. The loader (`load/items.rs`) reads the same fields by hand, with
//! positions for its messages; tests keep the two in step. Each doc comment
//! is the field's description in an editor.

// Nothing builds these values: they exist for their schemas.
#![allow(dead_code)]

use super::values::{Date, Extra, Id, List, Owned, Refs, Text};
use crate::model::{FeatureStatus, FeatureType, StoryStatus, StoryType};
use schemars::{JsonSchema, Schema};
use serde_json::json;
use std::collections::BTreeMap;

/// A story, enabler, defect or spike: the front matter of `stories/**/<id>.md`.
#[derive(JsonSchema)]
#[schemars(title = "rankdown story", deny_unknown_fields, transform = story_rules)]
pub(crate) struct Story {
    /// The file name without `.md`; optional, and when given it must equal it.
    id: Option<Id>,
    /// One line saying what the item is.
    title: Text,
    /// The kind of team-backlog item.
    #[schemars(rename = "type")]
    kind: StoryType,
    /// The id of the team that owns the item (a file in `teams/`).
    team: Text,
    /// The id of the feature or enabler it contributes to; required for stories and enablers.
    feature: Option<Text>,
    /// Where the item is in the workflow; open ones (backlog, ready, in-progress) are in their team's backlog.
    status: StoryStatus,
    /// The estimate in story points; required once the status is not `backlog`.
    points: Option<u32>,
    /// The id of the iteration it is planned into, e.g. `PI-3.2` (listed in a file in `pis/`).
    iteration: Option<Text>,
    /// Ids of the stories or features that must be finished first.
    depends_on: Option<Refs>,
    /// Free-form labels.
    labels: Option<List<Text>>,
    /// Custom fields, kept as written.
    extra: Option<Extra>,
}

/// Which story fields become required by the value of another: `feature`
/// by the type, `points` by the status.
fn story_rules(schema: &mut Schema) {
    let types: Vec<&str> = (StoryType::ALL.into_iter())
        .filter(|t| t.needs_feature())
        .map(StoryType::as_str)
        .collect();
    let statuses: Vec<&str> = (StoryStatus::ALL.into_iter())
        .filter(|s| s.needs_points())
        .map(StoryStatus::as_str)
        .collect();
    let when = |key: &str, words: Vec<&str>, needed: &str| {
        json!({
            "if": { "properties": { key: { "enum": words } }, "required": [key] },
            "then": { "required": [needed] }
        })
    };
    schema.insert(
        "allOf".into(),
        json!([
            when("type", types, "feature"),
            when("status", statuses, "points")
        ]),
    );
}

/// A feature or enabler: the front matter of `features/**/<id>.md`.
#[derive(JsonSchema)]
#[schemars(title = "rankdown feature", deny_unknown_fields)]
pub(crate) struct Feature {
    /// The file name without `.md`; optional, and when given it must equal it.
    id: Option<Id>,
    /// One line saying what the feature is.
    title: Text,
    /// The kind of program-backlog item.
    #[schemars(rename = "type")]
    kind: FeatureType,
    /// Where the feature is in the workflow; every feature not `done` is in `program_backlog`.
    status: FeatureStatus,
    /// The id of the PI it is planned for (a file in `pis/`).
    pi: Option<Text>,
    /// The Product Manager who owns it.
    owner: Option<Text>,
    /// The inputs of Weighted Shortest Job First: all four, or none.
    wsjf: Option<Wsjf>,
    /// Free-form labels.
    labels: Option<List<Text>>,
    /// Custom fields, kept as written.
    extra: Option<Extra>,
}

/// WSJF = (business_value + time_criticality + risk_reduction) / job_size.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Wsjf {
    /// User and business value.
    business_value: f64,
    /// Time criticality.
    time_criticality: f64,
    /// Risk reduction and opportunity enablement.
    risk_reduction: f64,
    /// Job size, greater than 0.
    #[schemars(extend("exclusiveMinimum" = 0))]
    job_size: f64,
}

/// An agile team: the front matter of `teams/<id>.md`.
#[derive(JsonSchema)]
#[schemars(title = "rankdown team", deny_unknown_fields)]
pub(crate) struct Team {
    /// The file name without `.md`; optional, and when given it must equal it.
    id: Option<Id>,
    /// The team's name.
    title: Text,
    /// The person who orders this team's backlog, written the same way in every file.
    product_owner: Text,
    /// The team's Scrum Master.
    scrum_master: Option<Text>,
    /// Everyone on the team.
    members: Option<List<Text>>,
    /// Story points the team can take per iteration.
    capacity: Option<u32>,
    /// The team backlog: story ids, highest rank first; every open story of the team, once.
    backlog: Option<Refs>,
    /// Custom fields, kept as written.
    extra: Option<Extra>,
}

/// A program increment: the front matter of `pis/<id>.md`.
#[derive(JsonSchema)]
#[schemars(title = "rankdown PI", deny_unknown_fields)]
pub(crate) struct Pi {
    /// The file name without `.md`; optional, and when given it must equal it.
    id: Option<Id>,
    /// The PI's name.
    title: Text,
    /// The first day of the PI.
    start: Date,
    /// The last day of the PI.
    end: Date,
    /// The PI's iterations, in date order.
    iterations: Option<Vec<Iteration>>,
    /// Dates the train plans around: a release, a demo.
    milestones: Option<Vec<Milestone>>,
    /// The teams' PI objectives.
    objectives: Option<Vec<Objective>>,
    /// This PI's Business Owners, in place of the train's in `rankdown.yaml`.
    business_owners: Option<List<Text>>,
    /// Custom fields, kept as written.
    extra: Option<Extra>,
}

/// One iteration of a PI.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Iteration {
    /// The id stories name in `iteration:`, e.g. `PI-3.2`; unique across all PIs.
    id: Id,
    /// The first day.
    start: Date,
    /// The last day.
    end: Date,
    /// Whether it is the Innovation and Planning (IP) iteration, which takes no stories.
    ip: Option<bool>,
    /// Points each team can take in this iteration, by team id, where it differs from the team's `capacity`.
    capacity: Option<BTreeMap<String, u32>>,
}

/// A dated event of a PI.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Milestone {
    /// What happens on the day.
    title: Text,
    /// The day, within the PI.
    date: Date,
}

/// One team's objective for the PI.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields, transform = objective_ranges)]
struct Objective {
    /// The id of the team that owns the objective.
    team: Text,
    /// What the team means to achieve.
    text: Text,
    /// The planned value, set by the Business Owners at PI planning.
    business_value: i64,
    /// The value achieved, set at the end of the PI.
    actual_value: Option<i64>,
    /// `false` marks an uncommitted (stretch) objective.
    committed: Option<bool>,
    /// Ids of the features the objective delivers.
    features: Option<Refs>,
}

/// The ranges of an objective's values, from the model.
fn objective_ranges(schema: &mut Schema) {
    use crate::model::Objective as Model;
    let ranges = [
        ("business_value", Model::PLANNED_VALUES),
        ("actual_value", Model::ACTUAL_VALUES),
    ];
    for (key, range) in ranges {
        let property = schema.get_mut("properties").and_then(|p| p.get_mut(key));
        if let Some(serde_json::Value::Object(property)) = property {
            property.insert("minimum".into(), json!(range.start()));
            property.insert("maximum".into(), json!(range.end()));
        }
    }
}

/// A role and its duties: the front matter of `roles/<id>.md`.
#[derive(JsonSchema)]
#[schemars(title = "rankdown role", deny_unknown_fields)]
pub(crate) struct Role {
    /// The file name without `.md`; optional, and when given it must equal it.
    id: Option<Id>,
    /// The role's name.
    title: Text,
    /// The kinds of content this role has authority over.
    owns: Option<List<Owned>>,
    /// The duties this role must perform.
    responsibilities: List<Text>,
    /// Custom fields, kept as written.
    extra: Option<Extra>,
}

/// The site and release-train settings: `rankdown.yaml`.
#[derive(JsonSchema)]
#[schemars(title = "rankdown.yaml", deny_unknown_fields)]
pub(crate) struct Config {
    /// The release train's name; the site title.
    title: Text,
    /// Where the site is published, e.g. `https://example.org/backlog/`; `/` by default.
    base_url: Option<Text>,
    /// The theme: `default`, or a folder under `themes/`.
    theme: Option<Id>,
    /// The Product Manager's name.
    product_manager: Option<Text>,
    /// The Business Owners' names: they rate PI objectives' business value.
    business_owners: Option<List<Text>>,
    /// Feature ids, highest rank first; every feature not `done`, once.
    program_backlog: Option<Refs>,
    /// The checklist shown on every story page.
    definition_of_done: Option<List<Text>>,
    /// Limits the validator enforces.
    rules: Option<Rules>,
    /// Each person's GitHub or GitLab handle (`"@name"`, `"@org/team"`) or email, by name.
    people: Option<BTreeMap<String, String>>,
    /// Custom fields, kept as written.
    extra: Option<Extra>,
}

/// Fan-out limits.
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct Rules {
    /// How many teams one Product Owner may serve (default 2).
    max_teams_per_product_owner: Option<u32>,
    /// How many Product Owners one Product Manager may work with (default 4).
    max_product_owners_per_product_manager: Option<u32>,
}
