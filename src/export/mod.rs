//! The whole checked backlog as one versioned JSON document (`rankdown
//! export`): every item with its fields and what the site derives from them
//! (ranks, WSJF, progress, predictability), and every diagnostic. Its JSON
//! Schema comes from the same types ([`schema`]); docs/export.md describes it.

pub mod csv;
mod items;

pub use items::{
    Config, Criteria, FeatureEntry, IterationEntry, Milestone, Objective, PiEntry, Points,
    Predictability, RoleEntry, Rules, Scenario, StoryEntry, Task, TeamEntry, TeamPredictability,
    WsjfEntry,
};

use crate::Checked;
use crate::diagnostic::{Counts, Diagnostic};
use crate::model::Kind;
use schemars::{JsonSchema, Schema};
use serde::Serialize;

/// The version of the document's format. Fields may be added within a
/// version; removing, renaming or changing the meaning of one makes a new
/// version.
pub const FORMAT_VERSION: u32 = 1;

/// What `rankdown export` writes.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "rankdown export")]
pub struct Export<'a> {
    /// The version of this document's format (docs/export.md says what changes it).
    #[schemars(extend("const" = FORMAT_VERSION))]
    pub format_version: u32,
    /// The program that wrote the document.
    pub generator: Generator,
    /// `rankdown.yaml`; null when it did not parse.
    pub config: Option<Config<'a>>,
    /// How many items of each kind the document holds, and the diagnostics by severity.
    pub counts: ItemCounts,
    /// Stories, enablers, defects and spikes, by id.
    pub stories: Vec<StoryEntry<'a>>,
    /// Features and enablers, by id.
    pub features: Vec<FeatureEntry<'a>>,
    /// Teams, by id.
    pub teams: Vec<TeamEntry<'a>>,
    /// Program increments, by id.
    pub pis: Vec<PiEntry<'a>>,
    /// Roles, by id.
    pub roles: Vec<RoleEntry<'a>>,
    /// Item files that could not be read into an item (their diagnostics say why), by id.
    pub unreadable: Vec<Unreadable<'a>>,
    /// Every finding of `rankdown check`, sorted by file, line, column and code.
    pub diagnostics: &'a [Diagnostic],
}

/// The program that wrote a document.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Generator {
    /// Always `rankdown`.
    pub name: &'static str,
    /// Its version, e.g. `0.1.0`.
    pub version: &'static str,
}

/// Items of each kind in the document, and diagnostics by severity.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ItemCounts {
    /// Entries in `stories`.
    pub stories: usize,
    /// Entries in `features`.
    pub features: usize,
    /// Entries in `teams`.
    pub teams: usize,
    /// Entries in `pis`.
    pub pis: usize,
    /// Entries in `roles`.
    pub roles: usize,
    /// Diagnostics of each severity.
    #[serde(flatten)]
    pub diagnostics: Counts,
}

/// An item file that exists but could not be read into an item.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Unreadable<'a> {
    /// Its id, from the file name.
    pub id: &'a str,
    /// `story`, `feature`, `team`, `pi` or `role`.
    pub kind: &'static str,
}

/// The document of the checked backlog.
pub fn export(checked: &Checked) -> Export<'_> {
    let b = &checked.backlog;
    let stories = items::stories(b);
    let features = items::features(b);
    let teams = items::teams(b);
    let pis = items::pis(b);
    let roles = items::roles(b);
    Export {
        format_version: FORMAT_VERSION,
        generator: Generator {
            name: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
        },
        config: b.config.as_ref().map(items::config),
        counts: ItemCounts {
            stories: stories.len(),
            features: features.len(),
            teams: teams.len(),
            pis: pis.len(),
            roles: roles.len(),
            diagnostics: Counts::of(&checked.diagnostics),
        },
        stories,
        features,
        teams,
        pis,
        roles,
        unreadable: (b.unreadable.iter())
            .map(|(id, kind)| Unreadable {
                id: id.as_str(),
                kind: kind_word(*kind),
            })
            .collect(),
        diagnostics: &checked.diagnostics,
    }
}

/// The kind as the document writes it: the name of its folder, singular.
fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Story => "story",
        Kind::Feature => "feature",
        Kind::Team => "team",
        Kind::Pi => "pi",
        Kind::Role => "role",
    }
}

/// The document as pretty JSON with a final newline.
pub fn to_json(export: &Export) -> String {
    let mut text = serde_json::to_string_pretty(export).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON Schema of the document.
pub fn schema() -> Schema {
    crate::schema::for_output().into_root_schema_for::<Export<'static>>()
}
