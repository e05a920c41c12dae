//! The documentation keeps up with the code.

use rankdown::diagnostic::Code;

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_rule_code_has_a_section_in_rules_md() {
    let rules = read("docs/rules.md");
    for code in Code::ALL {
        let heading = format!("## {} — {}", code.as_str(), code.title());
        assert!(rules.contains(&heading), "docs/rules.md lacks `{heading}`");
    }
}

#[test]
fn the_readme_names_the_commands_ci_runs() {
    let readme = read("README.md");
    let ci = read(".ci/run");
    assert!(readme.contains("cargo run --release -- build example-backlog"));
    assert!(readme.contains("cargo test"));
    assert!(ci.contains("cargo test"));
}

#[test]
fn the_complete_first_backlog_of_format_md_checks_clean_as_printed() {
    let doc = read("docs/format.md");
    let backlog = crate::harness::Backlog::empty();
    let mut files = 0;
    for part in doc.split("<!-- file: ").skip(1) {
        let (path, rest) = part.split_once(" -->\n").expect("a path");
        let body = &rest[rest.find("```").expect("a fence")..];
        let fence_end = body.find('\n').expect("fence line");
        let text = &body[fence_end + 1..];
        let text = &text[..text.find("\n```").expect("closing fence") + 1];
        backlog.write(path, text);
        files += 1;
    }
    assert_eq!(files, 7);
    let out = assert_cmd::Command::cargo_bin("rankdown")
        .expect("binary")
        .arg("check")
        .arg(backlog.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let printed =
        "no errors, no warnings in online-store (2 stories, 1 feature, 1 team, 1 PI, 1 role)";
    assert!(doc.contains(printed));
    let counts = &printed[printed.find(" (").expect("counts")..];
    assert!(
        stdout.starts_with("no errors, no warnings in ") && stdout.trim_end().ends_with(counts),
        "{stdout}"
    );
}

/// The text of `html` without tags.
fn page_text(html: &str) -> String {
    crate::history::strip_tags(html)
}

#[test]
fn format_md_lists_every_page_folder_the_site_has_and_site_md_its_task_marks() {
    let backlog = crate::harness::Backlog::minimal();
    let (_site, out) = crate::build::output();
    crate::build::build(backlog.path(), &out).success();
    let format = read("docs/format.md");
    let urls = &format[format.find("## Output URLs").expect("URL section")..];
    let urls = &urls[..urls.find("\n## ").expect("next section")];
    for entry in std::fs::read_dir(&out).expect("site") {
        let entry = entry.expect("entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().join("index.html").is_file() || entry.path().is_dir() && name != "static" {
            assert!(
                urls.contains(&format!("`{name}/")),
                "docs/format.md's URL table lacks `{name}/`"
            );
        }
    }
    // The marks a story page shows for its tasks are the ones site.md names.
    let story =
        page_text(&std::fs::read_to_string(out.join("stories/A-3/index.html")).expect("A-3"));
    let site = read("docs/site.md");
    for (mark, meaning) in [("✓", "met"), ("○", "open")] {
        assert!(
            site.contains(&format!("{mark} ({meaning})")),
            "site.md lacks {mark}"
        );
    }
    assert!(story.contains("✓"), "{story}");
    assert!(!site.contains('☐') && !site.contains('☑'));
}
