//! The CI recipes of docs/ci.md: both files parse, have the settings the
//! text promises, and every `rankdown` command in them runs as the pipeline
//! would run it, against a real repository with a pull-request-like change.
//! The GitHub workflow and the steps of the action it uses (`action.yml`)
//! pass actionlint, with shellcheck for their scripts; the pre-commit hooks
//! run `rankdown check`.
//!
//! actionlint and shellcheck must be on the PATH. Without them the lint test
//! only prints a note, unless `CI` is set: then it fails, since `.ci/run`
//! installs them.

use crate::harness::find_on_path;
use crate::repo::Repo;
use serde_yaml::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file of the repository.
fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The YAML block that follows `<!-- recipe: NAME -->` in docs/ci.md.
fn recipe(name: &str) -> String {
    let doc = read("docs/ci.md");
    let marker = format!("<!-- recipe: {name} -->\n```yaml\n");
    let start = doc.find(&marker).expect("recipe marker") + marker.len();
    let end = start + doc[start..].find("\n```").expect("closing fence");
    doc[start..end].to_string()
}

fn parse(name: &str) -> Value {
    serde_yaml::from_str(&recipe(name)).unwrap_or_else(|e| panic!("{name} recipe: {e}"))
}

/// A YAML file of the repository, parsed.
fn parse_file(path: &str) -> Value {
    serde_yaml::from_str(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The action of this repository as the GitHub workflow names it: at the
/// tag of this version.
fn action_ref() -> String {
    format!("rankdown/rankdown@v{}", env!("CARGO_PKG_VERSION"))
}

fn text(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

#[test]
fn the_github_workflow_parses_and_fetches_the_whole_history() {
    let workflow = parse("github");
    assert!(workflow.get("on").is_some(), "no `on:`");
    let jobs = workflow["jobs"].as_mapping().expect("jobs");
    assert_eq!(jobs.len(), 2);
    for (name, job) in jobs {
        assert!(job.get("runs-on").is_some(), "{name:?} has no runs-on");
        let steps = job["steps"].as_sequence().expect("steps");
        assert_eq!(text(&steps[0]["uses"]), "actions/checkout@v7");
        assert_eq!(
            steps[0]["with"]["fetch-depth"].as_u64(),
            Some(0),
            "{name:?}"
        );
        for step in steps {
            assert!(
                step.get("uses").is_some() != step.get("run").is_some(),
                "{step:?}"
            );
        }
        // The action puts rankdown on the PATH before a script calls it.
        let installed = steps
            .iter()
            .position(|s| text(&s["uses"]) == action_ref())
            .unwrap_or_else(|| panic!("{name:?} does not use {}", action_ref()));
        let first_run = steps
            .iter()
            .position(|s| text(&s["run"]).contains("rankdown "))
            .expect("a step that runs rankdown");
        assert!(installed < first_run, "{name:?}");
    }
    let publish = &workflow["jobs"]["publish"];
    assert_eq!(publish["permissions"]["pages"].as_str(), Some("write"));
    let uses: Vec<&str> = publish["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .map(|s| text(&s["uses"]))
        .collect();
    assert!(uses.contains(&"actions/deploy-pages@v5"), "{uses:?}");
}

#[test]
fn the_gitlab_pipeline_parses_fetches_the_whole_history_and_publishes_public() {
    let pipeline = parse("gitlab");
    assert_eq!(pipeline["variables"]["GIT_DEPTH"].as_u64(), Some(0));
    let stages: Vec<&str> = pipeline["stages"]
        .as_sequence()
        .expect("stages")
        .iter()
        .map(text)
        .collect();
    for job in ["review", "pages"] {
        let stage = text(&pipeline[job]["stage"]);
        assert!(stages.contains(&stage), "{job} is in unknown stage {stage}");
        assert!(pipeline[job]["script"].is_sequence(), "{job} has no script");
    }
    assert_eq!(text(&pipeline["pages"]["artifacts"]["paths"][0]), "public");
}

/// Every shell line of a recipe that runs rankdown, with `\` continuations
/// joined: `run:` steps of a workflow and the commands its steps give the
/// action (which splits them at white space, as `sh` does these), `script:`
/// items of a pipeline.
fn rankdown_lines(name: &str) -> Vec<String> {
    let recipe = parse(name);
    let mut scripts: Vec<String> = Vec::new();
    match name {
        "github" => {
            for job in recipe["jobs"].as_mapping().expect("jobs").values() {
                for step in job["steps"].as_sequence().expect("steps") {
                    scripts.push(text(&step["run"]).to_string());
                    if text(&step["uses"]) == action_ref() {
                        let with = &step["with"];
                        scripts.push(format!(
                            "rankdown {} {}",
                            text(&with["command"]),
                            text(&with["args"])
                        ));
                    }
                }
            }
        }
        _ => {
            for job in ["review", "pages"] {
                for line in recipe[job]["script"].as_sequence().expect("script") {
                    scripts.push(text(line).to_string());
                }
            }
        }
    }
    scripts
        .iter()
        .flat_map(|script| {
            script
                .replace("\\\n", " ")
                .lines()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .map(|line| line.trim().to_string())
        .filter(|line| line.starts_with("rankdown "))
        .collect()
}

/// A repository with people and a current CODEOWNERS for both hosts, and a
/// pull request on top: A-2 pulled to the top of Alpha's backlog, committed
/// as the checkout of a pull request is (its first parent is the base).
/// Returns it with the base commit.
fn pull_request() -> (Repo, String) {
    let repo = Repo::minimal();
    let b = &repo.backlog;
    let config = b.read("rankdown.yaml");
    b.write(
        "rankdown.yaml",
        format!("{config}people:\n  Ana Li: \"@ana-li\"\n  Bo Chen: \"@bochen\"\n"),
    );
    let owners = crate::repo::outcome(crate::repo::rankdown().arg("codeowners").arg(repo.path())).1;
    b.write(".github/CODEOWNERS", &owners);
    b.write(".gitlab/CODEOWNERS", &owners);
    let base = repo.commit(
        "Ana Li",
        "2026-01-06T10:00:00+00:00",
        "People and CODEOWNERS",
    );
    b.edit("teams/alpha.md", "  - A-1\n  - A-2\n", "  - A-2\n  - A-1\n");
    b.edit("stories/alpha/A-2.md", "depends_on: [A-1]\n", "");
    repo.commit("Ana Li", "2026-01-07T10:00:00+00:00", "Merge A-2 first");
    (repo, base)
}

/// Runs one recipe line with `sh` in the repository, as CI would, with the
/// variables the CI system sets.
fn run_line(repo: &Repo, base: &str, line: &str) -> std::process::Output {
    let binary = assert_cmd::cargo::cargo_bin("rankdown");
    let path = format!(
        "{}:{}",
        binary.parent().expect("bin folder").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .args(["-c", line])
        .current_dir(repo.path())
        .env("PATH", path)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", base)
        .env("PAGES_URL", "https://example.org/backlog")
        .env("CI_PAGES_URL", "https://example.org/backlog")
        .output()
        .expect("sh runs")
}

fn every_rankdown_command_runs(name: &str) {
    let lines = rankdown_lines(name);
    assert!(lines.len() >= 5, "{name}: {lines:?}");
    let (repo, base) = pull_request();
    for line in &lines {
        let out = run_line(&repo, &base, line);
        assert!(
            out.status.success(),
            "{name}: `{line}` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let comment = repo.backlog.read("backlog-diff.md");
    assert!(
        comment.contains("\nA-2 moved from 2nd to 1st, one item changed, no new errors.\n"),
        "{comment}"
    );
    let sitemap = repo.backlog.read("public/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/backlog/stories/A-1/</loc>"),
        "{sitemap}"
    );
    let story = repo.backlog.read("public/stories/A-1/index.html");
    assert!(
        story.contains("Start the backlog"),
        "no history on the page"
    );

    // A change that brings an error fails the gate, and only the gate.
    repo.backlog
        .edit("stories/alpha/A-1.md", "feature: F-1", "feature: F-404");
    let gate: Vec<&String> = lines
        .iter()
        .filter(|l| l.contains("--fail-on-new-errors"))
        .collect();
    assert_eq!(gate.len(), 1, "{name}");
    assert_eq!(
        run_line(&repo, &base, gate[0]).status.code(),
        Some(1),
        "{name}"
    );
}

#[test]
fn every_rankdown_command_of_the_github_workflow_runs() {
    every_rankdown_command_runs("github");
}

#[test]
fn every_rankdown_command_of_the_gitlab_pipeline_runs() {
    every_rankdown_command_runs("gitlab");
}

#[test]
fn the_codeowners_check_of_the_recipes_catches_a_stale_file() {
    let (repo, base) = pull_request();
    repo.backlog.edit(
        "teams/beta.md",
        "product_owner: Bo Chen",
        "product_owner: Ana Li",
    );
    for name in ["github", "gitlab"] {
        let lines = rankdown_lines(name);
        let check = lines
            .iter()
            .find(|l| l.starts_with("rankdown codeowners"))
            .expect("codeowners line");
        assert_eq!(
            run_line(&repo, &base, check).status.code(),
            Some(1),
            "{name}"
        );
    }
}

/// `program` on the PATH, or `None` after a note when it is missing. Under
/// `CI` a missing program fails the test instead: `.ci/run` installs it.
fn linter(program: &str) -> Option<PathBuf> {
    let found = find_on_path(program);
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is not on the PATH: CI must install it (`.ci/run` does)"
        );
        eprintln!("note: {program} is not on the PATH; skipping the actionlint test");
    }
    found
}

/// action.yml's steps as the one job of a reusable workflow with the same
/// inputs, which actionlint checks as it checks any workflow: expressions,
/// the actions the steps use, and each script with shellcheck.
fn action_as_workflow(action: &Value) -> String {
    let inputs: serde_json::Map<String, serde_json::Value> = action["inputs"]
        .as_mapping()
        .expect("inputs")
        .iter()
        .map(|(name, input)| {
            let input = serde_json::json!({
                "type": "string",
                "required": false,
                "default": text(&input["default"]),
            });
            (text(name).to_string(), input)
        })
        .collect();
    let workflow = serde_json::json!({
        "name": "action.yml",
        "on": { "workflow_call": { "inputs": inputs } },
        "jobs": { "action": { "runs-on": "ubuntu-latest", "steps": action["runs"]["steps"] } },
    });
    serde_yaml::to_string(&workflow).expect("workflow YAML")
}

#[test]
fn the_github_workflow_and_the_action_pass_actionlint() {
    let (Some(actionlint), Some(shellcheck)) = (linter("actionlint"), linter("shellcheck")) else {
        return;
    };
    let workflow = recipe("github");
    assert!(workflow.contains(&action_ref()), "{workflow}");
    let action = read("action.yml");
    let dir = tempfile::tempdir().expect("temp dir");
    let write = |path: &str, content: &str| {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, content).expect("write");
    };
    // actionlint lints the project that holds `.git`; a local action (`./`)
    // is read from there too, and each `with:` checked against its inputs.
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    write("action.yml", &action);
    write(".github/workflows/backlog.yml", &workflow);
    write(
        ".github/workflows/local.yml",
        &workflow.replace(&action_ref(), "./"),
    );
    let parsed = serde_yaml::from_str(&action).expect("action.yml parses");
    write(
        ".github/workflows/steps-of-action.yml",
        &action_as_workflow(&parsed),
    );
    let out = Command::new(actionlint)
        .arg("-oneline")
        .arg(format!("-shellcheck={}", shellcheck.display()))
        .arg("-pyflakes=")
        .current_dir(dir.path())
        .output()
        .expect("actionlint runs");
    assert!(
        out.status.success(),
        "actionlint found problems ({}) in docs/ci.md's workflow (backlog.yml; \
         local.yml has it use ./action.yml) or action.yml (steps-of-action.yml \
         holds its steps):\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_action_is_composite_and_docs_ci_md_names_its_inputs_and_outputs() {
    let action = parse_file("action.yml");
    assert_eq!(text(&action["runs"]["using"]), "composite");
    let docs = read("docs/ci.md");
    for part in ["inputs", "outputs"] {
        for (name, field) in action[part].as_mapping().expect(part) {
            assert!(!text(&field["description"]).is_empty(), "{name:?}");
            let named = format!("`{}`", text(name));
            assert!(docs.contains(&named), "docs/ci.md does not name {named}");
        }
    }
    // A composite action's script steps must say their shell.
    for step in action["runs"]["steps"].as_sequence().expect("steps") {
        if step.get("run").is_some() {
            assert_eq!(text(&step["shell"]), "bash", "{step:?}");
        }
    }
}

#[test]
fn the_pre_commit_hooks_check_the_whole_backlog() {
    let hooks = parse_file(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let docs = read("docs/ci.md");
    let mut languages = Vec::new();
    for hook in hooks {
        assert_eq!(text(&hook["entry"]), "rankdown check", "{hook:?}");
        assert_eq!(hook["pass_filenames"].as_bool(), Some(false), "{hook:?}");
        assert!(text(&hook["files"]).contains("rankdown"), "{hook:?}");
        let id = text(&hook["id"]);
        assert!(docs.contains(&format!("id: {id}")), "docs/ci.md lacks {id}");
        languages.push(text(&hook["language"]));
    }
    assert_eq!(languages, ["rust", "system"]);
}
