//! rankdown's diagnostics as the protocol carries them: the range `check`
//! underlines, the rule code linked to its section of docs/rules.md, the
//! message with the hint below it.

use super::position::Lines;
use crate::diagnostic::{Code, Diagnostic, Severity, underline};
use lsp_types::{CodeDescription, DiagnosticSeverity, NumberOrString, Range, Uri};
use std::str::FromStr;

/// The protocol's form of `d`, whose file's text `lines` indexes.
pub(super) fn to_lsp(d: &Diagnostic, lines: &Lines) -> lsp_types::Diagnostic {
    let line_text = lines.line(d.line.saturating_sub(1));
    let span = underline(line_text, d.column);
    let end_column = d.column.max(1) + line_text[span].chars().count();
    let range = Range::new(
        lines.at_char(d.line, d.column),
        lines.at_char(d.line, end_column),
    );
    let message = match d.hint.is_empty() {
        true => d.message.clone(),
        false => format!("{}\nhelp: {}", d.message, d.hint),
    };
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: Uri::from_str(&rule_url(d.code))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("rankdown".to_string()),
        message,
        related_information: None,
        tags: None,
        data: None,
    }
}

/// Where docs/rules.md explains `code`.
pub(super) fn rule_url(code: Code) -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    format!("{repository}/blob/main/docs/rules.md#{}", anchor(code))
}

/// The anchor of `code`'s heading (`## RD301 — open story ...`) as GitHub
/// makes it: lower case, punctuation dropped, spaces made hyphens.
fn anchor(code: Code) -> String {
    let heading = format!("{} — {}", code.as_str(), code.title()).to_lowercase();
    heading
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::position::Encoding;
    use lsp_types::Position;

    #[test]
    fn every_code_links_to_its_heading() {
        let rules = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
            .expect("docs/rules.md");
        for &code in Code::ALL {
            let link = format!("(#{})", anchor(code));
            assert!(rules.contains(&link), "{link}");
        }
        assert!(
            rule_url(Code::NotInBacklog).ends_with(
                "/blob/main/docs/rules.md#rd301--open-story-missing-from-its-team-backlog"
            )
        );
    }

    #[test]
    fn the_range_is_what_check_underlines() {
        let text = "---\ndepends_on: [A-1, A-99]  # x\n---\n";
        let d = Diagnostic::new(Code::UnresolvedRef, "s.md", (2, 19), "m", "h");
        let found = to_lsp(&d, &Lines::new(text, Encoding::Utf16));
        assert_eq!(
            found.range,
            Range::new(Position::new(1, 18), Position::new(1, 22))
        );
        assert_eq!(found.message, "m\nhelp: h");
    }
}
