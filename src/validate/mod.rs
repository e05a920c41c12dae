//! Model → diagnostics: every rule of the format that needs more than one
//! field, one file per family of rules.

mod backlogs;
mod criteria;
mod dependencies;
mod people;
mod planning;
mod references;

use crate::diagnostic::{Code, Diagnostic, Edit, Fix};
use crate::model::{Backlog, FileId};
use crate::source::Seg;
use rayon::prelude::*;

/// Every rule violation in `backlog`, unsorted (see [`sort`]).
pub fn validate(backlog: &Backlog) -> Vec<Diagnostic> {
    let families: [fn(&mut Report); 6] = [
        references::check,
        dependencies::check,
        backlogs::check,
        criteria::check,
        planning::check,
        people::check,
    ];
    families
        .par_iter()
        .flat_map_iter(|check| {
            let mut report = Report {
                backlog,
                found: Vec::new(),
                suggestions_left: MAX_SUGGESTIONS,
            };
            check(&mut report);
            report.found
        })
        .collect()
}

/// Sorts diagnostics into the order users read them in, dropping repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort();
    diagnostics.dedup();
}

/// How many unresolved references get a "did you mean" hint in one run.
const MAX_SUGGESTIONS: usize = 100;

/// Collects findings, locating each in its file.
struct Report<'a> {
    backlog: &'a Backlog,
    found: Vec<Diagnostic>,
    /// "Did you mean" hints still to be computed in this run.
    suggestions_left: usize,
}

impl Report<'_> {
    /// A finding at the key or list item `path` of a file's front matter.
    fn at(&mut self, code: Code, file: FileId, path: &[Seg], message: String, hint: String) {
        let found = self.diagnostic(code, file, path, message, hint);
        self.found.push(found);
    }

    /// A finding at the key or list item `path`, not reported yet.
    fn diagnostic(
        &self,
        code: Code,
        file: FileId,
        path: &[Seg],
        message: String,
        hint: String,
    ) -> Diagnostic {
        let source = self.backlog.file(file);
        Diagnostic::new(code, &source.path, source.position(path), message, hint)
    }

    /// Gives the finding just reported the fix `edit` of `file`.
    fn fixable(&mut self, file: FileId, edit: Edit) -> &mut Fix {
        let path = &self.backlog.file(file).path;
        let found = self.found.last_mut().expect("a finding was just reported");
        found.fix.insert(Fix::new(path.clone(), edit))
    }

    /// A finding on a 1-based line of a file, at its first non-blank character.
    fn at_line(&mut self, code: Code, file: FileId, line: usize, message: String, hint: String) {
        let source = self.backlog.file(file);
        let column = source.line_text(line).map_or(1, |text| {
            text.chars().take_while(|c| c.is_whitespace()).count() + 1
        });
        self.found.push(Diagnostic::new(
            code,
            &source.path,
            (line, column),
            message,
            hint,
        ));
    }
}
