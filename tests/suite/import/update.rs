//! `rankdown import --update`: a second import into a root the first one
//! made applies what changed in the source and keeps what was edited in
//! the root; `--prune` deletes what the source no longer has.

use super::jira::jira_args;
use super::{BACKLOG_MD, Workspace, strings};
use crate::repo::{outcome, rankdown};
use std::fs;

/// Replaces `from` with `to` in the workspace file `path`.
fn edit(w: &Workspace, path: &str, from: &str, to: &str) {
    let text = w.read(path);
    assert!(text.contains(from), "{from:?} not in {path}:\n{text}");
    fs::write(w.path(path), text.replacen(from, to, 1)).expect("write");
}

fn update(w: &Workspace, extra: &[&str]) -> String {
    let mut args = BACKLOG_MD.to_vec();
    args.push("--update");
    args.extend(extra);
    let (status, summary, stderr) = w.import(&args);
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(
        summary.ends_with("\ncheck: no errors, no warnings\n"),
        "{summary}"
    );
    summary
}

#[test]
fn an_update_applies_the_source_and_keeps_edits_made_in_the_root() {
    let w = Workspace::with("backlog-md");
    assert_eq!(w.import(&BACKLOG_MD).0, 0);
    // Edits in the rankdown root: a title, a rank, an owner.
    edit(
        &w,
        "out/stories/BIKE-006.md",
        "title: Document the task file format",
        "title: Write the format down",
    );
    edit(
        &w,
        "out/teams/web.md",
        "backlog:\n",
        "backlog:\n- task-16\n",
    );
    edit(&w, "out/teams/web.md", "- task-16\n---", "---");
    edit(
        &w,
        "out/features/m-1.md",
        "type: feature\n",
        "type: feature\nowner: Ann Lee\n",
    );
    // Changes in the source: a status, a task gone, a task new.
    let tasks = "src/backlog/tasks";
    edit(
        &w,
        &format!("{tasks}/bike-010 - Walk-in-queue-kiosk.md"),
        "status: To Do",
        "status: In Progress\npoints: 2",
    );
    fs::remove_file(w.path(&format!("{tasks}/bike-014 - Spare-parts-inventory-sync.md")))
        .expect("rm");
    fs::write(
        w.path(&format!("{tasks}/bike-020 - Gift-wrap.md")),
        "---\nid: bike-020\ntitle: Gift wrap\nstatus: To Do\n---\n",
    )
    .expect("write");

    let summary = update(&w, &[]);
    assert!(
        summary.contains(
            "\n  stories/BIKE-014.md: no longer in the source: kept (add --prune to delete it)\n"
        ),
        "{summary}"
    );
    assert_eq!(
        w.front("out/stories/BIKE-006.md")["title"].as_str(),
        Some("Write the format down")
    );
    assert_eq!(
        w.front("out/stories/BIKE-010.md")["status"].as_str(),
        Some("in-progress")
    );
    assert_eq!(
        w.front("out/features/m-1.md")["owner"].as_str(),
        Some("Ann Lee")
    );
    let team = w.front("out/teams/web.md");
    let backlog = strings(&team["backlog"]);
    assert_eq!(backlog.first(), Some(&"task-16"));
    assert_eq!(backlog.last(), Some(&"bike-020"));
    assert!(backlog.contains(&"BIKE-014"), "{backlog:?}");

    let pruned = update(&w, &["--prune"]);
    assert!(
        pruned.contains("\n  stories/BIKE-014.md: no longer in the source: deleted (--prune)\n"),
        "{pruned}"
    );
    assert!(!w.path("out/stories/BIKE-014.md").exists());
    assert!(!strings(&w.front("out/teams/web.md")["backlog"]).contains(&"BIKE-014"));

    let again = update(&w, &[]);
    assert!(
        again.contains("\nupdate: wrote 0 changed or new files, 0 deleted\n"),
        "{again}"
    );
    let (status, check, _) = outcome(rankdown().arg("check").arg(w.path("out")));
    assert_eq!(status, 0, "{check}");
}

#[test]
fn an_update_needs_a_root_an_import_made() {
    let w = Workspace::with("backlog-md");
    fs::create_dir_all(w.path("out")).expect("mkdir");
    let mut args = BACKLOG_MD.to_vec();
    args.push("--update");
    let (status, _, stderr) = w.import(&args);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `out` has no .rankdown-import.yaml: --update imports into a root an earlier `rankdown import` made"
    );
    let (status, _, stderr) = w.import(&[&BACKLOG_MD[..], &["--prune"]].concat());
    assert_eq!(status, 2, "{stderr}");
}

#[test]
fn a_task_gone_from_the_source_stays_ranked_until_pruned() {
    let w = Workspace::with("backlog-md");
    assert_eq!(w.import(&BACKLOG_MD).0, 0);
    let gone = "src/backlog/tasks/bike-006 - Document-the-task-file-format.md";
    fs::remove_file(w.path(gone)).expect("rm");
    update(&w, &[]);
    assert!(strings(&w.front("out/teams/web.md")["backlog"]).contains(&"BIKE-006"));
    update(&w, &["--prune"]);
    assert!(!strings(&w.front("out/teams/web.md")["backlog"]).contains(&"BIKE-006"));
    assert!(!w.path("out/stories/BIKE-006.md").exists());
}

#[test]
fn a_root_updated_inside_the_source_is_not_listed_as_source_files() {
    let w = Workspace::with("markdown");
    let mapping = "folders: [{path: tickets/open}, {path: tickets/closed}]\nfields: {id: key, title: summary, status: state, dependencies: blocked_by, parent: epic}\n";
    fs::write(w.path("mapping.yaml"), mapping).expect("write");
    let args = [
        "markdown",
        "src",
        "-o",
        "src/tickets/site",
        "--mapping",
        "mapping.yaml",
    ];
    let (status, summary, stderr) = w.import(&args);
    assert_eq!(status, 0, "{stderr}{summary}");
    let (status, summary, stderr) = w.import(&[&args[..], &["--update"]].concat());
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(!summary.contains("tickets/site/"), "{summary}");
}

#[test]
fn a_jira_export_is_imported_again_keeping_edits_and_pruning_on_request() {
    let w = Workspace::with("jira");
    let (status, summary, stderr) = w.import(&jira_args(&[]));
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(w.path("out/.rankdown-import.yaml").is_file());
    // In the root: a story retitled. In Jira: another retitled, one gone.
    edit(
        &w,
        "out/stories/SHOP-2.md",
        "title: Guest checkout",
        "title: Pay as a guest",
    );
    edit(
        &w,
        "src/export.csv",
        "Saved addresses,SHOP-5,",
        "Saved delivery addresses,SHOP-5,",
    );
    let csv = w.read("src/export.csv");
    let without_gift_cards: String = csv
        .split_inclusive('\n')
        .filter(|line| !line.starts_with("Gift cards,SHOP-8,"))
        .collect();
    fs::write(w.path("src/export.csv"), without_gift_cards).expect("write");
    let (status, summary, stderr) = w.import(&jira_args(&["--update"]));
    assert_eq!(status, 0, "{stderr}{summary}");
    assert_eq!(
        w.front("out/stories/SHOP-2.md")["title"].as_str(),
        Some("Pay as a guest")
    );
    assert_eq!(
        w.front("out/stories/SHOP-5.md")["title"].as_str(),
        Some("Saved delivery addresses")
    );
    assert!(
        summary.contains("stories/SHOP-8.md: no longer in the source: kept"),
        "{summary}"
    );
    assert!(w.path("out/stories/SHOP-8.md").is_file());
    let (status, summary, stderr) = w.import(&jira_args(&["--update", "--prune"]));
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(!w.path("out/stories/SHOP-8.md").exists(), "{summary}");
    let app = w.front("out/teams/app.md");
    assert!(!strings(&app["backlog"]).contains(&"SHOP-8"), "{app:?}");
}
