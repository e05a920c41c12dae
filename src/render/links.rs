//! URLs between pages. Pages link relative to themselves, so the site works at
//! a domain root and under any sub-path without knowing which.

use crate::model::Kind;

/// Builds URLs for a page at a given depth below the site root.
pub(super) struct Links {
    root: String,
}

impl Links {
    /// For a page `depth` folders below the root (`teams/x/index.html` is 2).
    pub(super) fn at_depth(depth: usize) -> Links {
        Links {
            root: "../".repeat(depth),
        }
    }

    /// The prefix that leads to the site root (`""`, `"../../"`, `"/backlog/"`).
    pub(super) fn root(&self) -> &str {
        &self.root
    }

    /// The page of an item; ids are valid ids, so they are safe path segments.
    pub(super) fn item(&self, kind: Kind, id: &str) -> String {
        format!("{}{}/{id}/", self.root, crate::layout::folder(kind))
    }
}

/// The path part of a base URL, starting and ending with `/`
/// (`https://example.org/backlog` → `/backlog/`).
pub(super) fn base_path(base_url: &str) -> String {
    let without_scheme = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let path = if base_url.contains("://") {
        without_scheme
            .find('/')
            .map_or("", |i| &without_scheme[i..])
    } else {
        without_scheme
    };
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".into()
    } else {
        format!("/{trimmed}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path("https://example.org/backlog/"), "/backlog/");
        assert_eq!(base_path("https://example.org"), "/");
        assert_eq!(base_path("/"), "/");
        assert_eq!(base_path("/team/site"), "/team/site/");
    }

    #[test]
    fn links_climb_to_the_root() {
        assert_eq!(
            Links::at_depth(2).item(Kind::Story, "A-1"),
            "../../stories/A-1/"
        );
        assert_eq!(Links::at_depth(0).item(Kind::Team, "t"), "teams/t/");
    }
}
