//! `Editor`: the flow open in the window, with its undo history, dirty flag, selection, state
//! (new, never published, published, published with unpublished changes) and live validation
//! report against the workspace's instance. Lives while the flow is open, and for the rest of
//! the session once another flow is opened from the list (kept by the `Session`, so its undo
//! history comes back with it).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::context::Markers;
use super::flow_state::{FlowState, History};
use super::intent::MergeKey;
use crate::instance::Instance;
use crate::model::{ActionId, Edit, EditError, FlowDocument, FlowStatus};
use crate::validation::{Context, Report, Severity, validate};
use crate::workspace::file_base::FileBase;
use crate::workspace::names;
use crate::workspace::recovery::copy_key;

/// What the window last saw of a flow's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    File(FileBase),
    Gone,
}

pub struct Editor {
    /// Where the flow is saved; `None` until it is saved once.
    pub path: Option<PathBuf>,
    pub doc: FlowDocument,
    pub report: Report,
    /// Each block's worst finding (notes aside) and how many it has, from `report`: what the
    /// canvas marks. Kept with the report so a frame does not search it once per block.
    pub markers: Markers,
    pub selection: Vec<ActionId>,
    /// The instance the flow is validated against (shared with the session).
    instance: Option<Arc<Instance>>,
    /// Each step: the edit that undoes it, its merge key, and the content the document had
    /// before it (see `content`).
    undo: Vec<(Edit, Option<MergeKey>, u64)>,
    /// Each step: the edit that redoes it and the content it leads to.
    redo: Vec<(Edit, u64)>,
    /// Bumped by every change; the canvas rebuilds when it moves.
    revision: u64,
    /// Which content the document holds: a new number for every new content, the number of an
    /// earlier one when undo or redo goes back to it. Undoing back to the saved content is clean.
    content: u64,
    /// The content the file holds (as of the last save or read).
    saved_content: u64,
    /// Whether a file holds the flow: false for a flow created in the window until its first save.
    on_disk: bool,
    /// The content (see `content`) the flow last had when published (or opened published); `None` when it
    /// was not published in this session nor when opened.
    published_content: Option<u64>,
    /// What the workspace's link recorded of the flow in Amazon Connect; `None` when the flow
    /// is not linked (then `published_content` says whether it was published before).
    linked: Option<History>,
    /// Set when the user chose to throw the unsaved changes away: the editor is not kept.
    discarded: bool,
    /// What the flow's file held when the window read or last wrote it; `None` before the
    /// first save. A save over a file that no longer holds it asks first.
    pub disk: Option<FileBase>,
    /// What the window last saw of the file, when that is not its base (an outside change
    /// already told): each change is told once.
    pub disk_seen: Option<Seen>,
    /// This flow's own name for its recovery copies while it has no file (two new flows of
    /// one name never share a copy).
    new_id: String,
}

impl Editor {
    /// The editor of a flow read from a file (`path`), or of a document no file holds (`None`).
    pub fn new(path: Option<PathBuf>, doc: FlowDocument, instance: Option<Arc<Instance>>) -> Self {
        let published_content = (doc.flow.status == Some(FlowStatus::Published)).then_some(0);
        let mut editor = Self {
            on_disk: path.is_some(),
            published_content,
            linked: None,
            discarded: false,
            disk: None,
            disk_seen: None,
            new_id: uuid::Uuid::new_v4().simple().to_string(),
            path,
            doc,
            report: Report::default(),
            markers: HashMap::new(),
            selection: Vec::new(),
            instance,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            content: 0,
            saved_content: 0,
        };
        editor.revalidate();
        editor
    }

    /// The editor of a flow created in the window, to be saved at `path`: it is new until then.
    pub fn new_unsaved(path: Option<PathBuf>, doc: FlowDocument, instance: Option<Arc<Instance>>) -> Self {
        Self { on_disk: false, ..Self::new(path, doc, instance) }
    }

    /// The editor of a flow read from its file, with what the file held.
    pub fn from_file(path: PathBuf, doc: FlowDocument, disk: FileBase, instance: Option<Arc<Instance>>) -> Self {
        Self { disk: Some(disk), ..Self::new(Some(path), doc, instance) }
    }

    /// The name of this flow's recovery copy.
    pub fn recovery_key(&self) -> String {
        copy_key(self.path.as_deref().filter(|_| self.on_disk), &self.new_id)
    }

    /// The name queues know the flow by: `Metadata.name`, else the file name.
    pub fn flow_name(&self) -> String {
        names::flow_name(&self.doc, self.path.as_deref())
    }

    pub fn instance(&self) -> Option<&Instance> {
        self.instance.as_deref()
    }

    /// Validates against another instance from now on (the queues changed).
    pub fn set_instance(&mut self, instance: Option<Arc<Instance>>) {
        self.instance = instance;
        self.revalidate();
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether the document differs from what its file holds: an undo back to the saved
    /// content is clean again.
    pub fn is_dirty(&self) -> bool {
        self.content != self.saved_content
    }

    pub fn mark_saved(&mut self) {
        self.saved_content = self.content;
    }

    /// The flow was written to `path`, which now holds `disk`: the file and the window agree
    /// from now on.
    pub fn saved_to(&mut self, path: PathBuf, disk: FileBase) {
        self.disk = Some(disk);
        self.disk_seen = None;
        self.path = Some(path);
        self.on_disk = true;
        self.discarded = false;
        self.mark_saved();
    }

    /// The flow, just saved, is now the published one.
    pub fn mark_published(&mut self) {
        self.published_content = Some(self.content);
    }

    /// Throws the unsaved changes away: the flow counts as saved, and is not kept for the
    /// session once closed (its document is not its file's).
    pub fn discard(&mut self) {
        self.mark_saved();
        self.discarded = true;
    }

    pub fn is_discarded(&self) -> bool {
        self.discarded
    }

    /// Whether a file holds the flow.
    pub fn is_on_disk(&self) -> bool {
        self.on_disk
    }

    /// The flow's state, as the flow list, the status bar and the properties panel show it.
    pub fn state(&self) -> FlowState {
        FlowState::of(self.doc.flow.status, self.on_disk, self.history())
    }

    /// What is known of the flow's past: the link's record when the flow is linked, else
    /// whether the window saw it published.
    pub fn history(&self) -> History {
        self.linked.unwrap_or_else(|| History::seen(self.published_content.is_some()))
    }

    /// Takes what the workspace's link records of the flow (`None`: not linked); revalidates
    /// when that changes whether it was published before.
    pub fn set_linked(&mut self, linked: Option<History>) {
        if self.linked == linked {
            return;
        }
        let before = self.history().published_before;
        self.linked = linked;
        if self.history().published_before != before {
            self.revalidate();
        }
    }

    /// The `Metadata.status` a plain save writes: a published flow edited since it was
    /// published is saved as "saved", as Connect does, until it is published again.
    pub fn status_to_save(&self) -> Option<FlowStatus> {
        let status = self.doc.flow.status;
        let edited = self.published_content != Some(self.content);
        if status == Some(FlowStatus::Published) && edited { Some(FlowStatus::Saved) } else { status }
    }

    /// Sets `Metadata.status`, which saving and publishing decide: it is not an undo step.
    /// Returns the status it replaced.
    pub fn set_status(&mut self, status: Option<FlowStatus>) -> Option<FlowStatus> {
        if self.doc.flow.status == status {
            return status;
        }
        let before = self.doc.flow.status;
        if self.doc.apply(Edit::SetStatus(status)).is_ok() {
            self.changed();
        }
        before
    }

    /// Marks the flow as having changes to save (a recovered copy).
    pub fn mark_unsaved(&mut self) {
        self.revision += 1;
        self.content = self.revision;
    }

    #[cfg(test)]
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies an edit as one undo step, or merged into the previous one when both carry the
    /// same merge key (so that typing in a field undoes in one go).
    pub fn apply(&mut self, edit: Edit, merge: Option<MergeKey>) -> Result<(), EditError> {
        let inverse = self.doc.apply(edit)?;
        let merges = merge.is_some() && self.undo.last().is_some_and(|(_, last, _)| *last == merge);
        if !merges {
            self.undo.push((inverse, merge, self.content));
        }
        self.redo.clear();
        self.changed();
        Ok(())
    }

    pub fn undo(&mut self) {
        let Some((edit, _, before)) = self.undo.pop() else {
            return;
        };
        let after = self.content;
        if let Ok(inverse) = self.doc.apply(edit) {
            self.redo.push((inverse, after));
        }
        self.changed_to(before);
    }

    pub fn redo(&mut self) {
        let Some((edit, after)) = self.redo.pop() else { return };
        let before = self.content;
        if let Ok(inverse) = self.doc.apply(edit) {
            self.undo.push((inverse, None, before));
        }
        self.changed_to(after);
    }

    /// Ends the current merge run: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        if let Some((_, merge, _)) = self.undo.last_mut() {
            *merge = None;
        }
    }

    /// The document changed to new content.
    fn changed(&mut self) {
        self.revision += 1;
        self.content = self.revision;
        self.refresh();
    }

    /// The document went back (or forward) to content it had before.
    fn changed_to(&mut self, content: u64) {
        self.revision += 1;
        self.content = content;
        self.refresh();
    }

    fn refresh(&mut self) {
        self.selection.retain(|id| self.doc.flow.action(id).is_some());
        self.revalidate();
    }

    fn revalidate(&mut self) {
        let name = self.flow_name();
        let published_before = self.history().published_before;
        self.report = validate(
            &self.doc,
            Context { instance: self.instance.as_deref(), flow_name: Some(&name), published_before },
        );
        self.markers.clear();
        for diagnostic in self.report.diagnostics.iter().filter(|d| d.severity != Severity::Note) {
            let Some(id) = &diagnostic.action else { continue };
            let marker = self.markers.entry(id.clone()).or_insert((diagnostic.severity, 0));
            marker.0 = marker.0.min(diagnostic.severity);
            marker.1 += 1;
        }
    }
}

impl std::fmt::Debug for Editor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Editor")
            .field("path", &self.path)
            .field("state", &self.state())
            .field("revision", &self.revision)
            .field("dirty", &self.is_dirty())
            .field("undo", &self.undo.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, ActionKind, CallerId, Position};

    fn editor() -> (Editor, ActionId) {
        let mut editor = Editor::new(None, FlowDocument::new_outbound_whisper("t"), None);
        let action = Action::new(ActionKind::CompleteOutboundCall { caller_id: CallerId::None }, Position::default());
        let id = action.id.clone();
        editor.apply(Edit::InsertAction { index: 0, action: Box::new(action) }, None).unwrap();
        (editor, id)
    }

    fn set_number(id: &ActionId, number: &str) -> Edit {
        Edit::SetKind {
            id: id.clone(),
            kind: ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(number.into()) },
        }
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let (mut editor, id) = editor();
        let before = editor.doc.clone();
        for text in ["+", "+1", "+12"] {
            editor.apply(set_number(&id, text), Some((id.clone(), "number"))).unwrap();
        }
        editor.undo();
        assert_eq!(editor.doc, before);
        editor.redo();
        assert_eq!(
            editor.doc.flow.actions[0].kind,
            ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+12".into()) }
        );
    }

    #[test]
    fn a_sealed_run_is_not_merged_with_the_next() {
        let (mut editor, id) = editor();
        editor.apply(set_number(&id, "+1"), Some((id.clone(), "number"))).unwrap();
        editor.seal();
        let middle = editor.doc.clone();
        editor.apply(set_number(&id, "+12"), Some((id.clone(), "number"))).unwrap();
        editor.undo();
        assert_eq!(editor.doc, middle);
    }

    #[test]
    fn edits_make_the_flow_dirty_until_saved() {
        let (mut editor, _) = editor();
        assert!(editor.is_dirty());
        editor.mark_saved();
        assert!(!editor.is_dirty());
        editor.undo();
        assert!(editor.is_dirty());
    }

    #[test]
    fn undoing_back_to_the_saved_content_is_clean_and_redoing_past_it_is_dirty() {
        let (mut editor, id) = editor();
        editor.mark_saved();
        editor.apply(set_number(&id, "+1"), None).unwrap();
        editor.apply(set_number(&id, "+12"), None).unwrap();
        editor.undo();
        editor.undo();
        assert!(!editor.is_dirty());
        editor.redo();
        assert!(editor.is_dirty());
        editor.undo();
        assert!(!editor.is_dirty());
        editor.undo();
        assert!(editor.is_dirty(), "before the saved content is a change too");
    }

    #[test]
    fn a_new_flow_is_new_until_its_first_save() {
        let doc = FlowDocument::new_outbound_whisper("t");
        let mut editor = Editor::new_unsaved(Some("t.json".into()), doc, None);
        assert_eq!(editor.state(), FlowState::New);
        assert!(!editor.is_dirty());
        editor.saved_to("t.json".into(), FileBase::recorded(String::new()));
        assert_eq!(editor.state(), FlowState::NeverPublished);
    }

    #[test]
    fn a_published_flow_is_saved_as_saved_once_edited_and_stays_published_otherwise() {
        let mut doc = FlowDocument::new_outbound_whisper("t");
        doc.flow.status = Some(FlowStatus::Published);
        let mut editor = Editor::new(Some("t.json".into()), doc, None);
        assert_eq!(editor.state(), FlowState::Published);
        assert_eq!(editor.status_to_save(), Some(FlowStatus::Published));
        let end = Action::new(ActionKind::EndFlowExecution, Position::default());
        editor.apply(Edit::InsertAction { index: 0, action: Box::new(end) }, None).unwrap();
        assert_eq!(editor.status_to_save(), Some(FlowStatus::Saved));
        editor.set_status(Some(FlowStatus::Saved));
        editor.saved_to("t.json".into(), FileBase::recorded(String::new()));
        assert_eq!(editor.state(), FlowState::PublishedWithChanges);
        assert_eq!(editor.undo_len(), 1, "the status is not an undo step");
        editor.set_status(Some(FlowStatus::Published));
        editor.saved_to("t.json".into(), FileBase::recorded(String::new()));
        editor.mark_published();
        assert_eq!(editor.status_to_save(), Some(FlowStatus::Published));
    }

    #[test]
    fn every_change_revalidates() {
        let (mut editor, id) = editor();
        editor.apply(Edit::SetStart(Some(id.clone())), None).unwrap();
        assert!(editor.report.diagnostics.iter().any(|d| d.action.as_ref() == Some(&id)));
    }
}
