//! Folder → model: find the files, split front matter, parse YAML, read fields
//! and acceptance criteria, and collect every problem on the way.

mod criteria;
mod fields;
mod frontmatter;
mod gherkin;
mod items;
mod walk;

pub use items::OWNABLE;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Backlog, FileId, Id, Item as Entry, Kind, SourceFile};
use anyhow::{Context, bail};
use frontmatter::SplitError;
use items::Origin;
use rayon::prelude::*;
use serde_yaml::{Mapping, Value};
use std::path::Path;
use std::sync::Arc;

/// The name of the config file that marks a backlog root.
pub const CONFIG_FILE: &str = "rankdown.yaml";

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
    let config_bytes = std::fs::read(&config_path)
        .with_context(|| format!("cannot read `{}`", config_path.display()))?;
    let (found, mut diagnostics) = walk::find(root);

    let mut parsed: Vec<Parsed> = found
        .par_iter()
        .enumerate()
        .map(|(index, f)| {
            let bytes = std::fs::read(root.join(&f.path));
            parse_item(f.kind, &f.path, bytes, FileId(index + 1))
        })
        .collect();
    parsed.insert(0, parse_config(config_bytes, FileId(0)));

    let mut backlog = Backlog::default();
    for p in parsed {
        diagnostics.extend(p.diagnostics);
        match (p.item, p.id) {
            (Some(item), _) => insert(&mut backlog, item, &p.source.path, &mut diagnostics),
            (None, Some((kind, id))) => {
                backlog.unreadable.entry(id).or_insert(kind);
            }
            (None, None) => {}
        }
        backlog.files.push(p.source);
    }
    Ok(Loaded {
        backlog,
        diagnostics,
    })
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
    fn failed(path: &str, text: Arc<str>, diagnostic: Diagnostic) -> Parsed {
        Parsed {
            source: SourceFile {
                path: path.to_string(),
                text,
                front_matter: 0..0,
                body_start: 0,
            },
            id: None,
            item: None,
            diagnostics: vec![diagnostic],
        }
    }
}

fn parse_config(bytes: Vec<u8>, file: FileId) -> Parsed {
    let text = match decode(CONFIG_FILE, bytes) {
        Ok(text) => text,
        Err(failed) => return *failed,
    };
    let len = text.len();
    let source = SourceFile {
        path: CONFIG_FILE.into(),
        text,
        front_matter: 0..len,
        body_start: len,
    };
    let (map, mut diagnostics) = parse_yaml(&source);
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
            return Parsed::failed(path, "".into(), d);
        }
    };
    let text = match decode(path, bytes) {
        Ok(text) => text,
        Err(failed) => return *failed,
    };
    let stem = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md");
    let Some(id) = Id::new(stem) else {
        let d = Diagnostic::new(
            Code::BadFileName,
            path,
            (1, 1),
            format!("file name `{stem}` is not a valid id"),
            "rename the file: start with a letter or digit, then letters, digits, `.`, `_` or `-` (no spaces, no `..`)",
        );
        return Parsed::failed(path, text, d);
    };
    let split = match frontmatter::split(&text) {
        Ok(split) => split,
        Err(error) => {
            let (code, line, message, hint) = split_problem(&error, &text);
            let d = Diagnostic::new(code, path, (line, 1), message, hint);
            let mut failed = Parsed::failed(path, text, d);
            failed.id = Some((kind, id));
            return failed;
        }
    };
    let source = SourceFile {
        path: path.to_string(),
        text: text.clone(),
        front_matter: split.yaml,
        body_start: split.body_start,
    };
    let (map, mut diagnostics) = parse_yaml(&source);
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
    let body_criteria = || {
        let (body_line, _) = source.line_col(source.body_start);
        criteria::extract(source.body(), body_line)
    };
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

fn wrap<T>((item, found): (Option<T>, Vec<Diagnostic>), into: fn(T) -> Entry) -> (Option<Item>, Vec<Diagnostic>) {
    (item.map(|x| Item::Entry(into(x))), found)
}

/// The file's text, or a finished [`Parsed`] reporting that it is not UTF-8.
fn decode(path: &str, bytes: Vec<u8>) -> Result<Arc<str>, Box<Parsed>> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text.into()),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let d = Diagnostic::new(
                Code::NotUtf8,
                path,
                (line, 1),
                format!(
                    "file is not valid UTF-8 (first bad byte at offset {})",
                    valid.len()
                ),
                "save the file with UTF-8 encoding",
            );
            Err(Box::new(Parsed::failed(path, "".into(), d)))
        }
    }
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

/// Parses the YAML part of `source` into a mapping (an empty document is an
/// empty mapping).
fn parse_yaml(source: &SourceFile) -> (Option<Mapping>, Vec<Diagnostic>) {
    let (first_line, _) = source.line_col(source.front_matter.start);
    match serde_yaml::from_str::<Value>(source.yaml()) {
        Ok(Value::Mapping(map)) => (Some(map), Vec::new()),
        Ok(Value::Null) => (Some(Mapping::new()), Vec::new()),
        Ok(_) => {
            let d = Diagnostic::new(
                Code::NotAMapping,
                &source.path,
                (first_line, 1),
                "front matter is not a mapping of `name: value` lines",
                "write the front matter as `name: value` lines, e.g. `title: ...`",
            );
            (None, vec![d])
        }
        Err(error) => {
            // At the end of input the parser points past the YAML, at the
            // closing `---`; the problem is on the last YAML line.
            let last_line = first_line + source.yaml().lines().count().max(1) - 1;
            let (line, column) = match error.location() {
                Some(l) if first_line + l.line() - 1 > last_line => (last_line, 1),
                Some(l) => (first_line + l.line() - 1, l.column()),
                None => (first_line, 1),
            };
            let message = yaml_message(&error);
            let d = Diagnostic::new(
                Code::YamlSyntax,
                &source.path,
                (line, column),
                message,
                "fix the YAML syntax; quote values that contain `: `, `#` or start with `@`, `*`, `&`, `[` or `{`",
            );
            (None, vec![d])
        }
    }
}

/// The parser's message without its trailing position (shown separately).
fn yaml_message(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    let text = match text.find(" at line ") {
        Some(i) => &text[..i],
        None => &text,
    };
    format!("YAML does not parse: {text}")
}

/// Adds an item to the backlog, reporting an id already taken.
fn insert(backlog: &mut Backlog, item: Item, path: &str, diagnostics: &mut Vec<Diagnostic>) {
    let entry = match item {
        Item::Config(config) => {
            backlog.config = Some(config);
            return;
        }
        Item::Entry(entry) => entry,
    };
    let id = match &entry {
        Entry::Story(x) => x.id.clone(),
        Entry::Feature(x) => x.id.clone(),
        Entry::Team(x) => x.id.clone(),
        Entry::Pi(x) => x.id.clone(),
        Entry::Role(x) => x.id.clone(),
    };
    if let Err(kind) = backlog.insert(entry) {
        let first = backlog
            .file_of(kind, id.as_str())
            .map_or_else(String::new, |f| backlog.file(f).path.clone());
        diagnostics.push(Diagnostic::new(
            Code::DuplicateId,
            path,
            (1, 1),
            format!("id `{id}` is already used by {} `{first}`", kind.noun()),
            "rename one of the two files: ids are unique across the whole backlog",
        ));
    }
}
