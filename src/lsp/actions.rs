//! Code actions: the fixes of the diagnostics at the cursor, the ones
//! `rankdown fix` makes (adding a story to the bottom of its team backlog, a
//! feature to the program backlog, keeping the first of an id listed twice,
//! moving a story below its dependency, renaming a misspelt field, ticking
//! an accepted story's criterion), each made by `fix` on the file's text as
//! the editor holds it.

use super::context::{text_of, uri_of};
use super::diagnostics::to_lsp;
use super::position::{Encoding, Lines, edit_between};
use super::workspace::Workspace;
use crate::diagnostic::{Applicability, Fix};
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, WorkspaceEdit};
use std::collections::HashMap;

/// The fixes of the diagnostics of the file at `path` that touch `range`.
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
        let Some(fix) = &d.fix else {
            continue;
        };
        let shown = to_lsp(d, &lines);
        let touches = shown.range.start <= range.end && range.start <= shown.range.end;
        if !touches {
            continue;
        }
        if let Some(action) = action(ws, path, fix, shown, encoding) {
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    actions
}

/// The action making `fix`, a fix of a diagnostic of the file at `path`,
/// if it changes anything.
// The protocol's edit is a map by URI; a URI's cached parts do not change
// its hash.
#[allow(clippy::mutable_key_type)]
fn action(
    ws: &Workspace,
    path: &str,
    fix: &Fix,
    diagnostic: lsp_types::Diagnostic,
    encoding: Encoding,
) -> Option<CodeAction> {
    let old = text_of(ws, &fix.file)?;
    let new = crate::fix::apply(old, &fix.edit).ok()?;
    if new == old {
        return None;
    }
    let edit = edit_between(old, &new, encoding);
    let changes = HashMap::from([(uri_of(ws, &fix.file)?, vec![edit])]);
    Some(CodeAction {
        title: title(fix, path),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        // Ticking a criterion states that it is met: a person's choice.
        is_preferred: Some(fix.applicability == Applicability::Always),
        ..CodeAction::default()
    })
}

/// The fix's description as a title, naming the file when it is another.
fn title(fix: &Fix, path: &str) -> String {
    let mut chars = fix.description.chars();
    let first = chars.next().map(|c| c.to_uppercase().to_string());
    let sentence = first.unwrap_or_default() + chars.as_str();
    match fix.file == path {
        true => sentence,
        false => format!("{sentence} in {}", fix.file),
    }
}
