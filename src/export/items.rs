//! One entry per item of each kind: its fields as read, and what the model
//! derives from them.

use crate::model::{
    self, Backlog, FeatureStatus, FeatureType, Pi, StoryStatus, StoryType, predictability,
    progress, wsjf_order,
};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// A story, enabler, defect or spike.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StoryEntry<'a> {
    /// The id: the file name without `.md`.
    pub id: &'a str,
    /// One line saying what the item is.
    pub title: &'a str,
    /// The kind of team-backlog item.
    #[serde(rename = "type")]
    pub kind: StoryType,
    /// Where it is in the workflow.
    pub status: StoryStatus,
    /// The id of its team, as written.
    pub team: &'a str,
    /// Its rank in its team's backlog, from 1; null for a story that is not open or not listed there.
    pub rank: Option<usize>,
    /// The estimate in story points.
    pub points: Option<u32>,
    /// The id of the feature it contributes to, as written.
    pub feature: Option<&'a str>,
    /// The id of the iteration it is planned into, as written.
    pub iteration: Option<&'a str>,
    /// The id of the PI that has that iteration; null when no PI has it.
    pub pi: Option<&'a str>,
    /// Ids of what must be finished first, as written.
    pub depends_on: Vec<&'a str>,
    /// Free-form labels.
    pub labels: &'a [String],
    /// The acceptance criteria of its body.
    pub criteria: Criteria<'a>,
    /// The file, relative to the backlog root.
    pub file: &'a str,
    /// Custom fields (`extra:`), as written.
    pub extra: Map<String, Value>,
}

/// The acceptance criteria of a story or feature.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Criteria<'a> {
    /// Task-list items, in order.
    pub tasks: Vec<Task<'a>>,
    /// Gherkin scenarios, in order.
    pub scenarios: Vec<Scenario<'a>>,
}

/// A task-list criterion.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Task<'a> {
    /// What it says.
    pub text: &'a str,
    /// Whether it is checked (`- [x]`).
    pub checked: bool,
}

/// A Gherkin scenario.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Scenario<'a> {
    /// Its name.
    pub name: &'a str,
}

impl<'a> Criteria<'a> {
    fn of(criteria: &'a model::Criteria) -> Criteria<'a> {
        let scenarios = criteria.gherkin.iter().flat_map(|b| &b.scenarios);
        Criteria {
            tasks: (criteria.tasks.iter())
                .map(|t| Task {
                    text: &t.text,
                    checked: t.checked,
                })
                .collect(),
            scenarios: scenarios.map(|s| Scenario { name: &s.name }).collect(),
        }
    }
}

/// Every story, by id.
pub(super) fn stories(b: &Backlog) -> Vec<StoryEntry<'_>> {
    let ranks = b.ranks();
    let iterations = b.iterations();
    (b.stories.values())
        .map(|s| StoryEntry {
            id: s.id.as_str(),
            title: &s.title,
            kind: s.kind,
            status: s.status,
            team: &s.team,
            rank: ranks.get(s.id.as_str()).copied(),
            points: s.points,
            feature: s.feature.as_deref(),
            iteration: s.iteration.as_deref(),
            pi: (s.iteration.as_deref())
                .and_then(|it| iterations.get(it))
                .map(|(pi, _)| pi.as_str()),
            depends_on: s.depends_on.iter().map(|r| r.id.as_str()).collect(),
            labels: &s.labels,
            criteria: Criteria::of(&s.criteria),
            file: &b.file(s.file).path,
            extra: json_map(&s.extra),
        })
        .collect()
}

/// A feature or enabler.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FeatureEntry<'a> {
    /// The id: the file name without `.md`.
    pub id: &'a str,
    /// One line saying what the feature is.
    pub title: &'a str,
    /// The kind of program-backlog item.
    #[serde(rename = "type")]
    pub kind: FeatureType,
    /// Where it is in the workflow.
    pub status: FeatureStatus,
    /// Its rank in the program backlog, from 1; null when it is not listed there.
    pub program_rank: Option<usize>,
    /// Its WSJF inputs and score; null when not estimated.
    pub wsjf: Option<WsjfEntry>,
    /// Its place in WSJF order among the program backlog's features that have a score, from 1.
    pub wsjf_rank: Option<usize>,
    /// The id of the PI it is planned for, as written.
    pub pi: Option<&'a str>,
    /// The Product Manager who owns it.
    pub owner: Option<&'a str>,
    /// Free-form labels.
    pub labels: &'a [String],
    /// Ids of the stories that name it as their feature.
    pub stories: Vec<&'a str>,
    /// Story points of those stories.
    pub points: Points,
    /// Its own acceptance criteria.
    pub criteria: Criteria<'a>,
    /// The file, relative to the backlog root.
    pub file: &'a str,
    /// Custom fields (`extra:`), as written.
    pub extra: Map<String, Value>,
}

/// The inputs of Weighted Shortest Job First and the score.
#[derive(Debug, Serialize, JsonSchema)]
pub struct WsjfEntry {
    /// User and business value.
    pub business_value: f64,
    /// Time criticality.
    pub time_criticality: f64,
    /// Risk reduction and opportunity enablement.
    pub risk_reduction: f64,
    /// Job size.
    pub job_size: f64,
    /// (business_value + time_criticality + risk_reduction) / job_size, not rounded.
    pub score: f64,
}

/// Story points of a set of stories.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Points {
    /// Points of the accepted ones.
    pub accepted: u32,
    /// Points of all of them.
    pub total: u32,
}

/// Every feature, by id.
pub(super) fn features(b: &Backlog) -> Vec<FeatureEntry<'_>> {
    let mut program: BTreeMap<&str, (usize, Option<usize>)> = BTreeMap::new();
    for (i, (f, wsjf_rank)) in wsjf_order(&b.program_backlog()).into_iter().enumerate() {
        program.entry(f.id.as_str()).or_insert((i + 1, wsjf_rank));
    }
    let by_feature = b.stories_by_feature();
    (b.features.values())
        .map(|f| {
            let (program_rank, wsjf_rank) = program.get(f.id.as_str()).copied().unzip();
            let stories = by_feature.get(f.id.as_str()).map_or(&[][..], Vec::as_slice);
            let done = progress(stories);
            FeatureEntry {
                id: f.id.as_str(),
                title: &f.title,
                kind: f.kind,
                status: f.status,
                program_rank,
                wsjf: f.wsjf.map(|w| WsjfEntry {
                    business_value: w.business_value,
                    time_criticality: w.time_criticality,
                    risk_reduction: w.risk_reduction,
                    job_size: w.job_size,
                    score: w.score(),
                }),
                wsjf_rank: wsjf_rank.flatten(),
                pi: f.pi.as_deref(),
                owner: f.owner.as_deref(),
                labels: &f.labels,
                stories: stories.iter().map(|s| s.id.as_str()).collect(),
                points: Points {
                    accepted: done.accepted,
                    total: done.total,
                },
                criteria: Criteria::of(&f.criteria),
                file: &b.file(f.file).path,
                extra: json_map(&f.extra),
            }
        })
        .collect()
}

/// An agile team.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TeamEntry<'a> {
    /// The id: the file name without `.md`.
    pub id: &'a str,
    /// The team's name.
    pub title: &'a str,
    /// Who orders the team backlog.
    pub product_owner: &'a str,
    /// The team's Scrum Master.
    pub scrum_master: Option<&'a str>,
    /// Everyone on the team.
    pub members: &'a [String],
    /// Story points the team can take per iteration.
    pub capacity: Option<u32>,
    /// The team backlog as written: story ids, highest rank first.
    pub backlog: Vec<&'a str>,
    /// The file, relative to the backlog root.
    pub file: &'a str,
    /// Custom fields (`extra:`), as written.
    pub extra: Map<String, Value>,
}

/// Every team, by id.
pub(super) fn teams(b: &Backlog) -> Vec<TeamEntry<'_>> {
    (b.teams.values())
        .map(|t| TeamEntry {
            id: t.id.as_str(),
            title: &t.title,
            product_owner: &t.product_owner,
            scrum_master: t.scrum_master.as_deref(),
            members: &t.members,
            capacity: t.capacity,
            backlog: t.backlog.iter().map(|r| r.id.as_str()).collect(),
            file: &b.file(t.file).path,
            extra: json_map(&t.extra),
        })
        .collect()
}

/// A program increment.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PiEntry<'a> {
    /// The id: the file name without `.md`.
    pub id: &'a str,
    /// The PI's name.
    pub title: &'a str,
    /// The first day, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub start: Option<String>,
    /// The last day, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub end: Option<String>,
    /// The iterations, in the file's order.
    pub iterations: Vec<IterationEntry<'a>>,
    /// The milestones, in date order.
    pub milestones: Vec<Milestone<'a>>,
    /// The teams' PI objectives, in the file's order.
    pub objectives: Vec<Objective<'a>>,
    /// Program predictability of the train and of each team with objectives.
    pub predictability: Predictability<'a>,
    /// The file, relative to the backlog root.
    pub file: &'a str,
    /// Custom fields (`extra:`), as written.
    pub extra: Map<String, Value>,
}

/// An iteration.
#[derive(Debug, Serialize, JsonSchema)]
pub struct IterationEntry<'a> {
    /// Its id, e.g. `PI-3.2`.
    pub id: &'a str,
    /// The first day, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub start: String,
    /// The last day, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub end: String,
}

/// A dated event of a PI.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Milestone<'a> {
    /// The day, `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub date: String,
    /// What happens on the day.
    pub title: &'a str,
}

/// One team's objective for a PI.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Objective<'a> {
    /// The id of the team, as written.
    pub team: &'a str,
    /// What the team means to achieve.
    pub text: &'a str,
    /// The planned business value.
    pub business_value: Option<i64>,
    /// The business value achieved; null until rated.
    pub actual_value: Option<i64>,
    /// False for an uncommitted (stretch) objective.
    pub committed: bool,
    /// Ids of the features it delivers, as written.
    pub features: Vec<&'a str>,
}

/// Program predictability in percent, not rounded: actual value of all
/// objectives over planned value of the committed ones.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Predictability<'a> {
    /// Of all the PI's objectives; null until rated.
    pub train: Option<f64>,
    /// Of each team's objectives, teams by id; null until rated.
    pub teams: Vec<TeamPredictability<'a>>,
}

/// One team's predictability in a PI.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TeamPredictability<'a> {
    /// The id of the team, as its objectives write it.
    pub team: &'a str,
    /// In percent; null until rated, or without committed planned value.
    pub percent: Option<f64>,
}

/// Every PI, by id.
pub(super) fn pis(b: &Backlog) -> Vec<PiEntry<'_>> {
    b.pis.values().map(|pi| pi_entry(b, pi)).collect()
}

fn pi_entry<'a>(b: &'a Backlog, pi: &'a Pi) -> PiEntry<'a> {
    let teams: BTreeSet<&str> = pi.objectives.iter().map(|o| o.team.as_str()).collect();
    PiEntry {
        id: pi.id.as_str(),
        title: &pi.title,
        start: pi.start.map(|d| d.to_string()),
        end: pi.end.map(|d| d.to_string()),
        iterations: (pi.iterations.iter())
            .map(|it| IterationEntry {
                id: &it.id,
                start: it.start.to_string(),
                end: it.end.to_string(),
            })
            .collect(),
        milestones: (pi.milestones.iter())
            .map(|m| Milestone {
                date: m.date.to_string(),
                title: &m.title,
            })
            .collect(),
        objectives: (pi.objectives.iter())
            .map(|o| Objective {
                team: &o.team,
                text: &o.text,
                business_value: o.business_value,
                actual_value: o.actual_value,
                committed: o.committed,
                features: o.features.iter().map(|r| r.id.as_str()).collect(),
            })
            .collect(),
        predictability: Predictability {
            train: predictability(pi, None),
            teams: (teams.into_iter())
                .map(|team| TeamPredictability {
                    team,
                    percent: predictability(pi, Some(team)),
                })
                .collect(),
        },
        file: &b.file(pi.file).path,
        extra: json_map(&pi.extra),
    }
}

/// A role.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RoleEntry<'a> {
    /// The id: the file name without `.md`.
    pub id: &'a str,
    /// The role's name.
    pub title: &'a str,
    /// The kinds of content it has authority over.
    pub owns: &'a [String],
    /// The duties it must perform.
    pub responsibilities: &'a [String],
    /// The people who hold it, as the backlog names them (team files, `rankdown.yaml`, feature owners).
    pub holders: BTreeSet<&'a str>,
    /// The file, relative to the backlog root.
    pub file: &'a str,
    /// Custom fields (`extra:`), as written.
    pub extra: Map<String, Value>,
}

/// Every role, by id.
pub(super) fn roles(b: &Backlog) -> Vec<RoleEntry<'_>> {
    let holdings = b.holdings();
    (b.roles.values())
        .map(|r| RoleEntry {
            id: r.id.as_str(),
            title: &r.title,
            owns: &r.owns,
            responsibilities: &r.responsibilities,
            holders: (holdings.iter())
                .filter(|h| h.role == r.id.as_str())
                .map(|h| h.person)
                .collect(),
            file: &b.file(r.file).path,
            extra: json_map(&r.extra),
        })
        .collect()
}

/// `rankdown.yaml`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Config<'a> {
    /// The release train's name.
    pub title: &'a str,
    /// Where the site is published.
    pub base_url: &'a str,
    /// The theme.
    pub theme: &'a str,
    /// The Product Manager's name.
    pub product_manager: Option<&'a str>,
    /// The Business Owners' names.
    pub business_owners: &'a [String],
    /// The program backlog as written: feature ids, highest rank first.
    pub program_backlog: Vec<&'a str>,
    /// The checklist shown on every story page.
    pub definition_of_done: &'a [String],
    /// The limits the validator enforces (defaults filled in).
    pub rules: Rules,
    /// Each person's code-host handle by name (null for an unusable one); null without `people:`.
    pub people: Option<&'a BTreeMap<String, Option<String>>>,
    /// Custom fields (`extra:`), as written.
    pub extra: Map<String, Value>,
}

/// Fan-out limits.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Rules {
    /// How many teams one Product Owner may serve.
    pub max_teams_per_product_owner: u32,
    /// How many Product Owners one Product Manager may work with.
    pub max_product_owners_per_product_manager: u32,
}

/// The document's view of the config.
pub(super) fn config(c: &model::Config) -> Config<'_> {
    Config {
        title: &c.title,
        base_url: &c.base_url,
        theme: &c.theme,
        product_manager: c.product_manager.as_deref(),
        business_owners: &c.business_owners,
        program_backlog: c.program_backlog.iter().map(|r| r.id.as_str()).collect(),
        definition_of_done: &c.definition_of_done,
        rules: Rules {
            max_teams_per_product_owner: c.rules.max_teams_per_product_owner,
            max_product_owners_per_product_manager: c.rules.max_product_owners_per_product_manager,
        },
        people: c.people.as_ref(),
        extra: json_map(&c.extra),
    }
}

/// Custom fields as JSON: keys as written, values converted.
fn json_map(extra: &serde_yaml::Mapping) -> Map<String, Value> {
    (extra.iter())
        .map(|(key, value)| (scalar_key(key), json_of(value)))
        .collect()
}

/// A YAML value as JSON. YAML keys that are not text become their text;
/// numbers JSON cannot hold (`.inf`, `.nan`) become text; tags are dropped.
fn json_of(value: &serde_yaml::Value) -> Value {
    use serde_yaml::Value as Yaml;
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(*b),
        Yaml::Number(n) => (n.as_i64().map(Value::from))
            .or_else(|| n.as_u64().map(Value::from))
            .or_else(|| {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
            })
            .unwrap_or_else(|| Value::String(n.to_string())),
        Yaml::String(s) => Value::String(s.clone()),
        Yaml::Sequence(items) => Value::Array(items.iter().map(json_of).collect()),
        Yaml::Mapping(map) => Value::Object(json_map(map)),
        Yaml::Tagged(tagged) => json_of(&tagged.value),
    }
}

/// A mapping key as text.
fn scalar_key(key: &serde_yaml::Value) -> String {
    match key {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other)
            .map(|t| t.trim_end().to_string())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::json_map;
    use serde_json::json;

    #[test]
    fn custom_fields_become_json_whatever_yaml_they_hold() {
        let yaml =
            "1: one\ntrue: yes\nbig: .inf\ntagged: !mark 5\nlist: [1, 2.5, x]\nnested: {k: ~}\n";
        let extra: serde_yaml::Mapping = serde_yaml::from_str(yaml).expect("YAML");
        assert_eq!(
            serde_json::Value::Object(json_map(&extra)),
            json!({
                "1": "one",
                "true": "yes",
                "big": ".inf",
                "tagged": 5,
                "list": [1, 2.5, "x"],
                "nested": {"k": null}
            })
        );
    }
}
