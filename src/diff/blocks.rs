//! Block by block: matching by identifier, then each matched pair's type, parameters, branches
//! and position; blocks only one side has are added or removed.

use std::collections::HashMap;

use serde_json::Value;

use super::fields::changed_fields;
use super::json::{compact, map_changes, maps_equal};
use super::{Change, ChangeKind};
use crate::flow_json;
use crate::model::{Action, ActionId, ActionKind, Branch, FlowDocument, Position};

/// Appends the changes of every block: the new flow's in order, then the removed ones.
pub(super) fn block_changes(old: &FlowDocument, new: &FlowDocument, out: &mut Vec<Change>) {
    let old_actions = &old.flow.actions;
    let mut index: HashMap<(&str, usize), usize> = HashMap::with_capacity(old_actions.len());
    for (i, key) in occurrence_keys(old_actions).into_iter().enumerate() {
        index.insert(key, i);
    }
    let mut matched = vec![false; old_actions.len()];
    for (action, key) in new.flow.actions.iter().zip(occurrence_keys(&new.flow.actions)) {
        let found = index.get(&key).and_then(|&i| Some((i, old_actions.get(i)?)));
        match found {
            Some((i, before)) => {
                if let Some(slot) = matched.get_mut(i) {
                    *slot = true;
                }
                Pair { old, new, before, after: action }.changes(out);
            }
            None => out.push(whole_block(ChangeKind::BlockAdded, action)),
        }
    }
    for (action, seen) in old_actions.iter().zip(matched) {
        if !seen {
            out.push(whole_block(ChangeKind::BlockRemoved, action));
        }
    }
}

/// Each action's identifier with how many times it came before: duplicates pair up in order.
fn occurrence_keys(actions: &[Action]) -> Vec<(&str, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(actions.len());
    actions
        .iter()
        .map(|action| {
            let n = seen.entry(action.id.as_str()).or_insert(0);
            let key = (action.id.as_str(), *n);
            *n += 1;
            key
        })
        .collect()
}

/// A change about one block, without old and new yet.
fn about(kind: ChangeKind, action: &Action, field: impl Into<String>) -> Change {
    Change {
        kind,
        action: Some(action.id.clone()),
        block: Some(action.block_name().to_owned()),
        block_type: Some(action.kind.type_name().to_owned()),
        field: field.into(),
        old: None,
        new: None,
        old_target: None,
        new_target: None,
    }
}

/// A block added or removed, with its summary on its side (`None` when it has none).
fn whole_block(kind: ChangeKind, action: &Action) -> Change {
    let summary = Some(action.kind.summary()).filter(|s| !s.is_empty());
    let change = about(kind, action, "block");
    if kind == ChangeKind::BlockAdded { Change { new: summary, ..change } } else { Change { old: summary, ..change } }
}

/// One block present in both flows.
struct Pair<'a> {
    old: &'a FlowDocument,
    new: &'a FlowDocument,
    before: &'a Action,
    after: &'a Action,
}

impl Pair<'_> {
    fn changes(&self, out: &mut Vec<Change>) {
        let (before, after) = (self.before, self.after);
        if before == after {
            return;
        }
        if before.kind.type_name() != after.kind.type_name() {
            out.push(Change {
                old: Some(format!("{} ({})", before.block_name(), before.kind.type_name())),
                new: Some(format!("{} ({})", after.block_name(), after.kind.type_name())),
                ..about(ChangeKind::BlockType, after, "type")
            });
        }
        self.parameters(out);
        if before.transitions != after.transitions {
            self.branches(out);
        }
        if before.position() != after.position() {
            out.push(Change {
                old: before.position().map(position_text),
                new: after.position().map(position_text),
                ..about(ChangeKind::Moved, after, "position")
            });
        }
    }

    /// Modelled parameters as fields, the rest as JSON paths.
    fn parameters(&self, out: &mut Vec<Change>) {
        let (before, after) = (self.before, self.after);
        let old_params = flow_json::parameters(before);
        let new_params = flow_json::parameters(after);
        if maps_equal(&old_params, &new_params) {
            return;
        }
        let same_type = before.kind.type_name() == after.kind.type_name();
        let modelled = !matches!(after.kind, ActionKind::Other { .. });
        let mut paths = Vec::new();
        if same_type && modelled {
            for (field, old, new) in changed_fields(&before.kind, &after.kind) {
                out.push(Change { old, new, ..about(ChangeKind::Parameter, after, field) });
            }
            // What is left once the new typed values are written over the old parameters is
            // exactly what the typed view does not cover.
            let mut rest = old_params.into_owned();
            flow_json::write_parameters(&after.kind, &mut rest);
            map_changes("Parameters", &rest, &new_params, &mut paths);
        } else {
            map_changes("Parameters", &old_params, &new_params, &mut paths);
        }
        for path in paths {
            out.push(Change { old: path.old, new: path.new, ..about(ChangeKind::Parameter, after, path.path) });
        }
    }

    /// Branches matched by what they are (Success, an error type, a condition), not by position.
    fn branches(&self, out: &mut Vec<Change>) {
        let old_wires = wires(self.before);
        let mut used = vec![false; old_wires.len()];
        for wire in wires(self.after) {
            let found = old_wires.iter().zip(used.iter_mut()).find(|(w, taken)| !**taken && w.key == wire.key).map(
                |(w, taken)| {
                    *taken = true;
                    w
                },
            );
            let change = match found {
                Some(before) if before.to == wire.to => continue,
                Some(before) => self.wire_change(ChangeKind::BranchRewired, wire.label, Some(before.to), Some(wire.to)),
                None => self.wire_change(ChangeKind::BranchAdded, wire.label, None, Some(wire.to)),
            };
            out.push(change);
        }
        for (wire, taken) in old_wires.into_iter().zip(used) {
            if !taken {
                out.push(self.wire_change(ChangeKind::BranchRemoved, wire.label, Some(wire.to), None));
            }
        }
    }

    fn wire_change(&self, kind: ChangeKind, label: String, from: Option<&ActionId>, to: Option<&ActionId>) -> Change {
        let (old, new) = target_names(self.old, from, self.new, to);
        Change { old, new, old_target: from.cloned(), new_target: to.cloned(), ..about(kind, self.after, label) }
    }
}

/// One wired branch: what identifies it across versions, its label, where it goes.
struct Wire<'a> {
    key: String,
    label: String,
    to: &'a ActionId,
}

fn wires(action: &Action) -> Vec<Wire<'_>> {
    action
        .transitions
        .targets()
        .map(|(branch, to)| {
            let key = match &branch {
                Branch::Next => "next".to_owned(),
                Branch::Error(error_type) => format!("error {error_type}"),
                Branch::Condition(i) => action.transitions.conditions.get(*i).map_or_else(String::new, |c| {
                    let operands = compact(&Value::Array(c.condition.operands.clone()));
                    format!("condition {} {operands}", c.condition.operator.as_str())
                }),
                Branch::Case(value) => format!("case {value}"),
            };
            Wire { key, label: action.branch_label(&branch), to }
        })
        .collect()
}

/// How the blocks at either end of a changed wire are shown: their names ("End flow / Resume"),
/// with the identifier when the two names read the same, or a missing block's identifier.
pub(super) fn target_names(
    old: &FlowDocument,
    from: Option<&ActionId>,
    new: &FlowDocument,
    to: Option<&ActionId>,
) -> (Option<String>, Option<String>) {
    let name = |doc: &FlowDocument, id: &ActionId| match doc.flow.action(id) {
        Some(action) => action.display_name().to_owned(),
        None => format!("missing block {id:?}"),
    };
    let old_name = from.map(|id| name(old, id));
    let new_name = to.map(|id| name(new, id));
    match (from, to) {
        (Some(a), Some(b)) if old_name == new_name => {
            let with_id = |shown: Option<String>, id: &ActionId| shown.map(|s| format!("{s} ({id})"));
            (with_id(old_name, a), with_id(new_name, b))
        }
        _ => (old_name, new_name),
    }
}

/// `(120, 60)`.
fn position_text(p: Position) -> String {
    format!("({}, {})", p.x, p.y)
}
