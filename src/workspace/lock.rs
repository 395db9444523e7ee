//! One writer per workspace: `.whisperwire/lock`.
//!
//! `pull`, `publish` (and the designer, which writes the same files) take the workspace's lock
//! before they write anything and hold it until they are done. The lock is the operating
//! system's own file lock (`flock` on Unix, `LockFileEx` on Windows, through
//! [`std::fs::File::try_lock`]), so it dies with its process: a lock left by a crash or a
//! `kill -9` is no lock at all and is simply taken over. Who holds it is written beside it, in
//! `.whisperwire/lock-holder.json`, so a refused second writer can say which one is running.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::atomic::{create_parent, save_json};
use super::names::in_workspace;

/// The lock file, relative to the workspace.
pub const LOCK_FILE: &str = ".whisperwire/lock";
/// Who holds the lock, relative to the workspace.
pub const HOLDER_FILE: &str = ".whisperwire/lock-holder.json";

/// The process holding a workspace's lock, as it described itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Holder {
    /// What it is doing: `whisperwire publish`, `whisperwire pull`, `the designer`.
    pub purpose: String,
    pub pid: u32,
    /// Seconds since the Unix epoch when it took the lock.
    pub since: u64,
}

impl std::fmt::Display for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (process {}, running since {})", self.purpose, self.pid, clock_time(self.since))
    }
}

/// Why the lock could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{}: another whisperwire is writing this workspace: {}; wait for it to finish, then run this again",
        root.display(),
        holder.as_ref().map_or_else(|| "a process that did not say what it is".to_owned(), ToString::to_string)
    )]
    Held { root: PathBuf, holder: Option<Holder> },
    #[error("{}: cannot lock the workspace: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The workspace's lock, held until dropped.
#[derive(Debug)]
pub struct WorkspaceLock {
    /// The locked file; `None` for a lock this process already held (the designer's pull and
    /// publish run in the designer's process, under its lock).
    file: Option<File>,
    holder_path: PathBuf,
}

impl WorkspaceLock {
    /// Takes the lock of the workspace at `root` for `purpose`, or says who holds it. Never
    /// waits: a second writer is told at once.
    pub fn acquire(root: &Path, purpose: &str) -> Result<Self, LockError> {
        let path = in_workspace(root, LOCK_FILE);
        let io = |source| LockError::Io { path: path.clone(), source };
        create_parent(&path).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(LockError::Held { root: root.to_owned(), holder: read_holder(root) });
            }
            Err(fs::TryLockError::Error(source)) => return Err(io(source)),
        }
        let holder_path = in_workspace(root, HOLDER_FILE);
        let holder = Holder { purpose: purpose.to_owned(), pid: std::process::id(), since: now_secs() };
        // Best effort: the lock holds without it, a refused writer just says less.
        let _ignored = save_json(&holder_path, &holder);
        Ok(Self { file: Some(file), holder_path })
    }
}

impl WorkspaceLock {
    /// [`WorkspaceLock::acquire`] for pull and publish: when this very process holds the lock
    /// already (the designer, running a pull or publish on its own workspace), the work goes on
    /// under it.
    pub fn acquire_or_borrow(root: &Path, purpose: &str) -> Result<Self, LockError> {
        match Self::acquire(root, purpose) {
            Err(LockError::Held { holder: Some(holder), .. }) if holder.pid == std::process::id() => {
                Ok(Self { file: None, holder_path: PathBuf::new() })
            }
            other => other,
        }
    }
}

impl Drop for WorkspaceLock {
    fn drop(&mut self) {
        if let Some(file) = &self.file {
            let _ignored = fs::remove_file(&self.holder_path);
            let _ignored = file.unlock();
        }
    }
}

fn read_holder(root: &Path) -> Option<Holder> {
    let text = fs::read_to_string(in_workspace(root, HOLDER_FILE)).ok()?;
    serde_json::from_str(&text).ok()
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// `HH:MM:SS UTC` of a Unix time: enough to tell a run that started a moment ago from one that
/// hangs.
fn clock_time(secs: u64) -> String {
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02} UTC", day / 3600, day % 3600 / 60, day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_is_refused_with_the_first_ones_name_and_gets_it_once_released() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let first = WorkspaceLock::acquire(dir.path(), "whisperwire publish").unwrap_or_else(|e| panic!("{e}"));
        let refused = WorkspaceLock::acquire(dir.path(), "whisperwire pull");
        let Err(LockError::Held { holder: Some(holder), .. }) = &refused else {
            panic!("the second writer must be refused: {refused:?}");
        };
        assert_eq!(holder.purpose, "whisperwire publish");
        assert_eq!(holder.pid, std::process::id());
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.contains("another whisperwire is writing this workspace: whisperwire publish"), "{message}");
        drop(first);
        assert!(!dir.path().join(HOLDER_FILE).exists());
        let again = WorkspaceLock::acquire(dir.path(), "whisperwire pull");
        assert!(again.is_ok(), "{again:?}");
    }

    #[test]
    fn the_process_holding_the_lock_may_take_it_again() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let designer = WorkspaceLock::acquire(dir.path(), "the designer").unwrap_or_else(|e| panic!("{e}"));
        let publish = WorkspaceLock::acquire_or_borrow(dir.path(), "whisperwire publish");
        assert!(publish.is_ok(), "{publish:?}");
        // As another process would see it: the holder is not this process.
        let other = Holder { purpose: "the designer".into(), pid: std::process::id() + 1, since: now_secs() };
        save_json(&dir.path().join(HOLDER_FILE), &other).unwrap_or_else(|e| panic!("{e}"));
        assert!(WorkspaceLock::acquire_or_borrow(dir.path(), "whisperwire pull").is_err());
        save_json(&dir.path().join(HOLDER_FILE), &Holder { pid: std::process::id(), ..other })
            .unwrap_or_else(|e| panic!("{e}"));
        drop(publish);
        assert!(dir.path().join(HOLDER_FILE).exists(), "the borrowed lock leaves the holder's alone");
        drop(designer);
    }

    #[test]
    fn a_lock_file_left_behind_by_a_dead_process_is_no_lock() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // What a crash leaves: the files, with nobody holding the OS lock.
        create_parent(&dir.path().join(LOCK_FILE)).unwrap_or_else(|e| panic!("{e}"));
        fs::write(dir.path().join(LOCK_FILE), "").unwrap_or_else(|e| panic!("{e}"));
        let stale = Holder { purpose: "whisperwire publish".into(), pid: 999_999, since: 0 };
        save_json(&dir.path().join(HOLDER_FILE), &stale).unwrap_or_else(|e| panic!("{e}"));
        let taken = WorkspaceLock::acquire(dir.path(), "whisperwire pull");
        assert!(taken.is_ok(), "{taken:?}");
        assert_eq!(read_holder(dir.path()).map(|h| h.purpose).as_deref(), Some("whisperwire pull"));
    }

    #[test]
    fn holders_read_as_a_sentence() {
        let holder = Holder { purpose: "whisperwire pull".into(), pid: 42, since: 3_723 };
        assert_eq!(holder.to_string(), "whisperwire pull (process 42, running since 01:02:03 UTC)");
    }
}
