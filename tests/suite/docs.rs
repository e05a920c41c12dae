//! The documentation keeps up with the code.

use rankdown::diagnostic::Code;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_rule_code_has_a_section_in_rules_md() {
    let rules = read("docs/rules.md");
    for code in Code::ALL {
        let heading = format!("## {} — {}", code.as_str(), code.title());
        assert!(rules.contains(&heading), "docs/rules.md lacks `{heading}`");
    }
}

#[test]
fn the_readme_names_the_commands_ci_runs() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    assert!(readme.contains("cargo run --release -- build example-backlog"));
    assert!(readme.contains("cargo test"));
    assert!(ci.contains("cargo test"));
}
