//! Item history on story and feature pages, read from real git repositories.

use crate::harness::Backlog;
use crate::repo::{self, Repo, rankdown, run_git};
use std::fs;
use std::path::Path;

/// Builds `root` into a new folder (today 2026-01-20); returns it, with
/// standard error.
pub(crate) fn build(root: &Path, extra: &[&str]) -> (tempfile::TempDir, String) {
    let out = tempfile::tempdir().expect("temp dir");
    let result = rankdown()
        .args(["build", "--today", "2026-01-20", "--force"])
        .args(extra)
        .arg(root)
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&result.get_output().stderr).into_owned();
    (out, stderr)
}

pub(crate) fn page(out: &Path, path: &str) -> String {
    fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The history section of a page: one `date author subject` line per commit.
fn history_lines(html: &str) -> Vec<String> {
    let Some(start) = html.find(r#"<ol class="history">"#) else {
        return Vec::new();
    };
    let list = &html[start
        ..html[start..]
            .find("</ol>")
            .map_or(html.len(), |e| start + e)];
    list.split("<li>")
        .skip(1)
        .map(|item| {
            let text = strip_tags(item);
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// The text of an HTML fragment, its tags left out.
pub(crate) fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// A repository with three commits by two people: the start, an edit of
/// A-1 and F-1, and A-2 moved to another folder.
fn edited_repo() -> (Repo, String, String) {
    let repo = Repo::minimal();
    repo.backlog
        .edit("stories/alpha/A-1.md", "Reserve a book", "Reserve any book");
    repo.backlog.edit(
        "features/F-1.md",
        "Borrow books online",
        "Borrow books from home",
    );
    let edit = repo.commit(
        "Kim Park",
        "2026-02-10T17:45:00-05:00",
        "Sharpen A-1 and F-1",
    );
    fs::create_dir_all(repo.path().join("stories/later")).expect("mkdir");
    run_git(
        repo.path(),
        &["mv", "stories/alpha/A-2.md", "stories/later/A-2.md"],
    );
    let moved = repo.commit("Bo Chen", "2026-03-01T08:00:00+00:00", "Park A-2 for later");
    (repo, edit[..7].to_string(), moved[..7].to_string())
}

#[test]
fn story_and_feature_pages_show_who_changed_them_and_when() {
    let (repo, edit, moved) = edited_repo();
    let (out, stderr) = build(repo.path(), &[]);
    assert!(!stderr.contains("warning"), "{stderr}");

    let story = page(out.path(), "stories/A-1/index.html");
    assert_eq!(
        history_lines(&story),
        [
            format!("2026-02-10 Kim Park Sharpen A-1 and F-1 {edit}"),
            format!(
                "2026-01-05 Ana Li Start the backlog {}",
                &run_git(repo.path(), &["rev-list", "--max-parents=0", "HEAD"])[..7]
            ),
        ]
    );
    assert!(
        story.contains(r#"<dt>Changed</dt><dd><time datetime="2026-02-10T17:45:00-05:00">2026-02-10</time> by Kim Park (created <time datetime="2026-01-05T09:30:00+01:00">2026-01-05</time> by Ana Li)</dd>"#),
        "{story}"
    );
    let feature = page(out.path(), "features/F-1/index.html");
    assert_eq!(history_lines(&feature).len(), 2, "{feature}");
    assert!(feature.contains("by Kim Park (created"), "{feature}");

    // The move is followed: A-2 keeps the history of its old path.
    let moved_story = page(out.path(), "stories/A-2/index.html");
    let lines = history_lines(&moved_story);
    assert_eq!(lines.len(), 2, "{moved_story}");
    assert_eq!(
        lines[0],
        format!("2026-03-01 Bo Chen Park A-2 for later {moved}")
    );
    assert!(lines[1].starts_with("2026-01-05 Ana Li Start the backlog"));

    // Untouched since the first commit.
    let b1 = page(out.path(), "stories/B-1/index.html");
    assert_eq!(history_lines(&b1).len(), 1);
}

#[test]
fn history_does_not_depend_on_the_clock_the_time_zone_or_git_settings() {
    let (repo, _, _) = edited_repo();
    let (first, _) = build(repo.path(), &[]);
    // Another day, another time zone, and a user setting that hides the
    // first commit's files from `git log`.
    let out = tempfile::tempdir().expect("temp dir");
    rankdown()
        .env("TZ", "Pacific/Kiritimati")
        .env("SOURCE_DATE_EPOCH", "1999999999")
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "log.showRoot")
        .env("GIT_CONFIG_VALUE_0", "false")
        .args(["build", "--force"])
        .arg(repo.path())
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    // Story and feature pages do not show today's date; the roadmap does.
    for path in ["stories/A-1/index.html", "features/F-1/index.html"] {
        assert_eq!(page(first.path(), path), page(out.path(), path), "{path}");
    }
}

#[test]
fn a_file_deleted_and_made_again_has_only_its_own_history() {
    let repo = Repo::minimal();
    repo.backlog.remove("stories/alpha/A-3.md");
    repo.commit("Kim Park", "2026-02-01T10:00:00+00:00", "Drop A-3");
    let again = "---\ntitle: Search again\ntype: story\nteam: alpha\nfeature: F-1\nstatus: done\npoints: 1\n---\n\n## Acceptance criteria\n\n- [x] Works\n";
    repo.backlog.write("stories/alpha/A-3.md", again);
    repo.commit("Bo Chen", "2026-03-01T10:00:00+00:00", "A new A-3");
    let (out, _) = build(repo.path(), &[]);
    let lines = history_lines(&page(out.path(), "stories/A-3/index.html"));
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with("2026-03-01 Bo Chen A new A-3"),
        "{lines:?}"
    );
}

#[test]
fn a_backlog_in_a_subfolder_of_the_repository_has_its_history() {
    let (_top, repo) = repo::nested();
    repo.backlog.edit(
        "stories/beta/B-1.md",
        "slow on phones",
        "slow on old phones",
    );
    repo.commit(
        "Bo Chen",
        "2026-02-02T10:00:00+00:00",
        "B-1: name the phones",
    );
    let (out, stderr) = build(repo.path(), &[]);
    assert!(!stderr.contains("warning"), "{stderr}");
    let lines = history_lines(&page(out.path(), "stories/B-1/index.html"));
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with("2026-02-02 Bo Chen B-1: name the phones"),
        "{lines:?}"
    );
}

#[test]
fn commit_subjects_and_author_names_are_escaped() {
    let repo = Repo::init(Backlog::minimal());
    // git itself drops `<` and `>` from author names.
    repo.commit(
        "Mallory & Co",
        "2026-01-05T09:30:00+00:00",
        "<script>alert(1)</script> & more",
    );
    let (out, _) = build(repo.path(), &[]);
    let story = page(out.path(), "stories/A-1/index.html");
    assert!(!story.contains("<script>alert"), "{story}");
    assert!(
        story.contains(r#"<span class="author">Mallory &amp; Co</span>"#),
        "{story}"
    );
    assert!(
        story.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"),
        "{story}"
    );
}

/// The one warning a build prints when pages cannot have history.
fn history_warning(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains("pages show no history"))
        .collect()
}

#[test]
fn outside_a_repository_pages_have_no_history_and_one_warning_says_why() {
    let backlog = Backlog::minimal();
    let (out, stderr) = build(backlog.path(), &[]);
    assert_eq!(
        history_warning(&stderr),
        ["warning: pages show no history: the backlog root is not in a git repository"]
    );
    let story = page(out.path(), "stories/A-1/index.html");
    assert!(!story.contains(r#"id="history""#), "{story}");
    assert!(!story.contains("<dt>Changed</dt>"), "{story}");
}

#[test]
fn a_shallow_clone_gets_one_warning_naming_fetch_depth() {
    let (repo, _, _) = edited_repo();
    let clones = tempfile::tempdir().expect("temp dir");
    let url = format!("file://{}", repo.path().display());
    run_git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let (out, stderr) = build(&clones.path().join("shallow"), &[]);
    assert_eq!(
        history_warning(&stderr),
        [
            "warning: pages show no history: the repository is a shallow clone: fetch its whole history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout)"
        ]
    );
    let story = page(out.path(), "stories/A-1/index.html");
    assert!(!story.contains(r#"id="history""#), "{story}");
}

#[test]
fn without_a_git_command_the_build_warns_and_succeeds() {
    let repo = Repo::minimal();
    let empty = tempfile::tempdir().expect("temp dir");
    let out = tempfile::tempdir().expect("temp dir");
    let result = rankdown()
        .env("PATH", empty.path())
        .args(["build", "--force"])
        .arg(repo.path())
        .arg("-o")
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&result.get_output().stderr).into_owned();
    let warning = history_warning(&stderr);
    assert_eq!(warning.len(), 1, "{stderr}");
    assert!(
        warning[0].starts_with("warning: pages show no history: cannot run `git` ("),
        "{stderr}"
    );
    assert!(out.path().join("stories/A-1/index.html").is_file());
}

#[test]
fn no_history_leaves_history_and_its_warning_out() {
    let repo = Repo::minimal();
    let (out, stderr) = build(repo.path(), &["--no-history"]);
    assert!(history_warning(&stderr).is_empty(), "{stderr}");
    let story = page(out.path(), "stories/A-1/index.html");
    assert!(!story.contains(r#"id="history""#), "{story}");

    let plain = Backlog::minimal();
    let (_, stderr) = build(plain.path(), &["--no-history"]);
    assert!(history_warning(&stderr).is_empty(), "{stderr}");
}

#[test]
fn a_repository_without_commits_shows_no_history_and_no_warning() {
    let repo = Repo::init(Backlog::minimal());
    let (out, stderr) = build(repo.path(), &[]);
    assert!(history_warning(&stderr).is_empty(), "{stderr}");
    let story = page(out.path(), "stories/A-1/index.html");
    assert!(!story.contains(r#"id="history""#), "{story}");
}

/// The text of the "Status over time" section of a story page.
fn flow_text(html: &str) -> String {
    let start = html
        .find(r#"<section aria-labelledby="flow">"#)
        .expect("flow section");
    let section = &html[start..];
    strip_tags(&section[..section.find("</section>").expect("end")])
}

#[test]
fn a_story_page_shows_its_status_over_time_with_cycle_and_lead_time() {
    let repo = Repo::minimal();
    let a2 = "stories/alpha/A-2.md";
    repo.backlog
        .edit(a2, "status: backlog", "status: ready\npoints: 2");
    repo.backlog.edit(
        a2,
        "Later.",
        "Later.\n\n## Acceptance criteria\n\n- [x] A cancelled book is free again\n",
    );
    repo.backlog.edit(a2, "title: ", "title: Sharper ");
    repo.commit("Kim Park", "2026-01-07T10:00:00+01:00", "Refine A-2");
    // A commit that leaves the status as it was is no step.
    repo.backlog.edit(a2, "title: Sharper ", "title: ");
    repo.commit("Kim Park", "2026-01-08T10:00:00+01:00", "Retitle A-2");
    repo.backlog
        .edit(a2, "status: ready", "status: in-progress");
    repo.commit("Bo Chen", "2026-01-12T09:00:00-05:00", "Start A-2");
    repo.backlog.edit(a2, "status: in-progress", "status: done");
    repo.commit("Bo Chen", "2026-01-15T23:30:00-05:00", "Finish A-2");
    let a1_path = "stories/alpha/A-1.md";
    repo.backlog
        .edit(a1_path, "status: ready", "status: in-progress");
    repo.commit("Kim Park", "2026-01-16T08:00:00+01:00", "Start A-1");
    let (out, _) = build(repo.path(), &[]);
    let story = page(out.path(), "stories/A-2/index.html");
    let text = flow_text(&story);
    let section = &story[story.find("<ol class=\"flow\">").expect("steps")..];
    let steps: Vec<String> = section[..section.find("</ol>").expect("end")]
        .split("<li>")
        .skip(1)
        .filter(|item| item.contains("class=\"status status-"))
        .map(|item| strip_tags(&item[..item.find("</li>").unwrap_or(item.len())]))
        .collect();
    assert_eq!(steps.len(), 4, "{text}");
    assert!(steps[0].starts_with("2026-01-05 backlog Ana Li"), "{text}");
    assert!(steps[1].starts_with("2026-01-07 ready Kim Park"), "{text}");
    assert!(
        steps[2].starts_with("2026-01-12 in-progress Bo Chen"),
        "{text}"
    );
    // The author's own day, not UTC's (23:30 in New York is the 16th in UTC).
    assert!(steps[3].starts_with("2026-01-15 done Bo Chen"), "{text}");
    assert!(
        text.contains(
            "Cycle time 3 days (started 2026-01-12, finished 2026-01-15); lead time 10 days"
        ),
        "{text}"
    );
    // A story in progress has its steps, says since when, and has no times.
    let a1 = page(out.path(), "stories/A-1/index.html");
    assert!(flow_text(&a1).contains("2026-01-05 ready"), "{a1}");
    assert!(
        flow_text(&a1).contains("In progress since 2026-01-16."),
        "{a1}"
    );
    assert!(!flow_text(&a1).contains("Cycle time"));
    // The metrics page counts A-2 for its team; A-3's time is not known.
    let metrics = page(out.path(), "metrics/index.html");
    let row = r#"<a href="../teams/alpha/">Alpha</a></th><td>1</td><td>3 days</td><td>3 days</td><td>3 days</td>"#;
    assert!(metrics.contains(row), "{metrics}");
    // The distribution chart marks the same percentiles.
    assert!(metrics.contains(r#"<svg class="cycle-chart""#), "{metrics}");
    assert!(
        metrics.contains("<title>Alpha: 85th percentile 3 days</title>"),
        "{metrics}"
    );
    // A-3 was accepted when first committed: its work is not in the history.
    let a3 = flow_text(&page(out.path(), "stories/A-3/index.html"));
    assert!(
        a3.contains("already finished when its file was first committed"),
        "{a3}"
    );
    assert!(!a3.contains("Cycle time"), "{a3}");
}
