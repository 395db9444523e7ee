//! Words for blocks: a one-line summary of what a block does, and the blocks the palette offers
//! for a flow type.

use crate::model::{ActionKind, CallerId, FlowType, MODELLED_TYPES};
use crate::validation::flow_type::OUTBOUND_WHISPER_ALLOWED;

/// One line on what a block is set to do.
pub fn summary(kind: &ActionKind) -> String {
    match kind {
        ActionKind::CompleteOutboundCall { caller_id } => match caller_id {
            CallerId::None => "Caller ID: the queue's number".into(),
            CallerId::Number(number) => format!("Caller ID: {number}"),
            CallerId::Attribute(attribute) => {
                format!("Caller ID: attribute {} ({})", attribute.key, attribute.namespace.label())
            }
            CallerId::Path(path) => format!("Caller ID: {path}"),
            CallerId::Unreadable(_) => "Caller ID: unreadable".into(),
        },
        ActionKind::MessageParticipant(message) => message
            .text
            .as_deref()
            .or(message.ssml.as_deref())
            .or(message.prompt_id.as_deref())
            .filter(|t| !t.trim().is_empty())
            .map_or_else(String::new, |t| format!("“{t}”")),
        ActionKind::InvokeLambdaFunction(call) => call.function_name().unwrap_or("no function").to_owned(),
        ActionKind::UpdateContactAttributes { attributes, .. } => {
            attributes.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
        }
        ActionKind::Compare { comparison_value } => comparison_value.clone().unwrap_or_default(),
        ActionKind::Loop { loop_count } => loop_count.as_deref().map_or_else(String::new, |n| format!("{n} times")),
        ActionKind::UpdateFlowLoggingBehavior { flow_logging } => flow_logging.clone().unwrap_or_default(),
        ActionKind::UpdateContactRecordingBehavior { recorded_participants } => {
            match recorded_participants.as_deref() {
                Some([]) => "Recording off".into(),
                Some(who) => format!("Records {}", who.join(" and ")),
                None => String::new(),
            }
        }
        ActionKind::EndFlowExecution | ActionKind::DisconnectParticipant | ActionKind::Other { .. } => String::new(),
    }
}

/// The blocks a flow of this type may hold, as (type, block name), in palette order.
pub fn palette_types(flow_type: Option<&FlowType>) -> Vec<(&'static str, &'static str)> {
    let outbound_whisper = flow_type.is_none_or(|t| *t == FlowType::OutboundWhisper);
    MODELLED_TYPES
        .iter()
        .copied()
        .filter(|(type_name, _)| {
            if outbound_whisper {
                OUTBOUND_WHISPER_ALLOWED.contains(type_name)
            } else {
                *type_name != "CompleteOutboundCall"
            }
        })
        .collect()
}

/// An instance number as pickers show it: national format and country (`(206) 555-0100 · US`).
pub fn number_label(number: &crate::instance::InstanceNumber) -> String {
    format!("{} · {}", number.number.national(), number.country)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbound_whisper_palette_has_call_phone_number_and_no_disconnect() {
        let names: Vec<_> = palette_types(Some(&FlowType::OutboundWhisper)).into_iter().map(|(t, _)| t).collect();
        assert!(names.contains(&"CompleteOutboundCall"));
        assert!(!names.contains(&"DisconnectParticipant"));
        let inbound: Vec<_> = palette_types(Some(&FlowType::ContactFlow)).into_iter().map(|(t, _)| t).collect();
        assert!(!inbound.contains(&"CompleteOutboundCall"));
    }
}
