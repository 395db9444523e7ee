//! The semantic diff: two [`FlowDocument`]s → what changed in meaning. Pure: no egui, no I/O.
//!
//! Blocks are matched by `Identifier` (a duplicated identifier: first with first, second with
//! second). What counts: the flow's name, type, description and `StartAction` and its settings
//! that whisperwire does not model; blocks added and removed; a block's type and parameters (the
//! modelled ones as the designer shows them, the others as changed JSON paths); branches
//! rewired, added and removed; and, as layout only, blocks moved. What does not: key order,
//! whitespace, number formatting (`1` is `1.0`), the API wrapper the file came in, and designer
//! metadata other than positions.
//!
//! Order (deterministic): flow-level changes, then the blocks of the new flow in its order (for
//! each: type, parameters, branches, move), then blocks removed, in the old flow's order.
//!
//! [`diff`] is the entry point; [`FlowDiff::to_text`] prints the CLI's text, and
//! [`FlowDiff::marks`] gives the designer one mark per block.

mod blocks;
mod fields;
mod json;
mod text;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

pub use json::{maps_equal, values_equal};
pub use text::change_line;

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
            Self::BlockAdded => "blockAdded",
            Self::BlockRemoved => "blockRemoved",
            Self::BlockType => "blockType",
            Self::Parameter => "parameter",
            Self::BranchRewired => "branchRewired",
            Self::BranchAdded => "branchAdded",
            Self::BranchRemoved => "branchRemoved",
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
            Self::FlowName | Self::FlowType | Self::FlowDescription | Self::FlowStart | Self::FlowSetting => None,
            Self::BlockAdded => Some(BlockMark::Added),
            Self::BlockRemoved => Some(BlockMark::Removed),
            Self::BlockType | Self::Parameter => Some(BlockMark::Changed),
            Self::BranchRewired | Self::BranchAdded | Self::BranchRemoved => Some(BlockMark::Rewired),
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
    /// What changed: "name", `StartAction`, a parameter ("caller ID", `Parameters.Text`), a
    /// branch ("Success", "Error", "= VIP"), "block" (added or removed), "type", "position".
    pub field: String,
    /// Before, as shown to the admin; `None` when absent (a block or branch added).
    pub old: Option<String>,
    /// After, as shown; `None` when absent. For an added or removed block: its summary.
    pub new: Option<String>,
    /// For `FlowStart` and branch changes: the block the wire led to before.
    pub old_target: Option<ActionId>,
    /// For `FlowStart` and branch changes: the block the wire leads to now.
    pub new_target: Option<ActionId>,
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
    flow_changes(old, new, &mut changes);
    blocks::block_changes(old, new, &mut changes);
    FlowDiff { changes }
}

/// Name, type, description, `StartAction`, then the unmodelled top-level keys.
fn flow_changes(old: &FlowDocument, new: &FlowDocument, out: &mut Vec<Change>) {
    let (a, b) = (&old.flow, &new.flow);
    let differs = |key: &str, changed: bool, absent: (bool, bool)| {
        // A value known only from one side's API wrapper is not contradicted by a plain file
        // that does not say it: the wrapper is not a change.
        let unknown = (absent.0 && from_wrapper_only(new, key)) || (absent.1 && from_wrapper_only(old, key));
        changed && !unknown
    };
    if differs("name", a.name != b.name, (a.name.is_none(), b.name.is_none())) {
        out.push(Change::flow(ChangeKind::FlowName, "name", a.name.clone(), b.name.clone()));
    }
    if differs("type", a.flow_type != b.flow_type, (a.flow_type.is_none(), b.flow_type.is_none())) {
        let label = |t: Option<&FlowType>| t.map(|t| t.label().to_owned());
        out.push(Change::flow(ChangeKind::FlowType, "type", label(a.flow_type.as_ref()), label(b.flow_type.as_ref())));
    }
    let description = (a.description.is_none(), b.description.is_none());
    if differs("description", a.description != b.description, description) {
        out.push(Change::flow(
            ChangeKind::FlowDescription,
            "description",
            a.description.clone(),
            b.description.clone(),
        ));
    }
    if a.start != b.start {
        let (old_shown, new_shown) = blocks::target_names(old, a.start.as_ref(), new, b.start.as_ref());
        out.push(Change {
            old_target: a.start.clone(),
            new_target: b.start.clone(),
            ..Change::flow(ChangeKind::FlowStart, "StartAction", old_shown, new_shown)
        });
    }
    let mut settings = Vec::new();
    json::map_changes("", &unmodelled_top(old), &unmodelled_top(new), &mut settings);
    out.extend(settings.into_iter().map(|c| Change::flow(ChangeKind::FlowSetting, &c.path, c.old, c.new)));
}

/// Whether the document's `key` (`name`, `type`, `description`) comes from its API wrapper
/// rather than from `Metadata`.
fn from_wrapper_only(doc: &FlowDocument, key: &str) -> bool {
    doc.envelope.wrapper.is_some() && !doc.metadata.contains_key(key)
}

/// The flow object's keys that are neither actions, metadata nor `StartAction`. A `Version` it
/// does not say is the flow language version every file is written with: absent on one side and
/// that version on the other is no change (a flow made in the designer has no `Version` until
/// its first save writes one).
fn unmodelled_top(doc: &FlowDocument) -> Map<String, Value> {
    let mut top: Map<String, Value> = doc
        .envelope
        .top
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "StartAction" | "Actions" | "Metadata"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    top.entry("Version").or_insert_with(|| Value::String(crate::model::FLOW_LANGUAGE_VERSION.into()));
    top
}

#[cfg(test)]
mod tests;
