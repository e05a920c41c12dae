//! Where each story stood over time: every version of its file that git
//! history holds, front matter only, most of them read while the log ran.

use super::GitError;
use super::batch::read_blobs;
use super::history::{Change, History, Version};
use super::plans::Plans;
use crate::layout::item_kind;
use crate::load::{Planning, planning_in};
use crate::model::Kind;
use rustc_hash::FxHashMap as HashMap;
use std::path::Path;

/// For each story file of `history`, the commits that changed its planning
/// fields, oldest first: its first version, then each that changed its
/// status, team, iteration or points, or deleted it.
/// `plans` has the versions read while the log ran; any others (a file
/// moved into `stories/`, say) are read here.
pub(super) fn read(
    root: &Path,
    history: &History,
    mut plans: Plans,
) -> Result<HashMap<String, Vec<Version>>, GitError> {
    let mut stories: Vec<(&str, &[Change])> = (history.files())
        .filter(|(path, _)| item_kind(path) == Some(Kind::Story))
        .collect();
    stories.sort_unstable_by_key(|(path, _)| *path);
    let mut missing: Vec<&str> = (stories.iter())
        .flat_map(|(_, changes)| changes.iter().filter_map(|c| c.blob.as_deref()))
        .filter(|oid| !plans.contains_key(*oid))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let blobs = read_blobs(root, &missing)?;
    for (oid, bytes) in missing.iter().zip(&blobs) {
        let plan = std::str::from_utf8(bytes).ok().and_then(planning_in);
        plans.insert(oid.to_string(), plan);
    }
    let plan_of: HashMap<&str, &Planning> = (plans.iter())
        .filter_map(|(oid, plan)| Some((oid.as_str(), plan.as_ref()?)))
        .collect();
    Ok(stories
        .into_iter()
        .map(|(path, changes)| (path.to_string(), versions(changes, &plan_of)))
        .collect())
}

/// The changes (newest first) that left a new planning, oldest first. A
/// version whose front matter cannot be read changes nothing.
fn versions(changes: &[Change], plan_of: &HashMap<&str, &Planning>) -> Vec<Version> {
    let mut versions: Vec<Version> = Vec::new();
    for change in changes.iter().rev() {
        let plan = match change.blob.as_deref() {
            Some(oid) => match plan_of.get(oid) {
                Some(&plan) => Some(plan.clone()),
                None => continue,
            },
            None => None,
        };
        if versions.last().is_none_or(|last| last.plan != plan) {
            versions.push(Version {
                plan,
                change: change.clone(),
            });
        }
    }
    versions
}
