use super::{Counts, Diagnostic};
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: &'a [Diagnostic],
    counts: Counts,
}

/// One JSON document: `{"version": 1, "diagnostics": [...], "counts": {...}}`.
///
/// Field names are stable: `file`, `line`, `column`, `code`, `severity`,
/// `message`, `hint`; `counts` has `errors` and `warnings`.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    let document = Document {
        version: 1,
        diagnostics,
        counts: Counts::of(diagnostics),
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}
