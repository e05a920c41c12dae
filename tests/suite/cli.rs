//! The `rankdown` binary: exit codes, output formats, colour.

use crate::harness::Backlog;
use assert_cmd::Command;

fn rankdown() -> Command {
    let mut cmd = Command::cargo_bin("rankdown").expect("binary");
    cmd.env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    cmd
}

/// The minimal backlog with one error (unknown team) and one warning (unknown field).
fn with_error_and_warning() -> Backlog {
    let backlog = Backlog::minimal();
    backlog.write(
        "stories/alpha/A-2.md",
        "---\ntitle: Cancel\ntype: story\nteam: alfa\nfeature: F-1\nstatus: backlog\ncolour: red\n---\n",
    );
    backlog
}

#[test]
fn a_clean_backlog_exits_0_with_a_summary() {
    let backlog = Backlog::minimal();
    let out = rankdown()
        .arg("check")
        .arg(backlog.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.starts_with("no errors, no warnings in "), "{stdout}");
    assert!(
        stdout.ends_with("(4 stories, 2 features, 2 teams, 1 PI, 1 role)\n"),
        "{stdout}"
    );
}

#[test]
fn the_example_backlog_is_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    let checked = rankdown::check(&root).expect("check runs");
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    assert!(checked.backlog.stories.len() >= 30);
}

#[test]
fn errors_exit_1_and_warnings_alone_exit_0() {
    let backlog = with_error_and_warning();
    rankdown().arg("check").arg(backlog.path()).assert().code(1);

    backlog.write(
        "stories/alpha/A-2.md",
        "---\ntitle: Cancel\ntype: story\nteam: alpha\nfeature: F-1\nstatus: backlog\ncolour: red\n---\n",
    );
    rankdown().arg("check").arg(backlog.path()).assert().code(0);
    rankdown()
        .args(["check", "--deny-warnings"])
        .arg(backlog.path())
        .assert()
        .code(1);
}

#[test]
fn a_missing_root_or_config_exits_2() {
    let missing = rankdown()
        .args(["check", "/no/such/folder"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&missing.get_output().stderr).into_owned();
    assert_eq!(stderr, "error: `/no/such/folder` is not a folder\n");

    let empty = tempfile::tempdir().expect("temp dir");
    let no_config = rankdown().arg("check").arg(empty.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&no_config.get_output().stderr).into_owned();
    assert!(stderr.contains("has no rankdown.yaml"), "{stderr}");
}

#[test]
fn usage_errors_come_from_clap() {
    let out = rankdown()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("invalid value 'xml'"), "{stderr}");
    assert!(
        stderr.contains("[possible values: human, json, github]"),
        "{stderr}"
    );
}

#[test]
fn human_output_shows_the_source_line_without_colour_when_piped() {
    let backlog = with_error_and_warning();
    let out = rankdown().arg("check").arg(backlog.path()).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let stdout = stdout.replace(&format!("{}/", backlog.path().display()), "ROOT/");
    assert!(!stdout.contains('\u{1b}'), "ANSI escapes in piped output");
    insta::assert_snapshot!(stdout.replace(&backlog.path().display().to_string(), "ROOT"));
}

#[test]
fn colour_is_forced_on_request_and_off_with_no_color() {
    let backlog = with_error_and_warning();
    let forced = rankdown()
        .env("CLICOLOR_FORCE", "1")
        .arg("check")
        .arg(backlog.path())
        .assert()
        .code(1);
    assert!(forced.get_output().stdout.contains(&0x1b));
    let plain = rankdown()
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .arg("check")
        .arg(backlog.path())
        .assert()
        .code(1);
    assert!(!plain.get_output().stdout.contains(&0x1b));
}

#[test]
fn json_names_the_iteration_a_capacity_warning_is_about() {
    let backlog = Backlog::with_rule_fixture("RD501-over-capacity");
    let out = rankdown()
        .args(["check", "--format", "json"])
        .arg(backlog.path())
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let iterations: Vec<&serde_json::Value> = (json["diagnostics"].as_array().expect("list"))
        .iter()
        .map(|d| &d["iteration"])
        .collect();
    assert_eq!(
        iterations,
        [
            &serde_json::json!({"id": "PI-1.1", "start": "2026-01-05", "end": "2026-01-16"}),
            &serde_json::json!({"id": "PI-1.2", "start": "2026-01-19", "end": "2026-01-30"}),
        ]
    );
}

#[test]
fn json_output_is_one_document_with_stable_fields() {
    let backlog = with_error_and_warning();
    let out = rankdown()
        .args(["check", "--format", "json"])
        .arg(backlog.path())
        .assert()
        .code(1);
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "version": 1,
            "diagnostics": [
                {
                    "file": "stories/alpha/A-2.md", "line": 4, "column": 7, "code": "RD202",
                    "severity": "error",
                    "message": "story `A-2` names team `alfa`, which does not exist",
                    "hint": "did you mean `alpha`?"
                },
                {
                    "file": "stories/alpha/A-2.md", "line": 7, "column": 1, "code": "RD103",
                    "severity": "warning",
                    "message": "unknown field `colour`",
                    "hint": "remove it, or move custom fields under `extra:`"
                }
            ],
            "counts": {"errors": 1, "warnings": 1}
        })
    );
}

#[test]
fn github_output_is_workflow_commands_with_repository_paths() {
    let backlog = with_error_and_warning();
    let out = rankdown()
        .current_dir(backlog.path().parent().expect("parent"))
        .args(["check", "--format", "github"])
        .arg(backlog.path().file_name().expect("name"))
        .assert()
        .code(1);
    let name = backlog
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert_eq!(
        stdout,
        format!(
            "::error file={name}/stories/alpha/A-2.md,line=4,col=7,title=RD202::story `A-2` names team `alfa`, which does not exist%0Adid you mean `alpha`?\n\
             ::warning file={name}/stories/alpha/A-2.md,line=7,col=1,title=RD103::unknown field `colour`%0Aremove it, or move custom fields under `extra:`\n"
        )
    );
}

#[test]
fn check_defaults_to_the_current_folder() {
    let backlog = Backlog::minimal();
    rankdown()
        .current_dir(backlog.path())
        .arg("check")
        .assert()
        .success();
}
