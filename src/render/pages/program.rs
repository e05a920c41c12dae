//! The program backlog and the roadmap.

use super::{Link, Progress, link, stories_of};
use crate::model::{Backlog, FeatureStatus, Kind, wsjf_order};
use crate::render::links::Links;
use crate::render::roadmap::Roadmap;
use crate::render::{Inputs, Job};
use serde::Serialize;

/// What `program.html` receives as `page`.
#[derive(Serialize)]
struct ProgramPage<'a> {
    /// The program backlog's features in its order.
    features: Vec<FeatureRow<'a>>,
    /// The features that are done, by id.
    done: Vec<Link<'a>>,
    /// Whether any listed feature has an owner (the column is shown).
    with_owner: bool,
    /// Whether any listed feature has a PI.
    with_pi: bool,
    /// Whether any listed feature has a WSJF score.
    with_wsjf: bool,
}

/// A line of the program backlog.
#[derive(Serialize)]
struct FeatureRow<'a> {
    /// Its place, from 1.
    rank: usize,
    id: &'a str,
    url: String,
    title: &'a str,
    status: &'static str,
    owner: Option<&'a str>,
    pi: Option<&'a str>,
    progress: Progress,
    /// The WSJF score as shown (see `wsjf_decimals`).
    wsjf: Option<String>,
    /// Its place in WSJF order among the features that have a score.
    wsjf_rank: Option<usize>,
    /// Whether its place departs from WSJF order.
    departs: bool,
}

/// The program backlog page.
pub(in crate::render) fn program(input: &Inputs) -> Job {
    let links = Links::at_depth(1);
    let b = input.backlog;
    let ordered = b.program_backlog();
    // A row departs from WSJF order when its WSJF rank differs from its place
    // among the rows that have a WSJF.
    let mut with_wsjf = 0;
    let decimals = input.wsjf_decimals();
    let features: Vec<FeatureRow> = wsjf_order(&ordered)
        .into_iter()
        .enumerate()
        .map(|(i, (f, wsjf_rank))| {
            with_wsjf += usize::from(wsjf_rank.is_some());
            FeatureRow {
                rank: i + 1,
                id: f.id.as_str(),
                url: links.item(Kind::Feature, f.id.as_str()),
                title: &f.title,
                status: f.status.as_str(),
                owner: f.owner.as_deref(),
                pi: f.pi.as_deref(),
                progress: Progress::of(stories_of(input, f.id.as_str())),
                wsjf: f.wsjf.map(|w| wsjf_text(w.score(), decimals)),
                wsjf_rank,
                departs: wsjf_rank.is_some_and(|w| w != with_wsjf),
            }
        })
        .collect();
    let done = (b.features.values())
        .filter(|f| f.status == FeatureStatus::Done)
        .map(|f| link(&links, b, f.id.as_str()))
        .collect();
    let page = ProgramPage {
        features,
        done,
        // Columns only for what the backlog uses.
        with_owner: ordered.iter().any(|f| f.owner.is_some()),
        with_pi: ordered.iter().any(|f| f.pi.is_some()),
        with_wsjf: with_wsjf > 0,
    };
    Job::page("program/index.html", "program.html", 1, &page)
}

/// Decimals enough (one to three) that two different WSJF scores of the
/// backlog never look the same, so that the order can be read off them.
pub(in crate::render) fn wsjf_decimals(b: &Backlog) -> usize {
    let mut scores: Vec<f64> = (b.features.values())
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

/// What `roadmap.html` receives as `page`.
#[derive(Serialize)]
struct RoadmapPage {
    /// None when no feature has a PI with dates.
    roadmap: Option<Roadmap>,
    /// The feature statuses, in the order the legend shows their colours.
    legend: [&'static str; 5],
}

/// The roadmap page.
pub(in crate::render) fn roadmap(input: &Inputs) -> Job {
    let page = RoadmapPage {
        roadmap: crate::render::roadmap::roadmap(input, &Links::at_depth(1)),
        legend: ["funnel", "analyzing", "backlog", "implementing", "done"],
    };
    Job::page("roadmap/index.html", "roadmap.html", 1, &page)
}
