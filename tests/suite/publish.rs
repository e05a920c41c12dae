//! What `build` promises about the output folder: it is the only thing a
//! build touches, one build writes it at a time, and it always holds one
//! whole site, whatever the folder held before and whenever a build dies.

use crate::build::{build, output, snapshot};
use crate::harness::Backlog;
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// The folder rankdown keeps beside `out`: its lock and the next site.
fn home(out: &Path) -> PathBuf {
    let name = out.file_name().expect("name").to_string_lossy();
    out.with_file_name(format!(".{name}.rankdown"))
}

#[test]
fn a_forged_list_of_files_removes_nothing_outside_the_site() {
    let backlog = Backlog::minimal();
    let (site, out) = output();
    build(backlog.path(), &out).success();
    let victims = [
        site.path().join("victim.txt"),
        backlog.path().join("rankdown.yaml"),
        site.path().join("x"),
    ];
    fs::write(&victims[0], "precious").expect("write");
    fs::write(&victims[2], "precious").expect("write");
    let list = fs::read_to_string(out.join(".rankdown-site")).expect("list");
    fs::write(
        out.join(".rankdown-site"),
        format!(
            "{list}../victim.txt\n{}\nstories/../../x\n",
            victims[1].display()
        ),
    )
    .expect("forge");

    backlog.remove("stories/alpha/A-3.md"); // a rebuild that removes a page
    let rebuilt = build(backlog.path(), &out).success();
    let stdout = String::from_utf8_lossy(&rebuilt.get_output().stdout).into_owned();
    assert!(stdout.contains(" 1 removed)"), "{stdout}");
    for victim in &victims {
        assert!(victim.is_file(), "{} was removed", victim.display());
    }
    assert!(!out.join("stories/A-3").exists());
    let list = fs::read_to_string(out.join(".rankdown-site")).expect("list");
    assert!(!list.contains(".."), "the forged lines stay out: {list}");
}

#[test]
fn a_linked_folder_in_the_site_is_neither_written_nor_emptied() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    // `stories` becomes a link to a copy of it elsewhere, which holds the
    // page of A-3, deleted from the backlog below.
    let elsewhere = tempfile::tempdir().expect("temp dir");
    crate::harness::copy_tree(&out.join("stories"), elsewhere.path());
    let copied = snapshot(elsewhere.path());
    fs::remove_dir_all(out.join("stories")).expect("remove");
    std::os::unix::fs::symlink(elsewhere.path(), out.join("stories")).expect("link");
    let before = snapshot(&out);
    backlog.remove("stories/alpha/A-3.md");

    let failed = build(backlog.path(), &out).code(2);
    assert!(
        stderr_of(&failed).contains("is in the way"),
        "{}",
        stderr_of(&failed)
    );
    assert!(
        snapshot(elsewhere.path()) == copied,
        "the linked folder changed"
    );
    assert!(elsewhere.path().join("A-3/index.html").is_file());
    assert!(snapshot(&out) == before, "the site changed");
    assert!(out.join("stories").is_symlink());
}

#[test]
fn links_and_files_rankdown_did_not_write_stay_and_are_never_followed() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    let elsewhere = tempfile::tempdir().expect("temp dir");
    fs::write(elsewhere.path().join("keep.txt"), "precious").expect("write");
    std::os::unix::fs::symlink(elsewhere.path(), out.join("docs")).expect("link");
    fs::write(out.join("CNAME"), "backlog.example.org").expect("write");
    fs::create_dir_all(out.join("assets/img")).expect("mkdir");
    fs::write(out.join("assets/img/logo.png"), "png").expect("write");
    fs::write(out.join("stories/A-1/notes.txt"), "mine").expect("write");

    backlog.remove("stories/alpha/A-3.md");
    build(backlog.path(), &out).success();
    assert!(out.join("docs").is_symlink(), "the link stays a link");
    assert_eq!(
        fs::read_link(out.join("docs")).expect("link"),
        elsewhere.path()
    );
    assert_eq!(fs::read_dir(elsewhere.path()).expect("list").count(), 1);
    assert_eq!(
        fs::read_to_string(out.join("CNAME")).expect("kept"),
        "backlog.example.org"
    );
    assert_eq!(
        fs::read_to_string(out.join("assets/img/logo.png")).expect("kept"),
        "png"
    );
    assert_eq!(
        fs::read_to_string(out.join("stories/A-1/notes.txt")).expect("kept"),
        "mine"
    );
}

#[test]
fn a_build_writes_only_the_site_and_its_own_folder_beside_it() {
    let backlog = Backlog::minimal();
    let (site, out) = output();
    for _ in 0..3 {
        build(backlog.path(), &out).success();
        backlog.edit("stories/alpha/A-1.md", "Reserve a", "Reserve a new");
    }
    let mut beside: Vec<String> = fs::read_dir(site.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, [".public.rankdown", "public"]);
    let mut kept: Vec<String> = fs::read_dir(home(&out))
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(kept, [".gitignore", "lock", "next"]);
    assert_eq!(
        fs::read_to_string(home(&out).join(".gitignore")).expect("ignore"),
        "# Made by rankdown: its lock and the next site.\n*\n"
    );
}

#[test]
fn a_second_build_of_the_same_folder_is_refused_or_waits() {
    let backlog = Backlog::minimal();
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    let before = snapshot(&out);
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(home(&out).join("lock"))
        .expect("open lock");
    lock.lock().expect("hold the lock");

    let refused = build(backlog.path(), &out).code(2);
    let stderr = stderr_of(&refused);
    assert!(stderr.contains("another rankdown"), "{stderr}");
    assert!(stderr.contains("is building into"), "{stderr}");
    assert!(stderr.contains("pass --wait SECONDS"), "{stderr}");

    let started = Instant::now();
    let waited = Command::cargo_bin("rankdown")
        .expect("binary")
        .args(["build", "--today", "2026-01-20", "--wait", "0.4"])
        .arg(backlog.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert!(stderr_of(&waited).contains("still busy after waiting 0.4 s"));
    assert!(
        snapshot(&out) == before,
        "a locked-out build changed the site"
    );

    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(lock);
    });
    Command::cargo_bin("rankdown")
        .expect("binary")
        .args(["build", "--today", "2026-01-20", "--wait", "60"])
        .arg(backlog.path())
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    release.join().expect("release");
}

#[test]
fn builds_racing_for_one_folder_leave_one_whole_site() {
    let (one, two) = (Backlog::minimal(), Backlog::minimal());
    two.edit("stories/alpha/A-1.md", "Reserve a book", "Reserve a film");
    two.remove("stories/alpha/A-3.md");
    let (site, out) = output();
    build(one.path(), &site.path().join("one")).success();
    build(two.path(), &site.path().join("two")).success();
    let sites = [
        snapshot(&site.path().join("one")),
        snapshot(&site.path().join("two")),
    ];
    for round in 0..6 {
        let start = |root: &Path| {
            std::process::Command::new(assert_cmd::cargo::cargo_bin("rankdown"))
                .args(["build", "--today", "2026-01-20"])
                .arg(root)
                .arg("-o")
                .arg(&out)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let racers = [start(one.path()), start(two.path())];
        let mut built = 0;
        for racer in racers {
            let done = racer.wait_with_output().expect("wait");
            let stderr = String::from_utf8_lossy(&done.stderr);
            match done.status.code() {
                Some(0) => built += 1,
                Some(2) => assert!(stderr.contains("is building into"), "{stderr}"),
                other => panic!("round {round}: exit {other:?}: {stderr}"),
            }
        }
        assert!(built >= 1, "round {round}: neither build ran");
        let now = snapshot(&out);
        assert!(
            sites.contains(&now),
            "round {round}: the site is neither backlog's"
        );
    }
}

/// A backlog of `count` stories in team Alpha, titled with `version`.
fn large_backlog(count: usize, version: &str) -> Backlog {
    let backlog = Backlog::minimal();
    let ids: Vec<String> = (1..=count).map(|i| format!("K-{i}")).collect();
    let listed: String = ids.iter().map(|id| format!("  - {id}\n")).collect();
    backlog.edit("teams/alpha.md", "  - A-2\n", &format!("  - A-2\n{listed}"));
    for id in &ids {
        backlog.write(
            &format!("stories/alpha/{id}.md"),
            format!(
                "---\ntitle: {version} story {id}\ntype: story\nteam: alpha\nfeature: F-1\nstatus: backlog\npoints: 1\n---\n\nThe {version} text of {id}.\n"
            ),
        );
    }
    backlog
}

fn start_build(root: &Path, out: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("rankdown"))
        .args(["build", "--no-history", "--today", "2026-01-20"])
        .arg(root)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn")
}

/// Pages whose bytes tell when a build starts to change the site.
const WATCHED: [&str; 3] = [
    "stories/K-1/index.html",
    "teams/alpha/index.html",
    "index.html",
];

/// Waits until one of the [`WATCHED`] pages of `out` differs from `old` (or
/// `child` ends), then `extra`; returns whether the site began to change.
fn await_change(out: &Path, old: &Path, child: &mut std::process::Child, extra: Duration) -> bool {
    let before: Vec<Option<Vec<u8>>> = WATCHED.iter().map(|p| fs::read(old.join(p)).ok()).collect();
    loop {
        let now: Vec<Option<Vec<u8>>> =
            WATCHED.iter().map(|p| fs::read(out.join(p)).ok()).collect();
        if now != before {
            std::thread::sleep(extra);
            return true;
        }
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// Builds killed with SIGKILL at many moments each leave exactly the site
/// before them or the site they were making: at times spread over the whole
/// build, and at the moment, and just after, the site starts to change.
#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_never_a_mix() {
    let versions = [large_backlog(2000, "first"), large_backlog(2000, "second")];
    versions[1].remove("stories/alpha/K-7.md"); // pages go away too
    versions[1].edit("teams/alpha.md", "  - K-7\n", "");
    let (site, out) = output();
    let mut sites = Vec::new();
    let mut took = Duration::ZERO;
    let references: Vec<PathBuf> = (0..2)
        .map(|i| site.path().join(format!("reference-{i}")))
        .collect();
    for (version, reference) in versions.iter().zip(&references) {
        let started = Instant::now();
        build(version.path(), reference).success();
        took = took.max(started.elapsed());
        sites.push(snapshot(reference));
    }
    assert!(sites[0] != sites[1]);
    build(versions[0].path(), &out).success();
    let mut current = 0;
    let mut killed = 0;
    for round in 0..26 {
        let next = 1 - current;
        let mut child = start_build(versions[next].path(), &out);
        let moment = if round < 12 {
            std::thread::sleep(took * round / 10);
            format!("{:?} in", took * round / 10)
        } else {
            let extra = Duration::from_micros(500 * (round - 12) as u64);
            let changing = await_change(&out, &references[current], &mut child, extra);
            format!("{extra:?} after the site began to change ({changing})")
        };
        killed += usize::from(child.try_wait().expect("wait").is_none());
        let _ = child.kill();
        child.wait().expect("wait");
        let now = snapshot(&out);
        current = sites
            .iter()
            .position(|s| *s == now)
            .unwrap_or_else(|| panic!("killed {moment}: the site is a mix"));
    }
    assert!(
        killed >= 13,
        "only {killed} builds were killed before they ended"
    );
    build(versions[1].path(), &out).success();
    assert!(snapshot(&out) == sites[1], "the next build did not recover");
}

/// Ctrl-C during a build stops it with status 130 and the site as it was.
#[test]
fn ctrl_c_stops_a_build_and_keeps_the_site() {
    let versions = [large_backlog(1500, "first"), large_backlog(1500, "second")];
    let (site, out) = output();
    let started = Instant::now();
    build(versions[0].path(), &out).success();
    let took = started.elapsed();
    let first = snapshot(&out);
    let reference = site.path().join("reference");
    build(versions[1].path(), &reference).success();
    let sites = [first, snapshot(&reference)];
    let (mut current, mut stopped) = (0, 0);
    for quarter in 1..=3 {
        let mut child = start_build(versions[1 - current].path(), &out);
        std::thread::sleep(took * quarter / 4);
        // bash's own `kill`: no kill program needs to be installed.
        let sent = std::process::Command::new("bash")
            .args(["-c", &format!("kill -INT {}", child.id())])
            .status()
            .expect("kill");
        assert!(sent.success());
        let status = child.wait().expect("wait");
        match status.code() {
            Some(130) => stopped += 1,
            Some(0) => current = 1 - current, // it finished first
            other => panic!("exit {other:?}"),
        }
        assert!(
            snapshot(&out) == sites[current],
            "the site is not the one it should be"
        );
    }
    assert!(stopped > 0, "no build was stopped");
}

/// `.public.rankdown/` can come with a repository like anything else: what
/// it holds is never trusted, followed or published.
#[test]
fn a_hostile_folder_beside_the_site_is_never_trusted() {
    let backlog = Backlog::minimal();
    let victims = tempfile::tempdir().expect("temp dir");
    for name in ["victim.txt", "lock-target"] {
        fs::write(victims.path().join(name), "precious").expect("write");
    }
    let elsewhere = tempfile::tempdir().expect("temp dir");
    backlog.write(".git/config", "[remote] token = secret");
    let home = backlog.path().join(".public.rankdown");
    fs::create_dir_all(home.join("next")).expect("mkdir");
    fs::write(home.join("next/evil.html"), "<script>").expect("write");
    // Saved listings that claim `next` holds other things than it does.
    let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&fs::metadata(p).expect("meta"));
    let forged = format!(
        "S\0{}\0{}\0{}\0{}\0F\01\0-\0-\0../../victim.txt\0D\01\0-\0-\0stories\0E\0-\0-\0-\0-",
        0,
        ino(&home.join("next")),
        1,
        0,
    );
    fs::write(home.join("folders"), forged).expect("write");
    let link = |target: &Path, at: &str| std::os::unix::fs::symlink(target, home.join(at));
    link(elsewhere.path(), "next/stories").expect("link");
    link(Path::new("../.git"), "prev").expect("link");
    link(&victims.path().join("lock-target"), "lock").expect("link");

    let out = backlog.path().join("public");
    let (reference_dir, reference) = output();
    build(backlog.path(), &reference).success();
    for _ in 0..2 {
        build(backlog.path(), &out).success();
        assert!(
            snapshot(&out) == snapshot(&reference),
            "the site is not the backlog's"
        );
    }
    assert!(!out.join("config").exists() && !out.join("evil.html").exists());
    for name in ["victim.txt", "lock-target"] {
        let kept = fs::read_to_string(victims.path().join(name)).expect("kept");
        assert_eq!(kept, "precious", "{name}");
    }
    assert_eq!(fs::read_dir(elsewhere.path()).expect("list").count(), 0);
    assert_eq!(backlog.read(".git/config"), "[remote] token = secret");
    drop(reference_dir);
}

/// Waits until the folders a build just changed count as settled, so that
/// the next build saves their listings (see src/output/saved.rs).
fn settle() {
    std::thread::sleep(Duration::from_millis(1_100));
}

#[test]
fn folders_left_alone_are_not_listed_again_yet_every_change_is_seen() {
    let backlog = Backlog::minimal();
    let (site, out) = output();
    build(backlog.path(), &out).success();
    settle();
    build(backlog.path(), &out).success();
    let saved = home(&out).join("folders");
    assert!(saved.is_file(), "the settled folders were saved");
    settle();
    build(backlog.path(), &out).success();
    let site_before = snapshot(&out);

    // By hand, after both sites were saved: a file of one's own in the
    // published site, a stray page and a link in `next`.
    fs::write(out.join("stories/A-1/notes.txt"), "mine").expect("write");
    let next = home(&out).join("next");
    fs::write(next.join("stories/A-2/stray.html"), "<script>").expect("write");
    let outside = site.path().join("outside.html");
    fs::write(&outside, "precious").expect("write");
    let page = next.join("stories/A-3/index.html");
    fs::remove_file(&page).expect("remove");
    std::os::unix::fs::symlink(&outside, &page).expect("link");
    settle(); // so that only their change times can tell
    build(backlog.path(), &out).success();

    let mut site_after = snapshot(&out);
    let notes = site_after.remove(Path::new("stories/A-1/notes.txt"));
    assert_eq!(notes.as_deref(), Some(&b"mine"[..]), "kept");
    assert!(site_after == site_before, "the site is the backlog's");
    let page = out.join("stories/A-3/index.html");
    assert!(fs::symlink_metadata(&page).expect("page").is_file());
    assert_eq!(fs::read_to_string(&outside).expect("kept"), "precious");
    // The other way round: `next` now holds what was published, stray
    // page and link included, and the rebuild after that drops them too.
    build(backlog.path(), &out).success();
    let mut again = snapshot(&out);
    again.remove(Path::new("stories/A-1/notes.txt"));
    assert!(again == site_before, "the site is the backlog's");
}

#[test]
fn a_folder_that_becomes_a_file_and_a_file_that_becomes_a_folder_rebuild() {
    let backlog = Backlog::minimal();
    backlog.write("static/img/logo.svg", "<svg/>");
    let (_site, out) = output();
    build(backlog.path(), &out).success();
    fs::create_dir_all(out.join("docs")).expect("mkdir");
    fs::write(out.join("docs/a"), "mine").expect("write");
    build(backlog.path(), &out).success();
    // Now `next` holds docs/a and static/img/ too; turn both around.
    fs::remove_dir_all(out.join("docs")).expect("remove");
    fs::write(out.join("docs"), "now a file").expect("write");
    fs::remove_dir_all(backlog.path().join("static/img")).expect("remove");
    backlog.write("static/img", "now a file");
    build(backlog.path(), &out).success();
    assert_eq!(
        fs::read_to_string(out.join("docs")).expect("kept"),
        "now a file"
    );
    assert_eq!(
        fs::read_to_string(out.join("static/img")).expect("page"),
        "now a file"
    );
    build(backlog.path(), &out).success();
    assert_eq!(
        fs::read_to_string(out.join("static/img")).expect("page"),
        "now a file"
    );
}

#[test]
fn an_output_folder_that_is_a_link_is_refused() {
    let backlog = Backlog::minimal();
    let (site, out) = output();
    let elsewhere = site.path().join("elsewhere");
    fs::create_dir(&elsewhere).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, &out).expect("link");
    let refused = build(backlog.path(), &out).code(2);
    assert!(
        stderr_of(&refused).contains("is a symbolic link: give the folder it points to with -o"),
        "{}",
        stderr_of(&refused)
    );
    assert_eq!(fs::read_dir(&elsewhere).expect("list").count(), 0);
    build(backlog.path(), &elsewhere).success();
}
