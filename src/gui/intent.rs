//! `Intent`: what a panel asks for. Panels read the document, keep their own UI state, and push
//! intents; the app applies them all at the end of the frame, in one place that owns undo
//! history, revalidation and the dirty flag.

use std::path::PathBuf;

use crate::instance::Queue;
use crate::model::{ActionId, Edit, Position};
use crate::workspace::calls::SavedCall;

/// One request from the user, collected during a frame.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Intent {
    /// Change the document. Consecutive edits with the same `merge` key are one undo step
    /// (typing in one field).
    Edit {
        edit: Edit,
        merge: Option<MergeKey>,
    },
    Undo,
    Redo,
    /// Make these blocks the selection.
    Select(Vec<ActionId>),
    /// Select a block and centre the canvas on it.
    Reveal(ActionId),
    /// Add a new block of a modelled type at a canvas position (`None`: the middle of the view).
    AddBlock {
        type_name: String,
        at: Option<Position>,
    },
    /// Delete these blocks (wires into them are unwired).
    Delete(Vec<ActionId>),
    Copy,
    Paste,
    SelectAll,
    FitView,
    /// Create an outbound whisper flow with this name in the workspace, and open it.
    NewFlow {
        name: String,
    },
    /// Open the workspace's flow at this index of the flow list.
    SwitchFlow(usize),
    Save,
    SaveAs(PathBuf),
    /// Open a workspace folder or a flow file.
    Open(PathBuf),
    /// Publish the open flow (refused while errors remain).
    Publish,
    /// Replace a queue's settings in the instance (by the queue's current name).
    UpdateQueue {
        name: String,
        queue: Box<Queue>,
    },
    SetDarkMode(bool),
    /// Save a test call as `calls/<name>.json` in the workspace.
    SaveTestCall {
        name: String,
        call: Box<SavedCall>,
    },
    /// Write a caller-ID matrix as CSV next to the workspace's test calls.
    ExportMatrix {
        flow: String,
        csv: String,
    },
    /// Open a dialog or window.
    Ask(Ask),
    /// Forget the open flow's unsaved changes (the user chose "Don't save").
    DiscardChanges,
    /// Replace the open flow with its recovery copy (left by a crash), unsaved.
    Recover(PathBuf),
    /// Delete a recovery copy the user does not want.
    DiscardRecovery(PathBuf),
    /// Leave the application (asks first when there are unsaved changes).
    Quit,
}

/// Dialogs and windows a menu or button can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask {
    NewFlowName,
    TestCall,
    OpenPath,
    SaveAsPath,
    Queues,
}

/// What makes consecutive edits one undo step: the block and the field being edited.
pub type MergeKey = (ActionId, &'static str);

impl Intent {
    /// An edit that is its own undo step.
    pub fn edit(edit: Edit) -> Self {
        Self::Edit { edit, merge: None }
    }

    /// An edit merged with the previous one when both edit `field` of block `id`.
    pub fn typing(edit: Edit, id: &ActionId, field: &'static str) -> Self {
        Self::Edit { edit, merge: Some((id.clone(), field)) }
    }
}
