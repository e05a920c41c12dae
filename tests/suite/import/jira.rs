//! `rankdown import jira-csv`: a Jira CSV export as Jira writes it
//! (repeated columns, quoting, newlines inside cells, wiki markup) made
//! into a root that checks clean.

use super::{Workspace, strings};
use std::fs;

fn jira() -> Workspace {
    Workspace::with("jira")
}

/// The Jira fixture's import arguments with `extra` after them.
pub(super) fn jira_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "jira-csv",
        "src/export.csv",
        "-o",
        "out",
        "--team-from",
        "Custom field (Team)",
        "--config",
        "src/jira.yaml",
    ];
    args.extend(extra);
    args
}

#[test]
fn a_jira_export_becomes_a_root_that_checks_clean() {
    let w = jira();
    let (status, summary, stderr) = w.import(&jira_args(&["--product-owner", "Dana Ortiz"]));
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(summary.starts_with("read 8 issues from src/export.csv; wrote 17 files into out: 6 stories, 3 features, 2 teams, 4 roles\n"), "{summary}");
    assert!(
        summary.ends_with("\ncheck: no errors, no warnings\n"),
        "{summary}"
    );
    // A story: its epic by issue id, sprints, points, links, labels in order.
    let two = w.front("out/stories/SHOP-2.md");
    assert_eq!(two["feature"].as_str(), Some("SHOP-1"));
    assert_eq!(two["iteration"].as_str(), Some("S2"));
    assert_eq!(two["points"].as_u64(), Some(5));
    assert_eq!(strings(&two["depends_on"]), ["SHOP-3"]);
    assert_eq!(strings(&two["labels"]), ["checkout", "web"]);
    assert_eq!(
        two["extra"]["created"].as_str(),
        Some("2025-02-04T10:00:00")
    );
    assert_eq!(two["extra"]["assignee"].as_str(), Some("Sam Lee"));
    let text = w.read("out/stories/SHOP-2.md");
    for expected in [
        "so that I \"just buy\".",
        "```javascript\nconst total",
        "| Step | Screen |\n| --- | --- |\n| 1 | Cart |",
        "- [ ] Guest can pay by card\n- [ ] Receipt is emailed",
        "Needs a **design** review",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // A bug linked to its epic by key; a status Jira's category explains.
    let three = w.front("out/stories/SHOP-3.md");
    assert_eq!(
        (
            three["type"].as_str(),
            three["status"].as_str(),
            three["points"].as_u64()
        ),
        (Some("defect"), Some("backlog"), Some(2))
    );
    assert_eq!(
        three["extra"]["jira_status"].as_str(),
        Some("Selected for Development")
    );
    // A sub-task goes to its story's epic; the story is kept under extra.
    let four = w.front("out/stories/SHOP-4.md");
    assert_eq!(four["feature"].as_str(), Some("SHOP-1"));
    assert_eq!(four["extra"]["parent_issue"].as_str(), Some("SHOP-2"));
    // Epics are features, with or without stories.
    assert_eq!(
        w.front("out/features/SHOP-6.md")["title"].as_str(),
        Some("Loyalty points")
    );
    assert_eq!(
        strings(&w.front("out/stories/SHOP-7.md")["labels"]),
        ["wont-do"]
    );
    // Each team's backlog in Rank order, below what it depends on.
    assert_eq!(
        strings(&w.front("out/teams/web.md")["backlog"]),
        ["SHOP-3", "SHOP-2"]
    );
    assert_eq!(
        strings(&w.front("out/teams/app.md")["backlog"]),
        ["SHOP-8", "SHOP-5"]
    );
    assert!(
        w.read("out/stories/SHOP-5.md")
            .contains("1. [ ] Address is saved")
    );
}

/// Writes a CSV made of `rows` (the first the header) as `src/<name>`.
fn csv_file(w: &Workspace, name: &str, rows: &[Vec<String>]) {
    let mut writer = csv::Writer::from_path(w.path(&format!("src/{name}"))).expect("csv");
    for row in rows {
        writer.write_record(row).expect("row");
    }
    writer.flush().expect("flush");
}

#[test]
fn without_a_rank_the_export_order_is_kept_and_statuses_can_be_overridden() {
    let w = jira();
    let header = "Issue key,Summary,Status,Issue Type,Story point estimate";
    let mut rows = vec![header.split(',').map(String::from).collect()];
    for (key, status) in [("A-3", "Parked"), ("A-1", "To Do"), ("A-2", "Parked")] {
        rows.push(
            [key, "Work", status, "Story", "1"]
                .map(String::from)
                .to_vec(),
        );
    }
    csv_file(&w, "small.csv", &rows);
    fs::write(w.path("src/small.yaml"), "statuses: {Parked: backlog}\n").expect("write");
    let args = [
        "jira-csv",
        "src/small.csv",
        "-o",
        "out",
        "--team",
        "core",
        "--config",
        "src/small.yaml",
    ];
    let (status, summary, stderr) = w.import(&args);
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(!summary.contains("Parked"), "{summary}");
    assert_eq!(
        strings(&w.front("out/teams/core.md")["backlog"]),
        ["A-3", "A-1", "A-2"]
    );
}

#[test]
fn a_csv_that_is_not_a_jira_export_is_refused() {
    let w = jira();
    fs::write(w.path("src/other.csv"), "name,size\na,1\n").expect("write");
    let (status, _, stderr) =
        w.import(&["jira-csv", "src/other.csv", "-o", "out", "--team", "core"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `src/other.csv` has no `Issue key` column: is it a Jira CSV export?"
    );
    assert!(!w.path("out").exists());
}

/// An export of 8 MB: cells with commas, quotes and newlines, repeated
/// columns, and links between issues, read whole.
#[test]
fn an_export_of_eight_megabytes_is_read_whole() {
    let w = jira();
    let header = "Issue key,Summary,Status,Issue Type,Labels,Labels,Sprint,Description,Inward issue link (Blocks),Custom field (Story Points)";
    let mut rows = vec![header.split(',').map(String::from).collect()];
    let paragraph = "A line with a comma, a \"quote\" and *bold* text.\n".repeat(60);
    let n = 2700;
    for i in 1..=n {
        let blocked_by = if i > 1 && i % 3 == 0 {
            format!("BIG-{}", i - 1)
        } else {
            String::new()
        };
        rows.push(vec![
            format!("BIG-{i}"),
            format!("Issue {i}, \"quoted\""),
            ["To Do", "In Progress", "Done"][i % 3].into(),
            ["Story", "Bug", "Task"][i % 3].into(),
            format!("l{}", i % 5),
            "shared".into(),
            String::new(),
            format!("h2. Issue {i}\n{paragraph}"),
            blocked_by,
            (i % 8).to_string(),
        ]);
    }
    csv_file(&w, "big.csv", &rows);
    let size = fs::metadata(w.path("src/big.csv")).expect("size").len();
    assert!(size > 8_000_000, "{size} bytes");
    let (status, summary, stderr) = w.import(&[
        "jira-csv",
        "src/big.csv",
        "-o",
        "out",
        "--team",
        "core",
        "--dry-run",
    ]);
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(
        summary.starts_with(&format!("read {n} issues from src/big.csv; would write")),
        "{summary}"
    );
    assert!(
        summary.ends_with("\ncheck: no errors, no warnings\n"),
        "{summary}"
    );
}

#[test]
fn sizes_in_the_settings_are_refused_for_a_jira_export() {
    let w = jira();
    fs::write(w.path("sizes.yaml"), "sizes: {M: 3}\n").expect("write");
    let (status, _, stderr) = w.import(&[
        "jira-csv",
        "src/export.csv",
        "-o",
        "out",
        "--team",
        "shop",
        "--config",
        "sizes.yaml",
    ]);
    assert_eq!(status, 2);
    assert!(
        stderr.contains("`sizes` is for DevStories: a Jira export has story points, not sizes"),
        "{stderr}"
    );
    assert!(!w.path("out").exists());
}
