//! `rankdown serve` as a user meets it: a real process on a free port,
//! fetched over HTTP while files are edited. Every wait polls with a bound.

use crate::harness::Backlog;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long anything may take before a test gives up.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `rankdown serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`
    url: String,
    port: u16,
    /// What it printed after its address.
    output: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, |_| {})
    }

    /// Starts `serve` on `root` with more arguments or environment.
    fn start_with(root: &Path, configure: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_rankdown"));
        command.args(["serve", "--port", "0", "--today", "2026-11-02"]);
        configure(&mut command);
        let mut child = command
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start rankdown serve");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut first = Vec::new();
        let url = loop {
            let line = lines
                .next()
                .expect("serve printed its address")
                .expect("line");
            if let Some(rest) = line.strip_prefix("serving ") {
                break rest.split(' ').next().expect("url").to_string();
            }
            first.push(line);
        };
        // Keep reading the output so the server never blocks on a full pipe.
        let output = Arc::new(Mutex::new(first));
        let kept = output.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                kept.lock().unwrap().push(line);
            }
        });
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        Server {
            child,
            url,
            port,
            output,
        }
    }

    /// `(status, body)` of a GET of `path` (raw, so that `..` reaches the server).
    fn get(&self, path: &str) -> (u16, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").expect("head and body");
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, body.to_string())
    }

    /// The reload stream a page with the reload query `query` opens.
    fn events(&self, query: &str) -> BufReader<TcpStream> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__rankdown/events?{query} HTTP/1.1\r\nHost: localhost\r\n\r\n"
        )
        .unwrap();
        BufReader::new(stream)
    }

    /// Polls `path` until `ready` holds for its response; fails after [`PATIENCE`].
    fn wait_for(&self, path: &str, what: &str, ready: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if ready(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "{path} never showed {what}: {status}\n{body}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The query of the reload stream a served page opens.
fn reload_query(page: &str) -> String {
    let query = page
        .split("events?")
        .nth(1)
        .and_then(|r| r.split('"').next());
    query
        .expect("the page carries the reload script")
        .to_string()
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn an_edit_shows_on_the_next_fetch() {
    let backlog = Backlog::example();
    let server = Server::start(backlog.path());
    let (status, page) = server.get("/stories/ACC-24/");
    assert_eq!(status, 200);
    assert!(!page.contains("Freshly edited"));
    backlog.edit(
        "stories/accounts/ACC-24.md",
        "title: ",
        "title: Freshly edited ",
    );
    server.wait_for("/stories/ACC-24/", "the new title", |_, body| {
        body.contains("Freshly edited")
    });
    // The team backlog lists it too.
    assert!(server.get("/teams/accounts/").1.contains("Freshly edited"));
}

#[test]
fn errors_show_in_an_overlay_until_fixed() {
    let backlog = Backlog::example();
    let server = Server::start(backlog.path());
    assert!(!server.get("/").1.contains("rankdown-overlay"));
    backlog.edit("stories/accounts/ACC-24.md", "title: ", "title: [broken ");
    let page = server.wait_for("/teams/accounts/", "the overlay", |_, body| {
        body.contains("rankdown-overlay")
    });
    assert!(
        page.contains(
            "<code>stories/accounts/ACC-24.md:3:5</code> <b>RD004</b> YAML does not parse"
        ),
        "{page}"
    );
    assert!(page.contains("showing the last good site"));
    // The last good site is still there under it.
    assert!(page.contains("Patron Accounts"));
    backlog.edit(
        "stories/accounts/ACC-24.md",
        "title: [broken ",
        "title: Mended ",
    );
    server.wait_for("/teams/accounts/", "the overlay gone", |_, body| {
        !body.contains("rankdown-overlay") && body.contains("Mended")
    });
}

#[test]
fn deleted_and_created_stories_come_and_go() {
    let backlog = Backlog::example();
    let server = Server::start(backlog.path());
    // ACC-22 is accepted, so no team lists it and deleting it breaks nothing.
    assert_eq!(server.get("/stories/ACC-22/").0, 200);
    backlog.remove("stories/accounts/ACC-22.md");
    let gone = server.wait_for("/stories/ACC-22/", "a 404", |status, _| status == 404);
    assert!(
        gone.contains("Page not found"),
        "the site's own 404 page: {gone}"
    );
    let text = "---\ntitle: Born in the preview\ntype: spike\nteam: accounts\nstatus: done\npoints: 1\n---\n\n## Acceptance criteria\n\n- [x] Seen\n";
    backlog.write("stories/accounts/ACC-95.md", text);
    server.wait_for("/stories/ACC-95/", "the new story", |status, body| {
        status == 200 && body.contains("Born in the preview")
    });
}

#[test]
fn a_reload_event_arrives_after_a_change() {
    let backlog = Backlog::example();
    let server = Server::start(backlog.path());
    let page = server.get("/").1;
    let query = reload_query(&page);
    assert!(
        query.starts_with("run=") && query.contains("&since="),
        "{query}"
    );
    let mut events = server.events(&query);
    let mut line = String::new();
    events.read_line(&mut line).unwrap();
    assert_eq!(line.trim_end(), "HTTP/1.1 200 OK");
    backlog.edit("stories/accounts/ACC-24.md", "title: ", "title: Reload me ");
    let start = Instant::now();
    loop {
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "the stream ended");
        if line.trim_end() == "event: reload" {
            break;
        }
        assert!(start.elapsed() < PATIENCE, "no reload event");
    }
    // The reload comes after the rebuild: the page is already new.
    assert!(server.get("/stories/ACC-24/").1.contains("Reload me"));
}

#[test]
fn served_pages_after_edits_are_a_full_build_plus_the_reload_script() {
    let backlog = Backlog::example();
    let server = Server::start(backlog.path());
    backlog.edit(
        "teams/accounts.md",
        "  - ACC-24\n  - ACC-26\n",
        "  - ACC-26\n  - ACC-24\n",
    );
    backlog.edit("stories/lending/LND-19.md", "title: ", "title: Edited ");
    server.wait_for("/stories/LND-19/", "the edit", |_, body| {
        body.contains("Edited")
    });
    server.wait_for("/teams/accounts/", "the reorder", |_, body| {
        body.find("ACC-26").unwrap_or(usize::MAX) < body.find("ACC-24").unwrap_or(0)
    });
    let out = tempfile::tempdir().unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_rankdown"))
        .args([
            "build",
            "--today",
            "2026-11-02",
            "--base-url",
            &server.url,
            "-o",
        ])
        .arg(out.path().join("site"))
        .arg(backlog.path())
        .status()
        .unwrap();
    assert!(built.success());
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(out.path().join("site")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name == ".rankdown-site" {
            continue;
        }
        let path = relative(&out.path().join("site"), entry.path());
        let built = std::fs::read_to_string(entry.path()).unwrap();
        let (status, served) = server.get(&format!("/{path}"));
        assert_eq!(status, 200, "{path}");
        assert_eq!(without_reload_script(&served), built, "{path}");
        compared += 1;
    }
    assert!(compared > 70, "only {compared} files compared");
}

/// A served page without what `serve` adds to it.
fn without_reload_script(page: &str) -> String {
    match page.find("<script>new EventSource(") {
        Some(start) => {
            let end = start + page[start..].find("</script>").unwrap() + "</script>".len();
            format!("{}{}", &page[..start], &page[end..])
        }
        None => page.to_string(),
    }
}

#[test]
fn paths_outside_the_site_get_the_404_page() {
    let backlog = Backlog::example();
    backlog.write("secret.txt", "do not serve");
    let server = Server::start(backlog.path());
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/stories/../../secret.txt",
        "/rankdown.yaml",
    ] {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(
            !body.contains("do not serve") && body.contains("Page not found"),
            "{path}"
        );
    }
    assert_eq!(
        server.get("/teams").0,
        301,
        "a folder without its slash redirects"
    );
}

#[test]
fn a_port_in_use_is_named_in_the_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let backlog = Backlog::example();
    let output = Command::new(env!("CARGO_BIN_EXE_rankdown"))
        .args(["serve", "--port", &port])
        .arg(backlog.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on port {port} of 127.0.0.1")),
        "{stderr}"
    );
}

#[test]
fn ctrl_c_stops_the_preview_and_leaves_the_backlog_as_it_was() {
    let backlog = Backlog::example();
    let before = files_under(backlog.path());
    let mut server = Server::start(backlog.path());
    assert_eq!(server.get("/").0, 200);
    let pid = server.child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let start = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < PATIENCE, "serve did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0));
    assert_eq!(files_under(backlog.path()), before, "serve writes nothing");
}

fn files_under(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| relative(root, e.unwrap().path()))
        .collect()
}

fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).expect("under the root");
    rel.to_string_lossy().replace('\\', "/")
}

/// The lines `server` printed so far, once `count` of them start with `prefix`.
fn output_once(server: &Server, prefix: &str, count: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let output = server.output.lock().unwrap().clone();
        if output.iter().filter(|l| l.starts_with(prefix)).count() >= count {
            return output;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "no `{prefix}` line: {output:#?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_save_that_changes_no_page_says_so() {
    let backlog = Backlog::minimal();
    let server = Server::start(backlog.path());
    backlog.edit("stories/alpha/A-1.md", "title: ", "title: Saved ");
    server.wait_for("/stories/A-1/", "the saved title", |_, body| {
        body.contains("Saved")
    });
    // The first build, then the title's.
    output_once(&server, "rebuilt in", 2);
    // A comment in the front matter changes the file but no page.
    backlog.edit(
        "stories/alpha/A-1.md",
        "type: story\n",
        "type: story\n# reviewed\n",
    );
    let output = output_once(&server, "rebuilt in", 3);
    let rebuilt = (output.iter())
        .filter(|l| l.starts_with("rebuilt in"))
        .nth(2)
        .unwrap();
    assert!(
        rebuilt.ends_with(", no page changed, 0 removed"),
        "{output:#?}"
    );
}

#[test]
fn an_editor_save_rebuilds_once_and_unwatched_places_never() {
    let backlog = Backlog::example();
    let server = Server::start(backlog.path());
    // The output folder of `build`, `.git` and editor litter are not watched.
    backlog.write("public/index.html", "old build");
    backlog.write(".git/HEAD", "ref: refs/heads/main");
    backlog.write("stories/accounts/.ACC-24.md.swp", "swap");
    backlog.write("stories/accounts/ACC-24.md~", "backup");
    // A save as editors do it: a temporary file renamed over the story.
    let text = backlog.read("stories/accounts/ACC-24.md").replacen(
        "title: ",
        "title: Saved atomically ",
        1,
    );
    backlog.write("stories/accounts/.ACC-24.md.tmp", text);
    std::fs::rename(
        backlog.path().join("stories/accounts/.ACC-24.md.tmp"),
        backlog.path().join("stories/accounts/ACC-24.md"),
    )
    .unwrap();
    server.wait_for("/stories/ACC-24/", "the saved title", |_, body| {
        body.contains("Saved atomically")
    });
    // The output is read on another thread: wait for the rebuild's line.
    let output = output_once(&server, "rebuilt in", 1);
    // Had the unwatched writes caused a rebuild, it would come first.
    let changes: Vec<&String> = output
        .iter()
        .filter(|l| l.starts_with("changed: "))
        .collect();
    assert_eq!(
        changes,
        ["changed: stories/accounts/ACC-24.md"],
        "{output:#?}"
    );
}

#[test]
fn a_page_from_an_earlier_run_reloads_at_once() {
    let backlog = Backlog::example();
    let query = {
        let earlier = Server::start(backlog.path());
        reload_query(&earlier.get("/").1)
    };
    let server = Server::start(backlog.path());
    let lines = server.events(&query).lines().map_while(Result::ok);
    assert!(
        lines.take(8).any(|l| l == "event: reload"),
        "no reload for a page of an earlier run"
    );
}

#[test]
fn a_backlog_with_errors_at_start_is_served_as_the_overlay_until_fixed() {
    let backlog = Backlog::example();
    backlog.edit("stories/accounts/ACC-24.md", "title: ", "title: [broken ");
    let server = Server::start(backlog.path());
    let (status, page) = server.get("/teams/accounts/");
    assert_eq!(status, 503, "no good site yet");
    assert!(
        page.contains("rankdown-overlay") && page.contains("ACC-24.md"),
        "{page}"
    );
    backlog.edit(
        "stories/accounts/ACC-24.md",
        "title: [broken ",
        "title: Mended ",
    );
    server.wait_for("/teams/accounts/", "the site", |status, body| {
        status == 200 && body.contains("Mended") && !body.contains("rankdown-overlay")
    });
}

#[test]
fn every_interface_is_announced_and_the_site_keeps_the_loopback_address() {
    let backlog = Backlog::example();
    let server = Server::start_with(backlog.path(), |c| {
        c.args(["--interface", "0.0.0.0"]);
    });
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{}",
        server.url
    );
    let output = server.output.lock().unwrap().clone();
    assert!(
        output.contains(
            &"listening on 0.0.0.0: other machines on the network can see the preview".to_string()
        ),
        "{output:#?}"
    );
    // The sitemap's addresses are the site's.
    let sitemap = server.get("/sitemap.xml").1;
    assert!(
        sitemap.contains(&format!("<loc>{}teams/</loc>", server.url)),
        "{sitemap}"
    );
}

#[test]
fn open_hands_the_address_to_the_system_browser_opener() {
    let backlog = Backlog::example();
    let bin = tempfile::tempdir().unwrap();
    let opened = bin.path().join("opened.txt");
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let server = Server::start_with(backlog.path(), |c| {
        c.arg("--open").env("PATH", path);
    });
    let start = Instant::now();
    while !opened.exists() {
        assert!(start.elapsed() < PATIENCE, "the opener was never run");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Written by the opener: wait for the whole line.
    let url = loop {
        let text = std::fs::read_to_string(&opened).unwrap();
        if text.ends_with('\n') {
            break text.trim().to_string();
        }
        assert!(start.elapsed() < PATIENCE, "the opener wrote `{text}`");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(url, server.url);
}
