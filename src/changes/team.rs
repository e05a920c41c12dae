//! The part of a change that concerns one team: its file, its backlog, its
//! stories and its PI objectives.

use crate::diff::BacklogDiff;
use rustc_hash::FxHashMap as HashMap;

/// `diff` cut to what concerns `team`; `team_of` gives each story's team
/// (before or after the change). None when nothing is left.
pub(super) fn team_part(
    diff: &BacklogDiff,
    team: &str,
    team_of: &HashMap<String, String>,
) -> Option<BacklogDiff> {
    let ours = |kind: &str, id: &str| match kind {
        "story" => team_of.get(id).is_some_and(|t| t == team),
        "team" => id == team,
        _ => false,
    };
    let mut part = diff.clone();
    let items = &mut part.items;
    items.added.retain(|i| ours(i.kind, &i.id));
    items.removed.retain(|i| ours(i.kind, &i.id));
    items
        .renamed
        .retain(|r| ours(r.kind, &r.to) || ours(r.kind, &r.from));
    items.changed.retain(|c| ours(c.kind, &c.id));
    part.team_backlogs.retain(|list| list.id == team);
    part.program_backlog = None;
    part.criteria.retain(|c| ours(c.kind, &c.id));
    for pi in &mut part.objectives {
        pi.objectives.retain(|o| o.team == team);
        pi.predictability
            .retain(|p| p.team.as_deref() == Some(team));
    }
    part.objectives
        .retain(|pi| !pi.objectives.is_empty() || !pi.predictability.is_empty());
    let items = &part.items;
    let empty = items.added.is_empty()
        && items.removed.is_empty()
        && items.renamed.is_empty()
        && items.changed.is_empty()
        && part.team_backlogs.is_empty()
        && part.criteria.is_empty()
        && part.objectives.is_empty();
    (!empty).then_some(part)
}
