//! Document symbols (a file's front-matter fields and Markdown headings)
//! and workspace symbols (items found by id or title).

use super::context::{start_of, text_of};
use super::position::{Encoding, Lines};
use super::workspace::Workspace;
use crate::model::{Backlog, Kind};
use lsp_types::{DocumentSymbol, Range, SymbolInformation, SymbolKind};

/// At most this many items answer a workspace symbol query.
const MOST: usize = 200;

/// The outline of the file at `path`: each top-level field of its front
/// matter, then each heading of its body.
pub(super) fn document(ws: &Workspace, path: &str, encoding: Encoding) -> Vec<DocumentSymbol> {
    let Some(text) = text_of(ws, path) else {
        return Vec::new();
    };
    let lines = Lines::new(text, encoding);
    let mut symbols = Vec::new();
    let mut in_yaml = path == crate::layout::CONFIG_FILE;
    let mut in_fence = false;
    let mut field: Option<(String, usize, String)> = None;
    for n in 0..lines.count() {
        let line = lines.line(n);
        if line.trim_end() == "---" && !path.ends_with(".yaml") && (n == 0 || in_yaml) {
            in_yaml = n == 0;
            continue;
        }
        if in_yaml {
            if line.starts_with([' ', '\t', '-', '#']) || line.trim().is_empty() {
                continue;
            }
            if let Some((key, len)) = crate::source::key_of(line) {
                close(&mut symbols, field.take(), n, &lines);
                field = Some((key, n, line[len..].trim().to_string()));
            }
            continue;
        }
        close(&mut symbols, field.take(), n, &lines);
        in_fence ^= line.trim_start().starts_with("```");
        if let Some(title) = heading(line).filter(|_| !in_fence) {
            let start = offset_of(&lines, n);
            let at = lines.range(start..start + line.len());
            symbols.push(symbol(title.to_string(), None, SymbolKind::STRING, at));
        }
    }
    close(&mut symbols, field, lines.count(), &lines);
    symbols
}

/// Ends the field that started on a line before `end`.
fn close(
    symbols: &mut Vec<DocumentSymbol>,
    field: Option<(String, usize, String)>,
    end: usize,
    lines: &Lines,
) {
    let Some((key, start, value)) = field else {
        return;
    };
    let last = (start..end)
        .rev()
        .find(|&n| !lines.line(n).trim().is_empty())
        .unwrap_or(start);
    let from = offset_of(lines, start);
    let to = offset_of(lines, last) + lines.line(last).len();
    let detail = (!value.is_empty()).then(|| value.chars().take(80).collect());
    symbols.push(symbol(
        key,
        detail,
        SymbolKind::FIELD,
        lines.range(from..to),
    ));
}

fn offset_of(lines: &Lines, line: usize) -> usize {
    lines.offset(lsp_types::Position::new(line as u32, 0))
}

/// The text of a Markdown ATX heading.
fn heading(line: &str) -> Option<&str> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    let title = rest.strip_prefix(' ')?.trim().trim_end_matches('#').trim();
    ((1..=6).contains(&hashes) && !title.is_empty()).then_some(title)
}

#[allow(deprecated)] // `deprecated` is a field every symbol must have
fn symbol(name: String, detail: Option<String>, kind: SymbolKind, range: Range) -> DocumentSymbol {
    DocumentSymbol {
        name,
        detail,
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: range,
        children: None,
    }
}

/// Items whose id or title holds `query` (ignoring case), ids that start
/// with it first.
pub(super) fn workspace(ws: &Workspace, query: &str) -> Vec<SymbolInformation> {
    let backlog = ws.backlog();
    let query = query.to_lowercase();
    let mut found: Vec<(bool, Kind, &str)> = Vec::new();
    for kind in Kind::ALL {
        for id in backlog.ids(kind) {
            let title = backlog.title_of(id).unwrap_or_default();
            let starts = id.to_lowercase().starts_with(&query);
            if starts || title.to_lowercase().contains(&query) {
                found.push((!starts, kind, id));
            }
        }
    }
    found.sort_by_key(|(later, _, _)| *later);
    found
        .into_iter()
        .take(MOST)
        .filter_map(|(_, kind, id)| information(ws, backlog, kind, id))
        .collect()
}

#[allow(deprecated)] // `deprecated` is a field every symbol must have
fn information(
    ws: &Workspace,
    backlog: &Backlog,
    kind: Kind,
    id: &str,
) -> Option<SymbolInformation> {
    let file = backlog.file_of(kind, id)?;
    let location = start_of(ws, &backlog.file(file).path)?;
    let container = match kind {
        Kind::Story => backlog
            .stories
            .get(id)
            .map(|s| format!("story of {}", s.team)),
        other => Some(other.noun().to_string()),
    };
    let symbol_kind = match kind {
        Kind::Story => SymbolKind::OBJECT,
        Kind::Feature => SymbolKind::CLASS,
        Kind::Team => SymbolKind::MODULE,
        Kind::Pi => SymbolKind::PACKAGE,
        Kind::Role => SymbolKind::INTERFACE,
    };
    Some(SymbolInformation {
        name: format!("{id} {}", backlog.title_of(id).unwrap_or_default()),
        kind: symbol_kind,
        tags: None,
        deprecated: None,
        location,
        container_name: container,
    })
}

#[cfg(test)]
mod tests {
    use super::heading;

    #[test]
    fn headings_are_atx_lines() {
        assert_eq!(
            heading("## Acceptance criteria"),
            Some("Acceptance criteria")
        );
        assert_eq!(heading("# Title #"), Some("Title"));
        assert_eq!(heading("#hashtag"), None);
        assert_eq!(heading("####### seven"), None);
    }
}
