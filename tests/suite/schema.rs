//! `rankdown schema`: each schema is valid and published as printed, accepts
//! every file of the example, and knows the same fields as the loader and
//! docs/format.md.

use crate::export::{errors, published};
use crate::harness::Backlog;
use crate::repo::{outcome, rankdown};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::path::Path;

/// What `rankdown schema` prints for, and the name of its published file.
const KINDS: [&str; 7] = ["story", "feature", "team", "pi", "role", "config", "export"];

/// The schema `rankdown schema kind` prints, as text.
fn printed(kind: &str) -> String {
    let (status, text, stderr) = outcome(rankdown().args(["schema", kind]));
    assert_eq!(status, 0, "{stderr}");
    text
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Each kind's schema and the top-level fields it names.
const PROPERTIES: [(&str, &[&str]); 7] = [
    (
        "story",
        &[
            "depends_on",
            "extra",
            "feature",
            "id",
            "iteration",
            "labels",
            "points",
            "status",
            "team",
            "title",
            "type",
        ],
    ),
    (
        "feature",
        &[
            "extra", "id", "labels", "owner", "pi", "status", "title", "type", "wsjf",
        ],
    ),
    (
        "team",
        &[
            "backlog",
            "capacity",
            "extra",
            "id",
            "members",
            "product_owner",
            "scrum_master",
            "title",
        ],
    ),
    (
        "pi",
        &[
            "business_owners",
            "end",
            "extra",
            "id",
            "iterations",
            "milestones",
            "objectives",
            "start",
            "title",
        ],
    ),
    (
        "role",
        &["extra", "id", "owns", "responsibilities", "title"],
    ),
    (
        "config",
        &[
            "base_url",
            "business_owners",
            "definition_of_done",
            "extra",
            "people",
            "product_manager",
            "program_backlog",
            "rules",
            "theme",
            "title",
        ],
    ),
    (
        "export",
        &[
            "config",
            "counts",
            "diagnostics",
            "features",
            "format_version",
            "generator",
            "pis",
            "roles",
            "stories",
            "teams",
            "unreadable",
        ],
    ),
];

#[test]
fn each_schema_is_a_valid_2020_12_schema_naming_its_fields() {
    for (kind, properties) in PROPERTIES {
        let schema: Value = serde_json::from_str(&printed(kind)).expect("JSON");
        assert!(jsonschema::meta::is_valid(&schema), "{kind}");
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        let names: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!((kind, names), (kind, properties.to_vec()));
    }
}

#[test]
fn the_published_schemas_are_what_rankdown_schema_prints() {
    let mut stale = Vec::new();
    for kind in KINDS {
        let path = manifest().join(format!("schemas/{kind}.schema.json"));
        let text = printed(kind);
        if std::env::var_os("RANKDOWN_BLESS").is_some() {
            std::fs::write(&path, &text).expect("bless");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(format!("schemas/{kind}.schema.json"));
        }
    }
    assert!(
        stale.is_empty(),
        "{} differ from `rankdown schema`: run `RANKDOWN_BLESS=1 cargo test --test suite schema` and commit them",
        stale.join(", ")
    );
}

/// The front matter of a Markdown file, or the whole of `rankdown.yaml`, as JSON.
fn front_matter(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("read");
    let yaml = match text.strip_prefix("---\n") {
        Some(rest) => &rest[..rest.find("\n---\n").expect("closing fence") + 1],
        None => text.as_str(),
    };
    serde_yaml::from_str(yaml).expect("YAML")
}

/// The schema kind of each file of a backlog root: its `.md` items and
/// `rankdown.yaml`.
fn files_of(root: &Path) -> Vec<(&'static str, std::path::PathBuf)> {
    let mut files = vec![("config", root.join("rankdown.yaml"))];
    for (folder, kind) in [
        ("stories", "story"),
        ("features", "feature"),
        ("teams", "team"),
        ("pis", "pi"),
        ("roles", "role"),
    ] {
        let entries = walkdir::WalkDir::new(root.join(folder))
            .into_iter()
            .filter_map(Result::ok);
        files.extend(
            (entries.filter(|e| e.path().extension().is_some_and(|x| x == "md")))
                .map(|e| (kind, e.into_path())),
        );
    }
    files
}

#[test]
fn every_file_of_the_example_and_the_minimal_backlog_validates_against_its_schema() {
    let mut checked = 0;
    let mut failures = String::new();
    for root in [
        manifest().join("example-backlog"),
        manifest().join("tests/fixtures/minimal"),
    ] {
        for (kind, path) in files_of(&root) {
            let found = errors(&published(kind), &front_matter(&path));
            if !found.is_empty() {
                failures.push_str(&format!("{}:\n{found}", path.display()));
            }
            checked += 1;
        }
    }
    assert_eq!(failures, "");
    assert_eq!(checked, 62 + 12);
}

/// For each kind: where the file goes, and front matter that uses every
/// field the format has, each with a valid value.
const FULL: [(&str, &str, &str); 6] = [
    (
        "story",
        "stories/alpha/A-9.md",
        "id: A-9\ntitle: Everything at once\ntype: story\nteam: alpha\nfeature: F-1\nstatus: ready\npoints: 3\niteration: PI-1.1\ndepends_on: [A-1]\nlabels: [web]\nextra: {ticket: LIB-1}\n",
    ),
    (
        "feature",
        "features/F-9.md",
        "id: F-9\ntitle: Everything\ntype: feature\nstatus: backlog\npi: PI-1\nowner: Pat Moss\nwsjf: {business_value: 1, time_criticality: 2, risk_reduction: 3, job_size: 4}\nlabels: [x]\nextra: {a: 1}\n",
    ),
    (
        "team",
        "teams/gamma.md",
        "id: gamma\ntitle: Gamma\nproduct_owner: Ana Li\nscrum_master: Sam Ortiz\nmembers: [Ana Li]\ncapacity: 5\nbacklog: []\nextra: {a: 1}\n",
    ),
    (
        "pi",
        "pis/PI-9.md",
        "id: PI-9\ntitle: PI 9\nstart: 2027-01-04\nend: 2027-01-29\niterations:\n  - {id: PI-9.1, start: 2027-01-04, end: 2027-01-15, ip: false, capacity: {alpha: 3}}\nmilestones:\n  - {date: 2027-01-10, title: Demo}\nobjectives:\n  - {team: alpha, text: Ship, business_value: 5, actual_value: 4, committed: true, features: [F-1]}\nbusiness_owners: [Kim Lee]\nextra: {a: 1}\n",
    ),
    (
        "role",
        "roles/scrum-master.md",
        "id: scrum-master\ntitle: Scrum Master\nowns: [team-backlog]\nresponsibilities: [Coach the team]\nextra: {a: 1}\n",
    ),
    (
        "config",
        "rankdown.yaml",
        "title: Train\nbase_url: /\ntheme: default\nproduct_manager: Pat Moss\nbusiness_owners: [Bo Hart]\nprogram_backlog: [F-1]\ndefinition_of_done: [Reviewed]\nrules: {max_teams_per_product_owner: 2, max_product_owners_per_product_manager: 4}\npeople: {Pat Moss: \"@pmoss\", Bo Hart: \"@bhart\"}\nextra: {a: 1}\n",
    ),
];

/// `yaml` as the file at `path` holds it: fenced, unless it is `rankdown.yaml`.
fn file_text(path: &str, yaml: &str) -> String {
    if path.ends_with(".md") {
        format!("---\n{yaml}---\n")
    } else {
        yaml.to_string()
    }
}

/// The field paths of a schema (`wsjf.job_size`, `iterations[].id`), its
/// `$ref`s followed.
fn schema_paths(root: &Value, node: &Value, name: &str, out: &mut BTreeSet<String>) {
    if let Some(target) = node["$ref"].as_str() {
        let def = target.strip_prefix("#/$defs/").expect("a local ref");
        schema_paths(root, &root["$defs"][def], name, out);
    }
    for branch in node["anyOf"].as_array().into_iter().flatten() {
        schema_paths(root, branch, name, out);
    }
    if node.get("items").is_some() {
        schema_paths(root, &node["items"], &format!("{name}[]"), out);
    }
    for (key, value) in node["properties"].as_object().into_iter().flatten() {
        let path = if name.is_empty() {
            key.clone()
        } else {
            format!("{name}.{key}")
        };
        out.insert(path.clone());
        schema_paths(root, value, &path, out);
    }
}

/// The field paths a document uses; custom fields and people are not fields.
fn document_paths(node: &Value, name: &str, out: &mut BTreeSet<String>) {
    match node {
        Value::Object(map) => {
            for (key, value) in map {
                let path = if name.is_empty() {
                    key.clone()
                } else {
                    format!("{name}.{key}")
                };
                out.insert(path.clone());
                if !["extra", "people", "capacity"].contains(&key.as_str()) {
                    document_paths(value, &path, out);
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|i| document_paths(i, &format!("{name}[]"), out)),
        _ => {}
    }
}

fn paths_of_schema(kind: &str) -> BTreeSet<String> {
    let schema: Value = serde_json::from_str(&printed(kind)).expect("JSON");
    let mut paths = BTreeSet::new();
    schema_paths(&schema, &schema, "", &mut paths);
    paths
}

/// The loader's findings about missing, mistyped and unknown fields in `path`.
fn field_findings(backlog: &Backlog, path: &str) -> String {
    let checked = rankdown::check(backlog.path()).expect("check runs");
    let about_fields = (checked.diagnostics.into_iter())
        .filter(|d| d.file == path && ["RD101", "RD102", "RD103"].contains(&d.code.as_str()));
    crate::harness::compact(&about_fields.collect::<Vec<_>>())
}

#[test]
fn the_loader_reads_every_field_the_schemas_name() {
    for (kind, path, yaml) in FULL {
        let doc: Value = serde_yaml::from_str(yaml).expect("YAML");
        assert_eq!(errors(&published(kind), &doc), "", "{kind}");
        let mut used = BTreeSet::new();
        document_paths(&doc, "", &mut used);
        assert_eq!(
            used,
            paths_of_schema(kind),
            "the {kind} sample uses every field"
        );
        let backlog = Backlog::minimal();
        backlog.write(path, file_text(path, yaml));
        assert_eq!(field_findings(&backlog, path), "", "{kind}");
    }
}

/// Every mapping of `node` that holds fields, by JSON pointer.
fn mappings(node: &Value, pointer: &str, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            out.push(pointer.to_string());
            for (key, value) in map
                .iter()
                .filter(|(k, _)| !["extra", "people", "capacity"].contains(&k.as_str()))
            {
                mappings(value, &format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) => (items.iter().enumerate())
            .for_each(|(i, v)| mappings(v, &format!("{pointer}/{i}"), out)),
        _ => {}
    }
}

#[test]
fn an_unknown_field_at_any_level_is_refused_by_the_schema_and_warned_about_by_the_loader() {
    let mut tried = 0;
    for (kind, path, yaml) in FULL {
        let doc: Value = serde_yaml::from_str(yaml).expect("YAML");
        let mut pointers = Vec::new();
        mappings(&doc, "", &mut pointers);
        for pointer in pointers {
            let mut changed = doc.clone();
            let map = changed
                .pointer_mut(&pointer)
                .and_then(Value::as_object_mut)
                .expect("a mapping");
            map.insert("bogus_field".into(), json!(1));
            assert_ne!(
                errors(&published(kind), &changed),
                "",
                "{kind} at `{pointer}`"
            );
            let backlog = Backlog::minimal();
            let yaml = serde_yaml::to_string(&changed).expect("YAML");
            backlog.write(path, file_text(path, &yaml));
            let found = field_findings(&backlog, path);
            assert!(
                found.contains("warning[RD103] unknown field `") && found.contains("bogus_field`"),
                "{kind} at `{pointer}`: {found}"
            );
            tried += 1;
        }
    }
    // Each kind's top level, wsjf, each iteration, milestone and objective, and rules.
    assert_eq!(tried, 6 + 1 + 3 + 1);
}

#[test]
fn the_schemas_require_what_the_loader_and_validator_require() {
    let story = "title: T\nteam: alpha\n";
    let cases: [(&str, &str, String, Option<&str>); 8] = [
        ("story", "stories/alpha/A-9.md", format!("{story}type: story\nstatus: backlog\nfeature: F-1\n"), None),
        ("story", "stories/alpha/A-9.md", format!("{story}type: story\nstatus: backlog\n"), Some("RD101")),
        ("story", "stories/alpha/A-9.md", format!("{story}type: defect\nstatus: backlog\n"), None),
        ("story", "stories/alpha/A-9.md", format!("{story}type: defect\nstatus: ready\n"), Some("RD101")),
        ("story", "stories/alpha/A-9.md", format!("{story}type: chore\nstatus: backlog\n"), Some("RD102")),
        ("story", "stories/alpha/A-9.md", format!("{story}type: defect\nstatus: backlog\ndepends_on: A-1, A-2\n"), Some("RD102")),
        ("pi", "pis/PI-1.md", "title: P\nstart: 2026-01-05\nend: 2026-01-30\nobjectives:\n  - {team: alpha, text: T, business_value: 11}\n".into(), Some("RD504")),
        ("pi", "pis/PI-1.md", "title: P\nstart: 2026-01-05\nend: 2026-01-30\nobjectives:\n  - {team: alpha, text: T}\n".into(), Some("RD101")),
    ];
    for (kind, path, yaml, code) in cases {
        let doc: Value = serde_yaml::from_str(&yaml).expect("YAML");
        let valid = errors(&published(kind), &doc).is_empty();
        let backlog = Backlog::minimal();
        backlog.write(path, file_text(path, &yaml));
        let checked = rankdown::check(backlog.path()).expect("check runs");
        let reported: Vec<&str> = (checked.diagnostics.iter())
            .filter(|d| d.file == path && ["RD101", "RD102", "RD504"].contains(&d.code.as_str()))
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(
            (valid, reported),
            (code.is_none(), code.into_iter().collect()),
            "{yaml}"
        );
    }
}

#[test]
fn the_id_pattern_accepts_the_ids_the_loader_accepts() {
    let schema: Value = serde_json::from_str(&printed("story")).expect("JSON");
    let id = jsonschema::validator_for(&schema["properties"]["id"]).expect("a schema");
    for sample in [
        "CHK-12",
        "PI-3.2",
        "F_7",
        "product-owner",
        "42",
        "my story",
        "-draft",
        ".hidden",
        "a..b",
        "a/b",
        "é",
        "",
    ] {
        assert_eq!(
            id.is_valid(&json!(sample)),
            rankdown::model::is_valid_id(sample),
            "{sample:?}"
        );
    }
}

/// The field names of the tables of each section of docs/format.md.
fn documented_fields() -> Vec<(&'static str, BTreeSet<String>)> {
    let text = std::fs::read_to_string(manifest().join("docs/format.md")).expect("read");
    let sections = [
        ("config", "## `rankdown.yaml`"),
        ("team", "## Teams:"),
        ("story", "## Stories:"),
        ("feature", "## Features:"),
        ("pi", "## Program increments:"),
        ("role", "## Roles:"),
    ];
    sections
        .iter()
        .map(|(kind, heading)| {
            let start = text.find(heading).expect("the section");
            // The first field table after the heading is the section's.
            let table = &text[start..][text[start..].find("| Field |").expect("a field table")..];
            let table = &table[..table.find("\n\n").unwrap_or(table.len())];
            let names = (table.lines().skip(2))
                .filter_map(|row| {
                    row.strip_prefix("| `")?
                        .split('`')
                        .next()
                        .map(str::to_string)
                })
                .collect();
            (*kind, names)
        })
        .collect()
}

#[test]
fn the_schemas_name_the_fields_docs_format_md_documents() {
    for (kind, documented) in documented_fields() {
        assert_eq!(paths_of_schema(kind), documented, "{kind}");
    }
}

#[test]
fn a_yaml_language_server_comment_in_front_matter_is_read_as_a_comment() {
    let backlog = Backlog::minimal();
    let text = backlog.read("stories/alpha/A-1.md");
    let comment = "# yaml-language-server: $schema=../../schemas/story.schema.json\n";
    backlog.write(
        "stories/alpha/A-1.md",
        text.replacen("---\n", &format!("---\n{comment}"), 1),
    );
    let config = backlog.read("rankdown.yaml");
    backlog.write(
        "rankdown.yaml",
        format!("# yaml-language-server: $schema=schemas/config.schema.json\n{config}"),
    );
    assert_eq!(backlog.check(), "");
}

#[test]
fn the_readme_and_docs_editors_md_show_the_command_and_every_schema() {
    let read = |path: &str| std::fs::read_to_string(manifest().join(path)).expect("read");
    assert!(
        read("README.md").contains("`rankdown schema story|feature|team|pi|role|config|export`")
    );
    let docs = read("docs/editors.md");
    for kind in KINDS {
        assert!(docs.contains(&format!("| `{kind}` |")), "{kind}");
        assert!(
            docs.contains(&format!("(../schemas/{kind}.schema.json)")),
            "{kind}"
        );
    }
}
