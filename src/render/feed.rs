//! The change feeds: `feed.xml` for the whole backlog and one per team,
//! Atom documents with an entry per commit that changed the backlog, saying
//! what changed in backlog terms (what `rankdown diff` says of a change).

use super::links::Links;
use super::{Inputs, Job, Options, is_absolute_url};
use crate::changes::CommitChanges;
use crate::model::Team;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// What `feed.xml` receives as `page`.
#[derive(Serialize)]
struct Feed<'a> {
    /// The feed's title.
    title: String,
    /// Its permanent, unique id: its address when the site's is known.
    id: String,
    /// The address of the folder holding the feed, which relative links
    /// start from; none when the site's address is not known (they then
    /// start from the feed's own).
    base: Option<String>,
    /// When the newest entry's commit was authored.
    updated: &'a str,
    /// One per commit, newest first.
    entries: Vec<Entry<'a>>,
}

/// One commit of a feed.
#[derive(Serialize)]
struct Entry<'a> {
    /// The commit's id as a URN: `urn:rankdown:commit:<hash>`.
    id: String,
    /// The commit's subject.
    title: &'a str,
    author: &'a str,
    /// When it was authored (RFC 3339).
    updated: &'a str,
    /// The page of the first item it added or changed that still exists,
    /// else the page the feed is about (`./`), relative to the feed.
    url: String,
    /// One sentence saying what it changed.
    summary: &'a str,
    /// Everything it changed, as safe HTML.
    content: &'a str,
}

/// Every feed, when the history gave changes.
pub(super) fn feeds(inputs: &Inputs, options: &Options) -> Vec<Job> {
    let Some(newest) = options.changes.first() else {
        return Vec::new();
    };
    let updated = newest.change.time.as_str();
    // Each commit's HTML is made once, for every feed it is in.
    let contents: Vec<String> = (options.changes.par_iter())
        .map(|c| {
            inputs
                .markdown
                .html(&format!("{}\n{}", c.summary, c.markdown))
        })
        .collect();
    let html: HashMap<&str, &str> = (options.changes.iter())
        .zip(&contents)
        .map(|(c, html)| (c.change.commit.as_str(), html.as_str()))
        .collect();
    let site = inputs
        .backlog
        .config
        .as_ref()
        .map_or("", |c| c.title.as_str());
    let title = format!("{site}: backlog changes");
    let all = feed(
        inputs,
        (options, &html),
        None,
        &options.changes,
        (title, updated),
    );
    let mut jobs = vec![Job::page("feed.xml", "feed.xml", 0, &all)];
    for team in inputs.backlog.teams.values() {
        let changes = (options.changes.iter()).filter(|c| c.teams.contains(team.id.as_str()));
        let title = format!("{site}: changes of team {}", team.title);
        let feed = feed(
            inputs,
            (options, &html),
            Some(team),
            changes,
            (title, updated),
        );
        let path = format!("teams/{}/feed.xml", team.id);
        jobs.push(Job::page(path, "feed.xml", 2, &feed));
    }
    jobs
}

/// The feed of `team`'s changes, or of all when none, with its title and
/// the time it was last updated; `html` has each commit's content.
fn feed<'a>(
    inputs: &Inputs,
    (options, html): (&Options, &HashMap<&str, &'a str>),
    team: Option<&Team>,
    changes: impl IntoIterator<Item = &'a CommitChanges>,
    (title, updated): (String, &'a str),
) -> Feed<'a> {
    let (folder, depth, name) = match team {
        Some(team) => (
            format!("teams/{}/", team.id),
            2,
            format!("teams:{}", team.id),
        ),
        None => (String::new(), 0, "all".to_string()),
    };
    let links = Links::at_depth(depth);
    let base_url = options.base_url.trim_end_matches('/');
    let base = is_absolute_url(&options.base_url).then(|| format!("{base_url}/{folder}"));
    let b = inputs.backlog;
    let entries = (changes.into_iter())
        .map(|c| Entry {
            id: format!("urn:rankdown:commit:{}", c.change.commit),
            title: &c.change.subject,
            author: &c.change.author,
            updated: &c.change.time,
            url: (c.items.iter())
                .find_map(|id| Some(links.item(b.kind_of(id)?, id)))
                .unwrap_or_else(|| "./".to_string()),
            summary: &c.summary,
            content: html
                .get(c.change.commit.as_str())
                .copied()
                .unwrap_or_default(),
        })
        .collect();
    Feed {
        title,
        id: match &base {
            Some(base) => format!("{base}feed.xml"),
            None => format!("urn:rankdown:feed:{name}"),
        },
        base,
        updated,
        entries,
    }
}
