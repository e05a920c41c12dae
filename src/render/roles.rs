//! Role pages: who holds the role and where, what it owns, and whether the
//! duties that can be computed are met.

use super::links::Links;
use super::{Inputs, Job};
use crate::diagnostic::Code;
use crate::model::{Kind, Role, StoryStatus};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One computed duty check: met or not, with the items that break it.
fn check(name: &str, offenders: Vec<Value>) -> Value {
    json!({"name": name, "met": offenders.is_empty(), "offenders": offenders})
}

fn offender(links: &Links, kind: Kind, id: &str, why: &str) -> Value {
    json!({"id": id, "url": links.item(kind, id), "why": why})
}

pub(super) fn role(input: &Inputs, role: &Role) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let mut holders: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut checks = Vec::new();
    match role.id.as_str() {
        "product-owner" => {
            for team in b.teams.values() {
                holders.entry(team.product_owner.clone()).or_default().push(json!({
                    "what": format!("Product Owner of {}", team.title), "url": links.item(Kind::Team, team.id.as_str()),
                }));
            }
            checks = product_owner_checks(input, &links);
        }
        "scrum-master" => {
            for team in b.teams.values() {
                if let Some(sm) = &team.scrum_master {
                    holders.entry(sm.clone()).or_default().push(json!({
                        "what": format!("Scrum Master of {}", team.title), "url": links.item(Kind::Team, team.id.as_str()),
                    }));
                }
            }
            checks.push(check(
                "Every team plans within its capacity",
                coded(input, &links, &[Code::OverCapacity]),
            ));
        }
        "product-manager" => {
            if let Some(pm) = b.config.as_ref().and_then(|c| c.product_manager.clone()) {
                holders.entry(pm).or_default().push(json!({"what": "Orders the program backlog", "url": format!("{}program/", links.root())}));
            }
            for feature in b.features.values() {
                if let Some(owner) = &feature.owner {
                    holders.entry(owner.clone()).or_default().push(json!({
                        "what": format!("Owns {} {}", feature.id, feature.title), "url": links.item(Kind::Feature, feature.id.as_str()),
                    }));
                }
            }
            checks.push(check(
                "Every open feature is in the program backlog, once",
                coded(input, &links, &[Code::NotInProgramBacklog]),
            ));
            checks.push(check(
                "Works with no more Product Owners than the limit",
                coded(input, &links, &[Code::ProductManagerFanOut]),
            ));
        }
        "business-owner" => {
            checks.push(check(
                "Every PI objective has a planned value from 1 to 10",
                coded(input, &links, &[Code::ObjectiveValue]),
            ));
            let unrated: Vec<Value> = b
                .pis
                .values()
                .filter(|pi| pi.end.is_some_and(|e| e < input.today))
                .filter(|pi| pi.objectives.iter().any(|o| o.actual_value.is_none()))
                .map(|pi| {
                    offender(
                        &links,
                        Kind::Pi,
                        pi.id.as_str(),
                        "objectives without an actual value",
                    )
                })
                .collect();
            checks.push(check(
                "Finished PIs have every objective's actual value rated",
                unrated,
            ));
        }
        _ => {}
    }
    let holders: Vec<Value> = holders
        .into_iter()
        .map(|(person, places)| json!({"person": person, "places": places}))
        .collect();
    Job::page(
        super::pages::item_path(Kind::Role, role.id.as_str()),
        "role.html",
        2,
        json!({
            "role": {"id": role.id, "title": role.title, "owns": role.owns, "responsibilities": role.responsibilities},
            "body": input.markdown.html(b.file(role.file).body()),
            "holders": holders,
            "checks": checks,
        }),
    )
}

fn product_owner_checks(input: &Inputs, links: &Links) -> Vec<Value> {
    let b = input.backlog;
    let ordering = [
        Code::NotInBacklog,
        Code::ListedTwice,
        Code::WrongBacklog,
        Code::RankedAboveDependency,
    ];
    let mut checks = vec![
        check(
            "Each team backlog holds every open story once, in an order that respects dependencies",
            coded(input, links, &ordering),
        ),
        check(
            "Every ready story has acceptance criteria",
            coded(input, links, &[Code::NoCriteria]),
        ),
    ];
    // The next iteration is filled from the top: no unplanned open story
    // ranks above a story planned into it.
    let next = b.current_pi(input.today).and_then(|pi| {
        let position = pi
            .iterations
            .iter()
            .position(|it| it.start <= input.today && input.today <= it.end)?;
        pi.iterations.get(position + 1).map(|it| it.id.clone())
    });
    let mut skipped = Vec::new();
    if let Some(next) = &next {
        for team in b.teams.values() {
            let open: Vec<_> = team
                .backlog
                .iter()
                .filter_map(|r| b.stories.get(r.id.as_str()))
                .filter(|s| s.team == team.id.as_str() && s.status.is_open())
                .collect();
            let Some(last_planned) = open
                .iter()
                .rposition(|s| s.iteration.as_deref() == Some(next.as_str()))
            else {
                continue;
            };
            for s in &open[..last_planned] {
                if s.iteration.is_none() && s.status != StoryStatus::InProgress {
                    skipped.push(offender(
                        links,
                        Kind::Story,
                        s.id.as_str(),
                        &format!("ranks above stories planned into {next} but is not planned"),
                    ));
                }
            }
        }
    }
    checks.push(check(
        &format!(
            "The next iteration{} is filled from the top of each backlog",
            next.map(|n| format!(" ({n})")).unwrap_or_default()
        ),
        skipped,
    ));
    checks.push(check(
        "Serves no more teams than the limit",
        coded(input, links, &[Code::ProductOwnerFanOut]),
    ));
    checks
}

/// Items with diagnostics of the given codes.
fn coded(input: &Inputs, links: &Links, codes: &[Code]) -> Vec<Value> {
    input
        .diagnostics
        .iter()
        .filter(|d| codes.contains(&d.code))
        .filter_map(|d| {
            let stem = d.file.rsplit('/').next()?.strip_suffix(".md").unwrap_or("rankdown.yaml");
            let kind = input.backlog.kind_of(stem);
            Some(json!({
                "id": stem,
                "url": kind.map(|k| links.item(k, stem)).unwrap_or_else(|| format!("{}check/", links.root())),
                "why": d.message,
            }))
        })
        .collect()
}
