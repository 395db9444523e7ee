//! `Edit`: one undoable change to a `FlowDocument`. Applying an edit returns its inverse, so undo
//! is "apply what the last apply returned".

use serde_json::{Map, Value};

use super::{
    Action, ActionId, ActionKind, Branch, FlowDocument, FlowStatus, FlowType, IncomingIndex, MissingCondition,
    Position, Transitions,
};

/// One change to a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Puts an action at `index` in the action list (clamped to its length).
    InsertAction {
        index: usize,
        action: Box<Action>,
    },
    /// Takes an action out. Wires that led to it are left dangling: use [`Edit::delete_actions`]
    /// to unwire them in the same step.
    RemoveAction {
        id: ActionId,
    },
    SetKind {
        id: ActionId,
        kind: ActionKind,
    },
    SetTransitions {
        id: ActionId,
        transitions: Transitions,
    },
    /// Wires one branch to `to`, or unwires it.
    SetTarget {
        from: ActionId,
        branch: Branch,
        to: Option<ActionId>,
    },
    /// Replaces an action's designer metadata (display options kept beside the flow).
    SetDesigner {
        id: ActionId,
        designer: Map<String, Value>,
    },
    Move {
        id: ActionId,
        to: Position,
    },
    MoveEntryPoint {
        to: Position,
    },
    /// Replaces the document's `Metadata` (without `ActionMetadata`).
    SetMetadata(Map<String, Value>),
    SetStart(Option<ActionId>),
    SetName(Option<String>),
    SetDescription(Option<String>),
    SetStatus(Option<FlowStatus>),
    /// The flow's type (`Metadata.type`), for a file that does not record one.
    SetFlowType(Option<FlowType>),
    /// Gives a block a new identifier, as the Connect designer does for a named block: every
    /// wire to it and the Entry point follow, and its metadata says `isFriendlyName`.
    RenameAction {
        from: ActionId,
        to: ActionId,
    },
    /// Several edits as one undo step; all or nothing.
    Batch(Vec<Edit>),
}

/// Why an edit could not be applied. The document is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error("there is no block {0:?} in this flow")]
    UnknownAction(ActionId),
    #[error("a block with identifier {0:?} already exists in this flow")]
    DuplicateId(ActionId),
    #[error("block {id:?} ({block}) has no branch {branch}")]
    NoSuchBranch { id: ActionId, block: String, branch: Branch },
    #[error(transparent)]
    MissingCondition(#[from] MissingCondition),
}

impl FlowDocument {
    /// Applies an edit and returns the edit that undoes it.
    pub fn apply(&mut self, edit: Edit) -> Result<Edit, EditError> {
        match edit {
            Edit::InsertAction { index, action } => self.insert_action(index, *action),
            Edit::RemoveAction { id } => {
                let index = self.flow.index_of(&id).ok_or(EditError::UnknownAction(id))?;
                let action = self.flow.actions.remove(index);
                Ok(Edit::InsertAction { index, action: Box::new(action) })
            }
            Edit::SetKind { id, kind } => {
                let action = self.action_mut(&id)?;
                Ok(Edit::SetKind { id, kind: std::mem::replace(&mut action.kind, kind) })
            }
            Edit::SetTransitions { id, transitions } => {
                let action = self.action_mut(&id)?;
                Ok(Edit::SetTransitions { id, transitions: std::mem::replace(&mut action.transitions, transitions) })
            }
            Edit::SetTarget { from, branch, to } => self.set_target(from, &branch, to),
            Edit::SetDesigner { id, designer } => {
                let action = self.action_mut(&id)?;
                Ok(Edit::SetDesigner { id, designer: std::mem::replace(&mut action.designer, designer) })
            }
            Edit::Move { id, to } => {
                let action = self.action_mut(&id)?;
                let old = action.designer.clone();
                action.set_position(to);
                Ok(Edit::SetDesigner { id, designer: old })
            }
            Edit::MoveEntryPoint { to } => {
                let old = self.metadata.clone();
                self.set_entry_point_position(to);
                Ok(Edit::SetMetadata(old))
            }
            Edit::SetMetadata(metadata) => Ok(Edit::SetMetadata(std::mem::replace(&mut self.metadata, metadata))),
            Edit::SetStart(start) => Ok(Edit::SetStart(std::mem::replace(&mut self.flow.start, start))),
            Edit::SetName(name) => Ok(Edit::SetName(std::mem::replace(&mut self.flow.name, name))),
            Edit::SetDescription(text) => Ok(Edit::SetDescription(std::mem::replace(&mut self.flow.description, text))),
            Edit::SetStatus(status) => Ok(Edit::SetStatus(std::mem::replace(&mut self.flow.status, status))),
            Edit::SetFlowType(flow_type) => {
                Ok(Edit::SetFlowType(std::mem::replace(&mut self.flow.flow_type, flow_type)))
            }
            Edit::RenameAction { from, to } => self.rename(&from, to),
            Edit::Batch(edits) => self.apply_batch(edits),
        }
    }

    fn rename(&mut self, from: &ActionId, to: ActionId) -> Result<Edit, EditError> {
        if self.flow.action(&to).is_some() {
            return Err(EditError::DuplicateId(to));
        }
        let action = self.action_mut(from)?;
        let old_designer = action.designer.clone();
        action.id = to.clone();
        action.designer.insert("isFriendlyName".into(), serde_json::Value::Bool(true));
        let follow = |id: &mut ActionId| {
            if id == from {
                id.clone_from(&to);
            }
        };
        for action in &mut self.flow.actions {
            let transitions = &mut action.transitions;
            transitions.next.iter_mut().for_each(follow);
            transitions.errors.iter_mut().for_each(|e| follow(&mut e.next));
            transitions.conditions.iter_mut().for_each(|c| follow(&mut c.next));
        }
        self.flow.start.iter_mut().for_each(follow);
        Ok(Edit::Batch(vec![
            Edit::RenameAction { from: to, to: from.clone() },
            Edit::SetDesigner { id: from.clone(), designer: old_designer },
        ]))
    }

    fn action_mut(&mut self, id: &ActionId) -> Result<&mut Action, EditError> {
        self.flow.action_mut(id).ok_or_else(|| EditError::UnknownAction(id.clone()))
    }

    fn insert_action(&mut self, index: usize, action: Action) -> Result<Edit, EditError> {
        if self.flow.action(&action.id).is_some() {
            return Err(EditError::DuplicateId(action.id));
        }
        let id = action.id.clone();
        let index = index.min(self.flow.actions.len());
        self.flow.actions.insert(index, action);
        Ok(Edit::RemoveAction { id })
    }

    fn set_target(&mut self, from: ActionId, branch: &Branch, to: Option<ActionId>) -> Result<Edit, EditError> {
        if let Some(target) = &to
            && self.flow.action(target).is_none()
        {
            return Err(EditError::UnknownAction(target.clone()));
        }
        let action = self.action_mut(&from)?;
        let offered = match branch {
            Branch::Next => !action.kind.is_terminal(),
            Branch::Error(kind) => {
                action.kind.error_types().contains(&kind.as_str()) || action.transitions.target(branch).is_some()
            }
            Branch::Condition(_) | Branch::Case(_) => true,
        };
        if !offered && to.is_some() {
            let block = action.kind.block_name().to_owned();
            return Err(EditError::NoSuchBranch { id: from, block, branch: branch.clone() });
        }
        let old = action.transitions.clone();
        action.transitions.set_target(branch, to)?;
        Ok(Edit::SetTransitions { id: from, transitions: old })
    }

    fn apply_batch(&mut self, edits: Vec<Edit>) -> Result<Edit, EditError> {
        let mut inverses = Vec::with_capacity(edits.len());
        for edit in edits {
            match self.apply(edit) {
                Ok(inverse) => inverses.push(inverse),
                Err(error) => {
                    for inverse in inverses.into_iter().rev() {
                        // Each inverse undoes an edit that just succeeded on this very state.
                        let _undone = self.apply(inverse);
                    }
                    return Err(error);
                }
            }
        }
        inverses.reverse();
        Ok(Edit::Batch(inverses))
    }
}

impl Edit {
    /// Deletes blocks as the designer does: wires into them are unwired and, if the Entry point
    /// led to one, it is left unconnected. One undo step.
    pub fn delete_actions(doc: &FlowDocument, ids: &[ActionId]) -> Edit {
        Self::delete_actions_indexed(doc, ids, &IncomingIndex::new(&doc.flow))
    }

    /// [`Edit::delete_actions`] with the flow's wires indexed once by the caller, for building
    /// many such edits (one per unreachable block) in linear time overall.
    pub fn delete_actions_indexed(doc: &FlowDocument, ids: &[ActionId], incoming: &IncomingIndex<'_>) -> Edit {
        let mut edits = Vec::new();
        if let Some(start) = &doc.flow.start
            && ids.contains(start)
        {
            edits.push(Edit::SetStart(None));
        }
        for id in ids {
            for (from, branch) in incoming.incoming(id) {
                if !ids.contains(&from) {
                    edits.push(Edit::SetTarget { from, branch, to: None });
                }
            }
        }
        // Condition branches are addressed by index: unwire later ones first.
        edits.sort_by(|a, b| match (a, b) {
            (
                Edit::SetTarget { branch: Branch::Condition(x), .. },
                Edit::SetTarget { branch: Branch::Condition(y), .. },
            ) => y.cmp(x),
            _ => std::cmp::Ordering::Equal,
        });
        edits.extend(ids.iter().map(|id| Edit::RemoveAction { id: id.clone() }));
        Edit::Batch(edits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CallerId, NO_MATCHING_ERROR};

    fn doc_with(kinds: &[(&str, ActionKind)]) -> FlowDocument {
        let mut doc = FlowDocument::new_outbound_whisper("t");
        for (id, kind) in kinds {
            let action = Action::with_id(ActionId::from_import(*id), kind.clone(), Position::default());
            doc.apply(Edit::InsertAction { index: usize::MAX, action: Box::new(action) }).unwrap();
        }
        doc
    }

    fn id(s: &str) -> ActionId {
        ActionId::from_import(s)
    }

    fn call() -> ActionKind {
        ActionKind::CompleteOutboundCall { caller_id: CallerId::None }
    }

    #[test]
    fn every_edit_followed_by_its_inverse_restores_the_document() {
        let doc = doc_with(&[("call", call()), ("end", ActionKind::EndFlowExecution)]);
        let edits = [
            Edit::SetTarget { from: id("call"), branch: Branch::Next, to: Some(id("end")) },
            Edit::SetStart(Some(id("call"))),
            Edit::Move { id: id("call"), to: Position { x: 10.0, y: 20.5 } },
            Edit::MoveEntryPoint { to: Position { x: -5.0, y: 0.0 } },
            Edit::SetKind {
                id: id("call"),
                kind: ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+1".into()) },
            },
            Edit::RemoveAction { id: id("end") },
            Edit::SetName(Some("other".into())),
            Edit::SetStatus(Some(FlowStatus::Published)),
            Edit::delete_actions(&doc, &[id("call")]),
            Edit::RenameAction { from: id("end"), to: id("Say goodbye") },
        ];
        for edit in edits {
            let mut changed = doc.clone();
            let inverse = changed.apply(edit.clone()).unwrap();
            assert_ne!(changed, doc, "{edit:?} changed nothing");
            changed.apply(inverse).unwrap();
            assert_eq!(changed, doc, "inverse of {edit:?}");
        }
    }

    #[test]
    fn call_phone_number_refuses_an_error_branch() {
        let mut doc = doc_with(&[("call", call()), ("end", ActionKind::EndFlowExecution)]);
        let err = doc
            .apply(Edit::SetTarget {
                from: id("call"),
                branch: Branch::Error(NO_MATCHING_ERROR.into()),
                to: Some(id("end")),
            })
            .unwrap_err();
        assert!(err.to_string().contains("Call phone number"), "{err}");
    }

    #[test]
    fn wiring_to_an_unknown_block_is_refused() {
        let mut doc = doc_with(&[("call", call())]);
        let edit = Edit::SetTarget { from: id("call"), branch: Branch::Next, to: Some(id("nowhere")) };
        assert_eq!(doc.apply(edit), Err(EditError::UnknownAction(id("nowhere"))));
    }

    #[test]
    fn a_failing_batch_leaves_the_document_unchanged() {
        let mut doc = doc_with(&[("call", call()), ("end", ActionKind::EndFlowExecution)]);
        let before = doc.clone();
        let batch = Edit::Batch(vec![Edit::SetStart(Some(id("call"))), Edit::RemoveAction { id: id("ghost") }]);
        assert!(doc.apply(batch).is_err());
        assert_eq!(doc, before);
    }

    #[test]
    fn deleting_a_block_unwires_what_led_to_it() {
        let mut doc = doc_with(&[("call", call()), ("end", ActionKind::EndFlowExecution)]);
        doc.apply(Edit::SetTarget { from: id("call"), branch: Branch::Next, to: Some(id("end")) }).unwrap();
        doc.apply(Edit::SetStart(Some(id("end")))).unwrap();
        doc.apply(Edit::delete_actions(&doc.clone(), &[id("end")])).unwrap();
        assert_eq!(doc.flow.start, None);
        assert_eq!(doc.flow.action(&id("call")).unwrap().transitions.next, None);
        assert!(doc.flow.action(&id("end")).is_none());
    }

    #[test]
    fn renaming_a_block_carries_its_wires_and_the_entry_point() {
        let mut doc = doc_with(&[("call", call()), ("end", ActionKind::EndFlowExecution)]);
        doc.apply(Edit::SetTarget { from: id("call"), branch: Branch::Next, to: Some(id("end")) }).unwrap();
        doc.apply(Edit::SetStart(Some(id("end")))).unwrap();
        doc.apply(Edit::RenameAction { from: id("end"), to: id("Say goodbye") }).unwrap();
        assert_eq!(doc.flow.start, Some(id("Say goodbye")));
        assert_eq!(doc.flow.action(&id("call")).unwrap().transitions.next, Some(id("Say goodbye")));
        let renamed = doc.flow.action(&id("Say goodbye")).unwrap();
        assert_eq!(renamed.display_name(), "Say goodbye");
        assert_eq!(
            doc.apply(Edit::RenameAction { from: id("call"), to: id("Say goodbye") }),
            Err(EditError::DuplicateId(id("Say goodbye")))
        );
    }

    #[test]
    fn inserting_a_duplicate_identifier_is_refused() {
        let mut doc = doc_with(&[("call", call())]);
        let twin = Action::with_id(id("call"), call(), Position::default());
        assert_eq!(
            doc.apply(Edit::InsertAction { index: 0, action: Box::new(twin) }),
            Err(EditError::DuplicateId(id("call")))
        );
    }
}
