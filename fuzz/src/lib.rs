//! The bodies of rankdown's fuzz targets; `fuzz_targets/*.rs` hand them to
//! libFuzzer (see docs/fuzzing.md).
//!
//! Each target hands the fuzzer's bytes to rankdown's public loader the way
//! `rankdown check` would see them, validates the result and prints the
//! diagnostics in all three formats. A panic anywhere is a finding. On top of
//! that the harness checks a few promises the loader makes (1-based
//! positions, positions inside the file, criteria inside the body); set
//! `RANKDOWN_FUZZ_PANICS_ONLY=1` to skip those checks and look for panics only.
//!
//! The backdrop is `tests/fixtures/minimal`, built into the targets: a small
//! backlog that checks clean, so that a fuzzed story or config is validated
//! against real teams, features, PIs and roles.

use rankdown::diagnostic::{Diagnostic, to_github, to_human, to_json};
use rankdown::load;
use rankdown::model::{Backlog, Criteria};
use std::sync::OnceLock;

/// Where the fuzzed story goes: the backdrop's `A-1`, which team `alpha`
/// ranks first and `A-2` depends on.
pub const STORY_PATH: &str = "stories/alpha/A-1.md";

/// The front matter put above a fuzzed Markdown body: a ready story, so that
/// the criteria rules (RD401-RD405) look at the body.
pub const BODY_FRONT_MATTER: &str = "---
title: Reserve a book
type: story
team: alpha
feature: F-1
status: ready
points: 3
iteration: PI-1.2
---
";

const CONFIG: &[u8] = include_bytes!("../../tests/fixtures/minimal/rankdown.yaml");

macro_rules! fixture {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../../tests/fixtures/minimal/", $path)) as &[u8])),*]
    };
}

/// The backdrop's item files, by path relative to the root.
const FILES: &[(&str, &[u8])] = fixture![
    "features/F-1.md",
    "features/F-2.md",
    "pis/PI-1.md",
    "roles/product-owner.md",
    "stories/alpha/A-1.md",
    "stories/alpha/A-2.md",
    "stories/alpha/A-3.md",
    "stories/beta/B-1.md",
    "teams/alpha.md",
    "teams/beta.md",
];

/// `story_file`: the bytes as `stories/alpha/A-1.md` of the backdrop. Reaches
/// UTF-8 decoding, the front-matter splitter, the YAML loader, the story's
/// fields, the criteria reader, every validator and the three printers.
pub fn story_file(data: &[u8]) {
    check(CONFIG.to_vec(), files_with(STORY_PATH, data.to_vec()));
}

/// `config_file`: the bytes as `rankdown.yaml` of the backdrop. Reaches the
/// YAML loader, the config's fields and the rules that read the config.
pub fn config_file(data: &[u8]) {
    check(data.to_vec(), files_with("", Vec::new()));
}

/// `markdown_body`: the bytes, when UTF-8, through `criteria_of` and then as
/// the body of a ready story (the story file's lines differ from the body's by
/// the front matter's, which shows up off-by-one mistakes in positions).
pub fn markdown_body(data: &[u8]) {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let criteria = load::criteria_of(body);
    if checking() {
        check_criteria(&criteria, body, 0, "criteria_of");
    }
    let text = format!("{BODY_FRONT_MATTER}{body}");
    let checked = check(CONFIG.to_vec(), files_with(STORY_PATH, text.into_bytes()));
    if checking()
        && let Some(story) = checked
            .backlog
            .stories
            .values()
            .find(|s| checked.backlog.files[s.file.0].path == STORY_PATH)
    {
        let lines_before = BODY_FRONT_MATTER.lines().count();
        check_criteria(&story.criteria, body, lines_before, STORY_PATH);
        assert_eq!(
            criteria_without_lines(&story.criteria),
            criteria_without_lines(&criteria),
            "a body reads differently as a story's body than through criteria_of"
        );
    }
}

/// The backdrop with `path` holding `bytes` (in place of the backdrop's own
/// file if it has one; nothing added when `path` is empty).
fn files_with(path: &str, bytes: Vec<u8>) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = FILES
        .iter()
        .filter(|(p, _)| *p != path)
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    if !path.is_empty() {
        files.push((path.to_string(), bytes));
    }
    files
}

/// Loads, validates and prints, as `rankdown check` does.
fn check(config: Vec<u8>, files: Vec<(String, Vec<u8>)>) -> rankdown::Checked {
    let loaded = load::load_files(config, files, Vec::new());
    let checked = rankdown::validated(loaded);
    let human = to_human(&checked.diagnostics, &checked.backlog, "");
    let json = to_json(&checked.diagnostics);
    let github = to_github(&checked.diagnostics, "");
    if checking() {
        assert!(
            human.contains("warning"),
            "--format human lacks its summary line"
        );
        let parsed: Result<serde_json::Value, _> = serde_json::from_str(&json);
        assert!(parsed.is_ok(), "--format json does not parse: {parsed:?}");
        assert_eq!(
            github.lines().count(),
            checked.diagnostics.len(),
            "--format github is not one line per diagnostic"
        );
        for d in &checked.diagnostics {
            check_position(d, &checked.backlog);
        }
    }
    checked
}

/// Whether the promise checks run (not with `RANKDOWN_FUZZ_PANICS_ONLY` set).
fn checking() -> bool {
    static CHECKING: OnceLock<bool> = OnceLock::new();
    *CHECKING.get_or_init(|| std::env::var_os("RANKDOWN_FUZZ_PANICS_ONLY").is_none())
}

/// A diagnostic's position is 1-based and, in a file that was read as text,
/// on one of its lines (a file of n `\n` has n + 1 lines, the last maybe empty).
fn check_position(d: &Diagnostic, backlog: &Backlog) {
    assert!(d.line >= 1 && d.column >= 1, "position not 1-based: {d:?}");
    if let Some(file) = backlog.file_at(&d.file).filter(|f| !f.text.is_empty()) {
        let lines = file.text.matches('\n').count() + 1;
        assert!(
            d.line <= lines,
            "diagnostic on line {} of a {lines}-line file: {d:?}",
            d.line
        );
        let line = file.line_text(d.line).unwrap_or("");
        let columns = line.chars().count() + 1;
        assert!(
            d.column <= columns,
            "diagnostic at column {} of a line of {} characters: {d:?}",
            d.column,
            columns - 1
        );
    }
}

/// The criteria found in `body`, which starts after `lines_before` lines of
/// its file: the section is a slice of the body on character boundaries,
/// and every line number is a line of the body.
fn check_criteria(criteria: &Criteria, body: &str, lines_before: usize, what: &str) {
    if let Some(section) = &criteria.section {
        assert!(
            section.start <= section.end
                && section.end <= body.len()
                && body.is_char_boundary(section.start)
                && body.is_char_boundary(section.end),
            "{what}: section {section:?} is not a slice of a {}-byte body",
            body.len()
        );
    }
    let first = lines_before + 1;
    let last = lines_before + body.matches('\n').count() + 1;
    let mut lines: Vec<(&str, usize)> = Vec::new();
    lines.extend(criteria.tasks.iter().map(|t| ("task", t.line)));
    lines.extend(criteria.plain_items.iter().map(|&l| ("plain item", l)));
    for block in &criteria.gherkin {
        lines.push(("gherkin block", block.line));
        lines.extend(block.scenarios.iter().map(|s| ("scenario", s.line)));
        lines.extend(block.problem.iter().map(|p| ("gherkin problem", p.line)));
    }
    for (name, line) in lines {
        assert!(
            (first..=last).contains(&line),
            "{what}: {name} on line {line}, outside the body's lines {first}..={last}"
        );
    }
}

/// Criteria with every line number set to 0, to compare readings of one body
/// at different places in a file.
fn criteria_without_lines(criteria: &Criteria) -> Criteria {
    let mut c = criteria.clone();
    c.tasks.iter_mut().for_each(|t| t.line = 0);
    c.plain_items.iter_mut().for_each(|l| *l = 0);
    for block in &mut c.gherkin {
        block.line = 0;
        block.scenarios.iter_mut().for_each(|s| s.line = 0);
        if let Some(p) = block.problem.as_mut() {
            p.line = 0;
        }
    }
    c
}
