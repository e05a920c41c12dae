//! The status each story had over time: every version of its file that
//! git history holds, read with one `git cat-file --batch`, front matter
//! only.

use super::GitError;
use super::history::{History, StatusChange};
use super::revision::read_blobs;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

/// For each story file of `history`, the commits that set its status,
/// oldest first: its first version, then each that changed the status.
pub(super) fn read(
    root: &Path,
    history: &History,
) -> Result<HashMap<String, Vec<StatusChange>>, GitError> {
    let mut stories: Vec<(&str, &[super::Change])> = (history.files())
        .filter(|(path, _)| path.starts_with("stories/") && path.ends_with(".md"))
        .collect();
    stories.sort_unstable_by_key(|(path, _)| *path);
    let mut objects: Vec<&str> = (stories.iter())
        .flat_map(|(_, changes)| changes.iter().filter_map(|c| c.blob.as_deref()))
        .collect();
    objects.sort_unstable();
    objects.dedup();
    let blobs = read_blobs(root, &objects)?;
    let status_of: HashMap<&str, _> = (objects.par_iter().zip(&blobs))
        .filter_map(|(oid, bytes)| {
            let status = crate::load::status_in(std::str::from_utf8(bytes).ok()?)?;
            Some((*oid, status))
        })
        .collect();
    Ok(stories
        .into_iter()
        .map(|(path, changes)| {
            let mut set: Vec<StatusChange> = Vec::new();
            for change in changes.iter().rev() {
                let status = change.blob.as_deref().and_then(|oid| status_of.get(oid));
                let Some(&status) = status else { continue };
                if set.last().is_none_or(|last| last.status != status) {
                    set.push(StatusChange {
                        status,
                        change: change.clone(),
                    });
                }
            }
            (path.to_string(), set)
        })
        .collect())
}
