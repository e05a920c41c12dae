//! `rankdown init`: a starter backlog that checks clean and builds, written
//! only where asked and never over a file.

use crate::harness::Backlog;
use crate::repo::{outcome, rankdown};
use std::path::Path;

fn init(dir: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(
        rankdown()
            .arg("init")
            .arg(dir)
            .args(args)
            .args(["--today", "2026-12-03"]),
    )
}

fn files_below(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| rankdown::layout::relative(root, e.path()))
        .collect();
    files.sort();
    files
}

#[test]
fn a_new_root_checks_clean_and_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("web-shop");
    let (code, stdout, stderr) = init(&root, &["--team", "checkout"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("made a backlog root in "), "{stdout}");
    assert_eq!(
        files_below(&root),
        [
            ".gitignore",
            "README.md",
            "features/F-1.md",
            "pis/PI-1.md",
            "rankdown.yaml",
            "roles/business-owner.md",
            "roles/product-manager.md",
            "roles/product-owner.md",
            "roles/scrum-master.md",
            "stories/checkout/CHECKOUT-1.md",
            "stories/checkout/CHECKOUT-2.md",
            "teams/checkout.md",
        ]
    );
    let config = std::fs::read_to_string(root.join("rankdown.yaml")).expect("config");
    assert!(config.contains("\ntitle: Web shop\n"), "{config}");
    let pi = std::fs::read_to_string(root.join("pis/PI-1.md")).expect("PI");
    assert!(pi.contains("start: 2026-12-03\nend: 2027-02-10\n"), "{pi}");
    let (code, stdout, _) = outcome(rankdown().arg("check").arg(&root));
    assert_eq!(code, 0);
    assert!(stdout.starts_with("no errors, no warnings in "), "{stdout}");
    let (code, _, stderr) = outcome(rankdown().arg("build").arg(&root));
    assert_eq!(code, 0, "{stderr}");
    assert!(root.join("public/stories/CHECKOUT-1/index.html").is_file());
    let home = std::fs::read_to_string(root.join("public/index.html")).expect("home page");
    assert!(home.contains("<p>2 stories, 1 feature.</p>"), "{home}");
    let ignore = std::fs::read_to_string(root.join(".gitignore")).expect("ignore");
    assert!(ignore.contains("\n/public/\n"), "{ignore}");
}

#[test]
fn a_folder_with_files_is_refused_unless_forced_and_no_file_is_overwritten() {
    let backlog = Backlog::empty();
    backlog.write("README.md", "ours\n");
    let (code, _, stderr) = init(backlog.path(), &[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not empty (it holds `README.md`); use --force"),
        "{stderr}"
    );
    assert!(!backlog.path().join("rankdown.yaml").exists());
    let (code, stdout, stderr) = init(backlog.path(), &["--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(": 11 files; kept 1 that were already there: README.md\n"),
        "{stdout}"
    );
    assert_eq!(backlog.read("README.md"), "ours\n");
    let (code, _, stderr) = init(backlog.path(), &["--force"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is already a backlog root: it has rankdown.yaml"),
        "{stderr}"
    );
}

#[test]
fn a_folder_holding_only_git_counts_as_empty() {
    let backlog = Backlog::empty();
    std::fs::create_dir(backlog.path().join(".git")).expect("mkdir");
    let (code, _, stderr) = init(backlog.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn the_ci_workflow_is_the_recipe_of_the_docs() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ci.md"))
        .expect("docs/ci.md");
    for (service, path) in [
        ("github", ".github/workflows/backlog.yml"),
        ("gitlab", ".gitlab-ci.yml"),
    ] {
        let backlog = Backlog::empty();
        let (code, _, stderr) = init(backlog.path(), &["--ci", service]);
        assert_eq!(code, 0, "{stderr}");
        let workflow = backlog.read(path);
        let marker = format!("<!-- recipe: {service} -->\n```yaml\n{workflow}```");
        assert!(docs.contains(&marker), "{service}: {workflow}");
    }
}

#[test]
fn a_team_id_that_is_not_an_id_is_refused() {
    let backlog = Backlog::empty();
    let (code, _, stderr) = init(backlog.path(), &["--team", "web shop"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`web shop` is not a valid team id"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(backlog.path()).expect("dir").count(), 0);
}
