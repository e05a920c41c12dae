//! Capacity, fan-out limits, PI objective values, PI dates, and dependencies
//! planned in time.

use super::Report;
use crate::diagnostic::Code;
use crate::model::{Iteration, Limits, Objective, Pi, Story, Team, Timing, timing};
use crate::source::Seg;
use rustc_hash::FxHashMap as HashMap;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn check(report: &mut Report) {
    capacity(report);
    let limits = report
        .backlog
        .config
        .as_ref()
        .map(|c| c.rules)
        .unwrap_or_default();
    product_owner_fan_out(report, limits);
    product_manager_fan_out(report, limits);
    objective_values(report);
    dates(report);
    dependencies_in_time(report);
    innovation_and_planning(report);
}

/// An open story planned into the IP iteration (warning), which is kept
/// for innovation, PI planning and slack.
fn innovation_and_planning(report: &mut Report) {
    let b = report.backlog;
    let iterations = b.iterations();
    for story in b.stories.values().filter(|s| s.status.is_open()) {
        let Some(id) = story.iteration.as_deref() else {
            continue;
        };
        if iterations.get(id).is_some_and(|(_, it)| it.ip) {
            report.at(
                Code::PlannedIntoIp,
                story.file,
                &[Seg::Key("iteration")],
                format!(
                    "`{}` is planned into `{id}`, the Innovation and Planning iteration",
                    story.id
                ),
                "plan it into an earlier iteration: the IP iteration takes no stories".into(),
            );
        }
    }
}

/// A planned open story that depends on a story planned into a later
/// iteration, or into none (warning): the program board's red string.
fn dependencies_in_time(report: &mut Report) {
    let b = report.backlog;
    let iterations = b.iterations();
    let iteration_of = |s: &Story| Some(iterations.get(s.iteration.as_deref()?)?.1);
    for story in b.stories.values().filter(|s| s.status.is_open()) {
        let Some(planned) = iteration_of(story) else {
            continue;
        };
        for r in &story.depends_on {
            let Some(needed) = b.stories.get(r.id.as_str()) else {
                continue;
            };
            let needed_in = iteration_of(needed);
            let file = &b.file(needed.file).path;
            let (when, hint) = match (timing(needed, needed_in, planned), needed_in) {
                (Timing::Later, Some(it)) => {
                    let (line, _) = b.file(needed.file).key_position(&[Seg::Key("iteration")]);
                    (
                        format!("planned into `{}` ({file}:{line})", it.id),
                        format!(
                            "plan `{}` into `{}` or an earlier iteration, or move `{}` to `{}` or later",
                            needed.id, planned.id, story.id, it.id
                        ),
                    )
                }
                (Timing::Unplanned, _) => (
                    format!("planned into no iteration ({file})"),
                    format!(
                        "plan `{}` into `{}` or an earlier iteration, or remove the dependency",
                        needed.id, planned.id
                    ),
                ),
                _ => continue,
            };
            let found = report.diagnostic(
                Code::DependencyPlannedLater,
                story.file,
                &[Seg::Key("depends_on"), Seg::Index(r.index)],
                format!(
                    "`{}` is planned into `{}` but depends on `{}`, {when}",
                    story.id, planned.id, needed.id
                ),
                hint,
            );
            report.found.push(found.about(planned));
        }
    }
}

/// Points planned into one iteration above the team's capacity (warning),
/// reported where that capacity is written: the iteration's own figure
/// for the team in its PI file, else the team's `capacity`.
fn capacity(report: &mut Report) {
    let b = report.backlog;
    let iterations: HashMap<&str, (&Pi, &Iteration)> = (b.pis.values())
        .flat_map(|pi| {
            pi.iterations
                .iter()
                .map(move |it| (it.id.as_str(), (pi, it)))
        })
        .collect();
    for ((team_id, iteration), points) in b.iteration_load() {
        let Some(team) = b.teams.get(team_id) else {
            continue;
        };
        let planned = iterations.get(iteration).copied();
        // The iteration's own figure for the team, and where it is written.
        let own = planned.and_then(|(pi, it)| it.capacity.get(team_id).map(|c| (*c, pi, it)));
        let Some(capacity) = own.map(|(c, ..)| c).or(team.capacity) else {
            continue;
        };
        if points <= capacity {
            continue;
        }
        let message = format!(
            "team {} (`{team_id}`) plans {points} points into iteration `{iteration}`, above its capacity of {capacity}",
            team.title
        );
        let (file, path, raise) = match own {
            Some((_, pi, it)) => (
                pi.file,
                vec![
                    Seg::Key("iterations"),
                    Seg::Index(it.index),
                    Seg::Key("capacity"),
                    Seg::Key(team_id),
                ],
                "raise the team's capacity in this iteration if it can take more",
            ),
            None => (
                team.file,
                vec![Seg::Key("capacity")],
                "change `capacity` if the team can take more",
            ),
        };
        let hint = format!("move stories out of `{iteration}`, or {raise}");
        let mut found = report.diagnostic(Code::OverCapacity, file, &path, message, hint);
        if let Some((_, it)) = planned {
            found = found.about(it);
        }
        report.found.push(found);
    }
}

/// A Product Owner serving more teams than `rules.max_teams_per_product_owner`.
fn product_owner_fan_out(report: &mut Report, limits: Limits) {
    let max = limits.max_teams_per_product_owner as usize;
    let mut teams_of: BTreeMap<&str, Vec<&Team>> = BTreeMap::new();
    for team in report.backlog.teams.values() {
        teams_of
            .entry(team.product_owner.as_str())
            .or_default()
            .push(team);
    }
    for (person, teams) in teams_of {
        if teams.len() > max {
            let names: Vec<&str> = teams.iter().map(|t| t.id.as_str()).collect();
            report.at(
                Code::ProductOwnerFanOut,
                teams[max].file,
                &[Seg::Key("product_owner")],
                format!(
                    "{person} is Product Owner of {} teams ({}), more than the limit of {max}",
                    teams.len(),
                    names.join(", ")
                ),
                "give this team another Product Owner, or raise `rules.max_teams_per_product_owner` in rankdown.yaml".into(),
            );
        }
    }
}

/// A Product Manager whose features are built by teams of more Product Owners
/// than `rules.max_product_owners_per_product_manager`.
fn product_manager_fan_out(report: &mut Report, limits: Limits) {
    let b = report.backlog;
    let max = limits.max_product_owners_per_product_manager as usize;
    let product_owner: HashMap<&str, &str> = b
        .teams
        .values()
        .map(|t| (t.id.as_str(), t.product_owner.as_str()))
        .collect();
    let mut owners_of_feature: HashMap<&str, BTreeSet<&str>> = HashMap::default();
    for story in b.stories.values() {
        let (Some(feature), Some(owner)) = (&story.feature, product_owner.get(story.team.as_str()))
        else {
            continue;
        };
        let owners = owners_of_feature.entry(feature.as_str()).or_default();
        if !owners.contains(owner) {
            owners.insert(owner);
        }
    }
    let mut per_manager: BTreeMap<&str, (BTreeSet<&str>, crate::model::FileId)> = BTreeMap::new();
    for feature in b.features.values() {
        let Some(manager) = &feature.owner else {
            continue;
        };
        let entry = per_manager
            .entry(manager.as_str())
            .or_insert_with(|| (BTreeSet::new(), feature.file));
        if let Some(owners) = owners_of_feature.get(feature.id.as_str()) {
            entry.0.extend(owners.iter().copied());
        }
    }
    for (manager, (owners, file)) in per_manager {
        if owners.len() > max {
            let names: Vec<&str> = owners.into_iter().collect();
            report.at(
                Code::ProductManagerFanOut,
                file,
                &[Seg::Key("owner")],
                format!(
                    "{manager} works with {} Product Owners ({}), more than the limit of {max}",
                    names.len(),
                    names.join(", ")
                ),
                "hand some features to another Product Manager, or raise `rules.max_product_owners_per_product_manager` in rankdown.yaml".into(),
            );
        }
    }
}

/// Planned and actual business values within their ranges.
fn objective_values(report: &mut Report) {
    for pi in report.backlog.pis.values() {
        for o in &pi.objectives {
            let checks = [
                (
                    "business_value",
                    o.business_value,
                    Objective::PLANNED_VALUES,
                    "planned",
                ),
                (
                    "actual_value",
                    o.actual_value,
                    Objective::ACTUAL_VALUES,
                    "actual",
                ),
            ];
            for (key, value, range, word) in checks {
                let Some(value) = value.filter(|v| !range.contains(v)) else {
                    continue;
                };
                let (min, max) = range.into_inner();
                report.at(
                    Code::ObjectiveValue,
                    pi.file,
                    &[Seg::Key("objectives"), Seg::Index(o.index), Seg::Key(key)],
                    format!("{word} business value {value} is outside {min} to {max}"),
                    format!("rate `{key}` from {min} to {max}"),
                );
            }
        }
    }
}

/// A PI ends after it starts; its iterations lie inside it, in order.
fn dates(report: &mut Report) {
    for pi in report.backlog.pis.values() {
        if let (Some(start), Some(end)) = (pi.start, pi.end)
            && end < start
        {
            report.at(
                Code::BadDates,
                pi.file,
                &[Seg::Key("end")],
                format!("PI `{}` ends ({end}) before it starts ({start})", pi.id),
                "swap `start` and `end`, or fix the year".into(),
            );
        }
        // A PI whose own dates are reversed is reported above; its iterations
        // are not measured against it.
        let pi_in_order = !matches!((pi.start, pi.end), (Some(s), Some(e)) if e < s);
        let mut previous_end = None;
        for it in &pi.iterations {
            let at = |key| [Seg::Key("iterations"), Seg::Index(it.index), Seg::Key(key)];
            let problem = if it.end < it.start {
                Some((
                    "end",
                    format!(
                        "iteration `{}` ends ({}) before it starts ({})",
                        it.id, it.end, it.start
                    ),
                ))
            } else if pi_in_order
                && (pi.start.is_some_and(|s| it.start < s) || pi.end.is_some_and(|e| it.end > e))
            {
                Some((
                    "start",
                    format!(
                        "iteration `{}` ({} to {}) lies outside PI `{}`",
                        it.id, it.start, it.end, pi.id
                    ),
                ))
            } else if previous_end.is_some_and(|e| it.start <= e) {
                Some((
                    "start",
                    format!("iteration `{}` starts before the previous one ends", it.id),
                ))
            } else {
                None
            };
            if let Some((key, message)) = problem {
                report.at(
                    Code::BadDates,
                    pi.file,
                    &at(key),
                    message,
                    "list iterations in order, each inside the PI's `start` and `end`".into(),
                );
            }
            previous_end = Some(it.end);
        }
        if pi_in_order {
            milestones_within(report, pi);
        }
    }
}

/// A milestone must fall within its PI's dates, or the board and roadmap
/// would show it nowhere.
fn milestones_within(report: &mut Report, pi: &Pi) {
    let (Some(start), Some(end)) = (pi.start, pi.end) else {
        return;
    };
    for m in pi
        .milestones
        .iter()
        .filter(|m| m.date < start || m.date > end)
    {
        report.at(
            Code::BadDates,
            pi.file,
            &[
                Seg::Key("milestones"),
                Seg::Index(m.index),
                Seg::Key("date"),
            ],
            format!(
                "milestone `{}` ({}) lies outside PI `{}` ({start} to {end})",
                m.title, m.date, pi.id
            ),
            "move the milestone to the PI it falls in, or fix its date".into(),
        );
    }
}
