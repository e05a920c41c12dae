//! The list of files rankdown wrote into a site, kept in the site itself.
//! Nothing in it is trusted: it only tells which files of the published site
//! are rankdown's (so later builds may leave them out), and only paths that
//! are plain and relative count.

use super::files;
use rustc_hash::FxHashSet as HashSet;
use std::ffi::OsString;
use std::io::Read;
use std::path::{Component, Path};

/// The file that marks a folder as made by rankdown and lists what it wrote.
pub(super) const MARKER: &str = ".rankdown-site";

/// More than any real site's list (about 3 MB at 100,000 stories).
const MAX_BYTES: u64 = 256 << 20;

/// The files the list in `site` names, or none when it has no list (or a
/// list that is not a plain file).
pub(super) fn read(site: &Path) -> HashSet<OsString> {
    let mut text = String::new();
    let read = files::open_regular(&site.join(MARKER))
        .map(|file| file.take(MAX_BYTES).read_to_string(&mut text));
    if !matches!(read, Some(Ok(_))) {
        return HashSet::default();
    }
    text.lines()
        .skip(1)
        .filter(|line| is_safe_relative(line))
        .map(OsString::from)
        .collect()
}

/// The list's text: a first line for people, then every file, sorted.
pub(super) fn text(pages: &HashSet<OsString>) -> String {
    let mut sorted: Vec<&str> = pages.iter().filter_map(|p| p.to_str()).collect();
    sorted.sort_unstable();
    let mut text = String::from(
        "# Written by rankdown: the files it made. Anything else here is kept by every build.\n",
    );
    for page in sorted {
        text.push_str(page);
        text.push('\n');
    }
    text
}

/// Whether `path` is relative and made only of plain names: no `..`, no
/// `.`, no root, no backslash, and not the list itself.
pub(super) fn is_safe_relative(path: &str) -> bool {
    path != MARKER
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_count() {
        for ok in ["index.html", "stories/A-1/index.html", "static/site.css"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "stories/../../x",
            "a\\b",
            "./x",
            "a/./b",
            "a//b",
            "a/",
            MARKER,
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    #[test]
    fn a_list_naming_paths_outside_the_site_names_only_the_rest() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(
            dir.path().join(MARKER),
            "# header\nindex.html\n../victim.txt\n/etc/passwd\nstories/../../x\n",
        )
        .expect("write");
        let listed = read(dir.path());
        assert_eq!(listed.into_iter().collect::<Vec<_>>(), ["index.html"]);
    }
}
