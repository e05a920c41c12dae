//! Diagnostics a change introduces or fixes: both sides' validations compared.

use super::Renames;
use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// One diagnostic, as the comparison reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// error or warning.
    pub severity: Severity,
    /// The rule code.
    pub code: &'static str,
    /// The file, relative to the backlog root.
    pub file: String,
    /// The line on its side.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// What the change does to the diagnostics.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Findings {
    /// Diagnostics only the new side has.
    pub introduced: Vec<Finding>,
    /// Diagnostics only the old side had.
    pub fixed: Vec<Finding>,
    /// Errors before and after.
    pub errors: (usize, usize),
    /// Warnings before and after.
    pub warnings: (usize, usize),
}

impl Findings {
    /// How many errors the change introduces.
    pub fn new_errors(&self) -> usize {
        count_errors(&self.introduced)
    }

    /// How many errors the change fixes.
    pub fn fixed_errors(&self) -> usize {
        count_errors(&self.fixed)
    }
}

fn count_errors(findings: &[Finding]) -> usize {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count()
}

/// Compares two sorted lists of diagnostics. Lines are left out of the
/// match: an edit above a problem moves it without fixing it. An old
/// diagnostic is read with the new names of renamed items and moved files,
/// so a problem that moved with its file is neither new nor fixed.
pub(super) fn compare(before: &[Diagnostic], after: &[Diagnostic], renames: &Renames) -> Findings {
    let old_keys: Vec<Key> = before.iter().map(|d| renamed_key(d, renames)).collect();
    let mut old: BTreeMap<&Key, usize> = BTreeMap::new();
    for k in &old_keys {
        *old.entry(k).or_default() += 1;
    }
    let mut introduced = Vec::new();
    for d in after {
        let k: Key = (d.file.clone(), d.code.as_str(), d.message.clone());
        match old.get_mut(&k) {
            Some(n) if *n > 0 => *n -= 1,
            _ => introduced.push(finding(d)),
        }
    }
    // What is left on the old side was fixed, in its own order.
    let mut fixed = Vec::new();
    for (d, k) in before.iter().zip(&old_keys).rev() {
        if let Some(n) = old.get_mut(k).filter(|n| **n > 0) {
            *n -= 1;
            fixed.push(finding(d));
        }
    }
    fixed.reverse();
    let counts =
        |list: &[Diagnostic], severity| list.iter().filter(|d| d.severity == severity).count();
    Findings {
        introduced,
        fixed,
        errors: (
            counts(before, Severity::Error),
            counts(after, Severity::Error),
        ),
        warnings: (
            counts(before, Severity::Warning),
            counts(after, Severity::Warning),
        ),
    }
}

/// What makes two diagnostics the same one: file, rule and message.
type Key = (String, &'static str, String);

/// An old diagnostic's key under new names: its file's new path, and each
/// `quoted` id in its message by its new id.
fn renamed_key(d: &Diagnostic, renames: &Renames) -> Key {
    let parts: Vec<&str> = d.message.split('`').collect();
    let message = match parts.len() % 2 {
        1 => parts
            .iter()
            .enumerate()
            .map(|(i, part)| if i % 2 == 1 { renames.id(part) } else { part })
            .collect::<Vec<_>>()
            .join("`"),
        _ => d.message.clone(),
    };
    (renames.path(&d.file).to_string(), d.code.as_str(), message)
}

fn finding(d: &Diagnostic) -> Finding {
    Finding {
        severity: d.severity,
        code: d.code.as_str(),
        file: d.file.clone(),
        line: d.line,
        message: d.message.clone(),
    }
}
