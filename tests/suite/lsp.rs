//! `rankdown lsp` driven over stdio with real JSON-RPC framing, as an
//! editor drives it.

use crate::harness::Backlog;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long any answer may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(20);

/// A client talking to one `rankdown lsp` process.
struct Client {
    child: Child,
    input: ChildStdin,
    output: Receiver<Value>,
    /// Messages read while waiting for another one.
    unread: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts the server and initializes it with `root` as the folder;
    /// `watches` says the client sends the changes of files on disk.
    fn start(root: &Path, watches: bool) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("rankdown"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("rankdown lsp starts");
        let input = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, output) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut stdout = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut stdout) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            input,
            output,
            unread: Vec::new(),
            next_id: 1,
        };
        let capabilities = json!({
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": watches}},
        });
        let answer = client.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": capabilities}),
        );
        assert_eq!(
            answer["result"]["serverInfo"]["name"], "rankdown",
            "{answer}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: &Value) {
        let text = message.to_string();
        write!(self.input, "Content-Length: {}\r\n\r\n{text}", text.len()).expect("sent");
        self.input.flush().expect("flushed");
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.input, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("sent");
        self.input.flush().expect("flushed");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its answer (the whole response).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The result of a request, which must not fail.
    fn result(&mut self, method: &str, params: Value) -> Value {
        let answer = self.request(method, params);
        assert!(answer.get("error").is_none(), "{answer}");
        answer["result"].clone()
    }

    /// The first message, read now or before, that `wanted` accepts.
    fn wait(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.unread.iter().position(&wanted) {
            return self.unread.remove(i);
        }
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => self.unread.push(message),
                Err(RecvTimeoutError::Timeout) => panic!("no answer; read {:#?}", self.unread),
                Err(RecvTimeoutError::Disconnected) => panic!("the server stopped"),
            }
        }
    }

    /// The next diagnostics published for `uri` (the params).
    fn diagnostics(&mut self, uri: &str) -> Value {
        let message = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        message["params"].clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        let document = json!({"uri": uri, "languageId": "markdown", "version": 1, "text": text});
        self.notify("textDocument/didOpen", json!({"textDocument": document}));
    }

    /// Replaces a document's whole text.
    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"text": text}],
            }),
        );
    }

    /// Asks for a shutdown and exits; the server's exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer["result"], Value::Null, "{answer}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("status") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_frame(input: &mut impl BufRead) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// A position in the protocol's form.
fn at(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn place(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": at(line, character)})
}

const A2_WITH_ERROR: &str = "---
title: Cancel a reservation
type: story
team: alpha
feature: F-1
status: backlog
depends_on: [A-1, A-99]
---

Later.
";

#[test]
fn diagnostics_follow_the_unsaved_text() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let on_disk = backlog.read("stories/alpha/A-2.md");
    let mut client = Client::start(&root, true);
    let a2 = uri(&root.join("stories/alpha/A-2.md"));
    client.open(&a2, A2_WITH_ERROR);
    let published = client.diagnostics(&a2);
    assert_eq!(published["version"], 1);
    let found = &published["diagnostics"];
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found:#}");
    let expected = json!({
        "range": {"start": at(6, 18), "end": at(6, 22)},
        "severity": 1,
        "code": "RD202",
        "codeDescription": {"href": "https://github.com/rankdown/rankdown/blob/main/docs/rules.md#rd202--reference-does-not-resolve"},
        "source": "rankdown",
        "message": "story `A-2` names story or feature `A-99`, which does not exist\nhelp: fix the id, or add `A-99.md` under stories/ or features/",
    });
    assert_eq!(found[0], expected);
    // `check` says the same of the same text on disk.
    let same = Backlog::minimal();
    same.write("stories/alpha/A-2.md", A2_WITH_ERROR);
    let checked = rankdown::check(same.path())
        .expect("check runs")
        .diagnostics;
    let d = &checked[0];
    assert_eq!((d.line, d.column, d.code.as_str()), (7, 19, "RD202"));
    assert_eq!(
        format!("{}\nhelp: {}", d.message, d.hint),
        expected["message"]
    );

    // An incremental edit removes the bad id.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": a2, "version": 2},
            "contentChanges": [{"range": {"start": at(6, 16), "end": at(6, 22)}, "text": ""}],
        }),
    );
    let published = client.diagnostics(&a2);
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));
    assert_eq!(
        backlog.read("stories/alpha/A-2.md"),
        on_disk,
        "nothing is saved"
    );
    assert!(client.stop().success());
}

#[test]
fn an_edit_in_one_file_is_reported_on_the_others_open() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    let team = uri(&root.join("teams/alpha.md"));
    let a1 = uri(&root.join("stories/alpha/A-1.md"));
    client.open(&a1, &backlog.read("stories/alpha/A-1.md"));
    assert_eq!(client.diagnostics(&a1)["diagnostics"], json!([]));
    let team_text = backlog.read("teams/alpha.md");
    client.open(&team, &team_text);
    client.diagnostics(&team);
    let without_a1 = team_text.replace("  - A-1\n", "");
    client.change(&team, 2, &without_a1);
    let found = client.diagnostics(&a1)["diagnostics"].clone();
    assert_eq!(found[0]["code"], "RD301", "{found:#}");
    assert_eq!(
        found[0]["range"],
        json!({"start": at(5, 8), "end": at(5, 13)})
    );

    // The quick fix puts it back, at the bottom of the team's file.
    let actions = client.result(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": a1},
            "range": {"start": at(5, 8), "end": at(5, 8)},
            "context": {"diagnostics": []},
        }),
    );
    assert_eq!(
        actions[0]["title"],
        "Add `A-1` at the bottom of `backlog:` in teams/alpha.md"
    );
    assert_eq!(actions[0]["kind"], "quickfix");
    let edits = &actions[0]["edit"]["changes"][&team];
    assert_eq!(
        edits,
        &json!([{"range": {"start": at(8, 0), "end": at(8, 0)}, "newText": "  - A-1\n"}])
    );
    let fixed = without_a1.replacen("  - A-2\n", "  - A-2\n  - A-1\n", 1);
    client.change(&team, 3, &fixed);
    assert_eq!(client.diagnostics(&a1)["diagnostics"], json!([]));
}

#[test]
fn ids_lead_to_their_files_and_back() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    let a2 = uri(&root.join("stories/alpha/A-2.md"));
    let a1 = uri(&root.join("stories/alpha/A-1.md"));
    client.open(&a2, &backlog.read("stories/alpha/A-2.md"));
    // `depends_on: [A-1]`, on the `1`.
    let found = client.result("textDocument/definition", place(&a2, 6, 15));
    assert_eq!(
        found,
        json!({"uri": a1, "range": {"start": at(0, 0), "end": at(0, 0)}})
    );
    let found = client.result("textDocument/definition", place(&a2, 3, 8));
    assert_eq!(found["uri"], uri(&root.join("teams/alpha.md")));
    let found = client.result(
        "textDocument/references",
        json!({"textDocument": {"uri": a2}, "position": at(6, 15), "context": {"includeDeclaration": false}}),
    );
    let mut places: Vec<String> = found
        .as_array()
        .expect("a list")
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["uri"]
                    .as_str()
                    .unwrap_or_default()
                    .rsplit('/')
                    .next()
                    .unwrap_or_default(),
                l["range"]["start"]["line"]
            )
        })
        .collect();
    places.sort();
    assert_eq!(places, ["A-2.md:6", "alpha.md:7"]);
}

#[test]
fn hover_shows_the_item_and_a_role_its_duties() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    let a2 = uri(&root.join("stories/alpha/A-2.md"));
    client.open(&a2, &backlog.read("stories/alpha/A-2.md"));
    let shown = client.result("textDocument/hover", place(&a2, 6, 14));
    assert_eq!(
        shown["contents"]["value"],
        "**A-1** — Reserve a book\n\nstory · ready · 3 points · team `alpha` · rank 1 in its team backlog\n\nfeature `F-1` · iteration `PI-1.2`"
    );
    assert_eq!(
        shown["range"],
        json!({"start": at(6, 13), "end": at(6, 16)})
    );
    let team = uri(&root.join("teams/alpha.md"));
    let shown = client.result("textDocument/hover", place(&team, 2, 3));
    assert_eq!(
        shown["contents"]["value"],
        "**product-owner** — Product Owner\n\nrole · owns story, team-backlog\n\nDuties:\n\n- Order the team backlog"
    );
}

#[test]
fn completion_offers_fields_words_and_ids() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    let story = uri(&root.join("stories/alpha/A-4.md"));
    let text = "---\ntitle: New\ntype: story\nteam: \nstatus: re\ndepends_on: [A-1, ]\n\n---\n";
    client.open(&story, text);
    let labels = |client: &mut Client, line, character| -> Vec<String> {
        let list = client.result("textDocument/completion", place(&story, line, character));
        let items = list["items"].as_array().cloned().unwrap_or_default();
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(labels(&mut client, 3, 6), ["alpha", "beta"]);
    assert_eq!(labels(&mut client, 4, 10), ["ready"]);
    let ids = labels(&mut client, 5, 18);
    assert_eq!(ids, ["A-1", "A-2", "A-3", "B-1", "F-1", "F-2"]);
    let fields = labels(&mut client, 6, 0);
    // Required fields first, then the rest by name; those written are left out.
    assert_eq!(
        fields,
        ["extra", "feature", "id", "iteration", "labels", "points"]
    );
    let list = client.result("textDocument/completion", place(&story, 3, 6));
    assert_eq!(
        list["items"][0]["textEdit"],
        json!({"range": {"start": at(3, 6), "end": at(3, 6)}, "newText": "alpha"})
    );
    assert_eq!(list["items"][0]["detail"], "Alpha");
}

#[test]
fn a_misspelt_field_is_renamed_by_a_code_action() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    let a1 = uri(&root.join("stories/alpha/A-1.md"));
    let text = backlog
        .read("stories/alpha/A-1.md")
        .replace("labels:", "lables:");
    client.open(&a1, &text);
    let found = client.diagnostics(&a1)["diagnostics"].clone();
    assert_eq!(found[0]["code"], "RD103", "{found:#}");
    let range = found[0]["range"].clone();
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": a1}, "range": range, "context": {"diagnostics": found}}),
    );
    assert_eq!(actions[0]["title"], "Rename `lables` to `labels`");
    assert_eq!(
        actions[0]["edit"]["changes"][&a1],
        json!([{"range": {"start": at(8, 3), "end": at(8, 5)}, "newText": "el"}])
    );
}

#[test]
fn symbols_outline_a_file_and_find_items() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    let a1 = uri(&root.join("stories/alpha/A-1.md"));
    let outline = client.result(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": a1}}),
    );
    let names: Vec<&str> = outline
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "title",
            "type",
            "team",
            "feature",
            "status",
            "points",
            "iteration",
            "labels",
            "Acceptance criteria"
        ]
    );
    let found = client.result("workspace/symbol", json!({"query": "reserv"}));
    let names: Vec<&str> = found
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["A-1 Reserve a book", "A-2 Cancel a reservation"]);
}

#[test]
fn malformed_input_is_answered_and_the_server_goes_on() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    client.send_raw("{this is not JSON");
    let answer = client.wait(|m| m["id"].is_null() && m.get("error").is_some());
    assert_eq!(answer["error"]["code"], -32700);
    let answer = client.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    let answer = client.request("rankdown/unknown", json!({}));
    assert_eq!(answer["error"]["code"], -32601, "{answer}");
    // A position far outside the file is no reason to fail.
    let a1 = uri(&root.join("stories/alpha/A-1.md"));
    let answer = client.request("textDocument/hover", place(&a1, 9999, 9999));
    assert_eq!(answer["result"], Value::Null, "{answer}");
    let shown = client.result("textDocument/hover", place(&a1, 3, 7));
    assert!(
        shown["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .starts_with("**alpha** — Alpha")
    );
    assert!(client.stop().success());
}

#[test]
fn files_changed_on_disk_are_read_again() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    // A client that says what changed on disk.
    let mut client = Client::start(&root, true);
    let a1 = uri(&root.join("stories/alpha/A-1.md"));
    client.open(&a1, &backlog.read("stories/alpha/A-1.md"));
    assert_eq!(client.diagnostics(&a1)["diagnostics"], json!([]));
    backlog.edit("teams/alpha.md", "  - A-1\n", "");
    let change = json!({"uri": uri(&root.join("teams/alpha.md")), "type": 2});
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [change]}),
    );
    assert_eq!(client.diagnostics(&a1)["diagnostics"][0]["code"], "RD301");
    // A client that does not: the server watches the files itself.
    let mut client = Client::start(&root, false);
    client.open(&a1, &backlog.read("stories/alpha/A-1.md"));
    assert_eq!(client.diagnostics(&a1)["diagnostics"][0]["code"], "RD301");
    backlog.edit("teams/alpha.md", "  - A-2\n", "  - A-2\n  - A-1\n");
    assert_eq!(client.diagnostics(&a1)["diagnostics"], json!([]));
}

#[test]
fn every_fix_of_rankdown_fix_is_a_code_action() {
    let backlog = Backlog::minimal();
    let root = backlog.path().canonicalize().expect("root");
    let mut client = Client::start(&root, true);
    // An accepted story with an unchecked criterion (RD404).
    let a3 = uri(&root.join("stories/alpha/A-3.md"));
    let text = backlog
        .read("stories/alpha/A-3.md")
        .replace("- [x]", "- [ ]");
    client.open(&a3, &text);
    let found = client.diagnostics(&a3)["diagnostics"].clone();
    assert_eq!(found[0]["code"], "RD404", "{found:#}");
    let actions = client.result(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": a3}, "range": found[0]["range"], "context": {"diagnostics": found}}),
    );
    assert_eq!(actions[0]["title"], "Mark this criterion met (`- [x]`)");
    assert_eq!(actions[0]["isPreferred"], false, "a person's choice");
    assert_eq!(
        actions[0]["edit"]["changes"][&a3],
        json!([{"range": {"start": at(12, 3), "end": at(12, 4)}, "newText": "x"}])
    );
}
