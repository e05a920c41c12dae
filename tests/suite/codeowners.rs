//! `rankdown codeowners`: approval asked of whoever's role owns the content.

use crate::harness::Backlog;
use crate::repo::{self, Repo, outcome, rankdown};
use std::path::Path;

/// Runs `rankdown codeowners args` on `root`: status, stdout, stderr.
fn codeowners(root: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(rankdown().arg("codeowners").arg(root).args(args))
}

const PEOPLE: &str =
    "people:\n  Ana Li: \"@ana-li\"\n  Bo Chen: \"@bochen\"\n  Pat Moss: \"@pmoss\"\n";

/// The minimal backlog with handles for everyone and a Product Manager role.
fn with_people(backlog: &Backlog) {
    let config = backlog.read("rankdown.yaml");
    backlog.write("rankdown.yaml", format!("{config}{PEOPLE}"));
    backlog.write(
        "roles/product-manager.md",
        "---\ntitle: Product Manager\nowns: [feature, program-backlog]\nresponsibilities: [Order the program backlog]\n---\n",
    );
}

/// The rules of a CODEOWNERS text, comments and blank lines left out.
fn rules(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

#[test]
fn product_owners_own_their_team_and_stories_and_the_product_manager_the_program() {
    let repo = Repo::minimal();
    with_people(&repo.backlog);
    let (status, text, stderr) = codeowners(repo.path(), &[]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(stderr, "");
    // B-1 is a defect, which the Product Owner role of the minimal backlog
    // does not own; every alpha story is a story, so the folder is folded.
    assert_eq!(
        rules(&text),
        [
            "/features/ @pmoss",
            "/rankdown.yaml @pmoss",
            "/stories/alpha/ @ana-li",
            "/teams/alpha.md @ana-li",
            "/teams/beta.md @bochen",
        ]
    );
    assert!(
        text.starts_with("# Made by `rankdown codeowners`"),
        "{text}"
    );
}

#[test]
fn business_owners_own_the_pi_files() {
    let repo = Repo::minimal();
    with_people(&repo.backlog);
    let b = &repo.backlog;
    b.edit(
        "rankdown.yaml",
        "product_manager: Pat Moss\n",
        "product_manager: Pat Moss\nbusiness_owners: [Kay Wu, Pat Moss]\n",
    );
    b.edit(
        "rankdown.yaml",
        "people:\n",
        "people:\n  Kay Wu: \"@kwu\"\n",
    );
    b.write(
        "roles/business-owner.md",
        "---\ntitle: Business Owner\nowns: [pi-objective-value]\nresponsibilities: [Rate the objectives]\n---\n",
    );
    let (status, text, stderr) = codeowners(repo.path(), &[]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    assert!(rules(&text).contains(&"/pis/ @kwu @pmoss"), "{text}");
    // A PI naming its own Business Owners is theirs alone.
    b.write(
        "pis/PI-2.md",
        "---\ntitle: PI 2\nstart: 2026-02-02\nend: 2026-02-27\nbusiness_owners: [Bo Chen]\n---\n",
    );
    let (status, text, stderr) = codeowners(repo.path(), &[]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let rules = rules(&text);
    for rule in ["/pis/PI-1.md @kwu @pmoss", "/pis/PI-2.md @bochen"] {
        assert!(rules.contains(&rule), "{rule} not in:\n{text}");
    }
}

#[test]
fn a_folder_with_a_file_of_other_owners_is_listed_file_by_file() {
    let repo = Repo::minimal();
    with_people(&repo.backlog);
    repo.backlog.write(
        "stories/alpha/A-9.md",
        "---\ntitle: Broken scanner\ntype: defect\nteam: alpha\nstatus: done\n---\n",
    );
    repo.backlog.write(
        "stories/beta team/B-2.md",
        "---\ntitle: Sign-up by email\ntype: story\nteam: beta\nfeature: F-1\nstatus: done\n---\n",
    );
    let (_, text, _) = codeowners(repo.path(), &[]);
    assert_eq!(
        rules(&text),
        [
            "/features/ @pmoss",
            "/rankdown.yaml @pmoss",
            "/stories/alpha/A-1.md @ana-li",
            "/stories/alpha/A-2.md @ana-li",
            "/stories/alpha/A-3.md @ana-li",
            r"/stories/beta\ team/ @bochen",
            "/teams/alpha.md @ana-li",
            "/teams/beta.md @bochen",
        ]
    );
}

#[test]
fn paths_start_at_the_top_of_the_repository() {
    let (_top, repo) = repo::nested();
    with_people(&repo.backlog);
    let (_, text, _) = codeowners(repo.path(), &[]);
    assert!(
        rules(&text).contains(&"/backlog/teams/alpha.md @ana-li"),
        "{text}"
    );
}

#[test]
fn someone_without_a_handle_is_warned_about_and_listed_in_a_comment() {
    let backlog = Backlog::minimal();
    with_people(&backlog);
    backlog.edit("rankdown.yaml", "  Bo Chen: \"@bochen\"\n", "");
    let (status, text, stderr) = codeowners(backlog.path(), &[]);
    assert_eq!(status, 0);
    assert!(
        stderr.contains(
            "warning[RD602]: `Bo Chen` holds the role Product Owner but has no handle in `people`"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: paths are relative to the backlog root: the backlog root is not in a git repository"),
        "{stderr}"
    );
    assert!(!text.contains("/teams/beta.md"), "{text}");
    assert!(
        text.ends_with("# Not asked, for want of a handle under `people:` in rankdown.yaml:\n#   Bo Chen: teams/beta.md\n"),
        "{text}"
    );
}

#[test]
fn without_a_people_map_it_says_how_to_add_one() {
    let backlog = Backlog::minimal();
    let (status, text, stderr) = codeowners(backlog.path(), &[]);
    assert_eq!(status, 2);
    assert_eq!(text, "");
    assert!(
        stderr.starts_with(
            "error: rankdown.yaml has no `people:` map: add one with each person's code-host handle"
        ),
        "{stderr}"
    );
}

#[test]
fn output_writes_the_file_and_check_tells_when_it_is_out_of_date() {
    let backlog = Backlog::minimal();
    with_people(&backlog);
    let out = tempfile::tempdir().expect("temp dir");
    let file = out.path().join(".github/CODEOWNERS");
    let file_arg = file.to_str().expect("utf-8 path");
    let (status, said, _) = codeowners(backlog.path(), &["-o", file_arg]);
    assert_eq!(status, 0);
    assert_eq!(said, format!("wrote {file_arg} (5 rules)\n"));
    let (_, printed, _) = codeowners(backlog.path(), &[]);
    assert_eq!(std::fs::read_to_string(&file).expect("written"), printed);

    assert_eq!(
        codeowners(backlog.path(), &["-o", file_arg, "--check"]).0,
        0
    );
    backlog.edit(
        "teams/beta.md",
        "product_owner: Bo Chen",
        "product_owner: Ana Li",
    );
    let (status, _, stderr) = codeowners(backlog.path(), &["-o", file_arg, "--check"]);
    assert_eq!(status, 1);
    assert!(
        stderr.ends_with(&format!(
            "\n{file_arg} is out of date: run `rankdown codeowners -o {file_arg}`\n"
        )),
        "{stderr}"
    );
    // --check writes nothing.
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), printed);
}

#[test]
fn a_folder_holding_files_the_backlog_does_not_read_is_not_given_away_whole() {
    // In a repository, the tracked files count; outside one, the files on disk.
    let repo = Repo::minimal();
    with_people(&repo.backlog);
    repo.backlog.write("stories/alpha/img/plan.png", "PNG");
    repo.commit("Ana Li", "2026-01-06T10:00:00+00:00", "A plan");
    let plain = Backlog::minimal();
    with_people(&plain);
    plain.write("stories/alpha/.drafts/B-1.md", "draft");
    for root in [repo.path(), plain.path()] {
        let (_, text, _) = codeowners(root, &[]);
        let rules = rules(&text);
        assert!(!rules.contains(&"/stories/alpha/ @ana-li"), "{text}");
        assert!(rules.contains(&"/stories/alpha/A-1.md @ana-li"), "{text}");
    }
}

#[test]
fn a_name_cannot_add_a_rule() {
    let backlog = Backlog::minimal();
    with_people(&backlog);
    backlog.edit(
        "teams/beta.md",
        "product_owner: Bo Chen",
        r#"product_owner: "Bo\n/** @mallory\n#""#,
    );
    let (status, text, _) = codeowners(backlog.path(), &[]);
    assert_eq!(status, 0);
    let rules_naming_mallory = rules(&text)
        .into_iter()
        .filter(|rule| rule.contains("@mallory"))
        .count();
    assert_eq!(rules_naming_mallory, 0, "{text}");
    assert!(
        text.contains("#   Bo /** @mallory #: teams/beta.md\n"),
        "{text}"
    );
}

#[test]
fn a_backlog_with_errors_gets_a_note_that_unread_files_have_no_owners() {
    let backlog = Backlog::minimal();
    with_people(&backlog);
    backlog.write("teams/beta.md", "---\ntitle: Beta\n---\n");
    let (status, text, stderr) = codeowners(backlog.path(), &[]);
    assert_eq!(status, 0);
    assert!(
        stderr.contains("note: the backlog has 1 error (see `rankdown check`); files that did not load have no owners"),
        "{stderr}"
    );
    assert!(!text.contains("/teams/beta.md"), "{text}");
}

#[test]
fn output_never_overwrites_a_file_or_folder_of_the_backlog() {
    let backlog = Backlog::minimal();
    with_people(&backlog);
    let config = backlog.read("rankdown.yaml");
    for (target, what) in [
        ("rankdown.yaml", "file"),
        ("stories/CODEOWNERS", "folder"),
        ("templates/CODEOWNERS", "folder"),
    ] {
        let path = backlog.path().join(target);
        let arg = path.to_str().expect("utf-8 path");
        let (status, said, stderr) = codeowners(backlog.path(), &["-o", arg]);
        assert_eq!((status, said.as_str()), (2, ""), "{target}: {stderr}");
        assert_eq!(
            stderr.trim(),
            format!(
                "error: refusing to write the CODEOWNERS file to `{arg}`: rankdown reads that {what} of the backlog"
            )
        );
    }
    assert_eq!(backlog.read("rankdown.yaml"), config);
    assert!(!backlog.path().join("stories/CODEOWNERS").exists());

    let git_file = backlog.path().join(".git/CODEOWNERS");
    let (status, _, stderr) =
        codeowners(backlog.path(), &["-o", git_file.to_str().expect("utf-8")]);
    assert_eq!(status, 2);
    assert!(stderr.contains("it is inside a .git folder"), "{stderr}");
    assert!(!backlog.path().join(".git").exists());
}
