//! The link between a workspace and an Amazon Connect instance: `.whisperwire/connect.json`.
//!
//! `pull` writes it and `publish` keeps it current. It holds what the API says about each flow
//! beside its `Content` (id, remote name, type, status, the `FlowContentSha256` seen last) and
//! the SHA-256 of the file as whisperwire last wrote it, so both sides' edits since then can be
//! told apart: a local edit changes the file's hash, a remote edit the remote one. No
//! credentials are ever written here; the profile *name* is, so `publish` talks to the same
//! account as `pull`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::atomic::{SaveError, create_parent, read_to_string_bounded, save_json};
use super::names::FLOWS_DIR;

/// Where the link lives inside a workspace.
pub const LINK_FILE: &str = ".whisperwire/connect.json";

/// The link file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub instance_id: String,
    pub instance_arn: String,
    pub region: String,
    /// The named profile pull used (`--profile`), reused by publish; never a credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Which flow types pull fetched: `OUTBOUND_WHISPER` only, or every type (`--all-types`).
    #[serde(default)]
    pub all_types: bool,
    /// SHA-256 of `instance.json` as pull or publish last wrote or read it, so a local edit of
    /// the queues is not overwritten by the next pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_sha256: Option<String>,
    /// Linked flows, by file path relative to the workspace (`flows/Sales-whisper.json`).
    #[serde(default)]
    pub flows: BTreeMap<String, LinkedFlow>,
    /// Linked queues, by name.
    #[serde(default)]
    pub queues: BTreeMap<String, LinkedQueue>,
}

/// One flow as Amazon Connect and the local file last agreed on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedFlow {
    pub id: String,
    pub arn: String,
    /// The flow's name in Amazon Connect.
    pub name: String,
    /// The API's flow type (`OUTBOUND_WHISPER`, `CONTACT_FLOW`, …).
    #[serde(rename = "type")]
    pub flow_type: String,
    /// `PUBLISHED` or `SAVED`, as last seen or sent.
    pub status: String,
    /// `FlowContentSha256` at the last pull or publish.
    pub content_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_time: Option<String>,
    /// SHA-256 of the local file's bytes as whisperwire last wrote or sent them.
    pub local_sha256: String,
}

/// One queue's identity in Amazon Connect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedQueue {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

/// Why the link file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error(transparent)]
    Read(#[from] super::atomic::ReadError),
    #[error("{}:{line}:{column}: not a whisperwire link file: {message}", path.display())]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// How a workspace flow file stands against the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalState {
    /// The file is as whisperwire last wrote or sent it.
    Unchanged,
    /// The file was edited since the last pull or publish.
    Edited,
    /// The link does not know the file: publish would create the flow.
    New,
    /// The link knows the file, but it is gone.
    Missing,
}

impl Link {
    /// The link of the workspace at `root`; `None` when the workspace is not linked.
    pub fn load(root: &Path) -> Result<Option<Self>, LinkError> {
        let path = root.join(LINK_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let text = read_to_string_bounded(&path)?;
        serde_json::from_str(&text).map(Some).map_err(|e| LinkError::Parse {
            path,
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    /// Saves the link atomically, creating `.whisperwire/` when needed.
    pub fn save(&self, root: &Path) -> Result<(), LinkError> {
        let path = root.join(LINK_FILE);
        create_parent(&path)?;
        save_json(&path, self)?;
        Ok(())
    }

    /// The linked flow Amazon Connect knows by `id`, with its file key.
    pub fn flow_by_id(&self, id: &str) -> Option<(&String, &LinkedFlow)> {
        self.flows.iter().find(|(_, flow)| flow.id == id)
    }

    /// How the file at `key` (relative to `root`) stands against the link.
    pub fn local_state(&self, root: &Path, key: &str) -> LocalState {
        let bytes = std::fs::read(root.join(key)).ok();
        match (self.flows.get(key), bytes) {
            (None, _) => LocalState::New,
            (Some(_), None) => LocalState::Missing,
            (Some(linked), Some(bytes)) if sha256_hex(&bytes) == linked.local_sha256 => LocalState::Unchanged,
            (Some(_), Some(_)) => LocalState::Edited,
        }
    }

    /// How many flow files differ from the link: edited since the last pull or publish, or not
    /// in Amazon Connect yet. What the status bar shows.
    pub fn differing_flows(&self, root: &Path) -> usize {
        let mut keys: Vec<String> = self.flows.keys().cloned().collect();
        keys.extend(flow_keys(root).into_iter().filter(|key| !self.flows.contains_key(key)));
        keys.iter().filter(|key| self.local_state(root, key) != LocalState::Unchanged).count()
    }
}

/// The link key of a flow file: its path relative to the workspace, with `/` separators.
pub fn flow_key(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The link keys of the flow files in the workspace at `root` (`flows/*.json`).
pub fn flow_keys(root: &Path) -> Vec<String> {
    super::folder::json_files(&root.join(FLOWS_DIR))
        .unwrap_or_default()
        .iter()
        .map(|path| flow_key(root, path))
        .collect()
}

/// Lowercase hexadecimal SHA-256 of `bytes`: the form of Amazon Connect's `FlowContentSha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in &digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link {
        Link {
            instance_id: "i-1".into(),
            instance_arn: "arn:aws:connect:eu-west-2:123456789012:instance/i-1".into(),
            region: "eu-west-2".into(),
            profile: None,
            all_types: false,
            instance_sha256: None,
            flows: BTreeMap::new(),
            queues: BTreeMap::new(),
        }
    }

    fn linked(local_sha256: String) -> LinkedFlow {
        LinkedFlow {
            id: "f-1".into(),
            arn: "arn".into(),
            name: "Sales whisper".into(),
            flow_type: "OUTBOUND_WHISPER".into(),
            status: "PUBLISHED".into(),
            content_sha256: "remote".into(),
            last_modified_time: None,
            local_sha256,
        }
    }

    #[test]
    fn sha256_is_lowercase_hex_of_the_bytes() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn the_link_round_trips_and_a_missing_link_is_none() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Link::load(dir.path()).ok().flatten(), None);
        let mut saved = link();
        saved.flows.insert("flows/a.json".into(), linked("x".into()));
        saved.queues.insert("US sales".into(), LinkedQueue { id: "q-1".into(), arn: None });
        saved.save(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Link::load(dir.path()).ok().flatten(), Some(saved));
    }

    #[test]
    fn a_broken_link_file_names_the_file_and_the_place() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::create_dir_all(dir.path().join(".whisperwire")).unwrap_or_else(|e| panic!("{e}"));
        crate::test_support::write(&dir.path().join(LINK_FILE), "{\n  \"instanceId\": 3\n}");
        let error = Link::load(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("connect.json:2:"), "{error}");
    }

    #[test]
    fn local_states_tell_edited_new_and_missing_files_apart() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        std::fs::create_dir_all(root.join("flows")).unwrap_or_else(|e| panic!("{e}"));
        crate::test_support::write(&root.join("flows/a.json"), "{}\n");
        crate::test_support::write(&root.join("flows/b.json"), "{}\n");
        crate::test_support::write(&root.join("flows/new.json"), "{}\n");
        let mut link = link();
        link.flows.insert("flows/a.json".into(), linked(sha256_hex(b"{}\n")));
        link.flows.insert("flows/b.json".into(), linked(sha256_hex(b"{ }\n")));
        link.flows.insert("flows/gone.json".into(), linked(sha256_hex(b"{}\n")));
        assert_eq!(link.local_state(root, "flows/a.json"), LocalState::Unchanged);
        assert_eq!(link.local_state(root, "flows/b.json"), LocalState::Edited);
        assert_eq!(link.local_state(root, "flows/new.json"), LocalState::New);
        assert_eq!(link.local_state(root, "flows/gone.json"), LocalState::Missing);
        assert_eq!(link.differing_flows(root), 3);
        assert_eq!(flow_key(root, &root.join("flows").join("a.json")), "flows/a.json");
    }
}
