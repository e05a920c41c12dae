//! The change feeds: `feed.xml` for the whole backlog and one per team,
//! Atom documents with an entry per commit that changed the backlog, saying
//! what changed in backlog terms (what `rankdown diff` says of a change).

use super::links::Links;
use super::{Inputs, Job, Options, is_absolute_url};
use crate::changes::Described;
use crate::git::Change;
use crate::model::Team;
use rayon::prelude::*;
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
    content: String,
}

/// Every feed, when the history gave changes.
pub(super) fn feeds(inputs: &Inputs, options: &Options) -> Vec<Job> {
    let Some(newest) = options.changes.first() else {
        return Vec::new();
    };
    let updated = newest.change.time.as_str();
    let b = inputs.backlog;
    let site = b.config.as_ref().map_or("", |c| c.title.as_str());
    let title = format!("{site}: backlog changes");
    let all = (options.changes.iter()).map(|c| (&c.change, &c.all));
    let all = feed(inputs, options, None, all.collect(), (title, updated));
    let mut jobs = vec![Job::page("feed.xml", "feed.xml", 0, &all)];
    for team in b.teams.values() {
        let changes = (options.changes.iter())
            .filter_map(|c| Some((&c.change, c.teams.get(team.id.as_str())?)))
            .collect();
        let title = format!("{site}: changes of team {}", team.title);
        let feed = feed(inputs, options, Some(team), changes, (title, updated));
        let path = format!("teams/{}/feed.xml", team.id);
        jobs.push(Job::page(path, "feed.xml", 2, &feed));
    }
    jobs
}

/// The feed of `team`'s changes, or of all when none, with its title and
/// the time it was last updated.
fn feed<'a>(
    inputs: &Inputs,
    options: &Options,
    team: Option<&Team>,
    changes: Vec<(&'a Change, &'a Described)>,
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
    let entries = (changes.into_par_iter())
        .map(|(change, what)| Entry {
            id: format!("urn:rankdown:commit:{}", change.commit),
            title: &change.subject,
            author: &change.author,
            updated: &change.time,
            url: (what.items.iter())
                .find_map(|id| Some(links.item(b.kind_of(id)?, id)))
                .unwrap_or_else(|| "./".to_string()),
            summary: &what.summary,
            content: (inputs.markdown).html(&format!("{}\n{}", what.summary, what.markdown)),
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
