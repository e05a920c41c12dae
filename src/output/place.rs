//! The folder beside the site that rankdown keeps for it: the lock that lets
//! one build at a time write the site, and the next site, made complete
//! there and then swapped with the published one in one step.
//!
//! For an output folder `public` it is `.public.rankdown/`, holding `lock`,
//! `next/` (the site being made, and between builds the previous site, which
//! the next build updates instead of starting over), `folders` (what the
//! folders of both held when last listed) and a `.gitignore` that keeps all
//! of it out of git.

use anyhow::{Context, bail};
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How often a waiting build tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// The place of one output folder, locked for this process until dropped.
#[derive(Debug)]
pub(super) struct Place {
    /// The output folder (absolute; it may not exist yet).
    pub out: PathBuf,
    /// Where the next site is made.
    pub next: PathBuf,
    /// Where the published site waits while the fallback swap runs.
    prev: PathBuf,
    /// What the folders of both sites held when last listed.
    pub saved: PathBuf,
    /// Held for the whole build; the lock goes with the file.
    _lock: File,
}

impl Place {
    /// Takes the lock of `out`, waiting up to `wait` for another build that
    /// holds it (none: fail at once), and finishes a swap that an earlier
    /// build was stopped in the middle of.
    pub(super) fn lock(out: &Path, wait: Option<Duration>) -> anyhow::Result<Place> {
        let (Some(parent), Some(home)) = (out.parent(), home_of(out)) else {
            bail!("`{}` cannot be an output folder", out.display());
        };
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create `{}`", parent.display()))?;
        make_home(&home)?;
        let lock = take_lock(&home.join("lock"), out, wait)?;
        let place = Place {
            out: out.to_path_buf(),
            next: home.join("next"),
            prev: home.join("prev"),
            saved: home.join("folders"),
            _lock: lock,
        };
        place.recover()?;
        Ok(place)
    }

    /// After a fallback swap that was stopped half-way: the published site
    /// waits in `prev`, and goes back where it was. Anything else there
    /// (a link, a file) is removed, never followed.
    fn recover(&self) -> anyhow::Result<()> {
        let Ok(meta) = fs::symlink_metadata(&self.prev) else {
            return Ok(());
        };
        if meta.is_dir() && fs::symlink_metadata(&self.out).is_err() {
            fs::rename(&self.prev, &self.out)
                .with_context(|| format!("cannot put back `{}`", self.out.display()))?;
        } else {
            super::files::remove(&self.prev)
                .with_context(|| format!("cannot remove `{}`", self.prev.display()))?;
        }
        Ok(())
    }

    /// Puts the complete site in `next` where `out` is, in one step; the
    /// site that was published takes its place in `next`.
    pub(super) fn swap(&self) -> anyhow::Result<()> {
        if fs::symlink_metadata(&self.out).is_err() {
            return fs::rename(&self.next, &self.out)
                .with_context(|| format!("cannot move the site into `{}`", self.out.display()));
        }
        match exchange(&self.next, &self.out) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::Unsupported => self.swap_by_renames(),
            Err(e) => Err(e).with_context(|| {
                format!(
                    "cannot replace `{}` in one step (is it a mount point? then build into a folder inside it)",
                    self.out.display()
                )
            }),
        }
    }

    /// Where the system cannot exchange two folders: three renames. Between
    /// the first two the folder is briefly absent, never a mix, and a build
    /// stopped there is put right by the next one ([`Place::recover`]).
    fn swap_by_renames(&self) -> anyhow::Result<()> {
        let context = || format!("cannot replace `{}`", self.out.display());
        fs::rename(&self.out, &self.prev).with_context(context)?;
        if let Err(e) = fs::rename(&self.next, &self.out) {
            let _ = fs::rename(&self.prev, &self.out);
            return Err(e).with_context(context);
        }
        fs::rename(&self.prev, &self.next).with_context(context)
    }
}

/// The folder rankdown keeps beside the output folder `out`.
pub(super) fn home_of(out: &Path) -> Option<PathBuf> {
    let name = out.file_name()?.to_string_lossy();
    Some(out.with_file_name(format!(".{name}.rankdown")))
}

/// Makes the folder beside the site, refusing anything but a real folder there.
fn make_home(home: &Path) -> anyhow::Result<()> {
    match fs::create_dir(home) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let meta = fs::symlink_metadata(home)?;
            if !meta.is_dir() {
                bail!(
                    "`{}` is in the way: rankdown keeps its lock and the next site there; remove it",
                    home.display()
                );
            }
        }
        Err(e) => return Err(e).with_context(|| format!("cannot create `{}`", home.display())),
    }
    let ignore = home.join(".gitignore");
    let text = "# Made by rankdown: its lock and the next site.\n*\n";
    match super::files::create(&ignore, text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
            Err(e).with_context(|| format!("cannot write `{}`", ignore.display()))
        }
        _ => Ok(()),
    }
}

/// Locks the file at `path` (anything but a regular file there is
/// replaced, never followed), or says which process holds it.
fn take_lock(path: &Path, out: &Path, wait: Option<Duration>) -> anyhow::Result<File> {
    if fs::symlink_metadata(path).is_ok_and(|m| !m.is_file()) {
        super::files::remove(path)
            .with_context(|| format!("cannot replace the lock `{}`", path.display()))?;
    }
    let mut file = super::files::open_lock(path)
        .with_context(|| format!("cannot open the lock `{}`", path.display()))?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(fs::TryLockError::WouldBlock) => {}
            Err(fs::TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock `{}`", path.display()));
            }
        }
        let waited = started.elapsed();
        match wait {
            Some(limit) if waited < limit => std::thread::sleep(RETRY.min(limit - waited)),
            _ => bail!(locked_out(&mut file, out, wait)),
        }
    }
    file.set_len(0)?;
    write!(file, "{}", std::process::id())?;
    Ok(file)
}

/// Why a build cannot write `out`: another one holds the lock.
fn locked_out(lock: &mut File, out: &Path, wait: Option<Duration>) -> String {
    let mut holder = String::new();
    let _ = lock.read_to_string(&mut holder);
    let holder = match holder.trim().parse::<u32>() {
        Ok(pid) => format!("another rankdown (process {pid})"),
        Err(_) => "another rankdown".to_string(),
    };
    let advice = match wait {
        Some(limit) => format!("still busy after waiting {} s", limit.as_secs_f64()),
        None => "run it again when that build is done, or pass --wait SECONDS".to_string(),
    };
    format!(
        "{holder} is building into `{}`; nothing was changed: {advice}",
        out.display()
    )
}

/// Swaps two folders in one step; `Unsupported` where the system or the
/// file system cannot.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(Errno::INVAL | Errno::NOSYS) => Err(io::ErrorKind::Unsupported.into()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_in(dir: &Path) -> Place {
        Place::lock(&dir.join("site"), None).expect("lock")
    }

    #[test]
    fn a_second_lock_is_refused_with_the_holder_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let _held = place_in(dir.path());
        let refused = Place::lock(&dir.path().join("site"), Some(Duration::from_millis(120)))
            .expect_err("locked");
        let message = refused.to_string();
        let pid = std::process::id();
        assert!(
            message.contains(&format!(
                "another rankdown (process {pid}) is building into"
            )),
            "{message}"
        );
        assert!(
            message.contains("still busy after waiting 0.12 s"),
            "{message}"
        );
    }

    #[test]
    fn the_fallback_swap_and_its_recovery_leave_one_whole_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        let place = place_in(dir.path());
        fs::create_dir(&place.out).expect("mkdir");
        fs::write(place.out.join("old"), "").expect("write");
        fs::create_dir(&place.next).expect("mkdir");
        fs::write(place.next.join("new"), "").expect("write");
        place.swap_by_renames().expect("swap");
        assert!(place.out.join("new").exists() && place.next.join("old").exists());

        // Stopped after the first rename: the published site waits in prev.
        fs::rename(&place.out, &place.prev).expect("rename");
        place.recover().expect("recover");
        assert!(place.out.join("new").exists() && !place.prev.exists());
    }
}
