//! The backlog's layout, in one place: the config file that marks a root,
//! which folder holds which kind of item, how a file name gives an id, where
//! a new item's file goes and where the site is written by default. Loading,
//! rendering, git, serve, import and the writing commands all ask here.

mod walk;

pub use walk::{Found, files_in, find, link_broken, link_loops, link_outside};

use crate::model::{Id, Kind};
use std::path::{Path, PathBuf};

/// The name of the config file that marks a backlog root.
pub const CONFIG_FILE: &str = "rankdown.yaml";

/// The file in a backlog root that records what `rankdown import` wrote
/// there, for a later `import --update`; check and build do not read it.
pub const IMPORT_RECORD: &str = ".rankdown-import.yaml";

/// The folder of the backlog root that `build` writes the site to by default.
pub const OUTPUT_FOLDER: &str = "public";

/// The folder of the backlog root that holds items of `kind`.
pub fn folder(kind: Kind) -> &'static str {
    match kind {
        Kind::Story => "stories",
        Kind::Feature => "features",
        Kind::Team => "teams",
        Kind::Pi => "pis",
        Kind::Role => "roles",
    }
}

/// The kind whose items live in the top-level folder `name`.
pub fn kind_of_folder(name: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| folder(*k) == name)
}

/// Where a new item's file goes, relative to the root: `stories/TEAM/ID.md`
/// for a story of a team, `FOLDER/ID.md` for anything else.
pub fn new_item_path(kind: Kind, id: &str, team: Option<&str>) -> String {
    match (kind, team) {
        (Kind::Story, Some(team)) => format!("{}/{team}/{id}.md", folder(kind)),
        _ => format!("{}/{id}.md", folder(kind)),
    }
}

/// The kind of item a file at `path` (relative to the root, `/`-separated)
/// would be read as by the walk: a Markdown file under an item folder, not
/// inside a hidden folder.
pub fn item_kind(path: &str) -> Option<Kind> {
    let (top, rest) = path.split_once('/')?;
    let kind = kind_of_folder(top)?;
    let mut folders = rest.split('/').rev().skip(1);
    let hidden = folders.any(|dir| dir.starts_with('.'));
    (!hidden && is_markdown(Path::new(path))).then_some(kind)
}

/// Whether `path` names a Markdown file as the walk sees one: an `.md`
/// extension (so not a file named just `.md`).
pub fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md")
}

/// The id a file of an item folder claims with its name (without `.md`), if
/// the name is a valid id; `index.html` is kept for the site's list pages.
pub fn claimed_id(path: &str) -> Option<Id> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    Id::new(stem).filter(|id| id.as_str() != "index.html")
}

/// `path` relative to `root`, with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> Id {
        Id::new(text).expect("valid id")
    }

    #[test]
    fn every_kind_has_its_own_folder() {
        for kind in Kind::ALL {
            assert_eq!(kind_of_folder(folder(kind)), Some(kind));
        }
        assert_eq!(kind_of_folder("public"), None);
    }

    #[test]
    fn new_stories_go_to_their_team_folder() {
        let story = |team| new_item_path(Kind::Story, "WEB-3", team);
        assert_eq!(story(Some("web")), "stories/web/WEB-3.md");
        assert_eq!(story(None), "stories/WEB-3.md");
        let feature = new_item_path(Kind::Feature, "F-1", Some("web"));
        assert_eq!(feature, "features/F-1.md");
    }

    #[test]
    fn a_path_names_its_kind_and_id() {
        assert_eq!(item_kind("stories/web/WEB-3.md"), Some(Kind::Story));
        assert_eq!(item_kind("stories/.cache/WEB-3.md"), None);
        assert_eq!(item_kind("notes/WEB-3.md"), None);
        assert_eq!(claimed_id("stories/web/WEB-3.md"), Some(id("WEB-3")));
        assert_eq!(claimed_id("stories/index.html.md"), None);
    }
}
