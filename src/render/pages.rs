//! One function per page type: each gathers only what its template shows.

use super::links::Links;
use super::{Inputs, Job};
use crate::model::{
    Backlog, Criteria, Feature, Kind, Pi, Story, Team, predictability, progress, wsjf_order,
};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// A link to an item: its id, title and URL.
#[derive(Serialize)]
struct Link {
    id: String,
    title: String,
    url: String,
}

/// One line of a table of stories.
#[derive(Serialize)]
struct StoryRow {
    rank: Option<usize>,
    id: String,
    url: String,
    title: String,
    kind: &'static str,
    status: &'static str,
    points: Option<u32>,
    iteration: Option<String>,
    criteria_met: usize,
    criteria_total: usize,
    /// Gherkin scenarios, which have no checkbox to be met.
    scenarios: usize,
    /// The team whose backlog the story is in (shown where teams mix).
    team: Link,
    depends_on: Vec<Link>,
}

fn link(links: &Links, backlog: &Backlog, id: &str) -> Link {
    let kind = backlog.kind_of(id);
    Link {
        id: id.to_string(),
        url: kind.map(|k| links.item(k, id)).unwrap_or_default(),
        title: backlog.title_of(id).unwrap_or(id).to_string(),
    }
}

fn criteria_met(criteria: &Criteria) -> usize {
    criteria.tasks.iter().filter(|t| t.checked).count()
}

fn scenarios(criteria: &Criteria) -> usize {
    criteria.gherkin.iter().map(|b| b.scenarios.len()).sum()
}

/// Accepted points of all the stories' points, and the share in percent
/// (none without points).
fn progress_json(stories: &[&Story]) -> Value {
    let (accepted, total, percent) = share(stories);
    json!({"accepted": accepted, "total": total, "percent": percent})
}

/// Accepted points, all points and the accepted share in percent (none
/// without points) of `stories`.
fn share(stories: &[&Story]) -> (u32, u32, Option<u64>) {
    let done = progress(stories);
    let percent = (done.total > 0).then(|| 100 * u64::from(done.accepted) / u64::from(done.total));
    (done.accepted, done.total, percent)
}

/// [`share`] of the stories of the feature `id`.
pub(super) fn progress_of(input: &Inputs, id: &str) -> (u32, u32, Option<u64>) {
    share(stories_of(input, id))
}

/// The stories of the feature `id`.
fn stories_of<'s>(input: &'s Inputs, id: &str) -> &'s [&'s Story] {
    input.by_feature().get(id).map_or(&[][..], Vec::as_slice)
}

/// A team's board: a column per story status, cards in backlog order
/// (unranked ones by id).
fn team_board(open: &[StoryRow], closed: &[StoryRow]) -> Value {
    let columns: Vec<Value> = super::home::STATUSES
        .iter()
        .map(|status| {
            let cards: Vec<&StoryRow> = (open.iter().chain(closed))
                .filter(|r| r.status == status.as_str())
                .collect();
            json!({"status": status.as_str(), "cards": cards})
        })
        .collect();
    json!(columns)
}

/// Rows by team, then by rank in that team's backlog (unranked last).
fn sort_by_team(rows: &mut [StoryRow]) {
    rows.sort_by(|a, b| {
        (&a.team.title, a.rank.is_none(), a.rank, &a.id).cmp(&(
            &b.team.title,
            b.rank.is_none(),
            b.rank,
            &b.id,
        ))
    });
}

/// One line of a list of stories by status: less than a [`StoryRow`], as
/// these lists hold every story of the backlog between them.
#[derive(Serialize)]
struct StatusRow<'a> {
    team: &'a str,
    team_url: String,
    rank: Option<usize>,
    id: &'a str,
    url: String,
    title: &'a str,
    points: Option<u32>,
    iteration: Option<&'a str>,
}

/// A page per story status listing every story that has it, by team.
pub(super) fn status_lists(input: &Inputs) -> Vec<Job> {
    let links = Links::at_depth(2);
    let b = input.backlog;
    super::home::STATUSES
        .iter()
        .map(|status| {
            let mut rows: Vec<StatusRow> = (b.stories.values())
                .filter(|s| s.status == *status)
                .map(|s| StatusRow {
                    team: b.title_of(&s.team).unwrap_or(&s.team),
                    team_url: links.item(Kind::Team, &s.team),
                    rank: input.ranks().get(s.id.as_str()).copied(),
                    id: s.id.as_str(),
                    url: links.item(Kind::Story, s.id.as_str()),
                    title: &s.title,
                    points: s.points,
                    iteration: s.iteration.as_deref(),
                })
                .collect();
            rows.sort_by(|a, b| {
                (a.team, a.rank.is_none(), a.rank, a.id).cmp(&(
                    b.team,
                    b.rank.is_none(),
                    b.rank,
                    b.id,
                ))
            });
            Job::page(
                format!("status/{}/index.html", status.as_str()),
                "status.html",
                2,
                json!({"status": status.as_str(), "stories": rows}),
            )
        })
        .collect()
}

/// Decimals enough (one to three) that two different WSJF scores of the
/// backlog never look the same, so that the order can be read off them.
pub(super) fn wsjf_decimals(b: &Backlog) -> usize {
    let mut scores: Vec<f64> = b
        .features
        .values()
        .filter_map(|f| f.wsjf.map(|w| w.score()))
        .collect();
    scores.sort_by(f64::total_cmp);
    scores.dedup();
    (1..=3)
        .find(|&d| {
            let distinct = |w: &[f64]| wsjf_text(w[0], d) != wsjf_text(w[1], d);
            scores.windows(2).all(distinct)
        })
        .unwrap_or(3)
}

/// A WSJF score with `decimals`, rounded half up as people round.
pub(super) fn wsjf_text(score: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    format!("{:.decimals$}", (score * scale).round() / scale)
}

fn story_row(links: &Links, input: &Inputs, story: &Story) -> StoryRow {
    StoryRow {
        rank: input.ranks().get(story.id.as_str()).copied(),
        id: story.id.to_string(),
        url: links.item(Kind::Story, story.id.as_str()),
        title: story.title.clone(),
        kind: story.kind.as_str(),
        status: story.status.as_str(),
        points: story.points,
        iteration: story.iteration.clone(),
        criteria_met: criteria_met(&story.criteria),
        criteria_total: story.criteria.tasks.len(),
        scenarios: scenarios(&story.criteria),
        team: link(links, input.backlog, &story.team),
        depends_on: story
            .depends_on
            .iter()
            .map(|r| link(links, input.backlog, &r.id))
            .collect(),
    }
}

/// The body without its acceptance criteria section, as safe HTML.
fn body_html(input: &Inputs, markdown: &str, criteria: &Criteria) -> String {
    match &criteria.section {
        Some(section) => input.markdown.html(&format!(
            "{}\n\n{}",
            &markdown[..section.start],
            &markdown[section.end..]
        )),
        None => input.markdown.html(markdown),
    }
}

/// Whether a criteria section holds nothing but task items of plain words
/// (and Gherkin): then the checklist shows all of it, and rendering its
/// Markdown, for every story of a large backlog, can be spared.
fn only_plain_tasks(section: &str) -> bool {
    let mut in_fence = false;
    section.lines().all(|line| {
        let line = line.trim_end();
        if line.trim_start().starts_with("```") || line.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
            return true;
        }
        let task = ["- [ ] ", "- [x] ", "- [X] ", "* [ ] ", "* [x] ", "* [X] "]
            .iter()
            .find_map(|marker| line.strip_prefix(marker));
        let plain = |text: &str| !text.contains(['*', '_', '`', '[', '<', '&', '\\', '!', '~']);
        in_fence || line.is_empty() || task.is_some_and(plain)
    })
}

/// The criteria of an item whose body is `body`: the section's Markdown
/// as HTML (everything in it but Gherkin, which comes as scenarios), the
/// tasks counted.
fn criteria_json(criteria: &Criteria, body: &str) -> Value {
    let text = criteria.section.as_ref().and_then(|section| {
        let section = body.get(section.clone())?;
        // The section's own heading is the page's.
        Some(section.split_once('\n').map_or("", |(_, rest)| rest))
    });
    let html = text
        .filter(|text| !only_plain_tasks(text))
        .map(super::markdown::criteria_html)
        .unwrap_or_default();
    json!({
        "html": html.trim(),
        "tasks": criteria.tasks.iter().map(|t| json!({"text": t.text, "checked": t.checked})).collect::<Vec<_>>(),
        "scenarios": criteria.gherkin.iter().flat_map(|b| &b.scenarios).map(|s| json!({
            "name": s.name,
            "steps": s.steps.iter().map(|(k, t)| json!({"keyword": k, "text": t})).collect::<Vec<_>>(),
            "examples": s.examples,
        })).collect::<Vec<_>>(),
        "met": criteria_met(criteria),
        "total": criteria.tasks.len(),
    })
}

/// Where the page of an item goes.
/// How many of a file's commits its page lists; older ones are counted.
const HISTORY_SHOWN: usize = 30;

/// When the file at `path` was created and last changed, and by whom, with
/// its newest commits; `null` when it has no history.
fn history_json(input: &Inputs, path: &str) -> Value {
    let changes = input.history.of(path);
    let (Some(last), Some(first)) = (changes.first(), changes.last()) else {
        return Value::Null;
    };
    let change = |c: &crate::git::Change| json!({"commit": c.commit, "time": c.time, "date": c.date(), "author": c.author, "subject": c.subject});
    json!({
        "created": change(first),
        "changed": change(last),
        "changes": changes.iter().take(HISTORY_SHOWN).map(change).collect::<Vec<_>>(),
        "older": changes.len().saturating_sub(HISTORY_SHOWN),
    })
}

pub(super) fn item_path(kind: Kind, id: &str) -> String {
    format!("{}/{id}/index.html", kind.folder())
}

/// The team's planned points against its capacity in every iteration that
/// is not over yet, in date order, those with nothing planned too.
fn team_load(input: &Inputs, team: &Team, links: &Links) -> Vec<Value> {
    let mut iterations: Vec<_> = input
        .iterations()
        .iter()
        .filter(|(_, (_, it))| it.end >= input.today)
        .collect();
    // In date order (ids may not sort: `PI-1.10` < `PI-1.9`).
    iterations.sort_by_key(|(id, (_, it))| (it.start, it.end, **id));
    iterations
        .into_iter()
        .map(|(id, (pi, _))| {
            let points = input
                .load()
                .get(&(team.id.as_str(), *id))
                .copied()
                .unwrap_or(0);
            let percent = team
                .capacity
                .filter(|c| *c > 0)
                .map(|c| (100 * u64::from(points) / u64::from(c)).min(200));
            json!({
                "iteration": id, "url": format!("{}#iterations", links.item(Kind::Pi, pi.as_str())),
                "points": points, "capacity": team.capacity,
                "over": team.capacity.is_some_and(|c| points > c),
                "percent": percent,
                "bar": percent.map(|p| p.min(100)),
            })
        })
        .collect()
}

pub(super) fn team(input: &Inputs, team: &Team) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let mut rows: Vec<StoryRow> = input
        .by_team()
        .get(team.id.as_str())
        .into_iter()
        .flatten()
        .map(|s| story_row(&links, input, s))
        .collect();
    rows.sort_by_key(|r| (r.rank.is_none(), r.rank, r.id.clone()));
    let (open, closed): (Vec<StoryRow>, Vec<StoryRow>) =
        rows.into_iter().partition(|r| r.rank.is_some());
    let load = team_load(input, team, &links);
    let file = b.file(team.file);
    Job::page(
        item_path(Kind::Team, team.id.as_str()),
        "team.html",
        2,
        json!({
            "team": {
                "id": team.id, "title": team.title, "product_owner": named(&team.product_owner),
                "scrum_master": team.scrum_master, "members": team.members, "capacity": team.capacity,
            },
            "body": input.markdown.html(file.body()),
            "open": open,
            "board": team_board(&open, &closed),
            "closed": closed,
            "load": load,
            "product_owner_role": role_url(&links, b, "product-owner"),
            "scrum_master_role": role_url(&links, b, "scrum-master"),
        }),
    )
}

/// A person's name as the backlog gives it, or `None` for the placeholder
/// `rankdown import` writes when it was not told who holds the role.
pub(super) fn named(person: &str) -> Option<&str> {
    let placeholder =
        person.trim().is_empty() || person.trim().eq_ignore_ascii_case("product owner");
    (!placeholder).then_some(person)
}

fn role_url(links: &Links, b: &Backlog, id: &str) -> Option<String> {
    b.roles.contains_key(id).then(|| links.item(Kind::Role, id))
}

pub(super) fn story(input: &Inputs, story: &Story) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let file = b.file(story.file);
    let iteration = story.iteration.as_deref().map(|it| {
        let pi = input.iterations().get(it);
        json!({"id": it, "url": pi.map(|(p, _)| links.item(Kind::Pi, p.as_str()))})
    });
    let dependents = input
        .dependents()
        .get(story.id.as_str())
        .map_or_else(Vec::new, |ids| {
            ids.iter().map(|id| link(&links, b, id)).collect()
        });
    Job::page(
        item_path(Kind::Story, story.id.as_str()),
        "story.html",
        2,
        json!({
            "story": {
                "id": story.id, "title": story.title, "type": story.kind.as_str(), "status": story.status.as_str(),
                "points": story.points, "labels": story.labels,
                "rank": input.ranks().get(story.id.as_str()),
            },
            "team": b.teams.contains_key(story.team.as_str()).then(|| link(&links, b, &story.team)),
            "feature": story.feature.as_deref().filter(|f| b.features.contains_key(*f)).map(|f| link(&links, b, f)),
            "iteration": iteration,
            "depends_on": story.depends_on.iter().map(|r| link(&links, b, &r.id)).collect::<Vec<_>>(),
            "dependents": dependents,
            "criteria": criteria_json(&story.criteria, file.body()),
            "definition_of_done": b.config.as_ref().map(|c| c.definition_of_done.clone()).unwrap_or_default(),
            "body": body_html(input, file.body(), &story.criteria),
            "history": history_json(input, &file.path),
        }),
    )
}

pub(super) fn feature(input: &Inputs, feature: &Feature) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let stories = input
        .by_feature()
        .get(feature.id.as_str())
        .cloned()
        .unwrap_or_default();
    let mut rows: Vec<StoryRow> = stories
        .iter()
        .map(|s| story_row(&links, input, s))
        .collect();
    // Ranks count within each team's backlog: by team, then rank.
    sort_by_team(&mut rows);
    let rank = b.config.as_ref().and_then(|c| {
        c.program_backlog
            .iter()
            .position(|r| r.id == feature.id.as_str())
    });
    Job::page(
        item_path(Kind::Feature, feature.id.as_str()),
        "feature.html",
        2,
        json!({
            "feature": {
                "id": feature.id, "title": feature.title, "status": feature.status.as_str(),
                "type": feature.kind.as_str(),
                "owner": feature.owner, "labels": feature.labels, "rank": rank.map(|r| r + 1),
            },
            "pi": feature.pi.as_deref().filter(|p| b.pis.contains_key(*p)).map(|p| link(&links, b, p)),
            "wsjf": feature.wsjf.map(|w| json!({
                "business_value": w.business_value, "time_criticality": w.time_criticality,
                "risk_reduction": w.risk_reduction, "job_size": w.job_size,
                "score": wsjf_text(w.score(), input.wsjf_decimals()),
            })),
            "progress": progress_json(&stories),
            "stories": rows,
            "criteria": criteria_json(&feature.criteria, b.file(feature.file).body()),
            "body": body_html(input, b.file(feature.file).body(), &feature.criteria),
            "history": history_json(input, &b.file(feature.file).path),
        }),
    )
}

pub(super) fn program(input: &Inputs) -> Job {
    let links = Links::at_depth(1);
    let b = input.backlog;
    let ordered: Vec<&Feature> = b
        .config
        .iter()
        .flat_map(|c| &c.program_backlog)
        .filter_map(|r| b.features.get(r.id.as_str()))
        .collect();
    // A row departs from WSJF order when its WSJF rank differs from its place
    // among the rows that have a WSJF.
    let mut with_wsjf = 0;
    let decimals = input.wsjf_decimals();
    let rows: Vec<Value> = wsjf_order(&ordered)
        .into_iter()
        .enumerate()
        .map(|(i, (f, wsjf_rank))| {
            with_wsjf += usize::from(wsjf_rank.is_some());
            json!({
                "rank": i + 1, "id": f.id, "url": links.item(Kind::Feature, f.id.as_str()), "title": f.title,
                "status": f.status.as_str(), "owner": f.owner, "pi": f.pi,
                "progress": progress_json(stories_of(input, f.id.as_str())),
                "wsjf": f.wsjf.map(|w| wsjf_text(w.score(), decimals)), "wsjf_rank": wsjf_rank,
                "departs": wsjf_rank.is_some_and(|w| w != with_wsjf),
            })
        })
        .collect();
    let done: Vec<Link> = b
        .features
        .values()
        .filter(|f| f.status == crate::model::FeatureStatus::Done)
        .map(|f| link(&links, b, f.id.as_str()))
        .collect();
    Job::page(
        "program/index.html",
        "program.html",
        1,
        json!({
            "features": rows, "done": done,
            // Columns only for what the backlog uses.
            "with_owner": ordered.iter().any(|f| f.owner.is_some()),
            "with_pi": ordered.iter().any(|f| f.pi.is_some()),
            "with_wsjf": with_wsjf > 0,
        }),
    )
}

pub(super) fn roadmap(input: &Inputs) -> Job {
    Job::page(
        "roadmap/index.html",
        "roadmap.html",
        1,
        json!({
            "roadmap": super::roadmap::roadmap(input, &Links::at_depth(1)),
            "legend": ["funnel", "analyzing", "backlog", "implementing", "done"],
        }),
    )
}

pub(super) fn pi(input: &Inputs, pi: &Pi) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let teams: BTreeSet<&str> = pi.objectives.iter().map(|o| o.team.as_str()).collect();
    let per_team: Vec<Value> = teams
        .iter()
        .map(|team| {
            let score = predictability(pi, Some(team)).map(f64::round);
            json!({
                "team": link(&links, b, team),
                "objectives": pi.objectives.iter().filter(|o| o.team == *team).map(|o| json!({
                    "text": o.text, "business_value": o.business_value, "actual_value": o.actual_value,
                    "committed": o.committed,
                    "features": o.features.iter().map(|r| link(&links, b, &r.id)).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "predictability": score.map(|p| format!("{p:.0}")),
                "healthy": score.is_some_and(|p| (80.0..=100.0).contains(&p)),
            })
        })
        .collect();
    let train = predictability(pi, None).map(f64::round);
    Job::page(
        item_path(Kind::Pi, pi.id.as_str()),
        "pi.html",
        2,
        json!({
            "pi": {"id": pi.id, "title": pi.title, "start": pi.start.map(|d| d.to_string()), "end": pi.end.map(|d| d.to_string())},
            "body": input.markdown.html(b.file(pi.file).body()),
            "iterations": pi.iterations.iter().map(|it| json!({
                "id": it.id, "start": it.start.to_string(), "end": it.end.to_string(),
                "current": it.start <= input.today && input.today <= it.end,
            })).collect::<Vec<_>>(),
            "teams": per_team,
            "train_predictability": train.map(|p| format!("{p:.0}")),
            "train_healthy": train.is_some_and(|p| (80.0..=100.0).contains(&p)),
            "load_chart": super::svg::load_chart(input, pi),
            "board": super::board::program_board(input, pi, &links),
        }),
    )
}

/// The item a file defines, if it loaded.
pub(super) fn item_of_file(b: &Backlog, path: &str) -> Option<(Kind, String)> {
    let id = crate::load::claimed_id(path)?;
    let kind = b.kind_of(id.as_str())?;
    let file = b.file_of(kind, id.as_str())?;
    (b.file(file).path == path).then(|| (kind, id.to_string()))
}

/// The index pages of teams, PIs and roles, which the navigation links to.
pub(super) fn lists(input: &Inputs) -> Vec<Job> {
    let links = Links::at_depth(1);
    let b = input.backlog;
    let item = |kind: Kind, id: &str, title: &str, note: String| json!({"url": links.item(kind, id), "title": title, "note": note});
    let teams: Vec<Value> = b
        .teams
        .values()
        .map(|t| {
            let open = input.open_stories(t.id.as_str());
            item(
                Kind::Team,
                t.id.as_str(),
                &t.title,
                match named(&t.product_owner) {
                    Some(person) => format!("{open} open stories · Product Owner {person}"),
                    None => format!("{open} open stories"),
                },
            )
        })
        .collect();
    let pis: Vec<Value> = b
        .pis
        .values()
        .map(|p| {
            let dates = match (p.start, p.end) {
                (Some(s), Some(e)) => format!("{s} to {e}"),
                _ => String::new(),
            };
            item(Kind::Pi, p.id.as_str(), &p.title, dates)
        })
        .collect();
    let roles: Vec<Value> = b
        .roles
        .values()
        .map(|r| {
            item(
                Kind::Role,
                r.id.as_str(),
                &r.title,
                format!("{} duties", r.responsibilities.len()),
            )
        })
        .collect();
    [
        ("teams", "Teams", teams),
        ("pis", "Program increments", pis),
        ("roles", "Roles", roles),
    ]
    .into_iter()
    .map(|(folder, title, items)| {
        let matrix =
            (folder == "roles" && !b.roles.is_empty()).then(|| super::roles::matrix(input, &links));
        Job::page(
            format!("{folder}/index.html"),
            "list.html",
            1,
            json!({"title": title, "list": folder, "items": items, "matrix": matrix}),
        )
    })
    .collect()
}

/// Where the search box leads when script is off (or Enter finds nothing).
pub(super) fn search_page() -> Job {
    Job::page(
        "search/index.html",
        "search.html",
        1,
        json!({"search": true}),
    )
}

pub(super) fn not_found() -> Job {
    Job::page("404.html", "404.html", 0, json!({}))
}
