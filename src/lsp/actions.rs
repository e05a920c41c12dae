//! Code actions: the fixes the diagnostics at the cursor suggest, made with
//! `edit`, which changes one list entry or key and keeps every other byte.
//!
//! - RD301: add the story to the bottom of its team's backlog.
//! - RD305: add the feature to the bottom of the program backlog.
//! - RD302: keep the first of an id listed twice.
//! - RD103: rename an unknown field to the one the hint suggests.

use super::context::{text_of, uri_of};
use super::diagnostics::to_lsp;
use super::position::{Encoding, Lines, edit_between};
use super::workspace::Workspace;
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::{self, Place};
use crate::layout::{CONFIG_FILE, claimed_id};
use crate::source::Seg;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, WorkspaceEdit};
use std::collections::HashMap;

/// One fix: what it does, and the new text of the file it changes.
struct Fix {
    title: String,
    path: String,
    text: String,
}

/// The fixes for the diagnostics of the file at `path` that touch `range`.
pub(super) fn actions(
    ws: &Workspace,
    path: &str,
    range: Range,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let Some(text) = text_of(ws, path) else {
        return Vec::new();
    };
    let lines = Lines::new(text, encoding);
    let mut actions = Vec::new();
    for d in ws.diagnostics_of(path) {
        let shown = to_lsp(d, &lines);
        let touches = shown.range.start <= range.end && range.start <= shown.range.end;
        if !touches {
            continue;
        }
        let Some(fix) = fix(ws, path, d) else {
            continue;
        };
        let Some(action) = action(ws, fix, shown, encoding) else {
            continue;
        };
        actions.push(CodeActionOrCommand::CodeAction(action));
    }
    actions
}

// The protocol's edit is a map by URI; a URI's cached parts do not change
// its hash.
#[allow(clippy::mutable_key_type)]
fn action(
    ws: &Workspace,
    fix: Fix,
    diagnostic: lsp_types::Diagnostic,
    encoding: Encoding,
) -> Option<CodeAction> {
    let old = text_of(ws, &fix.path)?;
    let edit = edit_between(old, &fix.text, encoding);
    let changes = HashMap::from([(uri_of(ws, &fix.path)?, vec![edit])]);
    Some(CodeAction {
        title: fix.title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(true),
        ..CodeAction::default()
    })
}

/// The fix for `d`, a diagnostic of the file at `path`, if it has one that
/// can be made safely.
fn fix(ws: &Workspace, path: &str, d: &Diagnostic) -> Option<Fix> {
    let backlog = ws.backlog();
    let own = claimed_id(path);
    let own = own.as_ref().map(|id| id.as_str());
    match d.code {
        Code::NotInBacklog => {
            let story = backlog.stories.get(own?)?;
            let team = backlog.teams.get(story.team.as_str())?;
            let team_path = &backlog.file(team.file).path;
            let text = text_of(ws, team_path)?;
            Some(Fix {
                title: format!(
                    "Add `{}` to the bottom of team `{}`'s backlog",
                    story.id, team.id
                ),
                path: team_path.clone(),
                text: edit::insert_entry(text, "backlog", story.id.as_str(), Place::Bottom).ok()?,
            })
        }
        Code::NotInProgramBacklog => {
            let feature = backlog.features.get(own?)?;
            let text = text_of(ws, CONFIG_FILE)?;
            let id = feature.id.as_str();
            Some(Fix {
                title: format!("Add `{id}` to the bottom of the program backlog"),
                path: CONFIG_FILE.to_string(),
                text: edit::insert_entry(text, "program_backlog", id, Place::Bottom).ok()?,
            })
        }
        Code::ListedTwice => {
            let mut quoted = quoted(&d.message);
            let (id, key) = (quoted.next()?, quoted.next()?);
            Some(Fix {
                title: format!("Keep only the first `{id}` in `{key}`"),
                path: path.to_string(),
                text: edit::remove_repeats(text_of(ws, path)?, key, id).ok()?,
            })
        }
        Code::UnknownField => {
            let dotted = quoted(&d.message).next()?;
            let to = d.hint.strip_prefix("did you mean `")?.strip_suffix("`?")?;
            let segs = segments(dotted)?;
            let from = dotted.rsplit('.').next()?;
            Some(Fix {
                title: format!("Rename `{from}` to `{to}`"),
                path: path.to_string(),
                text: edit::rename_key(text_of(ws, path)?, &segs, to).ok()?,
            })
        }
        _ => None,
    }
}

/// The parts of `text` between backticks, in order.
fn quoted(text: &str) -> impl Iterator<Item = &str> {
    text.split('`').skip(1).step_by(2)
}

/// The path a dotted field name gives: `iterations[0].strat` is
/// `iterations`, item 0, `strat`.
fn segments(dotted: &str) -> Option<Vec<Seg<'_>>> {
    let mut segs = Vec::new();
    for part in dotted.split('.') {
        let (key, indices) = part.split_once('[').unwrap_or((part, ""));
        segs.push(Seg::Key(key));
        for index in indices.split('[').filter(|i| !i.is_empty()) {
            segs.push(Seg::Index(index.strip_suffix(']')?.parse().ok()?));
        }
    }
    Some(segs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_names_are_paths() {
        let segs = segments("iterations[0].strat").expect("a path");
        assert_eq!(
            segs,
            [Seg::Key("iterations"), Seg::Index(0), Seg::Key("strat")]
        );
        assert_eq!(segments("wsjf.job_sise").expect("a path").len(), 2);
        let mut q = quoted("`A-1` is listed twice in `backlog` (items 1 and 3)");
        assert_eq!((q.next(), q.next()), (Some("A-1"), Some("backlog")));
    }
}
