//! Every reference names an existing item of the right kind; iteration ids are unique.

use super::Report;
use crate::diagnostic::Code;
use crate::model::{FileId, Kind};
use crate::source::Seg;
use crate::suggest::did_you_mean;
use std::collections::BTreeMap;

pub(super) fn check(report: &mut Report) {
    let b = report.backlog;
    let iterations = iteration_ids(report);
    let undated: rustc_hash::FxHashSet<&str> = b
        .pis
        .values()
        .flat_map(|pi| pi.undated_iterations.iter().map(String::as_str))
        .collect();
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
    for team in b.teams.values() {
        let whose = || format!("the backlog of team `{}`", team.id);
        for r in &team.backlog {
            let path = [Seg::Key("backlog"), Seg::Index(r.index)];
            resolve(report, team.file, &path, &whose, &r.id, &[Kind::Story]);
        }
    }
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
                .map(|k| format!("{}/", k.folder()))
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
