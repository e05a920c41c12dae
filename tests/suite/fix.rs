//! `rankdown fix`: every fixable finding of `tests/fixtures/fix` is fixed,
//! everything else in the files stays byte for byte, and `--dry-run` writes
//! nothing.

use crate::harness::Backlog;
use assert_cmd::Command;
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;

fn rankdown(backlog: &Backlog) -> Command {
    let mut cmd = Command::cargo_bin("rankdown").expect("binary");
    cmd.env_remove("CLICOLOR_FORCE").current_dir(backlog.path());
    cmd
}

/// Runs rankdown in the backlog with `args`; its exit code, stdout, stderr.
fn run(backlog: &Backlog, args: &[&str]) -> (i32, String, String) {
    let out = rankdown(backlog).args(args).output().expect("runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

/// Every file below the root: its bytes and its inode (a file replaced by
/// a rename gets a new one, so an unchanged inode means it was not written).
fn files(backlog: &Backlog) -> BTreeMap<String, (Vec<u8>, u64)> {
    walkdir::WalkDir::new(backlog.path())
        .into_iter()
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(backlog.path()).expect("inside");
            let bytes = std::fs::read(e.path()).expect("read");
            let inode = e.metadata().expect("metadata").ino();
            (path.to_string_lossy().into_owned(), (bytes, inode))
        })
        .collect()
}

/// The paths whose bytes or inode differ between two listings.
fn touched(
    before: &BTreeMap<String, (Vec<u8>, u64)>,
    after: &BTreeMap<String, (Vec<u8>, u64)>,
) -> Vec<String> {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "no file may be added or removed"
    );
    let changed = before.iter().filter(|(path, old)| after[*path] != **old);
    changed.map(|(path, _)| path.clone()).collect()
}

/// Each edited file as the fixes must leave it: the fixture's text with
/// exactly these replacements.
fn fixed_files(fixture: &Backlog, accept: bool) -> BTreeMap<&'static str, String> {
    let edit = |path: &str, pairs: &[(&str, &str)]| {
        let mut text = fixture.read(path);
        for (from, to) in pairs {
            assert!(text.contains(from), "`{from}` in {path}");
            text = text.replacen(from, to, 1);
        }
        text
    };
    let mut files = BTreeMap::from([
        (
            "rankdown.yaml",
            edit(
                "rankdown.yaml",
                &[
                    ("product_manger:", "product_manager:"),
                    ("[F-1,  F-2, F-1]", "[F-1,  F-2, F-3]"),
                ],
            ),
        ),
        (
            "teams/alpha.md",
            edit(
                "teams/alpha.md",
                &[
                    (
                        "    - A-3        # needs A-1 first\n    - A-1\n",
                        "    - A-1\n    - A-3        # needs A-1 first\n",
                    ),
                    ("    - A-2\n\n", "\n"),
                    ("    - A-5\n", "    - A-5\n    - A-4\n"),
                ],
            ),
        ),
        (
            "teams/beta.md",
            edit(
                "teams/beta.md",
                &[("[B-2, B-3, B-1]", "[B-1, B-2, B-3, B-4]")],
            ),
        ),
        (
            "stories/alpha/A-5.md",
            edit("stories/alpha/A-5.md", &[("depend_on:", "depends_on:")]),
        ),
        (
            "features/F-2.md",
            edit("features/F-2.md", &[("job_sise:", "job_size:")]),
        ),
    ]);
    if accept {
        let ticked = edit(
            "stories/alpha/A-6.md",
            &[
                ("- [ ] Works offline", "- [x] Works offline"),
                ("* [ ]   Works", "* [x]   Works"),
            ],
        );
        files.insert("stories/alpha/A-6.md", ticked);
    }
    files
}

const FIXED_LINES: &str = "\
fixed features/F-2.md: rename `job_sise` to `job_size` [RD103]
fixed rankdown.yaml: keep `F-1` only at its first place in `program_backlog:` [RD302]
fixed rankdown.yaml: add `F-3` at the bottom of `program_backlog:` [RD305]
fixed rankdown.yaml: rename `product_manger` to `product_manager` [RD103]
fixed stories/alpha/A-5.md: rename `depend_on` to `depends_on` [RD103]
fixed teams/alpha.md: keep `A-2` only at its first place in `backlog:` [RD302]
fixed teams/alpha.md: move `A-3` to just below `A-1` in `backlog:` [RD304]
fixed teams/alpha.md: add `A-4` at the bottom of `backlog:` [RD301]
fixed teams/beta.md: move `B-2` to just below `B-1` in `backlog:` [RD304]
fixed teams/beta.md: add `B-4` at the bottom of `backlog:` [RD301]
fixed teams/beta.md: move `B-3` to just below `B-2` in `backlog:` [RD304]
11 fixes made in 5 files
";

#[test]
fn fix_fixes_every_finding_it_can_and_keeps_every_other_byte() {
    let fixture = Backlog::copy_of("fix");
    let before = files(&fixture);
    let (code, stdout, _) = run(&fixture, &["fix"]);
    assert_eq!(code, 1, "the unchecked criteria are still errors\n{stdout}");
    assert!(stdout.starts_with(&format!("{FIXED_LINES}\n")), "{stdout}");
    let expected = fixed_files(&Backlog::copy_of("fix"), false);
    for (path, text) in &expected {
        assert_eq!(&fixture.read(path), text, "{path}");
    }
    let names: Vec<&str> = expected.keys().copied().collect();
    assert_eq!(touched(&before, &files(&fixture)), names);
    // What is left: the criteria only a person can tick, and a field no
    // known one is close to.
    let left =
        crate::harness::compact(&rankdown::check(fixture.path()).expect("check").diagnostics);
    let codes: Vec<&str> = left.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(
        codes,
        [
            "stories/alpha/A-5.md:8:1: warning[RD103] unknown field `colour`",
            "stories/alpha/A-6.md:13:1: error[RD404] story `A-6` is accepted but this criterion is not checked",
            "stories/alpha/A-6.md:14:1: error[RD404] story `A-6` is accepted but this criterion is not checked",
        ]
    );
    assert!(
        stdout.ends_with(
            "2 errors, 1 warning in . (11 stories, 4 features, 3 teams, 0 PIs, 1 role)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn with_accept_the_criteria_are_ticked_and_the_backlog_checks() {
    let fixture = Backlog::copy_of("fix");
    let before = files(&fixture);
    let (code, stdout, _) = run(&fixture, &["fix", "--accept", "."]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with(
        "fixed features/F-2.md: rename `job_sise` to `job_size` [RD103]\n\
         fixed rankdown.yaml: keep `F-1` only at its first place in `program_backlog:` [RD302]\n"
    ));
    assert!(stdout.contains(
        "fixed stories/alpha/A-6.md: mark this criterion met (`- [x]`) [RD404]\n\
         fixed stories/alpha/A-6.md: mark this criterion met (`- [x]`) [RD404]\n"
    ));
    assert!(stdout.contains("13 fixes made in 6 files\n"), "{stdout}");
    let expected = fixed_files(&Backlog::copy_of("fix"), true);
    for (path, text) in &expected {
        assert_eq!(&fixture.read(path), text, "{path}");
    }
    let names: Vec<&str> = expected.keys().copied().collect();
    assert_eq!(touched(&before, &files(&fixture)), names);
    let (code, stdout, _) = run(&fixture, &["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.ends_with(
            "0 errors, 1 warning in . (11 stories, 4 features, 3 teams, 0 PIs, 1 role)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn fixing_again_finds_nothing_to_fix() {
    let fixture = Backlog::copy_of("fix");
    run(&fixture, &["fix", "--accept"]);
    let before = files(&fixture);
    let (code, stdout, _) = run(&fixture, &["fix", "--accept"]);
    assert_eq!(code, 0);
    assert!(
        stdout.starts_with("nothing to fix\n\nwarning[RD103]: unknown field `colour`"),
        "{stdout}"
    );
    assert_eq!(touched(&before, &files(&fixture)), Vec::<String>::new());
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let fixture = Backlog::copy_of("fix");
    let before = files(&fixture);
    let (code, stdout, stderr) = run(&fixture, &["fix", "--dry-run"]);
    assert_eq!(code, 1, "errors would remain: {stderr}");
    assert_eq!(touched(&before, &files(&fixture)), Vec::<String>::new());
    assert_eq!(stdout, DIFF);
    let would = FIXED_LINES.replace("fixed ", "would fix ").replace(
        "11 fixes made in 5 files",
        "11 fixes would be made in 5 files; nothing was written",
    );
    assert!(stderr.starts_with(&would), "{stderr}");
}

#[test]
fn an_absolute_root_gives_a_diff_git_applies_where_it_is_run() {
    let fixture = Backlog::copy_of("fix");
    let root = fixture.path().to_str().expect("UTF-8 path").to_string();
    // From elsewhere: paths from the root, as `git -C ROOT apply` takes them.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = rankdown(&fixture)
        .current_dir(elsewhere.path())
        .args(["fix", "--dry-run", &root])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), DIFF);
    // From the folder holding the root: paths from there.
    let parent = fixture.path().parent().expect("parent");
    let name = fixture.path().file_name().expect("name").to_string_lossy();
    let out = rankdown(&fixture)
        .current_dir(parent)
        .args(["fix", "--dry-run", &root])
        .output()
        .expect("runs");
    let from_parent = DIFF
        .replace("--- a/", &format!("--- a/{name}/"))
        .replace("+++ b/", &format!("+++ b/{name}/"));
    assert_eq!(String::from_utf8_lossy(&out.stdout), from_parent);
    // From the same folder reached through a link: the same paths.
    let links = tempfile::tempdir().expect("temp dir");
    let link = links.path().join("here");
    std::os::unix::fs::symlink(parent, &link).expect("link");
    let out = rankdown(&fixture)
        .current_dir(&link)
        .args(["fix", "--dry-run", &link.join(&*name).to_string_lossy()])
        .output()
        .expect("runs");
    assert_eq!(String::from_utf8_lossy(&out.stdout), from_parent);
}

const DIFF: &str = "\
--- a/features/F-2.md
+++ b/features/F-2.md
@@ -6,5 +6,5 @@
   business_value: 8
   time_criticality: 5
   risk_reduction: 3
-  job_sise: 5     # misspelt: job_size
+  job_size: 5     # misspelt: job_size
 ---
--- a/rankdown.yaml
+++ b/rankdown.yaml
@@ -2,7 +2,7 @@
 # with comments and odd spacing that the fixes must keep.
 title: Fix Train
 base_url: /
-product_manger: Pat Moss        # misspelt: product_manager
-program_backlog: [F-1,  F-2, F-1]   # by WSJF; F-1 twice, F-3 missing
+product_manager: Pat Moss        # misspelt: product_manager
+program_backlog: [F-1,  F-2, F-3]   # by WSJF; F-1 twice, F-3 missing
 definition_of_done:
   - Code reviewed
--- a/stories/alpha/A-5.md
+++ b/stories/alpha/A-5.md
@@ -4,7 +4,7 @@
 team: alpha
 feature: F-1
 status: backlog
-depend_on: [A-2]   # misspelt: depends_on
+depends_on: [A-2]   # misspelt: depends_on
 colour: red                # unknown, and no field is close
 ---
 
--- a/teams/alpha.md
+++ b/teams/alpha.md
@@ -4,13 +4,13 @@
 capacity: 10
 backlog:
     # top of the list
+    - A-1
     - A-3        # needs A-1 first
-    - A-1
     -   \"A-2\"    # quoted, and listed twice
-    - A-2
 
     # parked
     - A-5
+    - A-4
 ---
 
 The Alpha team. A-4 is missing from its backlog.
--- a/teams/beta.md
+++ b/teams/beta.md
@@ -1,7 +1,7 @@
 ---\r
 title: Beta\r
 product_owner: Bo Chen\r
-backlog: [B-2, B-3, B-1]  # B-3 needs B-2 needs B-1\r
+backlog: [B-1, B-2, B-3, B-4]  # B-3 needs B-2 needs B-1\r
 ---\r
 \r
 Windows line endings.\r
";

#[test]
fn json_carries_each_fix() {
    let fixture = Backlog::copy_of("fix");
    let (code, stdout, _) = run(&fixture, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let diagnostics = json["diagnostics"].as_array().expect("list");
    let fixes: Vec<serde_json::Value> = diagnostics
        .iter()
        .filter(|d| d.get("fix").is_some())
        .map(|d| serde_json::json!({"code": d["code"], "fix": d["fix"]}))
        .collect();
    assert_eq!(serde_json::Value::Array(fixes), expected_fixes());
    // A finding no fix resolves has no `fix` at all.
    let colour = diagnostics
        .iter()
        .find(|d| d["message"] == "unknown field `colour`");
    assert_eq!(colour.map(|d| d.get("fix")), Some(None));
}

/// The `fix` of each finding of the fixture, in the order of the findings.
fn expected_fixes() -> serde_json::Value {
    let always = |code: &str, description: &str, file: &str, edit: serde_json::Value| {
        serde_json::json!({"code": code, "fix": {
            "description": description, "applicability": "always", "file": file, "edit": edit,
        }})
    };
    let tick = |line: usize| {
        serde_json::json!({"code": "RD404", "fix": {
            "description": "mark this criterion met (`- [x]`)", "applicability": "with-accept",
            "file": "stories/alpha/A-6.md", "edit": {"kind": "tick-task", "line": line},
        }})
    };
    let add = |key: &str, id: &str| serde_json::json!({"kind": "add-entry", "key": key, "id": id});
    let rename = |path: &[&str], to: &str| serde_json::json!({"kind": "rename-field", "path": path, "to": to});
    let repeats =
        |key: &str, id: &str| serde_json::json!({"kind": "remove-repeats", "key": key, "id": id});
    let below = |id: &str, below: &str| serde_json::json!({"kind": "move-below", "key": "backlog", "id": id, "below": below});
    serde_json::json!([
        always(
            "RD103",
            "rename `job_sise` to `job_size`",
            "features/F-2.md",
            rename(&["wsjf", "job_sise"], "job_size")
        ),
        always(
            "RD305",
            "add `F-3` at the bottom of `program_backlog:`",
            "rankdown.yaml",
            add("program_backlog", "F-3")
        ),
        always(
            "RD103",
            "rename `product_manger` to `product_manager`",
            "rankdown.yaml",
            rename(&["product_manger"], "product_manager")
        ),
        always(
            "RD302",
            "keep `F-1` only at its first place in `program_backlog:`",
            "rankdown.yaml",
            repeats("program_backlog", "F-1")
        ),
        always(
            "RD301",
            "add `A-4` at the bottom of `backlog:`",
            "teams/alpha.md",
            add("backlog", "A-4")
        ),
        always(
            "RD103",
            "rename `depend_on` to `depends_on`",
            "stories/alpha/A-5.md",
            rename(&["depend_on"], "depends_on")
        ),
        tick(13),
        tick(14),
        always(
            "RD301",
            "add `B-4` at the bottom of `backlog:`",
            "teams/beta.md",
            add("backlog", "B-4")
        ),
        always(
            "RD304",
            "move `A-3` to just below `A-1` in `backlog:`",
            "teams/alpha.md",
            below("A-3", "A-1")
        ),
        always(
            "RD302",
            "keep `A-2` only at its first place in `backlog:`",
            "teams/alpha.md",
            repeats("backlog", "A-2")
        ),
        always(
            "RD304",
            "move `B-2` to just below `B-1` in `backlog:`",
            "teams/beta.md",
            below("B-2", "B-1")
        ),
    ])
}

#[test]
fn a_dependency_cycle_is_left_and_reported() {
    let fixture = Backlog::copy_of("fix");
    let story = |id: &str, other: &str| {
        format!(
            "---\ntitle: {id}\ntype: story\nteam: gamma\nfeature: F-1\nstatus: backlog\ndepends_on: [{other}]\n---\n"
        )
    };
    fixture
        .write("stories/gamma/G-2.md", story("G-2", "G-3"))
        .write("stories/gamma/G-3.md", story("G-3", "G-2"))
        .write(
            "teams/gamma.md",
            "---\ntitle: Gamma\nproduct_owner: Ana Li\nbacklog: [G-1, G-2, G-3]\n---\n",
        );
    let before = files(&fixture);
    let (code, stdout, _) = run(&fixture, &["fix", "--accept"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("error[RD203]: dependency cycle: G-2 → G-3 → G-2\n"),
        "{stdout}"
    );
    assert!(!stdout.contains("gamma.md:"), "{stdout}");
    let changed = touched(&before, &files(&fixture));
    assert!(
        !changed
            .iter()
            .any(|p| p.contains("gamma") || p.contains("G-")),
        "{changed:?}"
    );
    assert!(
        stdout.ends_with(
            "1 error, 1 warning in . (13 stories, 4 features, 3 teams, 0 PIs, 1 role)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn a_file_linked_out_of_the_root_is_not_written_nor_anything_else() {
    let fixture = Backlog::copy_of("fix");
    let outside = tempfile::tempdir().expect("temp dir");
    let config = outside.path().join("rankdown.yaml");
    std::fs::rename(fixture.path().join("rankdown.yaml"), &config).expect("move");
    std::os::unix::fs::symlink(&config, fixture.path().join("rankdown.yaml")).expect("link");
    let config_before = std::fs::read(&config).expect("read");
    let before = files(&fixture);
    let (code, _, stderr) = run(&fixture, &["fix"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: `rankdown.yaml` is a link out of the backlog root; not changed\n"
    );
    assert_eq!(std::fs::read(&config).expect("read"), config_before);
    assert_eq!(touched(&before, &files(&fixture)), Vec::<String>::new());
}

#[test]
fn a_link_inside_the_root_is_followed_and_kept() {
    let fixture = Backlog::copy_of("fix");
    let expected = fixed_files(&fixture, false)["teams/beta.md"].clone();
    std::fs::create_dir(fixture.path().join("shared")).expect("mkdir");
    std::fs::rename(
        fixture.path().join("teams/beta.md"),
        fixture.path().join("shared/beta.md"),
    )
    .expect("move");
    std::os::unix::fs::symlink("../shared/beta.md", fixture.path().join("teams/beta.md"))
        .expect("link");
    run(&fixture, &["fix"]);
    assert!(fixture.path().join("teams/beta.md").is_symlink());
    assert_eq!(fixture.read("shared/beta.md"), expected);
}
