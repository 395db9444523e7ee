//! Pins rows of the block-support table: one test per flow type at least, run through the whole
//! validator on one-block flows.

use serde_json::{Value, json};

use super::*;
use crate::test_support::{block, flow_of};
use crate::validation::{Context, Report, Rule, Severity, validate};

/// Validates a flow of `flow_type` holding one block of `type_name` with `params`.
fn one_block(flow_type: &str, type_name: &str, params: Value) -> Report {
    let doc = flow_of("one", flow_type, "saved", "x", vec![block("x", type_name, params, json!({}))]);
    validate(&doc, Context::default())
}

fn errors(report: &Report) -> Vec<Rule> {
    report.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.rule).collect()
}

/// The flow-type and type findings only (a modelled block alone also misses its branches).
fn type_findings(report: &Report) -> Vec<(Rule, Severity)> {
    report
        .diagnostics
        .iter()
        .filter(|d| matches!(d.rule, Rule::BlockNotAllowed | Rule::UnknownType | Rule::CallOutsideOutboundWhisper))
        .map(|d| (d.rule, d.severity))
        .collect()
}

fn allowed(flow_type: &str, type_name: &str, params: Value) {
    let report = one_block(flow_type, type_name, params);
    assert_eq!(type_findings(&report), [], "{type_name} must be allowed in {flow_type}");
}

fn refused(flow_type: &str, type_name: &str, params: Value) {
    let report = one_block(flow_type, type_name, params);
    assert_eq!(
        type_findings(&report),
        [(Rule::BlockNotAllowed, Severity::Error)],
        "{type_name} must be refused in {flow_type}"
    );
}

#[test]
fn the_table_is_sorted_by_type_name_and_every_row_names_its_source() {
    for pair in BLOCK_SUPPORT.windows(2) {
        let [a, b] = pair else { continue };
        assert!(a.type_name <= b.type_name, "{} before {}", a.type_name, b.type_name);
    }
    for row in BLOCK_SUPPORT {
        assert!(!row.source.is_empty() && !row.block.is_empty(), "{}", row.type_name);
    }
}

#[test]
fn every_type_has_exactly_one_general_row() {
    for row in BLOCK_SUPPORT {
        let general = rows_of(row.type_name).iter().filter(|r| r.variant == Variant::Any).count();
        assert_eq!(general, 1, "{}", row.type_name);
    }
}

#[test]
fn the_outbound_whisper_column_is_the_seventh() {
    assert_eq!(column(&FlowType::OutboundWhisper), Some(OUTBOUND_WHISPER_COLUMN));
    assert_eq!(column(&FlowType::Campaign), None);
    assert!(OUTBOUND_WHISPER_ALLOWED.contains(&"CompleteOutboundCall"));
    assert!(OUTBOUND_WHISPER_ALLOWED.contains(&"DistributeByPercentage"));
    assert!(!OUTBOUND_WHISPER_ALLOWED.contains(&"DisconnectParticipant"));
}

#[test]
fn documented_action_types_are_never_unknown() {
    for type_name in [
        "ShowView",
        "StartVoiceIdStream",
        "UpdateContactRoutingCriteria",
        "DequeueContactAndTransferToQueue",
        "StartOutboundChatContact",
        "GetCustomerProfile",
        "CreateCustomerProfile",
        "UpdateCustomerProfile",
        "AssociateContactToCustomerProfile",
        "GetCustomerProfileObject",
        "GetCalculatedAttributesForCustomerProfile",
    ] {
        assert!(is_documented(type_name), "{type_name}");
    }
    assert!(!is_documented("CheckAttribute"));
}

#[test]
fn outbound_whisper_flows_allow_the_eleven_blocks_the_block_pages_allow() {
    let blocks = [
        ("DistributeByPercentage", json!({"Percentages": ["50", "50"]})),
        ("UpdatePreviousContactParticipantState", json!({"PreviousContactParticipantState": "AgentOnHold"})),
        ("CreateWisdomSession", json!({"WisdomAssistantArn": "arn:aws:wisdom:us-east-1:1:assistant/a"})),
        ("CheckVoiceId", json!({"CheckVoiceId": "EnrollmentStatus"})),
        ("StartVoiceIdStream", json!({})),
        ("CreateCase", json!({})),
        ("GetCase", json!({})),
        ("UpdateCase", json!({})),
        ("CreateTask", json!({"Name": "follow up"})),
        ("GetCustomerProfile", json!({})),
        ("CreateCustomerProfile", json!({})),
        ("UpdateCustomerProfile", json!({})),
        ("AssociateContactToCustomerProfile", json!({})),
        ("GetCustomerProfileObject", json!({})),
        ("GetCalculatedAttributesForCustomerProfile", json!({})),
        ("CheckOutboundCallStatus", json!({})),
        ("ResumeContact", json!({})),
        ("UpdateContactRecordingAndAnalyticsBehavior", json!({})),
    ];
    for (type_name, params) in blocks {
        let report = one_block("outboundWhisper", type_name, params);
        assert_eq!(errors(&report), [], "{type_name}: neither a flow-type nor an unknown-type error");
        assert!(!report.has(Rule::UnknownType), "{type_name}");
    }
}

#[test]
fn outbound_whisper_flows_refuse_set_whisper_flow_and_set_customer_queue_flow() {
    for hook in ["AgentWhisper", "CustomerWhisper", "CustomerQueue"] {
        refused("outboundWhisper", "UpdateContactEventHooks", json!({"EventHooks": {hook: "arn:aws:connect:flow"}}));
    }
    for hook in ["CustomerHold", "AgentHold", "CustomerRemaining"] {
        allowed("outboundWhisper", "UpdateContactEventHooks", json!({"EventHooks": {hook: "arn:aws:connect:flow"}}));
    }
    refused("outboundWhisper", "DisconnectParticipant", json!({}));
    refused("outboundWhisper", "UpdateContactRoutingBehavior", json!({}));
}

#[test]
fn inbound_flows_follow_their_rows() {
    allowed("contactFlow", "TransferContactToQueue", json!({}));
    allowed("contactFlow", "ShowView", json!({}));
    allowed("contactFlow", "UpdateContactEventHooks", json!({"EventHooks": {"AgentWhisper": "arn"}}));
    refused("contactFlow", "MessageParticipantIteratively", json!({}));
    refused("contactFlow", "TransferContactToAgent", json!({}));
}

#[test]
fn customer_queue_flows_follow_their_rows() {
    allowed("customerQueue", "MessageParticipantIteratively", json!({}));
    allowed("customerQueue", "DequeueContactAndTransferToQueue", json!({}));
    allowed("customerQueue", "DisconnectParticipant", json!({}));
    refused("customerQueue", "TransferToFlow", json!({}));
    refused("customerQueue", "UpdateContactEventHooks", json!({"EventHooks": {"CustomerQueue": "arn"}}));
}

#[test]
fn customer_hold_flows_follow_their_rows() {
    allowed("customerHold", "MessageParticipantIteratively", json!({}));
    allowed("customerHold", "InvokeLambdaFunction", json!({}));
    refused("customerHold", "MessageParticipant", json!({"Text": "hello"}));
    refused("customerHold", "StartVoiceIdStream", json!({}));
}

#[test]
fn customer_whisper_flows_follow_their_rows() {
    allowed("customerWhisper", "MessageParticipant", json!({"Text": "hello"}));
    allowed("customerWhisper", "UpdateContactMediaStreamingBehavior", json!({}));
    refused("customerWhisper", "DisconnectParticipant", json!({}));
    refused(
        "customerWhisper",
        "UpdateContactRecordingBehavior",
        json!({"RecordingBehavior": {"RecordedParticipants": []}}),
    );
}

#[test]
fn agent_hold_flows_follow_their_rows() {
    allowed("agentHold", "MessageParticipantIteratively", json!({}));
    refused("agentHold", "GetParticipantInput", json!({}));
    refused("agentHold", "CheckVoiceId", json!({}));
}

#[test]
fn agent_whisper_flows_follow_their_rows() {
    allowed("agentWhisper", "InvokeLambdaFunction", json!({}));
    allowed("agentWhisper", "CheckVoiceId", json!({}));
    refused("agentWhisper", "Wait", json!({}));
    refused("agentWhisper", "DistributeByPercentage", json!({}));
}

#[test]
fn transfer_to_agent_flows_follow_their_rows() {
    allowed("agentTransfer", "TransferContactToAgent", json!({}));
    allowed("agentTransfer", "UpdatePreviousContactParticipantState", json!({}));
    refused("agentTransfer", "DequeueContactAndTransferToQueue", json!({}));
}

#[test]
fn transfer_to_queue_flows_follow_their_rows() {
    allowed("queueTransfer", "TransferContactToAgent", json!({}));
    allowed("queueTransfer", "TransferToFlow", json!({}));
    refused("queueTransfer", "MessageParticipantIteratively", json!({}));
    let report = one_block("queueTransfer", "CompleteOutboundCall", json!({}));
    assert_eq!(
        type_findings(&report),
        [(Rule::CallOutsideOutboundWhisper, Severity::Error)],
        "Call phone number keeps its own rule"
    );
}

#[test]
fn an_unverified_cell_is_a_note_once_per_type() {
    let doc = flow_of(
        "one",
        "outboundWhisper",
        "saved",
        "a",
        vec![
            block("a", "TagContact", json!({}), json!({"NextAction": "b"})),
            block("b", "TagContact", json!({}), json!({})),
        ],
    );
    let report = validate(&doc, Context::default());
    let notes: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == Rule::BlockNotAllowed).collect();
    assert_eq!(notes.len(), 1, "{report:?}");
    assert_eq!(notes[0].severity, Severity::Note);
}

#[test]
fn a_type_the_table_does_not_hold_is_a_warning_naming_it_and_the_block_stays() {
    let report = one_block("outboundWhisper", "StartSomethingNew", json!({"Anything": 1}));
    let unknown: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == Rule::UnknownType).collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].severity, Severity::Warning);
    assert!(unknown[0].message.contains("StartSomethingNew") && unknown[0].message.contains("refused on publish"));
    assert_eq!(errors(&report), []);
}
