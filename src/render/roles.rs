//! Role pages: who holds the role and where, what it owns, and whether the
//! duties that can be computed are met.

use super::links::Links;
use super::{Inputs, Job};
use crate::diagnostic::Code;
use crate::model::authority::{
    BUSINESS_OWNER, PRODUCT_MANAGER, PRODUCT_OWNER, SCRUM_MASTER, Scope,
};
use crate::model::{Kind, Role, StoryStatus};
use serde::Serialize;
use std::collections::BTreeMap;

/// What `role.html` receives as `page`.
#[derive(Serialize)]
struct RolePage<'a> {
    role: RoleFacts<'a>,
    /// The role file's body as safe HTML.
    body: String,
    /// Who holds the role, by name, and where.
    holders: Vec<Holder<'a>>,
    /// The role's duties that rankdown can check.
    checks: Vec<Check>,
}

/// The role's own fields.
#[derive(Serialize)]
struct RoleFacts<'a> {
    id: &'a str,
    title: &'a str,
    /// Its duties, as written.
    responsibilities: &'a [String],
    /// What it has authority over, as a reader says it.
    owns: Vec<String>,
}

/// A person who holds the role.
#[derive(Serialize)]
struct Holder<'a> {
    person: &'a str,
    places: Vec<Place>,
}

/// Where a person holds the role: `Product Owner of Web`.
#[derive(Serialize)]
struct Place {
    what: String,
    url: String,
}

/// One computed duty check: met or not, with the items that break it.
#[derive(Serialize)]
struct Check {
    name: String,
    met: bool,
    offenders: Vec<Offender>,
}

/// An item that breaks a duty check.
#[derive(Serialize)]
struct Offender {
    id: String,
    /// Its page, or the check report for the configuration.
    url: String,
    why: String,
}

/// A role as the responsibility matrix on the roles list shows it.
#[derive(Serialize)]
pub(super) struct MatrixRole {
    title: String,
    url: String,
    duties: Vec<String>,
    /// What it has authority over, as a reader says it.
    decides: Vec<String>,
    /// Who holds it, by name.
    holders: Vec<String>,
}

fn check(name: &str, offenders: Vec<Offender>) -> Check {
    Check {
        name: name.to_string(),
        met: offenders.is_empty(),
        offenders,
    }
}

fn offender(links: &Links, kind: Kind, id: &str, why: &str) -> Offender {
    Offender {
        id: id.to_string(),
        url: links.item(kind, id),
        why: why.to_string(),
    }
}

pub(super) fn role(input: &Inputs, role: &Role) -> Job {
    let links = Links::at_depth(2);
    let b = input.backlog;
    let mut holders: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    for holding in b.holdings().iter().filter(|h| h.role == role.id.as_str()) {
        let (what, url) = match holding.scope {
            Scope::Team(team) => {
                let title = match holding.role {
                    PRODUCT_OWNER => "Product Owner",
                    _ => "Scrum Master",
                };
                let url = links.item(Kind::Team, team.id.as_str());
                (format!("{title} of {}", team.title), url)
            }
            Scope::Train if holding.role == BUSINESS_OWNER => (
                "Rates the value of the PI objectives".to_string(),
                format!("{}pis/", links.root()),
            ),
            Scope::Train => (
                "Orders the program backlog".to_string(),
                format!("{}program/", links.root()),
            ),
            Scope::Feature(f) => (
                format!("Owns {} {}", f.id, f.title),
                links.item(Kind::Feature, f.id.as_str()),
            ),
            Scope::Pi(pi) => (
                format!("Rates the value of the objectives of {}", pi.title),
                links.item(Kind::Pi, pi.id.as_str()),
            ),
        };
        let place = Place { what, url };
        holders.entry(holding.person).or_default().push(place);
    }
    let mut checks = Vec::new();
    match role.id.as_str() {
        PRODUCT_OWNER => checks = product_owner_checks(input, &links),
        SCRUM_MASTER => {
            checks.push(check(
                "Every team plans within its capacity",
                coded(input, &links, &[Code::OverCapacity]),
            ));
        }
        PRODUCT_MANAGER => {
            checks.push(check(
                "Every open feature is in the program backlog, once",
                coded(input, &links, &[Code::NotInProgramBacklog]),
            ));
            checks.push(check(
                "Works with no more Product Owners than the limit",
                coded(input, &links, &[Code::ProductManagerFanOut]),
            ));
        }
        BUSINESS_OWNER => {
            checks.push(check(
                "Every PI objective has a planned value from 1 to 10",
                coded(input, &links, &[Code::ObjectiveValue]),
            ));
            let unrated: Vec<Offender> = b
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
    let page = RolePage {
        role: RoleFacts {
            id: role.id.as_str(),
            title: &role.title,
            responsibilities: &role.responsibilities,
            owns: role.owns.iter().map(|word| authority_label(word)).collect(),
        },
        body: input.markdown.html(b.file(role.file).body()),
        holders: (holders.into_iter())
            .map(|(person, places)| Holder { person, places })
            .collect(),
        checks,
    };
    let path = super::pages::item_path(Kind::Role, role.id.as_str());
    Job::page(path, "role.html", 2, &page)
}

/// What an `owns` word of a role file means, as a reader says it.
pub(super) fn authority_label(word: &str) -> String {
    let label = match word {
        "story" => "Stories",
        "enabler" => "Enabler stories",
        "defect" => "Defects",
        "spike" => "Spikes",
        "feature" => "Features",
        "team-backlog" => "The order of the team backlog",
        "program-backlog" => "The order of the program backlog",
        "pi-objectives" => "PI objectives",
        "pi-objective-value" => "The business value of PI objectives",
        other => return other.replace('-', " "),
    };
    label.to_string()
}

/// The roles side by side: duties, what each decides and who holds it,
/// for the list of roles.
pub(super) fn matrix(input: &Inputs, links: &Links) -> Vec<MatrixRole> {
    let b = input.backlog;
    let holdings = b.holdings();
    b.roles
        .values()
        .map(|role| {
            let mut holders: Vec<&str> = (holdings.iter())
                .filter(|h| h.role == role.id.as_str())
                .filter_map(|h| super::pages::named(h.person))
                .collect();
            holders.sort_unstable();
            holders.dedup();
            MatrixRole {
                title: role.title.clone(),
                url: links.item(Kind::Role, role.id.as_str()),
                duties: role.responsibilities.clone(),
                decides: role.owns.iter().map(|w| authority_label(w)).collect(),
                holders: holders.into_iter().map(str::to_string).collect(),
            }
        })
        .collect()
}

fn product_owner_checks(input: &Inputs, links: &Links) -> Vec<Check> {
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
fn coded(input: &Inputs, links: &Links, codes: &[Code]) -> Vec<Offender> {
    input
        .diagnostics
        .iter()
        .filter(|d| codes.contains(&d.code))
        .filter_map(|d| {
            let stem = d
                .file
                .rsplit('/')
                .next()?
                .strip_suffix(".md")
                .unwrap_or("rankdown.yaml");
            let kind = input.backlog.kind_of(stem);
            Some(Offender {
                id: stem.to_string(),
                url: kind
                    .map(|k| links.item(k, stem))
                    .unwrap_or_else(|| format!("{}check/", links.root())),
                why: d.message.clone(),
            })
        })
        .collect()
}
