//! Velocity, burn-up and cumulative flow from a repository with set
//! authors, dates and status changes: the exact numbers on the pages.

use crate::history::{build, page, strip_tags};
use crate::repo::Repo;
use std::path::Path;

/// Commits A-2 made ready with 2 points in PI-1.1 (and a criterion), by Kim
/// Park at 10:00 (+01:00) on `day`.
fn plan_a2(repo: &Repo, day: &str) {
    let a2 = "stories/alpha/A-2.md";
    let ready = "status: ready\npoints: 2\niteration: PI-1.1";
    repo.backlog.edit(a2, "status: backlog", ready);
    let criteria = "Later.\n\n## Acceptance criteria\n\n- [x] Freed\n";
    repo.backlog.edit(a2, "Later.", criteria);
    repo.commit("Kim Park", &format!("{day}T10:00:00+01:00"), "Plan A-2");
}

/// The minimal backlog (committed on 2026-01-05) worked on through PI-1:
/// A-2 planned into PI-1.1 on the 7th, started on the 12th, done on the
/// 15th; B-1 (beta) done and A-1 started on the 19th; A-1 re-estimated
/// from 3 to 5 points on the 20th.
fn worked_repo() -> Repo {
    let repo = Repo::minimal();
    let (a1, a2, b1) = (
        "stories/alpha/A-1.md",
        "stories/alpha/A-2.md",
        "stories/beta/B-1.md",
    );
    let b = &repo.backlog;
    plan_a2(&repo, "2026-01-07");
    b.edit(a2, "status: ready", "status: in-progress");
    repo.commit("Bo Chen", "2026-01-12T10:00:00+01:00", "Start A-2");
    b.edit(a2, "status: in-progress", "status: done");
    repo.commit("Bo Chen", "2026-01-15T10:00:00+01:00", "Finish A-2");
    b.edit(b1, "status: in-progress", "status: done");
    b.edit(b1, "- [ ]", "- [x]");
    b.edit("teams/beta.md", "backlog: [B-1]", "backlog: []");
    b.edit(a1, "status: ready", "status: in-progress");
    repo.commit(
        "Ana Li",
        "2026-01-19T10:00:00+01:00",
        "Finish B-1, start A-1",
    );
    b.edit(a1, "points: 3", "points: 5");
    repo.commit("Ana Li", "2026-01-20T10:00:00+01:00", "Re-estimate A-1");
    repo
}

/// The body rows of the table in the region labelled `label`, each as the
/// texts of its cells joined by ` | `.
fn table(html: &str, label: &str) -> Vec<String> {
    let at = html
        .find(&format!(r#"aria-label="{label}""#))
        .unwrap_or_else(|| panic!("no table {label}"));
    let region = &html[at..];
    let body =
        &region[region.find("<tbody>").expect("tbody")..region.find("</tbody>").expect("end")];
    (body.split("<tr").skip(1))
        .map(|row| {
            let mut cells = Vec::new();
            let mut rest = row;
            while let Some(open) = rest.find("<t") {
                let content = &rest[open..];
                let start = content.find('>').expect("tag end") + 1;
                let end = content.find("</t").expect("cell end");
                cells.push(strip_tags(&content[start..end]).trim().to_string());
                rest = &content[end + 3..];
            }
            cells.join(" | ").trim_end().to_string()
        })
        .collect()
}

#[test]
fn team_pages_show_velocity_and_cumulative_flow_from_the_history() {
    let repo = worked_repo();
    let (out, _) = build(repo.path(), &[]);
    let alpha = page(out.path(), "teams/alpha/index.html");
    // PI-1.1: A-3 (5 points) was planned on its first day; A-2 (2 points)
    // was planned later and finished on the 15th. A-3 was accepted before
    // the history began, so it finished in no iteration.
    assert_eq!(
        table(&alpha, "Velocity per iteration"),
        ["PI-1.1 | 5 | 2", "PI-1.2 (under way) | 3 | 0"]
    );
    let beta = page(out.path(), "teams/beta/index.html");
    assert_eq!(
        table(&beta, "Velocity per iteration"),
        ["PI-1.1 | 0 | 0", "PI-1.2 (under way) | 2 | 2"]
    );
    assert!(!alpha.contains("Average of the last three"), "{alpha}");
    // Backlog, ready, in-progress, done, accepted at the end of each day.
    let flow = table(&alpha, "Cumulative flow by day");
    assert_eq!(flow.len(), 16, "{flow:?}");
    let days: Vec<&str> = [0, 1, 2, 6, 7, 9, 10, 13, 14, 15]
        .iter()
        .map(|&i| flow[i].as_str())
        .collect();
    assert_eq!(
        days,
        [
            "2026-01-05 | 1 | 1 | 0 | 0 | 1",
            "2026-01-06 | 1 | 1 | 0 | 0 | 1",
            "2026-01-07 | 0 | 2 | 0 | 0 | 1",
            "2026-01-11 | 0 | 2 | 0 | 0 | 1",
            "2026-01-12 | 0 | 1 | 1 | 0 | 1",
            "2026-01-14 | 0 | 1 | 1 | 0 | 1",
            "2026-01-15 | 0 | 1 | 0 | 1 | 1",
            "2026-01-18 | 0 | 1 | 0 | 1 | 1",
            "2026-01-19 | 0 | 0 | 1 | 1 | 1",
            "2026-01-20 | 0 | 0 | 1 | 1 | 1",
        ]
    );
    assert!(alpha.contains(r#"<svg class="velocity""#), "{alpha}");
    assert!(alpha.contains(r#"<svg class="cumulative-flow""#), "{alpha}");
}

#[test]
fn the_pi_page_shows_its_burn_up_with_scope_changes_marked() {
    let repo = worked_repo();
    let (out, _) = build(repo.path(), &[]);
    let pi = page(out.path(), "pis/PI-1/index.html");
    let days = table(&pi, "Burn-up by day");
    assert_eq!(days.len(), 16, "{days:?}");
    // Scope: A-1 3 + A-3 5 + B-1 2, then A-2's 2 points on the 7th and A-1
    // re-estimated to 5 on the 20th. Done: A-3, then A-2, then B-1.
    for (i, expected) in [
        (0, "2026-01-05 | 10 | 5 |"),
        (1, "2026-01-06 | 10 | 5 |"),
        (2, "2026-01-07 | 12 | 5 | +2"),
        (10, "2026-01-15 | 12 | 7 |"),
        (13, "2026-01-18 | 12 | 7 |"),
        (14, "2026-01-19 | 12 | 9 |"),
        (15, "2026-01-20 | 14 | 9 | +2"),
    ] {
        assert_eq!(days[i], expected);
    }
    assert!(
        pi.contains("The scope changed on 2 days after the PI started"),
        "{pi}"
    );
    // Two marks in the chart, one in its key.
    let marks = pi.matches(r#"<circle class="scope-change""#).count();
    assert_eq!(marks, 3);
    assert!(
        pi.contains("<title>2026-01-20: scope +2 points</title>"),
        "{pi}"
    );
}

#[test]
fn without_history_the_flow_sections_say_why_they_are_missing() {
    let repo = worked_repo();
    let (out, _) = build(repo.path(), &["--no-history"]);
    let alpha = page(out.path(), "teams/alpha/index.html");
    assert!(
        alpha.contains("not read from git history, so velocity and cumulative flow are not known"),
        "{alpha}"
    );
    assert!(!alpha.contains("<svg class=\"velocity\""));
    let pi = page(out.path(), "pis/PI-1/index.html");
    assert!(
        pi.contains("not read from git history, so the burn-up is not known"),
        "{pi}"
    );
}

const ATOM: &str = "http://www.w3.org/2005/Atom";

/// The Atom element `name` in `node`.
fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, name: &str) -> roxmltree::Node<'a, 'i> {
    let found = node.children().find(|c| c.has_tag_name((ATOM, name)));
    found.unwrap_or_else(|| panic!("no <{name}>"))
}

/// An Atom feed's entries as `title | summary | link`, after checking
/// what RFC 4287 requires of the feed and of each entry, and that each
/// entry's link, resolved from the feed's folder `folder`, is a page of
/// the site in `out`.
fn atom_entries(out: &Path, feed_path: &str) -> Vec<String> {
    let xml = page(out, feed_path);
    let doc = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().namespace(), Some(ATOM));
    assert_eq!(feed.tag_name().name(), "feed");
    let text = |node, name| child(node, name).text().unwrap_or_default().to_string();
    let is_time = |t: &str| t.parse::<jiff::Timestamp>().is_ok();
    for name in ["id", "title"] {
        assert!(!text(feed, name).is_empty(), "{name} of {feed_path}");
    }
    assert!(is_time(&text(feed, "updated")), "{feed_path}");
    let folder = Path::new(feed_path).parent().expect("a folder");
    (feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))))
        .map(|entry| {
            assert!(text(entry, "id").starts_with("urn:rankdown:commit:"));
            assert!(is_time(&text(entry, "updated")));
            assert!(!text(child(entry, "author"), "name").is_empty());
            let link = child(entry, "link").attribute("href").expect("href");
            let target = out.join(folder).join(link).join("index.html");
            assert!(target.is_file(), "{link} in {feed_path} is no page");
            let content = child(entry, "content");
            assert_eq!(content.attribute("type"), Some("html"));
            let summary = text(entry, "summary");
            assert!(
                content
                    .text()
                    .unwrap_or_default()
                    .starts_with(&format!("<p>{summary}</p>"))
            );
            format!("{} | {summary} | {link}", text(entry, "title"))
        })
        .collect()
}

#[test]
fn feeds_say_what_each_commit_changed_in_backlog_terms() {
    let repo = worked_repo();
    let (out, _) = build(repo.path(), &[]);
    assert_eq!(
        atom_entries(out.path(), "feed.xml"),
        [
            "Re-estimate A-1 | One item changed. | stories/A-1/",
            "Finish B-1, start A-1 | B-1 left Beta, two items changed, one acceptance criterion checked in B-1. | stories/A-1/",
            "Finish A-2 | One item changed. | stories/A-2/",
            "Start A-2 | One item changed. | stories/A-2/",
            "Plan A-2 | One item changed, one acceptance criterion added to A-2. | stories/A-2/",
            "Start the backlog | Four stories added, two features added, two teams added, one PI added, one role added. | stories/A-1/",
        ]
    );
    let feed = page(out.path(), "feed.xml");
    let change =
        "Changed story &lt;strong&gt;A-1&lt;/strong&gt; Reserve a book: status ready → in-progress";
    assert!(feed.contains(change), "{feed}");
    // A team's feed has the commits that changed its file, backlog or
    // stories, each with only what concerns the team.
    assert_eq!(
        atom_entries(out.path(), "teams/beta/feed.xml"),
        [
            "Finish B-1, start A-1 | B-1 left Beta, one item changed, one acceptance criterion checked in B-1. | ../../stories/B-1/",
            "Start the backlog | One story added, one team added. | ../../stories/B-1/",
        ]
    );
    let beta = page(out.path(), "teams/beta/feed.xml");
    assert!(!beta.contains("Reserve a book"), "{beta}");
    assert_eq!(atom_entries(out.path(), "teams/alpha/feed.xml").len(), 6);
    // Pages announce the feeds; without history there are none.
    assert!(page(out.path(), "index.html").contains(r#"type="application/atom+xml""#));
    let (plain, _) = build(repo.path(), &["--no-history"]);
    assert!(!plain.path().join("feed.xml").exists());
}

#[test]
fn a_deleted_story_leaves_the_scope_and_a_commit_dated_earlier_counts_on_the_day_of_the_one_before()
{
    let repo = Repo::minimal();
    let b = &repo.backlog;
    b.remove("stories/beta/B-1.md");
    b.edit("teams/beta.md", "backlog: [B-1]", "backlog: []");
    repo.commit("Bo Chen", "2026-01-07T10:00:00+01:00", "Drop B-1");
    plan_a2(&repo, "2026-01-08");
    let a2 = "stories/alpha/A-2.md";
    // Rebased from an older branch: authored before the commit it follows.
    b.edit(a2, "points: 2", "points: 3");
    repo.commit("Kim Park", "2026-01-06T10:00:00+01:00", "Re-estimate A-2");
    let (out, _) = build(repo.path(), &[]);
    let days = table(&page(out.path(), "pis/PI-1/index.html"), "Burn-up by day");
    assert_eq!(
        days[..4],
        [
            "2026-01-05 | 10 | 5 |",
            "2026-01-06 | 10 | 5 |",
            "2026-01-07 | 8 | 5 | -2",
            "2026-01-08 | 11 | 5 | +3",
        ]
    );
}
