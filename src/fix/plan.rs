//! Which fixes a round makes, grouped by the file they change, in an order
//! that lets each one still hold after those before it.

use super::Made;
use crate::diagnostic::{Applicability, Code, Diagnostic, Edit, Fix};
use std::collections::BTreeMap;

/// The fixes to make, by file: each once, none that failed before, and
/// those that need `--accept` only with `accept`. Within a file ticks go
/// first, then repeats, then moves from the bottom of the list up (so that a story moved
/// down is not passed again by the one it depends on), then additions in
/// the order of the findings, then the rest.
pub(super) fn fixes(
    diagnostics: &[Diagnostic],
    accept: bool,
    failed: &[(Made, String)],
) -> BTreeMap<String, Vec<(Code, Fix)>> {
    let mut chosen: Vec<(&Diagnostic, &Fix)> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref().map(|fix| (d, fix)))
        .filter(|(_, fix)| accept || fix.applicability == Applicability::Always)
        .filter(|(_, fix)| !failed.iter().any(|(f, _)| f.fix == **fix))
        .collect();
    chosen.sort_by_key(|&(d, fix)| order(d, fix));
    let mut by_file: BTreeMap<String, Vec<(Code, Fix)>> = BTreeMap::new();
    for (d, fix) in chosen {
        let fixes = by_file.entry(fix.file.clone()).or_default();
        if !fixes.iter().any(|(_, f)| f == fix) {
            fixes.push((d.code, fix.clone()));
        }
    }
    by_file
}

/// Where a fix goes among those of its file: its kind, then for moves the
/// place of the finding from the bottom up, else the findings' order.
fn order(d: &Diagnostic, fix: &Fix) -> (u8, std::cmp::Reverse<(usize, usize)>) {
    // Ticks go by line number, so they go before anything that could move lines.
    let kind = match fix.edit {
        Edit::TickTask { .. } => 0,
        Edit::RemoveRepeats { .. } => 1,
        Edit::MoveBelow { .. } => 2,
        Edit::AddEntry { .. } => 3,
        Edit::RenameField { .. } => 4,
    };
    let at = match fix.edit {
        Edit::MoveBelow { .. } => (d.line, d.column),
        _ => (0, 0),
    };
    (kind, std::cmp::Reverse(at))
}
