//! `rankdown import devstories`: a DevStories project read with its own
//! settings file (the project name, story prefix, status labels, sizes and
//! sprint sequence), and `--config` for what DevStories does not keep.

use super::faithful::{has_line, section_paths, write};
use super::{Workspace, documented_yaml, strings};
use std::fs;

const DEVSTORIES: [&str; 6] = ["devstories", "src", "-o", "out", "--team", "kitchen"];

/// Imports the fixture with `extra` arguments; fails unless it exits 0.
fn import(w: &Workspace, extra: &[&str]) -> String {
    let mut args = DEVSTORIES.to_vec();
    args.extend(extra);
    let (status, summary, stderr) = w.import(&args);
    assert_eq!(status, 0, "{stderr}{summary}");
    summary
}

#[test]
fn a_devstories_project_is_read_with_its_own_settings() {
    let w = Workspace::with("devstories");
    let summary = import(&w, &[]);
    has_line(&summary, "check: no errors, no warnings");
    let config = w.read("out/rankdown.yaml");
    assert!(config.starts_with("title: Recipe Box\n"), "{config}");
    // `qa` is a status of the project, labelled Testing: in progress.
    let scaled = w.front("out/stories/RB-002.md");
    assert_eq!(scaled["status"].as_str(), Some("in-progress"));
    // Sizes are given points in the config's order: XS 1, S 2, M 3...
    assert_eq!(scaled["points"].as_u64(), Some(2));
    assert_eq!(w.front("out/stories/RB-001.md")["points"].as_u64(), Some(3));
    // An unquoted `[[RB-001]]` is a list in a list to YAML: still read.
    assert_eq!(strings(&scaled["depends_on"]), ["RB-001"]);
    assert_eq!(scaled["feature"].as_str(), Some("EPIC-001"));
    has_line(
        &summary,
        "  .devstories/config.json: sizes have no points in DevStories: read as `XS` 1, `S` 2, `M` 3, `L` 5, `XL` 8 (a `sizes` table in --config changes them)",
    );
    has_line(
        &summary,
        "  .devstories/config.json: 3 sprints (`sprint-1` to `sprint-3`) have no dates (DevStories keeps none): open stories are ranked by sprint, and a story in one gets no iteration (their dates in --config's `sprints` make them iterations)",
    );
    has_line(
        &summary,
        "  .devstories/stories/RB-007.md: sprint `someday` is not in `sprints.sequence`; no iteration, sprint kept under extra",
    );
    has_line(
        &summary,
        "  4 files: the text's first heading repeats the title; left out",
    );
    // The settings file is imported; the template is accounted for.
    assert!(
        section_paths(&summary, "skipped")
            .contains(&".devstories/templates/api-endpoint.md".to_string())
    );
    let verbose = import(&Workspace::with("devstories"), &["--verbose", "--dry-run"]);
    has_line(&verbose, "  .devstories/config.json: the source's settings");
}

#[test]
fn the_backlog_follows_the_sprint_sequence_then_priority() {
    let w = Workspace::with("devstories");
    import(&w, &[]);
    let team = w.front("out/teams/kitchen.md");
    // sprint-2 by priority (50, 200, 300), then sprint-3, then the
    // `backlog` sprint, then a sprint the sequence does not list.
    assert_eq!(
        strings(&team["backlog"]),
        ["RB-005", "RB-002", "RB-004", "RB-003", "RB-006", "RB-007"]
    );
    // The page shows the title; the body no longer repeats it.
    let story = w.read("out/stories/RB-002.md");
    assert!(story.contains("---\n\n## Acceptance Criteria\n"), "{story}");
    let epic = w.read("out/features/EPIC-001.md");
    assert!(epic.contains("---\n\nCooks save a recipe"), "{epic}");
}

#[test]
fn wiki_links_in_texts_link_to_the_item_pages() {
    let w = Workspace::with("devstories");
    let summary = import(&w, &[]);
    let epic = w.read("out/features/EPIC-001.md");
    assert!(
        epic.contains("- [RB-001](../../stories/RB-001/) Paste a recipe"),
        "{epic}"
    );
    let bug = w.read("out/stories/RB-005.md");
    for expected in [
        "testing\n[the paste](../../stories/RB-001/);",
        "tracker's [[BUG-12]] had",
        "the `[[step]]` rule",
    ] {
        assert!(bug.contains(expected), "{expected:?} not in:\n{bug}");
    }
    has_line(
        &summary,
        "  .devstories/stories/RB-005.md: wiki link `[[BUG-12]]` names nothing imported; kept as text",
    );
    let site = w.build();
    let page = fs::read_to_string(site.join("features/EPIC-001/index.html")).expect("page");
    assert!(
        page.contains("<a href=\"../../stories/RB-001/\">RB-001</a>"),
        "{page}"
    );
    assert!(site.join("stories/RB-001/index.html").is_file());
}

#[test]
fn a_config_file_gives_sprints_their_dates_and_sizes_their_points() {
    let w = Workspace::with("devstories");
    write(
        &w,
        "settings.yaml",
        "sizes: {XS: 1, S: 1, M: 2, L: 4, XL: 8}\nstatuses: {qa: done}\nsprints:\n  - {name: sprint-2, start: 2025-10-13, end: 2025-10-24}\n  - {name: sprint-3, start: 2025-10-27, end: 2025-11-07}\n",
    );
    let summary = import(&w, &["--config", "settings.yaml"]);
    let scaled = w.front("out/stories/RB-002.md");
    assert_eq!(
        (scaled["points"].as_u64(), scaled["iteration"].as_str()),
        (Some(1), Some("sprint-2"))
    );
    assert_eq!(scaled["status"].as_str(), Some("done"));
    let pi = w.front("out/pis/SPRINTS.md");
    let ids: Vec<&str> = (0..2)
        .filter_map(|i| pi["iterations"][i]["id"].as_str())
        .collect();
    assert_eq!(ids, ["sprint-2", "sprint-3"]);
    has_line(
        &summary,
        "  .devstories/config.json: sprint `sprint-1` has no dates (DevStories keeps none): open stories are ranked by sprint, and a story in one gets no iteration (their dates in --config's `sprints` make them iterations)",
    );
    assert!(!summary.contains("sizes have no points"), "{summary}");
    // RB-001 (sprint-1, done) has no iteration; nothing else complains.
    assert!(w.front("out/stories/RB-001.md")["iteration"].is_null());
    assert!(summary.contains("\ncheck: no errors"), "{summary}");
}

#[test]
fn a_yaml_config_wins_over_the_older_json_one() {
    let w = Workspace::with("devstories");
    write(
        &w,
        "src/.devstories/config.yaml",
        "version: 1\nproject: \"Recipe Box 2\"\nid_prefix: {epic: EPIC, story: RB}\nstatuses:\n  - {id: todo, label: To Do}\n  - {id: doing, label: In Progress}\n  - {id: qa, label: QA}\n  - {id: done, label: Done}\nsizes: [S, M, L]\nsprints:\n  current: sprint-2\n  sequence: [sprint-1, sprint-2, sprint-3]\n",
    );
    let summary = import(&w, &[]);
    assert!(
        w.read("out/rankdown.yaml")
            .starts_with("title: Recipe Box 2\n")
    );
    has_line(
        &summary,
        "  .devstories/config.yaml: sizes have no points in DevStories: read as `S` 1, `M` 2, `L` 3 (a `sizes` table in --config changes them)",
    );
    // `qa` labelled QA names no status rankdown knows: a decision.
    has_line(
        &summary,
        "  .devstories/stories/RB-002.md: status `qa` is not one rankdown knows; imported as backlog",
    );
    // The JSON file is still accounted for.
    has_line(
        &summary,
        "  .devstories/config.json: not read: `.devstories/config.yaml` is read instead",
    );
}

#[test]
fn a_config_that_does_not_parse_is_a_decision_and_defaults_apply() {
    let w = Workspace::with("devstories");
    fs::write(w.path("src/.devstories/config.json"), "{\"project\": [\n").expect("write");
    let summary = import(&w, &[]);
    let line = summary
        .lines()
        .find(|l| l.starts_with("  .devstories/config.json: not read ("))
        .unwrap_or_else(|| panic!("no line for the config in:\n{summary}"));
    assert!(
        line.ends_with("): no project name, id prefix, statuses, sizes or sprints"),
        "{line}"
    );
    assert!(
        w.read("out/rankdown.yaml")
            .starts_with("title: Imported backlog\n")
    );
    // DevStories' default sizes still give points.
    assert_eq!(w.front("out/stories/RB-002.md")["points"].as_u64(), Some(2));
}

#[test]
fn a_folder_without_devstories_and_a_jira_only_setting_are_refused() {
    let w = Workspace::with("devstories");
    let (status, _, stderr) = w.import(&["devstories", "out-nothing", "-o", "out", "--team", "t"]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("has no .devstories/ folder: is it a DevStories project?"),
        "{stderr}"
    );
    let (status, _, stderr) = w.import(&[&DEVSTORIES[..], &["--include-archive"]].concat());
    assert_eq!(status, 2);
    assert!(
        stderr.contains("unexpected argument '--include-archive'"),
        "{stderr}"
    );
    write(&w, "jira.yaml", "criteria_field: Custom field (AC)\n");
    let (status, _, stderr) = w.import(&[&DEVSTORIES[..], &["--config", "jira.yaml"]].concat());
    assert_eq!(status, 2);
    assert!(
        stderr.contains("`criteria_field` is for a Jira export"),
        "{stderr}"
    );
    assert!(!w.path("out").exists());
}

#[test]
fn the_documented_settings_file_is_read_by_both_importers_but_for_their_own_keys() {
    let w = Workspace::with("devstories");
    let settings = documented_yaml("settings");
    // Each importer refuses the key that is the other's alone.
    let without = |key: &str| -> String {
        (settings.lines())
            .filter(|l| !l.starts_with(key))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    write(&w, "jira-settings.yaml", &without("sizes"));
    write(&w, "settings.yaml", &without("criteria_field"));
    let summary = import(&w, &["--config", "settings.yaml"]);
    assert!(w.read("out/rankdown.yaml").starts_with("title: Shop\n"));
    assert_eq!(w.front("out/stories/RB-001.md")["points"].as_u64(), Some(3));
    assert!(summary.contains("\ncheck: no errors"), "{summary}");
    let export = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/jira/export.csv");
    let csv = export.to_str().expect("UTF-8 path");
    let (status, summary, stderr) = w.import(&[
        "jira-csv",
        csv,
        "-o",
        "jira-out",
        "--team",
        "shop",
        "--config",
        "jira-settings.yaml",
    ]);
    assert_eq!(status, 0, "{stderr}{summary}");
    assert_eq!(
        w.front("jira-out/pis/SPRINTS.md")["iterations"][0]["id"].as_str(),
        Some("S1")
    );
}

#[test]
fn an_epic_is_found_by_its_file_name_and_an_unknown_one_is_made_and_said() {
    let w = Workspace::with("devstories");
    let epic = w.read("src/.devstories/epics/EPIC-002.md");
    let renamed = epic.replace("id: EPIC-002", "id: EPIC-020");
    fs::write(w.path("src/.devstories/epics/EPIC-002.md"), renamed).expect("write");
    let story = w.read("src/.devstories/stories/RB-006.md");
    let lost = story.replace("epic: EPIC-INBOX", "epic: EPIC-404");
    fs::write(w.path("src/.devstories/stories/RB-006.md"), lost).expect("write");
    let story = w.read("src/.devstories/stories/RB-004.md");
    let linked = format!("{story}\nPart of [[EPIC-002]].\n");
    fs::write(w.path("src/.devstories/stories/RB-004.md"), linked).expect("write");
    let summary = import(&w, &[]);
    has_line(
        &summary,
        "  .devstories/stories/RB-003.md: milestone `EPIC-002` is the file name of `.devstories/epics/EPIC-002.md`, whose id is `EPIC-020`; taken",
    );
    assert_eq!(
        w.front("out/stories/RB-004.md")["feature"].as_str(),
        Some("EPIC-020")
    );
    // A wiki link naming the file finds it too.
    let text = w.read("out/stories/RB-004.md");
    assert!(
        text.contains("Part of [EPIC-002](../../features/EPIC-020/)."),
        "{text}"
    );
    has_line(
        &summary,
        "  .devstories/stories/RB-006.md: milestone `EPIC-404` is no milestone file's id, title or file name; feature `M-EPIC-404` made for it",
    );
    assert_eq!(
        w.front("out/stories/RB-006.md")["feature"].as_str(),
        Some("M-EPIC-404")
    );
}

#[test]
fn settings_written_in_a_form_import_cannot_read_are_named_and_left_out() {
    let w = Workspace::with("devstories");
    let odd = "project: [Recipe, Box]\nidPrefix: RB\nstatuses: 5\nsizes: [XS, 3]\nsprints: {sequence: [sprint-1, {b: c}]}\n";
    write(&w, "src/.devstories/config.json", odd);
    let summary = import(&w, &[]);
    for key in [
        "`project` is not a text",
        "`idPrefix` is not a mapping with `story`",
        "`statuses` is not a list of `{id, label}`",
        "`sizes` is not a list of names",
        "`sprints` is not a mapping whose `sequence` is a list of names",
    ] {
        has_line(
            &summary,
            &format!("  .devstories/config.json: {key}; not read"),
        );
    }
    // DevStories' defaults stand in: sizes XS to XL, no sprint order.
    assert_eq!(w.front("out/stories/RB-002.md")["points"].as_u64(), Some(2));
    write(&w, "src/.devstories/config.json", "[1, 2]\n");
    fs::remove_dir_all(w.path("out")).expect("remove");
    let summary = import(&w, &[]);
    has_line(
        &summary,
        "  .devstories/config.json: not a mapping of settings; not read: DevStories' defaults used",
    );
}

#[test]
fn a_devstories_project_is_imported_again_keeping_what_the_root_changed() {
    let w = Workspace::with("devstories");
    import(&w, &[]);
    let story = w.read("out/stories/RB-003.md");
    let retitled = story.replace("title: Group the list by aisle", "title: Aisles");
    fs::write(w.path("out/stories/RB-003.md"), retitled).expect("write");
    let source = w.read("src/.devstories/stories/RB-004.md");
    let changed = source.replace("status: in_progress", "status: done");
    fs::write(w.path("src/.devstories/stories/RB-004.md"), changed).expect("write");
    let summary = import(&w, &["--update"]);
    assert!(summary.contains("\ncheck: no errors"), "{summary}");
    assert_eq!(
        w.front("out/stories/RB-003.md")["title"].as_str(),
        Some("Aisles")
    );
    assert_eq!(
        w.front("out/stories/RB-004.md")["status"].as_str(),
        Some("done")
    );
    let team = w.front("out/teams/kitchen.md");
    assert!(!strings(&team["backlog"]).contains(&"RB-004"), "{team:?}");
}
