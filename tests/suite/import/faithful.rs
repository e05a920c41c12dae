//! Issue 16: each way a real backlog was imported unfaithfully (merged,
//! dropped or misfiled data, files not accounted for, a report that buries
//! what needs a person), reproduced on a small source made here.

use super::{BACKLOG_MD, Workspace, strings, task_file, tree};
use std::collections::BTreeMap;
use std::fs;

/// An empty workspace with a Backlog.md `config.yml` (prefix `task`).
fn backlog_md() -> Workspace {
    let w = Workspace {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    write(
        &w,
        "src/backlog/config.yml",
        "project_name: Shop\ntask_prefix: task\n",
    );
    w
}

/// Writes the Backlog.md task `src/backlog/<path>`, its id and title from
/// the file name (`tasks/task-1 - A.md`), its other fields `front`.
fn task(w: &Workspace, path: &str, front: &str) {
    let stem = path.rsplit_once('/').map_or(path, |(_, name)| name);
    let (id, title) = stem
        .trim_end_matches(".md")
        .split_once(" - ")
        .expect("id - title");
    let title = title.replace('-', " ");
    task_file(w, path, &format!("id: {id}\ntitle: {title}\n{front}"), "");
}

pub(super) fn write(w: &Workspace, path: &str, text: &str) {
    let file = w.path(path);
    fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
    fs::write(file, text).expect("write");
}

/// Imports `src` as Backlog.md with `extra` arguments; fails unless it exits 0.
fn import(w: &Workspace, extra: &[&str]) -> String {
    let mut args = BACKLOG_MD.to_vec();
    args.extend(extra);
    let (status, summary, stderr) = w.import(&args);
    assert_eq!(status, 0, "{stderr}{summary}");
    summary
}

pub(super) fn has_line(summary: &str, line: &str) {
    assert!(
        summary.lines().any(|l| l == line),
        "`{line}` is not in:\n{summary}"
    );
}

/// The files of one section of the summary (`imported`, `skipped`).
pub(super) fn section_paths(summary: &str, title: &str) -> Vec<String> {
    let start = format!("\n{title} (");
    let Some(at) = summary.find(&start) else {
        return Vec::new();
    };
    summary[at + 1..]
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.trim_start().split_once(": ").map(|(p, _)| p.to_string()))
        .collect()
}

/// Defect 1: two milestones with one title stay two features, each with
/// its stories and description, and the report says so.
#[test]
fn milestones_with_the_same_title_are_not_merged() {
    let w = backlog_md();
    write(
        &w,
        "src/backlog/milestones/m-1 - Beta.md",
        "---\nid: m-1\ntitle: Beta\n---\n\nThe web beta.\n",
    );
    write(
        &w,
        "src/backlog/milestones/m-2 - Beta.md",
        "---\nid: m-2\ntitle: Beta\n---\n\nThe mobile beta.\n",
    );
    task(&w, "tasks/task-1 - A.md", "status: To Do\nmilestone: m-1\n");
    task(&w, "tasks/task-2 - B.md", "status: To Do\nmilestone: m-2\n");
    let summary = import(&w, &[]);
    assert_eq!(
        w.front("out/stories/task-1.md")["feature"].as_str(),
        Some("m-1")
    );
    assert_eq!(
        w.front("out/stories/task-2.md")["feature"].as_str(),
        Some("m-2")
    );
    assert!(w.read("out/features/m-1.md").contains("The web beta."));
    assert!(w.read("out/features/m-2.md").contains("The mobile beta."));
    has_line(
        &summary,
        "  backlog/milestones/m-2 - Beta.md: milestone title `Beta` is also that of `backlog/milestones/m-1 - Beta.md`; kept apart as feature `m-2`",
    );
}

/// Defect 2: a quoted wiki link names the task inside it.
#[test]
fn quoted_wiki_link_dependencies_are_resolved() {
    let w = backlog_md();
    task(&w, "tasks/task-1 - A.md", "status: To Do\n");
    task(
        &w,
        "tasks/task-2 - B.md",
        "status: To Do\ndependencies:\n  - \"[[task-1]]\"\n  - \"[[task-1|A]]\"\n",
    );
    let summary = import(&w, &[]);
    assert_eq!(
        strings(&w.front("out/stories/task-2.md")["depends_on"]),
        ["task-1"]
    );
    assert!(!summary.contains("not in the source"), "{summary}");
}

/// Defect 3: a draft marked Done is done, not open work, and said so.
#[test]
fn a_finished_draft_is_not_ranked_as_open_work() {
    let w = backlog_md();
    task(&w, "drafts/draft-1 - Old.md", "status: Done\n");
    task(&w, "drafts/draft-2 - New.md", "status: To Do\n");
    let summary = import(&w, &[]);
    let old = w.front("out/stories/draft-1.md");
    assert_eq!(old["status"].as_str(), Some("done"));
    assert_eq!(strings(&old["labels"]), ["draft"]);
    assert_eq!(
        strings(&w.front("out/teams/web.md")["backlog"]),
        ["draft-2"]
    );
    has_line(
        &summary,
        "  backlog/drafts/draft-1 - Old.md: a draft with status `Done`; imported as done, labelled `draft`",
    );
}

/// Defect 4: a bare-number parent names the task with the current prefix.
#[test]
fn a_bare_number_parent_is_read() {
    let w = backlog_md();
    task(&w, "tasks/task-345 - Parent.md", "status: To Do\n");
    task(
        &w,
        "tasks/task-9 - Child.md",
        "status: To Do\nparent_task_id: '345'\n",
    );
    let summary = import(&w, &[]);
    assert_eq!(
        w.front("out/stories/task-9.md")["feature"].as_str(),
        Some("task-345")
    );
    has_line(
        &summary,
        "  backlog/tasks/task-9 - Child.md: parent `345` read as `task-345`",
    );
}

/// Defect 5: an archived subtask whose archived parent lost its id to a
/// current task is not filed under that unrelated task.
#[test]
fn archived_subtasks_stay_out_of_an_unrelated_current_task() {
    let w = backlog_md();
    task(&w, "tasks/task-7 - Current.md", "status: To Do\n");
    task(&w, "archive/tasks/task-7 - Old.md", "status: Done\n");
    task_file(
        &w,
        "archive/tasks/task-7.1 - Old-child.md",
        "id: task-7.1\ntitle: Old child\nstatus: Done\nparent_task_id: task-7\n",
        "- [x] done\n",
    );
    let summary = import(&w, &["--include-archive"]);
    assert!(w.path("out/stories/task-7.md").is_file(), "{summary}");
    assert_ne!(
        w.front("out/stories/task-7.1.md")["feature"].as_str(),
        Some("task-7")
    );
    has_line(
        &summary,
        "  backlog/archive/tasks/task-7.1 - Old-child.md: parent `task-7` in its own folder was not imported (a task of an earlier folder has that id); imported without a parent rather than under that unrelated task",
    );
}

/// Defect 6: an archived milestone still gives its feature its name.
#[test]
fn archived_milestones_are_read() {
    let w = backlog_md();
    write(
        &w,
        "src/backlog/archive/milestones/m-1 - Launch.md",
        "---\nid: m-1\ntitle: Launch\n---\n\nFirst release.\n",
    );
    task(&w, "tasks/task-1 - A.md", "status: To Do\nmilestone: m-1\n");
    import(&w, &[]);
    assert_eq!(
        w.front("out/features/m-1.md")["title"].as_str(),
        Some("Launch")
    );
}

/// Defect 7: every file under `backlog/` is listed once, imported or
/// skipped: archived milestones, readmes, images, unused milestones.
#[test]
fn every_file_of_the_source_is_listed_exactly_once() {
    let w = backlog_md();
    task(
        &w,
        "tasks/task-1 - Parent.md",
        "status: To Do\nmilestone: m-2\n",
    );
    task(
        &w,
        "tasks/task-1.1 - Child.md",
        "status: To Do\nmilestone: m-2\n",
    );
    task(
        &w,
        "tasks/task-2 - Solo.md",
        "status: To Do\nmilestone: m-1\n",
    );
    write(&w, "src/backlog/tasks/README.md", "# Tasks\n");
    write(&w, "src/backlog/tasks/diagram.png", "png");
    write(&w, "src/backlog/images/logo.svg", "<svg/>");
    write(&w, "src/backlog/README.md", "# Backlog\n");
    write(
        &w,
        "src/backlog/milestones/m-1 - One.md",
        "---\nid: m-1\ntitle: One\n---\n",
    );
    write(
        &w,
        "src/backlog/milestones/m-2 - Two.md",
        "---\nid: m-2\ntitle: Two\n---\n",
    );
    write(&w, "src/backlog/milestones/README.md", "# Milestones\n");
    write(
        &w,
        "src/backlog/archive/milestones/m-0 - Zero.md",
        "---\nid: m-0\ntitle: Zero\n---\n",
    );
    write(
        &w,
        "src/backlog/docs/doc-1 - Guide.md",
        "---\nid: doc-1\n---\n",
    );
    let summary = import(&w, &["--verbose"]);
    let mut listed = section_paths(&summary, "imported");
    listed.extend(section_paths(&summary, "skipped"));
    listed.sort();
    let files: Vec<String> = tree(&w.path("src/backlog"))
        .into_keys()
        .map(|p| format!("backlog/{}", p.to_string_lossy()))
        .collect();
    assert_eq!(listed, files, "{summary}");
    has_line(
        &summary,
        "  backlog/milestones/m-2 - Two.md: a milestone no story names (or only stories in a parent task's feature): no feature made",
    );
    has_line(
        &summary,
        "  backlog/images/logo.svg: not in a folder import reads (tasks, drafts, milestones...): not imported",
    );
    has_line(&summary, "  backlog/config.yml: the source's settings");
}

/// Defect 8: a mapping folder the source does not have is reported, and a
/// mapping that finds none of its folders is refused.
#[test]
fn a_missing_mapping_folder_is_reported() {
    let w = Workspace::with("markdown");
    let mapping = "folders: [{path: tickets/open}, {path: tickets/gone}]\nfields: {id: key, title: summary, status: state}\n";
    let (status, summary, stderr) = w.import_mapped(mapping);
    assert_eq!(status, 0, "{stderr}{summary}");
    has_line(
        &summary,
        "  tickets/gone: a folder of the mapping that the source does not have: nothing read from it",
    );
    let (status, _, stderr) = w.import_mapped("folders: [{path: nowhere}]\n");
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: none of the mapping's folders (nowhere) is in `src`: is SOURCE the folder they are in?"
    );
}

/// Defect 9: labels keep the source's order; an unclosed front matter and
/// bytes that are not UTF-8 are named as such.
#[test]
fn labels_keep_their_order_and_unreadable_files_say_why() {
    let w = backlog_md();
    task(
        &w,
        "tasks/task-1 - A.md",
        "status: To Do\nlabels: [zeta, alpha, zeta]\n",
    );
    write(
        &w,
        "src/backlog/tasks/task-2 - Open.md",
        "---\nid: task-2\ntitle: Open\n\nNo closing fence.\n",
    );
    fs::write(
        w.path("src/backlog/tasks/task-3 - Latin.md"),
        b"---\nid: task-3\ntitle: Caf\xe9\n---\n",
    )
    .expect("write");
    let summary = import(&w, &[]);
    assert_eq!(
        strings(&w.front("out/stories/task-1.md")["labels"]),
        ["zeta", "alpha"]
    );
    has_line(
        &summary,
        "  backlog/tasks/task-2 - Open.md: front matter is not closed (no `---` line after it): not read",
    );
    has_line(
        &summary,
        "  backlog/tasks/task-3 - Latin.md: not UTF-8 text (the byte at offset 25 is not UTF-8): not read",
    );
}

/// Defect 9: no new root inside `backlog/`; a folder holding only `.git`
/// (a fresh clone) is empty enough.
#[test]
fn the_new_root_is_refused_inside_backlog_and_accepted_beside_a_lone_git() {
    let w = backlog_md();
    task(&w, "tasks/task-1 - A.md", "status: To Do\n");
    let (status, _, stderr) = w.import(&[
        "backlog-md",
        "src",
        "-o",
        "src/backlog/site",
        "--team",
        "web",
    ]);
    assert_eq!(status, 2);
    assert_eq!(
        stderr.trim(),
        "error: `src/backlog/site` is inside `src/backlog`, which import reads: give the new root a folder outside it"
    );
    fs::create_dir_all(w.path("out/.git")).expect("mkdir");
    import(&w, &[]);
    assert!(w.path("out/stories/task-1.md").is_file());
}

/// Defect 10: a decision taken for many files is one line with a count;
/// `--verbose` lists the files under it.
#[test]
fn repeated_decisions_are_one_line_with_a_count() {
    let w = backlog_md();
    for n in 1..=4 {
        task_file(
            &w,
            &format!("tasks/task-{n} - T.md"),
            &format!("id: task-{n}\ntitle: T{n}\nstatus: Done\n"),
            "- [x] ok\n",
        );
    }
    task(&w, "tasks/task-9 - Odd.md", "status: Parked\n");
    let summary = import(&w, &[]);
    has_line(
        &summary,
        "  4 files: no estimate; `points: 0` written (done stories need points)",
    );
    has_line(
        &summary,
        "  backlog/tasks/task-9 - Odd.md: status `Parked` is not one rankdown knows; imported as backlog",
    );
    assert!(!summary.contains("task-1 - T.md"), "{summary}");
    fs::remove_dir_all(w.path("out")).expect("rm");
    let verbose = import(&w, &["--verbose"]);
    has_line(
        &verbose,
        "    backlog/tasks/task-3 - T.md: no estimate; `points: 0` written (done stories need points)",
    );
}

/// Defect 11: what has no rankdown field (assignee, priority, dates,
/// a milestone under a parent) is shown on the item's page.
#[test]
fn fields_kept_under_extra_are_shown_on_the_page() {
    let w = backlog_md();
    task(
        &w,
        "tasks/task-1 - A.md",
        "status: To Do\nassignee: [\"@alice\"]\npriority: high\ncreated_date: '2025-06-09 10:00'\n",
    );
    import(&w, &[]);
    let site = w.build();
    let page = fs::read_to_string(site.join("stories/task-1/index.html")).expect("page");
    for shown in [
        "<dt>Assignee</dt><dd>@alice</dd>",
        "<dt>Priority</dt><dd>high</dd>",
        "<dt>Created date</dt><dd>2025-06-09T10:00:00</dd>",
    ] {
        assert!(page.contains(shown), "{shown} not in the page");
    }
}

/// Defect 12: a mapping turns sizes into points and sprints into the
/// iterations of a PI import writes, as DevStories keeps them.
#[test]
fn a_mapping_maps_sizes_to_points_and_sprints_to_iterations() {
    let w = Workspace {
        dir: tempfile::tempdir().expect("temp dir"),
    };
    write(
        &w,
        "src/.devstories/stories/DS-1.md",
        "---\nid: DS-1\ntitle: Parser\ntype: feature\nepic: EPIC-1\nstatus: in_progress\nsprint: sprint-5\nsize: M\n---\n\n## Acceptance Criteria\n\n- [ ] parses\n",
    );
    write(
        &w,
        "src/.devstories/stories/DS-2.md",
        "---\nid: DS-2\ntitle: Watcher\ntype: task\nepic: EPIC-1\nstatus: todo\nsize: XXL\ndependencies:\n  - \"[[DS-1]]\"\n---\n",
    );
    write(
        &w,
        "src/.devstories/epics/EPIC-1.md",
        "---\nid: EPIC-1\ntitle: Foundation\nstatus: todo\n---\n\nThe core.\n",
    );
    write(&w, "src/.devstories/config.json", "{}\n");
    let mapping = "name: DevStories\nfolders: [{path: .devstories/stories}]\nmilestones: .devstories/epics\nfields: {milestone: epic}\nstatuses: {in_progress: in-progress}\nsizes: {XS: 1, S: 2, M: 3, L: 5, XL: 8}\nsprints:\n  - {name: sprint-5, start: 2025-11-25, end: 2025-12-06}\n";
    let (status, summary, stderr) = w.import_mapped(mapping);
    assert_eq!(status, 0, "{stderr}{summary}");
    assert!(
        summary.contains("\ncheck: no errors, no warnings\n"),
        "{summary}"
    );
    let one = w.front("out/stories/DS-1.md");
    assert_eq!(
        (one["points"].as_u64(), one["iteration"].as_str()),
        (Some(3), Some("sprint-5"))
    );
    assert_eq!(one["feature"].as_str(), Some("EPIC-1"));
    assert_eq!(
        strings(&w.front("out/stories/DS-2.md")["depends_on"]),
        ["DS-1"]
    );
    has_line(
        &summary,
        "  .devstories/stories/DS-2.md: size `XXL` is not in `sizes`; no points, size kept under extra",
    );
    let pi = w.front("out/pis/SPRINTS.md");
    assert_eq!(pi["iterations"][0]["id"].as_str(), Some("sprint-5"));
    // The settings file beside the folders is accounted for.
    let skipped: BTreeMap<String, ()> = section_paths(&summary, "skipped")
        .into_iter()
        .map(|p| (p, ()))
        .collect();
    assert!(skipped.contains_key(".devstories/config.json"), "{summary}");
}
