//! Validation findings as data, and the three ways of printing them.

mod code;
mod fix;
mod github;
mod human;
mod json;

pub use code::Code;
pub use fix::{Applicability, Edit, Fix, Step};
pub use github::to_github;
pub use human::to_human;
pub use json::to_json;

use schemars::JsonSchema;
use serde::Serialize;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The backlog is inconsistent; `check` fails.
    Error,
    /// Worth a look; `check` passes unless `--deny-warnings`.
    Warning,
}

/// One finding: where, which rule, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// Path relative to the backlog root, `/`-separated.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The rule that found it.
    #[serde(serialize_with = "code_as_str")]
    #[schemars(schema_with = "rule_code")]
    pub code: Code,
    /// Error or warning (follows from the code).
    pub severity: Severity,
    /// The iteration the finding is about, if it is about one: findings at
    /// one place sort by its dates, and a reader can tell whether it is over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iteration: Option<IterationSpan>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, in one line.
    pub hint: String,
    /// The change that resolves it, when `rankdown fix` can make it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// An iteration a diagnostic is about: its dates (first, so that findings
/// sort by them) and its id.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct IterationSpan {
    /// Its first day, `YYYY-MM-DD`.
    pub start: String,
    /// Its last day, `YYYY-MM-DD`.
    pub end: String,
    /// Its id, e.g. `PI-3.2`.
    pub id: String,
}

fn code_as_str<S: serde::Serializer>(code: &Code, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(code.as_str())
}

/// The schema of a code: one of the rule codes.
fn rule_code(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    schemars::json_schema!({
        "type": "string",
        "enum": codes,
        "description": "The rule that found it; docs/rules.md explains each."
    })
}

impl Diagnostic {
    /// A finding of `code` at `file:line:column`.
    pub fn new(
        code: Code,
        file: impl Into<String>,
        (line, column): (usize, usize),
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: file.into(),
            line,
            column,
            code,
            severity: code.severity(),
            iteration: None,
            message: message.into(),
            hint: hint.into(),
            fix: None,
        }
    }

    /// The same finding, resolved by `fix`.
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    /// The same finding, about `iteration`.
    pub fn about(mut self, iteration: &crate::model::Iteration) -> Diagnostic {
        self.iteration = Some(IterationSpan {
            start: iteration.start.to_string(),
            end: iteration.end.to_string(),
            id: iteration.id.clone(),
        });
        self
    }
}

/// The byte range of `line` that a finding at `column` (1-based, in
/// characters) is about, as `check` underlines it: from the column to the
/// end of the value.
pub fn underline(line: &str, column: usize) -> std::ops::Range<usize> {
    human::underline(line, column)
}

/// Error and warning counts of a list of diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Counts {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
}

impl Counts {
    /// Counts the findings in `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        Counts {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// Looks up lines of files by their root-relative paths, for source snippets.
pub trait Sources {
    /// The text of a 1-based line of a file, if the file was read as UTF-8.
    fn line(&self, path: &str, line: usize) -> Option<&str>;
}
