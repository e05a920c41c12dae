//! Go to definition and find references: from an id to the file that
//! defines it, and to every place in the backlog's front matter naming it.

use super::context::{Here, location_at, start_of};
use super::cursor::is_word_char;
use super::position::Lines;
use crate::layout::claimed_id;
use crate::model::{Backlog, Iteration, Pi};
use crate::source::Seg;
use lsp_types::{Location, Range};

/// Where the id at the cursor is defined: an item's file, or an
/// iteration's entry in its PI.
pub(super) fn definition(here: &Here) -> Option<Location> {
    let (word, _) = here.word()?;
    let backlog = here.backlog();
    if let Some(kind) = backlog.kind_of(word) {
        let file = backlog.file_of(kind, word)?;
        return start_of(here.ws, &backlog.file(file).path);
    }
    let (pi, iteration) = iteration(backlog, word)?;
    let source = backlog.file(pi.file);
    let at = source.position(&[
        Seg::Key("iterations"),
        Seg::Index(iteration.index),
        Seg::Key("id"),
    ]);
    location_at(here.ws, &source.path, at, here.encoding)
}

/// Every place whose front matter names the id at the cursor (in any
/// file, the document itself included), and its definition if asked.
pub(super) fn references(here: &Here, with_definition: bool) -> Vec<Location> {
    let Some((word, _)) = here.word() else {
        return Vec::new();
    };
    let backlog = here.backlog();
    let known = backlog.kind_of(word).is_some() || iteration(backlog, word).is_some();
    if !known && claimed_id(here.path).is_none_or(|id| id.as_str() != word) {
        return Vec::new();
    }
    let mut found = Vec::new();
    if with_definition && let Some(defined) = definition(here) {
        found.push(defined);
    }
    for source in &backlog.files {
        let yaml = source.yaml();
        let hits: Vec<usize> = whole_words(yaml, word).collect();
        if hits.is_empty() {
            continue;
        }
        let Some(uri) = super::context::uri_of(here.ws, &source.path) else {
            continue;
        };
        let lines = Lines::new(&source.text, here.encoding);
        for at in hits {
            let start = source.front_matter.start + at;
            let range: Range = lines.range(start..start + word.len());
            found.push(Location::new(uri.clone(), range));
        }
    }
    found
}

/// The PI and iteration with id `id`.
pub(super) fn iteration<'a>(backlog: &'a Backlog, id: &str) -> Option<(&'a Pi, &'a Iteration)> {
    backlog
        .pis
        .values()
        .find_map(|pi| Some((pi, pi.iterations.iter().find(|it| it.id == id)?)))
}

/// Byte offsets of `word` in `text` where it stands alone, not as part of
/// a longer id (`A-1` in `A-12`).
fn whole_words<'a>(text: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    text.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        let apart = |c: Option<char>| c.is_none_or(|c| !is_word_char(c) || c == '.');
        apart(before) && apart(after)
    })
}

#[cfg(test)]
mod tests {
    use super::whole_words;

    #[test]
    fn ids_are_found_only_whole() {
        let text = "backlog: [A-1, A-12, XA-1]\ndepends_on:\n  - A-1\ntitle: see A-1.\n";
        let found: Vec<usize> = whole_words(text, "A-1").collect();
        assert_eq!(found, vec![10, 43, 58]);
    }
}
