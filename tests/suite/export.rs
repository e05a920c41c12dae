//! `rankdown export`: the JSON document against its published schema, its
//! counts against `check` and the files, the derived numbers, and the CSV.

use crate::harness::Backlog;
use crate::repo::{outcome, rankdown};
use serde_json::{Value, json};
use std::path::Path;

/// Runs `rankdown export root args`: status, stdout, stderr.
fn export(root: &Path, args: &[&str]) -> (i32, String, String) {
    outcome(rankdown().arg("export").arg(root).args(args))
}

/// The JSON document of `root`, which must export with status `status`.
fn document(root: &Path, status: i32) -> Value {
    let (code, text, stderr) = export(root, &[]);
    assert_eq!(code, status, "{stderr}");
    serde_json::from_str(&text).expect("the export is JSON")
}

fn example() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog")
}

/// A validator for the published schema `schemas/NAME.schema.json`.
pub(crate) fn published(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("schemas/{name}.schema.json"));
    let text = std::fs::read_to_string(&path).expect("the schema is published");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid JSON Schema")
}

/// Every way `instance` breaks the schema, one per line.
pub(crate) fn errors(validator: &jsonschema::Validator, instance: &Value) -> String {
    (validator.iter_errors(instance))
        .map(|e| format!("{}: {e}\n", e.instance_path()))
        .collect()
}

#[test]
fn the_example_exports_a_document_its_published_schema_accepts() {
    let doc = document(&example(), 0);
    assert_eq!(errors(&published("export"), &doc), "");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(
        doc["generator"],
        json!({"name": "rankdown", "version": env!("CARGO_PKG_VERSION")})
    );
}

#[test]
fn the_schema_refuses_a_document_that_breaks_it() {
    let mut doc = document(&example(), 0);
    doc["stories"][0]["status"] = json!("started");
    doc["format_version"] = json!(2);
    doc["counts"]
        .as_object_mut()
        .expect("object")
        .remove("roles");
    let found = errors(&published("export"), &doc);
    for path in ["/stories/0/status", "/format_version", "/counts"] {
        assert!(found.contains(&format!("{path}: ")), "{path} in:\n{found}");
    }
}

/// The number of `.md` files below `root/folder`.
fn files(root: &Path, folder: &str) -> usize {
    walkdir::WalkDir::new(root.join(folder))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}

#[test]
fn counts_round_trip_with_the_files_and_check() {
    let root = example();
    let doc = document(&root, 0);
    let (_, text, _) = outcome(rankdown().args(["check", "--format", "json"]).arg(&root));
    let check: Value = serde_json::from_str(&text).expect("check prints JSON");
    let kinds = [
        ("stories", 40),
        ("features", 11),
        ("teams", 4),
        ("pis", 2),
        ("roles", 5),
    ];
    for (kind, n) in kinds {
        let listed = doc[kind].as_array().expect("a list").len();
        assert_eq!((kind, listed), (kind, n));
        assert_eq!((kind, &doc["counts"][kind]), (kind, &json!(n)));
        assert_eq!((kind, files(&root, kind)), (kind, n));
    }
    assert_eq!(doc["diagnostics"], check["diagnostics"]);
    assert_eq!(doc["counts"]["errors"], check["counts"]["errors"]);
    assert_eq!(doc["counts"]["warnings"], check["counts"]["warnings"]);
    assert_eq!(doc["unreadable"], json!([]));
}

/// The entry of `kind` with `id`.
fn entry<'a>(doc: &'a Value, kind: &str, id: &str) -> &'a Value {
    let entries = doc[kind].as_array().expect("a list");
    let found = entries.iter().find(|e| e["id"] == id);
    found.unwrap_or_else(|| panic!("no {id} in {kind}"))
}

#[test]
fn the_document_holds_the_fields_and_what_the_site_derives() {
    let doc = document(Backlog::minimal().path(), 0);
    let a1 = entry(&doc, "stories", "A-1");
    assert_eq!(
        (&a1["rank"], &a1["pi"], &a1["points"], &a1["file"]),
        (
            &json!(1),
            &json!("PI-1"),
            &json!(3),
            &json!("stories/alpha/A-1.md")
        )
    );
    assert_eq!(
        a1["criteria"],
        json!({
            "tasks": [{"text": "A reserved book shows on my account", "checked": false}],
            "scenarios": [{"name": "Reserve an available book"}]
        })
    );
    assert_eq!(entry(&doc, "stories", "A-2")["depends_on"], json!(["A-1"]));
    assert_eq!(entry(&doc, "stories", "A-3")["rank"], Value::Null);
    assert_eq!(
        entry(&doc, "stories", "B-1")["extra"],
        json!({"ticket": "LIB-42"})
    );
    let f1 = entry(&doc, "features", "F-1");
    assert_eq!(f1["wsjf"]["score"], json!(3.2));
    assert_eq!(
        (&f1["program_rank"], &f1["wsjf_rank"]),
        (&json!(1), &json!(1))
    );
    assert_eq!(f1["points"], json!({"accepted": 5, "total": 8}));
    assert_eq!(f1["stories"], json!(["A-1", "A-2", "A-3"]));
    assert_eq!(entry(&doc, "features", "F-2")["program_rank"], Value::Null);
    assert_eq!(
        entry(&doc, "pis", "PI-1")["predictability"],
        json!({"train": 87.5, "teams": [
            {"team": "alpha", "percent": 87.5},
            {"team": "beta", "percent": null}
        ]})
    );
    let po = entry(&doc, "roles", "product-owner");
    assert_eq!(po["holders"], json!(["Ana Li", "Bo Chen"]));
    assert_eq!(doc["config"]["program_backlog"], json!(["F-1"]));
}

#[test]
fn the_document_is_the_same_every_time() {
    let backlog = Backlog::example();
    let (_, first, _) = export(backlog.path(), &[]);
    let (_, second, _) = export(backlog.path(), &[]);
    assert_eq!(first, second);
}

#[test]
fn a_backlog_with_a_broken_file_still_exports_with_its_diagnostics_and_exits_1() {
    let backlog = Backlog::minimal();
    backlog.write("stories/alpha/A-2.md", "---\ntitle: [unclosed\n---\n");
    let (status, text, stderr) = export(backlog.path(), &[]);
    assert_eq!(status, 1);
    assert!(
        stderr.starts_with("note: the backlog has 1 error (see `rankdown check`)"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(errors(&published("export"), &doc), "");
    assert_eq!(doc["counts"]["stories"], 3);
    assert_eq!(doc["unreadable"], json!([{"id": "A-2", "kind": "story"}]));
    let codes: Vec<&str> = (doc["diagnostics"].as_array().expect("list").iter())
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    // A-2 is listed in alpha's backlog, but was not read: only its file is reported.
    assert_eq!(codes, ["RD004"]);
    assert_eq!(doc["diagnostics"][0]["file"], "stories/alpha/A-2.md");
}

#[test]
fn output_goes_to_the_file_named_and_nothing_to_standard_output() {
    let backlog = Backlog::minimal();
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("backlog.json");
    let (status, stdout, stderr) = export(backlog.path(), &["-o", file.to_str().expect("UTF-8")]);
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let (_, printed, _) = export(backlog.path(), &[]);
    assert_eq!(std::fs::read_to_string(&file).expect("written"), printed);
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
    assert_eq!(names.len(), 1);

    let missing = dir.path().join("no/such/folder/backlog.csv");
    let (status, _, stderr) = export(
        backlog.path(),
        &["--format", "csv", "-o", missing.to_str().expect("UTF-8")],
    );
    assert_eq!(status, 2);
    assert!(stderr.starts_with("error: cannot write"), "{stderr}");
    assert!(!dir.path().join("no").exists());
}

const HEADER: &str = "id,title,type,status,team,rank,points,feature,iteration,pi,depends_on,labels,criteria,criteria_checked,file";

#[test]
fn csv_has_a_header_and_one_row_per_story_in_backlog_order() {
    let (status, text, _) = export(Backlog::minimal().path(), &["--format", "csv"]);
    assert_eq!(status, 0);
    let expected = [
        HEADER,
        "A-1,Reserve a book,story,ready,alpha,1,3,F-1,PI-1.2,PI-1,,web,2,0,stories/alpha/A-1.md",
        "A-2,Cancel a reservation,story,backlog,alpha,2,,F-1,,,A-1,,0,0,stories/alpha/A-2.md",
        "A-3,Search the catalogue,story,accepted,alpha,,5,F-1,PI-1.1,PI-1,,,1,1,stories/alpha/A-3.md",
        "B-1,Sign-up page is slow on phones,defect,in-progress,beta,1,2,,PI-1.2,PI-1,,,1,0,stories/beta/B-1.md",
    ];
    assert_eq!(text, expected.join("\n") + "\n");
}

#[test]
fn csv_of_the_example_has_a_row_for_each_story_of_the_json() {
    let root = example();
    let (_, text, _) = export(&root, &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader
            .headers()
            .expect("header")
            .iter()
            .collect::<Vec<_>>()
            .join(","),
        HEADER
    );
    let mut ids: Vec<String> = (reader.records())
        .map(|r| r.expect("a row")[0].to_string())
        .collect();
    ids.sort();
    let doc = document(&root, 0);
    let json_ids: Vec<&str> = (doc["stories"].as_array().expect("list").iter())
        .map(|s| s["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, json_ids);
}

#[test]
fn csv_quoting_keeps_commas_quotes_and_line_breaks_in_a_title() {
    let backlog = Backlog::minimal();
    let title = "Pay, then \"print\"\nthe receipt";
    backlog.edit(
        "stories/alpha/A-2.md",
        "title: Cancel a reservation",
        "title: \"Pay, then \\\"print\\\"\\nthe receipt\"",
    );
    backlog.edit(
        "stories/alpha/A-2.md",
        "status: backlog",
        "labels: [a b, c]\nstatus: backlog",
    );
    let (status, text, stderr) = export(backlog.path(), &["--format", "csv"]);
    assert_eq!(status, 0, "{stderr}");
    assert!(
        text.contains("A-2,\"Pay, then \"\"print\"\"\nthe receipt\",story"),
        "{text}"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(
        (&rows[1][0], &rows[1][1], &rows[1][11]),
        ("A-2", title, "a b, c")
    );
}

#[test]
fn csv_cells_that_start_like_a_formula_are_written_as_text() {
    let backlog = Backlog::minimal();
    backlog.edit(
        "stories/alpha/A-2.md",
        "title: Cancel a reservation",
        "title: \"=HYPERLINK(\\\"http://x\\\")\"",
    );
    backlog.edit(
        "stories/alpha/A-2.md",
        "status: backlog",
        "labels: [\"@x\", y]\nstatus: backlog",
    );
    let (_, text, _) = export(backlog.path(), &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let row = reader.records().nth(1).expect("A-2").expect("a row");
    assert_eq!(
        (&row[0], &row[1], &row[11]),
        ("A-2", "'=HYPERLINK(\"http://x\")", "'@x, y")
    );
}

#[test]
fn csv_of_a_backlog_without_stories_is_the_header() {
    let backlog = Backlog::minimal();
    for id in ["alpha/A-1", "alpha/A-2", "alpha/A-3", "beta/B-1"] {
        backlog.remove(&format!("stories/{id}.md"));
    }
    let (_, text, _) = export(backlog.path(), &["--format", "csv"]);
    assert_eq!(text, format!("{HEADER}\n"));
}

#[test]
fn the_readme_and_docs_export_md_show_the_command_its_document_and_columns() {
    let read = |path: &str| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("read")
    };
    let readme = read("README.md");
    assert!(readme.contains("`rankdown export [PATH] [--format json|csv] [-o FILE]`"));
    assert!(readme.contains("(docs/export.md)"));
    let docs = read("docs/export.md");
    for column in HEADER.split(',') {
        assert!(
            docs.contains(&format!("| `{column}` |")),
            "column `{column}`"
        );
    }
    let schema: Value = serde_json::from_str(&read("schemas/export.schema.json")).expect("JSON");
    for key in schema["properties"].as_object().expect("properties").keys() {
        assert!(docs.contains(&format!("\"{key}\":")), "top-level `{key}`");
    }
}
