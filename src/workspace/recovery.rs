//! Recovery copies: while a designer window holds unsaved changes to a flow (a new flow
//! included), it writes them to its own recovery session, a folder no other window writes:
//! `.whisperwire/recovery/<session>/` in a workspace, `.whisperwire-recovery/<session>/` beside
//! a lone flow file. Each copy has a note beside it saying what it is (the flow's name, its
//! file, how many blocks, when, and what the file held when the editing began). The session
//! holds the operating system's lock on its `session.lock` for as long as its window lives, so
//! copies whose session is no longer locked were left by a window that crashed or was killed:
//! those are offered at the next start. This room writes, lists, reads and drops them; the
//! window only decides when.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::atomic::{SaveError, create_parent, save_json, write_atomic};
use crate::flow_json::{self, LoadError};
use crate::model::FlowDocument;

/// Where a workspace keeps its recovery sessions.
pub const WORKSPACE_RECOVERY_DIR: &str = ".whisperwire/recovery";
/// Where a lone flow file's folder keeps them.
pub const LONE_RECOVERY_DIR: &str = ".whisperwire-recovery";
const SESSION_LOCK: &str = "session.lock";
const NOTE_SUFFIX: &str = ".note.json";

/// What a recovery copy is, written beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyNote {
    /// The flow's name.
    pub flow: String,
    /// The flow's file (where it was or will be saved); `None` for a flow with nowhere to go yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Whether no file held the flow yet (created in the window).
    pub new: bool,
    pub blocks: usize,
    /// Seconds since the Unix epoch when the copy was written.
    pub saved_at: u64,
    /// SHA-256 of the file's bytes when the editing began: a file changed since is not
    /// overwritten by a recovered copy without asking.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_sha256: Option<String>,
}

impl CopyNote {
    /// `HH:MM UTC` of when the copy was written.
    pub fn when(&self) -> String {
        let day = self.saved_at % 86_400;
        format!("{:02}:{:02} UTC", day / 3600, day % 3600 / 60)
    }
}

/// A recovery copy left by a window that is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftCopy {
    pub copy: PathBuf,
    pub note: CopyNote,
}

/// The recovery folder for flows of the workspace at `root`, or beside the lone file `flow`.
pub fn home_for(root: Option<&Path>, flow: Option<&Path>) -> Option<PathBuf> {
    match (root, flow) {
        (Some(root), _) => Some(super::names::in_workspace(root, WORKSPACE_RECOVERY_DIR)),
        (None, Some(flow)) => flow.parent().map(|dir| dir.join(LONE_RECOVERY_DIR)),
        (None, None) => None,
    }
}

/// One window's recovery session: its own folder, locked while the window lives.
#[derive(Debug)]
pub struct RecoverySession {
    dir: PathBuf,
    lock: File,
}

impl RecoverySession {
    /// Starts a session in `home` (see [`home_for`]).
    pub fn start(home: &Path) -> io::Result<Self> {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
        for attempt in 0..100_u32 {
            let dir = home.join(format!("{}-{stamp}-{attempt}", std::process::id()));
            match fs::create_dir_all(home).and_then(|()| fs::create_dir(&dir)) {
                Ok(()) => {
                    let lock =
                        OpenOptions::new().create(true).truncate(false).write(true).open(dir.join(SESSION_LOCK))?;
                    lock.try_lock().map_err(io::Error::other)?;
                    return Ok(Self { dir, lock });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other("no free recovery session name"))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes (atomically) the copy called `key` (see [`copy_key`]) with its note.
    pub fn write(&self, key: &str, doc: &FlowDocument, note: &CopyNote) -> Result<(), SaveError> {
        let copy = self.dir.join(format!("{key}.json"));
        create_parent(&copy)?;
        write_atomic(&copy, flow_json::to_canonical_string(doc).as_bytes())?;
        save_json(&self.dir.join(format!("{key}{NOTE_SUFFIX}")), note)
    }

    /// Removes the copy called `key` (after a save, or when its changes are discarded).
    pub fn remove(&self, key: &str) {
        discard(&self.dir.join(format!("{key}.json")));
    }
}

impl Drop for RecoverySession {
    /// A window that closes normally leaves no session behind: its copies were dropped as
    /// their flows were saved or discarded. Copies still there stay for the next start.
    fn drop(&mut self) {
        let _ignored = self.lock.unlock();
        remove_if_only_lock(&self.dir);
    }
}

/// The name of a flow's copy: its file's stem and a short hash of its full path, or, for a flow
/// no file holds yet, `new-` and an id of its own (two new flows of one name never share one).
pub fn copy_key(file: Option<&Path>, new_id: &str) -> String {
    match file {
        Some(file) => {
            let stem = super::names::file_stem(&super::names::stem_of(file));
            let hash = super::link::sha256_hex(file.to_string_lossy().as_bytes());
            format!("flow-{stem}-{}", hash.get(..8).unwrap_or(&hash))
        }
        None => format!("new-{new_id}"),
    }
}

/// Copies left in `home` by windows that are gone (their session is not locked), newest first.
pub fn left_behind(home: &Path) -> Vec<LeftCopy> {
    let mut copies = Vec::new();
    let Ok(sessions) = fs::read_dir(home) else { return copies };
    for session in sessions.flatten().map(|e| e.path()).filter(|p| p.is_dir()) {
        if is_alive(&session) {
            continue;
        }
        let Ok(entries) = fs::read_dir(&session) else { continue };
        for note_path in entries.flatten().map(|e| e.path()) {
            let Some(name) = note_path.file_name().and_then(|n| n.to_str()) else { continue };
            let Some(key) = name.strip_suffix(NOTE_SUFFIX) else { continue };
            let copy = session.join(format!("{key}.json"));
            if let (true, Some(note)) = (copy.is_file(), note_of(&copy)) {
                copies.push(LeftCopy { copy, note });
            }
        }
    }
    copies.sort_by_key(|c| std::cmp::Reverse(c.note.saved_at));
    copies
}

/// The note written beside the recovery copy `copy`, if it can be read.
pub fn note_of(copy: &Path) -> Option<CopyNote> {
    let (dir, stem) = (copy.parent()?, copy.file_stem()?);
    let text = fs::read_to_string(dir.join(format!("{}{NOTE_SUFFIX}", stem.to_string_lossy()))).ok()?;
    serde_json::from_str(&text).ok()
}

/// Whether a window still holds the session in `dir`.
fn is_alive(dir: &Path) -> bool {
    let Ok(lock) = OpenOptions::new().write(true).open(dir.join(SESSION_LOCK)) else { return false };
    match lock.try_lock() {
        Ok(()) => {
            let _ignored = lock.unlock();
            false
        }
        Err(_) => true,
    }
}

/// Reads a recovery copy back as a flow.
pub fn load(copy: &Path) -> Result<FlowDocument, LoadError> {
    flow_json::load(copy)
}

/// Removes a recovery copy and its note; its session folder goes too once empty. One already
/// gone is not an error.
pub fn discard(copy: &Path) {
    let _gone = fs::remove_file(copy);
    if let (Some(dir), Some(stem)) = (copy.parent(), copy.file_stem()) {
        let _gone = fs::remove_file(dir.join(format!("{}{NOTE_SUFFIX}", stem.to_string_lossy())));
        if !is_alive(dir) {
            remove_if_only_lock(dir);
        }
    }
}

/// Removes a session folder holding nothing but its lock file.
fn remove_if_only_lock(dir: &Path) {
    let only_lock = fs::read_dir(dir).is_ok_and(|entries| entries.flatten().all(|e| e.file_name() == SESSION_LOCK));
    if only_lock {
        let _gone = fs::remove_file(dir.join(SESSION_LOCK));
        let _gone = fs::remove_dir(dir);
    }
}

/// Now, in seconds since the Unix epoch (for [`CopyNote::saved_at`]).
pub fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(flow: &str, new: bool) -> CopyNote {
        CopyNote { flow: flow.into(), file: None, new, blocks: 3, saved_at: now_secs(), base_sha256: None }
    }

    #[test]
    fn copies_of_a_live_window_are_not_offered_and_those_of_a_gone_one_are() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let home = dir.path().join(WORKSPACE_RECOVERY_DIR);
        let doc = FlowDocument::new_outbound_whisper("Sales");
        let first = RecoverySession::start(&home).unwrap_or_else(|e| panic!("{e}"));
        first.write("new-a", &doc, &note("Sales", true)).unwrap_or_else(|e| panic!("{e}"));
        let second = RecoverySession::start(&home).unwrap_or_else(|e| panic!("{e}"));
        assert_ne!(first.dir(), second.dir(), "one folder per window");
        second.write("new-b", &doc, &note("Sales", true)).unwrap_or_else(|e| panic!("{e}"));
        assert!(left_behind(&home).is_empty(), "both windows live");
        drop(first);
        let left = left_behind(&home);
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].note.flow, "Sales");
        assert!(left[0].copy.ends_with("new-a.json"));
        assert_eq!(load(&left[0].copy).map(|d| d.flow.name).ok().flatten().as_deref(), Some("Sales"));
        discard(&left[0].copy);
        assert!(left_behind(&home).is_empty());
        assert_eq!(fs::read_dir(&home).map_or(0, Iterator::count), 1, "the gone window's folder is removed");
    }

    #[test]
    fn a_window_that_saved_everything_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let home = dir.path().join(WORKSPACE_RECOVERY_DIR);
        let session = RecoverySession::start(&home).unwrap_or_else(|e| panic!("{e}"));
        session
            .write("new-a", &FlowDocument::new_outbound_whisper("x"), &note("x", true))
            .unwrap_or_else(|e| panic!("{e}"));
        session.remove("new-a");
        drop(session);
        assert_eq!(fs::read_dir(&home).map_or(0, Iterator::count), 0);
    }

    #[test]
    fn new_flows_of_one_name_never_share_a_copy() {
        assert_ne!(copy_key(None, "1"), copy_key(None, "2"));
        let a = copy_key(Some(Path::new("/ws/flows/a.json")), "1");
        let b = copy_key(Some(Path::new("/other/flows/a.json")), "1");
        assert!(a.starts_with("flow-a-") && a != b, "{a} {b}");
    }
}
