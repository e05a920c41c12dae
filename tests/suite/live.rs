//! The live preview's incremental rebuilds, through the library: after each
//! kind of edit, the pages kept up to date one change at a time are exactly
//! the pages a full build of the same files makes.

use crate::harness::Backlog;
use rankdown::render::Options;
use rankdown::render::live::Change;
use rankdown::serve::site::{LiveSite, Problem};
use rankdown::serve::watch::Batch;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

type Site = BTreeMap<String, Vec<u8>>;

/// A change to the backlog's files.
type Edit = Box<dyn Fn(&Backlog)>;

fn options() -> Options {
    Options {
        today: jiff::civil::date(2026, 11, 2),
        base_url: "http://127.0.0.1:1111/".into(),
        history: Default::default(),
        changes: Vec::new(),
    }
}

/// Every page a full build of `root` makes.
fn full_build(root: &Path) -> Site {
    let checked = rankdown::check(root).expect("check");
    let config = checked.backlog.config.as_ref();
    let theme_name = config.map_or("default", |c| c.theme.as_str());
    let theme = rankdown::render::theme::load(root, theme_name).expect("theme");
    let site = Mutex::new(Site::new());
    let sink = |page: &rankdown::output::Page| {
        site.lock()
            .unwrap()
            .insert(page.path.clone(), page.bytes.clone());
        Ok(())
    };
    rankdown::render::render(
        &checked.backlog,
        &checked.diagnostics,
        &theme,
        &options(),
        &sink,
    )
    .expect("render");
    site.into_inner().unwrap()
}

/// The site kept by a [`LiveSite`], one batch of changes at a time.
struct Live {
    site: LiveSite,
    pages: Site,
}

impl Live {
    fn open(root: &Path) -> Live {
        let (site, rebuild) = LiveSite::open(root, options()).expect("open");
        let mut live = Live {
            site,
            pages: Site::new(),
        };
        live.apply(rebuild.changes);
        live
    }

    fn apply(&mut self, changes: Vec<Change>) {
        for change in changes {
            match change {
                Change::Put(page) => {
                    self.pages.insert(page.path, page.bytes);
                }
                Change::Remove(path) => {
                    self.pages.remove(&path);
                }
            }
        }
    }

    /// Tells the site that `paths` changed, as the watcher would.
    fn saved(&mut self, paths: &[&str]) -> &mut Live {
        let mut batch = Batch::default();
        for path in paths {
            batch.add(path, false, "default", &|_| false);
        }
        let rebuild = self.site.update(&batch);
        self.apply(rebuild.changes);
        self
    }

    fn update(&mut self, batch: &Batch) {
        let rebuild = self.site.update(batch);
        self.apply(rebuild.changes);
    }

    /// Asserts the kept site is byte for byte a full build of `root`.
    fn assert_matches(&self, root: &Path, after: &str) {
        assert_eq!(self.site.problem(), None, "after {after}");
        let full = full_build(root);
        let live_paths: Vec<&String> = self.pages.keys().collect();
        let full_paths: Vec<&String> = full.keys().collect();
        assert_eq!(live_paths, full_paths, "pages after {after}");
        for (path, bytes) in &full {
            assert!(
                self.pages[path] == *bytes,
                "{path} differs from a full build after {after}"
            );
        }
    }
}

#[test]
#[allow(clippy::too_many_lines, reason = "a table of edits, one per step")]
fn every_kind_of_edit_gives_the_pages_of_a_full_build() {
    let backlog = Backlog::example();
    let root = backlog.path();
    let mut live = Live::open(root);
    live.assert_matches(root, "opening");

    let steps: Vec<(&str, Edit, Vec<&str>)> = vec![
        (
            "a story title edit",
            Box::new(|b| {
                b.edit("stories/accounts/ACC-24.md", "title: ", "title: Renamed, ");
            }),
            vec!["stories/accounts/ACC-24.md"],
        ),
        (
            "a reorder of a team backlog",
            Box::new(|b| {
                b.edit(
                    "teams/accounts.md",
                    "  - ACC-24\n  - ACC-26\n",
                    "  - ACC-26\n  - ACC-24\n",
                );
            }),
            vec!["teams/accounts.md"],
        ),
        (
            "a team title edit",
            Box::new(|b| {
                b.edit("teams/accounts.md", "title: ", "title: The ");
            }),
            vec!["teams/accounts.md"],
        ),
        (
            "a team capacity edit, which shows on the PI load charts",
            Box::new(|b| {
                b.edit("teams/accounts.md", "capacity: 20", "capacity: 5");
            }),
            vec!["teams/accounts.md"],
        ),
        (
            "a story others depend on moving to another team",
            Box::new(|b| {
                b.edit(
                    "stories/catalog/CAT-102.md",
                    "team: catalog",
                    "team: accounts",
                );
            }),
            vec!["stories/catalog/CAT-102.md"],
        ),
        (
            "a story closing, which moves the ranks below it",
            Box::new(|b| {
                let text = b.read("stories/accounts/ACC-26.md");
                let status = text
                    .lines()
                    .find(|l| l.starts_with("status:"))
                    .unwrap()
                    .to_string();
                b.edit("stories/accounts/ACC-26.md", &status, "status: done");
            }),
            vec!["stories/accounts/ACC-26.md"],
        ),
        (
            "a new dependency",
            Box::new(|b| {
                b.edit(
                    "stories/accounts/ACC-28.md",
                    "team: accounts",
                    "team: accounts\ndepends_on: [ACC-27]",
                );
            }),
            vec!["stories/accounts/ACC-28.md"],
        ),
        (
            "a story moving to another feature and iteration",
            Box::new(|b| {
                b.edit(
                    "stories/accounts/ACC-29.md",
                    "feature: F-5",
                    "feature: F-1\niteration: PI-7.4\npoints: 3",
                );
            }),
            vec!["stories/accounts/ACC-29.md"],
        ),
        (
            "a story moving to a later iteration",
            Box::new(|b| {
                b.edit(
                    "stories/accounts/ACC-29.md",
                    "iteration: PI-7.4",
                    "iteration: PI-7.5",
                );
            }),
            vec!["stories/accounts/ACC-29.md"],
        ),
        (
            "a story's points, which show on its PI's load chart",
            Box::new(|b| {
                b.edit("stories/accounts/ACC-29.md", "points: 3", "points: 5");
            }),
            vec!["stories/accounts/ACC-29.md"],
        ),
        (
            "a dependency on another team's story, which shows on the program board",
            Box::new(|b| {
                b.edit(
                    "stories/accounts/ACC-29.md",
                    "depends_on: [ACC-24, ACC-28]",
                    "depends_on: [ACC-24, ACC-28, CAT-101]",
                );
            }),
            vec!["stories/accounts/ACC-29.md"],
        ),
        (
            "a feature title edit",
            Box::new(|b| {
                b.edit("features/F-1.md", "title: ", "title: Retitled ");
            }),
            vec!["features/F-1.md"],
        ),
        (
            "a new story listed in its team",
            Box::new(|b| {
                b.write(
                    "stories/accounts/ACC-90.md",
                    "---\ntitle: A brand new story\ntype: story\nteam: accounts\nfeature: F-9\nstatus: backlog\npoints: 2\n---\n\n## Acceptance criteria\n\n- [ ] It exists\n",
                );
                b.edit("teams/accounts.md", "backlog:\n", "backlog:\n  - ACC-90\n");
            }),
            vec!["stories/accounts/ACC-90.md", "teams/accounts.md"],
        ),
        (
            "a story deleted and taken off its team",
            Box::new(|b| {
                b.remove("stories/accounts/ACC-90.md");
                b.edit("teams/accounts.md", "  - ACC-90\n", "");
            }),
            vec!["stories/accounts/ACC-90.md", "teams/accounts.md"],
        ),
        (
            "a team's Scrum Master renamed (stories are found by the name)",
            Box::new(|b| {
                b.edit("teams/accounts.md", "scrum_master: ", "scrum_master: Dr ");
            }),
            vec!["teams/accounts.md"],
        ),
        (
            "a PI objective and iteration edit",
            Box::new(|b| {
                b.edit("pis/PI-7.md", "business_value: 8", "business_value: 6");
            }),
            vec!["pis/PI-7.md"],
        ),
        (
            "a role edit",
            Box::new(|b| {
                b.edit("roles/scrum-master.md", "title: ", "title: The ");
            }),
            vec!["roles/scrum-master.md"],
        ),
        (
            "a config edit",
            Box::new(|b| {
                b.edit("rankdown.yaml", "title: ", "title: Live ");
            }),
            vec!["rankdown.yaml"],
        ),
    ];
    for (what, edit, paths) in steps {
        edit(&backlog);
        live.saved(&paths);
        live.assert_matches(root, what);
    }
}

#[test]
fn edits_made_while_the_backlog_has_errors_all_show_once_it_is_fixed() {
    let backlog = Backlog::example();
    let root = backlog.path();
    let mut live = Live::open(root);
    let before = live.pages.clone();

    backlog.edit("stories/accounts/ACC-24.md", "title: ", "title: [unclosed ");
    live.saved(&["stories/accounts/ACC-24.md"]);
    assert!(
        matches!(live.site.problem(), Some(Problem::Errors(e)) if e[0].file == "stories/accounts/ACC-24.md")
    );
    assert_eq!(
        live.pages, before,
        "the last good site stays while there are errors"
    );

    // Other edits while broken: a reorder and a title.
    backlog.edit(
        "teams/accounts.md",
        "  - ACC-24\n  - ACC-26\n",
        "  - ACC-26\n  - ACC-24\n",
    );
    backlog.edit("stories/accounts/ACC-27.md", "title: ", "title: Also ");
    live.saved(&["teams/accounts.md", "stories/accounts/ACC-27.md"]);
    assert_eq!(live.pages, before);

    backlog.edit(
        "stories/accounts/ACC-24.md",
        "title: [unclosed ",
        "title: Fixed ",
    );
    live.saved(&["stories/accounts/ACC-24.md"]);
    live.assert_matches(root, "fixing the error");
}

#[test]
fn templates_static_files_and_folders_are_picked_up() {
    let backlog = Backlog::example();
    let root = backlog.path();
    let mut live = Live::open(root);

    backlog.write("static/extra.css", "body { color: red }\n");
    live.saved(&["static/extra.css"]);
    live.assert_matches(root, "a new static file");
    assert!(live.pages.contains_key("static/extra.css"));

    backlog.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Gone fishing</p>{% endblock %}",
    );
    live.saved(&["templates/404.html"]);
    live.assert_matches(root, "a template override");
    assert!(String::from_utf8_lossy(&live.pages["404.html"]).contains("Gone fishing"));

    backlog.write(
        "stories/new-team/NEW-1.md",
        "---\ntitle: In a new folder\ntype: spike\nteam: accounts\nstatus: done\npoints: 1\n---\n\n## Acceptance criteria\n\n- [x] It exists\n",
    );
    live.update(&Batch {
        folders: true,
        ..Batch::default()
    });
    live.assert_matches(root, "a new folder of stories");
    assert!(live.pages.contains_key("stories/NEW-1/index.html"));

    backlog.remove("stories/accounts/ACC-22.md");
    let copy = backlog
        .read("stories/accounts/ACC-23.md")
        .replace("title: ", "title: Copy ");
    backlog.write("stories/accounts/ACC-22-renamed.md", copy);
    live.saved(&[
        "stories/accounts/ACC-22.md",
        "stories/accounts/ACC-22-renamed.md",
    ]);
    live.assert_matches(root, "a story file renamed");
}

#[test]
fn two_files_with_one_id_are_read_as_a_full_load_would() {
    let backlog = Backlog::example();
    let root = backlog.path();
    let mut live = Live::open(root);
    let copy = backlog.read("stories/accounts/ACC-24.md");
    backlog.write("stories/catalog/ACC-24.md", &copy);
    live.saved(&["stories/catalog/ACC-24.md"]);
    let full = rankdown::check(root).expect("check");
    assert_eq!(live.site.diagnostics(), full.diagnostics.as_slice());
    backlog.remove("stories/catalog/ACC-24.md");
    live.saved(&["stories/catalog/ACC-24.md"]);
    live.assert_matches(root, "removing the duplicate");
}

#[test]
fn a_broken_config_is_read_as_a_full_load_would() {
    let backlog = Backlog::example();
    let root = backlog.path();
    let mut live = Live::open(root);
    let good = backlog.read("rankdown.yaml");
    // A config that reads but lists no features: warnings on every open one.
    let (head, _) = good
        .split_once("program_backlog:")
        .expect("a program backlog");
    backlog.write("rankdown.yaml", format!("{head}program_backlog: []\n"));
    live.saved(&["rankdown.yaml"]);
    // Then one that does not read: no config, so no program backlog to check.
    backlog.write("rankdown.yaml", "title: [unclosed\n");
    live.saved(&["rankdown.yaml"]);
    let full = rankdown::check(root).expect("check");
    assert_eq!(live.site.diagnostics(), full.diagnostics.as_slice());
    assert!(matches!(live.site.problem(), Some(Problem::Errors(_))));
    backlog.write("rankdown.yaml", good);
    live.saved(&["rankdown.yaml"]);
    live.assert_matches(root, "mending the config");
}

#[test]
fn a_batch_read_while_the_config_is_missing_is_read_again_once_it_is_back() {
    let backlog = Backlog::example();
    let root = backlog.path();
    let mut live = Live::open(root);
    let config = backlog.read("rankdown.yaml");
    backlog.remove("rankdown.yaml");
    backlog.edit(
        "stories/accounts/ACC-24.md",
        "title: ",
        "title: Edited while broken ",
    );
    live.saved(&["rankdown.yaml", "stories/accounts/ACC-24.md"]);
    assert!(
        matches!(live.site.problem(), Some(Problem::Fatal(m)) if m.contains("has no rankdown.yaml"))
    );
    backlog.write("rankdown.yaml", config);
    live.saved(&["rankdown.yaml"]);
    live.assert_matches(root, "the config coming back");
}

#[test]
fn a_link_the_walk_skipped_is_forgotten_when_it_goes() {
    let backlog = Backlog::example();
    let root = backlog.path();
    backlog.link("stories/outside.md", "/etc/hostname");
    let mut live = Live::open(root);
    assert!(
        live.site
            .diagnostics()
            .iter()
            .any(|d| d.file == "stories/outside.md")
    );
    std::fs::remove_file(root.join("stories/outside.md")).expect("remove link");
    live.saved(&["stories/outside.md"]);
    live.assert_matches(root, "removing the link");
}
