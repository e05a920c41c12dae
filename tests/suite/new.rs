//! `rankdown new`: the next free id, the file where the layout says, the
//! id ranked where asked, and a backlog that still checks.

use crate::harness::Backlog;
use crate::repo::{outcome, rankdown, run_git};
use std::path::Path;

/// A starter backlog (team `web`, stories WEB-1 and WEB-2, feature F-1, PI-1).
fn starter() -> Backlog {
    let backlog = Backlog::empty();
    let (code, _, stderr) = outcome(rankdown().arg("init").arg(backlog.path()).args([
        "--team",
        "web",
        "--today",
        "2026-12-03",
    ]));
    assert_eq!(code, 0, "{stderr}");
    backlog
}

/// Runs `rankdown new ARGS` in `root`: the printed path, relative to the root.
fn new(root: &Path, args: &[&str]) -> String {
    let (code, stdout, stderr) = outcome(rankdown().arg("new").arg("-C").arg(root).args(args));
    assert_eq!(code, 0, "{stderr}");
    let printed = Path::new(stdout.trim_end());
    let path = printed.strip_prefix(root).expect("a path in the root");
    rankdown::layout::relative(Path::new(""), path)
}

fn team_backlog(backlog: &Backlog) -> Vec<String> {
    rankdown::edit::entries(&backlog.read("teams/web.md"), "backlog").expect("a list")
}

fn checks_clean(backlog: &Backlog) {
    let (code, stdout, _) = outcome(rankdown().arg("check").arg(backlog.path()));
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("no errors, no warnings"), "{stdout}");
}

#[test]
fn a_story_gets_the_next_id_and_the_bottom_of_its_team_backlog() {
    let backlog = starter();
    let path = new(backlog.path(), &["story", "--title", "Pay: by card"]);
    assert_eq!(path, "stories/web/WEB-3.md");
    let text = backlog.read(&path);
    assert!(
        text.starts_with("---\ntitle: 'Pay: by card'\ntype: story\nteam: web\nfeature: F-1\nstatus: backlog\n---\n"),
        "{text}"
    );
    assert_eq!(team_backlog(&backlog), ["WEB-1", "WEB-2", "WEB-3"]);
    checks_clean(&backlog);
}

#[test]
fn a_story_is_ranked_at_the_place_asked() {
    let backlog = starter();
    new(backlog.path(), &["story", "--top"]);
    new(backlog.path(), &["defect", "--after", "WEB-1"]);
    new(backlog.path(), &["spike", "--before", "WEB-2"]);
    new(backlog.path(), &["enabler", "--bottom"]);
    assert_eq!(
        team_backlog(&backlog),
        ["WEB-3", "WEB-1", "WEB-4", "WEB-5", "WEB-2", "WEB-6"]
    );
    assert!(!backlog.read("stories/web/WEB-4.md").contains("feature:"));
    checks_clean(&backlog);
}

#[test]
fn an_unknown_place_writes_nothing() {
    let backlog = starter();
    let (code, _, stderr) = outcome(
        rankdown()
            .args(["new", "story", "--after", "WEB-9", "-C"])
            .arg(backlog.path()),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot rank WEB-3 in `teams/web.md`: `WEB-9` is not in the list"),
        "{stderr}"
    );
    assert!(!backlog.path().join("stories/web/WEB-3.md").exists());
    assert_eq!(team_backlog(&backlog), ["WEB-1", "WEB-2"]);
}

/// Commits everything in `root` with the subject `subject`.
fn commit_all(root: &Path, subject: &str) {
    run_git(root, &["add", "."]);
    let who = ["-c", "user.name=A", "-c", "user.email=a@b"];
    run_git(root, &[&who[..], &["commit", "-qm", subject]].concat());
}

#[test]
fn ids_added_on_other_branches_are_not_reused() {
    let backlog = starter();
    let root = backlog.path();
    run_git(root, &["init", "-q", "-b", "main"]);
    commit_all(root, "start");
    run_git(root, &["checkout", "-qb", "other"]);
    new(root, &["story"]);
    commit_all(root, "WEB-3");
    run_git(root, &["checkout", "-q", "main"]);
    assert_eq!(new(root, &["story"]), "stories/web/WEB-4.md");
}

#[test]
fn features_teams_and_pis_follow_the_backlog() {
    let backlog = starter();
    assert_eq!(
        new(backlog.path(), &["feature", "--title", "Gift cards"]),
        "features/F-2.md"
    );
    let config = backlog.read("rankdown.yaml");
    assert!(
        config.contains("program_backlog:\n  - F-1\n  - F-2\n"),
        "{config}"
    );
    assert_eq!(
        new(backlog.path(), &["team", "--title", "Mobile App"]),
        "teams/mobile-app.md"
    );
    assert!(
        backlog
            .read("teams/mobile-app.md")
            .starts_with("---\ntitle: Mobile App\n")
    );
    assert_eq!(new(backlog.path(), &["pi"]), "pis/PI-2.md");
    let pi = backlog.read("pis/PI-2.md");
    assert!(
        pi.starts_with("---\ntitle: PI 2\nstart: 2027-02-11\nend: 2027-04-21\n"),
        "{pi}"
    );
    assert!(
        pi.contains("  - {id: PI-2.5, start: 2027-04-08, end: 2027-04-21}\n"),
        "{pi}"
    );
    checks_clean(&backlog);
}

#[test]
fn a_story_needs_a_team_to_be_named_when_there_are_several() {
    let backlog = starter();
    new(backlog.path(), &["team", "--team", "app"]);
    let (code, _, stderr) = outcome(rankdown().args(["new", "story", "-C"]).arg(backlog.path()));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("say which team with --team: app, web"),
        "{stderr}"
    );
    assert_eq!(
        new(backlog.path(), &["story", "--team", "app"]),
        "stories/app/APP-1.md"
    );
}

#[cfg(unix)]
#[test]
fn edit_opens_the_new_file_in_the_editor() {
    let backlog = starter();
    let editor = backlog.path().join("editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\necho 'Written in the editor.' >> \"$1\"\n",
    )
    .expect("write");
    let mut permissions = std::fs::metadata(&editor).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&editor, permissions).expect("chmod");
    let (code, _, stderr) = outcome(
        rankdown()
            .args(["new", "story", "--edit", "-C"])
            .arg(backlog.path())
            .env_remove("VISUAL")
            .env("EDITOR", &editor),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        backlog
            .read("stories/web/WEB-3.md")
            .ends_with("Written in the editor.\n")
    );
}
