//! `Action` and `ActionKind`: one block of a flow, typed for the blocks whisperwire edits and
//! kept verbatim for every other block.

use serde_json::{Map, Value};

use super::transitions::{NO_MATCHING_CONDITION, NO_MATCHING_ERROR};
use super::{ActionId, Branch, Transitions};

/// One action (a block on the canvas).
#[derive(Debug, Clone, PartialEq)]
pub struct Action {
    pub id: ActionId,
    pub kind: ActionKind,
    pub transitions: Transitions,
    /// This action's designer metadata (`Metadata.ActionMetadata[id]`), verbatim: position,
    /// display names, per-parameter UI state.
    pub designer: Map<String, Value>,
    /// The action object as it was read (key order, unknown keys, parameters not modelled).
    /// Export writes the modelled parts back into it, changing only what differs.
    pub source: Map<String, Value>,
}

/// A point on the canvas, in the designer's coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Position {
    pub x: f64,
    pub y: f64,
}

impl Action {
    /// A new action as the designer would make it, with a fresh identifier.
    pub fn new(kind: ActionKind, position: Position) -> Self {
        Self::with_id(ActionId::generate(), kind, position)
    }

    pub fn with_id(id: ActionId, kind: ActionKind, position: Position) -> Self {
        let mut action =
            Self { id, kind, transitions: Transitions::default(), designer: Map::new(), source: Map::new() };
        action.set_position(position);
        action
    }

    /// The action's place on the canvas: `position`, or the capitalised `Position` of the
    /// documentation's example.
    pub fn position(&self) -> Option<Position> {
        let value = self.designer.get("position").or_else(|| self.designer.get("Position"))?;
        position_from_json(value)
    }

    /// Moves the action, keeping whichever spelling of `position` the file used.
    pub fn set_position(&mut self, to: Position) {
        let key = if self.designer.contains_key("Position") && !self.designer.contains_key("position") {
            "Position"
        } else {
            "position"
        };
        if self.position() != Some(to) {
            self.designer.insert(key.to_owned(), position_to_json(to));
        }
    }

    /// How the Connect designer labels one of the block's branches: Success, Error, No match,
    /// a condition ("= VIP"), or a Loop's Looping and Complete.
    pub fn branch_label(&self, branch: &Branch) -> String {
        let operand = match branch {
            Branch::Condition(i) => self.transitions.conditions.get(*i).and_then(|c| c.condition.operand_text()),
            Branch::Case(value) => Some(value.as_str()),
            _ => None,
        };
        match (&self.kind, branch, operand) {
            (ActionKind::Loop { .. }, _, Some("ContinueLooping")) => "Looping".into(),
            (ActionKind::Loop { .. }, _, Some("DoneLooping")) => "Complete".into(),
            (_, Branch::Condition(i), Some(operand)) => {
                let operator = self.transitions.conditions.get(*i).map_or("", |c| c.condition.operator.short_display());
                format!("{operator} {operand}")
            }
            _ => branch.to_string(),
        }
    }

    /// Parameters as read from the file: the only view of blocks whisperwire does not model.
    pub fn raw_parameters(&self) -> Option<&Map<String, Value>> {
        self.source.get("Parameters").and_then(Value::as_object)
    }

    /// The Connect designer's name of the block ("Call phone number"; for Set event flow setting
    /// one hook, the block the designer offers for it: "Set whisper flow").
    pub fn block_name(&self) -> &str {
        super::words::block_name(self)
    }

    /// The name to show: the block's own name when it has one (an identifier the designer marks
    /// `isFriendlyName`), else its type's.
    pub fn display_name(&self) -> &str {
        if self.designer.get("isFriendlyName").and_then(serde_json::Value::as_bool) == Some(true) {
            self.id.as_str()
        } else {
            self.block_name()
        }
    }
}

/// Reads `{"x": .., "y": ..}`.
pub fn position_from_json(value: &Value) -> Option<Position> {
    let x = value.get("x")?.as_f64()?;
    let y = value.get("y")?.as_f64()?;
    Some(Position { x, y })
}

/// Writes a position the way the Connect designer does: whole numbers without a fraction.
pub fn position_to_json(p: Position) -> Value {
    let mut map = Map::new();
    map.insert("x".into(), number(p.x));
    map.insert("y".into(), number(p.y));
    Value::Object(map)
}

fn number(v: f64) -> Value {
    #[expect(clippy::cast_possible_truncation, reason = "only whole numbers well inside i64 take this path")]
    if v.fract() == 0.0 && v.abs() < 1e15 {
        return Value::from(v as i64);
    }
    serde_json::Number::from_f64(v).map_or(Value::from(0), Value::Number)
}

/// What a block does, typed for the blocks whisperwire edits.
///
/// Parameters the program reads as text (numbers included, which Connect writes as strings)
/// are kept as text: the validator says when one is not of the expected kind.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionKind {
    /// "Call phone number".
    CompleteOutboundCall { caller_id: CallerId },
    /// "Set contact attributes".
    UpdateContactAttributes { attributes: Vec<(String, String)>, target_contact: Option<String> },
    /// "Invoke AWS Lambda function".
    InvokeLambdaFunction(LambdaCall),
    /// "Play prompt".
    MessageParticipant(Message),
    /// "Check contact attributes".
    Compare { comparison_value: Option<String> },
    /// "Loop".
    Loop { loop_count: Option<String> },
    /// "Set recording and analytics behavior".
    UpdateContactRecordingBehavior { recorded_participants: Option<Vec<String>> },
    /// "Set logging behavior": `Enabled` or `Disabled`.
    UpdateFlowLoggingBehavior { flow_logging: Option<String> },
    /// "End flow / Resume".
    EndFlowExecution,
    /// "Disconnect / hang up".
    DisconnectParticipant,
    /// Any other block, kept verbatim (its parameters stay in [`Action::source`]).
    Other { type_name: String },
}

/// The caller ID a "Call phone number" block presents.
#[derive(Debug, Clone, PartialEq)]
pub enum CallerId {
    /// No `CallerId`: the queue's outbound caller ID number is used.
    None,
    /// A number typed or selected in the block, as written (the validator checks E.164).
    Number(String),
    /// A contact attribute: "Use attribute" in the designer.
    Attribute(AttributeRef),
    /// Any other `JSONPath` (a system attribute such as `$.Queue.OutboundCallerId.Address`), or a
    /// value that is not a single `JSONPath`, as written.
    Path(String),
    /// `CallerId` present but not of the shape `{"Number": "<text>"}`, as written.
    Unreadable(Value),
}

/// Where an attribute lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Namespace {
    /// `$.Attributes.key`: set by Set contact attributes here or in the flow that made the contact.
    UserDefined,
    /// `$.External.key`: the reply of the most recent Lambda.
    External,
}

impl Namespace {
    pub fn prefix(self) -> &'static str {
        match self {
            Self::UserDefined => "$.Attributes.",
            Self::External => "$.External.",
        }
    }

    /// The label of the Connect designer's namespace drop-down.
    pub fn label(self) -> &'static str {
        match self {
            Self::UserDefined => "User defined",
            Self::External => "External",
        }
    }
}

/// A reference to one user-defined or external attribute.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttributeRef {
    pub namespace: Namespace,
    pub key: String,
}

impl AttributeRef {
    pub fn new(namespace: Namespace, key: impl Into<String>) -> Self {
        Self { namespace, key: key.into() }
    }

    /// Reads `$.Attributes.key`, `$.Attributes.['key with spaces']` or `$.External.key`. A value
    /// with anything around the path is not one attribute reference.
    pub fn parse(text: &str) -> Option<Self> {
        [Namespace::UserDefined, Namespace::External].into_iter().find_map(|namespace| {
            let rest = text.strip_prefix(namespace.prefix())?;
            let key = match rest.strip_prefix("['").and_then(|r| r.strip_suffix("']")) {
                Some(bracketed) if !bracketed.contains('\'') => bracketed,
                Some(_) => return None,
                None if rest.chars().any(|c| c.is_whitespace() || "[]'\"$".contains(c)) => {
                    return None;
                }
                None => rest,
            };
            (!key.is_empty()).then(|| Self::new(namespace, key))
        })
    }

    /// The `JSONPath`, bracketed when the key has characters a dotted path cannot hold.
    pub fn to_path(&self) -> String {
        let plain = self.key.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c));
        if plain {
            format!("{}{}", self.namespace.prefix(), self.key)
        } else {
            format!("{}['{}']", self.namespace.prefix(), self.key)
        }
    }
}

impl CallerId {
    /// Classifies the text of `CallerId.Number`.
    pub fn from_number_text(text: &str) -> Self {
        if let Some(attribute) = AttributeRef::parse(text) {
            Self::Attribute(attribute)
        } else if text.starts_with("$.") {
            Self::Path(text.to_owned())
        } else {
            Self::Number(text.to_owned())
        }
    }

    /// The text written to `CallerId.Number`, if the block has one of the readable shapes.
    pub fn number_text(&self) -> Option<String> {
        match self {
            Self::Number(text) | Self::Path(text) => Some(text.clone()),
            Self::Attribute(attribute) => Some(attribute.to_path()),
            Self::None | Self::Unreadable(_) => None,
        }
    }
}

/// The parameters of "Invoke AWS Lambda function".
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LambdaCall {
    /// `LambdaFunctionARN`: an ARN, or a deployment placeholder kept as written.
    pub function_arn: Option<String>,
    /// `InvocationTimeLimitSeconds`, 1..8, as written.
    pub timeout_secs: Option<String>,
    /// `InvocationType`: `SYNCHRONOUS` or `ASYNCHRONOUS`.
    pub invocation_type: Option<String>,
    /// `LambdaInvocationAttributes`, in file order.
    pub attributes: Vec<(String, String)>,
    /// `ResponseValidation.ResponseType`: `STRING_MAP` or `JSON`.
    pub response_type: Option<String>,
}

impl LambdaCall {
    /// The function's name: the last part of its ARN (or the whole value when it is not one).
    pub fn function_name(&self) -> Option<&str> {
        let arn = self.function_arn.as_deref()?;
        Some(arn.rsplit(':').next().unwrap_or(arn))
    }
}

/// The parameters of "Play prompt": exactly one of the three should be set.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Message {
    pub text: Option<String>,
    pub ssml: Option<String>,
    pub prompt_id: Option<String>,
}

/// Every type whisperwire models (the designer's names are in [`super::words`]).
pub const MODELLED_TYPES: [&str; 10] = [
    "CompleteOutboundCall",
    "UpdateContactAttributes",
    "InvokeLambdaFunction",
    "MessageParticipant",
    "Compare",
    "Loop",
    "UpdateContactRecordingBehavior",
    "UpdateFlowLoggingBehavior",
    "EndFlowExecution",
    "DisconnectParticipant",
];

impl ActionKind {
    /// The flow-language `Type`.
    pub fn type_name(&self) -> &str {
        match self {
            Self::CompleteOutboundCall { .. } => "CompleteOutboundCall",
            Self::UpdateContactAttributes { .. } => "UpdateContactAttributes",
            Self::InvokeLambdaFunction(_) => "InvokeLambdaFunction",
            Self::MessageParticipant(_) => "MessageParticipant",
            Self::Compare { .. } => "Compare",
            Self::Loop { .. } => "Loop",
            Self::UpdateContactRecordingBehavior { .. } => "UpdateContactRecordingBehavior",
            Self::UpdateFlowLoggingBehavior { .. } => "UpdateFlowLoggingBehavior",
            Self::EndFlowExecution => "EndFlowExecution",
            Self::DisconnectParticipant => "DisconnectParticipant",
            Self::Other { type_name } => type_name,
        }
    }

    /// The block's name in the Connect designer.
    pub fn block_name(&self) -> &str {
        super::words::words_of_kind(self).map_or_else(|| self.type_name(), |w| w.block)
    }

    /// A new block of a modelled type with the designer's defaults; `None` for other types.
    pub fn new_block(type_name: &str) -> Option<Self> {
        Some(match type_name {
            "CompleteOutboundCall" => Self::CompleteOutboundCall { caller_id: CallerId::None },
            "UpdateContactAttributes" => {
                Self::UpdateContactAttributes { attributes: Vec::new(), target_contact: Some("Current".into()) }
            }
            "InvokeLambdaFunction" => Self::InvokeLambdaFunction(LambdaCall {
                timeout_secs: Some("3".into()),
                response_type: Some("STRING_MAP".into()),
                ..LambdaCall::default()
            }),
            "MessageParticipant" => {
                Self::MessageParticipant(Message { text: Some(String::new()), ..Message::default() })
            }
            "Compare" => Self::Compare { comparison_value: None },
            "Loop" => Self::Loop { loop_count: Some("1".into()) },
            "UpdateContactRecordingBehavior" => Self::UpdateContactRecordingBehavior {
                recorded_participants: Some(vec!["Agent".into(), "Customer".into()]),
            },
            "UpdateFlowLoggingBehavior" => Self::UpdateFlowLoggingBehavior { flow_logging: Some("Enabled".into()) },
            "EndFlowExecution" => Self::EndFlowExecution,
            "DisconnectParticipant" => Self::DisconnectParticipant,
            _ => return None,
        })
    }

    /// Whether the block ends the flow (no outgoing branches at all).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::EndFlowExecution | Self::DisconnectParticipant)
    }

    /// The error branches the block offers. "Call phone number" has none: a failed call
    /// disconnects and puts the agent in After Contact Work.
    pub fn error_types(&self) -> &'static [&'static str] {
        match self {
            Self::UpdateContactAttributes { .. } | Self::InvokeLambdaFunction(_) | Self::MessageParticipant(_) => {
                &[NO_MATCHING_ERROR]
            }
            Self::Compare { .. } => &[NO_MATCHING_CONDITION],
            _ => &[],
        }
    }
}

/// The Connect designer's name for a block type; the type itself when there is none.
pub fn block_name_of(type_name: &str) -> &str {
    super::words::block_name_of(type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_id_text_is_classified_by_namespace() {
        assert_eq!(
            CallerId::from_number_text("$.Attributes.outboundCallerId"),
            CallerId::Attribute(AttributeRef::new(Namespace::UserDefined, "outboundCallerId"))
        );
        assert_eq!(
            CallerId::from_number_text("$.External.caller_id"),
            CallerId::Attribute(AttributeRef::new(Namespace::External, "caller_id"))
        );
        assert_eq!(CallerId::from_number_text("+12065550100"), CallerId::Number("+12065550100".into()));
        assert_eq!(
            CallerId::from_number_text("$.Queue.OutboundCallerId.Address"),
            CallerId::Path("$.Queue.OutboundCallerId.Address".into())
        );
    }

    #[test]
    fn text_around_a_path_is_not_an_attribute_reference() {
        assert_eq!(AttributeRef::parse("$.Attributes.x and more"), None);
        assert_eq!(AttributeRef::parse("$.Attributes."), None);
        assert_eq!(CallerId::from_number_text("call $.Attributes.x"), CallerId::Number("call $.Attributes.x".into()));
    }

    #[test]
    fn bracketed_keys_round_trip() {
        let attribute = AttributeRef::parse("$.Attributes.['caller id']").unwrap();
        assert_eq!(attribute.key, "caller id");
        assert_eq!(attribute.to_path(), "$.Attributes.['caller id']");
        assert_eq!(AttributeRef::new(Namespace::External, "a_b-1").to_path(), "$.External.a_b-1");
    }

    #[test]
    fn moving_keeps_the_capitalised_position_key() {
        let mut action = Action::new(ActionKind::EndFlowExecution, Position::default());
        action.designer.clear();
        action.designer.insert("Position".into(), position_to_json(Position { x: 1.0, y: 2.0 }));
        action.set_position(Position { x: 3.5, y: -4.0 });
        assert_eq!(action.designer.get("Position"), Some(&serde_json::json!({"x": 3.5, "y": -4})));
        assert!(!action.designer.contains_key("position"));
    }

    #[test]
    fn every_modelled_type_has_a_new_block() {
        for type_name in MODELLED_TYPES {
            let kind = ActionKind::new_block(type_name).unwrap();
            assert_eq!(kind.type_name(), type_name);
            assert!(crate::model::words::words_of(type_name).is_some(), "{type_name} has its block words");
        }
        assert_eq!(ActionKind::new_block("Wait"), None);
    }

    #[test]
    fn call_phone_number_has_no_error_branch() {
        assert!(ActionKind::CompleteOutboundCall { caller_id: CallerId::None }.error_types().is_empty());
    }

    #[test]
    fn lambda_function_name_is_the_arn_tail() {
        let call = LambdaCall {
            function_arn: Some("arn:aws:lambda:us-east-1:1:function:pick".into()),
            ..LambdaCall::default()
        };
        assert_eq!(call.function_name(), Some("pick"));
    }
}
