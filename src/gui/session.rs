//! `Session`: the workspace the window shows (its folder, instance and flow list), and the
//! editors of the flows opened then left in it: their unsaved changes and undo history stay in
//! memory and come back with them. Lives until another workspace or file is opened.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::editor::Editor;
use super::flow_state::{FlowState, History};
use crate::instance::Instance;
use crate::model::{FlowDocument, FlowStatus};
use crate::validation::{self, Report};
use crate::workspace::calls::{SavedCall, list_calls};
use crate::workspace::link::Link;
use crate::workspace::names::{self, FLOWS_DIR, INSTANCE_FILE};
use crate::workspace::{FlowFile, PathKind, WorkspaceError, open_path};

/// One line of the flow list.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowSummary {
    pub path: PathBuf,
    pub name: String,
    pub type_label: String,
    /// `Metadata.status` in the file.
    pub status: Option<FlowStatus>,
    /// What the list shows: the file's status, or the state of the flow's editor.
    pub state: FlowState,
    pub errors: usize,
    pub warnings: usize,
    /// The flow has changes in this window that its file does not hold.
    pub unsaved: bool,
}

#[derive(Debug, Default)]
pub struct Session {
    /// The workspace folder; `None` when a single flow file is open.
    pub root: Option<PathBuf>,
    /// Shared with the open flow's editor, which validates against it.
    pub instance: Option<Arc<Instance>>,
    pub flows: Vec<FlowSummary>,
    /// Flow files that could not be read, with the reason.
    pub unreadable: Vec<String>,
    /// The workspace's saved test calls (`calls/*.json`), by file stem.
    pub saved_calls: Vec<(String, SavedCall)>,
    /// The workspace's link to Amazon Connect, as the status bar shows it (read on open and
    /// on every refresh: it hashes the flow files).
    #[cfg(feature = "aws")]
    pub link: Option<super::connect::LinkSummary>,
    /// What the link records of each linked flow (published before, a draft in Connect), by
    /// file name under `flows/`; read with the link.
    linked: BTreeMap<String, History>,
    /// The editors of flows opened in this session and then left for another, by path: with
    /// their unsaved changes, undo history and file base (new flows not saved yet included).
    kept: BTreeMap<PathBuf, Editor>,
    /// The workspace's lock, held while this window has it open: one writer per workspace.
    lock: Option<crate::workspace::lock::WorkspaceLock>,
    /// Who else is writing the workspace, when this window could not take its lock: the
    /// window is then read-only.
    pub read_only: Option<String>,
}

impl Session {
    /// Opens a workspace folder (and its first flow) or a single flow file (and the instance of
    /// the workspace it sits in, if any).
    pub fn open(path: &Path) -> Result<(Self, Option<Editor>), WorkspaceError> {
        let mut opened = open_path(path)?;
        sort_flows(&mut opened.flows);
        let instance = opened.instance()?.map(Arc::new);
        let mut session = Self { root: opened.root.clone(), instance, ..Self::default() };
        if let Some(root) = &session.root {
            match crate::workspace::lock::WorkspaceLock::acquire(root, "the designer") {
                Ok(lock) => session.lock = Some(lock),
                Err(crate::workspace::lock::LockError::Held { holder, .. }) => {
                    session.read_only = Some(holder.map_or_else(|| "another process".to_owned(), |h| h.to_string()));
                }
                // A workspace that cannot be locked (a read-only folder) is read-only here too.
                Err(error) => session.read_only = Some(error.to_string()),
            }
        }
        if opened.kind == PathKind::FlowFile {
            if opened.flows.is_empty() {
                return Err(opened.unreadable.remove(0));
            }
            // The list is the workspace's the file sits in, if any.
            session.refresh();
        } else {
            session.read_link();
            session.list(&opened.flows, &opened.unreadable);
            session.refresh_calls();
        }
        let first = opened.flows.into_iter().next();
        let editor = first.map(|f| {
            let disk = crate::workspace::file_base::FileBase::read(&f.path);
            let mut editor = Editor::new(Some(f.path), f.doc, session.instance.clone());
            editor.disk = disk;
            editor.set_linked(session.linked(editor.path.as_deref()));
            editor
        });
        if session.flows.is_empty()
            && let Some(editor) = &editor
        {
            session.flows.push(summary_of(editor));
        }
        Ok((session, editor))
    }

    /// Lets go of the workspace's lock (before this window opens a workspace again).
    pub fn release_lock(&mut self) {
        self.lock = None;
    }

    /// Takes the workspace's lock again after [`Session::release_lock`], when opening another
    /// path failed.
    pub fn relock(&mut self) {
        if let (Some(root), None, None) = (&self.root, &self.lock, &self.read_only) {
            self.lock = crate::workspace::lock::WorkspaceLock::acquire(root, "the designer").ok();
        }
    }

    /// Re-reads the flow list, the link and the saved test calls from disk (after a save or a
    /// new flow).
    pub fn refresh(&mut self) {
        let Some(root) = &self.root else { return };
        let Ok(mut opened) = open_path(root) else {
            return;
        };
        sort_flows(&mut opened.flows);
        self.read_link();
        self.list(&opened.flows, &opened.unreadable);
        self.refresh_calls();
    }

    /// Reads the workspace's link again (after a save, a pull or a publish): what it records of
    /// each flow and, with Amazon Connect built in, the status bar's summary.
    fn read_link(&mut self) {
        let link = self.root.as_deref().and_then(|root| Link::load(root).ok().flatten());
        self.linked = link
            .iter()
            .flat_map(|link| link.flows.values())
            .map(|flow| (flow.file.clone(), History::of_base(&flow.base)))
            .collect();
        #[cfg(feature = "aws")]
        {
            self.link = self.root.as_deref().zip(link).map(|(root, link)| super::connect::LinkSummary::of(&link, root));
        }
    }

    /// What the link records of the flow file at `path`; `None` when it is not a linked flow
    /// of this workspace.
    pub fn linked(&self, path: Option<&Path>) -> Option<History> {
        let path = path?;
        let root = self.root.as_ref()?;
        if path.parent() != Some(root.join(FLOWS_DIR).as_path()) {
            return None;
        }
        self.linked.get(path.file_name()?.to_str()?).copied()
    }

    /// Fills the flow list: each flow's name and state, and its counts against the workspace's
    /// instance.
    fn list(&mut self, flows: &[FlowFile], unreadable: &[WorkspaceError]) {
        self.unreadable = unreadable.iter().map(ToString::to_string).collect();
        let instance = self.instance.as_deref();
        self.flows = flows
            .iter()
            .map(|f| {
                let name = f.name();
                let history = self.linked(Some(&f.path)).unwrap_or_default();
                let context = validation::Context {
                    instance,
                    flow_name: Some(&name),
                    published_before: history.published_before,
                };
                let report = validation::validate(&f.doc, context);
                summary(f.path.clone(), name, &f.doc, &report, history)
            })
            .collect();
    }

    /// Re-reads `calls/*.json`; a file that cannot be read is reported with the flows'.
    pub fn refresh_calls(&mut self) {
        let Some(root) = &self.root else { return };
        self.saved_calls.clear();
        for path in list_calls(root).unwrap_or_default() {
            match SavedCall::load(&path) {
                Ok(call) => self.saved_calls.push((names::stem_of(&path), call)),
                Err(error) => self.unreadable.push(error.to_string()),
            }
        }
    }

    /// Where a new flow called `name` is saved: `flows/<name>.json` in the workspace.
    pub fn path_for_new_flow(&self, name: &str) -> Option<PathBuf> {
        Some(names::flow_path(self.root.as_ref()?, name))
    }

    /// The flow list's names and states, for the Queues view.
    pub fn flow_states(&self) -> Vec<(String, FlowState)> {
        self.flows.iter().map(|f| (f.name.clone(), f.state)).collect()
    }

    /// Whether leaving `editor` for another flow loses nothing: it has no unsaved changes, or
    /// a path to be kept under.
    pub fn can_keep(editor: &Editor) -> bool {
        !editor.is_dirty() || editor.path.is_some()
    }

    /// Keeps the editor of a flow being left for another, for the rest of the session, unsaved
    /// changes included. A discarded flow is not kept (its document is not its file's), nor a
    /// flow without a path (see [`Session::can_keep`]).
    pub fn keep(&mut self, editor: Editor) {
        if editor.is_discarded() || (!editor.is_dirty() && !editor.is_on_disk()) {
            return;
        }
        if let Some(path) = editor.path.clone() {
            self.kept.insert(path, editor);
        }
    }

    /// The kept editor of the flow at `path`, if any.
    pub fn kept(&self, path: &Path) -> Option<&Editor> {
        self.kept.get(path)
    }

    /// Takes back the kept editor of the flow at `path`. One with unsaved changes (or a new flow)
    /// always comes back, with its file base: the save guard and the disk watch tell about an
    /// outside change. A clean one comes back when its file (read again as `on_disk`) has not
    /// changed since: else the file wins and the editor is forgotten.
    pub fn take_kept(&mut self, path: &Path, on_disk: Option<&FlowDocument>) -> Option<Editor> {
        let editor = self.kept.remove(path)?;
        if editor.is_dirty() || !editor.is_on_disk() {
            return Some(editor);
        }
        let unchanged =
            on_disk.is_some_and(|d| crate::flow_json::to_value(&editor.doc) == crate::flow_json::to_value(d));
        unchanged.then_some(editor)
    }

    /// Takes the kept editor of the flow at `path`, whatever its file holds.
    pub fn take(&mut self, path: &Path) -> Option<Editor> {
        self.kept.remove(path)
    }

    /// The kept flows with unsaved changes, by path.
    pub fn unsaved(&self) -> impl Iterator<Item = &Editor> {
        self.kept.values().filter(|e| e.is_dirty())
    }

    /// The kept flows no file holds yet (new flows left before their first save).
    pub fn kept_new(&self) -> impl Iterator<Item = &Editor> {
        self.kept.values().filter(|e| !e.is_on_disk())
    }

    /// Forgets the unsaved changes of every kept flow (the user chose "Don't save"); returns
    /// their recovery copies' keys.
    pub fn discard_unsaved(&mut self) -> Vec<String> {
        let keys = self.unsaved().map(Editor::recovery_key).collect();
        self.kept.retain(|_, e| !e.is_dirty());
        keys
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
    let path = editor.path.clone().unwrap_or_default();
    let base = summary(path, editor.flow_name(), &editor.doc, &editor.report, editor.history());
    FlowSummary { state: editor.state(), unsaved: editor.is_dirty(), ..base }
}

/// The flow list's order: by name, ignoring case ("caller…" before "UK…"), then by file.
fn sort_flows(flows: &mut [FlowFile]) {
    flows.sort_by_cached_key(|f| (f.name().to_lowercase(), f.path.clone()));
}

fn summary(path: PathBuf, name: String, doc: &FlowDocument, report: &Report, history: History) -> FlowSummary {
    FlowSummary {
        path,
        name,
        type_label: doc.flow.flow_type.as_ref().map_or_else(|| "Unknown type".into(), |t| t.label().to_owned()),
        status: doc.flow.status,
        state: FlowState::of_file(doc.flow.status, history),
        errors: report.errors(),
        warnings: report.warnings(),
        unsaved: false,
    }
}
