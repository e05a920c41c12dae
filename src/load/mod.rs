//! Folder → model: find the files, split front matter, parse YAML, read fields
//! and acceptance criteria, and collect every problem on the way.

mod budget;
mod criteria;
mod fields;
mod frontmatter;
mod gherkin;
mod items;
mod planning;
mod reader;
mod yaml;

pub use items::OWNABLE;
pub use planning::{Planning, planning_in};
pub use reader::{Reader, Reread};
pub use yaml::{YamlError, read as read_yaml};

use crate::diagnostic::{Code, Diagnostic};
use crate::layout::{self, CONFIG_FILE, claimed_id, item_kind};
use crate::model::{Backlog, FileId, Id, Item as Entry, Kind, SourceFile};
use anyhow::{Context, bail};
use frontmatter::SplitError;
use items::Origin;
use std::path::Path;

/// A loaded backlog and the problems found while reading it.
#[derive(Debug)]
pub struct Loaded {
    /// Everything that could be read.
    pub backlog: Backlog,
    /// Problems with the files themselves: encoding, front matter, YAML, fields.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the backlog root at `root`. Fails only when the root itself cannot be
/// used (no such folder, no `rankdown.yaml`); every problem with a file's
/// content becomes a diagnostic instead.
pub fn load(root: &Path) -> anyhow::Result<Loaded> {
    Reader::open(root).map(Reader::into_loaded)
}

/// Reads the backlog root at `root` as [`load`] does, except that the files
/// named in `changed` (by path relative to the root) are taken to hold the
/// text given there: what an edit would make of them before it is written.
pub fn load_changed(
    root: &Path,
    changed: &std::collections::BTreeMap<String, String>,
) -> anyhow::Result<Loaded> {
    Reader::open_changed(root, changed).map(Reader::into_loaded)
}

/// Reads a backlog from files already in memory (a git revision, say):
/// `rankdown.yaml`'s bytes and every file of the root by relative path, with
/// the links found on the way that were not followed. Files outside the
/// item folders are ignored, as [`load`] ignores them.
pub fn load_files(
    config: Vec<u8>,
    files: Vec<(String, Vec<u8>)>,
    links_skipped: Vec<Diagnostic>,
) -> Loaded {
    let mut items: Vec<(layout::Found, std::io::Result<Vec<u8>>)> = files
        .into_iter()
        .filter_map(|(path, bytes)| {
            let kind = item_kind(&path)?;
            Some((layout::Found { path, kind }, Ok(bytes)))
        })
        .collect();
    items.sort_by(|a, b| a.0.path.cmp(&b.0.path));
    Reader::from_files(Path::new(""), config, items, links_skipped).into_loaded()
}

/// The byte range of the YAML front matter of a Markdown file's text (between
/// its `---` lines), if the file has front matter as the loader reads it.
pub fn front_matter_range(text: &str) -> Option<std::ops::Range<usize>> {
    frontmatter::split(text).ok().map(|split| split.yaml)
}

/// The acceptance criteria rankdown reads in a Markdown body.
pub fn criteria_of(body: &str) -> crate::model::Criteria {
    let source = SourceFile::new("", body.to_string(), 0..0, 0);
    criteria::extract(&source)
}

/// The config file's bytes, or why the folder is not a backlog root.
fn read_config(root: &Path) -> anyhow::Result<Vec<u8>> {
    if !root.is_dir() {
        bail!("`{}` is not a folder", root.display());
    }
    let config_path = root.join(CONFIG_FILE);
    if !config_path.is_file() {
        bail!(
            "`{}` has no {CONFIG_FILE}: is this a backlog root? (see docs/format.md)",
            root.display()
        );
    }
    std::fs::read(&config_path).with_context(|| format!("cannot read `{}`", config_path.display()))
}

/// What one file holds once read.
enum Item {
    Config(crate::model::Config),
    Entry(crate::model::Item),
}

/// One file after reading: its source, its item if it had one, its problems.
struct Parsed {
    source: SourceFile,
    /// The id from the file name, when it is valid.
    id: Option<(Kind, Id)>,
    item: Option<Item>,
    diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    fn failed(path: &str, text: String, diagnostic: Diagnostic) -> Parsed {
        Parsed {
            source: SourceFile::new(path, text, 0..0, 0),
            id: None,
            item: None,
            diagnostics: vec![diagnostic],
        }
    }
}

fn parse_config(bytes: Vec<u8>, file: FileId) -> Parsed {
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(at) => return Parsed::failed(CONFIG_FILE, String::new(), not_utf8(CONFIG_FILE, at)),
    };
    let len = text.len();
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let source = SourceFile::new(CONFIG_FILE, text, start..len, len);
    let (map, mut diagnostics) = yaml::parse(&source);
    let mut item = None;
    if let Some(map) = map {
        let (config, found) = items::config(&map, &source, file);
        diagnostics.extend(found);
        item = config.map(Item::Config);
    }
    Parsed {
        source,
        id: None,
        item,
        diagnostics,
    }
}

fn parse_item(kind: Kind, path: &str, bytes: std::io::Result<Vec<u8>>, file: FileId) -> Parsed {
    let Some(id) = claimed_id(path) else {
        let name = path.rsplit('/').next().unwrap_or(path);
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let d = Diagnostic::new(
            Code::BadFileName,
            path,
            (1, 1),
            format!("file name `{stem}` is not a valid id"),
            "rename the file: start with a letter or digit, then letters, digits, `.`, `_` or `-` (no spaces, no `..`)",
        );
        let text = bytes
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        return Parsed::failed(path, text, d);
    };
    // From here on a failure still records the id, so that references to
    // this file are not reported as unresolved on top of its own problem.
    let failed = |text: String, d: Diagnostic| Parsed {
        id: Some((kind, id.clone())),
        ..Parsed::failed(path, text, d)
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(error) => {
            let d = Diagnostic::new(
                Code::Unreadable,
                path,
                (1, 1),
                format!("cannot be read: {error}"),
                "check the file's permissions",
            );
            return failed(String::new(), d);
        }
    };
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(at) => return failed(String::new(), not_utf8(path, at)),
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(error) => {
            let (code, line, message, hint) = split_problem(&error, &text);
            let d = Diagnostic::new(code, path, (line, 1), message, hint);
            return failed(text, d);
        }
    };
    let source = SourceFile::new(path, text, split.yaml, split.body_start);
    let (map, mut diagnostics) = yaml::parse(&source);
    let Some(map) = map else {
        return Parsed {
            source,
            id: Some((kind, id)),
            item: None,
            diagnostics,
        };
    };
    let at = Origin {
        source: &source,
        file,
        id: id.clone(),
    };
    let body_criteria = || criteria::extract(&source);
    let (item, found) = match kind {
        Kind::Story => wrap(items::story(&map, at, body_criteria()), Entry::Story),
        Kind::Feature => wrap(items::feature(&map, at, body_criteria()), Entry::Feature),
        Kind::Team => wrap(items::team(&map, at), Entry::Team),
        Kind::Pi => wrap(items::pi(&map, at), Entry::Pi),
        Kind::Role => wrap(items::role(&map, at), Entry::Role),
    };
    diagnostics.extend(found);
    Parsed {
        source,
        id: Some((kind, id)),
        item,
        diagnostics,
    }
}

fn wrap<T>(
    (item, found): (Option<T>, Vec<Diagnostic>),
    into: fn(T) -> Entry,
) -> (Option<Item>, Vec<Diagnostic>) {
    (item.map(|x| Item::Entry(into(x))), found)
}

/// The file's text, or the line and offset of its first byte that is not UTF-8.
fn decode(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        (line, valid.len())
    })
}

fn not_utf8(path: &str, (line, offset): (usize, usize)) -> Diagnostic {
    Diagnostic::new(
        Code::NotUtf8,
        path,
        (line, 1),
        format!("file is not valid UTF-8 (first bad byte at offset {offset})"),
        "save the file with UTF-8 encoding",
    )
}

fn split_problem(error: &SplitError, text: &str) -> (Code, usize, String, &'static str) {
    match error {
        SplitError::Empty => (
            Code::NoFrontMatter,
            1,
            "file is empty".into(),
            "start the file with a `---` line, the YAML front matter, and another `---` line",
        ),
        SplitError::NoOpening => (
            Code::NoFrontMatter,
            1,
            "file does not start with `---` front matter".into(),
            "start the file with a `---` line, the YAML front matter, and another `---` line",
        ),
        SplitError::NoClosing => (
            Code::UnclosedFrontMatter,
            1,
            format!(
                "front matter opened on line 1 never closes (file has {} lines)",
                text.lines().count()
            ),
            "add a `---` line after the last front-matter field",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RD007 has no fixture: tests run as root, which can read any file.
    #[test]
    fn an_unreadable_file_is_reported_and_keeps_its_id() {
        let error = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let parsed = parse_item(Kind::Story, "stories/A-1.md", Err(error), FileId(1));
        let d = &parsed.diagnostics[0];
        assert_eq!(
            (d.code, d.file.as_str(), d.line),
            (Code::Unreadable, "stories/A-1.md", 1)
        );
        assert_eq!(d.message, "cannot be read: permission denied");
        assert_eq!(
            parsed.id.map(|(_, id)| id.to_string()).as_deref(),
            Some("A-1")
        );
    }

    #[test]
    fn only_one_md_extension_is_removed_for_the_id() {
        let parsed = parse_item(
            Kind::Story,
            "stories/A-1.md.md",
            Ok(b"x".to_vec()),
            FileId(1),
        );
        assert_eq!(
            parsed.id.map(|(_, id)| id.to_string()).as_deref(),
            Some("A-1.md")
        );
    }
}
