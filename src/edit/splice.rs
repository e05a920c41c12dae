//! Replacing byte ranges of a text, all against the original offsets.

use std::ops::Range;

/// Replace the bytes of `range` with `text` (an insertion when the range is
/// empty, a deletion when the text is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Splice {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

impl Splice {
    /// Inserts `text` at `at`.
    pub(super) fn insert(at: usize, text: impl Into<String>) -> Splice {
        Splice {
            range: at..at,
            text: text.into(),
        }
    }

    /// Deletes `range`.
    pub(super) fn delete(range: Range<usize>) -> Splice {
        Splice {
            range,
            text: String::new(),
        }
    }
}

/// `text` with every splice made. The ranges must not overlap; an insertion
/// may sit at either end of a deletion. Splices are made from the end of the
/// text backwards, so that each one's offsets still hold.
pub(super) fn apply(text: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by(|a, b| {
        (b.range.start, b.range.end)
            .cmp(&(a.range.start, a.range.end))
            .then_with(|| b.text.cmp(&a.text))
    });
    let mut out = text.to_string();
    for splice in splices {
        out.replace_range(splice.range, &splice.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_apply_against_the_original_offsets() {
        let text = "abcdef";
        let splices = vec![
            Splice::delete(1..3),
            Splice::insert(3, "X"),
            Splice::insert(0, "<"),
            Splice::insert(6, ">"),
        ];
        assert_eq!(apply(text, splices), "<aXdef>");
    }
}
