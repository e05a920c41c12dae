//! `rankdown build`: every page type, links, safety of output and of content.

use crate::harness::Backlog;
use assert_cmd::Command;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

fn rankdown() -> Command {
    let mut cmd = Command::cargo_bin("rankdown").expect("binary");
    cmd.env_remove("NO_COLOR").env_remove("SOURCE_DATE_EPOCH");
    cmd
}

/// Builds `root` into `out` for a fixed day; returns the command's result.
pub(crate) fn build(root: &Path, out: &Path) -> assert_cmd::assert::Assert {
    rankdown()
        .args(["build", "--today", "2026-01-20"])
        .arg(root)
        .arg("-o")
        .arg(out)
        .assert()
}

/// A new temporary folder and the path of a site inside it (not yet made).
pub(crate) fn output() -> (tempfile::TempDir, PathBuf) {
    let site = tempfile::tempdir().expect("temp dir");
    let out = site.path().join("public");
    (site, out)
}

fn read(out: &Path, page: &str) -> String {
    fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// Every file under `out` with its bytes.
pub(crate) fn snapshot(out: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(out).expect("prefix").to_path_buf(),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn every_page_type_is_written_with_its_content() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();

    let home = read(&out, "index.html");
    assert!(home.contains("<h1>Minimal Train</h1>"), "{home}");
    assert!(home.contains(r#"<a href="pis/PI-1/">PI 1</a>"#), "{home}");
    assert!(home.contains("iteration <strong>PI-1.2</strong>"), "{home}");

    let team = read(&out, "teams/alpha/index.html");
    let a1 = team
        .find(r#"<a href="../../stories/A-1/">A-1</a>"#)
        .expect("A-1 row");
    let a2 = team
        .find(r#"<a href="../../stories/A-2/">A-2</a>"#)
        .expect("A-2 row");
    assert!(a1 < a2, "backlog order");
    assert!(team.contains("<td>0 of 1</td>"), "criteria met: {team}");
    assert!(
        team.contains(
            r#"<td><a href="../../pis/PI-1/#iterations">PI-1.2</a></td><td>3</td><td>10</td>"#
        ),
        "load: {team}"
    );

    let story = read(&out, "stories/A-1/index.html");
    assert!(story.contains("<h1>Reserve a book</h1>"), "{story}");
    assert!(
        story.contains(r#"<a href="../../teams/alpha/">Alpha</a>, rank 1 in its backlog"#),
        "{story}"
    );
    assert!(
        story.contains(r#"<span class="kw">Then</span> &quot;Dune&quot; is on their reservations"#),
        "{story}"
    );
    assert!(
        story.contains("<li>Code reviewed</li>"),
        "definition of done: {story}"
    );
    assert!(
        story.contains(r#"Needed by</dt><dd><a href="../../stories/A-2/">A-2</a>"#),
        "{story}"
    );
    assert!(
        !story.contains("```gherkin"),
        "criteria section left in the body: {story}"
    );

    let feature = read(&out, "features/F-1/index.html");
    assert!(feature.contains("<h2>WSJF 3.2</h2>"), "{feature}");
    assert!(feature.contains("5 of 8 points accepted"), "{feature}");

    let program = read(&out, "program/index.html");
    assert!(
        program.contains(r#"<a href="../features/F-1/">F-1</a>"#),
        "{program}"
    );

    let roadmap = read(&out, "roadmap/index.html");
    assert!(
        roadmap.contains(r#"<svg class="roadmap-timeline""#),
        "{roadmap}"
    );
    assert!(roadmap.contains("today 2026-01-20"), "{roadmap}");

    let pi = read(&out, "pis/PI-1/index.html");
    assert!(pi.contains("88% predictable"), "{pi}");
    assert!(pi.contains(r#"<svg class="load-chart""#), "{pi}");

    let role = read(&out, "roles/product-owner/index.html");
    assert!(role.contains("<strong>Ana Li</strong>"), "{role}");
    assert!(role.contains(r#"<li class="met">"#), "{role}");

    let report = read(&out, "check/index.html");
    assert!(report.contains("No errors, no warnings."), "{report}");

    assert!(
        !out.join("sitemap.xml").exists(),
        "a sitemap needs an absolute base_url"
    );
    assert!(read(&out, "404.html").contains(r#"href="/static/site.css""#));
    let script = read(&out, "search-index.js");
    let json = script
        .strip_prefix("window.rankdownSearch=")
        .and_then(|s| s.strip_suffix(";\n"))
        .expect("a script of one JSON value");
    let index: serde_json::Value = serde_json::from_str(json).expect("JSON");
    assert_eq!(index["docs"][0][0], "A-1");
    assert_eq!(
        index["words"]["a1"],
        serde_json::json!([0]),
        "ids without dashes"
    );
}

#[test]
fn a_sub_path_base_url_makes_absolute_links_under_it() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    rankdown()
        .args([
            "build",
            "--today",
            "2026-01-20",
            "--base-url",
            "https://example.org/team/backlog/",
        ])
        .arg(backlog.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(
        read(&out, "sitemap.xml")
            .contains("<loc>https://example.org/team/backlog/stories/A-1/</loc>")
    );
    assert!(read(&out, "404.html").contains(r#"href="/team/backlog/static/site.css""#));
}

#[test]
fn every_internal_link_of_the_example_site_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    let (_site, out) = output();
    build(&root, &out).success();
    let mut broken = Vec::new();
    let mut checked = 0;
    for (page, bytes) in snapshot(&out) {
        if page.extension().is_none_or(|e| e != "html") || page == Path::new("404.html") {
            continue;
        }
        let html = String::from_utf8(bytes).expect("UTF-8");
        for target in links_in(&html) {
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let mut file = out.join(page.parent().expect("parent")).join(target);
            if target.ends_with('/') || target.is_empty() {
                file = file.join("index.html");
            }
            checked += 1;
            if !file.is_file() {
                broken.push(format!("{} -> {target}", page.display()));
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(broken.is_empty(), "{broken:#?}");
}

/// Every markup tag (`<...>`) of an HTML page; escaped text has none.
fn tags(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        found.push(&rest[start..end]);
        rest = &rest[end..];
    }
    found
}

/// The values of `href="..."` and `src="..."` attributes.
fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            links.push(rest[..end].replace("&amp;", "&"));
        }
    }
    links
}

#[test]
fn hostile_text_is_escaped_or_sanitized() {
    let backlog = Backlog::minimal();
    backlog.write(
        "stories/alpha/A-2.md",
        "---\ntitle: \"<script>alert('title')</script>\"\ntype: story\nteam: alpha\nfeature: F-1\nstatus: backlog\ndepends_on: [A-1]\nlabels: [\"<img src=x onerror=alert(1)>\"]\n---\n\
         <script>alert('body')</script>\n\n<a href=\"javascript:alert(2)\">x</a> <iframe src=\"https://evil.example\"></iframe>\n\n\
         <div onclick=\"alert(3)\" style=\"position:fixed\">y</div>\n",
    );
    backlog.write(
        "features/F-1.md",
        "---\ntitle: \"</text><script>alert('svg')</script>\"\ntype: feature\npi: PI-1\nstatus: implementing\nowner: \"<b onmouseover=alert(4)>PM</b>\"\n---\n",
    );
    // The same markup in every other field that reaches a page.
    let x = "<script>alert(5)</script>";
    backlog.write(
        "teams/alpha.md",
        format!("---\ntitle: \"{x}\"\nproduct_owner: \"{x}\"\nscrum_master: \"{x}\"\nmembers: [\"{x}\"]\ncapacity: 10\nbacklog: [A-1, A-2]\n---\n"),
    );
    backlog.write(
        "pis/PI-1.md",
        format!(
            "---\ntitle: \"{x}\"\nstart: 2026-01-05\nend: 2026-01-30\niterations:\n  - {{id: PI-1.1, start: 2026-01-05, end: 2026-01-16}}\n  - {{id: PI-1.2, start: 2026-01-19, end: 2026-01-30}}\nobjectives:\n  - {{team: alpha, text: \"{x}\", business_value: 5, actual_value: 5}}\n---\n"
        ),
    );
    backlog.write(
        "rankdown.yaml",
        format!("title: \"{x}\"\nproduct_manager: \"{x}\"\nprogram_backlog: [F-1]\ndefinition_of_done: [\"{x}\"]\n"),
    );
    backlog.write(
        "roles/product-owner.md",
        format!("---\ntitle: \"{x}\"\nowns: [story]\nresponsibilities: [\"{x}\"]\n---\n"),
    );
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    for (page, bytes) in snapshot(&out) {
        if page.extension().is_none_or(|e| e != "html" && e != "xml") {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for tag in tags(&text) {
            let allowed_script = ["", "../", "../../", "/"].iter().any(|root| {
                ["search.js", "site.js"]
                    .iter()
                    .any(|js| tag == format!(r#"<script defer src="{root}static/{js}">"#))
            });
            assert!(
                !tag.starts_with("<script") || allowed_script,
                "{tag} in {}",
                page.display()
            );
            for banned in [
                "onerror",
                "onclick",
                "onmouseover",
                "javascript:",
                "<iframe",
                "style=",
            ] {
                assert!(
                    !tag.contains(banned),
                    "`{banned}` in {tag} in {}",
                    page.display()
                );
            }
        }
    }
    let story = read(&out, "stories/A-2/index.html");
    assert!(
        story.contains("&lt;script&gt;alert("),
        "title not escaped: {story}"
    );
    let roadmap = read(&out, "roadmap/index.html");
    assert!(roadmap.contains("&lt;/text&gt;&lt;script&gt;"), "{roadmap}");
    let search = read(&out, "search-index.js");
    assert!(
        search.contains(r#""<script>alert('title')</script>""#),
        "JSON keeps text as data: {search}"
    );
}

#[test]
fn builds_are_byte_identical() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog");
    let site = tempfile::tempdir().expect("temp dir");
    build(&root, &site.path().join("one")).success();
    build(&root, &site.path().join("two")).success();
    let (one, two) = (
        snapshot(&site.path().join("one")),
        snapshot(&site.path().join("two")),
    );
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        two.keys().collect::<Vec<_>>()
    );
    assert!(one == two, "outputs differ");
}

#[test]
fn errors_write_nothing_and_keep_the_previous_site() {
    let backlog = Backlog::minimal();
    let (site, out) = output();
    build(backlog.path(), &out).success();
    let before = snapshot(&out);
    backlog.write("stories/alpha/A-2.md", "---\ntitle: broken\n");
    let failed = build(backlog.path(), &out).code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("error[RD003]"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(snapshot(&out) == before, "the previous site changed");

    let fresh = site.path().join("never");
    build(backlog.path(), &fresh).code(1);
    let beside: Vec<_> = fs::read_dir(site.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside.len(), 2, "a failed first build left {beside:?}");
    assert!(!fresh.exists());
}

#[test]
fn a_rebuild_writes_only_what_changed_and_removes_what_is_gone() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    let again = build(backlog.path(), &out).success();
    let stdout = String::from_utf8_lossy(&again.get_output().stdout).into_owned();
    assert!(stdout.contains("(0 written, "), "{stdout}");
    assert!(stdout.contains(" 0 removed)"), "{stdout}");

    fs::remove_file(backlog.path().join("stories/alpha/A-3.md")).expect("remove");
    let after = build(backlog.path(), &out).success();
    let stdout = String::from_utf8_lossy(&after.get_output().stdout).into_owned();
    assert!(stdout.contains(" 1 removed)"), "{stdout}");
    assert!(!out.join("stories/A-3").exists());
    assert!(out.join("stories/A-1/index.html").is_file());
}

#[test]
fn refuses_unsafe_output_folders() {
    let backlog = Backlog::minimal();
    let refuse = |out: &Path, needle: &str| {
        let result = build(backlog.path(), out).code(2);
        let stderr = String::from_utf8_lossy(&result.get_output().stderr).into_owned();
        assert!(stderr.contains(needle), "{stderr}");
    };
    refuse(backlog.path(), "is, or contains, the backlog root");
    refuse(
        backlog.path().parent().expect("parent"),
        "is, or contains, the backlog root",
    );
    refuse(
        &backlog.path().join("stories/.."),
        "is, or contains, the backlog root",
    );
    refuse(
        &backlog.path().join(".git/site"),
        "it is inside a .git folder",
    );
    assert!(!backlog.path().join(".git").exists());
    refuse(
        &backlog.path().join("rankdown.yaml"),
        "rankdown reads that file of the backlog",
    );

    let foreign = tempfile::tempdir().expect("temp dir");
    fs::write(foreign.path().join("keep.txt"), "precious").expect("write");
    refuse(foreign.path(), "not empty and was not made by rankdown");
    assert_eq!(
        fs::read_to_string(foreign.path().join("keep.txt")).expect("kept"),
        "precious"
    );

    rankdown()
        .args(["build", "--force", "--today", "2026-01-20"])
        .arg(backlog.path())
        .arg("-o")
        .arg(foreign.path())
        .assert()
        .success();
    assert!(foreign.path().join("index.html").is_file());
    assert!(
        foreign.path().join("keep.txt").is_file(),
        "--force must not delete foreign files"
    );
}

#[test]
fn the_backlog_can_override_templates_and_static_files() {
    let backlog = Backlog::minimal();
    backlog.write("templates/404.html", "{% extends \"base.html\" %}{% block content %}<p>Lost in {{ site.title }}</p>{% endblock %}");
    backlog.write("static/site.css", "body { color: rebeccapurple }");
    backlog.write("static/logo.svg", "<svg/>");
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    assert!(read(&out, "404.html").contains("<p>Lost in Minimal Train</p>"));
    assert_eq!(
        read(&out, "static/site.css"),
        "body { color: rebeccapurple }"
    );
    assert!(out.join("static/logo.svg").is_file());
}

#[test]
fn editor_litter_beside_templates_and_static_files_is_not_part_of_the_theme() {
    let backlog = Backlog::minimal();
    // Half-saved templates that would not parse, and files no site wants.
    backlog.write("templates/404.html~", "{% broken");
    backlog.write("templates/.404.html.swp", "{% broken");
    backlog.write("templates/#404.html#", "{% broken");
    backlog.write("static/.DS_Store", "x");
    backlog.write("static/site.css.bak", "x");
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    assert!(out.join("static/site.css").is_file());
    assert!(!out.join("static/.DS_Store").exists());
    assert!(!out.join("static/site.css.bak").exists());
}

#[test]
fn scenario_outlines_show_their_examples_and_body_headings_sit_below_the_title() {
    let backlog = Backlog::minimal();
    backlog.write(
        "stories/alpha/A-1.md",
        "---\ntitle: Reserve a book\ntype: story\nteam: alpha\nfeature: F-1\nstatus: ready\npoints: 3\n---\n\
         # Context\n\n## Acceptance criteria\n\n```gherkin\nScenario Outline: Reserve <book>\n  Given a member\n  When they reserve \"<book>\"\n  Then it waits <days> days\n  Examples:\n    | book | days |\n    | Dune | 7 |\n```\n",
    );
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    let story = read(&out, "stories/A-1/index.html");
    assert!(story.contains("<h2>Context</h2>"), "{story}");
    assert_eq!(story.matches("<h1").count(), 1, "{story}");
    assert!(
        story.contains(r#"<th scope="col">book</th><th scope="col">days</th>"#),
        "{story}"
    );
    assert!(story.contains("<td>Dune</td><td>7</td>"), "{story}");
}

#[test]
fn theme_in_rankdown_yaml_selects_a_theme_folder_of_the_backlog() {
    let backlog = Backlog::minimal();
    let config = fs::read_to_string(backlog.path().join("rankdown.yaml")).expect("config");
    backlog.write("rankdown.yaml", format!("{config}theme: plain\n"));
    let (_site, out) = output();
    let missing = build(backlog.path(), &out).code(2);
    let stderr = String::from_utf8_lossy(&missing.get_output().stderr).into_owned();
    assert!(stderr.contains("theme `plain` not found"), "{stderr}");

    backlog.write(
        "themes/plain/templates/index.html",
        "<p>{{ site.title }} in plain</p>",
    );
    backlog.write("themes/plain/static/site.css", "body { margin: 0 }");
    build(backlog.path(), &out).success();
    assert_eq!(read(&out, "index.html"), "<p>Minimal Train in plain</p>");
    assert_eq!(read(&out, "static/site.css"), "body { margin: 0 }");
    assert!(
        read(&out, "teams/alpha/index.html").contains("<h1>"),
        "other pages keep the default"
    );
}

/// What rankdown left next to `out` besides its own folder.
fn leftovers(out: &Path) -> Vec<String> {
    fs::read_dir(out.parent().expect("parent"))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".rankdown") && name != ".public.rankdown")
        .collect()
}

#[test]
fn a_rebuild_updates_changed_pages_and_keeps_files_rankdown_did_not_write() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    fs::write(out.join("CNAME"), "backlog.example.org").expect("write");
    fs::create_dir_all(out.join(".git")).expect("mkdir");
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages").expect("write");
    let untouched = fs::metadata(out.join("stories/B-1/index.html"))
        .expect("meta")
        .modified()
        .expect("mtime");

    let story = fs::read_to_string(backlog.path().join("stories/alpha/A-1.md")).expect("story");
    backlog.write(
        "stories/alpha/A-1.md",
        story.replace("title: Reserve a book", "title: Reserve a film"),
    );
    build(backlog.path(), &out).success();
    assert!(read(&out, "stories/A-1/index.html").contains("<h1>Reserve a film</h1>"));
    assert!(read(&out, "teams/alpha/index.html").contains("Reserve a film"));
    let modified = fs::metadata(out.join("stories/B-1/index.html"))
        .expect("meta")
        .modified()
        .expect("mtime");
    assert_eq!(modified, untouched, "an unchanged page was rewritten");
    assert_eq!(read(&out, "CNAME"), "backlog.example.org");
    assert!(out.join(".git/HEAD").is_file());
}

#[test]
fn a_symbolic_link_inside_the_site_is_never_written_through() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    fs::remove_dir_all(out.join("stories")).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path(), out.join("stories")).expect("link");
    let before = snapshot(&out);
    let failed = build(backlog.path(), &out).code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("is in the way"), "{stderr}");
    assert_eq!(
        fs::read_dir(elsewhere.path()).expect("list").count(),
        0,
        "wrote through the link"
    );
    assert!(snapshot(&out) == before, "the site changed");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn a_page_replacing_a_file_of_the_previous_build_takes_its_place() {
    let backlog = Backlog::minimal();
    backlog.write("static/logo", "a file");
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    fs::remove_file(backlog.path().join("static/logo")).expect("remove");
    backlog.write("static/logo/x.svg", "<svg/>");
    build(backlog.path(), &out).success();
    assert_eq!(read(&out, "static/logo/x.svg"), "<svg/>");
}

#[test]
fn a_template_error_during_a_rebuild_keeps_the_previous_site() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    let before = snapshot(&out);
    backlog.write("templates/story.html", "{{ page.no_such.field }}");
    let failed = build(backlog.path(), &out).code(2);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("error:"), "{stderr}");
    assert!(snapshot(&out) == before, "the site changed");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
}

#[test]
fn output_folders_rankdown_reads_are_refused() {
    let backlog = Backlog::minimal();
    for folder in ["static", "templates/site", "stories/out"] {
        let failed = build(backlog.path(), &backlog.path().join(folder)).code(2);
        let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
        assert!(
            stderr.contains("rankdown reads that folder"),
            "{folder}: {stderr}"
        );
    }
    build(backlog.path(), &backlog.path().join("public")).success();
}

#[test]
fn a_theme_must_be_a_plain_folder_name() {
    let backlog = Backlog::minimal();
    let config = fs::read_to_string(backlog.path().join("rankdown.yaml")).expect("config");
    backlog.write("rankdown.yaml", format!("{config}theme: /etc\n"));
    assert_eq!(
        backlog.check(),
        "rankdown.yaml:12:8: error[RD102] `theme` must be the name of a folder under themes/, found `/etc`\n  help: write a plain name such as `default` or `corporate`, no slashes or dots\n"
    );
}

#[test]
fn source_date_epoch_pins_today_and_the_sitemap_needs_a_full_address() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    // 1768867200 is 2026-01-20T00:00:00Z.
    let built = rankdown()
        .env("SOURCE_DATE_EPOCH", "1768867200")
        .arg("build")
        .arg(backlog.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&built.get_output().stdout).into_owned();
    assert!(read(&out, "roadmap/index.html").contains("today 2026-01-20"));
    // One summary counts the warning printed about history, and says what
    // was left out and why.
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].contains(" removed), 1 warning, in "), "{stdout}");
    assert_eq!(
        lines[1..],
        [
            "left out: history, flow metrics and change feeds (the backlog root is not in a git repository); sitemap.xml (`base_url` is not a full address: set it in rankdown.yaml or with --base-url, e.g. https://example.org/backlog/)"
        ]
    );
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    assert_eq!(
        stderr,
        "warning: pages show no history: the backlog root is not in a git repository\n"
    );
}

#[test]
fn theme_files_that_are_links_out_of_the_backlog_or_fifos_are_reported_and_not_read() {
    let backlog = Backlog::minimal();
    backlog.write("assets/shared.css", "shared");
    fs::create_dir_all(backlog.path().join("static")).expect("mkdir");
    fs::create_dir_all(backlog.path().join("templates")).expect("mkdir");
    let link = std::os::unix::fs::symlink;
    link(
        "../assets/shared.css",
        backlog.path().join("static/shared.css"),
    )
    .expect("link");
    link("/etc/hostname", backlog.path().join("static/host.txt")).expect("link");
    for fifo in ["templates/pipe.html", "static/pipe.css"] {
        let made = std::process::Command::new("mkfifo")
            .arg(backlog.path().join(fifo))
            .status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    }
    let (_site, out) = output();
    let built = rankdown()
        .args(["build", "--today", "2026-01-20", "--no-history"])
        .arg(backlog.path())
        .arg("-o")
        .arg(&out)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    for (path, warning) in [
        (
            "static/host.txt",
            "warning[RD008]: symbolic link points outside the backlog root; not followed",
        ),
        (
            "static/pipe.css",
            "warning[RD009]: not a regular file (a FIFO, socket or device); not read",
        ),
        (
            "templates/pipe.html",
            "warning[RD009]: not a regular file (a FIFO, socket or device); not read",
        ),
    ] {
        let at = stderr
            .find(warning)
            .unwrap_or_else(|| panic!("{warning}: {stderr}"));
        assert!(
            stderr[at..].contains(&format!("{path}:1:1")),
            "{path}: {stderr}"
        );
    }
    let stdout = String::from_utf8_lossy(&built.get_output().stdout).into_owned();
    assert!(stdout.contains(", 3 warnings, in "), "{stdout}");
    assert_eq!(
        read(&out, "static/shared.css"),
        "shared",
        "a link inside the root is followed"
    );
    assert!(!out.join("static/host.txt").exists());
    assert!(!out.join("static/pipe.css").exists());
    assert!(read(&out, "check/index.html").contains("static/pipe.css"));
}

#[test]
fn a_theme_link_into_the_git_folder_is_not_followed() {
    let backlog = Backlog::minimal();
    backlog.write(".git/config", "[remote] token = secret");
    fs::create_dir_all(backlog.path().join("static")).expect("mkdir");
    std::os::unix::fs::symlink("../.git/config", backlog.path().join("static/leak.txt"))
        .expect("link");
    let (_site, out) = output();
    let built = build(backlog.path(), &out).success();
    let stderr = String::from_utf8_lossy(&built.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning[RD008]: symbolic link points into a hidden folder of the backlog root; not followed"),
        "{stderr}"
    );
    assert!(!out.join("static/leak.txt").exists());
}
