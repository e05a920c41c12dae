use super::{Diagnostic, Severity};

/// GitHub Actions workflow commands, one line per diagnostic, so a pull request
/// shows each problem on the line it names. `prefix` makes paths repository-relative.
pub fn to_github(diagnostics: &[Diagnostic], prefix: &str) -> String {
    diagnostics
        .iter()
        .map(|d| {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            format!(
                "::{command} file={},line={},col={},title={}::{}\n",
                escape_property(&format!("{prefix}{}", d.file)),
                d.line,
                d.column,
                d.code.as_str(),
                escape_data(&format!("{}\n{}", d.message, d.hint)),
            )
        })
        .collect()
}

/// Escapes a message as the workflow-command syntax requires.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, which also may not contain `:` or `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;

    #[test]
    fn escapes_separators() {
        let d = Diagnostic::new(
            Code::BadValue,
            "stories/a,b.md",
            (3, 1),
            "100% wrong: yes",
            "fix it",
        );
        assert_eq!(
            to_github(&[d], "bl/"),
            "::error file=bl/stories/a%2Cb.md,line=3,col=1,title=RD102::100%25 wrong: yes%0Afix it\n"
        );
    }
}
