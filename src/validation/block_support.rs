//! Which action types Amazon Connect documents, and in which of the nine flow types each block is
//! allowed: one table, kept as data, each row naming the AWS pages it comes from.
//!
//! Paths in `source` are under `https://docs.aws.amazon.com/connect/latest/`; `archive:` names a
//! page of the April 2023 copy of the Administrator Guide (github.com/awsdocs/
//! amazon-connect-admin-guide, `doc_source/<page>.md`). Where the block page and the action page
//! disagree the block page wins, except where real exports of that flow type use the block
//! (`docs/connect-block-support.md`). Where no page says, the cell is [`Support::Unverified`]:
//! accepted with a note, because a false error keeps an admin from publishing a flow Amazon
//! Connect would take.

use crate::model::{Action, FlowType};

/// Whether a block may be used in one flow type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// A page lists the flow type (or says "all flows"), or real exports of that type use it.
    Allowed,
    /// The block page leaves the flow type out: the designer refuses to publish.
    Refused,
    /// No page found says either way: accepted, with a note.
    Unverified,
}

use Support::{Allowed as Y, Refused as N, Unverified as U};

/// The nine flow types a table row has a cell for, in column order.
pub const FLOW_TYPES: [FlowType; 9] = [
    FlowType::ContactFlow,
    FlowType::CustomerQueue,
    FlowType::CustomerHold,
    FlowType::CustomerWhisper,
    FlowType::AgentHold,
    FlowType::AgentWhisper,
    FlowType::OutboundWhisper,
    FlowType::AgentTransfer,
    FlowType::QueueTransfer,
];

/// Which part of a block's parameters picks the row, for types whose support depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// The row holds for the type whatever its parameters.
    Any,
    /// `UpdateContactEventHooks` setting this hook (`Parameters.EventHooks.<hook>`).
    EventHook(&'static str),
}

/// One row: an action type (and variant), its designer block, a cell per flow type, and where
/// the facts come from.
#[derive(Debug, Clone, Copy)]
pub struct BlockSupport {
    pub type_name: &'static str,
    pub variant: Variant,
    pub block: &'static str,
    /// One cell per flow type, in the order of [`FLOW_TYPES`].
    pub support: [Support; 9],
    /// The pages the row comes from.
    pub source: &'static str,
    /// Why a cell differs from its page, or what is inferred.
    pub note: &'static str,
}

const ALL: [Support; 9] = [Y; 9];
const UNVERIFIED: [Support; 9] = [U; 9];
/// Inbound, customer queue, transfer to agent, transfer to queue.
const ROUTING: [Support; 9] = [Y, Y, N, N, N, N, N, Y, Y];
/// Every type but the two hold flows.
const NOT_HOLD: [Support; 9] = [Y, Y, N, Y, N, Y, Y, Y, Y];

const fn row(
    type_name: &'static str,
    block: &'static str,
    support: [Support; 9],
    source: &'static str,
    note: &'static str,
) -> BlockSupport {
    BlockSupport { type_name, variant: Variant::Any, block, support, source, note }
}

const fn hook(
    name: &'static str,
    block: &'static str,
    support: [Support; 9],
    source: &'static str,
    note: &'static str,
) -> BlockSupport {
    BlockSupport {
        type_name: "UpdateContactEventHooks",
        variant: Variant::EventHook(name),
        block,
        support,
        source,
        note,
    }
}

const PROFILES: &str =
    "adminguide/customer-profiles-block.html (all flow types); APIReference/interactions.html (action list)";
const CASES: &str = "adminguide/cases-block.html (all flows); APIReference/contact-actions.html (action list)";

/// Every documented action type (and the variants whose support differs), sorted by type name
/// so a lookup is a binary search. Columns: contact flow (inbound), customer queue, customer
/// hold, customer whisper, agent hold, agent whisper, outbound whisper, transfer to agent,
/// transfer to queue.
pub const BLOCK_SUPPORT: &[BlockSupport] = &[
    row("AssociateContactToCustomerProfile", "Customer profiles", ALL, PROFILES, ""),
    row(
        "CheckHoursOfOperation",
        "Check hours of operation",
        ROUTING,
        "adminguide/check-hours-of-operation.html; APIReference/flow-control-actions-checkhoursofoperation.html",
        "",
    ),
    row(
        "CheckMetricData",
        "Check queue status",
        ROUTING,
        "adminguide/check-queue-status.html, adminguide/check-staffing.html; APIReference/flow-control-actions-checkmetricdata.html",
        "",
    ),
    row(
        "CheckOutboundCallStatus",
        "Check call progress",
        ALL,
        "adminguide/check-call-progress.html (all flow types)",
        "",
    ),
    row("CheckVoiceId", "Check Voice ID", [Y, Y, N, Y, N, Y, Y, Y, Y], "archive:check-voice-id (2023 block page)", ""),
    row(
        "Compare",
        "Check contact attributes",
        ALL,
        "adminguide/check-contact-attributes.html; APIReference/flow-control-actions-compare.html",
        "",
    ),
    row(
        "CompleteOutboundCall",
        "Call phone number",
        [N, N, N, N, N, N, Y, N, N],
        "adminguide/call-phone-number.html (outbound whisper only)",
        "",
    ),
    row("ConnectParticipantWithLexBot", "Get customer input (Lex)", ROUTING, "adminguide/get-customer-input.html", ""),
    row(
        "CreateCallbackContact",
        "Transfer to queue (callback)",
        ROUTING,
        "APIReference/interactions-createcallbackcontact.html (contact, transfer and customer queue flows)",
        "",
    ),
    row("CreateCase", "Cases", ALL, CASES, ""),
    row("CreateCustomerProfile", "Customer profiles", ALL, PROFILES, ""),
    row(
        "CreatePersistentContactAssociation",
        "Create persistent contact association",
        UNVERIFIED,
        "adminguide/block-support-by-channel.html (chat only)",
        "no flow-type list found",
    ),
    row("CreateTask", "Create task", ALL, "adminguide/create-task-block.html (all flows)", ""),
    row(
        "CreateWisdomSession",
        "Amazon Q in Connect",
        [Y, Y, N, N, N, N, Y, Y, Y],
        "adminguide/wisdom.html; archive:wisdom",
        "",
    ),
    row(
        "DequeueContactAndTransferToQueue",
        "Transfer to queue",
        [N, Y, N, N, N, N, N, N, N],
        "APIReference/contact-actions-dequeuecontactandtransfertoqueue.html (customer queue flow only)",
        "",
    ),
    row(
        "DisconnectParticipant",
        "Disconnect / hang up",
        ROUTING,
        "adminguide/disconnect-hang-up.html; APIReference/participant-actions-disconnectparticipant.html",
        "",
    ),
    row(
        "DistributeByPercentage",
        "Distribute by percentage",
        [Y, Y, N, N, N, N, Y, Y, Y],
        "adminguide/distribute-by-percentage.html (live and archive)",
        "the action page leaves out whisper flows; the block page wins",
    ),
    row(
        "EndFlowExecution",
        "End flow / Resume",
        ALL,
        "adminguide/end-flow-resume.html (all flows); APIReference/flow-control-actions-endflowexecution.html",
        "in inbound and disconnect flows it acts as Disconnect",
    ),
    row(
        "EndFlowModuleExecution",
        "Return (end flow module)",
        UNVERIFIED,
        "adminguide/return-module.html",
        "flow modules only; a module has no flow type",
    ),
    row("GetCalculatedAttributesForCustomerProfile", "Customer profiles", ALL, PROFILES, ""),
    row("GetCase", "Cases", ALL, CASES, ""),
    row("GetCustomerProfile", "Customer profiles", ALL, PROFILES, ""),
    row("GetCustomerProfileObject", "Customer profiles", ALL, PROFILES, ""),
    row(
        "GetMetricData",
        "Get queue metrics",
        ALL,
        "adminguide/get-queue-metrics.html (all flows); APIReference/flow-control-actions-getmetricdata.html",
        "",
    ),
    row(
        "GetParticipantInput",
        "Get customer input",
        ROUTING,
        "adminguide/get-customer-input.html, adminguide/store-customer-input.html; APIReference/participant-actions-getparticipantinput.html",
        "",
    ),
    row(
        "InvokeFlowModule",
        "Invoke module",
        [Y, N, N, N, N, N, N, N, N],
        "archive:invoke-module-block (inbound flow only)",
        "",
    ),
    row(
        "InvokeLambdaFunction",
        "Invoke AWS Lambda function",
        ALL,
        "APIReference/interactions-invokelambdafunction.html (all flow types); archive:invoke-lambda-function-block",
        "the block page leaves out outbound whisper; real outbound whisper exports use it",
    ),
    row("Loop", "Loop", ALL, "adminguide/loop.html (all flows); APIReference/flow-control-actions-loop.html", ""),
    row(
        "MessageParticipant",
        "Play prompt",
        NOT_HOLD,
        "adminguide/play.html; APIReference/participant-actions-messageparticipant.html (not hold flows)",
        "the block page leaves out outbound whisper; the action page allows whisper flows and the default outbound whisper flow uses it",
    ),
    row(
        "MessageParticipantIteratively",
        "Loop prompts",
        [N, Y, Y, N, Y, N, N, N, N],
        "adminguide/loop-prompts.html; APIReference/participant-actions-messageparticipantiteratively.html",
        "",
    ),
    row("ResumeContact", "Resume contact", ALL, "adminguide/resume-contact.html (all flow types)", ""),
    row(
        "SetVoiceId",
        "Set Voice ID",
        UNVERIFIED,
        "none found",
        "kept from the earlier list of known types; Set Voice ID is StartVoiceIdStream on the action pages",
    ),
    row(
        "ShowView",
        "Show view",
        [Y, Y, N, N, N, N, N, N, N],
        "adminguide/show-view-block.html; APIReference/participant-actions-showview.html (inbound and customer queue flows)",
        "",
    ),
    row(
        "StartOutboundChatContact",
        "Start outbound chat contact",
        UNVERIFIED,
        "devguide/contact-actions.html (action list)",
        "no flow-type list found",
    ),
    row(
        "StartVoiceIdStream",
        "Set Voice ID",
        [Y, Y, N, Y, N, Y, Y, Y, Y],
        "archive:set-voice-id (2023 block page); APIReference/flow-control-actions-startvoiceidstream.html",
        "",
    ),
    row(
        "TagContact",
        "Contact tags",
        UNVERIFIED,
        "APIReference/contact-actions.html (action list)",
        "no flow-type list found",
    ),
    row(
        "TransferContactToAgent",
        "Transfer to agent",
        [N, N, N, N, N, N, N, Y, Y],
        "archive:transfer-to-agent-block; APIReference/contact-actions-transfercontacttoagent.html",
        "",
    ),
    row(
        "TransferContactToQueue",
        "Transfer to queue",
        ROUTING,
        "adminguide/transfer-to-queue.html; APIReference/contact-actions-transfercontacttoqueue.html",
        "the action page leaves out customer queue flows; the block page wins",
    ),
    row(
        "TransferParticipantToThirdParty",
        "Transfer to phone number",
        ROUTING,
        "adminguide/transfer-to-phone-number.html",
        "",
    ),
    row(
        "TransferToFlow",
        "Transfer to flow",
        [Y, N, N, N, N, N, N, Y, Y],
        "adminguide/transfer-to-flow.html; APIReference/flow-control-actions-transfertoflow.html",
        "",
    ),
    row(
        "UnTagContact",
        "Contact tags",
        UNVERIFIED,
        "APIReference/contact-actions.html (action list)",
        "no flow-type list found",
    ),
    row("UpdateCase", "Cases", ALL, CASES, ""),
    row(
        "UpdateContactAttributes",
        "Set contact attributes",
        ALL,
        "adminguide/set-contact-attributes.html (all flows); APIReference/contact-actions-updatecontactattributes.html",
        "",
    ),
    row(
        "UpdateContactCallbackNumber",
        "Set callback number",
        ROUTING,
        "adminguide/set-callback-number.html; APIReference/contact-actions-updatecontactcallbacknumber.html",
        "",
    ),
    row(
        "UpdateContactData",
        "Set contact data",
        [Y, U, U, U, U, U, Y, U, U],
        "APIReference/contact-actions-updatecontactdata.html",
        "inbound and outbound whisper: seen in real exports; other types not confirmed",
    ),
    row(
        "UpdateContactEventHooks",
        "Set event flow",
        ALL,
        "APIReference/contact-actions-updatecontacteventhooks.html (all flow types); adminguide/set-event-flow.html",
        "hooks with their own block are the rows below",
    ),
    hook("AgentHold", "Set hold flow", [Y, Y, N, N, N, N, Y, Y, Y], "adminguide/set-hold-flow.html", ""),
    hook(
        "AgentWhisper",
        "Set whisper flow",
        ROUTING,
        "adminguide/set-whisper-flow.html",
        "the action page says all flow types; the block page wins",
    ),
    hook("CustomerHold", "Set hold flow", [Y, Y, N, N, N, N, Y, Y, Y], "adminguide/set-hold-flow.html", ""),
    hook(
        "CustomerQueue",
        "Set customer queue flow",
        [Y, N, N, N, N, N, N, Y, Y],
        "adminguide/set-customer-queue-flow.html",
        "the action page says all flow types; the block page wins",
    ),
    hook("CustomerRemaining", "Set disconnect flow", ALL, "adminguide/set-disconnect-flow.html (all flows)", ""),
    hook(
        "CustomerWhisper",
        "Set whisper flow",
        ROUTING,
        "adminguide/set-whisper-flow.html",
        "the action page says all flow types; the block page wins",
    ),
    row(
        "UpdateContactMediaProcessing",
        "Set recording, analytics and processing behavior",
        UNVERIFIED,
        "devguide/contact-actions.html (action list)",
        "no flow-type list found",
    ),
    row(
        "UpdateContactMediaStreamingBehavior",
        "Start/stop media streaming",
        NOT_HOLD,
        "adminguide/start-media-streaming.html, adminguide/stop-media-streaming.html; APIReference/contact-actions-updatecontactmediastreamingbehavior.html",
        "the start page leaves out agent whisper, the stop page and the action page allow it",
    ),
    row(
        "UpdateContactRecordingAndAnalyticsBehavior",
        "Set recording, analytics and processing behavior",
        [Y, Y, U, U, U, U, Y, Y, Y],
        "adminguide/set-recording-analytics-processing-behavior.html",
        "successor of Set recording and analytics behavior, whose types are used; the others not confirmed",
    ),
    row(
        "UpdateContactRecordingBehavior",
        "Set recording and analytics behavior",
        [Y, Y, N, N, N, N, Y, Y, Y],
        "adminguide/set-recording-behavior.html; APIReference/contact-actions-updatecontactrecordingbehavior.html",
        "",
    ),
    row(
        "UpdateContactRoutingBehavior",
        "Change routing priority / age",
        ROUTING,
        "adminguide/change-routing-priority.html; APIReference/contact-actions-updatecontactroutingbehavior.html",
        "the 2023 block page also listed outbound whisper; the live page does not (docs/connect-block-support.md)",
    ),
    row(
        "UpdateContactRoutingCriteria",
        "Set routing criteria",
        UNVERIFIED,
        "adminguide/set-routing-criteria.html",
        "seen in real exports; flow-type list not confirmed",
    ),
    row(
        "UpdateContactTargetQueue",
        "Set working queue",
        [Y, N, N, N, N, N, N, Y, Y],
        "adminguide/set-working-queue.html; APIReference/contact-actions-updatecontacttargetqueue.html",
        "",
    ),
    row(
        "UpdateContactTextToSpeechVoice",
        "Set voice",
        ALL,
        "adminguide/set-voice.html (all flows); APIReference/contact-actions-updatecontacttexttospeechvoice.html",
        "",
    ),
    row("UpdateCustomerProfile", "Customer profiles", ALL, PROFILES, ""),
    row(
        "UpdateFlowAttributes",
        "Set flow attributes",
        ALL,
        "APIReference/flow-control-actions-updateflowattributes.html",
        "inferred: a flow-control action, no restriction found",
    ),
    row(
        "UpdateFlowLoggingBehavior",
        "Set logging behavior",
        ALL,
        "adminguide/set-logging-behavior.html (all flows); APIReference/flow-control-actions-updateflowloggingbehavior.html",
        "",
    ),
    row(
        "UpdatePreviousContactParticipantState",
        "Hold customer or agent",
        [Y, N, N, N, N, N, Y, Y, Y],
        "adminguide/hold-customer-agent.html",
        "the action page says inbound and transfer flows only; the block page wins",
    ),
    row(
        "UpdateRoutingCriteria",
        "Set routing criteria",
        UNVERIFIED,
        "devguide/flow-control-actions.html (action list)",
        "no flow-type list found",
    ),
    row(
        "Wait",
        "Wait",
        [Y, Y, N, N, N, N, N, N, N],
        "adminguide/wait.html; APIReference/flow-control-actions-wait.html",
        "the action page says all flow types (chat only); the block page wins",
    ),
];

/// The rows of an action type: the general row first, then its variants. Empty when the table
/// does not hold the type.
pub fn rows_of(type_name: &str) -> &'static [BlockSupport] {
    let start = BLOCK_SUPPORT.partition_point(|row| row.type_name < type_name);
    let rows = BLOCK_SUPPORT.get(start..).unwrap_or_default();
    let count = rows.iter().take_while(|row| row.type_name == type_name).count();
    rows.get(..count).unwrap_or_default()
}

/// Whether Amazon Connect documents this action type.
pub fn is_documented(type_name: &str) -> bool {
    !rows_of(type_name).is_empty()
}

/// The column of a flow type; `None` for a campaign flow or a type this program does not know.
pub fn column(flow_type: &FlowType) -> Option<usize> {
    FLOW_TYPES.iter().position(|t| t == flow_type)
}

/// The row that decides whether `action` is allowed, and its support in `flow_type`'s column:
/// the row of the action's variant when its parameters pick one (the most restrictive of them
/// when several do), else the type's general row. `None` when the type is not in the table or
/// the flow type has no column.
pub fn support_of(action: &Action, flow_type: &FlowType) -> Option<(&'static BlockSupport, Support)> {
    let rows = rows_of(action.kind.type_name());
    let column = column(flow_type)?;
    let cell = |row: &'static BlockSupport| row.support.get(column).map(|support| (row, *support));
    let general = rows.iter().find(|row| row.variant == Variant::Any);
    let mut chosen = None;
    for variant in rows.iter().filter(|row| matches!(row.variant, Variant::EventHook(_)) && picks(row, action)) {
        let candidate = cell(variant);
        chosen = match (chosen, candidate) {
            (Some((_, Support::Refused)), _) | (_, None) => chosen,
            _ => candidate,
        };
    }
    chosen.or_else(|| general.and_then(cell))
}

/// Whether an action's parameters pick a variant row.
fn picks(row: &BlockSupport, action: &Action) -> bool {
    match row.variant {
        Variant::Any => true,
        Variant::EventHook(name) => action
            .raw_parameters()
            .and_then(|params| params.get("EventHooks"))
            .and_then(serde_json::Value::as_object)
            .is_some_and(|hooks| hooks.contains_key(name)),
    }
}

/// The types documented as allowed in outbound whisper flows (the general row), in table order.
/// Derived from [`BLOCK_SUPPORT`] at compile time, for callers that want a list.
pub const OUTBOUND_WHISPER_ALLOWED: &[&str] = &OUTBOUND_WHISPER_LIST;

const OUTBOUND_WHISPER_COLUMN: usize = 6;
const OUTBOUND_WHISPER_COUNT: usize = count_allowed(OUTBOUND_WHISPER_COLUMN);
const OUTBOUND_WHISPER_LIST: [&str; OUTBOUND_WHISPER_COUNT] = allowed_list(OUTBOUND_WHISPER_COLUMN);

const fn allowed_here(row: &BlockSupport, column: usize) -> bool {
    matches!(row.variant, Variant::Any) && matches!(row.support[column], Support::Allowed)
}

const fn count_allowed(column: usize) -> usize {
    let mut count = 0;
    let mut i = 0;
    while i < BLOCK_SUPPORT.len() {
        if allowed_here(&BLOCK_SUPPORT[i], column) {
            count += 1;
        }
        i += 1;
    }
    count
}

const fn allowed_list<const N: usize>(column: usize) -> [&'static str; N] {
    let mut list = [""; N];
    let mut next = 0;
    let mut i = 0;
    while i < BLOCK_SUPPORT.len() {
        if allowed_here(&BLOCK_SUPPORT[i], column) && next < N {
            list[next] = BLOCK_SUPPORT[i].type_name;
            next += 1;
        }
        i += 1;
    }
    list
}

#[cfg(test)]
#[path = "block_support_tests.rs"]
mod tests;
