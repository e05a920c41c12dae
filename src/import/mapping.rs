//! How a source backlog is laid out: its folders, the names of its fields,
//! its statuses and types. Backlog.md's is built in; any other front-matter
//! backlog is described by a MAPPING.yaml file (see docs/import.md).

use crate::model::{FeatureStatus, StoryStatus};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A source backlog's layout and vocabulary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// What the source is called, in messages and the catch-all feature.
    #[serde(default = "default_name")]
    pub name: String,
    /// Folders holding task files, relative to the source folder, in order
    /// of precedence: of two files with the same id, the earlier folder's wins.
    pub folders: Vec<Folder>,
    /// The prefix of the current ids (`task` in `task-12`), if ids have one;
    /// references with another prefix and the same number are resolved to it.
    #[serde(default)]
    pub id_prefix: Option<String>,
    /// Prefixes ids had before `id_prefix` (`task` for a Backlog.md project
    /// that changed its prefix): a reference with one of them and a number
    /// names the id with the current prefix and that number.
    #[serde(default)]
    pub legacy_prefixes: Vec<String>,
    /// The source's names for the fields rankdown reads.
    #[serde(default)]
    pub fields: Fields,
    /// Source statuses (case, spaces, `-` and `_` ignored) and what they
    /// become, on top of the built-in table.
    #[serde(default)]
    pub statuses: BTreeMap<String, Status>,
    /// Source types and what they become, on top of the built-in table.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// A folder of milestone files (`id`, `title`, a description), relative
    /// to the source folder; tasks name a milestone by its id or title.
    #[serde(default)]
    pub milestones: Option<String>,
    /// The heading of the acceptance-criteria section in the source.
    #[serde(default = "default_criteria_heading")]
    pub criteria_heading: String,
    /// The title of the project, for `rankdown.yaml`.
    #[serde(default)]
    pub title: Option<String>,
    /// The checklist every story must meet, for `rankdown.yaml`.
    #[serde(default)]
    pub definition_of_done: Vec<String>,
    /// The status of a task that has none.
    #[serde(default)]
    pub default_status: Option<String>,
    /// What reading the source's own settings took (for Backlog.md, its
    /// `config.yml`), reported with the decisions.
    #[serde(skip)]
    pub notes: Vec<super::Note>,
    /// The statuses the source itself declares; a task with another one is
    /// reported (still mapped when the tables know it).
    #[serde(default)]
    pub known_statuses: Vec<String>,
    /// Sizes (`XS`, `M`...) and the points each stands for.
    #[serde(default)]
    pub sizes: BTreeMap<String, u32>,
    /// The source's sprints, in order, with the dates their iterations take.
    #[serde(default)]
    pub sprints: Vec<Sprint>,
    /// The source's sprints in the order it plans them, dated or not
    /// (DevStories' `sprints.sequence`); an open item in an earlier sprint
    /// ranks first. The dated `sprints` not in it follow, in their order.
    #[serde(skip)]
    pub sprint_sequence: Vec<String>,
    /// The folder import reads as a whole (Backlog.md's `backlog/`): no new
    /// root inside it, and every file in it is accounted for. For a mapping,
    /// the common folder of its folders.
    #[serde(skip)]
    pub root: Option<String>,
    /// Milestone folders read after `milestones` (Backlog.md's archived ones).
    #[serde(skip)]
    pub more_milestones: Vec<String>,
    /// The source's settings file import read (Backlog.md's `config.yml`).
    #[serde(skip)]
    pub settings: Option<String>,
    /// Other settings files of the source beside `settings`, not read
    /// (DevStories' older `config.json` beside its `config.yaml`).
    #[serde(skip)]
    pub unread_settings: Vec<String>,
    /// Types whose items are features even without stories (Jira's Epic).
    #[serde(skip)]
    pub feature_types: Vec<String>,
    /// The field naming each item's team (Jira's `--team-from`).
    #[serde(skip)]
    pub team_field: Option<String>,
    /// Fields the reader made rather than read (Jira's order), not kept
    /// under `extra:`.
    #[serde(skip)]
    pub derived_fields: Vec<String>,
}

/// A sprint of the source, made an iteration of the imported PI.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sprint {
    /// The sprint as items name it.
    pub name: String,
    /// The iteration id [default: the name made an id].
    #[serde(default)]
    pub id: Option<String>,
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Its last day, `YYYY-MM-DD`.
    pub end: String,
}

/// A folder of task files.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Folder {
    /// Relative to the source folder.
    pub path: String,
    /// Read only with `--include-archive`; its tasks get the label `archived`.
    #[serde(default)]
    pub archive: bool,
    /// Its tasks are drafts: status backlog and the label `draft`.
    #[serde(default)]
    pub drafts: bool,
    /// The status of its tasks when they have none (`Done` for a folder of
    /// completed tasks).
    #[serde(default)]
    pub status: Option<String>,
    /// It holds documents, not tasks: each file is listed as skipped.
    #[serde(default)]
    pub documents: bool,
}

/// The source's names for the fields rankdown reads.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fields {
    /// The id (else the file name, up to ` - `).
    pub id: String,
    /// The title (else the file name, after ` - `).
    pub title: String,
    /// The status.
    pub status: String,
    /// The type (bug, chore, ...).
    pub r#type: String,
    /// Labels.
    pub labels: String,
    /// Ids this task depends on.
    pub dependencies: String,
    /// The parent task's id.
    pub parent: String,
    /// The milestone, epic or release.
    pub milestone: String,
    /// The order field (smaller first).
    pub order: String,
    /// The priority (high, medium, low).
    pub priority: String,
    /// The estimate in points.
    pub points: String,
    /// The size (`XS`...`XL`), made points through `sizes`.
    pub size: String,
    /// The sprint, made an iteration through `sprints`.
    pub sprint: String,
}

impl Default for Fields {
    fn default() -> Fields {
        Fields {
            id: "id".into(),
            title: "title".into(),
            status: "status".into(),
            r#type: "type".into(),
            labels: "labels".into(),
            dependencies: "dependencies".into(),
            parent: "parent_task_id".into(),
            milestone: "milestone".into(),
            order: "ordinal".into(),
            priority: "priority".into(),
            points: "points".into(),
            size: "size".into(),
            sprint: "sprint".into(),
        }
    }
}

impl Fields {
    /// The source fields that become rankdown fields; every other field,
    /// the order, priority, parent and milestone included, is also kept
    /// under `extra:` as written.
    pub fn with_equivalent(&self) -> [&str; 7] {
        [
            &self.id,
            &self.title,
            &self.status,
            &self.r#type,
            &self.labels,
            &self.dependencies,
            &self.points,
        ]
    }
}

/// What a source status becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not started.
    Backlog,
    /// Being worked on.
    InProgress,
    /// Finished.
    Done,
    /// Dropped: done, with the label `wont-do`.
    WontDo,
}

impl Status {
    /// The story status it becomes.
    pub fn story_status(self) -> StoryStatus {
        match self {
            Status::Backlog => StoryStatus::Backlog,
            Status::InProgress => StoryStatus::InProgress,
            Status::Done | Status::WontDo => StoryStatus::Done,
        }
    }

    /// The status of a task made a feature.
    pub fn feature_status(self) -> FeatureStatus {
        match self {
            Status::Backlog => FeatureStatus::Backlog,
            Status::InProgress => FeatureStatus::Implementing,
            Status::Done | Status::WontDo => FeatureStatus::Done,
        }
    }
}

impl Sprint {
    /// The id of the iteration it becomes.
    pub fn iteration_id(&self) -> String {
        self.id
            .clone()
            .or_else(|| super::ids::clean(&self.name))
            .unwrap_or_else(|| "sprint".into())
    }
}

fn default_name() -> String {
    "the source".into()
}

fn default_criteria_heading() -> String {
    "Acceptance Criteria".into()
}

/// A status or type as compared: lower case, letters and digits only.
pub(super) fn fold(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Mapping {
    /// A mapping with no folders and every setting at its default.
    pub fn empty(name: &str) -> Mapping {
        Mapping {
            name: name.into(),
            folders: Vec::new(),
            id_prefix: None,
            legacy_prefixes: Vec::new(),
            fields: Fields::default(),
            statuses: BTreeMap::new(),
            types: BTreeMap::new(),
            milestones: None,
            criteria_heading: default_criteria_heading(),
            title: None,
            definition_of_done: Vec::new(),
            default_status: None,
            notes: Vec::new(),
            known_statuses: Vec::new(),
            sizes: BTreeMap::new(),
            sprints: Vec::new(),
            sprint_sequence: Vec::new(),
            root: None,
            more_milestones: Vec::new(),
            settings: None,
            unread_settings: Vec::new(),
            feature_types: Vec::new(),
            team_field: None,
            derived_fields: Vec::new(),
        }
    }

    /// What `status` becomes: the mapping's table first, then the built-in
    /// one; `None` for a status neither knows.
    pub fn status(&self, status: &str) -> Option<Status> {
        let key = fold(status);
        let own = self.statuses.iter().find(|(s, _)| fold(s) == key);
        own.map(|(_, s)| *s).or_else(|| builtin_status(&key))
    }

    /// The points a size (`M`, any case) stands for, from `sizes`.
    pub fn size_points(&self, size: &str) -> Option<u64> {
        let key = fold(size);
        let found = self.sizes.iter().find(|(name, _)| fold(name) == key);
        found.map(|(_, points)| u64::from(*points))
    }

    /// The iteration a sprint becomes, from `sprints`.
    pub fn iteration_of(&self, sprint: &str) -> Option<String> {
        let found = self.sprints.iter().find(|s| s.name == sprint);
        found.map(Sprint::iteration_id)
    }

    /// Where a sprint comes in the source's plan, the first 0: its place in
    /// `sprint_sequence`, else among `sprints` after it; `None` for a
    /// sprint neither lists.
    /// A sprint named `backlog` (DevStories' unscheduled work) comes after
    /// every other sprint listed, wherever it is listed.
    pub fn sprint_rank(&self, sprint: &str) -> Option<usize> {
        let listed = || {
            let sequence = self.sprint_sequence.iter().map(String::as_str);
            let dated = self.sprints.iter().map(|s| s.name.as_str());
            sequence.chain(dated.filter(|name| !self.sprint_sequence.iter().any(|s| s == name)))
        };
        let rank = listed().position(|name| name == sprint)?;
        match fold(sprint) == "backlog" {
            true => Some(listed().count()),
            false => Some(rank),
        }
    }

    /// The rankdown type a source type becomes: the mapping's table first,
    /// then bug → defect, chore → enabler, spike → spike, else story.
    pub fn story_type(&self, kind: &str) -> &str {
        let key = fold(kind);
        if let Some((_, to)) = self.types.iter().find(|(t, _)| fold(t) == key) {
            return to;
        }
        match key.as_str() {
            "bug" | "defect" | "fix" | "bugfix" => "defect",
            "chore" | "enabler" | "maintenance" | "refactor" | "refactoring" | "techdebt"
            | "infra" => "enabler",
            "spike" | "research" | "investigation" => "spike",
            _ => "story",
        }
    }
}

/// The built-in table of statuses, by folded name.
pub(super) fn builtin_status(key: &str) -> Option<Status> {
    let status = match key {
        "todo" | "tobedone" | "open" | "new" | "backlog" | "planned" | "ready" | "notstarted"
        | "draft" | "triage" | "icebox" => Status::Backlog,
        "inprogress" | "doing" | "started" | "wip" | "active" | "inreview" | "review"
        | "testing" | "ongoing" => Status::InProgress,
        "done" | "completed" | "complete" | "closed" | "finished" | "resolved" | "shipped"
        | "released" => Status::Done,
        "wontdo" | "wontfix" | "cancelled" | "canceled" | "rejected" | "abandoned" | "obsolete"
        | "duplicate" | "dropped" => Status::WontDo,
        _ => return None,
    };
    Some(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping() -> Mapping {
        serde_yaml::from_str(
            "folders: [{path: tasks}]\nstatuses: {Shipped!: done, Parked: backlog}\n",
        )
        .expect("mapping")
    }

    #[test]
    fn statuses_ignore_case_spaces_and_punctuation() {
        let m = mapping();
        assert_eq!(m.status("In Progress"), Some(Status::InProgress));
        assert_eq!(m.status("IN-PROGRESS"), Some(Status::InProgress));
        assert_eq!(m.status("Won't Do"), Some(Status::WontDo));
        assert_eq!(m.status(" to_do "), Some(Status::Backlog));
        assert_eq!(m.status("shipped"), Some(Status::Done));
        assert_eq!(m.status("parked"), Some(Status::Backlog));
        assert_eq!(m.status("Blocked"), None);
    }

    #[test]
    fn sprints_rank_in_the_plan_s_order_and_the_backlog_sprint_last() {
        let mut m = mapping();
        m.sprint_sequence = vec!["backlog".into(), "s1".into(), "s2".into()];
        let ranks: Vec<Option<usize>> = ["s1", "s2", "backlog", "s9"]
            .iter()
            .map(|s| m.sprint_rank(s))
            .collect();
        assert_eq!(ranks, [Some(1), Some(2), Some(3), None]);
    }

    #[test]
    fn types_map_to_story_types() {
        let m = mapping();
        assert_eq!(m.story_type("Bug"), "defect");
        assert_eq!(m.story_type("chore"), "enabler");
        assert_eq!(m.story_type("feature"), "story");
    }
}
