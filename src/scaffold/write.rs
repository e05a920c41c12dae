//! Writing new files into a backlog root: never over an existing file, and
//! never through a link that could lead out of the root.

use std::io::Write;
use std::path::{Path, PathBuf};

/// What became of one file to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    /// The file was made.
    Made,
    /// A file (or anything else) was already there; it was left as it was.
    Kept,
}

/// The folder of `root/path` (`/`-separated) and the file's name, making
/// missing folders; fails when a folder on the way is a link, so that
/// nothing is written outside the root.
fn folder_of<'a>(root: &Path, path: &'a str) -> std::io::Result<(PathBuf, &'a str)> {
    let mut folder = root.to_path_buf();
    let mut parts: Vec<&str> = path.split('/').collect();
    let name = parts.pop().unwrap_or_default();
    for part in parts {
        folder.push(part);
        match std::fs::symlink_metadata(&folder) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let why = format!(
                    "`{}` is a link; nothing is written through it",
                    folder.display()
                );
                return Err(std::io::Error::other(why));
            }
            Ok(_) => {}
            Err(_) => std::fs::create_dir(&folder)?,
        }
    }
    Ok((folder, name))
}

/// Writes `text` to `root/path` (`/`-separated), making folders as needed,
/// unless something is already there. Fails when a folder on the way is a
/// link, so that nothing is written outside the root.
pub fn write_new(root: &Path, path: &str, text: &str) -> std::io::Result<Written> {
    let (folder, name) = folder_of(root, path)?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(folder.join(name));
    match file {
        Ok(mut file) => file.write_all(text.as_bytes()).map(|()| Written::Made),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(Written::Kept),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            write_new(dir.path(), "a/b/c.md", "one").ok(),
            Some(Written::Made)
        );
        assert_eq!(
            write_new(dir.path(), "a/b/c.md", "two").ok(),
            Some(Written::Kept)
        );
        let text = std::fs::read_to_string(dir.path().join("a/b/c.md")).expect("read");
        assert_eq!(text, "one");
    }

    #[cfg(unix)]
    #[test]
    fn nothing_is_written_through_a_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("stories")).expect("link");
        assert!(write_new(dir.path(), "stories/A-1.md", "x").is_err());
        assert_eq!(std::fs::read_dir(outside.path()).expect("dir").count(), 0);
    }
}
