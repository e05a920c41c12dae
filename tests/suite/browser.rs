//! The built example site in a real browser: headless Chromium loads its pages
//! from a small HTTP server inside the test, runs the search script, and must
//! print nothing to the console nor ask for a file the site lacks.
//!
//! Needs `chromium` on the PATH. Without it the test only prints a note,
//! unless `CI` is set: then it fails, since `.ci/run` installs Chromium.

use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A page the site does not have: the server answers 404 with `404.html`.
const MISSING: &str = "/no-such-page/";

/// A page written into the built site that logs a deliberate error, to prove
/// that console messages are seen in Chromium's log at all.
const CANARY: &str = "/console-canary.html";
const CANARY_PAGE: &str = "<!doctype html><title>canary</title>\
    <script>console.error(\"rankdown-canary: deliberate console.error\");</script>\n";

/// The longest a single Chromium run may take before the test gives up.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(60);

/// Page types that must be reachable from the home page in at most 2 clicks.
const PAGE_TYPES: [&str; 8] = [
    "teams/",
    "stories/",
    "features/",
    "program/",
    "roadmap/",
    "pis/",
    "roles/",
    "check/",
];

fn rankdown() -> Command {
    let mut cmd = Command::cargo_bin("rankdown").expect("binary");
    cmd.env_remove("NO_COLOR").env_remove("SOURCE_DATE_EPOCH");
    cmd
}

#[test]
#[allow(
    clippy::too_many_lines,
    reason = "one browser session walks the whole site"
)]
fn the_example_site_works_in_headless_chromium() {
    let Some(chromium) = find_chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not on the PATH: CI must install it (`.ci/run` does, with apt-get)"
        );
        eprintln!("note: chromium is not on the PATH; skipping the browser test");
        return;
    };

    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("public");
    rankdown()
        .arg("build")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("example-backlog"))
        .arg("-o")
        .arg(&site)
        .args(["--today", "2026-11-28"])
        .assert()
        .success();
    fs::write(site.join(&CANARY[1..]), CANARY_PAGE).expect("write the canary page");

    let server = Server::start(&site);
    let browser = Browser {
        program: chromium,
        origin: format!("http://{}", server.addr),
    };

    // One run per page type (DOM and console at once), two searches, the canary.
    let by_id = "/?q=CAT-107";
    // "renovation" is only in the title of LND-21.
    let by_word = "/?q=renovation";
    let mut urls: Vec<String> = [
        "/",
        "/teams/catalog/",
        "/stories/CAT-107/",
        "/features/F-4/",
        "/program/",
        "/roadmap/",
        "/pis/PI-7/",
        "/roles/product-owner/",
        "/check/",
        MISSING,
        by_id,
        by_word,
        CANARY,
    ]
    .map(String::from)
    .to_vec();
    let mut visits = browser.visit_all(&urls);
    let mut problems = Vec::new();

    // Console messages are seen: the canary's error is in the log.
    let canary = &visits[CANARY];
    assert!(
        canary.console.iter().any(|l| l.contains("rankdown-canary")),
        "Chromium's log does not show the canary's console.error as a `CONSOLE` line; \
         its log format changed, so this test could not see console errors. Log:\n{}",
        canary.stderr
    );

    // Search, filled from `?q=`.
    for (url, story) in [(by_id, "/stories/CAT-107/"), (by_word, "/stories/LND-21/")] {
        let results = search_results(&visits[url].dom);
        let found: BTreeSet<String> = links(results)
            .filter_map(|href| resolve(&browser.origin, url, &href))
            .collect();
        if !found.contains(story) {
            problems.push(format!(
                "search {url}: no link to {story} in #search-results: {results}"
            ));
        }
    }

    // Navigation: every page type within 2 clicks of the home page.
    let pages_linked_from = |visit: &Visit| -> BTreeSet<String> {
        links(&visit.dom)
            .filter_map(|href| resolve(&browser.origin, &visit.url, &href))
            .filter(|path| path.ends_with('/') && path != "/")
            .collect()
    };
    let first = pages_linked_from(&visits["/"]);
    let unreached = |visits: &BTreeMap<String, Visit>| -> Vec<&'static str> {
        let mut reached = first.clone();
        for page in first.iter().filter_map(|p| visits.get(p)) {
            reached.extend(pages_linked_from(page));
        }
        PAGE_TYPES
            .into_iter()
            .filter(|kind| !reached.iter().any(|p| p[1..].starts_with(kind)))
            .collect()
    };
    if !unreached(&visits).is_empty() {
        // The pages already loaded do not link to every type: load the rest
        // of the pages one click away.
        let more: Vec<String> = first
            .iter()
            .filter(|p| !visits.contains_key(*p))
            .cloned()
            .collect();
        visits.extend(browser.visit_all(&more));
        urls.extend(more);
    }
    for kind in unreached(&visits) {
        problems.push(format!(
            "no `{kind}` page within 2 clicks of the home page (one click: {first:?})"
        ));
    }

    // No console output from the site's pages. Chromium logs every level
    // (log, warn, error, uncaught exceptions) as an `INFO:CONSOLE` line, and
    // the site's scripts never write to the console, so any line is a fault.
    for visit in visits.values().filter(|v| v.url != CANARY) {
        for line in &visit.console {
            problems.push(format!("console on {}: {line}", visit.url));
        }
    }

    // Every page was loaded, and no request failed but the deliberate one.
    let requests = server.requests();
    for url in &urls {
        let path = url.split('?').next().unwrap_or(url);
        let expected = if url == MISSING { 404 } else { 200 };
        if !requests.contains(&(expected, path.to_string())) {
            problems.push(format!("{url} was not served with {expected}"));
        }
    }
    if !requests.contains(&(200, "/search-index.js".to_string())) {
        problems.push("search-index.js was never served".to_string());
    }
    // Browsers ask for /favicon.ico on their own; the site links none.
    let failed: BTreeSet<&(u16, String)> = requests
        .iter()
        .filter(|(status, path)| *status != 200 && path != MISSING && path != "/favicon.ico")
        .collect();
    for (status, path) in failed {
        problems.push(format!("request failed: {status} {path}"));
    }

    assert!(
        problems.is_empty(),
        "{} problem(s) in the browser:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// `chromium` on the PATH.
pub(crate) fn find_chromium() -> Option<PathBuf> {
    crate::harness::find_on_path("chromium")
}

/// What Chromium made of one page.
struct Visit {
    /// The path and query asked for, as `/teams/catalog/`.
    url: String,
    /// The DOM after scripts ran (`--dump-dom`).
    dom: String,
    /// The `CONSOLE` lines of Chromium's log.
    console: Vec<String>,
    /// All of Chromium's log, for failure messages.
    stderr: String,
}

struct Browser {
    program: PathBuf,
    /// `http://127.0.0.1:PORT`.
    origin: String,
}

impl Browser {
    /// Visits each URL (path and query), a few at a time.
    fn visit_all(&self, urls: &[String]) -> BTreeMap<String, Visit> {
        let queue = Mutex::new(urls.to_vec());
        let done = Mutex::new(BTreeMap::new());
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let next = queue.lock().expect("queue").pop();
                        let Some(url) = next else { break };
                        let visit = self.visit(&url);
                        done.lock().expect("results").insert(url, visit);
                    }
                });
            }
        });
        done.into_inner().expect("results")
    }

    /// One headless Chromium run with a fresh profile: the DOM and the log.
    fn visit(&self, url: &str) -> Visit {
        let dir = tempfile::tempdir().expect("temp dir");
        let dom_file = dir.path().join("dom.html");
        let log_file = dir.path().join("stderr.txt");
        let mut child = std::process::Command::new(&self.program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=5000",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("{}{url}", self.origin))
            .stdin(Stdio::null())
            .stdout(fs::File::create(&dom_file).expect("DOM file"))
            .stderr(fs::File::create(&log_file).expect("log file"))
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", self.program.display()));
        let deadline = Instant::now() + CHROMIUM_TIMEOUT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for chromium") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium took over {CHROMIUM_TIMEOUT:?} on {url}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let read =
            |file: &Path| String::from_utf8_lossy(&fs::read(file).unwrap_or_default()).into_owned();
        let stderr = read(&log_file);
        assert!(
            status.success(),
            "chromium failed on {url}: {status}\n{stderr}"
        );
        let dom = read(&dom_file);
        assert!(
            !dom.trim().is_empty(),
            "chromium dumped no DOM for {url}:\n{stderr}"
        );
        Visit {
            url: url.to_string(),
            dom,
            console: stderr
                .lines()
                .filter(|line| line.contains(":CONSOLE"))
                .map(String::from)
                .collect(),
            stderr,
        }
    }
}

/// The inside of `<ul id="search-results">` in a dumped DOM.
fn search_results(dom: &str) -> &str {
    let start = dom
        .find(r#"id="search-results""#)
        .unwrap_or_else(|| panic!("no #search-results in:\n{dom}"));
    let rest = &dom[start..];
    &rest[..rest.find("</ul>").unwrap_or(rest.len())]
}

/// Every `href` attribute value in serialized HTML.
fn links(html: &str) -> impl Iterator<Item = String> + '_ {
    html.split(r#"href=""#)
        .skip(1)
        .filter_map(|rest| rest.split_once('"'))
        .map(|(href, _)| href.replace("&amp;", "&"))
}

/// The site path a link on `page` leads to, or `None` for a link to another
/// site or within the page. Query and fragment are dropped.
fn resolve(origin: &str, page: &str, href: &str) -> Option<String> {
    if href.starts_with('#') {
        return None;
    }
    let href = href.split(['?', '#']).next().unwrap_or("");
    let href = match href.strip_prefix(origin) {
        Some(path) if path.is_empty() || path.starts_with('/') => path,
        Some(_) => return None,
        None if href.starts_with("//") || href.split('/').next()?.contains(':') => return None,
        None => href,
    };
    let page = page.split('?').next().unwrap_or(page);
    let joined = if href.starts_with('/') {
        href.to_string()
    } else {
        format!("{}{href}", &page[..=page.rfind('/')?])
    };
    let segments: Vec<&str> = joined.split('/').skip(1).collect();
    let mut path = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                path.pop();
            }
            other => path.push(other),
        }
        if last && matches!(*segment, "." | "..") {
            path.push("");
        }
    }
    Some(format!("/{}", path.join("/")))
}

/// A static file server for one folder on 127.0.0.1: GET only, `/x/` is
/// `x/index.html`, anything else a 404 with the site's `404.html`. Records
/// every request; stops when dropped.
pub(crate) struct Server {
    pub(crate) addr: SocketAddr,
    stop: Arc<AtomicBool>,
    requests: Arc<Mutex<Vec<(u16, String)>>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// The listener is bound before this returns, so connections queue from
    /// then on: there is nothing to wait for.
    pub(crate) fn start(root: &Path) -> Server {
        let root = root.canonicalize().expect("site folder");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("server address");
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let thread = {
            let (stop, requests) = (Arc::clone(&stop), Arc::clone(&requests));
            std::thread::spawn(move || {
                let mut handlers = Vec::new();
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let (root, requests) = (root.clone(), Arc::clone(&requests));
                    handlers.push(std::thread::spawn(move || {
                        answer(stream, &root, &requests);
                    }));
                }
                // Each ends within its socket timeouts.
                for handler in handlers {
                    let _ = handler.join();
                }
            })
        };
        Server {
            addr,
            stop,
            requests,
            thread: Some(thread),
        }
    }

    /// `(status, path)` of every request so far.
    fn requests(&self) -> Vec<(u16, String)> {
        self.requests.lock().expect("requests").clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the blocked `accept`, which then sees `stop`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Reads one request from `stream` and answers it; the connection then closes.
fn answer(mut stream: TcpStream, root: &Path, requests: &Mutex<Vec<(u16, String)>>) {
    let timeout = Some(Duration::from_secs(5));
    let _ = stream.set_read_timeout(timeout);
    let _ = stream.set_write_timeout(timeout);
    let mut head = Vec::new();
    let mut buf = [0; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            // Closed, timed out (an unused preconnection), or too long.
            Ok(0) | Err(_) => return,
            Ok(_) if head.len() > 64 * 1024 => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.lines().next().unwrap_or("").split(' ');
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let path = target.split(['?', '#']).next().unwrap_or("");
    let found = if method == "GET" {
        file_for(root, path).and_then(|file| Some((fs::read(&file).ok()?, file)))
    } else {
        None
    };
    let (status, reason, content_type, body) = match found {
        Some((body, file)) => (200, "OK", content_type(&file), body),
        None if method != "GET" => (
            405,
            "Method Not Allowed",
            "text/plain; charset=utf-8",
            b"GET only\n".to_vec(),
        ),
        None => (
            404,
            "Not Found",
            "text/html; charset=utf-8",
            fs::read(root.join("404.html")).unwrap_or_default(),
        ),
    };
    requests
        .lock()
        .expect("requests")
        .push((status, path.to_string()));
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(header.as_bytes())
        .and_then(|()| stream.write_all(&body));
    let _ = stream.shutdown(Shutdown::Write);
}

/// The file under `root` that an URL path names, if it exists and stays
/// inside `root` (no `..`, no symbolic link out).
fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = percent_decode(path.strip_prefix('/')?)?;
    let mut file = root.to_path_buf();
    for segment in relative.split('/') {
        match segment {
            "" => {}
            "." | ".." => return None,
            s if s.contains(['\\', '\0']) => return None,
            s => file.push(s),
        }
    }
    if relative.is_empty() || relative.ends_with('/') {
        file.push("index.html");
    }
    let file = file.canonicalize().ok()?;
    (file.starts_with(root) && file.is_file()).then_some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    }
}

#[test]
fn links_resolve_like_a_browser() {
    let origin = "http://127.0.0.1:1";
    let cases = [
        ("/", "", Some("/")),
        ("/", "teams/catalog/", Some("/teams/catalog/")),
        ("/?q=x", "stories/CAT-107/", Some("/stories/CAT-107/")),
        (
            "/teams/catalog/",
            "../../stories/A-1/",
            Some("/stories/A-1/"),
        ),
        ("/teams/catalog/", "../../", Some("/")),
        ("/teams/catalog/", "..", Some("/teams/")),
        ("/teams/catalog/", "/program/#x", Some("/program/")),
        ("/x/", "http://127.0.0.1:1/check/", Some("/check/")),
        ("/x/", "https://example.org/", None),
        ("/x/", "//example.org/", None),
        ("/x/", "mailto:a@b", None),
        ("/x/", "#main", None),
    ];
    for (page, href, expected) in cases {
        assert_eq!(
            resolve(origin, page, href).as_deref(),
            expected,
            "{href} on {page}"
        );
    }
}

#[test]
fn the_file_server_stays_inside_its_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("a")).expect("mkdir");
    fs::write(root.join("index.html"), "home").expect("write");
    fs::write(root.join("a/index.html"), "a").expect("write");
    fs::write(dir.path().join("secret.txt"), "secret").expect("write");
    std::os::unix::fs::symlink("../secret.txt", root.join("link.txt")).expect("symlink");
    let root = root.canonicalize().expect("root");
    assert_eq!(file_for(&root, "/"), Some(root.join("index.html")));
    assert_eq!(file_for(&root, "/a/"), Some(root.join("a/index.html")));
    assert_eq!(file_for(&root, "/%61/"), Some(root.join("a/index.html")));
    assert_eq!(file_for(&root, "/a"), None, "a folder without its slash");
    assert_eq!(file_for(&root, "/../secret.txt"), None);
    assert_eq!(file_for(&root, "/%2e%2e/secret.txt"), None);
    assert_eq!(file_for(&root, "/link.txt"), None);
    assert_eq!(file_for(&root, "/%zz"), None);
    assert_eq!(file_for(&root, "relative"), None);
}
