//! A workspace folder on disk (`instance.json`, `flows/*.json`), opening a single flow file,
//! and saving flows atomically. Lives as long as the designer or CLI command holds it.

use std::path::{Path, PathBuf};

use super::atomic::{SaveError, write_atomic};
use super::instance::{Instance, InstanceError};
use crate::flow_json::{self, LoadError};
use crate::model::FlowDocument;

/// The instance inventory's file name inside a workspace.
pub const INSTANCE_FILE: &str = "instance.json";
/// The folder of flows inside a workspace.
pub const FLOWS_DIR: &str = "flows";

/// An opened workspace: its instance and every flow that could be read. Flows that could not
/// be read are listed with their error; one bad file does not close the workspace.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    /// `None` when the folder has no `instance.json`.
    pub instance: Option<Instance>,
    pub flows: Vec<FlowFile>,
    pub unreadable: Vec<LoadError>,
}

/// One flow and the file it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowFile {
    pub path: PathBuf,
    pub doc: FlowDocument,
}

impl FlowFile {
    /// The flow's name: `Metadata.name`, else the file name without `.json`. Queues refer to
    /// outbound whisper flows by this name.
    pub fn name(&self) -> String {
        self.doc.flow.name.clone().unwrap_or_else(|| file_stem(&self.path))
    }
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// Why a workspace could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: cannot list the folder: {source}", path.display())]
    List { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Instance(#[from] InstanceError),
    #[error(transparent)]
    Flow(#[from] LoadError),
}

/// What a path given on the command line turned out to be.
#[derive(Debug)]
pub enum Opened {
    Workspace(Box<Workspace>),
    /// A single flow file, opened without a workspace (no instance checks).
    Flow(Box<FlowFile>),
}

/// Opens a workspace folder or a single flow file.
pub fn open_path(path: &Path) -> Result<Opened, WorkspaceError> {
    if path.is_dir() {
        return Workspace::open(path).map(|ws| Opened::Workspace(Box::new(ws)));
    }
    let doc = flow_json::load(path)?;
    Ok(Opened::Flow(Box::new(FlowFile { path: path.to_owned(), doc })))
}

impl Workspace {
    /// Reads `instance.json` (if any) and every `flows/*.json`, in file-name order.
    pub fn open(root: &Path) -> Result<Self, WorkspaceError> {
        if !root.is_dir() {
            return Err(WorkspaceError::NotAFolder(root.to_owned()));
        }
        let instance_path = root.join(INSTANCE_FILE);
        let instance = if instance_path.exists() { Some(Instance::load(&instance_path)?) } else { None };
        let mut flows = Vec::new();
        let mut unreadable = Vec::new();
        for path in json_files(&root.join(FLOWS_DIR))? {
            match flow_json::load(&path) {
                Ok(doc) => flows.push(FlowFile { path, doc }),
                Err(error) => unreadable.push(error),
            }
        }
        Ok(Self { root: root.to_owned(), instance, flows, unreadable })
    }

    pub fn flow(&self, name: &str) -> Option<&FlowFile> {
        self.flows.iter().find(|f| f.name() == name)
    }
}

/// The `.json` files directly inside `dir`, sorted; none when the folder does not exist.
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, WorkspaceError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let list_error = |source| WorkspaceError::List { path: dir.to_owned(), source };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(list_error)? {
        let path = entry.map_err(list_error)?.path();
        if path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Saves a flow as canonical flow-language JSON, atomically: a crash leaves the old file or
/// the new one, never half of either.
pub fn save_flow(path: &Path, doc: &FlowDocument) -> Result<(), SaveError> {
    write_atomic(path, flow_json::to_canonical_string(doc).as_bytes())
}

/// Where the designer keeps the recovery copy of a flow with unsaved changes: a hidden file
/// beside it, `.NAME.whisperwire-recovery`, never taken for a flow (it does not end in `.json`).
pub fn recovery_path(flow: &Path) -> PathBuf {
    let name = flow.file_name().map_or_else(|| "flow".into(), |n| n.to_string_lossy().into_owned());
    flow.with_file_name(format!(".{name}.whisperwire-recovery"))
}

/// The sample workspace shipped with whisperwire, when it can be found next to the program or
/// its sources.
pub fn sample_workspace() -> Option<PathBuf> {
    let beside_exe = std::env::current_exe().ok().and_then(|exe| exe.parent().map(|dir| dir.join("samples")));
    let from_sources = Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples"));
    [beside_exe, from_sources].into_iter().flatten().find(|dir| dir.join(INSTANCE_FILE).is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_workspace_opens_with_every_flow_readable() {
        let root = sample_workspace().unwrap();
        let workspace = Workspace::open(&root).unwrap();
        assert!(workspace.unreadable.is_empty(), "{:?}", workspace.unreadable);
        let names: Vec<_> = workspace.flows.iter().map(FlowFile::name).collect();
        assert_eq!(names, ["caller-id-from-attribute", "caller-id-from-lambda", "static-caller-id", "with-mistakes"]);
        let instance = workspace.instance.unwrap();
        for queue in &instance.queues {
            let flow = queue.outbound_whisper_flow.as_deref().unwrap();
            assert!(workspace.flows.iter().any(|f| f.name() == flow), "queue {} names unknown flow {flow}", queue.name);
        }
    }

    #[test]
    fn an_unreadable_flow_is_listed_and_the_rest_still_open() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(FLOWS_DIR)).unwrap();
        std::fs::write(dir.path().join("flows/good.json"), r#"{"Actions": []}"#).unwrap();
        std::fs::write(dir.path().join("flows/bad.json"), "{").unwrap();
        let workspace = Workspace::open(dir.path()).unwrap();
        assert_eq!(workspace.flows.len(), 1);
        assert_eq!(workspace.flows[0].name(), "good");
        assert!(
            workspace.unreadable[0].to_string().contains("bad.json:1:1: EOF while parsing"),
            "{}",
            workspace.unreadable[0]
        );
        assert!(workspace.instance.is_none());
    }

    #[test]
    fn a_saved_flow_reads_back_identical() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.json");
        let doc = FlowDocument::new_outbound_whisper("new");
        save_flow(&path, &doc).unwrap();
        let again = flow_json::load(&path).unwrap();
        assert_eq!(flow_json::to_value(&again), flow_json::to_value(&doc));
        assert_eq!(again.flow.name.as_deref(), Some("new"));
    }
}
