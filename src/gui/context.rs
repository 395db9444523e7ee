//! `FrameContext`: what every panel of the open flow reads during one frame (the document, its
//! report and markers, the instance, the selection, the revision, the saved calls, the flow's
//! name and state, the theme), and where it sends its intents. Built by the app at the start of
//! a frame, dropped at its end; panels take `(ui, cx)` plus their own UI state.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use super::commands::CommandState;
use super::editor::Editor;
use super::flow_state::{FlowState, History};
use super::intent::Intent;
use crate::diff::BlockMark;
use crate::instance::Instance;
use crate::model::{ActionId, FlowDocument};
use crate::validation::{Report, Severity};
use crate::workspace::calls::SavedCall;

/// Each block's worst finding (notes aside) and how many it has.
pub type Markers = HashMap<ActionId, (Severity, usize)>;

static NO_MARKERS: LazyLock<Markers> = LazyLock::new(HashMap::new);

/// The id of the properties panel's first field: Enter on the canvas moves the keyboard there.
pub fn properties_focus_id() -> egui::Id {
    egui::Id::new("properties-first-field")
}

pub struct FrameContext<'a> {
    pub doc: &'a FlowDocument,
    pub report: &'a Report,
    pub markers: &'a Markers,
    pub instance: Option<&'a Instance>,
    pub selection: &'a [ActionId],
    /// Bumped by every change of the document.
    pub revision: u64,
    /// The workspace's saved test calls, by file stem.
    pub saved_calls: &'a [(String, SavedCall)],
    /// The name queues know the flow by.
    pub flow_name: &'a str,
    /// New, never published, published (with unpublished changes), as the status bar and the
    /// flow list say.
    pub state: FlowState,
    pub dark_mode: bool,
    /// What the command table needs to enable commands (canvas context menu).
    pub commands: CommandState,
    /// Each block's mark while the flow is compared with another version.
    pub marks: Option<&'a BTreeMap<ActionId, BlockMark>>,
    /// Amazon Connect's own findings on this flow at the last publish (it refused the content).
    #[cfg(feature = "aws")]
    pub remote_findings: &'a [String],
    intents: RefCell<Vec<Intent>>,
}

impl<'a> FrameContext<'a> {
    /// A context for `doc` alone: no instance, nothing selected, no saved calls. Panels' tests
    /// start here and add what they need.
    pub fn new(doc: &'a FlowDocument, report: &'a Report) -> Self {
        Self {
            doc,
            report,
            markers: &NO_MARKERS,
            instance: None,
            selection: &[],
            revision: 0,
            saved_calls: &[],
            flow_name: "",
            state: FlowState::of_file(doc.flow.status, History::default()),
            dark_mode: true,
            commands: CommandState { flow_open: true, ..CommandState::default() },
            marks: None,
            #[cfg(feature = "aws")]
            remote_findings: &[],
            intents: RefCell::new(Vec::new()),
        }
    }

    /// The context of the flow open in `editor`.
    pub fn of(editor: &'a Editor, flow_name: &'a str, commands: CommandState) -> Self {
        Self {
            markers: &editor.markers,
            instance: editor.instance(),
            selection: &editor.selection,
            revision: editor.revision(),
            flow_name,
            state: editor.state(),
            commands,
            ..Self::new(&editor.doc, &editor.report)
        }
    }

    #[must_use]
    pub fn with_instance(mut self, instance: Option<&'a Instance>) -> Self {
        self.instance = instance;
        self
    }

    #[must_use]
    pub fn with_selection(mut self, selection: &'a [ActionId]) -> Self {
        self.selection = selection;
        self
    }

    #[must_use]
    pub fn with_marks(mut self, marks: Option<&'a BTreeMap<ActionId, BlockMark>>) -> Self {
        self.marks = marks;
        self
    }

    #[cfg(feature = "aws")]
    #[must_use]
    pub fn with_remote_findings(mut self, findings: &'a [String]) -> Self {
        self.remote_findings = findings;
        self
    }

    #[must_use]
    pub fn with_dark_mode(mut self, dark_mode: bool) -> Self {
        self.dark_mode = dark_mode;
        self
    }

    #[must_use]
    pub fn with_saved_calls(mut self, saved_calls: &'a [(String, SavedCall)]) -> Self {
        self.saved_calls = saved_calls;
        self
    }

    /// Asks the app for something; applied at the end of the frame.
    pub fn send(&self, intent: impl Into<Intent>) {
        self.intents.borrow_mut().push(intent.into());
    }

    /// Sends every intent of `intents`, in order.
    pub fn send_all(&self, intents: impl IntoIterator<Item = Intent>) {
        self.intents.borrow_mut().extend(intents);
    }

    /// The intents sent this frame, in order.
    pub fn into_intents(self) -> Vec<Intent> {
        self.intents.into_inner()
    }
}
