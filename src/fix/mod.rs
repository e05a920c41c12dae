//! What `rankdown fix` does, in memory: take the fixes of a backlog's
//! findings, make them file by file, check again, and repeat until nothing
//! is left to fix. Writing the result ([`write`]) or showing it as a diff
//! ([`diff`]) is the caller's choice.

mod apply;
pub mod diff;
mod plan;

use crate::Checked;
use crate::diagnostic::{Code, Fix};
use std::collections::BTreeMap;
use std::path::Path;

pub use apply::apply;

/// How many times fixes are made and the backlog checked again, at most: a
/// fix may reveal another (a story moved below its dependency may now sit
/// above a story that depends on it), but never forever.
pub const MAX_ROUNDS: usize = 10;

/// What fixing a backlog did.
#[derive(Debug)]
pub struct Fixed {
    /// Each file that changed, by path relative to the root, in path order.
    pub files: BTreeMap<String, Change>,
    /// The fixes made, in the order they were made.
    pub made: Vec<Made>,
    /// Fixes that could not be made, and why.
    pub failed: Vec<(Made, String)>,
    /// The backlog as fixed, and the findings left in it.
    pub checked: Checked,
    /// Whether fixes were still being found when the rounds ran out.
    pub unfinished: bool,
}

pub use crate::scaffold::Change;

/// One fix that was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// The rule of the finding it resolves.
    pub code: Code,
    /// The fix.
    pub fix: Fix,
}

/// Fixes the backlog at `root` in memory; with `accept`, also the fixes that
/// need a person's word (ticking the criteria of accepted stories). Nothing
/// is written.
pub fn fix(root: &Path, accept: bool) -> anyhow::Result<Fixed> {
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut before: BTreeMap<String, String> = BTreeMap::new();
    let mut made = Vec::new();
    let mut failed: Vec<(Made, String)> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let checked = check(root, &texts)?;
        let round = plan::fixes(&checked.diagnostics, accept, &failed);
        let mut progress = false;
        for (path, fixes) in round {
            let Some(old) = checked.backlog.file_at(&path).map(|f| f.text.clone()) else {
                continue;
            };
            let mut text = old.clone();
            for (code, fix) in fixes {
                match apply::apply(&text, &fix.edit) {
                    Ok(new) if new == text => {}
                    Ok(new) => {
                        text = new;
                        made.push(Made { code, fix });
                    }
                    Err(why) => failed.push((Made { code, fix }, why.to_string())),
                }
            }
            if text != old {
                progress = true;
                before.entry(path.clone()).or_insert(old);
                texts.insert(path, text);
            }
        }
        if !progress {
            return Ok(finished(before, texts, made, failed, checked, false));
        }
    }
    let checked = check(root, &texts)?;
    let unfinished = !plan::fixes(&checked.diagnostics, accept, &failed).is_empty();
    Ok(finished(before, texts, made, failed, checked, unfinished))
}

/// Loads and checks the root with the changed texts in place of its files.
fn check(root: &Path, texts: &BTreeMap<String, String>) -> anyhow::Result<Checked> {
    crate::load::load_changed(root, texts).map(crate::validated)
}

fn finished(
    before: BTreeMap<String, String>,
    mut texts: BTreeMap<String, String>,
    made: Vec<Made>,
    failed: Vec<(Made, String)>,
    checked: Checked,
    unfinished: bool,
) -> Fixed {
    let files = before
        .into_iter()
        .filter_map(|(path, before)| {
            let after = texts.remove(&path)?;
            (after != before).then_some((path, Change { before, after }))
        })
        .collect();
    Fixed {
        files,
        made,
        failed,
        checked,
        unfinished,
    }
}
