//! Which pages a change to some items may alter: the items' own pages, and
//! the pages of other items that show them, judged by how the items showed
//! before they were read again and how they show now.

use crate::model::{Backlog, Kind};
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

/// A set of pages of one kind, by item id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pages {
    /// Every page of the kind.
    All,
    /// The pages of these items.
    Only(BTreeSet<String>),
}

impl Pages {
    /// Whether the page of the item `id` is in the set.
    pub(super) fn includes(&self, id: &str) -> bool {
        match self {
            Pages::All => true,
            Pages::Only(ids) => ids.contains(id),
        }
    }

    /// Adds the pages of `other`.
    fn add(&mut self, other: Pages) {
        match (&mut *self, other) {
            (Pages::All, _) => {}
            (_, Pages::All) => *self = Pages::All,
            (Pages::Only(ids), Pages::Only(more)) => ids.extend(more),
        }
    }

    /// Adds the pages of the items `ids`.
    pub(super) fn extend<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        if let Pages::Only(set) = self {
            set.extend(ids.into_iter().map(str::to_string));
        }
    }
}

/// The story, team, feature and PI pages that may have changed since the
/// last render; every other page is compared by context on each render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirty {
    /// Story pages (those whose rank moved are found by the render).
    pub stories: Pages,
    /// Team pages.
    pub teams: Pages,
    /// Feature pages.
    pub features: Pages,
    /// PI pages.
    pub pis: Pages,
    /// The items whose files were read again (their pages may come or go);
    /// `None`: any item.
    pub items: Option<BTreeSet<String>>,
    /// The kinds of those items, before or now.
    pub kinds: BTreeSet<Kind>,
}

impl Dirty {
    /// Every page.
    pub fn all() -> Dirty {
        Dirty {
            stories: Pages::All,
            teams: Pages::All,
            features: Pages::All,
            pis: Pages::All,
            items: None,
            kinds: Kind::ALL.into(),
        }
    }

    /// No page.
    pub fn none() -> Dirty {
        Dirty {
            stories: Pages::Only(BTreeSet::new()),
            teams: Pages::Only(BTreeSet::new()),
            features: Pages::Only(BTreeSet::new()),
            pis: Pages::Only(BTreeSet::new()),
            items: Some(BTreeSet::new()),
            kinds: BTreeSet::new(),
        }
    }

    /// Adds the pages of `other`.
    pub fn add(&mut self, other: Dirty) {
        self.stories.add(other.stories);
        self.teams.add(other.teams);
        self.features.add(other.features);
        self.pis.add(other.pis);
        match (&mut self.items, other.items) {
            (Some(ids), Some(more)) => ids.extend(more),
            (items, _) => *items = None,
        }
        self.kinds.extend(other.kinds);
    }
}

/// How an item shows on the pages of other items: whether it exists, its
/// title, a PI's iterations with their dates, and a team's capacity (on the
/// load charts of PI pages).
#[derive(Debug, PartialEq, Eq)]
struct Label {
    kind: Option<Kind>,
    title: String,
    iterations: Vec<(String, String)>,
    capacity: Option<u32>,
}

fn label(backlog: &Backlog, id: &str) -> Label {
    let kind = backlog.kind_of(id);
    let title = backlog.title_of(id).unwrap_or_default().to_string();
    let iterations = backlog.pis.get(id).map_or_else(Vec::new, |pi| {
        let dates = |it: &crate::model::Iteration| format!("{} {}", it.start, it.end);
        pi.iterations
            .iter()
            .map(|it| (it.id.to_string(), dates(it)))
            .collect()
    });
    Label {
        kind,
        title,
        iterations,
        capacity: backlog.teams.get(id).and_then(|t| t.capacity),
    }
}

/// What of a story the PI pages, the roadmap and the lists show: its team,
/// feature, status, points, iteration and dependencies (not its title).
#[derive(Debug, PartialEq, Eq)]
struct Plan {
    team: String,
    feature: Option<String>,
    status: &'static str,
    points: Option<u32>,
    iteration: Option<String>,
    depends_on: Vec<String>,
}

fn plan(backlog: &Backlog, id: &str) -> Option<Plan> {
    let story = backlog.stories.get(id)?;
    Some(Plan {
        team: story.team.clone(),
        feature: story.feature.clone(),
        status: story.status.as_str(),
        points: story.points,
        iteration: story.iteration.clone(),
        depends_on: story.depends_on.iter().map(|r| r.id.to_string()).collect(),
    })
}

/// The items about to be read again, as the pages of other items showed
/// them: taken before reading, for [`pages_showing`] after.
#[derive(Debug)]
pub struct Before {
    touched: BTreeSet<String>,
    labels: BTreeMap<String, Label>,
    /// How the touched stories were planned.
    plans: BTreeMap<String, Option<Plan>>,
    /// Teams and features the touched stories were in, and the stories they
    /// depended on.
    teams: BTreeSet<String>,
    features: BTreeSet<String>,
    depended_on: BTreeSet<String>,
    /// The iterations of the touched PIs.
    pi_iterations: BTreeSet<String>,
}

impl Before {
    /// How the items `touched` show now.
    pub fn capture(backlog: &Backlog, touched: BTreeSet<String>) -> Before {
        let labels = touched
            .iter()
            .map(|id| (id.clone(), label(backlog, id)))
            .collect();
        let plans = touched
            .iter()
            .map(|id| (id.clone(), plan(backlog, id)))
            .collect();
        let mut before = Before {
            labels,
            plans,
            teams: BTreeSet::new(),
            features: BTreeSet::new(),
            depended_on: BTreeSet::new(),
            pi_iterations: BTreeSet::new(),
            touched: BTreeSet::new(),
        };
        for id in &touched {
            if let Some(story) = backlog.stories.get(id.as_str()) {
                before.teams.insert(story.team.to_string());
                before.features.extend(story.feature.clone());
                before
                    .depended_on
                    .extend(story.depends_on.iter().map(|r| r.id.to_string()));
            }
            if let Some(pi) = backlog.pis.get(id.as_str()) {
                before
                    .pi_iterations
                    .extend(pi.iterations.iter().map(|it| it.id.to_string()));
            }
        }
        before.touched = touched;
        before
    }
}

/// The pages to render again after the items of `before` were read again:
/// - story pages: the touched stories, the stories they depend on (before
///   and now), and, for items that now show differently (see [`Label`]),
///   the stories that depend on them, are in them (teams, features) or are
///   planned into their iterations (PIs);
/// - team and feature pages: the touched ones and those of the stories
///   above, before and now; all of them when a PI or role shows differently;
/// - PI pages: the touched ones, those a replanned story (see [`Plan`]) was
///   or is planned into, and those of the stories that depend on it; all of
///   them when a team or feature shows differently.
pub fn pages_showing(backlog: &Backlog, before: &Before) -> Dirty {
    let touched = &before.touched;
    let replanned: BTreeSet<&str> = touched
        .iter()
        .filter(|id| before.plans[id.as_str()] != plan(backlog, id))
        .map(String::as_str)
        .collect();
    let relabeled: BTreeSet<&str> = touched
        .iter()
        .filter(|id| before.labels.get(id.as_str()) != Some(&label(backlog, id)))
        .map(String::as_str)
        .collect();
    let iterations = relabeled_iterations(backlog, before, &relabeled);
    let stories = stories_showing(backlog, before, &relabeled, &iterations);
    let (teams, features) = teams_and_features(backlog, before, &stories);
    let mut pis = touched_of_kind(backlog, before, Kind::Pi);
    pis.extend(replanned_pis(backlog, before, &replanned));
    let relabeled_kind = |kind: Kind| any_of_kind(backlog, before, &relabeled, kind);
    let only_or_all =
        |all: bool, ids: BTreeSet<String>| if all { Pages::All } else { Pages::Only(ids) };
    let pi_or_role = relabeled_kind(Kind::Pi) || relabeled_kind(Kind::Role);
    Dirty {
        stories: Pages::Only(stories),
        teams: only_or_all(pi_or_role, teams),
        features: only_or_all(relabeled_kind(Kind::Pi) || pi_or_role, features),
        pis: only_or_all(
            relabeled_kind(Kind::Team) || relabeled_kind(Kind::Feature),
            pis,
        ),
        items: Some(touched.clone()),
        // A story counts as touched for the summary pages only if replanned.
        kinds: touched
            .iter()
            .flat_map(|id| [backlog.kind_of(id), before.labels[id.as_str()].kind])
            .flatten()
            .filter(|kind| *kind != Kind::Story || !replanned.is_empty())
            .collect(),
    }
}

/// The iterations of the PIs among `relabeled`, before or now: the stories
/// planned into them show the PI differently.
fn relabeled_iterations<'a>(
    backlog: &'a Backlog,
    before: &'a Before,
    relabeled: &BTreeSet<&str>,
) -> BTreeSet<&'a str> {
    let mut iterations: BTreeSet<&str> = BTreeSet::new();
    if before
        .labels
        .iter()
        .any(|(id, old)| old.kind == Some(Kind::Pi) && relabeled.contains(id.as_str()))
    {
        iterations.extend(before.pi_iterations.iter().map(String::as_str));
    }
    for pi in relabeled.iter().filter_map(|id| backlog.pis.get(*id)) {
        iterations.extend(pi.iterations.iter().map(|it| it.id.as_str()));
    }
    iterations
}

/// The stories whose pages show a touched item: the touched stories and
/// those they depend on (before and now), and the stories that depend on,
/// are in or are planned into an item in `relabeled` (its `iterations`).
fn stories_showing(
    backlog: &Backlog,
    before: &Before,
    relabeled: &BTreeSet<&str>,
    iterations: &BTreeSet<&str>,
) -> BTreeSet<String> {
    let touched = &before.touched;
    let mut stories: BTreeSet<String> = before.depended_on.clone();
    // Touched stories that are gone: their search entries go too.
    stories.extend(
        touched
            .iter()
            .filter(|id| before.labels[id.as_str()].kind == Some(Kind::Story))
            .cloned(),
    );
    for story in backlog.stories.values() {
        let shows = touched.contains(story.id.as_str())
            || relabeled.contains(story.team.as_str())
            || story
                .feature
                .as_deref()
                .is_some_and(|f| relabeled.contains(f))
            || story
                .iteration
                .as_deref()
                .is_some_and(|it| iterations.contains(it))
            || story
                .depends_on
                .iter()
                .any(|r| relabeled.contains(r.id.as_str()));
        if shows {
            stories.insert(story.id.to_string());
            if touched.contains(story.id.as_str()) {
                stories.extend(story.depends_on.iter().map(|r| r.id.to_string()));
            }
        }
    }
    stories
}

/// The team and feature pages to render again: the touched ones, those the
/// touched stories were in, and those `stories` are in now.
fn teams_and_features(
    backlog: &Backlog,
    before: &Before,
    stories: &BTreeSet<String>,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut teams = touched_of_kind(backlog, before, Kind::Team);
    teams.extend(before.teams.iter().cloned());
    let mut features = touched_of_kind(backlog, before, Kind::Feature);
    features.extend(before.features.iter().cloned());
    for story in stories
        .iter()
        .filter_map(|id| backlog.stories.get(id.as_str()))
    {
        teams.insert(story.team.to_string());
        features.extend(story.feature.clone());
    }
    (teams, features)
}

/// The touched items that are of `kind`, before or now.
fn touched_of_kind(backlog: &Backlog, before: &Before, kind: Kind) -> BTreeSet<String> {
    let exists = |id: &&String| {
        backlog.kind_of(id) == Some(kind) || before.labels[id.as_str()].kind == Some(kind)
    };
    before.touched.iter().filter(exists).cloned().collect()
}

/// Whether any of `ids` is of `kind`, before or now.
fn any_of_kind(backlog: &Backlog, before: &Before, ids: &BTreeSet<&str>, kind: Kind) -> bool {
    ids.iter()
        .any(|id| backlog.kind_of(id) == Some(kind) || before.labels[*id].kind == Some(kind))
}

/// The PIs a `replanned` story was or is planned into, and those whose
/// program board shows a dependency on one (by the dependent's iteration).
fn replanned_pis(
    backlog: &Backlog,
    before: &Before,
    replanned: &BTreeSet<&str>,
) -> BTreeSet<String> {
    let pi_of: HashMap<&str, &str> = backlog
        .pis
        .values()
        .flat_map(|pi| {
            pi.iterations
                .iter()
                .map(move |it| (it.id.as_str(), pi.id.as_str()))
        })
        .collect();
    // PI pages show where stories are planned, not their titles.
    let plans_now: Vec<Plan> = replanned
        .iter()
        .filter_map(|id| plan(backlog, id))
        .collect();
    let plans_then = replanned.iter().filter_map(|id| before.plans[*id].as_ref());
    let replanned_iterations = plans_then
        .chain(&plans_now)
        .filter_map(|p| p.iteration.as_deref());
    replanned_iterations
        .chain(board_iterations(backlog, replanned))
        .filter_map(|it| pi_of.get(it))
        .map(|pi| pi.to_string())
        .collect()
}

/// The iterations of the stories that depend on a `replanned` story.
fn board_iterations<'a>(backlog: &'a Backlog, replanned: &BTreeSet<&str>) -> BTreeSet<&'a str> {
    // The program board lists dependencies between teams by the dependent
    // story's iteration: a replanned story may change them.
    backlog
        .stories
        .values()
        .filter(|story| {
            story
                .depends_on
                .iter()
                .any(|r| replanned.contains(r.id.as_str()))
        })
        .filter_map(|story| story.iteration.as_deref())
        .collect()
}
