//! Reading one line of YAML character by character while knowing which
//! characters are quoted text and where a comment begins.

use std::str::CharIndices;

/// The characters of `line` up to a comment, each with its byte offset and
/// whether it belongs to quoted text (quotes included). A `#` starts a comment
/// at the start of the line or after white space, outside quotes.
pub fn scan(line: &str) -> Scan<'_> {
    Scan {
        chars: line.char_indices(),
        quote: None,
        after_blank: true,
    }
}

/// See [`scan`].
pub struct Scan<'a> {
    chars: CharIndices<'a>,
    quote: Option<char>,
    after_blank: bool,
}

impl Iterator for Scan<'_> {
    type Item = (usize, char, bool);

    fn next(&mut self) -> Option<(usize, char, bool)> {
        let (offset, c) = self.chars.next()?;
        if let Some(q) = self.quote {
            if c == q {
                self.quote = None;
            }
            self.after_blank = false;
            return Some((offset, c, true));
        }
        if c == '#' && self.after_blank {
            self.chars = "".char_indices();
            return None;
        }
        if matches!(c, '"' | '\'') {
            self.quote = Some(c);
            self.after_blank = false;
            return Some((offset, c, true));
        }
        self.after_blank = c.is_whitespace();
        Some((offset, c, false))
    }
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn unquoted(line: &str) -> String {
        scan(line)
            .filter(|&(_, _, quoted)| !quoted)
            .map(|(_, c, _)| c)
            .collect()
    }

    #[test]
    fn skips_quoted_text_and_comments() {
        assert_eq!(unquoted(r#"a: "[x # y]" [z] # note"#), "a:  [z] ");
        assert_eq!(unquoted("'it''s' b"), " b");
        assert_eq!(unquoted("# all comment"), "");
        assert_eq!(unquoted("a#b"), "a#b");
        let last = scan(r#"title: "a # b" # c"#).last().map(|(i, _, _)| i);
        assert_eq!(last, Some(14));
    }
}
