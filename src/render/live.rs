//! Rendering again only what changed, for the live preview.
//!
//! Every page other than a story page is cheap to describe: its context is
//! rebuilt on each render and the page is rendered again only when that
//! context differs from the last one. Story pages are too many for that at
//! ten thousand stories, so the caller names the items it re-read and only
//! the story pages that show one of them are rebuilt, with those whose rank
//! in their team moved. Rendered Markdown is remembered between renders.

use super::markdown::Markdown;
use super::{Inputs, Job, Options, Theme, other_jobs, pages, search, site_context, sitemap};
use super::{is_absolute_url, render_job, with_site};
use crate::diagnostic::Diagnostic;
use crate::model::{Backlog, Id, Story};
use crate::output::Page;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Which story pages may have changed since the last render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stories {
    /// All of them.
    All,
    /// These, by id, and any whose rank moved.
    These(BTreeSet<String>),
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
    /// Every path of the site.
    paths: BTreeSet<String>,
    /// A hash of each rendered page's bytes, to pass over pages that came
    /// out the same.
    hashes: HashMap<String, u64>,
    search: Vec<u8>,
    statics: BTreeMap<String, Vec<u8>>,
}

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

    /// Renders what changed since the last call and returns the changes,
    /// pages in path order. The pages are exactly those [`super::render`]
    /// makes from the same input.
    pub fn render(
        &mut self,
        backlog: &Backlog,
        diagnostics: &[Diagnostic],
        theme: &Theme,
        options: &Options,
        stories: &Stories,
    ) -> anyhow::Result<Vec<Change>> {
        self.markdown.trim(4 * (backlog.files.len() + 16));
        let inputs = Inputs::new(backlog, diagnostics, options, &self.markdown);
        let site = site_context(backlog, options);
        let everything = site != self.site || self.rendered.is_empty();
        let tera = with_site(theme, &site);
        let others = other_jobs(&inputs, options);
        let mut paths: BTreeSet<String> = others.iter().map(|j| j.path.clone()).collect();
        paths.extend(backlog.stories.keys().map(story_path));
        let to_render: Vec<&Story> = match (everything, stories) {
            (false, Stories::These(ids)) => {
                let mut ids: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
                ids.extend(moved(&self.ranks, &inputs.ranks));
                ids.iter()
                    .filter_map(|id| backlog.stories.get(*id))
                    .collect()
            }
            _ => backlog.stories.values().collect(),
        };
        let changed_others: Vec<Job> = others
            .into_iter()
            .filter(|job| everything || self.rendered.get(&job.path) != Some(job))
            .collect();
        let mut pages: Vec<Page> = to_render
            .par_iter()
            .map(|s| pages::story(&inputs, s))
            .chain(changed_others.par_iter().cloned())
            .map(|job| render_job(&tera, job))
            .collect::<anyhow::Result<_>>()?;

        let sorted: Vec<String> = paths.iter().cloned().collect();
        if is_absolute_url(&options.base_url) {
            paths.insert("sitemap.xml".into());
            if everything || sorted_paths_changed(&self.paths, &paths) {
                pages.push(sitemap(&tera, &sorted, options)?);
            }
        }
        let search = search::index(backlog);
        paths.insert("search.json".into());
        if search != self.search {
            pages.push(Page {
                path: "search.json".into(),
                bytes: search.clone(),
            });
        }
        for (name, bytes) in &theme.statics {
            paths.insert(format!("static/{name}"));
            if everything || self.statics.get(name) != Some(bytes) {
                pages.push(Page {
                    path: format!("static/{name}"),
                    bytes: bytes.clone(),
                });
            }
        }

        // Everything rendered: only now does the state move on.
        pages.retain(|page| {
            let hash = hash_of(&page.bytes);
            self.hashes.insert(page.path.clone(), hash) != Some(hash)
        });
        self.hashes.retain(|path, _| paths.contains(path));
        let mut changes: Vec<Change> = self
            .paths
            .difference(&paths)
            .map(|p| Change::Remove(p.clone()))
            .collect();
        for job in changed_others {
            self.rendered.insert(job.path.clone(), job);
        }
        self.rendered.retain(|path, _| paths.contains(path));
        self.ranks = inputs
            .ranks
            .iter()
            .map(|(id, rank)| (id.to_string(), *rank))
            .collect();
        self.site = site;
        self.paths = paths;
        self.search = search;
        self.statics = theme.statics.clone();
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        changes.extend(pages.into_iter().map(Change::Put));
        Ok(changes)
    }
}

fn hash_of(bytes: &[u8]) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

fn story_path(id: &Id) -> String {
    format!("stories/{id}/index.html")
}

/// Whether the sitemap's list of pages changed (a page came or went).
fn sorted_paths_changed(before: &BTreeSet<String>, now: &BTreeSet<String>) -> bool {
    let pages = |set: &BTreeSet<String>| -> Vec<String> {
        set.iter()
            .filter(|p| p.ends_with("index.html"))
            .cloned()
            .collect()
    };
    pages(before) != pages(now)
}

/// Stories whose rank differs between `before` and `now`, or that have a rank
/// in only one of them.
fn moved<'a>(before: &'a HashMap<String, usize>, now: &HashMap<&'a str, usize>) -> Vec<&'a str> {
    let mut moved: Vec<&str> = before
        .iter()
        .filter(|(id, rank)| now.get(id.as_str()) != Some(rank))
        .map(|(id, _)| id.as_str())
        .collect();
    moved.extend(
        now.iter()
            .filter(|(id, _)| !before.contains_key(**id))
            .map(|(id, _)| *id),
    );
    moved
}

/// The stories whose page shows something of the items `ids`: the items
/// themselves if stories, the stories they depend on, the stories that
/// depend on them, the stories of these teams and features, and the stories
/// planned into iterations of these PIs.
pub fn stories_showing(backlog: &Backlog, ids: &BTreeSet<String>) -> BTreeSet<String> {
    let mut showing = BTreeSet::new();
    let iterations: BTreeSet<&str> = ids
        .iter()
        .filter_map(|id| backlog.pis.get(id.as_str()))
        .flat_map(|pi| pi.iterations.iter().map(|it| it.id.as_str()))
        .collect();
    for story in backlog.stories.values() {
        let shows = ids.contains(story.id.as_str())
            || ids.contains(&story.team)
            || story.feature.as_ref().is_some_and(|f| ids.contains(f))
            || story
                .iteration
                .as_deref()
                .is_some_and(|it| iterations.contains(it))
            || story.depends_on.iter().any(|r| ids.contains(r.id.as_str()));
        if shows {
            showing.insert(story.id.to_string());
            if ids.contains(story.id.as_str()) {
                showing.extend(story.depends_on.iter().map(|r| r.id.to_string()));
            }
        }
    }
    showing
}
