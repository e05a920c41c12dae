//! `rankdown diff`: what a change does to the backlog, between real git
//! revisions or a revision and the working tree.

use crate::repo::{self, Repo, outcome, rankdown, run_git};
use std::fs;

/// Runs `rankdown diff args` in `repo`'s root; returns status and output.
fn diff(repo: &Repo, args: &[&str]) -> (i32, String, String) {
    outcome(rankdown().current_dir(repo.path()).arg("diff").args(args))
}

fn story(title: &str, team: &str, status: &str, extra: &str, body: &str) -> String {
    format!(
        "---\ntitle: {title}\ntype: story\nteam: {team}\nfeature: F-1\nstatus: {status}\n{extra}---\n\n{body}"
    )
}

/// The minimal backlog with three more alpha stories, one of them naming a
/// feature that does not exist (an error the change fixes), committed.
fn base() -> Repo {
    let repo = Repo::minimal();
    let b = &repo.backlog;
    b.write(
        "stories/alpha/A-4.md",
        story("Renew a loan", "alpha", "backlog", "", "Renewals.\n"),
    );
    b.write(
        "stories/alpha/A-5.md",
        story("Print a receipt", "alpha", "backlog", "", "Paper.\n"),
    );
    b.write(
        "stories/alpha/A-6.md",
        story("Waitlist a book", "alpha", "backlog", "", "Queue.\n").replace("F-1", "F-9"),
    );
    b.edit(
        "teams/alpha.md",
        "  - A-2\n",
        "  - A-2\n  - A-4\n  - A-5\n  - A-6\n",
    );
    b.edit(
        "stories/alpha/A-3.md",
        "- [x] Results show title and author",
        "- [x] Results show title and author\n- [x] Results load in a second",
    );
    repo.commit("Ana Li", "2026-01-06T10:00:00+00:00", "More alpha stories");
    repo
}

/// One change of every kind `diff` reports, left in the working tree.
fn change_everything(repo: &Repo) {
    let b = &repo.backlog;
    // Backlog order: A-6 to the top, A-5 deleted, A-4 renamed to new.
    b.edit(
        "teams/alpha.md",
        "  - A-1\n  - A-2\n  - A-4\n  - A-5\n  - A-6\n",
        "  - A-6\n  - A-1\n  - A-2\n  - A-8\n  - A-7\n",
    );
    b.remove("stories/alpha/A-5.md");
    run_git(
        repo.path(),
        &["mv", "stories/alpha/A-4.md", "stories/alpha/A-8.md"],
    );
    b.write(
        "stories/alpha/A-7.md",
        story(
            "Pay a lost-book fee",
            "alpha",
            "ready",
            "",
            "No criteria yet.\n",
        ),
    );
    // The fix: A-6 names a feature that exists; and says more.
    b.edit("stories/alpha/A-6.md", "feature: F-9", "feature: F-1");
    b.edit(
        "stories/alpha/A-6.md",
        "Queue.",
        "Queue, first come first served.",
    );
    // Fields and criteria.
    b.edit("stories/alpha/A-1.md", "points: 3", "points: 5");
    b.edit(
        "stories/alpha/A-1.md",
        "iteration: PI-1.2",
        "iteration: PI-1.1",
    );
    b.edit(
        "stories/alpha/A-1.md",
        "- [ ] A reserved book shows on my account",
        "- [x] A reserved book shows on my account\n- [ ] Staff see the reservation\n- [ ] The member gets an email",
    );
    b.edit(
        "stories/alpha/A-3.md",
        "Results load in a second",
        "Results load in under a second",
    );
    b.edit("stories/beta/B-1.md", "status: in-progress", "status: done");
    b.edit("teams/beta.md", "backlog: [B-1]", "backlog: []");
    // The program backlog and PI objectives.
    b.write(
        "features/F-3.md",
        "---\ntitle: Lost-book fees\ntype: feature\nstatus: backlog\n---\n",
    );
    b.edit(
        "rankdown.yaml",
        "program_backlog: [F-1]",
        "program_backlog: [F-3, F-1]",
    );
    b.edit("pis/PI-1.md", "actual_value: 7", "actual_value: 8");
    b.edit(
        "pis/PI-1.md",
        "    business_value: 5\n    committed: false",
        "    business_value: 5\n    actual_value: 4\n    committed: true",
    );
}

#[test]
fn every_kind_of_change_is_reported_in_markdown() {
    let repo = base();
    change_everything(&repo);
    let (status, markdown, stderr) = diff(&repo, &["main"]);
    assert_eq!(status, 0, "{stderr}");
    insta::assert_snapshot!(markdown);
}

#[test]
fn text_reads_backlog_text_as_written_where_markdown_escapes_it() {
    let repo = base();
    let title = "Undo HEAD~1 & <b>bold</b> for @team";
    repo.backlog.write(
        "stories/alpha/A-9.md",
        story(title, "alpha", "backlog", "", "Later."),
    );
    repo.backlog
        .edit("teams/alpha.md", "  - A-2\n", "  - A-2\n  - A-9\n");
    let (_, markdown, _) = diff(&repo, &["main"]);
    assert!(
        markdown.contains("Undo HEAD\\~1 &amp; \\<b\\>bold\\</b\\> for @\u{2060}team"),
        "{markdown}"
    );
    let (status, text, stderr) = diff(&repo, &["main", "--format", "text"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(text.contains(title), "{text}");
    assert_eq!(text.lines().count(), markdown.lines().count());
}

#[test]
fn every_kind_of_change_is_reported_in_json() {
    let repo = base();
    change_everything(&repo);
    let (status, json, _) = diff(&repo, &["main", "--format", "json"]);
    assert_eq!(status, 0);
    let value: serde_json::Value = serde_json::from_str(&json).expect("json");
    insta::assert_snapshot!(serde_json::to_string_pretty(&value).expect("json"));
}

#[test]
fn fail_on_new_errors_exits_1_only_when_the_change_introduces_errors() {
    let repo = base();
    change_everything(&repo);
    assert_eq!(diff(&repo, &["main"]).0, 0);
    let (status, markdown, _) = diff(&repo, &["main", "--fail-on-new-errors"]);
    assert_eq!(status, 1);
    assert!(
        markdown.contains("two new errors, one error fixed."),
        "{markdown}"
    );

    // Fixing errors only: exit 0.
    let repo = base();
    repo.backlog
        .edit("stories/alpha/A-6.md", "feature: F-9", "feature: F-1");
    let (status, markdown, _) = diff(&repo, &["main", "--fail-on-new-errors"]);
    assert_eq!(status, 0, "{markdown}");
    assert!(
        markdown.contains("no new errors, one error fixed."),
        "{markdown}"
    );
}

#[test]
fn two_revisions_are_read_without_touching_the_working_tree_or_the_index() {
    let repo = base();
    change_everything(&repo);
    repo.commit("Kim Park", "2026-01-07T10:00:00+00:00", "Replan alpha");
    // Uncommitted and staged edits that the comparison must not see or lose.
    repo.backlog
        .edit("stories/beta/B-1.md", "slow on phones", "slow on tablets");
    run_git(repo.path(), &["add", "stories/beta/B-1.md"]);
    repo.backlog.write("stories/beta/B-2.md", "scratch");
    let status = run_git(repo.path(), &["status", "--porcelain"]);
    let index = fs::read(repo.path().join(".git/index")).expect("index");

    let (code, between, stderr) = diff(&repo, &["main~1", "main"]);
    assert_eq!(code, 0, "{stderr}");
    let (_, with_tree, _) = diff(&repo, &["main~1"]);

    assert_eq!(run_git(repo.path(), &["status", "--porcelain"]), status);
    assert_eq!(
        fs::read(repo.path().join(".git/index")).expect("index"),
        index
    );
    assert!(between.contains("A-6 moved from 5th to 1st"), "{between}");
    assert!(
        !between.contains("tablets") && !between.contains("B-2"),
        "{between}"
    );
    assert!(with_tree.contains("slow on tablets"), "{with_tree}");
}

#[test]
fn a_base_without_the_backlog_has_everything_added() {
    let repo = Repo::init(crate::harness::Backlog::empty());
    repo.backlog.write("notes.txt", "before the backlog\n");
    repo.commit("Ana Li", "2026-01-01T10:00:00+00:00", "Notes");
    crate::harness::copy_tree(&crate::harness::fixtures().join("minimal"), repo.path());
    let (status, markdown, stderr) = diff(&repo, &["HEAD"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(markdown.contains("no backlog yet"), "{markdown}");
    assert!(
        markdown.contains("F-1 added to the program backlog at 1st, four stories added, two features added, two teams added, one PI added, one role added, no new errors."),
        "{markdown}"
    );
}

#[test]
fn no_change_says_so() {
    let repo = Repo::minimal();
    let (status, markdown, _) = diff(&repo, &["main"]);
    assert_eq!(status, 0);
    assert!(
        markdown.contains("\nNo changes to the backlog, no new errors.\n"),
        "{markdown}"
    );
}

#[test]
fn an_unknown_revision_is_an_error_naming_it() {
    let repo = Repo::minimal();
    let (status, _, stderr) = diff(&repo, &["no-such-branch"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: cannot read revision `no-such-branch`: git failed: `no-such-branch` is not a commit in this repository"
    );
    // A revision that looks like an option is a revision, never an option.
    let out = tempfile::tempdir().expect("temp dir");
    let option = format!("--output={}", out.path().join("x").display());
    let (status, _, stderr) = diff(&repo, &["--", &option]);
    assert_eq!(status, 2, "{stderr}");
    assert!(
        stderr.contains(&format!("`{option}` is not a commit")),
        "{stderr}"
    );
    assert!(!out.path().join("x").exists());
}

#[test]
fn outside_a_repository_diff_says_so() {
    let backlog = crate::harness::Backlog::minimal();
    let out = rankdown()
        .current_dir(backlog.path())
        .args(["diff", "main"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "error: cannot read revision `main`: the backlog root is not in a git repository"
    );
}

#[test]
fn a_backlog_in_a_subfolder_is_compared_from_anywhere() {
    let (top, repo) = repo::nested();
    repo.backlog
        .edit("teams/alpha.md", "  - A-1\n  - A-2\n", "  - A-2\n  - A-1\n");
    let out = rankdown()
        .current_dir(top.path())
        .args(["diff", "main", "-C", "backlog"])
        .output()
        .expect("runs");
    let markdown = String::from_utf8_lossy(&out.stdout);
    assert!(
        markdown.contains("A-2 moved from 2nd to 1st, one new error."),
        "{markdown}"
    );
}

#[test]
fn titles_cannot_inject_markdown_or_html_into_the_comment() {
    let repo = Repo::minimal();
    repo.backlog.edit(
        "stories/alpha/A-1.md",
        "title: Reserve a book",
        "title: \"<img src=x onerror=alert(1)> [click](http://evil) | **x**\"",
    );
    let (_, markdown, _) = diff(&repo, &["main"]);
    assert!(
        markdown.contains("title Reserve a book → \\<img src=x onerror=alert(1)\\> \\[click\\](http:\u{2060}//evil) \\| \\*\\*x\\*\\*"),
        "{markdown}"
    );
}

#[test]
fn removed_and_unchecked_criteria_objectives_and_program_moves() {
    let repo = Repo::minimal();
    let b = &repo.backlog;
    b.write(
        "features/F-3.md",
        "---\ntitle: Lost-book fees\ntype: feature\nstatus: backlog\n---\n",
    );
    b.edit(
        "rankdown.yaml",
        "program_backlog: [F-1]",
        "program_backlog: [F-1, F-3]",
    );
    repo.commit("Pat Moss", "2026-01-06T10:00:00+00:00", "Fees feature");
    b.edit("rankdown.yaml", "[F-1, F-3]", "[F-3, F-1]");
    b.edit("stories/alpha/A-3.md", "- [x] Results", "- [ ] Results");
    b.edit(
        "stories/alpha/A-1.md",
        "Then \"Dune\" is on their reservations",
        "Then \"Dune\" is on their list",
    );
    b.edit(
        "pis/PI-1.md",
        "  - team: beta\n    text: Sign-up without a visit\n    business_value: 5\n    committed: false\n",
        "  - team: alpha\n    text: Fees are shown\n    business_value: 3\n    committed: false\n",
    );
    let (status, markdown, stderr) = diff(&repo, &["main"]);
    assert_eq!(status, 0, "{stderr}");
    let lines: Vec<&str> = markdown.lines().collect();
    for expected in [
        "F-3 moved from 2nd to 1st, one acceptance criterion reworded in A-1, one acceptance criterion unchecked in A-3, PI objectives changed in PI-1, one new error.",
        "**Program backlog**",
        "- **F-3** moved up from 2nd to 1st",
        "- reworded: Scenario: Reserve an available book: Given a member is signed in, When they reserve \"Dune\", Then \"Dune\" is on their reservations → Scenario: Reserve an available book: Given a member is signed in, When they reserve \"Dune\", Then \"Dune\" is on their list",
        "- unchecked: Results show title and author",
        "- Added objective of Alpha: Fees are shown",
        "- Removed objective of Beta: Sign-up without a visit",
    ] {
        assert!(
            lines.contains(&expected),
            "`{expected}` is not in:\n{markdown}"
        );
    }
    b.edit(
        "stories/alpha/A-1.md",
        "- [ ] A reserved book shows on my account\n",
        "",
    );
    let (_, markdown, _) = diff(&repo, &["main"]);
    assert!(
        markdown.contains("\n- removed: A reserved book shows on my account\n"),
        "{markdown}"
    );
}

#[test]
fn a_story_moving_team_leaves_one_backlog_and_joins_the_other() {
    let repo = Repo::minimal();
    let b = &repo.backlog;
    b.edit("stories/alpha/A-2.md", "team: alpha", "team: beta");
    b.edit("teams/alpha.md", "  - A-2\n", "");
    b.edit("teams/beta.md", "backlog: [B-1]", "backlog: [A-2, B-1]");
    let (_, markdown, _) = diff(&repo, &["main"]);
    let lines: Vec<&str> = markdown.lines().collect();
    for expected in [
        "- Changed story **A-2** Cancel a reservation: team alpha → beta",
        "- **A-2** left the list (was 2nd)",
        "- **A-2** added at 1st",
    ] {
        assert!(
            lines.contains(&expected),
            "`{expected}` is not in:\n{markdown}"
        );
    }
    assert!(
        markdown.contains(
            "\nA-2 left Alpha, A-2 added to Beta at 1st, one item changed, no new errors.\n"
        ),
        "{markdown}"
    );
}

#[test]
fn a_problem_that_moves_with_its_renamed_file_is_neither_new_nor_fixed() {
    let repo = Repo::minimal();
    repo.backlog.edit(
        "stories/beta/B-1.md",
        "iteration: PI-1.2",
        "iteration: PI-9.9",
    );
    repo.commit("Bo Chen", "2026-01-06T10:00:00+00:00", "Plan B-1 far ahead");
    run_git(
        repo.path(),
        &["mv", "stories/beta/B-1.md", "stories/beta/B-9.md"],
    );
    repo.backlog.edit("teams/beta.md", "[B-1]", "[B-9]");
    fs::create_dir_all(repo.path().join("stories/later")).expect("mkdir");
    run_git(
        repo.path(),
        &["mv", "stories/alpha/A-2.md", "stories/later/A-2.md"],
    );
    let (status, markdown, _) = diff(&repo, &["main", "--fail-on-new-errors"]);
    assert_eq!(status, 0, "{markdown}");
    assert!(
        markdown.contains("\nOne story renamed, no new errors.\n"),
        "{markdown}"
    );
    assert!(markdown.contains("Errors 1 → 1"), "{markdown}");
    assert!(!markdown.contains("#### Backlog order"), "{markdown}");
}

#[test]
fn a_list_that_still_names_the_old_id_is_not_reordered() {
    let repo = Repo::minimal();
    run_git(
        repo.path(),
        &["mv", "stories/beta/B-1.md", "stories/beta/B-9.md"],
    );
    let (_, markdown, _) = diff(&repo, &["main"]);
    assert!(!markdown.contains("#### Backlog order"), "{markdown}");
    assert!(
        markdown.contains("Renamed story **B-1** to **B-9**"),
        "{markdown}"
    );
    assert!(
        markdown.contains("One story renamed, two new errors."),
        "{markdown}"
    );
}

#[test]
fn links_read_from_a_revision_as_from_the_disk() {
    let repo = Repo::minimal();
    let b = &repo.backlog;
    // A-3 lives outside the item folders and is linked back in; a folder of
    // stories is linked in; one link leaves the root, one points nowhere.
    fs::create_dir_all(repo.path().join("shared/more")).expect("mkdir");
    fs::rename(
        repo.path().join("stories/alpha/A-3.md"),
        repo.path().join("shared/A-3.md"),
    )
    .expect("move");
    b.link("stories/alpha/A-3.md", "../../shared/A-3.md");
    b.write(
        "shared/more/A-4.md",
        "---\ntitle: Renew a loan\ntype: story\nteam: alpha\nfeature: F-1\nstatus: done\npoints: 1\n---\n\n## Acceptance criteria\n\n- [x] Renewed\n",
    );
    b.link("stories/more", "../shared/more");
    b.link("stories/alpha/out.md", "../../../outside.md");
    b.link("stories/alpha/gone.md", "nowhere.md");
    b.link("stories/alpha/up", "..");
    repo.commit("Ana Li", "2026-01-06T10:00:00+00:00", "Links");
    let (status, markdown, stderr) = diff(&repo, &["HEAD"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        markdown.contains("\nNo changes to the backlog, no new errors.\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Errors 0 → 0, warnings 3 → 3."),
        "{markdown}"
    );
    // Against the commit before, the linked-in story is new.
    let (_, markdown, _) = diff(&repo, &["HEAD~1"]);
    assert!(
        markdown.contains("Added story **A-4** Renew a loan"),
        "{markdown}"
    );
}

#[test]
fn a_working_tree_without_the_backlog_is_an_error() {
    let repo = Repo::minimal();
    repo.backlog.remove("rankdown.yaml");
    let (status, _, stderr) = diff(&repo, &["main"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("has no rankdown.yaml"), "{stderr}");
}
