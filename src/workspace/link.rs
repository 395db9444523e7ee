//! The link between a workspace and an Amazon Connect instance: `.whisperwire/connect.json`,
//! and the base copies of flows under `.whisperwire/base/`.
//!
//! Everything is by Connect id; names are for display. For each flow and each queue the link
//! holds its *base*: what the last successful pull or publish saw on both sides. A flow's base is
//! Connect's published and draft content hashes, the hash of the file as whisperwire wrote it,
//! and a copy of the content itself (`.whisperwire/base/<id>.json`, for diffs); a queue's base
//! is its outbound caller fields exactly as Connect gave them (readable or not) and what pull
//! wrote for them in `instance.json`. Three-way sync ([`super::three_way`]) compares local and
//! remote with the base, so an item neither side changed is never sent or overwritten.
//!
//! The link file may come from anyone (a workspace cloned from a repository): every flow entry
//! is a bare file name under `flows/`, checked on every read, and every id is checked before it
//! names a base copy. No credentials are ever written here; the profile *name* is, so `publish`
//! talks to the same account as `pull`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::atomic::{SaveError, create_parent, read_to_string_bounded, save_json, write_atomic};
use super::names::{FLOWS_DIR, check_flow_file_name, in_workspace};

/// Where the link lives inside a workspace.
pub const LINK_FILE: &str = ".whisperwire/connect.json";
/// Where the base copies of flows live inside a workspace.
pub const BASE_DIR: &str = ".whisperwire/base";
/// The link format this build writes.
pub const LINK_VERSION: u32 = 2;

/// The link file's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Link {
    pub version: u32,
    pub instance_id: String,
    pub instance_arn: String,
    pub region: String,
    /// The named profile pull used (`--profile`), reused by publish; never a credential.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// Which flow types pull fetched: `OUTBOUND_WHISPER` only, or every type (`--all-types`).
    #[serde(default)]
    pub all_types: bool,
    /// Linked flows, by Connect id.
    #[serde(default)]
    pub flows: BTreeMap<String, LinkedFlow>,
    /// Linked queues, by Connect id.
    #[serde(default)]
    pub queues: BTreeMap<String, LinkedQueue>,
    /// Flows a publish asked Connect to create and has not seen created yet, by file name: a
    /// rerun looks for them before creating again.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pending_creates: BTreeMap<String, Pending>,
}

/// One flow: its file, what Connect calls it, and the base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedFlow {
    /// The file under `flows/` (a bare name, checked on read).
    pub file: String,
    pub arn: String,
    /// The flow's name in Amazon Connect (display only).
    pub name: String,
    /// The API's flow type (`OUTBOUND_WHISPER`, `CONTACT_FLOW`, …).
    #[serde(rename = "type")]
    pub flow_type: String,
    pub base: FlowBase,
    /// What a publish was about to send when it last ran, until Connect confirmed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

/// What both sides held for a flow at the last pull or publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowBase {
    /// `FlowContentSha256` of the published version; `None` when the flow was never published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_sha256: Option<String>,
    /// `FlowContentSha256` of the saved content that is not published: an unpublished draft, or
    /// the only content of a flow never published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub draft_sha256: Option<String>,
    /// SHA-256 of the file's bytes as whisperwire wrote them.
    pub file_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_time: Option<String>,
}

impl FlowBase {
    /// Whether Connect had published this flow at least once (a queue may then use it).
    pub fn ever_published(&self) -> bool {
        self.published_sha256.is_some()
    }

    /// Whether the base holds saved content that is not live: a draft, or a flow never published.
    pub fn has_draft(&self) -> bool {
        self.draft_sha256.is_some()
    }
}

/// A write sent to Connect and not yet confirmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    /// SHA-256 of the content sent.
    pub content_sha256: String,
    /// `PUBLISHED` or `SAVED`: what the write makes it.
    pub status: String,
    /// The flow's name (creates only).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// One queue: what Connect calls it and the base of its outbound caller fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedQueue {
    /// The queue's name in Amazon Connect (display only).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `None` for a link made before bases were kept: publish then sends nothing for the queue
    /// until a pull records one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<QueueBase>,
    /// The fields a publish was about to send, until Connect confirmed them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<CallerIds>,
}

/// A queue's outbound caller configuration exactly as Connect holds it: ids and text, raw.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallerIds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_id: Option<String>,
}

/// A queue's outbound caller fields as `instance.json` writes them: the number in E.164, the
/// name, the whisper flow by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallerFields {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
}

/// What both sides held for a queue at the last pull or publish.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueBase {
    /// Connect's raw values.
    pub remote: CallerIds,
    /// The number's text as Connect lists it, readable as E.164 or not (for messages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_text: Option<String>,
    /// What pull wrote for them in `instance.json`.
    pub local: CallerFields,
}

/// Why the link file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error(transparent)]
    Read(#[from] super::atomic::ReadError),
    #[error("{}:{line}:{column}: not a whisperwire link file: {message}", path.display())]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    #[error("{}: {entry}: {problem}; the link file may only name files inside flows/ (pull again to rebuild it)", path.display())]
    Entry { path: PathBuf, entry: String, problem: String },
    #[error("{}: made by a newer whisperwire (link version {version}); update whisperwire", path.display())]
    Newer { path: PathBuf, version: u32 },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// How a linked flow's file stands against its base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalState {
    /// The file holds the base (same bytes, or the same flow).
    Unchanged,
    /// The file was edited since the last pull or publish.
    Edited,
    /// The link knows the file, but it is gone.
    Missing,
}

impl Link {
    /// A new link with nothing linked yet.
    pub fn new(instance_id: &str, instance_arn: &str, region: &str) -> Self {
        Self {
            version: LINK_VERSION,
            instance_id: instance_id.to_owned(),
            instance_arn: instance_arn.to_owned(),
            region: region.to_owned(),
            profile: None,
            all_types: false,
            flows: BTreeMap::new(),
            queues: BTreeMap::new(),
            pending_creates: BTreeMap::new(),
        }
    }

    /// The link of the workspace at `root`; `None` when the workspace is not linked. Every
    /// entry is checked: a file name that is a path, or an id that could name a file outside
    /// `.whisperwire/base/`, is an error naming the entry.
    pub fn load(root: &Path) -> Result<Option<Self>, LinkError> {
        let path = in_workspace(root, LINK_FILE);
        if !path.is_file() {
            return Ok(None);
        }
        let text = read_to_string_bounded(&path)?;
        let parse = |e: serde_json::Error| LinkError::Parse {
            path: path.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        let value: serde_json::Value = serde_json::from_str(&text).map_err(parse)?;
        let version = value.get("version").and_then(serde_json::Value::as_u64).unwrap_or(1);
        let link = match version {
            1 => v1::migrate(serde_json::from_str(&text).map_err(parse)?, &path)?,
            2 => serde_json::from_str(&text).map_err(parse)?,
            newer => return Err(LinkError::Newer { path, version: u32::try_from(newer).unwrap_or(u32::MAX) }),
        };
        link.check(&path)?;
        Ok(Some(link))
    }

    fn check(&self, path: &Path) -> Result<(), LinkError> {
        let entry_error = |entry: &str, problem: &str| LinkError::Entry {
            path: path.to_owned(),
            entry: crate::words::quoted(entry),
            problem: problem.to_owned(),
        };
        for (id, flow) in &self.flows {
            check_id(id).map_err(|p| entry_error(id, p))?;
            check_flow_file_name(&flow.file).map_err(|p| entry_error(&flow.file, p))?;
        }
        for file in self.pending_creates.keys() {
            check_flow_file_name(file).map_err(|p| entry_error(file, p))?;
        }
        Ok(())
    }

    /// Saves the link atomically, creating `.whisperwire/` when needed.
    pub fn save(&self, root: &Path) -> Result<(), LinkError> {
        let path = in_workspace(root, LINK_FILE);
        create_parent(&path)?;
        save_json(&path, self)?;
        Ok(())
    }

    /// The linked flow whose file is `file` (a bare name), with its id.
    pub fn flow_by_file(&self, file: &str) -> Option<(&String, &LinkedFlow)> {
        self.flows.iter().find(|(_, flow)| flow.file == file)
    }

    /// Whether Amazon Connect had published the flow in the file at `path` (a file of this
    /// workspace's `flows/`), as the link's base says: a queue may then use it.
    pub fn published_before(&self, path: &Path) -> bool {
        let file = path.file_name().map(|n| n.to_string_lossy());
        file.and_then(|file| self.flow_by_file(&file)).is_some_and(|(_, flow)| flow.base.ever_published())
    }

    /// How the linked flow `id`'s file stands against its base.
    pub fn local_state(&self, root: &Path, id: &str) -> LocalState {
        let Some(flow) = self.flows.get(id) else { return LocalState::Missing };
        let Ok(bytes) = std::fs::read(flow_path(root, &flow.file)) else { return LocalState::Missing };
        if sha256_hex(&bytes) == flow.base.file_sha256 {
            return LocalState::Unchanged;
        }
        match read_base(root, id) {
            Some(base)
                if same_flow(&bytes, base.as_bytes())
                    && status_of(&bytes).as_deref() == Some(base_file_status(&flow.base)) =>
            {
                LocalState::Unchanged
            }
            _ => LocalState::Edited,
        }
    }

    /// How many flow files differ from the link: edited since the last pull or publish, missing,
    /// or not in Amazon Connect yet. What the status bar shows.
    pub fn differing_flows(&self, root: &Path) -> usize {
        let edited = self.flows.keys().filter(|id| self.local_state(root, id) != LocalState::Unchanged).count();
        let unlinked = flow_files(root).iter().filter(|file| self.flow_by_file(file).is_none()).count();
        edited + unlinked
    }
}

/// The `Metadata.status` pull writes in a flow's file for this base: `saved` when the file
/// holds saved content that is not live, else `published`.
pub fn base_file_status(base: &FlowBase) -> &'static str {
    if base.has_draft() { "saved" } else { "published" }
}

/// A flow file's `Metadata.status`, lowercased (`None` when absent or unreadable).
pub fn status_of(bytes: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    value.get("Metadata")?.get("status")?.as_str().map(str::to_ascii_lowercase)
}

/// Whether two flow texts hold the same flow, whatever their formatting and key order, and
/// whatever their `Metadata.status` says (the status is a state of its own, not content).
pub fn same_flow(a: &[u8], b: &[u8]) -> bool {
    let strip = |bytes: &[u8]| {
        let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
        if let Some(metadata) = value.get_mut("Metadata").and_then(serde_json::Value::as_object_mut) {
            metadata.remove("status");
        }
        Some(value)
    };
    match (strip(a), strip(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a == b,
    }
}

/// A Connect id fit to name a base copy: letters, digits and `-` only (Connect's ids are UUIDs).
pub fn check_id(id: &str) -> Result<(), &'static str> {
    if id.is_empty() || id.len() > 128 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err("not a Connect id (letters, digits and '-' only)");
    }
    Ok(())
}

/// The file of a linked flow. `file` must have passed [`check_flow_file_name`] (every link
/// entry has).
pub fn flow_path(root: &Path, file: &str) -> PathBuf {
    root.join(FLOWS_DIR).join(file)
}

/// Where a flow's base copy lives. `id` must have passed the link's check.
pub fn base_path(root: &Path, id: &str) -> PathBuf {
    in_workspace(root, BASE_DIR).join(format!("{id}.json"))
}

/// The base copy of flow `id`, if there is one.
pub fn read_base(root: &Path, id: &str) -> Option<String> {
    read_to_string_bounded(&base_path(root, id)).ok()
}

/// Records the base copy of flow `id`. An id that is not a Connect id (it could name a path) is
/// refused.
pub fn write_base(root: &Path, id: &str, content: &str) -> Result<(), SaveError> {
    if check_id(id).is_err() {
        return Err(SaveError::NotAFile {
            path: in_workspace(root, BASE_DIR).join(crate::words::printable(id).as_ref()),
        });
    }
    let path = base_path(root, id);
    create_parent(&path)?;
    write_atomic(&path, content.as_bytes())
}

/// Where pull and publish may write the flow file `file`: `flows/<file>`, refused when
/// `flows/` or the file is a symbolic link (a cloned workspace could point either anywhere).
pub fn confined_flow_path(root: &Path, file: &str) -> Result<PathBuf, String> {
    check_flow_file_name(file).map_err(|problem| format!("{file:?}: {problem}"))?;
    let folder = root.join(FLOWS_DIR);
    for (path, what) in [(&folder, "the flows folder"), (&folder.join(file), "the flow file")] {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(format!(
                "{}: {what} is a symbolic link; whisperwire writes only inside the workspace, never through a link",
                path.display()
            ));
        }
    }
    Ok(folder.join(file))
}

/// The flow files of the workspace at `root` (`flows/*.json`), as bare file names.
pub fn flow_files(root: &Path) -> Vec<String> {
    super::folder::json_files(&root.join(FLOWS_DIR))
        .unwrap_or_default()
        .iter()
        .filter_map(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
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

/// The first link format (flows by file path, no bases), read once and carried over: each
/// flow keeps its id and hashes; queues get no base, so publish leaves them alone until a pull.
mod v1 {
    use std::collections::BTreeMap;
    use std::path::Path;

    use serde::Deserialize;

    use super::{FlowBase, LinkError, LinkedFlow, LinkedQueue};

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(super) struct LinkV1 {
        instance_id: String,
        instance_arn: String,
        region: String,
        #[serde(default)]
        profile: Option<String>,
        #[serde(default)]
        all_types: bool,
        #[serde(default)]
        flows: BTreeMap<String, FlowV1>,
        #[serde(default)]
        queues: BTreeMap<String, QueueV1>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct FlowV1 {
        id: String,
        arn: String,
        name: String,
        #[serde(rename = "type")]
        flow_type: String,
        status: String,
        content_sha256: String,
        #[serde(default)]
        last_modified_time: Option<String>,
        local_sha256: String,
    }

    #[derive(Deserialize)]
    struct QueueV1 {
        id: String,
        #[serde(default)]
        arn: Option<String>,
    }

    pub(super) fn migrate(old: LinkV1, path: &Path) -> Result<super::Link, LinkError> {
        let mut link = super::Link::new(&old.instance_id, &old.instance_arn, &old.region);
        link.profile = old.profile;
        link.all_types = old.all_types;
        for (key, flow) in old.flows {
            let Some(file) = key.strip_prefix("flows/") else {
                return Err(LinkError::Entry {
                    path: path.to_owned(),
                    entry: crate::words::quoted(&key),
                    problem: "not a file inside flows/".to_owned(),
                });
            };
            let published = flow.status.eq_ignore_ascii_case("PUBLISHED");
            let base = FlowBase {
                published_sha256: published.then(|| flow.content_sha256.clone()),
                draft_sha256: (!published).then_some(flow.content_sha256),
                file_sha256: flow.local_sha256,
                last_modified_time: flow.last_modified_time,
            };
            link.flows.insert(
                flow.id,
                LinkedFlow {
                    file: file.to_owned(),
                    arn: flow.arn,
                    name: flow.name,
                    flow_type: flow.flow_type,
                    base,
                    pending: None,
                },
            );
        }
        for (name, queue) in old.queues {
            link.queues.insert(queue.id, LinkedQueue { name, arn: queue.arn, base: None, pending: None });
        }
        Ok(link)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link {
        Link::new("i-1", "arn:aws:connect:eu-west-2:123456789012:instance/i-1", "eu-west-2")
    }

    fn linked(file: &str, file_sha256: String) -> LinkedFlow {
        LinkedFlow {
            file: file.into(),
            arn: "arn".into(),
            name: "Sales whisper".into(),
            flow_type: "OUTBOUND_WHISPER".into(),
            base: FlowBase {
                published_sha256: Some("remote".into()),
                draft_sha256: None,
                file_sha256,
                last_modified_time: None,
            },
            pending: None,
        }
    }

    fn write(path: &Path, text: &str) {
        crate::test_support::write(path, text);
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
        saved.flows.insert("f-1".into(), linked("a.json", "x".into()));
        saved.queues.insert(
            "q-1".into(),
            LinkedQueue { name: "US sales".into(), arn: None, base: Some(QueueBase::default()), pending: None },
        );
        saved.save(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Link::load(dir.path()).ok().flatten(), Some(saved));
    }

    #[test]
    fn a_broken_link_file_names_the_file_and_the_place() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write(&dir.path().join(LINK_FILE), "{\n  \"version\": 2,\n  \"instanceId\": 3\n}");
        let error = Link::load(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("connect.json:3:"), "{error}");
    }

    #[test]
    fn link_entries_that_are_paths_are_refused_naming_the_entry() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        for (bad, problem) in [
            ("../x.json", "is a path"),
            ("/etc/passwd.json", "is a path"),
            ("..\\\\x.json", "is a path"),
            ("\\\\\\\\server\\\\share\\\\x.json", "is a path"),
            ("C:\\\\x.json", "is a path"),
            ("C:x.json", "drive letter"),
            ("d:x.json", "drive letter"),
            ("nul.json", "device name on Windows"),
            ("x\\u001b.json", "control characters"),
        ] {
            let text = format!(
                r#"{{"version":2,"instanceId":"i","instanceArn":"a","region":"r","flows":{{"f-1":{{"file":"{bad}","arn":"a","name":"n","type":"OUTBOUND_WHISPER","base":{{"fileSha256":"x"}}}}}}}}"#
            );
            write(&dir.path().join(LINK_FILE), &text);
            let error = Link::load(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(error.contains("connect.json") && error.contains(problem), "{bad}: {error}");
        }
        let text = r#"{"version":2,"instanceId":"i","instanceArn":"a","region":"r","flows":{"../../x":{"file":"a.json","arn":"a","name":"n","type":"T","base":{"fileSha256":"x"}}}}"#;
        write(&dir.path().join(LINK_FILE), text);
        let error = Link::load(dir.path()).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("not a Connect id"), "{error}");
    }

    #[test]
    fn a_first_version_link_is_carried_over_and_its_traversals_refused() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let v1 = r#"{"instanceId":"i","instanceArn":"a","region":"r","flows":{"flows/a.json":{"id":"f-1","arn":"x","name":"A","type":"OUTBOUND_WHISPER","status":"PUBLISHED","contentSha256":"c","localSha256":"l"}},"queues":{"Sales":{"id":"q-1"}}}"#;
        write(&dir.path().join(LINK_FILE), v1);
        let link = Link::load(dir.path()).ok().flatten().unwrap_or_else(link);
        let flow = &link.flows["f-1"];
        assert_eq!((flow.file.as_str(), flow.base.published_sha256.as_deref()), ("a.json", Some("c")));
        assert_eq!(link.queues["q-1"].name, "Sales");
        assert_eq!(link.queues["q-1"].base, None);
        for traversal in ["flows/../../x.json", "flows/..\\\\x.json", "flows/C:x.json"] {
            let bad = v1.replace("flows/a.json", traversal);
            write(&dir.path().join(LINK_FILE), &bad);
            assert!(Link::load(dir.path()).is_err(), "{traversal}");
        }
    }

    #[test]
    fn local_states_tell_unchanged_reformatted_edited_and_missing_files_apart() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let content = r#"{"Version":"2019-10-30","Metadata":{"status":"published"},"Actions":[]}"#;
        write(&root.join("flows/a.json"), content);
        write(
            &root.join("flows/b.json"),
            "{\n  \"Version\": \"2019-10-30\",\n  \"Metadata\": {\"status\": \"published\"},\n  \"Actions\": []\n}\n",
        );
        write(&root.join("flows/c.json"), r#"{"Version":"2019-10-30","Actions":[{"Identifier":"x"}]}"#);
        write(&root.join("flows/new.json"), "{}");
        let mut link = link();
        for (id, file) in [("f-a", "a.json"), ("f-b", "b.json"), ("f-c", "c.json"), ("f-gone", "gone.json")] {
            link.flows.insert(id.into(), linked(file, sha256_hex(content.as_bytes())));
            write_base(root, id, content).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(link.local_state(root, "f-a"), LocalState::Unchanged);
        assert_eq!(link.local_state(root, "f-b"), LocalState::Unchanged, "only the formatting differs");
        assert_eq!(link.local_state(root, "f-c"), LocalState::Edited);
        assert_eq!(link.local_state(root, "f-gone"), LocalState::Missing);
        assert_eq!(link.differing_flows(root), 3);
    }

    #[cfg(unix)]
    #[test]
    fn flow_files_behind_symbolic_links_are_not_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path().join("ws");
        std::fs::create_dir_all(root.join("flows")).unwrap_or_else(|e| panic!("{e}"));
        std::os::unix::fs::symlink(dir.path().join("outside.json"), root.join("flows/x.json"))
            .unwrap_or_else(|e| panic!("{e}"));
        let refused = confined_flow_path(&root, "x.json");
        assert!(refused.as_ref().is_err_and(|e| e.contains("symbolic link")), "{refused:?}");
        assert!(confined_flow_path(&root, "y.json").is_ok());
        assert!(confined_flow_path(&root, "../y.json").is_err());
    }
}
