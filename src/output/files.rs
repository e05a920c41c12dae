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

/// Opens `path` below the open folder `dir` for reading, following no
/// link on the way and never leaving the folder (`openat2` with
/// `RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH`). `None` when nothing is there;
/// an error for a link on the way, and where the system has no `openat2`.
#[cfg(target_os = "linux")]
pub(super) fn open_beneath(dir: &File, path: &Path) -> io::Result<Option<File>> {
    use rustix::fs::{Mode, OFlags, ResolveFlags, openat2};
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    let resolve = ResolveFlags::NO_SYMLINKS | ResolveFlags::BENEATH;
    match openat2(dir, path, flags, Mode::empty(), resolve) {
        Ok(fd) => Ok(Some(File::from(fd))),
        Err(rustix::io::Errno::NOENT) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn open_beneath(_: &File, _: &Path) -> io::Result<Option<File>> {
    Err(io::ErrorKind::Unsupported.into())
}

/// The inode of `file` if it is a regular file holding exactly `bytes`.
pub(super) fn same_bytes(file: File, bytes: &[u8]) -> Option<u64> {
    let meta = file.metadata().ok()?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return None;
    }
    let mut old = Vec::with_capacity(bytes.len());
    let read = file.take(bytes.len() as u64 + 1).read_to_end(&mut old);
    (read.is_ok() && old == bytes).then(|| inode(&meta))
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
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
        // Gone already, or went with a folder that became a file.
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Opens (or makes) the lock file at `path` for reading and writing,
/// without following a link there.
pub(super) fn open_lock(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        rustix::fs::OFlags::NOFOLLOW.bits() as i32,
    );
    options.open(path)
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
