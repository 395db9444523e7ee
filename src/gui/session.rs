//! `Session`: the workspace the window shows (its folder, instance and flow list). Lives until
//! another workspace or file is opened.

use std::path::{Path, PathBuf};

use super::editor::Editor;
use crate::flow_json;
use crate::instance::Instance;
use crate::model::FlowStatus;
use crate::workspace::calls::{SavedCall, list_calls};
use crate::workspace::folder::{FLOWS_DIR, INSTANCE_FILE, Workspace, WorkspaceError};

/// One line of the flow list.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowSummary {
    pub path: PathBuf,
    pub name: String,
    pub type_label: String,
    pub status: Option<FlowStatus>,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Default)]
pub struct Session {
    /// The workspace folder; `None` when a single flow file is open.
    pub root: Option<PathBuf>,
    pub instance: Option<Instance>,
    pub flows: Vec<FlowSummary>,
    /// Flow files that could not be read, with the reason.
    pub unreadable: Vec<String>,
    /// The workspace's saved test calls (`calls/*.json`), by file stem.
    pub saved_calls: Vec<(String, SavedCall)>,
}

impl Session {
    /// Opens a workspace folder (and its first flow) or a single flow file (and the instance of
    /// the workspace it sits in, if any).
    pub fn open(path: &Path) -> Result<(Self, Option<Editor>), WorkspaceError> {
        if path.is_dir() {
            let workspace = Workspace::open(path)?;
            let mut session = Self { root: Some(path.to_owned()), instance: workspace.instance, ..Self::default() };
            session.unreadable = workspace.unreadable.iter().map(ToString::to_string).collect();
            let first = workspace.flows.into_iter().next();
            session.refresh();
            let editor = first.map(|f| Editor::new(Some(f.path), f.doc, session.instance.as_ref()));
            return Ok((session, editor));
        }
        let doc = flow_json::load(path)?;
        let root = path.parent().filter(|dir| dir.ends_with(FLOWS_DIR)).and_then(Path::parent).map(Path::to_owned);
        let instance = match root.as_ref().map(|r| r.join(INSTANCE_FILE)).filter(|p| p.is_file()) {
            Some(file) => Some(Instance::load(&file)?),
            None => None,
        };
        let editor = Editor::new(Some(path.to_owned()), doc, instance.as_ref());
        let mut session = Self { root, instance, ..Self::default() };
        session.refresh();
        if session.flows.is_empty() {
            session.flows.push(summary_of(&editor));
        }
        Ok((session, Some(editor)))
    }

    /// Re-reads the flow list and the saved test calls from disk (after a save or a new flow).
    pub fn refresh(&mut self) {
        let Some(root) = &self.root else { return };
        let Ok(workspace) = Workspace::open(root) else {
            return;
        };
        self.unreadable = workspace.unreadable.iter().map(ToString::to_string).collect();
        self.flows = workspace
            .flows
            .into_iter()
            .map(|f| {
                let editor = Editor::new(Some(f.path), f.doc, self.instance.as_ref());
                summary_of(&editor)
            })
            .collect();
        self.refresh_calls();
    }

    /// Re-reads `calls/*.json`; a file that cannot be read is reported with the flows'.
    pub fn refresh_calls(&mut self) {
        let Some(root) = &self.root else { return };
        self.saved_calls.clear();
        for path in list_calls(root).unwrap_or_default() {
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            match SavedCall::load(&path) {
                Ok(call) => self.saved_calls.push((stem, call)),
                Err(error) => self.unreadable.push(error.to_string()),
            }
        }
    }

    /// Where a new flow called `name` is saved: `flows/<name>.json` in the workspace.
    pub fn path_for_new_flow(&self, name: &str) -> Option<PathBuf> {
        let stem = crate::workspace::names::file_stem(name);
        Some(self.root.as_ref()?.join(FLOWS_DIR).join(format!("{stem}.json")))
    }

    /// The flow list's names and statuses, for the Queues view.
    pub fn flow_statuses(&self) -> Vec<(String, Option<FlowStatus>)> {
        self.flows.iter().map(|f| (f.name.clone(), f.status)).collect()
    }

    /// Saves the instance inventory after a change in the Queues view.
    pub fn save_instance(&self) -> Result<(), String> {
        let (Some(root), Some(instance)) = (&self.root, &self.instance) else {
            return Err("no workspace folder to save instance.json in".into());
        };
        instance.save(&root.join(INSTANCE_FILE)).map_err(|e| e.to_string())
    }
}

/// The flow-list line of an open flow.
pub fn summary_of(editor: &Editor) -> FlowSummary {
    FlowSummary {
        path: editor.path.clone().unwrap_or_default(),
        name: editor.flow_name(),
        type_label: editor.doc.flow.flow_type.as_ref().map_or_else(|| "Unknown type".into(), |t| t.label().to_owned()),
        status: editor.doc.flow.status,
        errors: editor.report.errors(),
        warnings: editor.report.warnings(),
    }
}
