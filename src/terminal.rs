//! Backlog text on a terminal: control characters are shown, never obeyed.
//! A file name or a value may hold escape sequences (that set the window
//! title or erase lines) or a newline that starts a fake `-->` line; every
//! piece of backlog text printed for people goes through [`visible`].

use std::borrow::Cow;

/// `text` with each control character replaced by one visible character:
/// C0 controls and DEL by their Unicode pictures (ESC `␛`, newline `␊`),
/// C1 controls and bidirectional overrides by `�`. One character stands for
/// one, so columns stay where they were. Tabs are kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    replace(text, |c| c == '\t')
}

/// Like [`visible`], but keeps line breaks too: for messages of several
/// lines, such as a template's parse error, that name backlog files.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    replace(text, |c| c == '\t' || c == '\n')
}

fn replace(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| stand_in(c).is_some() && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let shown = text
        .chars()
        .map(|c| match stand_in(c) {
            Some(picture) if !keep(c) => picture,
            _ => c,
        })
        .collect();
    Cow::Owned(shown)
}

/// `c`, or the one visible character that stands for it (see [`visible`]).
pub fn visible_char(c: char) -> char {
    stand_in(c).filter(|_| c != '\t').unwrap_or(c)
}

/// What stands for `c` on a terminal, if `c` must not reach it as it is.
fn stand_in(c: char) -> Option<char> {
    match c {
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32),
        '\x7f' => Some('␡'),
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}' => Some('\u{fffd}'),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_one_character_each() {
        assert_eq!(visible("plain A-1"), "plain A-1");
        assert!(matches!(visible("plain"), Cow::Borrowed(_)));
        assert_eq!(
            visible("B\x1b[31m-1\n--> x.md\r\u{9b}2J\u{202e}\x07\x7f\tz"),
            "B␛[31m-1␊--> x.md␍�2J�␇␡\tz"
        );
        assert_eq!(visible_lines("one\ntwo\x1b"), "one\ntwo␛");
        assert_eq!((visible_char('\x1b'), visible_char('a')), ('␛', 'a'));
        let text = "a\x1bb\u{9b}c";
        assert_eq!(visible(text).chars().count(), text.chars().count());
    }
}
