//! A workspace folder on disk (`instance.json`, `flows/*.json`), the one entry that opens any
//! path the user names (a workspace, a folder of flows, a flow file), and saving flows
//! atomically. Lives as long as the designer or CLI command holds it.

use std::path::{Path, PathBuf};

use super::atomic::{SaveError, create_parent, write_atomic};
use super::instance::InstanceError;
pub use super::names::{FLOWS_DIR, INSTANCE_FILE};
use super::names::{flow_name, is_workspace, workspace_of_flow};
use crate::flow_json::{self, LoadError};
use crate::instance::Instance;
use crate::model::FlowDocument;

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
        flow_name(&self.doc, Some(&self.path))
    }
}

/// Why a workspace could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("{}: not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("{}: no such file or folder", .0.display())]
    NotFound(PathBuf),
    #[error("{}: cannot read: {source}", path.display())]
    Unreachable { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot list the folder: {source}", path.display())]
    List { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Instance(#[from] InstanceError),
    #[error(transparent)]
    Flow(#[from] LoadError),
}

/// What a path the user named turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// A folder holding `instance.json` and/or `flows/`: its flows are `flows/*.json`.
    Workspace,
    /// Any other folder: each `*.json` directly in it (but `instance.json`) is a flow.
    Folder,
    /// A single flow file.
    FlowFile,
}

/// A path opened by [`open_path`]: its flows, read, and where its instance would be.
#[derive(Debug)]
pub struct Opened {
    pub path: PathBuf,
    pub kind: PathKind,
    /// The workspace the path belongs to: the folder itself, or for a flow file the parent of
    /// the `flows/` folder it sits in. `None` for a lone file; for a plain folder, the folder.
    pub root: Option<PathBuf>,
    /// Every flow that could be read, in file-name order (a flow file: just that one).
    pub flows: Vec<FlowFile>,
    /// Every flow file (or folder) that could not be read; the rest are still opened.
    pub unreadable: Vec<WorkspaceError>,
}

impl Opened {
    /// The instance inventory of the path's workspace: `None` when there is no workspace or it
    /// has no `instance.json`. Read on demand: not every caller needs it.
    pub fn instance(&self) -> Result<Option<Instance>, InstanceError> {
        let Some(file) = self.root.as_ref().map(|root| root.join(INSTANCE_FILE)).filter(|file| file.is_file()) else {
            return Ok(None);
        };
        Instance::load(&file).map(Some)
    }
}

/// How [`open_path_with`] lists a folder's flows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpenOptions {
    /// Also the `*.json` files in subfolders, at any depth (hidden folders and symbolic links to
    /// folders aside).
    pub recursive: bool,
}

/// Opens any path the user names: a workspace folder, a folder of flow files, or a flow file.
/// Only a path that does not exist is an error; unreadable flows are listed in the result.
pub fn open_path(path: &Path) -> Result<Opened, WorkspaceError> {
    open_path_with(path, OpenOptions::default())
}

/// [`open_path`], listing folders as `options` says.
pub fn open_path_with(path: &Path, options: OpenOptions) -> Result<Opened, WorkspaceError> {
    let list = |dir: &Path| if options.recursive { json_files_recursive(dir) } else { json_files(dir) };
    match path.try_exists() {
        Ok(true) => {}
        Ok(false) => return Err(WorkspaceError::NotFound(path.to_owned())),
        Err(source) => return Err(WorkspaceError::Unreachable { path: path.to_owned(), source }),
    }
    let (kind, root, files) = if !path.is_dir() {
        (PathKind::FlowFile, workspace_of_flow(path), Ok(vec![path.to_owned()]))
    } else if is_workspace(path) {
        (PathKind::Workspace, Some(path.to_owned()), list(&path.join(FLOWS_DIR)))
    } else {
        let files = list(path).map(|files| {
            files.into_iter().filter(|f| f.file_name().is_none_or(|name| name != INSTANCE_FILE)).collect()
        });
        (PathKind::Folder, Some(path.to_owned()), files)
    };
    let mut opened = Opened { path: path.to_owned(), kind, root, flows: Vec::new(), unreadable: Vec::new() };
    match files {
        Ok(files) => {
            let (flows, unreadable) = read_flows(files);
            opened.flows = flows;
            opened.unreadable = unreadable.into_iter().map(WorkspaceError::Flow).collect();
        }
        Err(error) => opened.unreadable.push(error),
    }
    Ok(opened)
}

/// Reads each flow file; the ones that cannot be read come back with their error.
fn read_flows(files: Vec<PathBuf>) -> (Vec<FlowFile>, Vec<LoadError>) {
    let mut flows = Vec::new();
    let mut unreadable = Vec::new();
    for path in files {
        match flow_json::load(&path) {
            Ok(doc) => flows.push(FlowFile { path, doc }),
            Err(error) => unreadable.push(error),
        }
    }
    (flows, unreadable)
}

impl Workspace {
    /// Reads `instance.json` (if any) and every `flows/*.json`, in file-name order.
    pub fn open(root: &Path) -> Result<Self, WorkspaceError> {
        if !root.is_dir() {
            return Err(WorkspaceError::NotAFolder(root.to_owned()));
        }
        let instance_path = root.join(INSTANCE_FILE);
        let instance = if instance_path.exists() { Some(Instance::load(&instance_path)?) } else { None };
        let (flows, unreadable) = read_flows(json_files(&root.join(FLOWS_DIR))?);
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

/// The `.json` files inside `dir` and its subfolders at any depth, sorted by path. Hidden folders
/// (`.whisperwire`, `.git`) and symbolic links to folders are not entered, so a link cannot
/// make the walk loop. None when the folder does not exist.
pub fn json_files_recursive(dir: &Path) -> Result<Vec<PathBuf>, WorkspaceError> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        if !folder.is_dir() {
            continue;
        }
        let list_error = |source| WorkspaceError::List { path: folder.clone(), source };
        for entry in std::fs::read_dir(&folder).map_err(list_error)? {
            let entry = entry.map_err(list_error)?;
            let path = entry.path();
            let file_type = entry.file_type().map_err(list_error)?;
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if file_type.is_dir() {
                if !hidden {
                    pending.push(path);
                }
            } else if path.is_file() && path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Saves a flow as flow-language JSON in its file's own layout (line endings and indentation
/// as read; canonical for a new flow), atomically: a crash leaves the old file or the new one,
/// never half of either. The file's folder is created when missing.
pub fn save_flow(path: &Path, doc: &FlowDocument) -> Result<(), SaveError> {
    create_parent(path)?;
    write_atomic(path, flow_json::to_file_string(doc).as_bytes())
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
    fn a_recursive_open_finds_flows_in_subfolders_but_not_in_hidden_ones() {
        let dir = tempfile::tempdir().unwrap();
        let flow = r#"{"Actions": []}"#;
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
        std::fs::write(dir.path().join("top.json"), flow).unwrap();
        std::fs::write(dir.path().join("a/b/deep.json"), flow).unwrap();
        std::fs::write(dir.path().join(".hidden/secret.json"), flow).unwrap();
        let flat = open_path(dir.path()).unwrap();
        assert_eq!(flat.flows.len(), 1);
        let deep = open_path_with(dir.path(), OpenOptions { recursive: true }).unwrap();
        let names: Vec<_> = deep.flows.iter().map(FlowFile::name).collect();
        assert_eq!(names, ["deep", "top"]);
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

    #[test]
    fn a_crlf_four_space_file_edited_once_differs_in_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("static-caller-id.json");
        let sample = sample_workspace().unwrap().join("flows/static-caller-id.json");
        let canonical = std::fs::read_to_string(sample).unwrap();
        let windows = canonical.replace("  ", "    ").replace('\n', "\r\n");
        std::fs::write(&path, &windows).unwrap();
        let mut doc = flow_json::load(&path).unwrap();
        doc.flow.description = Some("Edited once".into());
        save_flow(&path, &doc).unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        let before: Vec<&str> = windows.split("\r\n").collect();
        let after: Vec<&str> = saved.split("\r\n").collect();
        assert_eq!(before.len(), after.len(), "{saved}");
        let changed: Vec<_> = before.iter().zip(&after).filter(|(a, b)| a != b).collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].1.starts_with("        \"description\": \"Edited once\""), "{changed:?}");
        assert!(!saved.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
    }
}
