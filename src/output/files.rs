//! The few file operations a build makes, none of which follows a symbolic
//! link or waits on a FIFO.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

/// Opens `path` for reading if it is a regular file; `None` for anything
/// else (nothing, a link, a folder, a FIFO), which is never opened through.
pub(super) fn open_regular(path: &Path) -> Option<File> {
    let file = open_no_follow(path).ok()?;
    file.metadata().ok()?.is_file().then_some(file)
}

#[cfg(unix)]
fn open_no_follow(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags, open};
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    Ok(File::from(open(path, flags, Mode::empty())?))
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> io::Result<File> {
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    File::open(path)
}

/// Whether `path` is a regular file holding exactly `bytes`.
pub(super) fn holds(path: &Path, bytes: &[u8]) -> bool {
    let Ok(file) = open_no_follow(path) else {
        return false;
    };
    let Ok(meta) = file.metadata() else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.take(bytes.len() as u64 + 1)
        .read_to_end(&mut old)
        .is_ok_and(|_| old == bytes)
}

/// Removes whatever is at `path`: a file or a link itself (never what a
/// link points to), or a folder with all it holds. Nothing there is fine.
pub(super) fn remove(path: &Path) -> io::Result<()> {
    let result = match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) => Err(e),
    };
    match result {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

/// Writes a new file at `path`, where nothing is (a link placed there in
/// the meantime makes it fail rather than be written through).
pub(super) fn create(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}
