use super::{Criteria, FileId, Id};
use jiff::civil::Date;
use serde_yaml::Mapping;
use std::collections::BTreeMap;

/// A reference to another item as written in a list, with its position in that list.
///
/// The id is kept as written (it may not resolve); the index lets diagnostics
/// point at the exact list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref {
    /// The id as written.
    pub id: String,
    /// Position of the item in its list, from 0.
    pub index: usize,
}

/// `rankdown.yaml`: the site and release-train config.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from.
    pub file: FileId,
    /// The release train's name, the site title.
    pub title: String,
    /// Where the site is published; `/` by default.
    pub base_url: String,
    /// The theme folder to render with.
    pub theme: String,
    /// The person who orders the program backlog.
    pub product_manager: Option<String>,
    /// The Business Owners of the release train, by name.
    pub business_owners: Vec<String>,
    /// Features in the order the Product Manager wants them built.
    pub program_backlog: Vec<Ref>,
    /// The checklist shown on every story page.
    pub definition_of_done: Vec<String>,
    /// Limits the validator enforces.
    pub rules: Limits,
    /// Each person's code-host handle by name, if `people:` is given; a
    /// person whose handle is unusable (reported) maps to `None`.
    pub people: Option<BTreeMap<String, Option<String>>>,
    /// Custom fields, kept for the site.
    pub extra: Mapping,
}

/// Whether `handle` names a user or team on GitHub or GitLab (`@name`,
/// `@org/team`, `@group/subgroup/team`) or is an email address, as CODEOWNERS
/// accepts them.
pub fn is_code_host_handle(handle: &str) -> bool {
    let name_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if let Some(name) = handle.strip_prefix('@') {
        return name.split('/').all(|part| {
            part.starts_with(|c: char| c.is_ascii_alphanumeric()) && part.chars().all(name_char)
        });
    }
    let Some((user, domain)) = handle.split_once('@') else {
        return false;
    };
    let user_char = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain_char = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    !user.is_empty()
        && user.chars().all(user_char)
        && domain.contains('.')
        && domain.chars().all(domain_char)
}

/// Fan-out limits from `rules:` in `rankdown.yaml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// How many teams one Product Owner may serve.
    pub max_teams_per_product_owner: u32,
    /// How many Product Owners one Product Manager may work with.
    pub max_product_owners_per_product_manager: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_teams_per_product_owner: 2,
            max_product_owners_per_product_manager: 4,
        }
    }
}

/// An agile team and its ordered team backlog (`teams/<id>.md`).
#[derive(Clone, Debug)]
pub struct Team {
    /// The team id (file stem).
    pub id: Id,
    /// The file it came from.
    pub file: FileId,
    /// The team's name.
    pub title: String,
    /// Who orders the team backlog.
    pub product_owner: String,
    /// Who coaches the team.
    pub scrum_master: Option<String>,
    /// Everyone on the team.
    pub members: Vec<String>,
    /// Story points the team can take per iteration.
    pub capacity: Option<u32>,
    /// Story ids, highest rank first.
    pub backlog: Vec<Ref>,
    /// Custom fields, kept for the site.
    pub extra: Mapping,
}

/// The contract's story types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoryType {
    /// Delivers user value.
    Story,
    /// Builds what later stories need.
    Enabler,
    /// Fixes something broken.
    Defect,
    /// Time-boxed research.
    Spike,
}

impl StoryType {
    /// Every type, in the order the format lists them.
    pub const ALL: [StoryType; 4] = [
        StoryType::Story,
        StoryType::Enabler,
        StoryType::Defect,
        StoryType::Spike,
    ];

    /// Stories and enablers name the feature they contribute to; defects
    /// and spikes may.
    pub fn needs_feature(self) -> bool {
        matches!(self, StoryType::Story | StoryType::Enabler)
    }

    /// The type as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryType::Story => "story",
            StoryType::Enabler => "enabler",
            StoryType::Defect => "defect",
            StoryType::Spike => "spike",
        }
    }
}

/// The contract's story statuses, in workflow order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StoryStatus {
    /// Not yet refined.
    Backlog,
    /// Refined and ready to plan.
    Ready,
    /// Being worked on.
    InProgress,
    /// Finished by the team.
    Done,
    /// Accepted by the Product Owner.
    Accepted,
}

impl StoryStatus {
    /// Every status, in the order work moves through them.
    pub const ALL: [StoryStatus; 5] = [
        StoryStatus::Backlog,
        StoryStatus::Ready,
        StoryStatus::InProgress,
        StoryStatus::Done,
        StoryStatus::Accepted,
    ];

    /// Open stories must be in their team's backlog.
    pub fn is_open(self) -> bool {
        !matches!(self, StoryStatus::Done | StoryStatus::Accepted)
    }

    /// The status as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            StoryStatus::Backlog => "backlog",
            StoryStatus::Ready => "ready",
            StoryStatus::InProgress => "in-progress",
            StoryStatus::Done => "done",
            StoryStatus::Accepted => "accepted",
        }
    }

    /// Ready-or-later stories are estimated.
    pub fn needs_points(self) -> bool {
        self != StoryStatus::Backlog
    }

    /// Ready-or-later stories need acceptance criteria.
    pub fn needs_criteria(self) -> bool {
        self != StoryStatus::Backlog
    }
}

/// A team-backlog item (`stories/**/<id>.md`).
#[derive(Clone, Debug)]
pub struct Story {
    /// The story id (file stem).
    pub id: Id,
    /// The file it came from.
    pub file: FileId,
    /// One line saying what the story is.
    pub title: String,
    /// Story, enabler, defect or spike.
    pub kind: StoryType,
    /// The team id it belongs to, as written.
    pub team: String,
    /// The feature id it contributes to, as written.
    pub feature: Option<String>,
    /// Where it is in the workflow.
    pub status: StoryStatus,
    /// Estimated size.
    pub points: Option<u32>,
    /// The iteration it is planned into, as written.
    pub iteration: Option<String>,
    /// Stories or features that must be finished first.
    pub depends_on: Vec<Ref>,
    /// Free-form labels.
    pub labels: Vec<String>,
    /// The acceptance criteria found in the body.
    pub criteria: Criteria,
    /// Custom fields, kept for the site.
    pub extra: Mapping,
}

/// The contract's feature types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureType {
    /// Delivers business value.
    Feature,
    /// Builds the architectural runway.
    Enabler,
}

impl FeatureType {
    /// Every type, in the order the format lists them.
    pub const ALL: [FeatureType; 2] = [FeatureType::Feature, FeatureType::Enabler];

    /// The type as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureType::Feature => "feature",
            FeatureType::Enabler => "enabler",
        }
    }
}

/// The contract's feature statuses, in workflow order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FeatureStatus {
    /// An idea.
    Funnel,
    /// Being explored.
    Analyzing,
    /// Approved and waiting.
    Backlog,
    /// Being built.
    Implementing,
    /// Finished.
    Done,
}

impl FeatureStatus {
    /// Every status, in the order work moves through them.
    pub const ALL: [FeatureStatus; 5] = [
        FeatureStatus::Funnel,
        FeatureStatus::Analyzing,
        FeatureStatus::Backlog,
        FeatureStatus::Implementing,
        FeatureStatus::Done,
    ];

    /// The status as written in front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            FeatureStatus::Funnel => "funnel",
            FeatureStatus::Analyzing => "analyzing",
            FeatureStatus::Backlog => "backlog",
            FeatureStatus::Implementing => "implementing",
            FeatureStatus::Done => "done",
        }
    }
}

/// The inputs of Weighted Shortest Job First.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Wsjf {
    /// User and business value.
    pub business_value: f64,
    /// Time criticality.
    pub time_criticality: f64,
    /// Risk reduction and opportunity enablement.
    pub risk_reduction: f64,
    /// Job size (never zero once loaded).
    pub job_size: f64,
}

impl Wsjf {
    /// Cost of delay divided by job size.
    pub fn score(&self) -> f64 {
        (self.business_value + self.time_criticality + self.risk_reduction) / self.job_size
    }
}

/// A program-backlog item (`features/**/<id>.md`).
#[derive(Clone, Debug)]
pub struct Feature {
    /// The feature id (file stem).
    pub id: Id,
    /// The file it came from.
    pub file: FileId,
    /// One line saying what the feature is.
    pub title: String,
    /// Feature or enabler.
    pub kind: FeatureType,
    /// The PI it is planned for, as written.
    pub pi: Option<String>,
    /// Where it is in the workflow.
    pub status: FeatureStatus,
    /// The Product Manager who owns it.
    pub owner: Option<String>,
    /// WSJF inputs, if estimated.
    pub wsjf: Option<Wsjf>,
    /// Free-form labels.
    pub labels: Vec<String>,
    /// The feature's own acceptance criteria.
    pub criteria: Criteria,
    /// Custom fields, kept for the site.
    pub extra: Mapping,
}

/// One iteration of a PI.
#[derive(Clone, Debug)]
pub struct Iteration {
    /// The iteration id, e.g. `PI-3.2`.
    pub id: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Position in the PI's `iterations` list.
    pub index: usize,
    /// Whether it is the Innovation and Planning (IP) iteration, which
    /// takes no stories.
    pub ip: bool,
    /// Capacity for this iteration by team id, where it differs from the
    /// team's own `capacity` (a holiday, say).
    pub capacity: BTreeMap<String, u32>,
}

impl Team {
    /// The points the team can take in `iteration`: the iteration's own
    /// figure for the team, else the team's `capacity`.
    pub fn capacity_in(&self, iteration: &Iteration) -> Option<u32> {
        iteration
            .capacity
            .get(self.id.as_str())
            .copied()
            .or(self.capacity)
    }
}

/// One team's objective for a PI.
#[derive(Clone, Debug)]
pub struct Objective {
    /// The team id, as written.
    pub team: String,
    /// What the team means to achieve.
    pub text: String,
    /// Planned business value, 1..10.
    pub business_value: Option<i64>,
    /// Achieved business value, 0..10, set at the end of the PI.
    pub actual_value: Option<i64>,
    /// False for a stretch objective.
    pub committed: bool,
    /// Features the objective delivers.
    pub features: Vec<Ref>,
    /// Position in the PI's `objectives` list.
    pub index: usize,
}

impl Objective {
    /// The values `business_value` (planned) may take.
    pub const PLANNED_VALUES: std::ops::RangeInclusive<i64> = 1..=10;
    /// The values `actual_value` may take.
    pub const ACTUAL_VALUES: std::ops::RangeInclusive<i64> = 0..=10;
}

/// A program increment (`pis/<id>.md`).
#[derive(Clone, Debug)]
pub struct Pi {
    /// The PI id (file stem).
    pub id: Id,
    /// The file it came from.
    pub file: FileId,
    /// The PI's name.
    pub title: String,
    /// First day.
    pub start: Option<Date>,
    /// Last day.
    pub end: Option<Date>,
    /// Iterations in order.
    pub iterations: Vec<Iteration>,
    /// Ids of iterations whose dates did not read (reported already), so that
    /// stories planned into them are not reported again.
    pub undated_iterations: Vec<String>,
    /// The teams' objectives.
    pub objectives: Vec<Objective>,
    /// Dates the train plans around (a release, a demo), in date order.
    pub milestones: Vec<Milestone>,
    /// The Business Owners of this PI, when they are not the train's
    /// (`business_owners` in `rankdown.yaml`); empty otherwise.
    pub business_owners: Vec<String>,
    /// Custom fields, kept for the site.
    pub extra: Mapping,
}

/// A dated event of a PI (`milestones:` in a PI file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Milestone {
    /// What happens on the day.
    pub title: String,
    /// The day.
    pub date: Date,
    /// Position in the PI's `milestones` list.
    pub index: usize,
}

/// A role and its duties (`roles/<id>.md`).
#[derive(Clone, Debug)]
pub struct Role {
    /// The role id (file stem), e.g. `product-owner`.
    pub id: Id,
    /// The file it came from.
    pub file: FileId,
    /// The role's name.
    pub title: String,
    /// The kinds of content this role has authority over.
    pub owns: Vec<String>,
    /// The duties this role must perform.
    pub responsibilities: Vec<String>,
    /// Custom fields, kept for the site.
    pub extra: Mapping,
}

#[cfg(test)]
mod tests {
    use super::is_code_host_handle;

    #[test]
    fn handles_are_users_teams_or_plain_emails() {
        for good in [
            "@ana-li",
            "@store/checkout",
            "@group/sub/team",
            "kim.park@example.org",
        ] {
            assert!(is_code_host_handle(good), "{good}");
        }
        for bad in [
            "ana-li",
            "@",
            "@-x",
            "@a b",
            "a@b",
            "a\n@b.org",
            "a@b.org\n/** @x",
            "@a\n",
        ] {
            assert!(!is_code_host_handle(bad), "{bad:?}");
        }
    }
}
