//! `rankdown import`: a Backlog.md project, a DevStories project and a
//! Ticketbox backlog (through the mapping in docs/import.md) made into
//! roots that check and build, with every skipped file and decision listed.

mod devstories;
mod faithful;
mod jira;
mod update;

use crate::harness::{copy_tree, fixtures};
use crate::repo::{outcome, rankdown};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// A temporary folder holding a copy of a fixture source as `src/`.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn with(fixture: &str) -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(
            &fixtures().join("import").join(fixture),
            &dir.path().join("src"),
        );
        Workspace { dir }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Runs `rankdown import args` in the workspace: status, stdout, stderr.
    fn import(&self, args: &[&str]) -> (i32, String, String) {
        outcome(
            rankdown()
                .current_dir(self.dir.path())
                .arg("import")
                .args(args),
        )
    }

    fn read(&self, relative: &str) -> String {
        fs::read_to_string(self.path(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
    }

    /// Builds the new root `out` into `site` (without history); its path.
    fn build(&self) -> PathBuf {
        let site = self.path("site");
        let (status, _, stderr) = outcome(
            rankdown()
                .arg("build")
                .arg(self.path("out"))
                .arg("-o")
                .arg(&site)
                .arg("--no-history"),
        );
        assert_eq!(status, 0, "{stderr}");
        site
    }

    /// A story's front matter.
    fn front(&self, relative: &str) -> serde_yaml::Value {
        let text = self.read(relative);
        let yaml = text.split("---\n").nth(1).expect("front matter");
        serde_yaml::from_str(yaml).expect("yaml")
    }
}

/// The texts of a YAML list (none when it is not one).
fn strings(value: &serde_yaml::Value) -> Vec<&str> {
    value.as_sequence().map_or(Vec::new(), |l| {
        l.iter().filter_map(|v| v.as_str()).collect()
    })
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).expect("prefix").to_path_buf(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

const BACKLOG_MD: [&str; 8] = [
    "backlog-md",
    "src",
    "-o",
    "out",
    "--team",
    "web",
    "--product-owner",
    "Dana Ortiz",
];

#[test]
fn a_backlog_md_project_becomes_a_root_that_checks_and_builds() {
    let w = Workspace::with("backlog-md");
    let source = tree(&w.path("src"));
    let (status, summary, stderr) = w.import(&BACKLOG_MD);
    assert_eq!(status, 0, "{stderr}");
    insta::assert_snapshot!(summary);
    assert_eq!(tree(&w.path("src")), source, "the source changed");

    let (status, check, _) = outcome(rankdown().arg("check").arg(w.path("out")));
    assert_eq!(status, 0, "{check}");
    assert!(check.starts_with("no errors, no warnings"), "{check}");
    let site = w.build();
    assert!(site.join("stories/BIKE-002/index.html").is_file());
}

#[test]
fn statuses_types_and_labels_are_mapped() {
    let w = Workspace::with("backlog-md");
    let mut args = BACKLOG_MD.to_vec();
    args.push("--include-archive");
    let (status, summary, _) = w.import(&args);
    assert_eq!(status, 0);
    // The archived copy of an id loses to the current one.
    assert!(
        summary.contains("\n  backlog/archive/tasks/bike-010 - Walk-in-queue-display.md: id `BIKE-010` is also in `backlog/tasks/bike-010 - Walk-in-queue-kiosk.md`, which is kept\n"),
        "{summary}"
    );
    assert_eq!(
        w.front("out/stories/BIKE-010.md")["extra"]["imported_from"].as_str(),
        Some("backlog/tasks/bike-010 - Walk-in-queue-kiosk.md")
    );
    // A nested dependency list is flattened; a title comes from the file name.
    let nine = w.front("out/stories/BIKE-009.md");
    let nested: Vec<&str> = nine["depends_on"]
        .as_sequence()
        .expect("list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(nested, ["BIKE-002", "BIKE-004", "BIKE-005"]);
    assert_eq!(
        w.front("out/stories/BIKE-014.md")["title"].as_str(),
        Some("Spare parts inventory sync")
    );
    let got: Vec<String> = [
        "BIKE-003.01",
        "BIKE-005",
        "BIKE-009",
        "bike-013",
        "BIKE-007",
        "task-2",
        "DRAFT-1",
        "BIKE-015",
        "BIKE-001",
    ]
    .iter()
    .map(|id| {
        let front = w.front(&format!("out/stories/{id}.md"));
        let labels: Vec<&str> = front["labels"].as_sequence().map_or(Vec::new(), |l| {
            l.iter().filter_map(|v| v.as_str()).collect()
        });
        format!(
            "{id} {} {} [{}]",
            front["status"].as_str().unwrap_or("?"),
            front["type"].as_str().unwrap_or("?"),
            labels.join(" ")
        )
    })
    .collect();
    assert_eq!(
        got,
        [
            "BIKE-003.01 in-progress story [backend]",
            "BIKE-005 backlog story [frontend]",
            "BIKE-009 backlog story [frontend]",
            "bike-013 done story [ops]",
            "BIKE-007 done story [backend]",
            "task-2 done story [wont-do archived]",
            "DRAFT-1 backlog story [payments draft]",
            "BIKE-015 backlog defect [frontend calendar]",
            "BIKE-001 done enabler [ops]",
        ]
    );
    let parent = w.front("out/stories/BIKE-003.02.md");
    assert_eq!(parent["feature"].as_str(), Some("BIKE-003"));
    assert_eq!(
        w.front("out/stories/BIKE-002.md")["feature"].as_str(),
        Some("m-1")
    );
    assert_eq!(
        w.front("out/stories/BIKE-012.md")["feature"].as_str(),
        Some("M-Spring-Launch")
    );
    assert_eq!(
        w.front("out/features/BIKE-003.md")["status"].as_str(),
        Some("implementing")
    );
    assert_eq!(
        w.front("out/features/m-1.md")["title"].as_str(),
        Some("Booking MVP")
    );
}

#[test]
fn acceptance_criteria_keep_their_checked_state_and_code_stays_code() {
    let w = Workspace::with("backlog-md");
    assert_eq!(w.import(&BACKLOG_MD).0, 0);
    // The criteria as rankdown reads them.
    let criteria = |id: &str| -> Vec<String> {
        let text = w.read(&format!("out/stories/{id}.md"));
        let body = text.splitn(3, "---\n").nth(2).unwrap_or_default();
        let found = rankdown::load::criteria_of(body);
        found
            .tasks
            .iter()
            .map(|t| format!("- [{}] {}", if t.checked { "x" } else { " " }, t.text))
            .collect()
    };
    assert_eq!(
        criteria("BIKE-002"),
        [
            "- [x] Services are loaded from the services table, not hard-coded",
            "- [ ] Each card shows price, duration and a Book button",
            "- [x] Page works without JavaScript",
        ]
    );
    let old_style = criteria("bike-013");
    assert_eq!(old_style.len(), 3, "{old_style:?}");
    assert_eq!(
        old_style.iter().filter(|c| c.starts_with("- [x] ")).count(),
        2
    );
    // BIKE-006 explains the format: marker text in code is kept as text.
    let documented = w.read("out/stories/BIKE-006.md");
    assert_eq!(criteria("BIKE-006").len(), 3, "{documented}");
    assert!(
        criteria("BIKE-006").iter().all(|c| c.starts_with("- [ ] ")),
        "{documented}"
    );
    assert!(documented.contains("<!-- AC:BEGIN -->"), "{documented}");
    assert!(!w.read("out/stories/BIKE-002.md").contains("<!--"));
    assert!(
        w.read("out/stories/BIKE-002.md")
            .contains("## Definition of Done\n- [x] Tests pass locally and in CI\n")
    );
}

#[test]
fn the_team_backlog_is_ordered_by_ordinal_priority_and_id() {
    let w = Workspace::with("backlog-md");
    assert_eq!(w.import(&BACKLOG_MD).0, 0);
    let team = w.front("out/teams/web.md");
    let order: Vec<&str> = team["backlog"]
        .as_sequence()
        .expect("backlog")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "BIKE-002",
            "BIKE-011",
            "BIKE-003.01",
            "BIKE-004",
            "BIKE-005",
            "BIKE-006",
            "BIKE-010",
            "BIKE-012",
            "BIKE-009",
            "BIKE-003.02",
            "BIKE-014",
            "BIKE-015",
            "DRAFT-1",
            "task-16",
        ]
    );
    assert_eq!(team["product_owner"].as_str(), Some("Dana Ortiz"));
}

#[test]
fn importing_twice_gives_the_same_files() {
    let w = Workspace::with("backlog-md");
    assert_eq!(w.import(&BACKLOG_MD).0, 0);
    let mut again = BACKLOG_MD.to_vec();
    again[3] = "again";
    assert_eq!(w.import(&again).0, 0);
    assert_eq!(tree(&w.path("out")), tree(&w.path("again")));
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let w = Workspace::with("backlog-md");
    fs::create_dir_all(w.path("out")).expect("mkdir");
    fs::write(w.path("out/keep.txt"), "mine").expect("write");
    let (status, _, stderr) = w.import(&BACKLOG_MD);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `out` is not empty: import writes a new backlog root, give it a new folder"
    );
    assert_eq!(tree(&w.path("out")).len(), 1);
}

#[test]
fn a_dry_run_writes_nothing() {
    let w = Workspace::with("backlog-md");
    let mut args = BACKLOG_MD.to_vec();
    args.push("--dry-run");
    let (status, summary, _) = w.import(&args);
    assert_eq!(status, 0);
    assert!(
        summary.starts_with("read 19 task files from src; would write 29 files into out:"),
        "{summary}"
    );
    assert!(!w.path("out").exists());
}

impl Workspace {
    /// Imports `src` with the mapping `text` (written to `mapping.yaml`)
    /// into `out`, for the team `loans`.
    fn import_mapped(&self, text: &str) -> (i32, String, String) {
        fs::write(self.path("mapping.yaml"), text).expect("write");
        self.import(&[
            "markdown",
            "src",
            "-o",
            "out",
            "--mapping",
            "mapping.yaml",
            "--team",
            "loans",
        ])
    }
}

/// The Ticketbox mapping exactly as docs/import.md shows it.
fn documented_mapping() -> String {
    documented_yaml("mapping: ticketbox")
}

/// The YAML block of docs/import.md under `<!-- {name} -->`.
fn documented_yaml(name: &str) -> String {
    let doc = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/import.md"))
        .expect("docs/import.md");
    let marker = format!("<!-- {name} -->\n```yaml\n");
    let start = doc.find(&marker).expect("YAML block") + marker.len();
    let end = start + doc[start..].find("\n```").expect("fence");
    doc[start..end].to_string()
}

#[test]
fn the_documented_mapping_imports_a_ticketbox_backlog() {
    let w = Workspace::with("markdown");
    let (status, summary, stderr) = w.import_mapped(&documented_mapping());
    assert_eq!(status, 0, "{stderr}{summary}");
    insta::assert_snapshot!(summary);
    let team = w.front("out/teams/loans.md");
    let order: Vec<&str> = team["backlog"]
        .as_sequence()
        .expect("backlog")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(order, ["TCK-1", "TCK-2", "TCK-3"]);
    let story = w.front("out/stories/TCK-1.md");
    assert_eq!(
        (
            story["status"].as_str(),
            story["feature"].as_str(),
            story["points"].as_u64()
        ),
        (Some("in-progress"), Some("TCK-10"), Some(3))
    );
    assert_eq!(story["extra"]["reporter"].as_str(), Some("Ines Moreau"));
    assert!(w.read("out/stories/TCK-1.md").ends_with("## Acceptance criteria\n\n- [x] A renew button shows next to each loan\n- [ ] The new due date shows at once\n"));
    assert_eq!(
        w.front("out/stories/TCK-4.md")["status"].as_str(),
        Some("done")
    );
    assert_eq!(
        w.front("out/stories/TCK-3.md")["feature"].as_str(),
        Some("M-Autumn-release")
    );
    let config: serde_yaml::Value =
        serde_yaml::from_str(&w.read("out/rankdown.yaml")).expect("yaml");
    assert_eq!(config["title"].as_str(), Some("Library loans"));
    let program: Vec<&str> = config["program_backlog"]
        .as_sequence()
        .expect("list")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(program, ["TCK-10", "M-Autumn-release"]);
}

#[test]
fn a_mapping_with_an_unknown_key_is_refused_naming_it() {
    let w = Workspace::with("markdown");
    let (status, _, stderr) =
        w.import_mapped("folders: [{path: tickets/open}]\nstatus_table: {}\n");
    assert_eq!(status, 2);
    assert!(stderr.contains("unknown field `status_table`"), "{stderr}");
}

#[test]
fn cycles_bad_yaml_and_reorders_are_decided_and_listed() {
    let w = Workspace::with("markdown");
    let open = w.path("src/tickets/open");
    fs::write(
        open.join("TCK-20.md"),
        "---\nkey: TCK-20\nsummary: One\nstate: Open\nkind: Bug\nblocked_by: TCK-21\n---\n",
    )
    .expect("write");
    fs::write(
        open.join("TCK-21.md"),
        "---\nkey: TCK-21\nsummary: Two\nstate: Open\nkind: Bug\nblocked_by: [TCK-20]\n---\n",
    )
    .expect("write");
    fs::write(
        open.join("TCK-22.md"),
        "---\nkey: TCK-22\nsummary: [broken\n---\n",
    )
    .expect("write");
    let (status, summary, _) = w.import_mapped(&documented_mapping());
    assert_eq!(status, 0, "{summary}");
    for expected in [
        "  tickets/open/TCK-21.md: dependency on `TCK-20` dropped: it closes a cycle, which rankdown does not allow",
        "  tickets/open/TCK-1.md: ranked above `TCK-2`, which depends on it",
    ] {
        assert!(
            summary.lines().any(|l| l == expected),
            "`{expected}` is not in:\n{summary}"
        );
    }
    assert!(
        summary
            .lines()
            .any(|l| l.starts_with("  tickets/open/TCK-22.md: front matter is not YAML:")),
        "{summary}"
    );
}

/// Writes a Backlog.md task file under `src/backlog/<path>`.
fn task_file(w: &Workspace, path: &str, front: &str, body: &str) {
    let file = w.path(&format!("src/backlog/{path}"));
    fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    fs::write(file, format!("---\n{front}---\n\n{body}")).expect("write");
}

#[test]
#[allow(clippy::too_many_lines, reason = "a table of awkward sources")]
fn awkward_sources_still_give_a_root_that_checks_clean_and_lose_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let w = Workspace { dir };
    fs::create_dir_all(w.path("src/backlog/tasks")).expect("mkdir");
    fs::write(
        w.path("src/backlog/config.yml"),
        "project_name: Odd\ndefault_assignee: @alice\ntask_prefix: back\n",
    )
    .expect("write");
    // Ids that are the team's, a role's and the catch-all feature's.
    task_file(
        &w,
        "tasks/web - Web.md",
        "id: web\ntitle: Web\nstatus: To Do\n",
        "",
    );
    task_file(
        &w,
        "tasks/product-owner - PO.md",
        "id: product-owner\ntitle: PO\nstatus: To Do\ndependencies: [web]\n",
        "",
    );
    task_file(
        &w,
        "tasks/IMPORTED - I.md",
        "id: IMPORTED\ntitle: I\nstatus: To Do\n",
        "",
    );
    // A body that ends inside a code fence, in progress without criteria.
    task_file(
        &w,
        "tasks/back-5 - Fence.md",
        "id: back-5\ntitle: Fence\nstatus: In Progress\npoints: 1\n",
        "Run:\n\n```sh\nmake all\n",
    );
    // Criteria under a sub-heading and in Gherkin: no placeholder needed.
    task_file(
        &w,
        "tasks/back-2 - Sub.md",
        "id: back-2\ntitle: Sub\nstatus: In Progress\npriority: high\nordinal: 7\npoints: 2.5\n",
        "## Acceptance Criteria\n\n### Functional\n\n- [ ] works\n\n```gherkin\nScenario: S\n  Given a\n  When b\n  Then c\n```\n",
    );
    // YAML reads this id as the number 1.1; another task has 1.1.
    task_file(
        &w,
        "tasks/back-1.10 - Ten.md",
        "id: 1.10\ntitle: Ten\nstatus: To Do\n",
        "",
    );
    task_file(
        &w,
        "tasks/back-1.1 - One.md",
        "id: back-1.1\ntitle: One\nstatus: To Do\ndependencies: [draft-1, task-2]\n",
        "",
    );
    fs::write(w.path("src/backlog/tasks/notes.txt"), "not a task").expect("write");
    fs::write(
        w.path("src/backlog/tasks/back-3 - Long.markdown"),
        "---\nid: back-3\ntitle: Long\nstatus: To Do\n---\n",
    )
    .expect("write");
    std::os::unix::fs::symlink("back-5 - Fence.md", w.path("src/backlog/tasks/link.md"))
        .expect("symlink");

    let (status, summary, stderr) = w.import(&["backlog-md", "src", "-o", "out", "--team", "web"]);
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(
        summary.contains("\ncheck: no errors, no warnings\n"),
        "{summary}"
    );
    for expected in [
        "  backlog/config.yml: not valid YAML; read with @alice quoted",
        "  3 files: id `…` is the id of the team, a role or the catch-all feature; written as `…`",
        "  backlog/tasks/product-owner - PO.md: dependency `web` read as `web-task`",
        "  backlog/tasks/back-5 - Fence.md: no acceptance criteria; one unchecked placeholder criterion added",
        "  backlog/tasks/back-2 - Sub.md: points `2.5` is not a whole number rankdown takes; kept under extra",
        "  backlog/tasks/back-1.1 - One.md: depends on `draft-1`, which is not in the source; dropped",
        "  backlog/tasks/back-1.1 - One.md: dependency `task-2` read as `back-2`",
        "  backlog/tasks/link.md: a symbolic link: not followed",
        "  backlog/tasks/notes.txt: not a Markdown file",
    ] {
        assert!(
            summary.lines().any(|l| l == expected),
            "`{expected}` is not in:\n{summary}"
        );
    }
    for path in [
        "out/stories/web-task.md",
        "out/stories/product-owner-task.md",
        "out/stories/IMPORTED-task.md",
        "out/stories/back-1.10.md",
        "out/stories/back-1.1.md",
        "out/stories/back-3.md",
    ] {
        assert!(w.path(path).is_file(), "{path} missing:\n{summary}");
    }
    let sub = w.front("out/stories/back-2.md");
    assert_eq!(sub["extra"]["priority"].as_str(), Some("high"));
    assert_eq!(sub["extra"]["ordinal"].as_u64(), Some(7));
    assert_eq!(sub["extra"]["points"].as_f64(), Some(2.5));
    assert!(
        !summary.contains("back-2 - Sub.md: no acceptance criteria"),
        "{summary}"
    );
    // The placeholder is read as a criterion although the body ends in a fence.
    let fence = w.read("out/stories/back-5.md");
    let body = fence.splitn(3, "---\n").nth(2).unwrap_or_default();
    assert_eq!(rankdown::load::criteria_of(body).count(), 1, "{fence}");
    let (status, check, _) = outcome(rankdown().arg("check").arg(w.path("out")));
    assert_eq!(status, 0, "{check}");
}

#[test]
fn the_new_root_cannot_be_inside_what_import_reads() {
    let w = Workspace::with("backlog-md");
    let (status, _, stderr) = w.import(&[
        "backlog-md",
        "src",
        "-o",
        "src/backlog/tasks/new",
        "--team",
        "web",
    ]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `src/backlog/tasks/new` is inside `src/backlog/tasks`, which import reads: give the new root a folder outside it"
    );
    assert!(!w.path("src/backlog/tasks/new").exists());
    // Beside the backlog, in the same project, is fine.
    assert_eq!(
        w.import(&["backlog-md", "src", "-o", "src/rankdown", "--team", "web"])
            .0,
        0
    );
}

#[test]
fn the_new_root_cannot_be_inside_a_git_folder() {
    let w = Workspace::with("backlog-md");
    let (status, _, stderr) =
        w.import(&["backlog-md", "src", "-o", "src/.git/new", "--team", "web"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: refusing to write the new backlog root to `src/.git/new`: it is inside a .git folder"
    );
    assert!(!w.path("src/.git").exists());
}

#[test]
fn a_mapping_type_rankdown_does_not_have_is_refused() {
    let w = Workspace::with("markdown");
    let (status, _, stderr) =
        w.import_mapped("folders: [{path: tickets/open}]\ntypes: {Feature: epic}\n");
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `mapping.yaml`: type `Feature` maps to `epic`; use story, enabler, defect or spike"
    );
}

#[test]
fn a_mapped_import_without_a_team_uses_team() {
    let w = Workspace::with("markdown");
    fs::write(w.path("ticketbox.yaml"), documented_mapping()).expect("write");
    let (status, _, stderr) = w.import(&[
        "markdown",
        "src",
        "-o",
        "out",
        "--mapping",
        "ticketbox.yaml",
    ]);
    assert_eq!(status, 0, "{stderr}");
    assert_eq!(
        w.front("out/stories/TCK-1.md")["team"].as_str(),
        Some("team")
    );
    assert!(w.path("out/teams/team.md").is_file());
    // Backlog.md needs one.
    let w = Workspace::with("backlog-md");
    let (status, _, stderr) = w.import(&["backlog-md", "src", "-o", "out"]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("--team <TEAM>"), "{stderr}");
}

#[test]
fn renamed_ids_stay_unique_and_criteria_rankdown_would_reject_are_kept_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let w = Workspace { dir };
    fs::create_dir_all(w.path("src/backlog/tasks")).expect("mkdir");
    task_file(
        &w,
        "tasks/web - A.md",
        "id: web\ntitle: A\nstatus: To Do\n",
        "",
    );
    task_file(
        &w,
        "tasks/web-task - B.md",
        "id: web-task\ntitle: B\nstatus: To Do\ndependencies: [web]\n",
        "",
    );
    // A Gherkin criterion without Then, and a second criteria section.
    task_file(
        &w,
        "tasks/t-1 - G.md",
        "id: t-1\ntitle: G\nstatus: In Progress\npoints: 1\nlabels: {a: b}\n",
        "## Acceptance Criteria\n\n```gherkin\nScenario: x\n  Given a\n  When b\n```\n\n## Notes\n\nN.\n\n## Acceptance Criteria\n\n- b\n- [ ] #2 c\n- - nested\n",
    );
    let (status, summary, _) = w.import(&["backlog-md", "src", "-o", "out", "--team", "web"]);
    assert_eq!(status, 0, "{summary}");
    assert!(summary.starts_with("read 3 task files"), "{summary}");
    for path in [
        "out/stories/web-task-2.md",
        "out/stories/web-task.md",
        "out/stories/t-1.md",
    ] {
        assert!(w.path(path).is_file(), "{path}:\n{summary}");
    }
    for expected in [
        "  backlog/tasks/web - A.md: id `web` is the id of the team, a role or the catch-all feature; written as `web-task-2`",
        "  backlog/tasks/t-1 - G.md: 1 `gherkin` block among the criteria would not pass check (no parse, or a scenario without `Then`); kept as `text`",
        "  backlog/tasks/t-1 - G.md: `labels` is not in a form rankdown reads; kept under extra",
    ] {
        assert!(
            summary.lines().any(|l| l == expected),
            "`{expected}` is not in:\n{summary}"
        );
    }
    let deps = w.front("out/stories/web-task.md");
    assert_eq!(deps["depends_on"][0].as_str(), Some("web-task-2"));
    let g = w.read("out/stories/t-1.md");
    assert!(g.contains("```text\nScenario: x"), "{g}");
    assert!(g.contains("- [ ] b\n- [ ] c\n- - nested\n"), "{g}");
    assert_eq!(
        w.front("out/stories/t-1.md")["extra"]["labels"]["a"].as_str(),
        Some("b")
    );
}

#[test]
fn a_heading_ending_in_a_hash_is_renamed_whole() {
    let w = Workspace::with("markdown");
    fs::write(
        w.path("src/tickets/open/TCK-30.md"),
        "---\nkey: TCK-30\nsummary: Port\nstate: Doing\nepic: TCK-10\nestimate: 1\n---\n\n## Done in C#\n\n- one\n",
    )
    .expect("write");
    let mapping = documented_mapping().replace(
        "criteria_heading: Done when",
        "criteria_heading: Done in C#",
    );
    let (status, summary, _) = w.import_mapped(&mapping);
    assert_eq!(status, 0, "{summary}");
    assert!(
        w.read("out/stories/TCK-30.md")
            .contains("## Acceptance criteria\n\n- [ ] one\n"),
        "{summary}"
    );
    assert!(
        !summary.contains("TCK-30.md: no acceptance criteria"),
        "{summary}"
    );
}

#[test]
fn an_output_path_through_dot_dot_into_what_import_reads_is_refused() {
    let w = Workspace::with("backlog-md");
    let (status, _, stderr) = w.import(&[
        "backlog-md",
        "src",
        "-o",
        "src/backlog/x/../tasks/out2",
        "--team",
        "web",
    ]);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("which import reads"), "{stderr}");
    assert!(!w.path("src/backlog/tasks/out2").exists());
    assert!(!w.path("src/backlog/x").exists());
}

#[test]
fn a_source_that_is_not_a_backlog_md_project_or_a_bad_team_id_is_refused() {
    let w = Workspace::with("markdown");
    let (status, _, stderr) = w.import(&["backlog-md", "src", "-o", "out", "--team", "web"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `src` has no backlog/ folder: is it a Backlog.md project?"
    );
    let w = Workspace::with("backlog-md");
    let (status, _, stderr) = w.import(&["backlog-md", "src", "-o", "out", "--team", "web team"]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `--team web team` is not a valid id: letters, digits, `.`, `_` or `-`"
    );
    assert!(!w.path("out").exists());
}

/// A Backlog.md source in a new workspace, with one plain task to import.
fn hostile_source() -> Workspace {
    let w = Workspace {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    task_file(
        &w,
        "tasks/task-1 - Fine.md",
        "id: task-1\ntitle: Fine\nstatus: To Do\n",
        "",
    );
    w
}

#[test]
fn deep_nesting_and_a_repeated_anchor_are_refused_like_the_loader_does() {
    let w = hostile_source();
    let deep_flow = format!("x: {}{}\n", "[".repeat(5000), "]".repeat(5000));
    let deep_block: String = (1..5000)
        .map(|i| format!("{}- \n", "  ".repeat(i)))
        .collect();
    let big = "x".repeat(1 << 20);
    let bomb = format!(
        "notes: &big {big}\nmany: [{}]\n",
        vec!["*big"; 2000].join(", ")
    );
    task_file(
        &w,
        "tasks/task-2 - Flow.md",
        &format!("id: task-2\n{deep_flow}"),
        "",
    );
    task_file(
        &w,
        "tasks/task-3 - Block.md",
        &format!("id: task-3\nx:\n{deep_block}"),
        "",
    );
    task_file(
        &w,
        "tasks/task-4 - Bomb.md",
        &format!("id: task-4\n{bomb}"),
        "",
    );
    let quotes = format!("{}quote\n", "> ".repeat(5000));
    task_file(
        &w,
        "tasks/task-5 - Quotes.md",
        "id: task-5\ntitle: Quotes\n",
        &quotes,
    );
    fs::write(
        w.path("src/backlog/config.yml"),
        format!(
            "project_name: x\nnested: {}1{}\n",
            "{a: ".repeat(5000),
            "}".repeat(5000)
        ),
    )
    .expect("write");

    let (status, stdout, stderr) = w.import(&["backlog-md", "src", "-o", "out", "--team", "web"]);
    assert_eq!(status, 0, "{stderr}");
    for line in [
        "  backlog/tasks/task-2 - Flow.md: front matter is not YAML: nested more than 128 levels deep\n",
        "  backlog/tasks/task-3 - Block.md: front matter is not YAML: nested more than 128 levels deep\n",
        "  backlog/tasks/task-4 - Bomb.md: front matter is not YAML: the values are larger than 16 MiB once aliases are expanded (at `many[14]`)\n",
        "  backlog/config.yml: not read (nested more than 128 levels deep): no project name, statuses or prefix\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    assert!(w.path("out/stories/task-5.md").is_file(), "{stdout}");
    assert!(
        stdout.ends_with("check: no errors, no warnings\n"),
        "{stdout}"
    );
}

#[test]
fn only_regular_files_inside_the_source_are_read() {
    let w = hostile_source();
    let fifo = w.path("src/backlog/tasks/task-9 - Pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    std::process::Command::new("mkfifo")
        .arg(w.path("src/backlog/config.yml"))
        .status()
        .expect("mkfifo");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    fs::write(
        elsewhere.path().join("task-8 - Secret.md"),
        "---\nid: task-8\ntitle: Secret\n---\n",
    )
    .expect("write");
    std::os::unix::fs::symlink(elsewhere.path(), w.path("src/backlog/drafts")).expect("link");

    let done = rankdown()
        .current_dir(w.path(""))
        .args(["import", "backlog-md", "src", "-o", "out", "--team", "web"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert_eq!(done.status.code(), Some(0), "{stdout}");
    for line in [
        "  backlog/tasks/task-9 - Pipe.md: not a regular file (a FIFO, socket or device)\n",
        "  backlog/drafts: a link to a folder outside the source: not followed\n",
        "  backlog/config.yml: not a regular file: not read: no project name, statuses or prefix\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("Secret"), "{stdout}");
}

#[test]
fn a_mapping_folder_outside_the_source_is_refused() {
    let w = Workspace::with("markdown");
    for (folder, key) in [
        ("../x", "folders"),
        ("/etc", "folders"),
        ("tickets/../../x", "milestones"),
    ] {
        let mapping = match key {
            "folders" => format!("folders: [{{path: \"{folder}\"}}]\n"),
            _ => format!("folders: [{{path: tickets}}]\nmilestones: \"{folder}\"\n"),
        };
        let (status, stdout, stderr) = w.import_mapped(&mapping);
        assert_eq!((status, stdout.as_str()), (2, ""), "{folder}: {stderr}");
        assert_eq!(
            stderr.trim(),
            format!(
                "error: `mapping.yaml`: folder `{folder}` is not inside the source; give paths relative to it, without `..`"
            )
        );
    }
    assert!(!w.path("out").exists());
}

#[test]
fn file_names_in_the_summary_cannot_drive_the_terminal() {
    let w = hostile_source();
    fs::write(
        w.path("src/backlog/tasks/notes\x1b]0;PWNED\x07\n--> x.md"),
        "# notes\n",
    )
    .expect("write");
    let done = rankdown()
        .current_dir(w.path(""))
        .env("CLICOLOR_FORCE", "1")
        .args([
            "import",
            "backlog-md",
            "src",
            "-o",
            "out",
            "--team",
            "web",
            "--dry-run",
        ])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(
        !stdout.contains('\x1b') && !stdout.contains('\x07'),
        "{stdout}"
    );
    assert!(
        stdout.contains("  backlog/tasks/notes␛]0;PWNED␇␊--> x.md: no front matter: not a task\n"),
        "{stdout}"
    );
}
