//! A flow file's base in the designer: what the file held when the window read or last wrote
//! it. The same three-way rule as for Amazon Connect: a save over a file that no longer holds
//! its base asks first, and an outside change (a `git pull`, another editor, another window) is
//! noticed by comparing the file with its base.

use std::path::Path;
use std::time::SystemTime;

use super::atomic::{SaveError, create_parent, write_atomic};
use super::link::sha256_hex;
use crate::flow_json::{self, LoadError};
use crate::model::FlowDocument;

/// What a flow file held when the window last read or wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBase {
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Size and modification time then: a cheap first look before reading the file again.
    len: u64,
    modified: Option<SystemTime>,
}

/// How a flow file stands against its base now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnDisk {
    /// It holds its base.
    Same,
    /// Something else wrote it: these are its bytes now.
    Changed(Vec<u8>),
    /// The file is gone (its folder is still there).
    Deleted,
    /// The file's folder itself is gone (renamed or removed).
    FolderGone,
}

impl FileBase {
    /// The base of `path` now holding `bytes`.
    pub fn of(path: &Path, bytes: &[u8]) -> Self {
        let meta = std::fs::metadata(path).ok();
        Self {
            sha256: sha256_hex(bytes),
            len: meta.as_ref().map_or(0, std::fs::Metadata::len),
            modified: meta.and_then(|m| m.modified().ok()),
        }
    }

    /// The base of the file at `path` as it is now (`None` when it cannot be read).
    pub fn read(path: &Path) -> Option<Self> {
        let bytes = flow_json::read_limited(path).ok()?;
        Some(Self::of(path, &bytes))
    }

    /// A base known only by its hash (a recovery copy's note): the file is read at every check.
    pub fn recorded(sha256: String) -> Self {
        Self { sha256, len: u64::MAX, modified: None }
    }

    /// How the file at `path` stands against this base. Reads it only when its size or time moved.
    pub fn check(&self, path: &Path) -> OnDisk {
        let Ok(meta) = std::fs::metadata(path) else {
            return if path.parent().is_some_and(Path::is_dir) { OnDisk::Deleted } else { OnDisk::FolderGone };
        };
        if meta.len() == self.len && meta.modified().ok() == self.modified {
            return OnDisk::Same;
        }
        match flow_json::read_limited(path) {
            Ok(bytes) if sha256_hex(&bytes) == self.sha256 => OnDisk::Same,
            Ok(bytes) => OnDisk::Changed(bytes),
            Err(_) => OnDisk::Deleted,
        }
    }
}

/// Reads a flow file with its base: one read, so the base is exactly what was parsed.
pub fn load(path: &Path) -> Result<(FlowDocument, FileBase), LoadError> {
    let bytes = flow_json::read_limited(path)?;
    let doc = flow_json::from_slice(&bytes).map_err(|source| LoadError::Parse { path: path.to_owned(), source })?;
    Ok((doc, FileBase::of(path, &bytes)))
}

/// Reads a flow from bytes already read from `path` (an outside change), with its base.
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<(FlowDocument, FileBase), LoadError> {
    let doc = flow_json::from_slice(bytes).map_err(|source| LoadError::Parse { path: path.to_owned(), source })?;
    Ok((doc, FileBase::of(path, bytes)))
}

/// Saves a flow in its file's own layout, atomically, and gives the file's new base. Unlike
/// [`super::save_flow`], never creates a missing folder: a `flows/` renamed away is reported,
/// not recreated.
pub fn save(path: &Path, doc: &FlowDocument) -> Result<FileBase, SaveError> {
    let text = flow_json::to_file_string(doc);
    write_atomic(path, text.as_bytes())?;
    Ok(FileBase::of(path, text.as_bytes()))
}

/// [`save`] for a flow's first save: its folder is created when missing.
pub fn save_new(path: &Path, doc: &FlowDocument) -> Result<FileBase, SaveError> {
    create_parent(path)?;
    save(path, doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outside_write_a_deletion_and_a_vanished_folder_are_told_apart() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("flows/a.json");
        let doc = FlowDocument::new_outbound_whisper("a");
        let base = save_new(&path, &doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(base.check(&path), OnDisk::Same);
        let (again, reread) = load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(reread.sha256, base.sha256);
        assert_eq!(again.flow.name.as_deref(), Some("a"));
        std::fs::write(&path, "{\"Version\": \"2019-10-30\", \"Actions\": []}").unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(base.check(&path), OnDisk::Changed(_)));
        std::fs::remove_file(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(base.check(&path), OnDisk::Deleted);
        std::fs::rename(dir.path().join("flows"), dir.path().join("flows-old")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(base.check(&path), OnDisk::FolderGone);
        assert!(save(&path, &doc).is_err(), "a vanished folder is not recreated");
        assert!(!dir.path().join("flows").exists());
    }
}
