//! Who holds which role, and so who has authority over which content: the
//! people the site shows on role pages and CODEOWNERS asks for approval.

use super::{Backlog, Feature, FileId, Kind, Pi, Team};
use std::collections::BTreeSet;

/// The role ids whose holders the backlog names.
pub const PRODUCT_OWNER: &str = "product-owner";
/// See [`PRODUCT_OWNER`].
pub const SCRUM_MASTER: &str = "scrum-master";
/// See [`PRODUCT_OWNER`].
pub const PRODUCT_MANAGER: &str = "product-manager";
/// See [`PRODUCT_OWNER`].
pub const BUSINESS_OWNER: &str = "business-owner";

/// The roles rankdown knows by id, with their usual titles: it finds their
/// holders and checks their duties. Other role files are shown as written.
pub const KNOWN_ROLES: [(&str, &str); 4] = [
    (BUSINESS_OWNER, "Business Owner"),
    (PRODUCT_MANAGER, "Product Manager"),
    (PRODUCT_OWNER, "Product Owner"),
    (SCRUM_MASTER, "Scrum Master"),
];

/// Where a person holds a role.
#[derive(Clone, Copy, Debug)]
pub enum Scope<'a> {
    /// For one team (Product Owner, Scrum Master).
    Team(&'a Team),
    /// For the whole release train (the Product Manager in `rankdown.yaml`).
    Train,
    /// For one feature (its `owner`, a Product Manager).
    Feature(&'a Feature),
    /// For one PI (its own `business_owners`).
    Pi(&'a Pi),
}

/// One person holding one role, and the front-matter field that says so.
#[derive(Clone, Copy, Debug)]
pub struct Holding<'a> {
    /// The role's id, e.g. `product-owner`.
    pub role: &'static str,
    /// The person's name as written.
    pub person: &'a str,
    /// Where they hold it.
    pub scope: Scope<'a>,
    /// The file naming them.
    pub file: FileId,
    /// The field naming them.
    pub field: &'static str,
}

impl Backlog {
    /// Every role held in the backlog: each team's Product Owner and Scrum
    /// Master (teams by id), the train's Product Manager and Business
    /// Owners, then each feature's owner (features by id).
    pub fn holdings(&self) -> Vec<Holding<'_>> {
        let mut holdings = Vec::new();
        for team in self.teams.values() {
            holdings.push(Holding {
                role: PRODUCT_OWNER,
                person: &team.product_owner,
                scope: Scope::Team(team),
                file: team.file,
                field: "product_owner",
            });
            if let Some(person) = &team.scrum_master {
                holdings.push(Holding {
                    role: SCRUM_MASTER,
                    person,
                    scope: Scope::Team(team),
                    file: team.file,
                    field: "scrum_master",
                });
            }
        }
        if let Some(config) = &self.config
            && let Some(person) = &config.product_manager
        {
            holdings.push(Holding {
                role: PRODUCT_MANAGER,
                person,
                scope: Scope::Train,
                file: config.file,
                field: "product_manager",
            });
        }
        if let Some(config) = &self.config {
            holdings.extend(config.business_owners.iter().map(|person| Holding {
                role: BUSINESS_OWNER,
                person,
                scope: Scope::Train,
                file: config.file,
                field: "business_owners",
            }));
        }
        for pi in self.pis.values() {
            holdings.extend(pi.business_owners.iter().map(|person| Holding {
                role: BUSINESS_OWNER,
                person,
                scope: Scope::Pi(pi),
                file: pi.file,
                field: "business_owners",
            }));
        }
        for feature in self.features.values() {
            if let Some(person) = &feature.owner {
                holdings.push(Holding {
                    role: PRODUCT_MANAGER,
                    person,
                    scope: Scope::Feature(feature),
                    file: feature.file,
                    field: "owner",
                });
            }
        }
        holdings
    }

    /// Everyone the backlog names: role holders and team members.
    pub fn people(&self) -> BTreeSet<&str> {
        let members = self.teams.values().flat_map(|t| &t.members);
        let holders = self.holdings().into_iter().map(|h| h.person);
        members.map(String::as_str).chain(holders).collect()
    }

    /// The files the holder of `holding` has authority over through the
    /// role's `owns` words (none when the role has no file in `roles/`), as
    /// (kind, id) of items, `None` standing for `rankdown.yaml`.
    pub fn authority<'a>(&'a self, holding: &Holding<'a>) -> Vec<Option<(Kind, &'a str)>> {
        let Some(role) = self.roles.get(holding.role) else {
            return Vec::new();
        };
        let mut owned = Vec::new();
        for word in &role.owns {
            match (word.as_str(), holding.scope) {
                ("story" | "enabler" | "defect" | "spike", scope) => {
                    let team = match scope {
                        Scope::Team(team) => Some(team.id.as_str()),
                        Scope::Train => None,
                        Scope::Feature(_) | Scope::Pi(_) => continue,
                    };
                    let stories = self
                        .stories
                        .values()
                        .filter(|s| s.kind.as_str() == word && team.is_none_or(|t| s.team == t));
                    owned.extend(stories.map(|s| Some((Kind::Story, s.id.as_str()))));
                }
                ("feature", Scope::Feature(feature)) => {
                    owned.push(Some((Kind::Feature, feature.id.as_str())));
                }
                ("feature", Scope::Train) => {
                    owned.extend(
                        self.features
                            .keys()
                            .map(|id| Some((Kind::Feature, id.as_str()))),
                    );
                }
                ("team-backlog", Scope::Team(team)) => {
                    owned.push(Some((Kind::Team, team.id.as_str())))
                }
                ("team-backlog", Scope::Train) => {
                    owned.extend(self.teams.keys().map(|id| Some((Kind::Team, id.as_str()))));
                }
                ("program-backlog", Scope::Train) => owned.push(None),
                ("pi-objectives" | "pi-objective-value", Scope::Pi(pi)) => {
                    owned.push(Some((Kind::Pi, pi.id.as_str())));
                }
                ("pi-objectives" | "pi-objective-value", scope) => {
                    let team = match scope {
                        Scope::Team(team) => Some(team.id.as_str()),
                        _ => None,
                    };
                    // A PI that names its own Business Owners is theirs, not
                    // the train's.
                    let own_owners =
                        |pi: &Pi| holding.role == BUSINESS_OWNER && !pi.business_owners.is_empty();
                    let pis = self.pis.values().filter(|pi| {
                        !own_owners(pi)
                            && team.is_none_or(|t| pi.objectives.iter().any(|o| o.team == t))
                    });
                    owned.extend(pis.map(|pi| Some((Kind::Pi, pi.id.as_str()))));
                }
                _ => {}
            }
        }
        owned
    }
}
