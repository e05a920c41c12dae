//! Malformed files are the normal case: each gets a diagnostic naming it, and
//! never a panic, a hang or a lost report about another file.

use crate::harness::Backlog;

/// A story file with the given front matter lines and body.
fn story(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}")
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let backlog = Backlog::minimal();
    backlog
        .write("stories/alpha/X-1.md", b"---\ntitle: \xff\xfe\n---\n")
        .write("stories/alpha/X-2.md", "")
        .write("stories/alpha/X-3.md", "# no front matter\n")
        .write("stories/alpha/X-4.md", "---\ntitle: never closed\n")
        .write("stories/alpha/X-5.md", "---\ntitle: [oops\n---\n")
        .write("stories/alpha/x y.md", "---\ntitle: bad name\n---\n");
    let out = backlog.check();
    for expected in [
        "stories/alpha/X-1.md:2:1: error[RD001]",
        "stories/alpha/X-2.md:1:1: error[RD002] file is empty",
        "stories/alpha/X-3.md:1:1: error[RD002] file does not start with `---` front matter",
        "stories/alpha/X-4.md:1:1: error[RD003]",
        "stories/alpha/X-5.md:2:",
        "stories/alpha/x y.md:1:1: error[RD006]",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
}

#[test]
fn crlf_files_report_the_same_lines() {
    let backlog = Backlog::minimal();
    let text = story(
        "title: Windows\ntype: story\nteam: alpha\nfeature: F-1\nstatus: redy",
        "",
    );
    backlog.write("stories/alpha/A-2.md", text.replace('\n', "\r\n"));
    let out = backlog.check();
    assert!(
        out.starts_with("stories/alpha/A-2.md:6:9: error[RD102] `status`"),
        "{out}"
    );
}

#[test]
fn yaml_alias_bombs_are_refused() {
    let mut yaml = String::from("title: bomb\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        yaml.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let backlog = Backlog::minimal();
    backlog.write("stories/alpha/A-9.md", format!("---\n{yaml}---\n"));
    let out = backlog.check();
    assert!(out.contains("stories/alpha/A-9.md:"), "{out}");
    assert!(
        out.contains("error[RD004] YAML does not parse: repetition limit exceeded"),
        "{out}"
    );
}

#[test]
fn deeply_nested_yaml_is_refused() {
    let depth = 100_000;
    let flow = format!(
        "title: deep\nlabels: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let block = format!("title: deep\nlabels:\n{}x\n", "- ".repeat(depth));
    let backlog = Backlog::minimal();
    backlog.write("stories/alpha/A-8.md", format!("---\n{flow}---\n"));
    backlog.write("stories/alpha/A-9.md", format!("---\n{block}---\n"));
    let refused = "error[RD004] YAML does not parse: nested more than 128 levels deep";
    assert_eq!(
        backlog.check(),
        format!(
            "stories/alpha/A-8.md:3:1: {refused}\n  help: {hint}\nstories/alpha/A-9.md:4:1: {refused}\n  help: {hint}\n",
            hint = "flatten the front matter: fields are plain values, lists and small mappings"
        )
    );
}

#[test]
fn absurdly_nested_markdown_is_read() {
    let backlog = Backlog::minimal();
    let quotes = ">".repeat(50_000);
    let lists = (0..5_000)
        .map(|i| format!("{}- [ ] level {i}\n", "  ".repeat(i)))
        .collect::<String>();
    let brackets = format!("{}x{}", "[".repeat(50_000), "]".repeat(50_000));
    let body = format!("{quotes} deep\n\n## Acceptance criteria\n\n{lists}\n{brackets}\n");
    let front = "title: Deep\ntype: story\nteam: alpha\nfeature: F-1\nstatus: ready\npoints: 1";
    backlog.write("stories/alpha/A-2.md", story(front, &body));
    backlog.write(
        "teams/alpha.md",
        "---\ntitle: Alpha\nproduct_owner: Ana Li\nbacklog: [A-1, A-2]\n---\n",
    );
    assert_eq!(backlog.check(), "");
}

#[test]
fn very_large_files_are_read_whole() {
    let backlog = Backlog::minimal();
    let paragraph = "Members reserve books from home and collect them at the desk. ".repeat(16);
    let mut body = String::with_capacity(12 << 20);
    while body.len() < 10 << 20 {
        body.push_str(&paragraph);
        body.push_str("\n\n");
    }
    body.push_str("## Acceptance criteria\n\n- [ ] The last line is still read\n");
    let front = "title: Big\ntype: story\nteam: alpha\nfeature: F-1\nstatus: ready\npoints: 1";
    backlog.write("stories/alpha/A-2.md", story(front, &body));
    backlog.write(
        "teams/alpha.md",
        "---\ntitle: Alpha\nproduct_owner: Ana Li\nbacklog: [A-1, A-2]\n---\n",
    );
    let checked = rankdown::check(backlog.path()).expect("check runs");
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let criteria = &checked.backlog.stories["A-2"].criteria;
    assert_eq!(criteria.tasks[0].text, "The last line is still read");
}

#[test]
fn links_out_of_the_root_and_loops_are_not_followed() {
    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("S-1.md"), "---\ntitle: secret\n---\n").expect("write");
    let backlog = Backlog::minimal();
    backlog.link(
        "stories/secret.md",
        &outside.path().join("S-1.md").to_string_lossy(),
    );
    backlog.link("stories/elsewhere", &outside.path().to_string_lossy());
    backlog.link("features/again", ".");
    backlog.link("features/dangling.md", "nowhere.md");
    let out = backlog.check();
    assert_eq!(
        out,
        "\
features/again:1:1: warning[RD008] symbolic link loops back to `features`; not followed
  help: remove the link
features/dangling.md:1:1: warning[RD008] symbolic link cannot be followed: No such file or directory (os error 2)
  help: fix or remove the link
stories/elsewhere:1:1: warning[RD008] symbolic link points outside the backlog root; not followed
  help: copy the file into the backlog root or remove the link
stories/secret.md:1:1: warning[RD008] symbolic link points outside the backlog root; not followed
  help: copy the file into the backlog root or remove the link
"
    );
}

#[test]
fn links_inside_the_root_are_followed() {
    let backlog = Backlog::minimal();
    std::fs::rename(
        backlog.path().join("stories/beta/B-1.md"),
        backlog.path().join("B-1.md"),
    )
    .expect("move");
    backlog.link("stories/beta/B-1.md", "../../B-1.md");
    assert_eq!(backlog.check(), "");
}

#[test]
fn other_files_are_ignored_and_nothing_hangs() {
    let backlog = Backlog::minimal();
    backlog
        .write("stories/alpha/notes.txt", "not markdown")
        .write("stories/alpha/cover.png", [0x89, b'P', b'N', b'G', 0, 0xff])
        .write("stories/.drafts/D-1.md", "hidden folders are not content")
        .write("README.md", "# not under an item folder");
    std::fs::create_dir_all(backlog.path().join("stories/alpha/folder.md")).expect("mkdir");
    assert_eq!(backlog.check(), "");
}

#[test]
fn check_writes_nothing() {
    let backlog = Backlog::minimal();
    backlog.write("stories/alpha/X-1.md", "broken");
    let before = listing(backlog.path());
    let _ = backlog.check();
    assert_eq!(listing(backlog.path()), before);
}

/// Every path under `root` with its size and modification time.
fn listing(root: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| {
            let e = e.expect("entry");
            let meta = e.metadata().expect("metadata");
            format!(
                "{} {} {:?}",
                e.path().display(),
                meta.len(),
                meta.modified().ok()
            )
        })
        .collect()
}

#[test]
fn common_slips_get_specific_hints() {
    let backlog = Backlog::minimal();
    backlog.write(
        "stories/alpha/A-2.md",
        "---\ntitle: Cancel\ntype: story\nteam: alpha\nfeature: F-1\nstatus: ready\npoints: \"5\"\ndepends_on: A-1, A-3\n---\n\n## Acceptance criteria\n\n- [ ] x\n",
    );
    let config = std::fs::read_to_string(backlog.path().join("rankdown.yaml")).expect("config");
    backlog.write("rankdown.yaml", format!("---\n{config}---\n"));
    assert_eq!(
        backlog.check(),
        "\
rankdown.yaml:1:1: error[RD004] YAML does not parse: deserializing from YAML containing more than one document is not supported
  help: rankdown.yaml is plain YAML, not front matter: remove its `---` lines
stories/alpha/A-2.md:7:9: error[RD102] `points` must be a whole number of 0 or more, found the quoted text `\"5\"`
  help: remove the quotes: `points: 5`
stories/alpha/A-2.md:8:13: error[RD102] `depends_on` is one text with commas, not a list
  help: write a list as `depends_on: [A-1, A-3]`
"
    );
}

#[test]
fn an_iteration_with_a_bad_date_is_reported_once() {
    let backlog = Backlog::minimal();
    let pi = std::fs::read_to_string(backlog.path().join("pis/PI-1.md")).expect("PI");
    backlog.write(
        "pis/PI-1.md",
        pi.replace(
            "{id: PI-1.2, start: 2026-01-19",
            "{id: PI-1.2, start: 19 January",
        ),
    );
    assert_eq!(
        backlog.check(),
        "\
pis/PI-1.md:7:25: error[RD102] `iterations[1].start` must be a date written YYYY-MM-DD, found `19 January`
  help: write `start:` as a date written YYYY-MM-DD
"
    );
}

#[test]
fn an_anchor_repeated_into_gigabytes_is_refused_within_a_small_memory_limit() {
    let backlog = Backlog::minimal();
    // 1 MB of anchored text, named 2,000 times: 2 GB once expanded.
    let big = "x".repeat(1 << 20);
    let front = format!(
        "title: Bomb\ntype: story\nteam: alpha\nfeature: F-1\nstatus: backlog\nnotes: &big {big}\nextra:\n  many: [{}]",
        vec!["*big"; 2000].join(", ")
    );
    backlog.write("stories/alpha/A-9.md", story(&front, "body\n"));
    assert_eq!(
        backlog.check(),
        "stories/alpha/A-9.md:7:8: error[RD004] YAML does not parse: the values are larger than 16 MiB once aliases are expanded (at `extra.many[14]`)\n  help: write each value out instead of repeating a large anchor with `*name`\n"
    );
    // The same in a process that may not use more than 1 GB of memory.
    let limited = std::process::Command::new("bash")
        .arg("-c")
        .arg("ulimit -v 1000000 && exec \"$0\" check --format json \"$1\"")
        .arg(assert_cmd::cargo::cargo_bin("rankdown"))
        .arg(backlog.path())
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&limited.stdout);
    assert_eq!(limited.status.code(), Some(1), "{report}");
    assert!(report.contains("\"code\": \"RD004\""), "{report}");
}

#[test]
fn backlog_text_cannot_drive_the_terminal() {
    let backlog = Backlog::minimal();
    let front = "title: x\ntype: story\nteam: alpha\nfeature: F-1\nstatus: backlog\niteration: \"PI-9\\e]0;PWNED\\a\"\ndepends_on: [\"Z\\e[2K\"]";
    backlog.write("stories/alpha/A-9.md", story(front, ""));
    backlog.write(
        "stories/alpha/B\x1b[2K-1\n--> other.md:1:1.md",
        "---\ntitle: y\n---\n",
    );
    // As on a terminal: colour on, so escape codes are not stripped.
    let shown = assert_cmd::Command::cargo_bin("rankdown")
        .expect("binary")
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .arg("check")
        .arg(backlog.path())
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&shown.get_output().stdout).into_owned();
    for raw in ["\x1b]0;PWNED", "\x1b[2K", "\x07"] {
        assert!(!text.contains(raw), "{raw:?} reached the terminal:\n{text}");
    }
    assert!(
        !text
            .lines()
            .any(|l| l.trim_start().starts_with("--> other.md")),
        "a file name printed a line of its own:\n{text}"
    );
    assert!(text.contains("B␛[2K-1␊--> other.md:1:1.md:1:1"), "{text}");
    assert!(text.contains("`PI-9␛]0;PWNED␇`"), "{text}");
    assert!(text.contains("add `Z␛[2K.md` under stories/"), "{text}");

    // JSON keeps the text as it is, escaped by the JSON encoder.
    let json = assert_cmd::Command::cargo_bin("rankdown")
        .expect("binary")
        .args(["check", "--format", "json"])
        .arg(backlog.path())
        .assert()
        .code(1);
    let json = String::from_utf8_lossy(&json.get_output().stdout).into_owned();
    assert!(
        json.contains(r#"B\u001b[2K-1\n--> other.md:1:1.md"#),
        "{json}"
    );
}

/// Found by fuzzing (fuzz/regressions/config_file-1..3, story_file-1): the
/// YAML parser also starts a line at a lone CR, NEL and U+2028, so its line
/// and column pointed past the end of rankdown's line.
#[test]
fn yaml_errors_after_other_line_breaks_point_into_the_files_own_lines() {
    for text in ["t\rA1:\n ", "t\u{85}A1:\n ", "t\u{2028}A1:\n "] {
        let backlog = Backlog::minimal();
        backlog.write("rankdown.yaml", text);
        assert_eq!(
            backlog.check(),
            "rankdown.yaml:1:5: error[RD004] YAML does not parse: mapping values are not allowed in this context\n  help: fix the YAML syntax; quote values that contain `: `, `#` or start with `@`, `*`, `&`, `[` or `{`\n",
            "{text:?}"
        );
    }
    let backlog = Backlog::minimal();
    backlog.write("stories/alpha/A-2.md", "---\nt\rA1:\n \n---\n");
    assert!(
        backlog
            .check()
            .starts_with("stories/alpha/A-2.md:2:5: error[RD004] YAML does not parse: mapping values are not allowed in this context\n"),
        "{}",
        backlog.check()
    );
}

/// Found by fuzzing (fuzz/regressions/markdown_body-1, story_file-2): a
/// Gherkin fence on the file's last line was reported on the line after it.
#[test]
fn an_unclosed_gherkin_fence_at_the_end_is_reported_on_its_own_line() {
    let backlog = Backlog::minimal();
    let front = "title: Reserve a book\ntype: story\nteam: alpha\nfeature: F-1\nstatus: ready\npoints: 3\niteration: PI-1.2";
    backlog.write(
        "stories/alpha/A-1.md",
        story(front, "# Acceptance criteria\n```gherkin"),
    );
    assert_eq!(
        backlog.check(),
        "stories/alpha/A-1.md:11:1: error[RD402] the Gherkin block has no `Scenario:`\n  help: start each scenario with `Scenario:` and write its steps as `Given`, `When`, `Then`, `And` or `But` lines\n"
    );
    let criteria = rankdown::load::criteria_of("# Acceptance criteria\n```gherkin");
    assert_eq!(criteria.gherkin[0].line, 2, "the fence's own line");
}
