//! `Editor`: the flow open in the window, with its undo history, dirty flag, selection and live
//! validation report against the workspace's instance. Lives while the flow is open.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::context::Markers;
use super::intent::MergeKey;
use crate::instance::Instance;
use crate::model::{ActionId, Edit, EditError, FlowDocument};
use crate::validation::{Context, Report, Severity, validate};
use crate::workspace::names;

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
    undo: Vec<(Edit, Option<MergeKey>)>,
    redo: Vec<Edit>,
    /// Bumped by every change; the canvas rebuilds when it moves.
    revision: u64,
    saved_revision: u64,
}

impl Editor {
    pub fn new(path: Option<PathBuf>, doc: FlowDocument, instance: Option<Arc<Instance>>) -> Self {
        let mut editor = Self {
            path,
            doc,
            report: Report::default(),
            markers: HashMap::new(),
            selection: Vec::new(),
            instance,
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_revision: 0,
        };
        editor.revalidate();
        editor
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

    pub fn is_dirty(&self) -> bool {
        self.revision != self.saved_revision
    }

    pub fn mark_saved(&mut self) {
        self.saved_revision = self.revision;
    }

    /// Marks the flow as having changes to save (a recovered copy).
    pub fn mark_unsaved(&mut self) {
        self.revision += 1;
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
        let merges = merge.is_some() && self.undo.last().is_some_and(|(_, last)| *last == merge);
        if !merges {
            self.undo.push((inverse, merge));
        }
        self.redo.clear();
        self.changed();
        Ok(())
    }

    pub fn undo(&mut self) {
        let Some((edit, _)) = self.undo.pop() else {
            return;
        };
        if let Ok(inverse) = self.doc.apply(edit) {
            self.redo.push(inverse);
        }
        self.changed();
    }

    pub fn redo(&mut self) {
        let Some(edit) = self.redo.pop() else { return };
        if let Ok(inverse) = self.doc.apply(edit) {
            self.undo.push((inverse, None));
        }
        self.changed();
    }

    /// Ends the current merge run: the next edit starts a new undo step.
    pub fn seal(&mut self) {
        if let Some((_, merge)) = self.undo.last_mut() {
            *merge = None;
        }
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.selection.retain(|id| self.doc.flow.action(id).is_some());
        self.revalidate();
    }

    fn revalidate(&mut self) {
        let name = self.flow_name();
        self.report = validate(&self.doc, Context { instance: self.instance.as_deref(), flow_name: Some(&name) });
        self.markers.clear();
        for diagnostic in self.report.diagnostics.iter().filter(|d| d.severity != Severity::Note) {
            let Some(id) = &diagnostic.action else { continue };
            let marker = self.markers.entry(id.clone()).or_insert((diagnostic.severity, 0));
            marker.0 = marker.0.min(diagnostic.severity);
            marker.1 += 1;
        }
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
    fn every_change_revalidates() {
        let (mut editor, id) = editor();
        editor.apply(Edit::SetStart(Some(id.clone())), None).unwrap();
        assert!(editor.report.diagnostics.iter().any(|d| d.action.as_ref() == Some(&id)));
    }
}
