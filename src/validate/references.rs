//! Every reference names an existing item of the right kind; iteration ids are unique.

use super::Report;
use crate::diagnostic::Code;
use crate::model::{Backlog, FileId, Kind, Story};
use crate::source::Seg;
use crate::suggest::did_you_mean;
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;

/// Reports every reference that names no item of the right kind, after
/// every iteration id defined twice.
pub(super) fn check(report: &mut Report) {
    let iterations = iteration_ids(report);
    let undated = undated_iterations(report.backlog);
    check_program_backlog(report);
    check_stories(report, &iterations, &undated);
    check_team_backlogs(report);
    check_feature_pis(report);
    check_objectives(report);
    check_iteration_capacities(report);
}

/// Iteration ids whose dates did not read (reported already) in any PI.
fn undated_iterations(b: &Backlog) -> FxHashSet<&str> {
    b.pis
        .values()
        .flat_map(|pi| pi.undated_iterations.iter().map(String::as_str))
        .collect()
}

/// Checks that the program backlog in the config names features.
fn check_program_backlog(report: &mut Report) {
    let b = report.backlog;
    if let Some(config) = &b.config {
        for r in &config.program_backlog {
            let path = [Seg::Key("program_backlog"), Seg::Index(r.index)];
            resolve(
                report,
                config.file,
                &path,
                &|| "the program backlog".into(),
                &r.id,
                &[Kind::Feature],
            );
        }
    }
}

/// Checks each story's team, feature, iteration and dependencies.
fn check_stories(
    report: &mut Report,
    iterations: &BTreeMap<&str, &str>,
    undated: &FxHashSet<&str>,
) {
    let b = report.backlog;
    for story in b.stories.values() {
        let whose = || format!("story `{}`", story.id);
        resolve(
            report,
            story.file,
            &[Seg::Key("team")],
            &whose,
            &story.team,
            &[Kind::Team],
        );
        if let Some(feature) = &story.feature {
            resolve(
                report,
                story.file,
                &[Seg::Key("feature")],
                &whose,
                feature,
                &[Kind::Feature],
            );
        }
        check_story_iteration(report, story, &whose, iterations, undated);
        for r in &story.depends_on {
            let path = [Seg::Key("depends_on"), Seg::Index(r.index)];
            resolve(
                report,
                story.file,
                &path,
                &whose,
                &r.id,
                &[Kind::Story, Kind::Feature],
            );
        }
    }
}

/// Reports a story's iteration unless a PI defines it (dates read or not).
fn check_story_iteration(
    report: &mut Report,
    story: &Story,
    whose: &dyn Fn() -> String,
    iterations: &BTreeMap<&str, &str>,
    undated: &FxHashSet<&str>,
) {
    if let Some(iteration) = &story.iteration
        && !iterations.contains_key(iteration.as_str())
        && !undated.contains(iteration.as_str())
    {
        let hint = did_you_mean(
            iteration,
            iterations.keys().copied(),
            "use an iteration id listed under `iterations:` in a file in pis/",
        );
        report.at(
            Code::UnresolvedRef,
            story.file,
            &[Seg::Key("iteration")],
            format!(
                "{} names iteration `{iteration}`, which no PI defines",
                whose()
            ),
            hint,
        );
    }
}

/// Checks that each team's backlog names stories.
fn check_team_backlogs(report: &mut Report) {
    let b = report.backlog;
    for team in b.teams.values() {
        let whose = || format!("the backlog of team `{}`", team.id);
        for r in &team.backlog {
            let path = [Seg::Key("backlog"), Seg::Index(r.index)];
            resolve(report, team.file, &path, &whose, &r.id, &[Kind::Story]);
        }
    }
}

/// Checks that each feature's PI names a PI.
fn check_feature_pis(report: &mut Report) {
    let b = report.backlog;
    for feature in b.features.values() {
        if let Some(pi) = &feature.pi {
            let whose = || format!("feature `{}`", feature.id);
            resolve(
                report,
                feature.file,
                &[Seg::Key("pi")],
                &whose,
                pi,
                &[Kind::Pi],
            );
        }
    }
}

/// Checks that each PI objective names a team and features.
fn check_objectives(report: &mut Report) {
    let b = report.backlog;
    for pi in b.pis.values() {
        for o in &pi.objectives {
            let whose = || format!("objective {} of PI `{}`", o.index + 1, pi.id);
            let path = [
                Seg::Key("objectives"),
                Seg::Index(o.index),
                Seg::Key("team"),
            ];
            resolve(report, pi.file, &path, &whose, &o.team, &[Kind::Team]);
            for r in &o.features {
                let path = [
                    Seg::Key("objectives"),
                    Seg::Index(o.index),
                    Seg::Key("features"),
                    Seg::Index(r.index),
                ];
                resolve(report, pi.file, &path, &whose, &r.id, &[Kind::Feature]);
            }
        }
    }
}

/// Iteration ids of all PIs, reporting each id defined twice.
fn iteration_ids<'a>(report: &mut Report<'a>) -> BTreeMap<&'a str, &'a str> {
    let mut ids: BTreeMap<&str, &str> = BTreeMap::new();
    for pi in report.backlog.pis.values() {
        for it in &pi.iterations {
            if let Some(first) = ids.insert(it.id.as_str(), pi.id.as_str()) {
                ids.insert(it.id.as_str(), first);
                report.at(
                    Code::DuplicateId,
                    pi.file,
                    &[Seg::Key("iterations"), Seg::Index(it.index), Seg::Key("id")],
                    format!("iteration id `{}` is already used in PI `{first}`", it.id),
                    "give each iteration its own id, e.g. `PI-3.2` for the second of PI 3".into(),
                );
            }
        }
    }
    ids
}

/// Reports `id` unless it names an item of one of `kinds` (or a file that
/// exists but could not be read, whose own problems are reported already).
fn resolve(
    report: &mut Report,
    file: FileId,
    path: &[Seg],
    whose: &dyn Fn() -> String,
    id: &str,
    kinds: &[Kind],
) {
    let b = report.backlog;
    let found = b.kind_of(id).or_else(|| b.unreadable.get(id).copied());
    if found.is_some_and(|kind| kinds.contains(&kind)) {
        return;
    }
    let wanted = kinds
        .iter()
        .map(|k| k.noun())
        .collect::<Vec<_>>()
        .join(" or ");
    let (message, hint) = match found {
        Some(kind) => (
            format!(
                "{} names `{id}`, which is a {}, not a {wanted}",
                whose(),
                kind.noun()
            ),
            format!("name a {wanted} here"),
        ),
        None => {
            let folders = kinds
                .iter()
                .map(|k| format!("{}/", crate::layout::folder(*k)))
                .collect::<Vec<_>>();
            let otherwise = format!(
                "fix the id, or add `{id}.md` under {}",
                folders.join(" or ")
            );
            // Suggestions compare the id with every id of its kinds: worth it
            // for typos, not for hundreds of ids that are all unknown.
            let hint = if report.suggestions_left > 0 {
                report.suggestions_left -= 1;
                did_you_mean(id, kinds.iter().flat_map(|&k| b.ids(k)), otherwise)
            } else {
                otherwise
            };
            (
                format!("{} names {wanted} `{id}`, which does not exist", whose()),
                hint,
            )
        }
    };
    report.at(Code::UnresolvedRef, file, path, message, hint);
}

/// An iteration `capacity:` for a team that does not exist.
fn check_iteration_capacities(report: &mut Report) {
    let b = report.backlog;
    for pi in b.pis.values() {
        for it in &pi.iterations {
            for team in it
                .capacity
                .keys()
                .filter(|t| !b.teams.contains_key(t.as_str()))
            {
                report.at(
                    Code::UnresolvedRef,
                    pi.file,
                    &[
                        Seg::Key("iterations"),
                        Seg::Index(it.index),
                        Seg::Key("capacity"),
                        Seg::Key(team),
                    ],
                    format!(
                        "iteration `{}` gives capacity to team `{team}`, which does not exist",
                        it.id
                    ),
                    did_you_mean(
                        team,
                        b.teams.keys().map(|k| k.as_str()),
                        "use a team id from teams/",
                    ),
                );
            }
        }
    }
}
