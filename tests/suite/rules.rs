//! One failing fixture per rule: `tests/fixtures/rules/<code>-<name>/` holds the
//! files laid over the minimal backlog and `expected.txt`, the exact
//! diagnostics `check` must print. Set `RANKDOWN_BLESS=1` to rewrite them after
//! a deliberate change, then review the diff.

use crate::harness::{Backlog, fixtures};
use rankdown::diagnostic::Code;
use std::fs;

#[test]
fn the_minimal_backlog_is_clean() {
    assert_eq!(Backlog::minimal().check(), "");
}

#[test]
fn every_rule_fixture_gives_exactly_its_expected_diagnostics() {
    let mut failures = Vec::new();
    for name in fixture_names() {
        let actual = Backlog::with_rule_fixture(&name).check();
        let expected_path = fixtures().join("rules").join(&name).join("expected.txt");
        if std::env::var_os("RANKDOWN_BLESS").is_some() {
            fs::write(&expected_path, &actual).expect("bless");
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "--- {name}\nexpected:\n{expected}\nactual:\n{actual}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixture_reports_the_rule_it_is_named_after() {
    for name in fixture_names() {
        let code = &name[..5];
        let expected =
            fs::read_to_string(fixtures().join("rules").join(&name).join("expected.txt"))
                .unwrap_or_default();
        assert!(
            expected.contains(&format!("[{code}]")),
            "{name} does not report {code}"
        );
    }
}

/// Every rule has a fixture, except RD007: an unreadable file cannot be made
/// when the tests run as root, so the loader's unit tests cover it.
#[test]
fn every_rule_has_a_fixture() {
    let names = fixture_names();
    for code in Code::ALL.iter().filter(|c| **c != Code::Unreadable) {
        assert!(
            names.iter().any(|n| n.starts_with(code.as_str())),
            "no fixture for {}",
            code.as_str()
        );
    }
}

fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(fixtures().join("rules"))
        .expect("rules fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
