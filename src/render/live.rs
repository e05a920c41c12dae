//! Rendering again only what changed, for the live preview.
//!
//! Every page other than a story page is cheap to describe: its context is
//! rebuilt on each render and the page is rendered again only when that
//! context differs from the last one. Story pages are too many for that at
//! ten thousand stories, so the caller names the items it re-read and only
//! the story pages that show one of them are rebuilt, with those whose rank
//! in their team moved. Rendered Markdown is remembered between renders.

use super::markdown::Markdown;
use super::{Inputs, Job, Options, Theme, pages, search, site_context, sitemap};
use super::{checked_summary_jobs, unchecked_summary_jobs};
use super::{is_absolute_url, render_job, with_site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Backlog, Kind};
use crate::output::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;
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
    fn includes(&self, id: &str) -> bool {
        match self {
            Pages::All => true,
            Pages::Only(ids) => ids.contains(id),
        }
    }

    fn add(&mut self, other: Pages) {
        match (&mut *self, other) {
            (Pages::All, _) => {}
            (_, Pages::All) => *self = Pages::All,
            (Pages::Only(ids), Pages::Only(more)) => ids.extend(more),
        }
    }

    fn extend<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) {
        if let Pages::Only(set) = self {
            set.extend(ids.into_iter().map(str::to_string));
        }
    }
}

/// The story, team and feature pages that may have changed since the last
/// render; every other page is checked on each render.
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

/// One change to the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A page that is new or whose bytes changed.
    Put(Page),
    /// A page that is gone, by path.
    Remove(String),
}

/// The site as last rendered, for rendering again what changed.
#[derive(Default)]
pub struct LiveRender {
    markdown: Markdown,
    /// The global context of the last render.
    site: Value,
    /// Pages other than stories with the context they were rendered from.
    rendered: HashMap<String, Job>,
    /// Open stories' ranks at the last render.
    ranks: HashMap<String, usize>,
    /// Paths of the story, team, feature and PI pages.
    item_paths: BTreeSet<String>,
    /// Paths of the other pages.
    summary_paths: BTreeSet<String>,
    /// Paths of the summary pages that show no diagnostics.
    unchecked_paths: BTreeSet<String>,
    /// A hash of each rendered page's bytes, to pass over pages that came
    /// out the same.
    hashes: HashMap<String, u64>,
    /// The diagnostics the pages were last rendered with.
    diagnostics: Vec<Diagnostic>,
    /// Search index entries: stories (`false`) then features, by id.
    entries: BTreeMap<(bool, String), Vec<u8>>,
    statics: BTreeMap<String, Vec<u8>>,
}

/// What [`LiveRender::render`] did.
pub struct Rendered {
    /// The backlog's diagnostics.
    pub diagnostics: Vec<Diagnostic>,
    /// The changes to the site; `None` when the diagnostics have errors.
    pub changes: anyhow::Result<Option<Vec<Change>>>,
    /// The pages to render at the next render if this one made no changes.
    pub pending: Dirty,
}

/// A render done as far as diagnostics allow.
struct Prepared {
    site: Value,
    /// Every page is being rendered again.
    everything: bool,
    tera: tera::Tera,
    dirty: Dirty,
    /// Stories whose rank moved, with their new rank.
    moved: Vec<(String, Option<usize>)>,
    /// The jobs that were rendered, other than story pages.
    jobs: Vec<Job>,
    pages: Vec<Page>,
    summary_paths: BTreeSet<String>,
    unchecked_paths: BTreeSet<String>,
    /// Item pages that appear and those that go.
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
}

/// The pages that show diagnostics, as rendered for one set of them.
struct CheckedPages {
    paths: BTreeSet<String>,
    jobs: Vec<Job>,
    pages: Vec<Page>,
}

impl Prepared {
    fn add(&mut self, checked: CheckedPages) {
        self.unchecked_paths = self.summary_paths.clone();
        self.summary_paths.extend(checked.paths);
        self.jobs.extend(checked.jobs);
        self.pages.extend(checked.pages);
    }
}

/// The kinds of item that have a page at [`pages::item_path`] made outside
/// the summary pages.
const ITEM_PAGES: [Kind; 4] = [Kind::Story, Kind::Team, Kind::Feature, Kind::Pi];

impl LiveRender {
    /// A renderer that has rendered nothing yet.
    pub fn new() -> LiveRender {
        LiveRender {
            markdown: Markdown::remembering(),
            ..LiveRender::default()
        }
    }

    /// Makes the next render redo every page (the templates changed).
    pub fn forget_pages(&mut self) {
        self.rendered.clear();
    }

    /// Renders what changed since the last call while `check` validates the
    /// backlog on the other core. `pending` names the pages known to need
    /// rendering; with `before`, so do the pages that show the items it
    /// names. Unless the diagnostics have errors, returns the changes (pages
    /// in path order), which are exactly those [`super::render`] makes from
    /// the same input; else nothing is rendered, the state stays as it was,
    /// and the pages still to render are returned.
    pub fn render(
        &mut self,
        backlog: &Backlog,
        theme: &Theme,
        options: &Options,
        pending: &Dirty,
        before: Option<&Before>,
        check: impl FnOnce() -> Vec<Diagnostic> + Send,
    ) -> Rendered {
        self.markdown.trim(4 * (backlog.files.len() + 16));
        // The pages that show diagnostics are made beside the check with the
        // last render's diagnostics, and made again only if those changed.
        let inputs = Inputs::new(backlog, &self.diagnostics, options, &self.markdown);
        let (diagnostics, (dirty, prepared)) = rayon::join(check, || {
            let mut dirty = pending.clone();
            if let Some(before) = before {
                dirty.add(pages_showing(backlog, before));
            }
            let prepared = self.prepare(&inputs, theme, options, &dirty).map(|p| {
                let speculated = self.checked_pages(&inputs, &p);
                (p, speculated)
            });
            (dirty, prepared)
        });
        let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
        let changes = match prepared {
            Ok(_) if errors => Ok(None),
            Ok((mut prepared, speculated)) => {
                let checked = match speculated {
                    Ok(checked) if diagnostics == self.diagnostics => Ok(checked),
                    _ => {
                        let inputs = Inputs {
                            diagnostics: &diagnostics,
                            ..inputs
                        };
                        self.checked_pages(&inputs, &prepared)
                    }
                };
                checked.and_then(|checked| {
                    prepared.add(checked);
                    self.finish(backlog, theme, options, prepared).map(Some)
                })
            }
            Err(error) => Err(error),
        };
        if matches!(changes, Ok(Some(_))) {
            self.diagnostics.clone_from(&diagnostics);
        }
        Rendered {
            diagnostics,
            changes,
            pending: dirty,
        }
    }

    /// The pages that show diagnostics (home, report, roles), rendered if
    /// they changed.
    fn checked_pages(&self, inputs: &Inputs, prepared: &Prepared) -> anyhow::Result<CheckedPages> {
        let jobs = checked_summary_jobs(inputs);
        let paths = jobs.iter().map(|j| j.path.clone()).collect();
        let jobs: Vec<Job> = jobs
            .into_iter()
            .filter(|job| prepared.everything || self.rendered.get(&job.path) != Some(job))
            .collect();
        let pages = self.render_jobs(&prepared.tera, &[], &jobs)?;
        Ok(CheckedPages { paths, jobs, pages })
    }

    /// Everything that does not depend on diagnostics, without changing
    /// the state.
    fn prepare(
        &self,
        inputs: &Inputs,
        theme: &Theme,
        options: &Options,
        dirty: &Dirty,
    ) -> anyhow::Result<Prepared> {
        let backlog = inputs.backlog;
        let site = site_context(backlog, options);
        let mut dirty = dirty.clone();
        let everything = site != self.site || self.rendered.is_empty();
        if everything {
            dirty = Dirty::all();
        }
        let moved: Vec<(String, Option<usize>)> = moved(&self.ranks, inputs.ranks())
            .into_iter()
            .map(|id| {
                let rank = inputs.ranks().get(id.as_str()).copied();
                (id, rank)
            })
            .collect();
        dirty
            .stories
            .extend(moved.iter().map(|(id, _)| id.as_str()));
        for story in moved
            .iter()
            .filter_map(|(id, _)| backlog.stories.get(id.as_str()))
        {
            dirty.teams.extend([story.team.as_str()]);
            dirty.features.extend(story.feature.as_deref());
        }
        let tera = with_site(theme, &site);
        let wanted = |kinds: &[Kind]| everything || kinds.iter().any(|k| dirty.kinds.contains(k));
        let mut jobs = unchecked_summary_jobs(inputs, options, &wanted);
        // These pages are always there: their paths change only with a full render.
        let summary_paths = match everything {
            true => jobs.iter().map(|j| j.path.clone()).collect(),
            false => self.unchecked_paths.clone(),
        };
        let (added, removed) = self.item_paths_change(backlog, &dirty);
        let teams = backlog
            .teams
            .values()
            .filter(|t| dirty.teams.includes(t.id.as_str()));
        jobs.extend(teams.map(|t| pages::team(inputs, t)));
        let features = backlog
            .features
            .values()
            .filter(|f| dirty.features.includes(f.id.as_str()));
        jobs.extend(features.map(|f| pages::feature(inputs, f)));
        let pis = backlog
            .pis
            .values()
            .filter(|p| dirty.pis.includes(p.id.as_str()));
        jobs.extend(pis.map(|p| pages::pi(inputs, p)));
        jobs.retain(|job| everything || self.rendered.get(&job.path) != Some(job));
        let stories: Vec<Job> = match &dirty.stories {
            Pages::All => backlog.stories.values().collect::<Vec<_>>(),
            Pages::Only(ids) => ids
                .iter()
                .filter_map(|id| backlog.stories.get(id.as_str()))
                .collect(),
        }
        .par_iter()
        .map(|s| pages::story(inputs, s))
        .collect();
        let pages = self.render_jobs(&tera, &stories, &jobs)?;
        Ok(Prepared {
            site,
            everything,
            tera,
            dirty,
            moved,
            jobs,
            pages,
            summary_paths,
            unchecked_paths: BTreeSet::new(),
            added,
            removed,
        })
    }

    /// Renders `stories` and `jobs` in parallel, keeping pages whose bytes
    /// differ from the last render.
    fn render_jobs(
        &self,
        tera: &tera::Tera,
        stories: &[Job],
        jobs: &[Job],
    ) -> anyhow::Result<Vec<Page>> {
        let mut pages: Vec<Page> = stories
            .par_iter()
            .chain(jobs.par_iter())
            .map(|job| render_job(tera, job.clone()))
            .collect::<anyhow::Result<_>>()?;
        pages.retain(|page| self.hashes.get(&page.path) != Some(&hash_of(&page.bytes)));
        Ok(pages)
    }

    /// Adds the sitemap, search index and static files to a prepared render,
    /// moves the state on, and returns the changes.
    fn finish(
        &mut self,
        backlog: &Backlog,
        theme: &Theme,
        options: &Options,
        prepared: Prepared,
    ) -> anyhow::Result<Vec<Change>> {
        let Prepared {
            site,
            everything,
            tera,
            dirty,
            moved,
            jobs,
            mut pages,
            summary_paths,
            unchecked_paths,
            added,
            removed: mut gone,
        } = prepared;
        gone.extend(self.summary_paths.difference(&summary_paths).cloned());
        gone.extend(
            self.statics
                .keys()
                .filter(|n| !theme.statics.contains_key(*n))
                .map(|n| format!("static/{n}")),
        );
        let html_changed =
            !added.is_empty() || !gone.is_empty() || summary_paths != self.summary_paths;
        if is_absolute_url(&options.base_url) && (everything || html_changed) {
            let mut html: Vec<String> = self
                .item_paths
                .iter()
                .filter(|p| !gone.contains(*p))
                .cloned()
                .collect();
            html.extend(added.iter().cloned());
            html.extend(summary_paths.iter().cloned());
            html.retain(|p| p.ends_with("index.html"));
            html.sort();
            pages.push(sitemap(&tera, &html, options)?);
        }
        if let Some(search) = search_index(&mut self.entries, backlog, &dirty) {
            pages.push(Page {
                path: "search.json".into(),
                bytes: search,
            });
        }
        for (name, bytes) in &theme.statics {
            if everything || self.statics.get(name) != Some(bytes) {
                pages.push(Page {
                    path: format!("static/{name}"),
                    bytes: bytes.clone(),
                });
            }
        }

        for page in pages.iter().filter(|p| p.path != "search.json") {
            self.hashes.insert(page.path.clone(), hash_of(&page.bytes));
        }
        for path in &gone {
            self.hashes.remove(path);
            self.rendered.remove(path);
            self.item_paths.remove(path);
        }
        self.item_paths.extend(added);
        for job in jobs {
            self.rendered.insert(job.path.clone(), job);
        }
        for (id, rank) in moved {
            match rank {
                Some(rank) => self.ranks.insert(id, rank),
                None => self.ranks.remove(&id),
            };
        }
        self.site = site;
        self.summary_paths = summary_paths;
        self.unchecked_paths = unchecked_paths;
        if self.statics != theme.statics {
            self.statics = theme.statics.clone();
        }
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        let mut changes: Vec<Change> = gone.into_iter().map(Change::Remove).collect();
        changes.extend(pages.into_iter().map(Change::Put));
        Ok(changes)
    }

    /// The item pages that appear and those that go with the items of `dirty`.
    fn item_paths_change(
        &self,
        backlog: &Backlog,
        dirty: &Dirty,
    ) -> (BTreeSet<String>, BTreeSet<String>) {
        let now: BTreeSet<String> = match &dirty.items {
            None => ITEM_PAGES
                .iter()
                .flat_map(|&kind| {
                    backlog
                        .ids(kind)
                        .into_iter()
                        .map(move |id| pages::item_path(kind, id))
                })
                .collect(),
            Some(ids) => {
                let mut added = BTreeSet::new();
                let mut removed = BTreeSet::new();
                for id in ids {
                    for kind in ITEM_PAGES {
                        let path = pages::item_path(kind, id);
                        let exists = backlog.kind_of(id) == Some(kind);
                        match (exists, self.item_paths.contains(&path)) {
                            (true, false) => added.insert(path),
                            (false, true) => removed.insert(path),
                            _ => false,
                        };
                    }
                }
                return (added, removed);
            }
        };
        let added = now.difference(&self.item_paths).cloned().collect();
        let removed = self.item_paths.difference(&now).cloned().collect();
        (added, removed)
    }
}

/// The search index if an entry changed, with the entries of dirty stories
/// and features made again and the others as they were.
fn search_index(
    entries: &mut BTreeMap<(bool, String), Vec<u8>>,
    backlog: &Backlog,
    dirty: &Dirty,
) -> Option<Vec<u8>> {
    let mut changed = false;
    let mut refresh = |kind: Kind, pages: &Pages| -> BTreeSet<String> {
        match pages {
            Pages::All => {
                changed = true;
                entries.retain(|(feature, _), _| *feature != (kind == Kind::Feature));
                backlog.ids(kind).into_iter().map(str::to_string).collect()
            }
            Pages::Only(ids) => ids.clone(),
        }
    };
    let stories = refresh(Kind::Story, &dirty.stories);
    let features = refresh(Kind::Feature, &dirty.features);
    let wanted = stories.into_iter().map(|id| {
        let entry = backlog
            .stories
            .get(id.as_str())
            .map(|s| search::story_entry(backlog, s));
        ((false, id), entry)
    });
    let wanted = wanted.chain(features.into_iter().map(|id| {
        let entry = backlog
            .features
            .get(id.as_str())
            .map(|f| search::feature_entry(backlog, f));
        ((true, id), entry)
    }));
    for (key, entry) in wanted {
        if entries.get(&key) != entry.as_ref() {
            changed = true;
            match entry {
                Some(entry) => entries.insert(key, entry),
                None => entries.remove(&key),
            };
        }
    }
    changed.then(|| search::join(entries.values()))
}

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Stories whose rank differs between `before` and `now`, or that have a rank
/// in only one of them.
fn moved(before: &HashMap<String, usize>, now: &HashMap<&str, usize>) -> Vec<String> {
    let mut moved: Vec<String> = before
        .iter()
        .filter(|(id, rank)| now.get(id.as_str()) != Some(rank))
        .map(|(id, _)| id.clone())
        .collect();
    moved.extend(
        now.iter()
            .filter(|(id, _)| !before.contains_key(**id))
            .map(|(id, _)| id.to_string()),
    );
    moved
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
    // Stories planned into a PI that shows differently, before or now.
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
    let mut stories: BTreeSet<String> = before.depended_on.clone();
    let mut board_iterations: BTreeSet<&str> = BTreeSet::new();
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
        // The program board lists dependencies between teams by the
        // dependent story's iteration: a replanned story may change them.
        let needs_replanned = story
            .depends_on
            .iter()
            .any(|r| replanned.contains(r.id.as_str()));
        if needs_replanned {
            board_iterations.extend(story.iteration.as_deref());
        }
        if shows {
            stories.insert(story.id.to_string());
            if touched.contains(story.id.as_str()) {
                stories.extend(story.depends_on.iter().map(|r| r.id.to_string()));
            }
        }
    }
    let of_kind = |kind: Kind| -> BTreeSet<String> {
        let exists = |id: &&String| {
            backlog.kind_of(id) == Some(kind) || before.labels[id.as_str()].kind == Some(kind)
        };
        touched.iter().filter(exists).cloned().collect()
    };
    let mut teams = of_kind(Kind::Team);
    teams.extend(before.teams.iter().cloned());
    let mut features = of_kind(Kind::Feature);
    features.extend(before.features.iter().cloned());
    let mut pis = of_kind(Kind::Pi);
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
    pis.extend(
        replanned_iterations
            .chain(board_iterations)
            .filter_map(|it| pi_of.get(it))
            .map(|pi| pi.to_string()),
    );
    for story in stories
        .iter()
        .filter_map(|id| backlog.stories.get(id.as_str()))
    {
        teams.insert(story.team.to_string());
        features.extend(story.feature.clone());
    }
    let relabeled_kind = |kind: Kind| {
        relabeled
            .iter()
            .any(|id| backlog.kind_of(id) == Some(kind) || before.labels[*id].kind == Some(kind))
    };
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
