//! Flow-type rules: which blocks an outbound whisper flow may hold, and Call phone number only
//! in outbound whisper flows.

use super::{Findings, Fix, Rule, Severity};
use crate::model::{ActionKind, Edit, FlowDocument, FlowType};

/// The blocks Amazon Connect allows in an outbound whisper flow (documented, plus
/// `UpdateContactData`, seen in real outbound whisper exports).
pub const OUTBOUND_WHISPER_ALLOWED: &[&str] = &[
    "CompleteOutboundCall",
    "UpdateContactAttributes",
    "UpdateFlowAttributes",
    "InvokeLambdaFunction",
    "MessageParticipant",
    "EndFlowExecution",
    "Compare",
    "Loop",
    "UpdateContactRecordingBehavior",
    "UpdateFlowLoggingBehavior",
    "UpdateContactTextToSpeechVoice",
    "UpdateContactMediaStreamingBehavior",
    "UpdateContactEventHooks",
    "GetMetricData",
    "UpdateContactData",
];

/// The flow's type as the rules see it: the recorded one, else outbound whisper when the flow
/// has a Call phone number block (the only type that allows one).
pub(crate) fn effective_type(doc: &FlowDocument) -> Option<FlowType> {
    doc.flow.flow_type.clone().or_else(|| {
        let has_call = doc.flow.actions.iter().any(|a| matches!(a.kind, ActionKind::CompleteOutboundCall { .. }));
        has_call.then_some(FlowType::OutboundWhisper)
    })
}

pub(super) fn check(doc: &FlowDocument, out: &mut Findings<'_>) {
    let Some(flow_type) = effective_type(doc) else {
        out.push(
            Rule::FlowTypeUnknown,
            Severity::Note,
            None,
            "the flow's type is not recorded (Metadata.type): the rules for block types were skipped".into(),
        );
        return;
    };
    if doc.flow.flow_type.is_none() {
        let message = "the flow's type is not recorded (Metadata.type); it is checked as an outbound whisper flow because it has a Call phone number block";
        out.push(Rule::FlowTypeUnknown, Severity::Note, None, message.into());
    }
    for action in &doc.flow.actions {
        let type_name = action.kind.type_name();
        let is_call = matches!(action.kind, ActionKind::CompleteOutboundCall { .. });
        if flow_type != FlowType::OutboundWhisper {
            if is_call {
                let message = format!(
                    "Call phone number is only allowed in outbound whisper flows, and this is a {}",
                    flow_type.label().to_lowercase()
                );
                out.push(Rule::CallOutsideOutboundWhisper, Severity::Error, Some(&action.id), message);
            }
            continue;
        }
        if OUTBOUND_WHISPER_ALLOWED.contains(&type_name) {
            continue;
        }
        let message = format!("'{}' is not allowed in an outbound whisper flow", action.block_name());
        if matches!(action.kind, ActionKind::DisconnectParticipant) {
            let fix = Fix {
                label: "use End flow / Resume instead".into(),
                replacement: None,
                edit: Edit::SetKind { id: action.id.clone(), kind: ActionKind::EndFlowExecution },
            };
            out.push_with_fix(Rule::BlockNotAllowed, Severity::Error, Some(&action.id), message, fix);
        } else {
            out.push(Rule::BlockNotAllowed, Severity::Error, Some(&action.id), message);
        }
    }
}
