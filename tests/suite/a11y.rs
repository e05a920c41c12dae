//! Accessibility and phone layout of the built example site: one page of
//! every type, each at 1280×900 and 390×844 in light and dark colour scheme,
//! audited in headless Chromium by `tests/browser/audit.mjs` with axe-core
//! (its default rules, every impact), plus two checks of our own: the page is
//! no wider than the viewport, and no `tabindex="0"` stop (given to scroll
//! containers) sits on an element that has nothing to scroll.
//!
//! Needs Chromium, Node and `npm ci --prefix tests/browser`. Without them the
//! test only prints a note, unless `CI` is set: then it fails, since
//! `.ci/run` installs them.

use crate::browser::{Server, find_chromium};
use crate::harness::find_on_path;
use crate::repo::rankdown;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use walkdir::WalkDir;

/// One page of each type the site writes, and the search results (the home
/// page with `?q=`). [`MISSING`] stands for `404.html`.
const PAGES: [&str; 17] = [
    "/",
    "/?q=CAT-107",
    "/teams/",
    "/teams/catalog/",
    "/stories/CAT-107/",
    "/features/F-4/",
    "/program/",
    "/roadmap/",
    "/pis/",
    "/pis/PI-7/",
    "/roles/",
    "/roles/product-owner/",
    "/check/",
    "/metrics/",
    "/status/in-progress/",
    "/search/",
    MISSING,
];

/// A page the site does not have: the server answers 404 with `404.html`.
const MISSING: &str = "/no-such-page/";

/// A page written into the built site with known faults, to prove that the
/// audit finds them and that the viewport and colour scheme take effect.
const CANARY: &str = "/a11y-canary.html";
const CANARY_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>a11y canary</title>
<style>
  #canary-wide { width: 600px; height: 1em; }
  #canary-scroller { width: 100px; height: 3em; overflow: auto; }
  #canary-scroller p { width: 300px; }
  @media (prefers-color-scheme: dark) { body { background: #000; color: #111; } }
</style></head>
<body><main>
<h1>Canary</h1>
<p>Dark text on black, in the dark scheme only.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" width="20" height="20">
<div id="canary-wide">600 px wide</div>
<div id="canary-stop" tabindex="0">A tab stop with nothing to scroll.</div>
<div id="canary-scroller" tabindex="0"><p>A tab stop that scrolls sideways.</p></div>
</main></body></html>
"#;

/// The Node script, from the crate root.
const SCRIPT: &str = "tests/browser/audit.mjs";

/// The longest the whole audit may take before the test gives up.
const AUDIT_TIMEOUT: Duration = Duration::from_secs(240);

#[test]
fn every_page_type_is_accessible_and_fits_a_phone() {
    let Some(tools) = Tools::find() else { return };

    let (_dir, site) = example_site();
    let unaudited = unaudited_kinds(&site);
    assert!(
        unaudited.is_empty(),
        "the site has pages of types this test does not audit: {unaudited:?}; \
         add one page of each to PAGES"
    );
    fs::write(site.join(&CANARY[1..]), CANARY_PAGE).expect("write the canary page");

    let server = Server::start(&site);
    let mut urls = PAGES.to_vec();
    urls.push(CANARY);
    let audit = tools.audit(&format!("http://{}", server.addr), &urls);
    eprintln!(
        "audited {} page views with axe-core {} in Chromium {}",
        audit.pages.len(),
        audit.axe_version,
        audit.chromium
    );

    let (canary, pages): (Vec<PageAudit>, Vec<PageAudit>) =
        audit.pages.into_iter().partition(|p| p.path == CANARY);
    check_canary(&canary);
    for url in PAGES {
        let views = pages.iter().filter(|p| p.path == url).count();
        assert_eq!(views, 4, "{url} was audited in {views} views, not 4");
    }

    let problems = problems(&pages);
    assert!(
        problems.is_empty(),
        "{} accessibility or layout problem(s) in the example site:\n\n{}",
        problems.len(),
        problems
            .iter()
            .map(Problem::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The example site, built for 2026-11-28 into a temporary folder.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("public");
    rankdown()
        .arg("build")
        .arg(crate_root().join("example-backlog"))
        .arg("-o")
        .arg(&site)
        .args(["--today", "2026-11-28"])
        .assert()
        .success();
    (dir, site)
}

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Chromium, Node and the audit script's packages, when all are installed.
struct Tools {
    chromium: PathBuf,
    node: PathBuf,
}

impl Tools {
    /// The tools, or `None` after a note when one is missing. Under `CI`, a
    /// missing tool fails the test instead.
    fn find() -> Option<Tools> {
        let modules = crate_root().join("tests/browser/node_modules");
        let missing = match (find_chromium(), find_on_path("node")) {
            (None, _) => "chromium is not on the PATH",
            (_, None) => "node is not on the PATH",
            _ if ["playwright-core", "axe-core"]
                .iter()
                .any(|p| !modules.join(p).join("package.json").is_file()) =>
            {
                "tests/browser/node_modules lacks playwright-core or axe-core \
                 (run `npm ci --prefix tests/browser`)"
            }
            (Some(chromium), Some(node)) => return Some(Tools { chromium, node }),
        };
        assert!(
            std::env::var_os("CI").is_none(),
            "{missing}: CI must install it (`.ci/run` does)"
        );
        eprintln!("note: {missing}; skipping the accessibility audit");
        None
    }

    /// Runs the audit script on `urls` (paths on `origin`) and reads its report.
    fn audit(&self, origin: &str, urls: &[&str]) -> Audit {
        let mut args = vec![origin.to_string()];
        args.extend(urls.iter().map(|u| u.to_string()));
        let out = self.run(SCRIPT, &args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("{SCRIPT} printed no audit ({e}):\n{out}"))
    }

    /// Runs the Node script `script` with `args`; what it printed.
    fn run(&self, script: &str, args: &[String]) -> String {
        let dir = tempfile::tempdir().expect("temp dir");
        let out_file = dir.path().join("out.json");
        let err_file = dir.path().join("stderr.txt");
        let mut child = std::process::Command::new(&self.node)
            .arg(crate_root().join(script))
            .args(args)
            .current_dir(crate_root().join("tests/browser"))
            .env("RANKDOWN_CHROMIUM", &self.chromium)
            .stdin(Stdio::null())
            .stdout(fs::File::create(&out_file).expect("output file"))
            .stderr(fs::File::create(&err_file).expect("error file"))
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", self.node.display()));
        let deadline = Instant::now() + AUDIT_TIMEOUT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for node") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{script} took over {AUDIT_TIMEOUT:?}");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let stderr = fs::read_to_string(&err_file).unwrap_or_default();
        assert!(status.success(), "{script} failed: {status}\n{stderr}");
        fs::read_to_string(&out_file).expect("read the output")
    }
}

/// A check `tests/browser/behaviour.mjs` made.
#[derive(Deserialize)]
struct Check {
    name: String,
    ok: bool,
    detail: String,
}

#[test]
fn readers_search_use_the_keyboard_and_browse_from_disk() {
    let Some(tools) = Tools::find() else { return };
    let (_dir, site) = example_site();
    let server = Server::start(&site);
    let site = site.canonicalize().expect("site");
    let args = [
        format!("http://{}", server.addr),
        site.display().to_string(),
    ];
    let out = tools.run("tests/browser/behaviour.mjs", &args);
    let checks: Vec<Check> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert!(checks.len() >= 13, "too few checks ran: {out}");
    let failed: Vec<String> = checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| format!("{}: {}", c.name, c.detail))
        .collect();
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}

/// What `audit.mjs` prints.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Audit {
    axe_version: String,
    chromium: String,
    pages: Vec<PageAudit>,
}

/// One page at one viewport in one colour scheme.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageAudit {
    /// The path and query asked for, as `/teams/catalog/`.
    path: String,
    /// The viewport width in CSS pixels.
    width: u32,
    /// `light` or `dark`.
    scheme: String,
    /// The HTTP status of the page.
    status: u16,
    /// axe-core's violations.
    violations: Vec<Violation>,
    /// `document.documentElement.scrollWidth`.
    scroll_width: u32,
    /// `window.innerWidth`.
    inner_width: u32,
    /// The outermost elements reaching past the viewport, widest first.
    overflowing: Vec<Overflow>,
    /// `tabindex="0"` elements with nothing to scroll.
    dead_tab_stops: Vec<Element>,
}

impl PageAudit {
    /// As `390 dark`.
    fn view(&self) -> String {
        format!("{} {}", self.width, self.scheme)
    }

    fn violation(&self, id: &str) -> Option<&Violation> {
        self.violations.iter().find(|v| v.id == id)
    }
}

/// One axe-core rule that failed on a page.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Violation {
    id: String,
    impact: String,
    help: String,
    help_url: String,
    nodes: Vec<ViolationNode>,
}

/// An element a rule failed on.
#[derive(Deserialize)]
struct ViolationNode {
    /// axe-core's CSS selector.
    target: String,
    /// The start of its HTML.
    html: String,
}

/// An element that makes the page wider than the viewport.
#[derive(Deserialize)]
struct Overflow {
    selector: String,
    /// Its right edge, in CSS pixels from the page's left edge.
    right: u32,
    width: u32,
    html: String,
}

/// An element named by a selector, with the start of its HTML.
#[derive(Deserialize)]
struct Element {
    selector: String,
    html: String,
}

/// The kinds of page in the built site (see [`page_kind`]) that no URL in
/// [`PAGES`] is of.
fn unaudited_kinds(site: &Path) -> BTreeSet<String> {
    let audited: BTreeSet<String> = PAGES.iter().map(|url| url_kind(url)).collect();
    WalkDir::new(site)
        .into_iter()
        .map(|entry| entry.expect("walk the site"))
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "html"))
        .map(|entry| {
            let relative = entry.path().strip_prefix(site).expect("inside the site");
            page_kind(&relative.to_string_lossy())
        })
        .filter(|kind| !audited.contains(kind))
        .collect()
}

/// The kind of a page by its file in the site: the folder it lists, or its
/// first folder and `*` for the item, as `/teams/` and `/teams/*/`;
/// `404.html` is `404`.
fn page_kind(file: &str) -> String {
    if file == "404.html" {
        return "404".to_string();
    }
    let url = match file.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{file}"),
    };
    url_kind(&url)
}

/// The kind of page a URL of [`PAGES`] asks for (see [`page_kind`]).
fn url_kind(url: &str) -> String {
    if url == MISSING {
        return "404".to_string();
    }
    let path = url.split('?').next().unwrap_or(url);
    let mut segments: Vec<&str> = path.split('/').collect();
    // "", first folder, item, ..., "" (or a file name)
    for segment in segments.iter_mut().skip(2) {
        if !segment.is_empty() {
            *segment = "*";
        }
    }
    segments.join("/")
}

/// Fails unless the audit found the canary's known faults, each only where
/// it should be: so the audit, the viewports and the schemes all work.
fn check_canary(views: &[PageAudit]) {
    assert_eq!(
        views.len(),
        4,
        "the canary was audited in {} views",
        views.len()
    );
    let mut missed = Vec::new();
    for view in views {
        let name = view.view();
        if view.violation("image-alt").is_none() {
            missed.push(format!(
                "{name}: no image-alt violation for the <img> without alt"
            ));
        }
        let dark = view.scheme == "dark";
        if view.violation("color-contrast").is_some() != dark {
            missed.push(format!(
                "{name}: color-contrast violation {} (the text is dark on black only in the dark scheme)",
                if dark { "missing" } else { "reported" }
            ));
        }
        let phone = view.width < 600;
        let wide = view
            .overflowing
            .iter()
            .any(|o| o.selector == "#canary-wide");
        if wide != phone || (view.scroll_width > view.inner_width) != phone {
            missed.push(format!(
                "{name}: #canary-wide (600 px) {} (scrollWidth {} in {} px)",
                if phone {
                    "not reported as too wide"
                } else {
                    "reported as too wide"
                },
                view.scroll_width,
                view.inner_width
            ));
        }
        let stops: Vec<&str> = view
            .dead_tab_stops
            .iter()
            .map(|e| e.selector.as_str())
            .collect();
        if stops != ["#canary-stop"] {
            missed.push(format!(
                "{name}: non-scrolling tab stops {stops:?}, expected [\"#canary-stop\"] \
                 (#canary-scroller scrolls)"
            ));
        }
    }
    assert!(
        missed.is_empty(),
        "the audit did not see the canary's faults as expected, so it cannot be trusted:\n{}",
        missed.join("\n")
    );
}

/// One fault, with every view (viewport and scheme) of its page it shows in.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Problem {
    path: String,
    /// As `color-contrast (serious): Elements must meet…`.
    what: String,
    /// The element: selector and HTML.
    target: String,
    html: String,
    /// Where to read more, if anywhere.
    help: String,
    views: Vec<String>,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} [{}]", self.path, self.views.join(", "))?;
        writeln!(f, "  {}", self.what)?;
        writeln!(f, "    target: {}", self.target)?;
        writeln!(f, "    html:   {}", self.html)?;
        if !self.help.is_empty() {
            writeln!(f, "    help:   {}", self.help)?;
        }
        Ok(())
    }
}

/// Every fault on `pages`, the same fault in several views of a page once.
fn problems(pages: &[PageAudit]) -> Vec<Problem> {
    // (path, what, target, html, help) -> views
    type Key = (String, String, String, String, String);
    let mut found: BTreeMap<Key, Vec<String>> = BTreeMap::new();
    for page in pages {
        for (what, target, html, help) in faults(page) {
            found
                .entry((page.path.clone(), what, target, html, help))
                .or_default()
                .push(page.view());
        }
    }
    found
        .into_iter()
        .map(|((path, what, target, html, help), views)| Problem {
            path,
            what,
            target,
            html,
            help,
            views,
        })
        .collect()
}

/// The faults of one page view, as (what, target, html, help).
fn faults(page: &PageAudit) -> Vec<(String, String, String, String)> {
    let mut faults = Vec::new();
    let expected = if page.path == MISSING { 404 } else { 200 };
    if page.status != expected {
        faults.push((
            format!("HTTP status {}, expected {expected}", page.status),
            String::new(),
            String::new(),
            String::new(),
        ));
    }
    for violation in &page.violations {
        for node in &violation.nodes {
            faults.push((
                format!(
                    "{} ({}): {}",
                    violation.id, violation.impact, violation.help
                ),
                node.target.clone(),
                node.html.clone(),
                violation.help_url.clone(),
            ));
        }
    }
    if page.scroll_width > page.inner_width {
        let widest = page.overflowing.first();
        faults.push((
            format!(
                "page-too-wide: the document is {} px wide in a {} px viewport",
                page.scroll_width, page.inner_width
            ),
            widest.map_or_else(
                || "(no single element found)".to_string(),
                |o| {
                    format!(
                        "{} ({} px wide, right edge at {} px)",
                        o.selector, o.width, o.right
                    )
                },
            ),
            widest.map_or_else(String::new, |o| o.html.clone()),
            String::new(),
        ));
    }
    for stop in &page.dead_tab_stops {
        faults.push((
            "dead-tab-stop: tabindex=\"0\" on an element with nothing to scroll".to_string(),
            stop.selector.clone(),
            stop.html.clone(),
            String::new(),
        ));
    }
    faults
}

#[test]
fn page_kinds_name_lists_and_items() {
    assert_eq!(page_kind("index.html"), "/");
    assert_eq!(page_kind("404.html"), "404");
    assert_eq!(page_kind("teams/index.html"), "/teams/");
    assert_eq!(page_kind("teams/catalog/index.html"), "/teams/*/");
    assert_eq!(url_kind("/teams/catalog/"), "/teams/*/");
    assert_eq!(url_kind("/?q=CAT-107"), "/");
    assert_eq!(url_kind(MISSING), "404");
    assert_eq!(url_kind(CANARY), page_kind(&CANARY[1..]));
}
