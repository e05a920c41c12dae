//! Model → pages: contexts, Tera, Markdown, sanitizing, SVG charts.

mod board;
mod charts;
mod feed;
mod home;
mod links;
pub mod live;
mod markdown;
mod metrics;
mod pages;
mod report;
mod roadmap;
mod roles;
mod search;
mod svg;
pub mod theme;
#[cfg(test)]
mod theme_docs;

pub use report::with_code_spans;
pub use svg::escape;

use links::base_path;

use crate::diagnostic::Diagnostic;
use crate::model::{Backlog, Iteration, Kind, Story};
use crate::output::Page;
use jiff::civil::Date;
use markdown::Markdown;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::sync::OnceLock;
use theme::Theme;

/// What a build is asked for beyond the backlog.
pub struct Options {
    /// The day the roadmap marks as today.
    pub today: Date,
    /// The URL the site is published at.
    pub base_url: String,
    /// Each file's commits, shown on story and feature pages (empty: no history).
    pub history: crate::git::History,
    /// What the newest commits did to the backlog, for the change feeds
    /// (empty: no history).
    pub changes: Vec<crate::changes::CommitChanges>,
}

/// Everything pages are built from, with the derived maps computed once.
pub(crate) struct Inputs<'a> {
    backlog: &'a Backlog,
    diagnostics: &'a [Diagnostic],
    today: Date,
    history: &'a crate::git::History,
    markdown: &'a Markdown,
    ranks: OnceLock<HashMap<&'a str, usize>>,
    // The maps below are made when a page first needs them: a live rebuild
    // renders a few pages and should not pay for the others.
    dependents: OnceLock<HashMap<&'a str, Vec<&'a str>>>,
    by_feature: OnceLock<HashMap<&'a str, Vec<&'a Story>>>,
    by_team: OnceLock<HashMap<&'a str, Vec<&'a Story>>>,
    load: OnceLock<HashMap<(&'a str, &'a str), u32>>,
    iterations: OnceLock<HashMap<&'a str, (&'a crate::model::Id, &'a Iteration)>>,
    wsjf_decimals: OnceLock<usize>,
    timeline: OnceLock<crate::flow::Timeline<'a>>,
}

impl<'a> Inputs<'a> {
    fn new(
        backlog: &'a Backlog,
        diagnostics: &'a [Diagnostic],
        options: &'a Options,
        markdown: &'a Markdown,
    ) -> Inputs<'a> {
        Inputs {
            backlog,
            diagnostics,
            today: options.today,
            history: &options.history,
            markdown,
            ranks: OnceLock::new(),
            dependents: OnceLock::new(),
            by_feature: OnceLock::new(),
            by_team: OnceLock::new(),
            load: OnceLock::new(),
            iterations: OnceLock::new(),
            wsjf_decimals: OnceLock::new(),
            timeline: OnceLock::new(),
        }
    }

    /// How many decimals WSJF scores show (see [`pages::wsjf_decimals`]):
    /// one number for the whole site, worked out once.
    fn wsjf_decimals(&self) -> usize {
        *self
            .wsjf_decimals
            .get_or_init(|| pages::wsjf_decimals(self.backlog))
    }

    /// Open stories' ranks in their teams' backlogs.
    fn ranks(&self) -> &HashMap<&'a str, usize> {
        self.ranks.get_or_init(|| self.backlog.ranks())
    }

    /// For each id, the stories that depend on it.
    fn dependents(&self) -> &HashMap<&'a str, Vec<&'a str>> {
        self.dependents.get_or_init(|| self.backlog.dependents())
    }

    /// The stories of each feature.
    fn by_feature(&self) -> &HashMap<&'a str, Vec<&'a Story>> {
        self.by_feature
            .get_or_init(|| self.backlog.stories_by_feature())
    }

    /// The stories of each team.
    fn by_team(&self) -> &HashMap<&'a str, Vec<&'a Story>> {
        self.by_team.get_or_init(|| self.backlog.stories_by_team())
    }

    /// Points planned per team and iteration.
    fn load(&self) -> &HashMap<(&'a str, &'a str), u32> {
        self.load.get_or_init(|| self.backlog.iteration_load())
    }

    /// Every story file's planning by day, from git history.
    fn timeline(&self) -> &crate::flow::Timeline<'a> {
        let history = self.history;
        self.timeline
            .get_or_init(|| crate::flow::Timeline::of(history))
    }

    /// Each iteration by id, with the id of its PI.
    fn iterations(&self) -> &HashMap<&'a str, (&'a crate::model::Id, &'a Iteration)> {
        self.iterations.get_or_init(|| self.backlog.iterations())
    }
}

impl Inputs<'_> {
    /// How many open stories `team` has.
    fn open_stories(&self, team: &str) -> usize {
        let stories = self.by_team().get(team).map_or(&[][..], Vec::as_slice);
        stories.iter().filter(|s| s.status.is_open()).count()
    }
}

/// One page to render: where it goes, with which template and model.
#[derive(Clone, PartialEq)]
pub(crate) struct Job {
    path: String,
    template: &'static str,
    /// How many folders below the site root the page is (`usize::MAX`: its
    /// links are absolute, from [`Job::absolute`]).
    depth: usize,
    /// The root its links start from when they are absolute.
    absolute_root: Option<String>,
    /// The page's model as the template gets it: serialized straight from
    /// its typed struct (see docs/themes.md), or why it could not be.
    page: Result<tera::Value, String>,
}

impl Job {
    /// A page at `path` (from the site root) rendered by `template` from
    /// the typed model `page`.
    fn page(
        path: impl Into<String>,
        template: &'static str,
        depth: usize,
        page: &impl serde::Serialize,
    ) -> Job {
        Job {
            path: path.into(),
            template,
            depth,
            absolute_root: None,
            page: tera::Value::try_from_serializable(page).map_err(|e| e.to_string()),
        }
    }

    /// Where the navigation marks the page as being: its folder from the
    /// site root (`teams/web/`), `/` for the home page.
    fn here(&self) -> &str {
        match self.path.trim_end_matches("index.html") {
            "" => "/",
            folder => folder,
        }
    }
}

/// Renders every page of the site in parallel, handing each to `sink` as it
/// is ready; returns how many pages there were.
pub fn render(
    backlog: &Backlog,
    diagnostics: &[Diagnostic],
    theme: &Theme,
    options: &Options,
    sink: &(dyn Fn(&Page) -> anyhow::Result<()> + Sync),
) -> anyhow::Result<usize> {
    let markdown = Markdown::default();
    let inputs = Inputs::new(backlog, diagnostics, options, &markdown);
    let tera = with_site(theme, &site_context(backlog, options));
    let emit = |page: Page| -> anyhow::Result<String> {
        sink(&page)?;
        Ok(page.path)
    };
    // The search index is made while the pages render.
    let (paths, index) = rayon::join(
        || {
            let stories: Vec<&Story> = backlog.stories.values().collect();
            stories
                .par_iter()
                .map(|s| pages::story(&inputs, s))
                .chain(other_jobs(&inputs, options).into_par_iter())
                .map(|job| render_job(&tera, job).and_then(emit))
                .collect::<anyhow::Result<Vec<String>>>()
        },
        || search::index(backlog),
    );
    let mut paths = paths?;
    paths.sort();
    let sitemap_written = is_absolute_url(&options.base_url);
    if sitemap_written {
        emit(sitemap(&tera, &paths, options)?)?;
    }
    emit(Page {
        path: search::INDEX_PATH.into(),
        bytes: index,
    })?;
    for (name, bytes) in &theme.statics {
        emit(Page {
            path: format!("static/{name}"),
            bytes: bytes.clone(),
        })?;
    }
    Ok(paths.len() + 1 + usize::from(sitemap_written) + theme.statics.len())
}

/// The theme's templates with `site` as their global context.
fn with_site(theme: &Theme, site: &Site) -> tera::Tera {
    let mut tera = theme.tera.clone();
    tera.global_context().insert("site", site);
    tera
}

/// Every page but the story pages, the sitemap and the search index.
fn other_jobs(inputs: &Inputs, options: &Options) -> Vec<Job> {
    let backlog = inputs.backlog;
    let mut jobs = summary_jobs(inputs, options);
    jobs.extend(backlog.teams.values().map(|t| pages::team(inputs, t)));
    jobs.extend(backlog.features.values().map(|f| pages::feature(inputs, f)));
    jobs.extend(backlog.pis.values().map(|p| pages::pi(inputs, p)));
    jobs.extend(feed::feeds(inputs, options));
    jobs
}

/// The pages that sum up the whole backlog: home, program, roadmap, report,
/// 404, the lists and roles.
fn summary_jobs(inputs: &Inputs, options: &Options) -> Vec<Job> {
    let mut jobs = unchecked_summary_jobs(inputs, options, &|_| true);
    jobs.extend(checked_summary_jobs(inputs));
    jobs
}

/// The summary pages that show no diagnostics (program, roadmap, 404 and
/// the lists), made in parallel; each only if `wanted` says yes to the kinds
/// of item its content comes from (the config aside).
fn unchecked_summary_jobs(
    inputs: &Inputs,
    options: &Options,
    wanted: &(dyn Fn(&[Kind]) -> bool + Sync),
) -> Vec<Job> {
    type Maker<'a> = (&'a [Kind], &'a (dyn Fn() -> Vec<Job> + Sync));
    let makers: [Maker; 6] = [
        (&[Kind::Feature], &|| vec![pages::program(inputs)]),
        (&[Kind::Story, Kind::Feature, Kind::Pi], &|| {
            vec![pages::roadmap(inputs)]
        }),
        (&[], &|| {
            vec![pages::not_found().absolute(&base_path(&options.base_url))]
        }),
        (&[], &|| vec![pages::search_page()]),
        (&[Kind::Story, Kind::Team, Kind::Pi], &|| {
            vec![metrics::metrics(inputs)]
        }),
        (&[Kind::Story, Kind::Team, Kind::Pi, Kind::Role], &|| {
            pages::lists(inputs)
        }),
    ];
    makers
        .par_iter()
        .filter(|(kinds, _)| wanted(kinds))
        .flat_map_iter(|(_, make)| make())
        .collect()
}

/// The pages that show diagnostics or every story: home, report, the lists
/// by status and roles, made in parallel.
fn checked_summary_jobs(inputs: &Inputs) -> Vec<Job> {
    let roles = inputs.backlog.roles.values().collect::<Vec<_>>();
    let (mut jobs, roles): (Vec<Job>, Vec<Job>) = rayon::join(
        // The lists by status show every story's title: a live rebuild
        // makes them again after any edit, as it does the home page.
        || {
            let mut jobs = vec![home::home(inputs), report::report(inputs)];
            jobs.extend(pages::status_lists(inputs));
            jobs
        },
        || roles.par_iter().map(|r| roles::role(inputs, r)).collect(),
    );
    jobs.extend(roles);
    jobs
}

impl Job {
    /// Makes the page's links absolute under `base` (for the 404 page, which
    /// is served at any path).
    fn absolute(mut self, base: &str) -> Job {
        self.depth = usize::MAX;
        self.absolute_root = Some(base.to_string());
        self
    }
}

/// Up to how many teams, PIs or roles the navigation lists on every page;
/// beyond that it links to their index page only, which keeps pages small.
const NAV_ITEMS: usize = 12;

/// What every template receives as `site`: the title and the navigation.
#[derive(Serialize, PartialEq, Default)]
pub(crate) struct Site {
    /// The backlog's title (`title` in rankdown.yaml).
    title: String,
    /// The address the site is published at (`/` when not given).
    base_url: String,
    /// Whether the backlog is read from git (history is shown).
    in_git: bool,
    /// Whether the change feeds were written (`feed.xml`, one per team).
    feed: bool,
    /// The teams, for the navigation; empty when there are more than
    /// [`NAV_ITEMS`] (the navigation links to their list only).
    teams: Vec<NavItem>,
    /// The PIs, as `teams`.
    pis: Vec<NavItem>,
    /// The roles, as `teams`.
    roles: Vec<NavItem>,
}

/// An entry of the navigation.
#[derive(Serialize, PartialEq)]
struct NavItem {
    title: String,
    /// Its folder from the site root (`teams/web/`), comparable with `here`.
    path: String,
}

/// What every page shows: the site title and the navigation.
fn site_context(backlog: &Backlog, options: &Options) -> Site {
    let nav = |items: Vec<(&str, &str)>, folder: &str| -> Vec<NavItem> {
        if items.len() > NAV_ITEMS {
            return Vec::new();
        }
        items
            .into_iter()
            .map(|(id, title)| NavItem {
                title: title.to_string(),
                path: format!("{folder}/{id}/"),
            })
            .collect()
    };
    Site {
        title: backlog
            .config
            .as_ref()
            .map(|c| c.title.clone())
            .unwrap_or_default(),
        base_url: options.base_url.clone(),
        in_git: !options.history.is_empty(),
        feed: !options.changes.is_empty(),
        teams: nav(
            backlog
                .teams
                .values()
                .map(|t| (t.id.as_str(), t.title.as_str()))
                .collect(),
            "teams",
        ),
        pis: nav(
            backlog
                .pis
                .values()
                .map(|p| (p.id.as_str(), p.title.as_str()))
                .collect(),
            "pis",
        ),
        roles: nav(
            backlog
                .roles
                .values()
                .map(|r| (r.id.as_str(), r.title.as_str()))
                .collect(),
            "roles",
        ),
    }
}

fn render_job(tera: &tera::Tera, job: Job) -> anyhow::Result<Page> {
    let root = match &job.absolute_root {
        Some(root) => root.clone(),
        None => "../".repeat(job.depth),
    };
    let mut context = tera::Context::new();
    context.insert("root", &root);
    context.insert("here", job.here());
    let Job {
        path,
        template,
        page,
        ..
    } = job;
    let failed = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!("{e}").context(format!("rendering {path} with template {template}"))
    };
    context.insert_value("page", page.map_err(|e| failed(&e))?);
    let mut bytes = Vec::new();
    tera.render_to(template, &context, &mut bytes)
        .map_err(|e| failed(&e))?;
    Ok(Page { path, bytes })
}

/// Whether `url` names a scheme and host, as sitemap entries must.
pub fn is_absolute_url(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(scheme, rest)| !scheme.is_empty() && !rest.is_empty())
}

/// What `sitemap.xml` receives as `page`.
#[derive(Serialize)]
struct Sitemap {
    /// The full address of every HTML page, in path order.
    urls: Vec<String>,
}

fn sitemap(tera: &tera::Tera, paths: &[String], options: &Options) -> anyhow::Result<Page> {
    let base = options.base_url.trim_end_matches('/');
    let urls: Vec<String> = paths
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{base}/{}", p.trim_end_matches("index.html")))
        .collect();
    render_job(
        tera,
        Job::page("sitemap.xml", "sitemap.xml", 0, &Sitemap { urls }),
    )
}
