//! The starter backlog `rankdown init` writes: settings, the standard roles,
//! one team, one feature, one PI dated from today and two stories, which
//! check clean and build.

use super::{fill, iterations, scalar};
use crate::layout::{CONFIG_FILE, new_item_path};
use crate::model::Kind;
use jiff::civil::Date;

/// What a starter backlog is made from.
#[derive(Debug)]
pub struct Starter {
    /// The release train's name, the site title.
    pub title: String,
    /// The first team's id.
    pub team: String,
    /// The prefix of the team's story ids (`WEB` for `WEB-1`).
    pub prefix: String,
    /// The first day of the first PI.
    pub today: Date,
}

/// The standard roles, with their duties, by id: what `init` and `import` write.
pub const ROLES: [(&str, &str); 4] = [
    ("business-owner", include_str!("roles/business-owner.md")),
    ("product-manager", include_str!("roles/product-manager.md")),
    ("product-owner", include_str!("roles/product-owner.md")),
    ("scrum-master", include_str!("roles/scrum-master.md")),
];

impl Starter {
    /// Every file of the starter backlog, by path relative to the root.
    pub fn files(&self) -> Vec<(String, String)> {
        let team = scalar(&self.team);
        let title = scalar(&self.title);
        let (lines, end) = iterations("PI-1", self.today, 5, 14);
        let story_id = |n: u32| format!("{}-{n}", self.prefix);
        let slots = [
            ("TITLE", title.as_str()),
            ("NAME", self.title.as_str()),
            ("TEAM", team.as_str()),
            ("TEAM_TITLE", &scalar(&title_of(&self.team))),
            ("PREFIX", &self.prefix),
            ("PI_START", &self.today.to_string()),
            ("PI_END", &end.to_string()),
            ("ITERATIONS", &lines),
        ];
        let mut files = vec![
            (
                CONFIG_FILE.to_string(),
                include_str!("starter/rankdown.yaml"),
            ),
            (".gitignore".to_string(), include_str!("starter/gitignore")),
            ("README.md".to_string(), include_str!("starter/README.md")),
            (
                path(Kind::Team, &self.team, None),
                include_str!("starter/team.md"),
            ),
            (
                path(Kind::Feature, "F-1", None),
                include_str!("starter/feature.md"),
            ),
            (path(Kind::Pi, "PI-1", None), include_str!("starter/pi.md")),
            (
                path(Kind::Story, &story_id(1), Some(&self.team)),
                include_str!("starter/story-ready.md"),
            ),
            (
                path(Kind::Story, &story_id(2), Some(&self.team)),
                include_str!("starter/story-backlog.md"),
            ),
        ];
        files.extend(ROLES.map(|(id, text)| (path(Kind::Role, id, None), text)));
        (files.into_iter())
            .map(|(path, template)| (path, fill(template, &slots)))
            .collect()
    }
}

fn path(kind: Kind, id: &str, team: Option<&str>) -> String {
    new_item_path(kind, id, team)
}

/// A name from an id: `checkout-eu` → `Checkout eu`.
pub fn title_of(id: &str) -> String {
    let words = id.replace(['-', '_', '.'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The CI services `init --ci` writes a workflow for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ci {
    /// GitHub Actions.
    Github,
    /// GitLab CI.
    Gitlab,
}

/// The CI workflow docs/ci.md describes for `ci`, and where it goes.
pub fn ci_workflow(ci: Ci) -> (&'static str, String) {
    let (name, path) = match ci {
        Ci::Github => ("github", ".github/workflows/backlog.yml"),
        Ci::Gitlab => ("gitlab", ".gitlab-ci.yml"),
    };
    let doc = include_str!("../../docs/ci.md");
    let marker = format!("<!-- recipe: {name} -->\n```yaml\n");
    let text = (doc.split_once(&marker))
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map_or_else(String::new, |(recipe, _)| format!("{recipe}\n"));
    (path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_ci_recipes_are_found_in_the_docs() {
        for ci in [Ci::Github, Ci::Gitlab] {
            let (_, text) = ci_workflow(ci);
            assert!(text.contains("rankdown"), "{ci:?}: {text}");
        }
    }

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title_of("checkout-eu"), "Checkout eu");
        assert_eq!(title_of("team"), "Team");
    }
}
