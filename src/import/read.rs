//! Finding a source backlog's task files and reading each one's front
//! matter and body, noting every file that is not read and why.

use super::Note;
use super::frontmatter::{self, Split};
use super::mapping::{Folder, Mapping};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One task file as read.
#[derive(Debug)]
pub(super) struct SourceTask {
    /// Path relative to the source folder, `/`-separated.
    pub path: String,
    /// The folder it was found in.
    pub folder: Folder,
    /// Its place among the mapping's folders (lower wins a shared id).
    pub precedence: usize,
    /// The id in the file name (before ` - `), if any.
    pub name_id: String,
    /// The title in the file name (after ` - `), if any.
    pub name_title: Option<String>,
    /// The front matter and body.
    pub split: Split,
}

/// Every task file under the mapping's folders, in folder then path order;
/// files that are not read go to `skipped` with the reason. Files are read
/// and parsed in parallel.
pub(super) fn tasks(
    source: &Path,
    mapping: &Mapping,
    include_archive: bool,
    skipped: &mut Vec<Note>,
) -> Vec<SourceTask> {
    let mut found = Vec::new();
    for (precedence, folder) in mapping.folders.iter().enumerate() {
        for entry in entries(source, &source.join(&folder.path)) {
            let path = match entry {
                Entry::Markdown(path) => path,
                Entry::Other(path, why) => {
                    skipped.push(Note::new(&crate::layout::relative(source, &path), why));
                    continue;
                }
            };
            let relative = crate::layout::relative(source, &path);
            if folder.documents {
                skipped.push(Note::new(&relative, "a document, not a task"));
            } else if folder.archive && !include_archive {
                skipped.push(Note::new(
                    &relative,
                    "archived (add --include-archive to import it)",
                ));
            } else {
                found.push((precedence, folder, path, relative));
            }
        }
    }
    let read: Vec<Result<SourceTask, Note>> = found
        .into_par_iter()
        .map(|(precedence, folder, path, relative)| task(precedence, folder, &path, relative))
        .collect();
    let mut tasks = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(task) => tasks.push(task),
            Err(note) => skipped.push(note),
        }
    }
    tasks
}

/// One file read as a task, or why it is not one.
fn task(
    precedence: usize,
    folder: &Folder,
    path: &Path,
    relative: String,
) -> Result<SourceTask, Note> {
    let text = read_text(path, &relative)?;
    let split = frontmatter::split(&text).map_err(|why| Note::new(&relative, why.to_string()))?;
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let (name_id, name_title) = match stem.split_once(" - ") {
        Some((id, title)) => (
            id.trim().to_string(),
            Some(title_of_name(title)).filter(|t| !t.is_empty()),
        ),
        None => (stem.trim().to_string(), None),
    };
    Ok(SourceTask {
        path: relative,
        folder: folder.clone(),
        precedence,
        name_id,
        name_title,
        split,
    })
}

/// A file's text, or why it cannot be read: an error, or the offset of
/// the first byte that is not UTF-8.
fn read_text(path: &Path, relative: &str) -> Result<String, Note> {
    let bytes = std::fs::read(path)
        .map_err(|error| Note::new(relative, format!("cannot be read: {error}")))?;
    String::from_utf8(bytes).map_err(|error| {
        let at = error.utf8_error().valid_up_to();
        Note::new(
            relative,
            format!("not UTF-8 text (the byte at offset {at} is not UTF-8): not read"),
        )
    })
}

/// A title from a file name: Backlog.md writes spaces as `-` there
/// (`Use-Stripe-for-deposits`), so a name without spaces gets them back.
fn title_of_name(name: &str) -> String {
    let name = name.trim();
    match name.contains(' ') {
        true => name.to_string(),
        false => name.replace('-', " "),
    }
}

/// A file found in a folder of the source.
enum Entry {
    /// A Markdown file, to read.
    Markdown(PathBuf),
    /// Anything else, and why it is not read.
    Other(PathBuf, String),
}

/// Every file below `folder`, sorted by path: Markdown files (`.md`,
/// `.markdown`, any case) to read, the rest with the reason they are not.
/// Links are not followed, and only regular files are read (a FIFO would
/// never end). A folder that does not exist has no files; one that a link
/// takes out of `source` is not read.
fn entries(source: &Path, folder: &Path) -> Vec<Entry> {
    if let (Ok(real), Ok(top)) = (folder.canonicalize(), source.canonicalize())
        && !real.starts_with(&top)
    {
        let why = "a link to a folder outside the source: not followed";
        return vec![Entry::Other(folder.to_path_buf(), why.into())];
    }
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error)
                if error.depth() == 0
                    && error
                        .io_error()
                        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                continue;
            }
            Err(error) => {
                let path = error
                    .path()
                    .map_or_else(|| folder.to_path_buf(), Path::to_path_buf);
                found.push(Entry::Other(path, format!("cannot be read: {error}")));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        let markdown = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
        found.push(if kind.is_symlink() {
            Entry::Other(path, "a symbolic link: not followed".into())
        } else if !kind.is_file() {
            Entry::Other(path, "not a regular file (a FIFO, socket or device)".into())
        } else if markdown && !name.starts_with('.') {
            Entry::Markdown(path)
        } else {
            Entry::Other(path, "not a Markdown file".into())
        });
    }
    found
}

/// A milestone defined by a file of its own.
#[derive(Debug)]
pub(super) struct Milestone {
    /// The file, relative to the source folder.
    pub path: String,
    /// Its id (front matter, else the file name).
    pub id: String,
    /// The id its file name gives (`EPIC-021.md`, `m-1 - Launch.md`), which
    /// stories may name when the front matter says another.
    pub name_id: String,
    /// Its title (front matter, else the file name).
    pub title: String,
    /// Its description.
    pub body: String,
}

/// The milestone files of the mapping's milestone folders (current, then
/// archived), in path order; a file that is not a milestone goes to
/// `skipped` with the reason.
pub(super) fn milestones(
    source: &Path,
    mapping: &Mapping,
    skipped: &mut Vec<Note>,
) -> Vec<Milestone> {
    let folders = mapping.milestones.iter().chain(&mapping.more_milestones);
    let mut found = Vec::new();
    for entry in folders.flat_map(|folder| entries(source, &source.join(folder))) {
        match entry {
            Entry::Markdown(path) => match milestone(source, &path) {
                Ok(milestone) => found.push(milestone),
                Err(note) => skipped.push(note),
            },
            Entry::Other(path, why) => {
                skipped.push(Note::new(&crate::layout::relative(source, &path), why));
            }
        }
    }
    found
}

/// One milestone file read, or why it is not one.
fn milestone(source: &Path, path: &Path) -> Result<Milestone, Note> {
    let relative = crate::layout::relative(source, path);
    let split = read_text(path, &relative).and_then(|text| {
        frontmatter::split(&text).map_err(|why| Note::new(&relative, why.to_string()))
    })?;
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let (name_id, name_title) = stem.split_once(" - ").unwrap_or((&stem, &stem));
    let field = |key: &str| {
        split
            .fields
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let title = field("title").unwrap_or_else(|| name_title.trim().to_string());
    // As for a task, an opening heading that repeats the title goes.
    let text = super::body::without_title(&split.body, &title);
    Ok(Milestone {
        id: field("id").unwrap_or_else(|| name_id.trim().to_string()),
        name_id: name_id.trim().to_string(),
        body: super::body::read(text.as_deref().unwrap_or(&split.body), "").text,
        title,
        path: relative,
    })
}
