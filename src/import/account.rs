//! Every file in the folder import reads accounted for: a file no step
//! imported or skipped is listed as skipped, with why.

use super::Note;
use super::mapping::Mapping;
use std::collections::BTreeSet;
use std::path::{Component, Path};

/// The folder, relative to the source, whose every file is listed: the
/// mapping's `root` (Backlog.md's `backlog/`), else the deepest folder
/// holding all of its folders.
pub(super) fn root(mapping: &Mapping) -> String {
    if let Some(root) = &mapping.root {
        return root.clone();
    }
    let folders = mapping.folders.iter().map(|f| f.path.as_str());
    let mut all = folders.chain(mapping.milestones.as_deref()).map(|folder| {
        Path::new(folder)
            .components()
            .filter_map(|c| match c {
                Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Vec<String>>()
    });
    let Some(mut common) = all.next() else {
        return String::new();
    };
    for parts in all {
        let shared = common
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a == b)
            .count();
        common.truncate(shared);
    }
    common.join("/")
}

/// The files under `root` of `source` that are not `listed`, each with
/// the reason. `.git` folders are not looked into, nor a rankdown root an
/// import made there (the new root of an `--update`).
pub(super) fn unlisted(source: &Path, root: &str, listed: &BTreeSet<&str>) -> Vec<Note> {
    let imported_root = |e: &walkdir::DirEntry| {
        e.file_type().is_dir() && e.path().join(crate::layout::IMPORT_RECORD).is_file()
    };
    let walk = walkdir::WalkDir::new(source.join(root))
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != ".git" && !imported_root(e));
    let mut found = Vec::new();
    for entry in walk.filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            continue;
        }
        let path = crate::layout::relative(source, entry.path());
        if !listed.contains(path.as_str()) {
            found.push(Note::new(
                &path,
                "not in a folder import reads (tasks, drafts, milestones...): not imported",
            ));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapping(yaml: &str) -> Mapping {
        serde_yaml::from_str(yaml).expect("mapping")
    }

    #[test]
    fn the_root_is_the_folder_holding_every_folder_read() {
        let two = mapping("folders: [{path: .devstories/stories}, {path: .devstories/epics}]");
        assert_eq!(root(&two), ".devstories");
        let apart = mapping("folders: [{path: open}, {path: closed}]");
        assert_eq!(root(&apart), "");
    }
}
