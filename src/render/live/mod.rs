//! Rendering again only what changed, for the live preview.
//!
//! The pages that sum up the backlog are described on each render (those
//! whose sources were not touched are skipped) and rendered again only when
//! their context differs from the last one. Story, team, feature and PI
//! pages are too many for that at ten thousand stories: [`dirty`] finds the
//! ones that show a re-read item, and the render adds the stories whose rank
//! moved. Pages that come out byte for byte the same are not sent, and
//! rendered Markdown is remembered between renders. The backlog is checked
//! on one core while pages render on the other.

mod dirty;

pub use dirty::{Before, Dirty, Pages, pages_showing};

use super::markdown::Markdown;
use super::{Inputs, Job, Options, Site, Theme, pages, search, site_context, sitemap};
use super::{checked_summary_jobs, unchecked_summary_jobs};
use super::{is_absolute_url, render_job, with_site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Backlog, Kind};
use crate::output::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

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
    site: Site,
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
    entries: BTreeMap<(bool, String), search::Doc>,
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
    site: Site,
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
        let pages = self.render_jobs(&prepared.tera, Vec::new(), &jobs)?;
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
        let pages = self.render_jobs(&tera, stories, &jobs)?;
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

    /// Renders the story pages `stories` and `jobs` in parallel, keeping pages whose bytes
    /// differ from the last render.
    fn render_jobs(
        &self,
        tera: &tera::Tera,
        stories: Vec<Job>,
        jobs: &[Job],
    ) -> anyhow::Result<Vec<Page>> {
        // The other jobs are kept to compare with the next render's.
        let mut pages: Vec<Page> = stories
            .into_par_iter()
            .chain(jobs.par_iter().cloned())
            .map(|job| render_job(tera, job))
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
                path: search::INDEX_PATH.into(),
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

        for page in pages.iter().filter(|p| p.path != search::INDEX_PATH) {
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
    entries: &mut BTreeMap<(bool, String), search::Doc>,
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
    let mut stories = refresh(Kind::Story, &dirty.stories);
    // A story is found by its team's title and people too: the entries of
    // the stories of a team file read again are made again.
    if let Some(items) = dirty.items.as_ref().filter(|items| !items.is_empty()) {
        let of_team = backlog
            .stories
            .values()
            .filter(|s| items.contains(s.team.as_str()));
        stories.extend(of_team.map(|s| s.id.to_string()));
    }
    let features = refresh(Kind::Feature, &dirty.features);
    let wanted = stories.into_iter().map(|id| {
        let entry = backlog
            .stories
            .get(id.as_str())
            .map(|s| search::story_doc(backlog, s));
        ((false, id), entry)
    });
    let wanted = wanted.chain(features.into_iter().map(|id| {
        let entry = backlog
            .features
            .get(id.as_str())
            .map(|f| search::feature_doc(backlog, f));
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
    changed.then(|| search::write(entries.values()))
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
