//! Block by block: matching by identifier, then each matched pair's type, parameters, branches
//! and position; blocks only one side has are added or removed, with their summary and their
//! branches.

use std::cell::OnceCell;
use std::collections::HashMap;

use super::fields::changed_fields;
use super::order;
use super::{BranchTarget, Change, ChangeKind};
use crate::flow_json;
use crate::model::words::{self, Field};
use crate::model::{Action, ActionId, Branch, FlowDocument, Position};

/// One version of the flow, with what naming its blocks needs, built when first asked for.
pub(super) struct Side<'a> {
    pub doc: &'a FlowDocument,
    /// Identifier → index of its first block.
    index: OnceCell<HashMap<&'a str, usize>>,
    /// How many blocks show each name.
    names: OnceCell<HashMap<&'a str, usize>>,
}

impl<'a> Side<'a> {
    pub fn new(doc: &'a FlowDocument) -> Self {
        Self { doc, index: OnceCell::new(), names: OnceCell::new() }
    }

    fn action(&self, id: &ActionId) -> Option<&'a Action> {
        let actions = &self.doc.flow.actions;
        let index = self.index.get_or_init(|| {
            let mut index = HashMap::with_capacity(actions.len());
            for (i, action) in actions.iter().enumerate() {
                index.entry(action.id.as_str()).or_insert(i);
            }
            index
        });
        index.get(id.as_str()).and_then(|&i| actions.get(i))
    }

    /// How a wire's end is named: the block's name ("End flow / Resume"), with its identifier
    /// when other blocks of the flow show the same name; a missing block by its identifier.
    pub fn name(&self, id: &ActionId) -> String {
        let Some(action) = self.action(id) else {
            return format!("missing block {id:?}");
        };
        let name = action.display_name();
        let names = self.names.get_or_init(|| {
            let mut names: HashMap<&str, usize> = HashMap::new();
            for action in &self.doc.flow.actions {
                *names.entry(action.display_name()).or_insert(0) += 1;
            }
            names
        });
        if names.get(name).copied().unwrap_or(0) > 1 { format!("{name} ({id})") } else { name.to_owned() }
    }
}

/// Appends the changes of every block: the new flow's in order, then the removed ones.
pub(super) fn block_changes<'a>(old: &Side<'a>, new: &Side<'a>, out: &mut Vec<Change>) {
    let old_actions = &old.doc.flow.actions;
    let mut index: HashMap<(&str, usize), usize> = HashMap::with_capacity(old_actions.len());
    for (i, key) in occurrence_keys(old_actions).into_iter().enumerate() {
        index.insert(key, i);
    }
    let mut matched = vec![false; old_actions.len()];
    for (action, key) in new.doc.flow.actions.iter().zip(occurrence_keys(&new.doc.flow.actions)) {
        let found = index.get(&key).and_then(|&i| Some((i, old_actions.get(i)?)));
        match found {
            Some((i, before)) => {
                if let Some(slot) = matched.get_mut(i) {
                    *slot = true;
                }
                Pair { old, new, before, after: action }.changes(out);
            }
            None => out.push(whole_block(ChangeKind::BlockAdded, action, new)),
        }
    }
    for (action, seen) in old_actions.iter().zip(matched) {
        if !seen {
            out.push(whole_block(ChangeKind::BlockRemoved, action, old));
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
        branches: Vec::new(),
    }
}

/// A block added or removed: its summary on its side (`None` when it has none) and each of its
/// branches with where it leads, in `side`'s flow.
pub(super) fn whole_block(kind: ChangeKind, action: &Action, side: &Side<'_>) -> Change {
    let summary = Some(action.summary()).filter(|s| !s.is_empty());
    let branches = action
        .transitions
        .targets()
        .map(|(branch, to)| BranchTarget {
            label: wire_label(action, &branch),
            target: to.clone(),
            shown: side.name(to),
        })
        .collect();
    let change = Change { branches, ..about(kind, action, "block") };
    if kind == ChangeKind::BlockAdded { Change { new: summary, ..change } } else { Change { old: summary, ..change } }
}

/// A branch as the designer labels it, and a condition the designer cannot label (operands
/// that are not one text) with its operator and operands as written.
pub(super) fn wire_label(action: &Action, branch: &Branch) -> String {
    if let Branch::Condition(i) = branch
        && let Some(branch) = action.transitions.conditions.get(*i)
        && branch.condition.operand_text().is_none()
    {
        let operands: Vec<String> = branch.condition.operands.iter().map(words::plain).collect();
        return format!("{} {}", branch.condition.operator.short_display(), operands.join(", "));
    }
    action.branch_label(branch)
}

/// One block present in both flows.
struct Pair<'s, 'a> {
    old: &'s Side<'a>,
    new: &'s Side<'a>,
    before: &'a Action,
    after: &'a Action,
}

impl Pair<'_, '_> {
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

    /// Every parameter in the designer's words, compared as export writes it (so an edited
    /// block is compared by its typed view, and a block kept verbatim by its file).
    fn parameters(&self, out: &mut Vec<Change>) {
        let (before, after) = (self.before, self.after);
        let old_params = flow_json::parameters(before);
        let new_params = flow_json::parameters(after);
        if super::maps_equal(&old_params, &new_params) {
            return;
        }
        let fields = |action: &Action, params: &serde_json::Map<String, serde_json::Value>| -> Vec<Field> {
            words::fields(action.kind.type_name(), params, &action.designer)
        };
        for (label, old, new) in changed_fields(&fields(before, &old_params), &fields(after, &new_params)) {
            out.push(Change { old, new, ..about(ChangeKind::Parameter, after, label) });
        }
    }

    /// Branches matched by what they are (Success, an error type, a condition), not by position;
    /// then the order of the conditions, where a reorder changes which one wins.
    fn branches(&self, out: &mut Vec<Change>) {
        let old_wires = wires(self.before);
        let new_wires = wires(self.after);
        let mut used = vec![false; old_wires.len()];
        // For each new wire, the old wire it is.
        let mut pairs = Vec::with_capacity(new_wires.len());
        for wire in &new_wires {
            let found = old_wires.iter().enumerate().find(|(i, w)| !used[*i] && w.key == wire.key).map(|(i, _)| i);
            if let Some(i) = found {
                used[i] = true;
            }
            pairs.push(found);
        }
        for (wire, found) in new_wires.iter().zip(&pairs) {
            let change = match found.and_then(|i| old_wires.get(i)) {
                Some(before) if before.to == wire.to => continue,
                Some(before) => {
                    self.wire_change(ChangeKind::BranchRewired, wire.label.clone(), Some(before.to), Some(wire.to))
                }
                None => self.wire_change(ChangeKind::BranchAdded, wire.label.clone(), None, Some(wire.to)),
            };
            out.push(change);
        }
        for (wire, taken) in old_wires.iter().zip(used) {
            if !taken {
                out.push(self.wire_change(ChangeKind::BranchRemoved, wire.label.clone(), Some(wire.to), None));
            }
        }
        if let Some(change) = self.condition_order(&old_wires, &new_wires, &pairs) {
            out.push(change);
        }
    }

    /// The conditions' new order, when two that one value can both satisfy (`> 10`, `> 0`) and
    /// that lead to different blocks now come the other way round: the first true one wins, so
    /// such a contact goes elsewhere. A reorder of conditions no value satisfies together
    /// (`= Card`, `= Bank`) changes nothing and says nothing.
    fn condition_order(
        &self,
        old_wires: &[Wire<'_>],
        new_wires: &[Wire<'_>],
        pairs: &[Option<usize>],
    ) -> Option<Change> {
        let conditions = &self.after.transitions.conditions;
        let old_conditions = &self.before.transitions.conditions;
        // (old index, new index) of each condition both versions have, in the new order.
        let matched: Vec<(usize, usize)> = new_wires
            .iter()
            .zip(pairs)
            .filter_map(|(wire, found)| {
                let old = old_wires.get((*found)?)?;
                match (&old.branch, &wire.branch) {
                    (Branch::Condition(a), Branch::Condition(b)) => Some((*a, *b)),
                    _ => None,
                }
            })
            .collect();
        let swapped = matched.iter().enumerate().any(|(i, &(old_a, new_a))| {
            matched.iter().skip(i + 1).any(|&(old_b, new_b)| {
                let (Some(a), Some(b)) = (conditions.get(new_a), conditions.get(new_b)) else { return false };
                old_a > old_b && a.next != b.next && order::may_overlap(&a.condition, &b.condition)
            })
        });
        if !swapped {
            return None;
        }
        let list = |action: &Action, count: usize| -> String {
            (0..count).map(|i| wire_label(action, &Branch::Condition(i))).collect::<Vec<_>>().join(", ")
        };
        Some(Change {
            old: Some(list(self.before, old_conditions.len())),
            new: Some(list(self.after, conditions.len())),
            ..about(ChangeKind::BranchOrder, self.after, "order of conditions (the first true one wins)")
        })
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
    branch: Branch,
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
                    let operands = words::canonical(&serde_json::Value::Array(c.condition.operands.clone()));
                    format!("condition {} {operands}", c.condition.operator.as_str())
                }),
                Branch::Case(value) => format!("case {value}"),
            };
            Wire { key, label: wire_label(action, &branch), branch, to }
        })
        .collect()
}

/// How the blocks at either end of a changed wire are shown: their names ("End flow / Resume"),
/// with the identifier when the two names read the same or other blocks share the name, or a
/// missing block's identifier.
pub(super) fn target_names(
    old: &Side<'_>,
    from: Option<&ActionId>,
    new: &Side<'_>,
    to: Option<&ActionId>,
) -> (Option<String>, Option<String>) {
    let old_name = from.map(|id| old.name(id));
    let new_name = to.map(|id| new.name(id));
    match (from, to) {
        (Some(a), Some(b)) if old_name == new_name && a != b => {
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
