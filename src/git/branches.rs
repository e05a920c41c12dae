//! The item ids on every local branch, so that a new item's id is free on
//! the branches being worked on in parallel, not only on this one.

use super::{GitError, output};
use crate::layout::{claimed_id, item_kind};
use std::collections::BTreeSet;
use std::path::Path;

/// The ids of the item files in the backlog root on each local branch (the
/// root being the same folder of the repository on every branch).
pub fn ids_on_branches(root: &Path) -> Result<BTreeSet<String>, GitError> {
    let heads = output(
        root,
        &["for-each-ref", "--format=%(objectname)", "refs/heads"],
    )?;
    let commits: BTreeSet<String> = String::from_utf8_lossy(&heads)
        .lines()
        .map(str::to_string)
        .collect();
    let mut ids = BTreeSet::new();
    for commit in commits {
        // In a subfolder, `ls-tree` lists that folder's part of the tree,
        // with paths relative to it.
        let listing = output(root, &["ls-tree", "-r", "-z", "--name-only", &commit])?;
        let paths = listing.split(|&b| b == 0).map(String::from_utf8_lossy);
        let items = paths.filter(|path| item_kind(path).is_some());
        ids.extend(
            items
                .filter_map(|path| claimed_id(&path))
                .map(|id| id.to_string()),
        );
    }
    Ok(ids)
}
