//! The backlog as plain data: what the loader produces and every later step reads.
//!
//! Nothing here does I/O. Each item remembers the [`FileId`] it came from so that
//! diagnostics and pages can point back at the source.

pub mod authority;
mod criteria;
mod id;
mod items;
mod queries;

pub use crate::source::{FileId, SourceFile};
pub use criteria::{Criteria, GherkinBlock, GherkinProblem, Scenario, Task};
pub use id::{Id, is_valid_id};
pub use items::{
    Config, Feature, FeatureStatus, FeatureType, Iteration, Limits, Milestone, Objective, Pi, Ref,
    Role, Story, StoryStatus, StoryType, Team, Wsjf, is_code_host_handle,
};
pub use queries::{
    Progress, Timing, current_iteration, predictability, progress, timing, wsjf_order,
};

use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// What kind of item an id names; ids are unique across all kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A file under `stories/`.
    Story,
    /// A file under `features/`.
    Feature,
    /// A file under `teams/`.
    Team,
    /// A file under `pis/`.
    Pi,
    /// A file under `roles/`.
    Role,
}

impl Kind {
    /// The word users see in messages ("story", "feature", ...).
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Story => "story",
            Kind::Feature => "feature",
            Kind::Team => "team",
            Kind::Pi => "PI",
            Kind::Role => "role",
        }
    }

    /// Every kind, in the order their folders are read.
    pub const ALL: [Kind; 5] = [Kind::Role, Kind::Team, Kind::Feature, Kind::Pi, Kind::Story];
}

/// One item of any kind, as the loader produces it.
#[derive(Debug)]
pub enum Item {
    /// A story, enabler, defect or spike.
    Story(Story),
    /// A feature or enabler.
    Feature(Feature),
    /// A team.
    Team(Team),
    /// A program increment.
    Pi(Pi),
    /// A role.
    Role(Role),
}

impl Item {
    fn id_and_kind(&self) -> (Id, Kind) {
        match self {
            Item::Story(x) => (x.id.clone(), Kind::Story),
            Item::Feature(x) => (x.id.clone(), Kind::Feature),
            Item::Team(x) => (x.id.clone(), Kind::Team),
            Item::Pi(x) => (x.id.clone(), Kind::Pi),
            Item::Role(x) => (x.id.clone(), Kind::Role),
        }
    }
}

/// A whole backlog root: config, items by id, and the source files they came from.
///
/// Maps are ordered by id so that every walk over them is deterministic.
#[derive(Debug, Default)]
pub struct Backlog {
    /// Every file that was read, indexed by [`FileId`].
    pub files: Vec<SourceFile>,
    /// `rankdown.yaml`, if it parsed.
    pub config: Option<Config>,
    /// Stories, enablers, defects and spikes.
    pub stories: BTreeMap<Id, Story>,
    /// Program-backlog features and enablers.
    pub features: BTreeMap<Id, Feature>,
    /// Agile teams with their ordered backlogs.
    pub teams: BTreeMap<Id, Team>,
    /// Program increments with their iterations and objectives.
    pub pis: BTreeMap<Id, Pi>,
    /// Roles with their duties and content authority.
    pub roles: BTreeMap<Id, Role>,
    /// Ids of item files that exist but could not be read into an item (their
    /// problems are reported); references to them are not reported again.
    pub unreadable: BTreeMap<Id, Kind>,
    /// The kind of every item by id, for constant-time lookups.
    kinds: HashMap<Id, Kind>,
    /// Files by path, made when first needed.
    paths: std::sync::OnceLock<HashMap<String, FileId>>,
}

impl Backlog {
    /// The source file an item came from.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// The file read from `path` (relative to the root), if any.
    pub fn file_at(&self, path: &str) -> Option<&SourceFile> {
        self.file_id_at(path).map(|id| self.file(id))
    }

    /// The id of the file read from `path`, if any.
    pub fn file_id_at(&self, path: &str) -> Option<FileId> {
        let paths = self.paths.get_or_init(|| {
            self.files
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.path.is_empty())
                .map(|(i, f)| (f.path.clone(), FileId(i)))
                .collect()
        });
        paths.get(path).copied()
    }

    /// The kind of item an id names, if any item has it.
    pub fn kind_of(&self, id: &str) -> Option<Kind> {
        self.kinds.get(id).copied()
    }

    /// Adds a story, feature, team, PI or role under its id. Returns the kind
    /// of the item that already has the id, and then adds nothing.
    pub fn insert(&mut self, item: Item) -> Result<(), Kind> {
        let (id, kind) = item.id_and_kind();
        if let Some(&taken) = self.kinds.get(id.as_str()) {
            return Err(taken);
        }
        self.kinds.insert(id.clone(), kind);
        match item {
            Item::Story(x) => self.stories.insert(id, x).map(drop),
            Item::Feature(x) => self.features.insert(id, x).map(drop),
            Item::Team(x) => self.teams.insert(id, x).map(drop),
            Item::Pi(x) => self.pis.insert(id, x).map(drop),
            Item::Role(x) => self.roles.insert(id, x).map(drop),
        };
        Ok(())
    }

    /// Removes the item of `kind` with `id`; returns whether there was one.
    pub fn remove(&mut self, kind: Kind, id: &str) -> bool {
        let removed = match kind {
            Kind::Story => self.stories.remove(id).is_some(),
            Kind::Feature => self.features.remove(id).is_some(),
            Kind::Team => self.teams.remove(id).is_some(),
            Kind::Pi => self.pis.remove(id).is_some(),
            Kind::Role => self.roles.remove(id).is_some(),
        };
        if removed {
            self.kinds.remove(id);
        }
        removed
    }

    /// Puts `file` at `id`, growing the file list when `id` is new.
    pub fn set_file(&mut self, id: FileId, file: SourceFile) {
        if let Some(paths) = self.paths.get_mut() {
            paths.insert(file.path.clone(), id);
        }
        if id.0 == self.files.len() {
            self.files.push(file);
        } else {
            self.files[id.0] = file;
        }
    }

    /// Forgets the file at `id` (it was deleted); its slot stays empty so
    /// that other files keep their ids.
    pub fn clear_file(&mut self, id: FileId) {
        let old = std::mem::take(&mut self.files[id.0]);
        if let Some(paths) = self.paths.get_mut() {
            paths.remove(&old.path);
        }
    }

    /// The title of the item with `id`, if any item has it.
    pub fn title_of(&self, id: &str) -> Option<&str> {
        let title = match self.kind_of(id)? {
            Kind::Story => &self.stories[id].title,
            Kind::Feature => &self.features[id].title,
            Kind::Team => &self.teams[id].title,
            Kind::Pi => &self.pis[id].title,
            Kind::Role => &self.roles[id].title,
        };
        Some(title)
    }

    /// The file an item of `kind` with `id` came from.
    pub fn file_of(&self, kind: Kind, id: &str) -> Option<FileId> {
        match kind {
            Kind::Story => self.stories.get(id).map(|x| x.file),
            Kind::Feature => self.features.get(id).map(|x| x.file),
            Kind::Team => self.teams.get(id).map(|x| x.file),
            Kind::Pi => self.pis.get(id).map(|x| x.file),
            Kind::Role => self.roles.get(id).map(|x| x.file),
        }
    }

    /// The ids of every item of `kind`, in order.
    pub fn ids(&self, kind: Kind) -> Vec<&str> {
        match kind {
            Kind::Story => self.stories.keys().map(Id::as_str).collect(),
            Kind::Feature => self.features.keys().map(Id::as_str).collect(),
            Kind::Team => self.teams.keys().map(Id::as_str).collect(),
            Kind::Pi => self.pis.keys().map(Id::as_str).collect(),
            Kind::Role => self.roles.keys().map(Id::as_str).collect(),
        }
    }
}

impl crate::diagnostic::Sources for Backlog {
    fn line(&self, path: &str, line: usize) -> Option<&str> {
        self.file_at(path)
            .filter(|f| !f.text.is_empty())
            .and_then(|f| f.line_text(line))
    }
}
