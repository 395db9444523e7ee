//! One line on what a block is set to do, as the designer's canvas card shows it. Pure words
//! over the model: the canvas, the semantic diff and the CLI all use it. The blocks whisperwire
//! models speak from their typed view; every other block from its parameters, in the words of
//! the block-words table ([`super::words`]).

use super::{Action, ActionKind, CallerId, words};

impl Action {
    /// One line on what the block is set to do (its texts whole: the caller shortens them);
    /// empty for blocks with nothing to say.
    pub fn summary(&self) -> String {
        match &self.kind {
            ActionKind::Other { type_name } => self
                .raw_parameters()
                .map_or_else(String::new, |params| words::summary_of(type_name, params, &self.designer)),
            kind => kind.summary(),
        }
    }
}

impl ActionKind {
    /// One line on what a block of a modelled type is set to do; empty for blocks with nothing
    /// to say, and for `Other` (whose parameters only [`Action::summary`] reads).
    pub fn summary(&self) -> String {
        match self {
            Self::CompleteOutboundCall { caller_id } => match caller_id {
                CallerId::None => "Caller ID: the queue's number".into(),
                CallerId::Number(number) => format!("Caller ID: {number}"),
                CallerId::Attribute(attribute) => {
                    format!("Caller ID: attribute {} ({})", attribute.key, attribute.namespace.label())
                }
                CallerId::Path(path) => format!("Caller ID: {path}"),
                CallerId::Unreadable(_) => "Caller ID: unreadable".into(),
            },
            Self::MessageParticipant(message) => message
                .text
                .as_deref()
                .or(message.ssml.as_deref())
                .or(message.prompt_id.as_deref())
                .filter(|t| !t.trim().is_empty())
                .map_or_else(String::new, |t| format!("“{t}”")),
            Self::InvokeLambdaFunction(call) => call.function_name().unwrap_or("no function").to_owned(),
            Self::UpdateContactAttributes { attributes, .. } => {
                attributes.iter().map(|(k, v)| format!("{k} = {v}")).collect::<Vec<_>>().join(", ")
            }
            Self::Compare { comparison_value } => comparison_value.clone().unwrap_or_default(),
            Self::Loop { loop_count } => loop_count.as_deref().map_or_else(String::new, |n| format!("{n} times")),
            Self::UpdateFlowLoggingBehavior { flow_logging } => flow_logging.clone().unwrap_or_default(),
            Self::UpdateContactRecordingBehavior { recorded_participants } => match recorded_participants.as_deref() {
                Some([]) => "Recording off".into(),
                Some(who) => format!("Records {}", who.join(" and ")),
                None => String::new(),
            },
            Self::EndFlowExecution | Self::DisconnectParticipant | Self::Other { .. } => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttributeRef, Namespace};

    #[test]
    fn call_phone_number_summarises_its_caller_id() {
        let kind = ActionKind::CompleteOutboundCall {
            caller_id: CallerId::Attribute(AttributeRef::new(Namespace::External, "caller_id")),
        };
        assert_eq!(kind.summary(), "Caller ID: attribute caller_id (External)");
        assert_eq!(
            ActionKind::CompleteOutboundCall { caller_id: CallerId::None }.summary(),
            "Caller ID: the queue's number"
        );
        assert_eq!(ActionKind::EndFlowExecution.summary(), "");
    }

    #[test]
    fn a_block_kept_verbatim_summarises_its_parameters_in_the_designers_words() {
        let doc = crate::flow_json::from_value(serde_json::json!({"StartAction": "v", "Actions": [
            {"Identifier": "v", "Type": "UpdateContactTextToSpeechVoice",
             "Parameters": {"TextToSpeechVoice": "Joanna", "TextToSpeechEngine": "Neural"}, "Transitions": {}},
            {"Identifier": "q", "Type": "UpdateContactTargetQueue", "Parameters": {"QueueId": "arn:q"}, "Transitions": {}}
        ], "Metadata": {"ActionMetadata": {"q": {"queue": {"id": "arn:q", "text": "BasicQueue"}}}}}))
        .unwrap();
        assert_eq!(doc.flow.actions[0].summary(), "Voice: Joanna · Engine: Neural");
        assert_eq!(doc.flow.actions[1].summary(), "Queue: BasicQueue");
        assert_eq!(doc.flow.actions[1].block_name(), "Set working queue");
    }
}
