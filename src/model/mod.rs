//! The flow as the program understands it: `Flow`, `Action`, `Transitions`, `FlowDocument` and
//! `Edit`. No egui and no I/O here; `flow_json` converts to and from the file format.

mod action;
mod edit;
mod id;
mod summary;
mod transitions;
pub mod words;

use std::collections::HashMap;

use serde_json::{Map, Value};

pub use action::{
    Action, ActionKind, AttributeRef, CallerId, LambdaCall, MODELLED_TYPES, Message, Namespace, Position,
    block_name_of, position_from_json, position_to_json,
};
pub use edit::{Edit, EditError};
pub use id::{ActionId, FORBIDDEN_ID_CHARS, FORBIDDEN_ID_NAMES, IdError, MAX_ID_CHARS};
pub use transitions::{
    Branch, Condition, ConditionBranch, ErrorBranch, MissingCondition, NO_MATCHING_CONDITION, NO_MATCHING_ERROR,
    Operator, Transitions,
};

/// The one flow-language version that exists.
pub const FLOW_LANGUAGE_VERSION: &str = "2019-10-30";

/// A flow's type. The designer writes it camelCase in `Metadata.type`; the API uses upper snake
/// case (`OUTBOUND_WHISPER`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FlowType {
    ContactFlow,
    CustomerQueue,
    CustomerHold,
    CustomerWhisper,
    AgentHold,
    AgentWhisper,
    OutboundWhisper,
    AgentTransfer,
    QueueTransfer,
    Campaign,
    /// A type this program does not know, as written.
    Other(String),
}

impl FlowType {
    const KNOWN: [(FlowType, &'static str, &'static str, &'static str); 10] = [
        (FlowType::ContactFlow, "contactFlow", "CONTACT_FLOW", "Inbound flow"),
        (FlowType::CustomerQueue, "customerQueue", "CUSTOMER_QUEUE", "Customer queue flow"),
        (FlowType::CustomerHold, "customerHold", "CUSTOMER_HOLD", "Customer hold flow"),
        (FlowType::CustomerWhisper, "customerWhisper", "CUSTOMER_WHISPER", "Customer whisper flow"),
        (FlowType::AgentHold, "agentHold", "AGENT_HOLD", "Agent hold flow"),
        (FlowType::AgentWhisper, "agentWhisper", "AGENT_WHISPER", "Agent whisper flow"),
        (FlowType::OutboundWhisper, "outboundWhisper", "OUTBOUND_WHISPER", "Outbound whisper flow"),
        (FlowType::AgentTransfer, "agentTransfer", "AGENT_TRANSFER", "Transfer to agent flow"),
        (FlowType::QueueTransfer, "queueTransfer", "QUEUE_TRANSFER", "Transfer to queue flow"),
        (FlowType::Campaign, "campaign", "CAMPAIGN", "Campaign flow"),
    ];

    /// Reads either spelling: `outboundWhisper` or `OUTBOUND_WHISPER`.
    pub fn parse(text: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(_, designer, api, _)| *designer == text || *api == text)
            .map_or_else(|| Self::Other(text.to_owned()), |(t, ..)| t.clone())
    }

    fn entry(&self) -> Option<&'static (FlowType, &'static str, &'static str, &'static str)> {
        Self::KNOWN.iter().find(|(t, ..)| t == self)
    }

    /// The designer's spelling, as in `Metadata.type`.
    pub fn designer_name(&self) -> &str {
        match self {
            Self::Other(text) => text,
            known => known.entry().map_or("", |(_, designer, ..)| designer),
        }
    }

    /// The API's spelling, as in `CreateContactFlow`'s `Type`.
    pub fn api_name(&self) -> &str {
        match self {
            Self::Other(text) => text,
            known => known.entry().map_or("", |(_, _, api, _)| api),
        }
    }

    /// What the Connect console calls it.
    pub fn label(&self) -> &str {
        match self {
            Self::Other(text) => text,
            known => known.entry().map_or("", |(.., label)| label),
        }
    }
}

/// Whether a flow is a draft or live.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowStatus {
    Saved,
    Published,
}

impl FlowStatus {
    /// Reads any case: exports hold `saved`, `SAVED`, `published` and `PUBLISHED`.
    pub fn parse(text: &str) -> Option<Self> {
        if text.eq_ignore_ascii_case("saved") {
            Some(Self::Saved)
        } else if text.eq_ignore_ascii_case("published") {
            Some(Self::Published)
        } else {
            None
        }
    }

    /// The designer's spelling.
    pub fn designer_name(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Published => "published",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Saved => "Saved",
            Self::Published => "Published",
        }
    }
}

/// The flow itself: what Amazon Connect runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Flow {
    pub flow_type: Option<FlowType>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<FlowStatus>,
    /// `StartAction`: where the Entry point leads.
    pub start: Option<ActionId>,
    pub actions: Vec<Action>,
}

impl Flow {
    pub fn action(&self, id: &ActionId) -> Option<&Action> {
        self.actions.iter().find(|a| &a.id == id)
    }

    pub fn action_mut(&mut self, id: &ActionId) -> Option<&mut Action> {
        self.actions.iter_mut().find(|a| &a.id == id)
    }

    pub fn index_of(&self, id: &ActionId) -> Option<usize> {
        self.actions.iter().position(|a| &a.id == id)
    }

    /// Every wire that ends at `id`: (source action, branch).
    pub fn incoming(&self, id: &ActionId) -> Vec<(ActionId, Branch)> {
        self.actions
            .iter()
            .flat_map(|a| a.transitions.targets().filter(|(_, to)| *to == id).map(|(branch, _)| (a.id.clone(), branch)))
            .collect()
    }
}

/// Every wire of a flow, by the block it ends at: built once in linear time, so asking for the
/// wires into many blocks does not scan the flow each time.
#[derive(Debug)]
pub struct IncomingIndex<'f> {
    flow: &'f Flow,
    /// Target identifier → (source index, branch), in the flow's order.
    by_target: HashMap<&'f str, Vec<(usize, Branch)>>,
}

impl<'f> IncomingIndex<'f> {
    pub fn new(flow: &'f Flow) -> Self {
        let mut by_target: HashMap<&'f str, Vec<(usize, Branch)>> = HashMap::new();
        for (i, action) in flow.actions.iter().enumerate() {
            for (branch, target) in action.transitions.targets() {
                by_target.entry(target.as_str()).or_default().push((i, branch));
            }
        }
        Self { flow, by_target }
    }

    /// Every wire that ends at `id`: (source action, branch), as [`Flow::incoming`] gives them.
    pub fn incoming(&self, id: &ActionId) -> Vec<(ActionId, Branch)> {
        let Some(wires) = self.by_target.get(id.as_str()) else {
            return Vec::new();
        };
        wires
            .iter()
            .filter_map(|(i, branch)| self.flow.actions.get(*i).map(|a| (a.id.clone(), branch.clone())))
            .collect()
    }
}

/// A flow and everything its file holds besides: designer metadata, and what export needs to
/// write the file back exactly as it was read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FlowDocument {
    pub flow: Flow,
    /// `Metadata`, verbatim, except `ActionMetadata`, whose entries live on the actions
    /// ([`Action::designer`]).
    pub metadata: Map<String, Value>,
    /// The parts of the file that are neither flow nor metadata; owned by `flow_json`.
    pub envelope: Envelope,
}

/// What surrounds the flow in its file, kept so that export changes nothing it was not asked to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Envelope {
    /// The flow object as read, for key order and keys not modelled (`Version`, `Settings`...).
    pub top: Map<String, Value>,
    /// The API wrapper the flow came in, if any.
    pub wrapper: Option<Wrapper>,
    /// The keys of `ActionMetadata`, in file order.
    pub action_metadata_order: Vec<String>,
    /// `ActionMetadata` entries that belong to no action, kept verbatim.
    pub stray_action_metadata: Map<String, Value>,
    /// How the file's text was laid out, so a save changes only the lines an edit changed.
    pub text_style: TextStyle,
}

/// The layout of a flow file's text: line endings, indentation, final newline. Detected on
/// read and kept on save; `fmt` writes the canonical style (LF, two spaces, final newline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    /// `\r\n` line endings (Windows editors), else `\n`.
    pub crlf: bool,
    pub indent: Indent,
    pub final_newline: bool,
}

/// One level of indentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Indent {
    Spaces(u8),
    Tab,
}

impl TextStyle {
    /// The canonical style: `\n`, two spaces, a final newline.
    pub const CANONICAL: Self = Self { crlf: false, indent: Indent::Spaces(2), final_newline: true };
}

impl Default for TextStyle {
    fn default() -> Self {
        Self::CANONICAL
    }
}

/// The API shapes a flow is found wrapped in.
#[derive(Debug, Clone, PartialEq)]
pub enum Wrapper {
    /// `DescribeContactFlow` output: `{"ContactFlow": {..., "Content": "<flow as a string>"}}`.
    DescribeContactFlow(Map<String, Value>),
    /// `CreateContactFlow` input: `{"Name", "Type", "Content": "<flow as a string>", ...}`.
    CreateContactFlow(Map<String, Value>),
}

impl FlowDocument {
    /// A new, empty outbound whisper flow: an Entry point and nothing else.
    pub fn new_outbound_whisper(name: &str) -> Self {
        let mut metadata = Map::new();
        metadata.insert("entryPointPosition".into(), position_to_json(Position { x: 40.0, y: 40.0 }));
        metadata.insert("ActionMetadata".into(), Value::Object(Map::new()));
        metadata.insert("Annotations".into(), Value::Array(Vec::new()));
        let flow = Flow {
            flow_type: Some(FlowType::OutboundWhisper),
            name: Some(name.to_owned()),
            status: Some(FlowStatus::Saved),
            ..Flow::default()
        };
        Self { flow, metadata, envelope: Envelope::default() }
    }

    /// Where the Entry point sits on the canvas.
    pub fn entry_point_position(&self) -> Option<Position> {
        let value = self.metadata.get("entryPointPosition").or_else(|| self.metadata.get("EntryPointPosition"))?;
        position_from_json(value)
    }

    pub fn set_entry_point_position(&mut self, to: Position) {
        let key =
            if self.metadata.contains_key("EntryPointPosition") && !self.metadata.contains_key("entryPointPosition") {
                "EntryPointPosition"
            } else {
                "entryPointPosition"
            };
        if self.entry_point_position() != Some(to) {
            self.metadata.insert(key.to_owned(), position_to_json(to));
        }
    }

    /// The name to show: `Metadata.name`, else the wrapper's, else "Untitled flow".
    pub fn display_name(&self) -> &str {
        self.flow.name.as_deref().unwrap_or("Untitled flow")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_types_read_both_spellings() {
        assert_eq!(FlowType::parse("outboundWhisper"), FlowType::OutboundWhisper);
        assert_eq!(FlowType::parse("OUTBOUND_WHISPER"), FlowType::OutboundWhisper);
        assert_eq!(FlowType::OutboundWhisper.api_name(), "OUTBOUND_WHISPER");
        assert_eq!(FlowType::parse("somethingNew"), FlowType::Other("somethingNew".into()));
        assert_eq!(FlowType::parse("somethingNew").designer_name(), "somethingNew");
    }

    #[test]
    fn status_is_read_in_any_case() {
        assert_eq!(FlowStatus::parse("PUBLISHED"), Some(FlowStatus::Published));
        assert_eq!(FlowStatus::parse("saved"), Some(FlowStatus::Saved));
        assert_eq!(FlowStatus::parse("draft"), None);
    }

    #[test]
    fn a_new_outbound_whisper_flow_holds_only_an_entry_point() {
        let doc = FlowDocument::new_outbound_whisper("Sales");
        assert!(doc.flow.actions.is_empty());
        assert_eq!(doc.flow.flow_type, Some(FlowType::OutboundWhisper));
        assert_eq!(doc.entry_point_position(), Some(Position { x: 40.0, y: 40.0 }));
    }
}
