//! `Intent`: what a panel asks for. Panels read the frame context, keep their own UI state, and
//! send intents; the app applies them all at the end of the frame, in one place that owns undo
//! history, revalidation and the dirty flag.
//!
//! Four kinds: a user [`UiCommand`] from the command table; an [`Edit`] of the document; a
//! change of selection or view; and a [`SystemCommand`], the work a panel or dialog asks the
//! app to do with what it needs (a path, a queue, a test call).

use std::path::PathBuf;

use super::canvas::Pin;
use super::commands::UiCommand;
use crate::instance::Queue;
use crate::model::{ActionId, Edit, Position};
use crate::workspace::calls::SavedCall;

/// One request, collected during a frame.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Intent {
    /// A command from the command table (menu, toolbar, shortcut, context menu).
    Command(UiCommand),
    /// Change the document. Consecutive edits with the same `merge` key are one undo step
    /// (typing in one field).
    Edit { edit: Edit, merge: Option<MergeKey> },
    /// Make these blocks the selection.
    Select(Vec<ActionId>),
    /// Select a block and centre the canvas on it.
    Reveal(ActionId),
    /// Add a new block of a modelled type at a canvas position (`None`: placed by the canvas,
    /// after the selected block), wired from a branch pin when one is given.
    AddBlock { type_name: String, at: Option<Position>, from: Option<Pin> },
    /// Internal work with its arguments.
    System(SystemCommand),
}

/// Work a panel or a dialog asks the app to do, with what it needs. Not in any menu.
#[derive(Debug, Clone, PartialEq)]
pub enum SystemCommand {
    /// Create an outbound whisper flow with this name in the workspace, and open it.
    NewFlow {
        name: String,
    },
    /// Open the workspace's flow at this index of the flow list.
    SwitchFlow(usize),
    /// Open the flow at this path: a listed flow, or a new one left open in this session.
    SwitchTo(PathBuf),
    /// Open a workspace folder or a flow file.
    Open(PathBuf),
    SaveAs(PathBuf),
    /// Compare the open flow with the flow in this file.
    CompareWith(PathBuf),
    /// Replace a queue's settings in the instance (by the queue's current name).
    UpdateQueue {
        name: String,
        queue: Box<Queue>,
    },
    /// Save a test call as `calls/<name>.json` in the workspace.
    SaveTestCall {
        name: String,
        call: Box<SavedCall>,
    },
    /// Open the flow in this file, set the Test call tab to this call and play it (a square of
    /// the audit view).
    PlayAuditCall {
        flow: PathBuf,
        scenario: Box<crate::simulation::Scenario>,
    },
    /// Write a caller-ID matrix as CSV next to the workspace's test calls.
    ExportMatrix {
        flow: String,
        csv: String,
    },
    /// Forget the open flow's unsaved changes (the user chose "Don't save").
    DiscardChanges,
    /// Forget the unsaved changes of every flow, open or left open in the session.
    DiscardAll,
    /// Open a recovery copy left by a window that ended without saving, as unsaved changes.
    Recover(PathBuf),
    /// Delete a recovery copy the user does not want.
    DiscardRecovery(PathBuf),
    /// The next save may write over a file that changed, was deleted, or already exists (the
    /// user said so).
    AllowOverwrite,
    /// The open flow's file changed or went away outside the window: keep this window's version
    /// (the next save writes it).
    KeepMine,
    /// The open flow's file changed outside the window: read it again, dropping unsaved changes.
    TakeTheirs,
    /// What a pull or publish dialog asks for once its worker is done.
    #[cfg(feature = "aws")]
    Connect(super::connect::ConnectCommand),
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

impl From<UiCommand> for Intent {
    fn from(command: UiCommand) -> Self {
        Intent::Command(command)
    }
}

impl From<SystemCommand> for Intent {
    fn from(command: SystemCommand) -> Self {
        Intent::System(command)
    }
}
