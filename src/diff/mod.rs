//! The semantic diff: two [`FlowDocument`]s → what changed in meaning. Pure: no egui, no I/O.
//!
//! Blocks are matched by `Identifier` (a duplicated identifier: first with first, second with
//! second). What counts: the flow's name, type, description and `StartAction` and its settings
//! that whisperwire does not model; blocks added and removed (with their summary and where each
//! of their branches leads); a block's type and parameters, each in the designer's words (the
//! block-words table, [`crate::model::words`]); branches rewired, added and removed, and the
//! order of a block's conditions where a reorder changes which one wins; and, as layout only,
//! blocks moved. What does not: key order, whitespace, number formatting (`1` is `1.0`), the
//! order of lists whose order means nothing (recorded participants), a flow-level value absent
//! on one side and empty or the default on the other, the API wrapper the file came in, and
//! designer metadata other than positions.
//!
//! Order (deterministic): flow-level changes, then the blocks of the new flow in its order (for
//! each: type, parameters, branches, move), then blocks removed, in the old flow's order. A flow
//! that is new ([`flow_added`]) or deleted ([`flow_removed`]) is one line for the flow and one
//! per block.
//!
//! [`diff`] is the entry point; [`FlowDiff::to_text`] prints the CLI's text, and
//! [`FlowDiff::marks`] gives the designer one mark per block. [`lines::unified`] is the plain
//! line diff for files that are not flows.

mod blocks;
mod fields;
mod json;
pub mod lines;
mod order;
mod text;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Map, Value};

pub use json::{maps_equal, values_equal};
pub use text::{VALUE_WIDTH, change_line};

use crate::model::{ActionId, FlowDocument, FlowType};

/// What kind of change a [`Change`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// `Metadata.name`.
    FlowName,
    /// The flow type.
    FlowType,
    /// `Metadata.description`.
    FlowDescription,
    /// `StartAction`: the block the Entry point leads to.
    FlowStart,
    /// A flow-level key whisperwire does not model (`Version`, `Settings`…), by JSON path.
    FlowSetting,
    /// A whole flow only the new side has (git's `/dev/null` on the old side).
    FlowAdded,
    /// A whole flow only the old side has.
    FlowRemoved,
    /// A block only the new flow has.
    BlockAdded,
    /// A block only the old flow has.
    BlockRemoved,
    /// The same identifier, another block type.
    BlockType,
    /// One parameter of a block: a modelled field ("caller ID") or a JSON path (`Parameters.X`).
    Parameter,
    /// A branch that leads somewhere else.
    BranchRewired,
    /// A branch wired in the new flow only.
    BranchAdded,
    /// A branch wired in the old flow only.
    BranchRemoved,
    /// A block's conditions checked in another order, where that sends some contact elsewhere.
    BranchOrder,
    /// Layout only: the block sits elsewhere on the canvas. Not a semantic change.
    Moved,
}

impl ChangeKind {
    /// The name in `--format json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FlowName => "flowName",
            Self::FlowType => "flowType",
            Self::FlowDescription => "flowDescription",
            Self::FlowStart => "flowStart",
            Self::FlowSetting => "flowSetting",
            Self::FlowAdded => "flowAdded",
            Self::FlowRemoved => "flowRemoved",
            Self::BlockAdded => "blockAdded",
            Self::BlockRemoved => "blockRemoved",
            Self::BlockType => "blockType",
            Self::Parameter => "parameter",
            Self::BranchRewired => "branchRewired",
            Self::BranchAdded => "branchAdded",
            Self::BranchRemoved => "branchRemoved",
            Self::BranchOrder => "branchOrder",
            Self::Moved => "moved",
        }
    }

    /// Whether the change is about meaning (everything but a move).
    pub fn is_semantic(self) -> bool {
        self != Self::Moved
    }

    /// How the designer marks a block with this change; `None` for flow-level changes.
    pub fn mark(self) -> Option<BlockMark> {
        match self {
            Self::FlowName
            | Self::FlowType
            | Self::FlowDescription
            | Self::FlowStart
            | Self::FlowSetting
            | Self::FlowAdded
            | Self::FlowRemoved => None,
            Self::BlockAdded => Some(BlockMark::Added),
            Self::BlockRemoved => Some(BlockMark::Removed),
            Self::BlockType | Self::Parameter => Some(BlockMark::Changed),
            Self::BranchRewired | Self::BranchAdded | Self::BranchRemoved | Self::BranchOrder => {
                Some(BlockMark::Rewired)
            }
            Self::Moved => Some(BlockMark::Moved),
        }
    }
}

/// How a block is marked in the designer's Compare view. Ordered by precedence: a block with
/// several changes takes the first (an added block is not also "changed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BlockMark {
    Added,
    Removed,
    Changed,
    Rewired,
    Moved,
}

/// One change, ready to show: which block, which field, old → new as display strings, and the
/// typed facts the designer needs (the identifier, the wires' targets).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub kind: ChangeKind,
    /// The block it is about; `None` for flow-level changes.
    pub action: Option<ActionId>,
    /// The Connect designer's name of the block's type ("Call phone number"): the new flow's, the
    /// old flow's for a removed block.
    pub block: Option<String>,
    /// The flow-language `Type` of the block (`CompleteOutboundCall`).
    pub block_type: Option<String>,
    /// What changed: "name", `StartAction`, a parameter in the designer's words ("caller ID",
    /// "text", "attribute tier"), a branch ("Success", "Error", "= VIP"), "order of conditions…",
    /// "block" (added or removed), "flow" (a flow added or removed), "type", "position".
    pub field: String,
    /// Before, as shown to the admin, whole (texts are shortened only when printed as a line);
    /// `None` when absent (a block or branch added).
    pub old: Option<String>,
    /// After, as shown; `None` when absent. For an added or removed block: its summary.
    pub new: Option<String>,
    /// For `FlowStart` and branch changes: the block the wire led to before.
    pub old_target: Option<ActionId>,
    /// For `FlowStart` and branch changes: the block the wire leads to now.
    pub new_target: Option<ActionId>,
    /// For an added or removed block: each of its branches and where it leads (in the new flow
    /// for an added block, the old for a removed one). Empty otherwise.
    pub branches: Vec<BranchTarget>,
}

/// One branch of an added or removed block: its label ("= Card", "Error") and its target.
#[derive(Debug, Clone, PartialEq)]
pub struct BranchTarget {
    pub label: String,
    pub target: ActionId,
    /// The target as named in lines ("Play prompt", with its identifier when ambiguous).
    pub shown: String,
}

impl Change {
    /// A flow-level change.
    fn flow(kind: ChangeKind, field: &str, old: Option<String>, new: Option<String>) -> Self {
        Self {
            kind,
            action: None,
            block: None,
            block_type: None,
            field: field.to_owned(),
            old,
            new,
            old_target: None,
            new_target: None,
            branches: Vec::new(),
        }
    }

    /// How the change names its block, as `validate` does: `'Call phone number' (c1af…)`;
    /// `None` for flow-level changes.
    pub fn block_label(&self) -> Option<String> {
        let id = self.action.as_ref()?;
        Some(format!("'{}' ({id})", self.block.as_deref().unwrap_or("?")))
    }
}

/// Everything that differs between two flows, in the order described in the module doc.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowDiff {
    pub changes: Vec<Change>,
}

impl FlowDiff {
    /// The changes in meaning (all but moves).
    pub fn semantic(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.kind.is_semantic())
    }

    /// Whether anything but layout changed.
    pub fn has_semantic_changes(&self) -> bool {
        self.semantic().next().is_some()
    }

    /// How many changes are about meaning.
    pub fn semantic_count(&self) -> usize {
        self.semantic().count()
    }

    /// How many blocks only moved on the canvas (or moved besides other changes).
    pub fn moved_count(&self) -> usize {
        self.changes.iter().filter(|c| c.kind == ChangeKind::Moved).count()
    }

    /// The changes about one block.
    pub fn for_block<'a>(&'a self, id: &'a ActionId) -> impl Iterator<Item = &'a Change> {
        self.changes.iter().filter(move |c| c.action.as_ref() == Some(id))
    }

    /// One mark per block that changed, the strongest of its changes ([`BlockMark`]'s order).
    /// Removed blocks are marked too: they are in the old flow only.
    pub fn marks(&self) -> BTreeMap<ActionId, BlockMark> {
        let mut marks = BTreeMap::new();
        for change in &self.changes {
            let (Some(id), Some(mark)) = (&change.action, change.kind.mark()) else {
                continue;
            };
            marks.entry(id.clone()).and_modify(|m: &mut BlockMark| *m = (*m).min(mark)).or_insert(mark);
        }
        marks
    }
}

/// The semantic changes from `old` to `new`.
pub fn diff(old: &FlowDocument, new: &FlowDocument) -> FlowDiff {
    let mut changes = Vec::new();
    let (old_side, new_side) = (blocks::Side::new(old), blocks::Side::new(new));
    flow_changes(&old_side, &new_side, &mut changes);
    blocks::block_changes(&old_side, &new_side, &mut changes);
    FlowDiff { changes }
}

/// A flow that is new: one change for the flow (its name, type, description and where its
/// Entry point leads), then one per block, added, with its summary and branches.
pub fn flow_added(new: &FlowDocument) -> FlowDiff {
    whole_flow(ChangeKind::FlowAdded, new)
}

/// A flow that is deleted: one change for the flow, then one per block, removed.
pub fn flow_removed(old: &FlowDocument) -> FlowDiff {
    whole_flow(ChangeKind::FlowRemoved, old)
}

fn whole_flow(kind: ChangeKind, doc: &FlowDocument) -> FlowDiff {
    let side = blocks::Side::new(doc);
    let flow = &doc.flow;
    let mut about = crate::words::quoted(doc.display_name());
    // Writing to a String cannot fail.
    if let Some(flow_type) = &flow.flow_type {
        let _ = write!(about, " ({})", flow_type.label());
    }
    if let Some(description) = flow.description.as_deref().filter(|d| !d.trim().is_empty()) {
        let _ = write!(about, ", “{description}”");
    }
    if let Some(start) = &flow.start {
        let _ = write!(about, ", Entry point → {}", side.name(start));
    }
    let (old, new) = if kind == ChangeKind::FlowAdded { (None, Some(about)) } else { (Some(about), None) };
    let block_kind = if kind == ChangeKind::FlowAdded { ChangeKind::BlockAdded } else { ChangeKind::BlockRemoved };
    let mut changes = vec![Change { new_target: flow.start.clone(), ..Change::flow(kind, "flow", old, new) }];
    changes.extend(flow.actions.iter().map(|action| blocks::whole_block(block_kind, action, &side)));
    FlowDiff { changes }
}

/// Name, type, description, `StartAction`, then the unmodelled top-level keys.
fn flow_changes(old_side: &blocks::Side<'_>, new_side: &blocks::Side<'_>, out: &mut Vec<Change>) {
    let (old, new) = (old_side.doc, new_side.doc);
    let (a, b) = (&old.flow, &new.flow);
    let differs = |key: &str, changed: bool, absent: (bool, bool)| {
        // A value known only from one side's API wrapper is not contradicted by a plain file
        // that does not say it: the wrapper is not a change.
        let unknown = (absent.0 && from_wrapper_only(new, key)) || (absent.1 && from_wrapper_only(old, key));
        changed && !unknown
    };
    // Absent and empty say the same: no name, no description.
    let text = |t: &Option<String>| t.as_deref().filter(|t| !t.is_empty()).map(str::to_owned);
    let (old_name, new_name) = (text(&a.name), text(&b.name));
    if differs("name", old_name != new_name, (old_name.is_none(), new_name.is_none())) {
        out.push(Change::flow(ChangeKind::FlowName, "name", old_name, new_name));
    }
    if differs("type", a.flow_type != b.flow_type, (a.flow_type.is_none(), b.flow_type.is_none())) {
        let label = |t: Option<&FlowType>| t.map(|t| t.label().to_owned());
        out.push(Change::flow(ChangeKind::FlowType, "type", label(a.flow_type.as_ref()), label(b.flow_type.as_ref())));
    }
    let (old_description, new_description) = (text(&a.description), text(&b.description));
    let description = (old_description.is_none(), new_description.is_none());
    if differs("description", old_description != new_description, description) {
        out.push(Change::flow(ChangeKind::FlowDescription, "description", old_description, new_description));
    }
    if a.start != b.start {
        let (old_shown, new_shown) = blocks::target_names(old_side, a.start.as_ref(), new_side, b.start.as_ref());
        out.push(Change {
            old_target: a.start.clone(),
            new_target: b.start.clone(),
            ..Change::flow(ChangeKind::FlowStart, "StartAction", old_shown, new_shown)
        });
    }
    let mut settings = Vec::new();
    json::map_changes("", &unmodelled_top(old), &unmodelled_top(new), &mut settings);
    out.extend(settings.into_iter().map(|c| {
        // As the admin reads them (a list as its items); as JSON when that reads the same.
        let plain = |v: &Option<Value>| v.as_ref().map(crate::model::words::plain);
        let (old_shown, new_shown) = match (plain(&c.old), plain(&c.new)) {
            (a, b) if a == b => (c.old.as_ref().map(json::compact), c.new.as_ref().map(json::compact)),
            shown => shown,
        };
        Change::flow(ChangeKind::FlowSetting, &c.path, old_shown, new_shown)
    }));
}

/// Whether the document's `key` (`name`, `type`, `description`) comes from its API wrapper
/// rather than from `Metadata`.
fn from_wrapper_only(doc: &FlowDocument, key: &str) -> bool {
    doc.envelope.wrapper.is_some() && !doc.metadata.contains_key(key)
}

/// The flow object's keys that are neither actions, metadata nor `StartAction`. A `Version` it
/// does not say is the flow language version every file is written with: absent on one side and
/// that version on the other is no change (a flow made in the designer has no `Version` until
/// its first save writes one). A key whose value is empty (`{}`, `[]`, `""`, `null`) says no more
/// than an absent one.
fn unmodelled_top(doc: &FlowDocument) -> Map<String, Value> {
    let empty = |value: &Value| match value {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    };
    let mut top: Map<String, Value> = doc
        .envelope
        .top
        .iter()
        .filter(|(key, value)| !matches!(key.as_str(), "StartAction" | "Actions" | "Metadata") && !empty(value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    top.entry("Version").or_insert_with(|| Value::String(crate::model::FLOW_LANGUAGE_VERSION.into()));
    top
}

#[cfg(test)]
mod tests;
