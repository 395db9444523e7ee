//! Block words: what the Connect designer calls every documented action type, and the
//! parameters that matter with the labels the designer gives them. One table, read by the
//! semantic diff (each changed parameter, an added block's summary), the canvas cards (the
//! summary of a block whisperwire keeps verbatim) and the validator's messages (block names).
//!
//! The designer names are those of the block-support table
//! (`validation::block_support::BLOCK_SUPPORT`, which also says where each block is allowed);
//! a test holds the two to the same words. A type neither table knows keeps its `Type` as its
//! name and its parameters as their paths.
//!
//! Parameters are read from a block's `Parameters` object as the file (or export) has them, so
//! the same words serve a modelled block and one kept verbatim; a designer's display name for a
//! resource (`Metadata.ActionMetadata[id]`) is shown in place of its ARN when there is one.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::{Action, ActionKind, CallerId};

/// How a parameter's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Words the customer hears or reads: shown in quotes, “like this”.
    Text,
    /// A value shown as written.
    Value,
    /// A number of seconds: `8 s`.
    Seconds,
    /// A queue, flow, prompt or other resource: the name the designer recorded for it, else its
    /// ARN or placeholder as written.
    Resource,
    /// A Lambda function: its recorded name, else the last part of its ARN.
    Function,
    /// `CallerId`: a number, an attribute, or (absent) the queue's outbound caller ID number.
    CallerId,
    /// Key → value entries, one field each: `attribute tier`.
    Map,
    /// A list whose order does not matter (`Agent`, `Customer`).
    Set,
    /// A list whose order matters, one field per item: `prompt 1`, `prompt 2`.
    List,
}

/// One parameter that matters: where it is inside `Parameters`, the designer's label for it,
/// how it reads, and whether a card's one-line summary shows it.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// A dotted path inside `Parameters`: `Text`, `InputValidation.CustomValidation.MaximumLength`.
    pub path: &'static str,
    pub label: &'static str,
    pub shape: Shape,
    pub summary: bool,
}

/// The words of one action type.
#[derive(Debug, Clone, Copy)]
pub struct BlockWords {
    pub type_name: &'static str,
    /// The designer's name for the block.
    pub block: &'static str,
    /// In the order the designer's properties show them.
    pub params: &'static [Param],
}

const fn p(path: &'static str, label: &'static str, shape: Shape) -> Param {
    Param { path, label, shape, summary: false }
}

/// A parameter the one-line summary shows.
const fn s(path: &'static str, label: &'static str, shape: Shape) -> Param {
    Param { path, label, shape, summary: true }
}

const fn w(type_name: &'static str, block: &'static str, params: &'static [Param]) -> BlockWords {
    BlockWords { type_name, block, params }
}

use Shape::{List, Map as Entries, Resource, Seconds, Set, Text, Value as Plain};

/// The prompt of the blocks that speak to the customer: text, SSML or a recorded prompt.
const PROMPT: [Param; 4] = [
    s("Text", "text", Text),
    s("SSML", "SSML", Text),
    s("PromptId", "prompt", Resource),
    p("Media.Uri", "audio file", Plain),
];

const GET_CUSTOMER_INPUT: &[Param] = &[
    PROMPT[0],
    PROMPT[1],
    PROMPT[2],
    PROMPT[3],
    s("InputTimeLimitSeconds", "timeout", Seconds),
    p("StoreInput", "store customer input", Plain),
    p("InputValidation.CustomValidation.MaximumLength", "maximum digits", Plain),
    p("InputValidation.PhoneNumberValidation.NumberFormat", "phone number format", Plain),
    p("InputValidation.PhoneNumberValidation.CountryCode", "phone number country", Plain),
    p("DTMFConfiguration.InputTerminationSequence", "terminating keypress", Plain),
    p("DTMFConfiguration.DisableCancelKey", "disable cancel key", Plain),
    p("DTMFConfiguration.InterdigitTimeLimitSeconds", "time between entries", Seconds),
    p("InputEncryption.EncryptionKeyId", "encryption key ID", Plain),
    p("InputEncryption.Key", "encryption key", Text),
];

const LEX: &[Param] = &[
    PROMPT[0],
    PROMPT[1],
    PROMPT[2],
    s("LexV2Bot.AliasArn", "Lex bot", Resource),
    s("LexBot.Name", "Lex bot", Plain),
    p("LexBot.Alias", "Lex bot alias", Plain),
    p("LexBot.Region", "Lex bot region", Plain),
    p("LexSessionAttributes", "session attribute", Entries),
    p("LexInitializationData.InitialMessage", "initial message", Text),
];

const ROUTING_CRITERIA: &[Param] = &[s("RoutingCriteria.Steps", "routing step", List)];

/// Every documented action type, sorted by type name (a lookup is a binary search).
pub const BLOCK_WORDS: &[BlockWords] = &[
    w("AssociateContactToCustomerProfile", "Customer profiles", &[]),
    w("CheckHoursOfOperation", "Check hours of operation", &[s("HoursOfOperationId", "hours of operation", Resource)]),
    w(
        "CheckMetricData",
        "Check queue status",
        &[s("MetricType", "metric", Plain), s("QueueId", "queue", Resource), s("AgentId", "agent", Resource)],
    ),
    w("CheckOutboundCallStatus", "Check call progress", &[]),
    w("CheckVoiceId", "Check Voice ID", &[]),
    w("Compare", "Check contact attributes", &[s("ComparisonValue", "attribute to check", Plain)]),
    w("CompleteOutboundCall", "Call phone number", &[s("CallerId", "caller ID", Shape::CallerId)]),
    w("ConnectParticipantWithLexBot", "Get customer input (Lex)", LEX),
    w(
        "CreateCallbackContact",
        "Transfer to queue (callback)",
        &[
            s("InitialCallDelaySeconds", "initial delay", Seconds),
            s("MaximumConnectionAttempts", "maximum attempts", Plain),
            p("RetryDelaySeconds", "time between attempts", Seconds),
            s("QueueId", "queue", Resource),
            s("AgentId", "agent", Resource),
        ],
    ),
    w("CreateCase", "Cases", &[]),
    w("CreateCustomerProfile", "Customer profiles", &[]),
    w(
        "CreatePersistentContactAssociation",
        "Create persistent contact association",
        &[s("RehydrationType", "rehydration type", Plain), p("SourceContactId", "source contact", Plain)],
    ),
    w(
        "CreateTask",
        "Create task",
        &[
            s("Name", "name", Plain),
            p("Description", "description", Text),
            s("ContactFlowId", "flow", Resource),
            p("TaskTemplateId", "task template", Resource),
            p("Attributes", "attribute", Entries),
            p("References", "reference", Entries),
            p("ScheduledTime", "scheduled time", Plain),
        ],
    ),
    w("CreateWisdomSession", "Amazon Q in Connect", &[s("WisdomAssistantArn", "assistant", Resource)]),
    w(
        "DequeueContactAndTransferToQueue",
        "Transfer to queue",
        &[s("QueueId", "queue", Resource), s("AgentId", "agent", Resource)],
    ),
    w("DisconnectParticipant", "Disconnect / hang up", &[]),
    w("DistributeByPercentage", "Distribute by percentage", &[]),
    w("EndFlowExecution", "End flow / Resume", &[]),
    w("EndFlowModuleExecution", "Return (end flow module)", &[]),
    w("GetCalculatedAttributesForCustomerProfile", "Customer profiles", &[]),
    w("GetCase", "Cases", &[]),
    w("GetCustomerProfile", "Customer profiles", &[]),
    w("GetCustomerProfileObject", "Customer profiles", &[]),
    w(
        "GetMetricData",
        "Get queue metrics",
        &[s("QueueId", "queue", Resource), s("AgentId", "agent", Resource), p("QueueChannel", "channel", Plain)],
    ),
    w("GetParticipantInput", "Get customer input", GET_CUSTOMER_INPUT),
    w("InvokeFlowModule", "Invoke module", &[s("FlowModuleId", "module", Resource)]),
    w(
        "InvokeLambdaFunction",
        "Invoke AWS Lambda function",
        &[
            s("LambdaFunctionARN", "function", Shape::Function),
            p("InvocationTimeLimitSeconds", "timeout", Seconds),
            p("InvocationType", "invocation type", Plain),
            p("ResponseValidation.ResponseType", "response type", Plain),
            p("LambdaInvocationAttributes", "input attribute", Entries),
        ],
    ),
    w("Loop", "Loop", &[s("LoopCount", "loop count", Plain)]),
    w("MessageParticipant", "Play prompt", &PROMPT),
    w(
        "MessageParticipantIteratively",
        "Loop prompts",
        &[s("Messages", "prompt", List), s("InterruptFrequencySeconds", "interrupt every", Seconds)],
    ),
    w("ResumeContact", "Resume contact", &[]),
    w("SetVoiceId", "Set Voice ID", &[]),
    w(
        "ShowView",
        "Show view",
        &[
            s("ViewResource.Id", "view", Resource),
            p("ViewResource.Version", "view version", Plain),
            p("InvocationTimeLimitSeconds", "timeout", Seconds),
            p("ViewData", "view data", Entries),
        ],
    ),
    w("StartOutboundChatContact", "Start outbound chat contact", &[]),
    w("StartVoiceIdStream", "Set Voice ID", &[]),
    w("TagContact", "Contact tags", &[s("Tags", "tag", Entries)]),
    w("TransferContactToAgent", "Transfer to agent", &[]),
    w("TransferContactToQueue", "Transfer to queue", &[s("QueueId", "queue", Resource)]),
    w(
        "TransferParticipantToThirdParty",
        "Transfer to phone number",
        &[
            s("ThirdPartyPhoneNumber", "phone number", Plain),
            p("ThirdPartyConnectionTimeLimitSeconds", "timeout", Seconds),
            p("ContinueFlowExecution", "resume flow after disconnect", Plain),
            p("ThirdPartyDTMFDigits", "send DTMF", Plain),
            p("CallerId.Number", "caller ID number", Plain),
            p("CallerId.Name", "caller ID name", Plain),
        ],
    ),
    w("TransferToFlow", "Transfer to flow", &[s("ContactFlowId", "flow", Resource)]),
    w("UnTagContact", "Contact tags", &[s("TagKeys", "remove tag", Set)]),
    w("UpdateCase", "Cases", &[]),
    w(
        "UpdateContactAttributes",
        "Set contact attributes",
        &[s("Attributes", "attribute", Entries), p("TargetContact", "target contact", Plain)],
    ),
    w("UpdateContactCallbackNumber", "Set callback number", &[s("CallbackNumber", "callback number", Plain)]),
    w(
        "UpdateContactData",
        "Set contact data",
        &[
            s("LanguageCode", "language", Plain),
            s("Name", "name", Plain),
            p("Description", "description", Text),
            s("CustomerId", "customer ID", Plain),
            p("WisdomSessionArn", "Amazon Q session", Resource),
            p("TargetContact", "target contact", Plain),
        ],
    ),
    w("UpdateContactEventHooks", "Set event flow", &[s("EventHooks", "flow for", Entries)]),
    w("UpdateContactMediaProcessing", "Set recording, analytics and processing behavior", &[]),
    w(
        "UpdateContactMediaStreamingBehavior",
        "Start/stop media streaming",
        &[
            s("MediaStreamingState", "streaming", Plain),
            p("MediaStreamType", "media", Plain),
            p("Participants", "participant", List),
        ],
    ),
    w("UpdateContactRecordingAndAnalyticsBehavior", "Set recording, analytics and processing behavior", &[]),
    w(
        "UpdateContactRecordingBehavior",
        "Set recording and analytics behavior",
        &[
            s("RecordingBehavior.RecordedParticipants", "recorded participants", Set),
            p("AnalyticsBehavior.Enabled", "analytics", Plain),
            p("AnalyticsBehavior.AnalyticsMode", "analytics mode", Plain),
            p("AnalyticsBehavior.AnalyticsLanguage", "analytics language", Plain),
            p("AnalyticsBehavior.AnalyticsRedactionBehavior", "redaction", Plain),
            p("AnalyticsBehavior.AnalyticsRedactionResults", "redaction results", Plain),
        ],
    ),
    w(
        "UpdateContactRoutingBehavior",
        "Change routing priority / age",
        &[s("QueuePriority", "priority", Plain), s("QueueTimeAdjustmentSeconds", "age adjustment", Seconds)],
    ),
    w("UpdateContactRoutingCriteria", "Set routing criteria", ROUTING_CRITERIA),
    w(
        "UpdateContactTargetQueue",
        "Set working queue",
        &[s("QueueId", "queue", Resource), s("AgentId", "agent", Resource)],
    ),
    w(
        "UpdateContactTextToSpeechVoice",
        "Set voice",
        &[
            s("TextToSpeechVoice", "voice", Plain),
            s("TextToSpeechEngine", "engine", Plain),
            p("TextToSpeechStyle", "style", Plain),
            p("LanguageCode", "language", Plain),
        ],
    ),
    w("UpdateCustomerProfile", "Customer profiles", &[]),
    w("UpdateFlowAttributes", "Set flow attributes", &[s("FlowAttributes", "flow attribute", Entries)]),
    w("UpdateFlowLoggingBehavior", "Set logging behavior", &[s("FlowLoggingBehavior", "flow logging", Plain)]),
    w(
        "UpdatePreviousContactParticipantState",
        "Hold customer or agent",
        &[s("PreviousContactParticipantState", "hold or resume", Plain)],
    ),
    w("UpdateRoutingCriteria", "Set routing criteria", ROUTING_CRITERIA),
    w(
        "Wait",
        "Wait",
        &[
            s("TimeLimitSeconds", "timeout", Seconds),
            s("TimeoutSeconds", "timeout", Seconds),
            p("Events", "events", Set),
        ],
    ),
];

/// Set event flow under the name of the block the designer offers for one hook.
pub const EVENT_HOOK_BLOCKS: &[(&str, &str)] = &[
    ("AgentHold", "Set hold flow"),
    ("AgentWhisper", "Set whisper flow"),
    ("CustomerHold", "Set hold flow"),
    ("CustomerQueue", "Set customer queue flow"),
    ("CustomerRemaining", "Set disconnect flow"),
    ("CustomerWhisper", "Set whisper flow"),
];

/// The words of an action type, if it is documented.
pub fn words_of(type_name: &str) -> Option<&'static BlockWords> {
    BLOCK_WORDS.binary_search_by(|w| w.type_name.cmp(type_name)).ok().and_then(|i| BLOCK_WORDS.get(i))
}

/// The words of a block's type; for the types whisperwire models, found without a search (the
/// canvas and the diff ask for every block).
pub fn words_of_kind(kind: &ActionKind) -> Option<&'static BlockWords> {
    let index = match kind {
        ActionKind::CompleteOutboundCall { .. } => CALL,
        ActionKind::UpdateContactAttributes { .. } => SET_ATTRIBUTES,
        ActionKind::InvokeLambdaFunction(_) => LAMBDA,
        ActionKind::MessageParticipant(_) => PROMPT_BLOCK,
        ActionKind::Compare { .. } => COMPARE,
        ActionKind::Loop { .. } => LOOP,
        ActionKind::UpdateContactRecordingBehavior { .. } => RECORDING,
        ActionKind::UpdateFlowLoggingBehavior { .. } => LOGGING,
        ActionKind::EndFlowExecution => END,
        ActionKind::DisconnectParticipant => DISCONNECT,
        ActionKind::Other { type_name } => return words_of(type_name),
    };
    BLOCK_WORDS.get(index)
}

const CALL: usize = index_of("CompleteOutboundCall");
const SET_ATTRIBUTES: usize = index_of("UpdateContactAttributes");
const LAMBDA: usize = index_of("InvokeLambdaFunction");
const PROMPT_BLOCK: usize = index_of("MessageParticipant");
const COMPARE: usize = index_of("Compare");
const LOOP: usize = index_of("Loop");
const RECORDING: usize = index_of("UpdateContactRecordingBehavior");
const LOGGING: usize = index_of("UpdateFlowLoggingBehavior");
const END: usize = index_of("EndFlowExecution");
const DISCONNECT: usize = index_of("DisconnectParticipant");

/// The row of a type in [`BLOCK_WORDS`], found when compiling (a missing type fails the build).
const fn index_of(type_name: &str) -> usize {
    let mut i = 0;
    while i < BLOCK_WORDS.len() {
        if same_text(BLOCK_WORDS[i].type_name, type_name) {
            return i;
        }
        i += 1;
    }
    panic!("a modelled type is missing from BLOCK_WORDS")
}

const fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The designer's name for an action type; the type itself when it is not documented.
pub fn block_name_of(type_name: &str) -> &str {
    words_of(type_name).map_or(type_name, |w| w.block)
}

/// The designer's name for this block: its type's, or for Set event flow setting one hook, the
/// block the designer offers for that hook ("Set whisper flow").
pub(super) fn block_name(action: &Action) -> &str {
    let type_name = action.kind.type_name();
    if type_name == "UpdateContactEventHooks"
        && let Some(hooks) = action.raw_parameters().and_then(|p| p.get("EventHooks")).and_then(Value::as_object)
        && hooks.len() == 1
        && let Some(hook) = hooks.keys().next()
        && let Some((_, block)) = EVENT_HOOK_BLOCKS.iter().find(|(name, _)| *name == hook.as_str())
    {
        return block;
    }
    words_of_kind(&action.kind).map_or(type_name, |w| w.block)
}

/// One parameter as the admin reads it: the designer's label, the value as shown (a queue by
/// its name), as written in the file (its ARN), and in the form that is compared (`raw`: key
/// order, `1` against `1.0` and list order where it does not matter make no difference; `"8"`
/// is still not `8`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: String,
    pub shown: String,
    pub written: String,
    pub raw: String,
}

impl Field {
    fn new(label: impl Into<String>, shown: impl Into<String>, raw: impl Into<String>) -> Self {
        let shown = shown.into();
        Self { label: label.into(), written: shown.clone(), shown, raw: raw.into() }
    }
}

/// Every parameter of a block of type `type_name`: the table's, in its order, then any other
/// the object holds, under its path (`SkipWhenDTMFBufferEnabled`, `Media.SourceType`).
/// `designer` is the block's `ActionMetadata` entry, for the names of resources.
pub fn fields(type_name: &str, params: &Map<String, Value>, designer: &Map<String, Value>) -> Vec<Field> {
    let table = words_of(type_name).map_or(&[][..], |w| w.params);
    let mut out = Vec::new();
    for param in table {
        param_fields(param, at_path(params, param.path), designer, &mut out);
    }
    leftover_fields("", params, table, &mut out);
    out
}

/// What a block of a type whisperwire keeps verbatim is set to do: its summary parameters,
/// joined (`“Please hold” · Timeout: 5 s`; texts whole, line breaks kept: [`one_line`] and
/// [`shortened`] are for printing it); empty when it has none set.
pub fn summary_of(type_name: &str, params: &Map<String, Value>, designer: &Map<String, Value>) -> String {
    let Some(words) = words_of(type_name) else { return String::new() };
    let mut parts: Vec<String> = Vec::new();
    for param in words.params.iter().filter(|param| param.summary) {
        let Some(value) = at_path(params, param.path) else { continue };
        let part = match param.shape {
            Text => text_value(value),
            Entries | Set => shown_value(param.shape, value, designer, param.path),
            List => match value {
                Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(" / "),
                other => plain(other),
            },
            _ => format!("{}: {}", capitalised(param.label), shown_value(param.shape, value, designer, param.path)),
        };
        if !part.is_empty() && !parts.contains(&part) {
            parts.push(part);
        }
    }
    parts.join(" · ")
}

/// The fields one table parameter gives (none when absent, but Call phone number's caller ID,
/// whose absence means the queue's number).
fn param_fields(param: &Param, value: Option<&Value>, designer: &Map<String, Value>, out: &mut Vec<Field>) {
    let Some(value) = value else {
        if param.shape == Shape::CallerId {
            out.push(Field::new(param.label, "the queue's outbound caller ID number", "none"));
        }
        return;
    };
    match (param.shape, value) {
        (Entries, Value::Object(map)) => {
            for (key, entry) in map {
                out.push(Field::new(format!("{} {key}", param.label), plain(entry), canonical(entry)));
            }
        }
        (List, Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                out.push(Field::new(format!("{} {}", param.label, i + 1), plain(item), canonical(item)));
            }
        }
        (Set, Value::Array(items)) => {
            let mut raw: Vec<String> = items.iter().map(canonical).collect();
            raw.sort();
            out.push(Field::new(param.label, shown_value(Set, value, designer, param.path), raw.join(",")));
        }
        (Shape::CallerId, _) => out.push(caller_id_field(param.label, value)),
        (shape, _) => out.push(Field {
            written: plain(value),
            ..Field::new(param.label, shown_value(shape, value, designer, param.path), canonical(value))
        }),
    }
}

/// The caller ID as the designer sets it: a number, `attribute $.External.caller_id`.
fn caller_id_field(label: &str, value: &Value) -> Field {
    let number = value.as_object().filter(|o| o.len() == 1).and_then(|o| o.get("Number")).and_then(Value::as_str);
    let Some(text) = number else {
        let json = canonical(value);
        return Field::new(label, format!("unreadable {json}"), format!("unreadable {json}"));
    };
    let (shown, raw) = match CallerId::from_number_text(text) {
        CallerId::Attribute(attribute) => {
            let path = attribute.to_path();
            (format!("attribute {path}"), format!("attribute {path}"))
        }
        CallerId::Path(path) => (format!("attribute {path}"), format!("path {path}")),
        _ => (text.to_owned(), format!("number {text}")),
    };
    Field::new(label, shown, raw)
}

/// The parameters no table entry names, each leaf under its path; objects that hold a table
/// entry are walked into, the entry itself skipped.
fn leftover_fields(prefix: &str, object: &Map<String, Value>, table: &[Param], out: &mut Vec<Field>) {
    for (key, value) in object {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        if table.iter().any(|param| param.path == path) {
            continue;
        }
        match value {
            // An empty object says nothing more than an absent one.
            Value::Object(inner) => leftover_fields(&path, inner, table, out),
            Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                for (i, item) in items.iter().enumerate() {
                    out.push(Field::new(format!("{path} {}", i + 1), plain(item), canonical(item)));
                }
            }
            other => out.push(Field::new(path, plain(other), canonical(other))),
        }
    }
}

/// The value at a dotted path inside `object`.
fn at_path<'a>(object: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut value = object.get(parts.next()?)?;
    for part in parts {
        value = value.as_object()?.get(part)?;
    }
    Some(value)
}

/// A value of a given shape as shown.
fn shown_value(shape: Shape, value: &Value, designer: &Map<String, Value>, path: &str) -> String {
    match shape {
        Text => text_value(value),
        Seconds => match value {
            Value::String(t) if t.trim().parse::<f64>().is_ok() => format!("{} s", t.trim()),
            Value::Number(n) => format!("{} s", number(n)),
            other => plain(other),
        },
        Resource => designer_name(designer, path).unwrap_or_else(|| plain(value)),
        Shape::Function => designer_name(designer, path).unwrap_or_else(|| match value {
            Value::String(arn) => arn.rsplit(':').next().unwrap_or(arn).to_owned(),
            other => plain(other),
        }),
        Set => match value {
            Value::Array(items) if items.is_empty() => "none".to_owned(),
            other => plain(other),
        },
        Plain | Entries | List | Shape::CallerId => plain(value),
    }
}

/// Words in quotes, as the customer hears them: “Thank you for calling”.
fn text_value(value: &Value) -> String {
    match value {
        Value::String(text) => format!("“{text}”"),
        other => plain(other),
    }
}

/// The name the designer recorded for the resource at `path`: `parameters.<path>.displayName`
/// (newer designer), else the older designer's own keys (`ContactFlow.text`, `queue.text`,
/// `Hours.text`, `promptName`).
fn designer_name(designer: &Map<String, Value>, path: &str) -> Option<String> {
    let mut at = designer.get("parameters");
    for part in path.split('.') {
        at = at.and_then(|v| v.get(part));
    }
    let newer = at.and_then(|v| v.get("displayName")).and_then(Value::as_str);
    let older = || {
        let (key, field) = match path {
            "ContactFlowId" => {
                (if designer.contains_key("ContactFlow") { "ContactFlow" } else { "contactFlow" }, "text")
            }
            "QueueId" => ("queue", "text"),
            "HoursOfOperationId" => ("Hours", "text"),
            "PromptId" => return designer.get("promptName").and_then(Value::as_str),
            _ => return None,
        };
        designer.get(key).and_then(|v| v.get(field)).and_then(Value::as_str)
    };
    newer.or_else(older).filter(|name| !name.trim().is_empty()).map(str::to_owned)
}

/// A JSON value as the admin reads it: text as written (quoted only when empty or padded with
/// spaces), numbers by value, lists as their items, objects as their entries.
pub fn plain(value: &Value) -> String {
    match value {
        Value::String(text) if text.is_empty() || text.trim() != text => format!("{text:?}"),
        Value::String(text) => text.clone(),
        Value::Number(n) => number(n),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Array(items) if items.is_empty() => "(empty list)".to_owned(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Object(map) if map.is_empty() => "(empty)".to_owned(),
        Value::Object(map) => match map.iter().next() {
            Some((key, inner)) if map.len() == 1 && key == "Value" => plain(inner),
            _ => {
                let entries: Vec<String> = map
                    .iter()
                    .map(|(key, inner)| match inner {
                        Value::Object(nested) if !nested.is_empty() => format!("{key} = ({})", plain(inner)),
                        _ => format!("{key} = {}", plain(inner)),
                    })
                    .collect();
                entries.join(", ")
            }
        },
    }
}

/// A value written so that two values mean the same exactly when they are written the same:
/// object keys sorted, numbers by value.
pub fn canonical(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Number(n) => out.push_str(&number(n)),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, inner)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let _ = write!(out, "{}:", Value::String(key.clone()));
                write_canonical(inner, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// A number by value: `1` and `1.0` both read `1`.
fn number(n: &serde_json::Number) -> String {
    if let Some(i) = n.as_i64() {
        return i.to_string();
    }
    if let Some(u) = n.as_u64() {
        return u.to_string();
    }
    n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string())
}

fn capitalised(label: &str) -> String {
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Marks a line break inside a value shown on one line.
pub const LINE_BREAK: &str = "¶";
/// Marks text left out of a shortened value.
pub const ELLIPSIS: &str = "…";

/// `text` on one line: each line break (`\r\n`, `\n`, `\r`, U+2028, U+2029) shown as ¶, tabs as a
/// space, and any other control character as a `\u{…}` escape, so it can never split a line.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str(LINE_BREAK),
            '\t' => out.push(' '),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// `text` on one line and at most `max` characters, the end left out as "…".
pub fn shortened(text: &str, max: usize) -> String {
    let line = one_line(text);
    if line.chars().count() <= max {
        return line.into_owned();
    }
    let kept: String = line.chars().take(max.saturating_sub(1)).collect();
    format!("{}{ELLIPSIS}", kept.trim_end())
}

/// Two versions of a value on one line each, at most `max` characters, cut around the first
/// place where they differ so that what changed stays in view: `…are 9 to 5 on…` →
/// `…are 9 to 6 on…`.
pub fn shortened_pair(old: &str, new: &str, max: usize) -> (String, String) {
    let (old_line, new_line) = (one_line(old), one_line(new));
    let old_chars: Vec<char> = old_line.chars().collect();
    let new_chars: Vec<char> = new_line.chars().collect();
    if old_chars.len() <= max && new_chars.len() <= max {
        return (old_line.into_owned(), new_line.into_owned());
    }
    let first_difference = old_chars.iter().zip(&new_chars).take_while(|(a, b)| a == b).count();
    // Some words before the difference, so it reads in context.
    let start = first_difference.saturating_sub(max / 4);
    (window(&old_chars, start, max), window(&new_chars, start, max))
}

/// At most `max` characters of `chars` from about `start`, with "…" where text was left out.
fn window(chars: &[char], start: usize, max: usize) -> String {
    let max = max.max(2);
    if chars.len() <= max {
        return chars.iter().collect();
    }
    let mut start = start.min(chars.len());
    // Near the end, begin earlier so that the window is full.
    if start > 0 && chars.len() - start < max - 1 {
        start = chars.len() - (max - 1);
    }
    let lead = if start > 0 { ELLIPSIS } else { "" };
    let room = if start > 0 { max - 1 } else { max };
    let rest = chars.get(start..).unwrap_or_default();
    if rest.len() <= room {
        return format!("{lead}{}", rest.iter().collect::<String>());
    }
    let body: String = rest.iter().take(room - 1).collect();
    format!("{lead}{body}{ELLIPSIS}")
}

#[cfg(test)]
#[path = "words_tests.rs"]
mod tests;
