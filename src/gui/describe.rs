//! Words for blocks: the blocks the palette offers for a flow type. (A block's name and one-line
//! summary are the core's block words, `model::words`, shared with the semantic diff and the
//! validator: `Action::block_name`, `Action::summary`.)

use crate::model::{FlowType, MODELLED_TYPES, block_name_of};
use crate::validation::flow_type::OUTBOUND_WHISPER_ALLOWED;

/// The blocks a flow of this type may hold, as (type, block name), in palette order.
pub fn palette_types(flow_type: Option<&FlowType>) -> Vec<(&'static str, &'static str)> {
    let outbound_whisper = flow_type.is_none_or(|t| *t == FlowType::OutboundWhisper);
    MODELLED_TYPES
        .iter()
        .copied()
        .filter(|type_name| {
            if outbound_whisper {
                OUTBOUND_WHISPER_ALLOWED.contains(type_name)
            } else {
                *type_name != "CompleteOutboundCall"
            }
        })
        .map(|type_name| (type_name, block_name_of(type_name)))
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
