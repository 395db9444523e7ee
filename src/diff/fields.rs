//! The typed parameters of the blocks whisperwire models, as named fields with the values the
//! designer shows ("caller ID": `+12065550100`, `attribute $.External.caller_id`), so that a
//! change reads as the admin set it rather than as JSON.

use crate::model::{ActionKind, CallerId};

/// One parameter of a block: its name, the value as shown, and the value as written (compared;
/// shown instead when two shown values happen to read the same).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Field {
    pub name: String,
    pub shown: String,
    pub raw: String,
}

impl Field {
    fn new(name: impl Into<String>, shown: impl Into<String>, raw: impl Into<String>) -> Self {
        Self { name: name.into(), shown: shown.into(), raw: raw.into() }
    }

    fn text(name: &str, value: Option<&str>) -> Option<Self> {
        value.map(|v| Self::new(name, v, v))
    }
}

/// The block's parameters, in the order the designer's properties panel shows them. Absent
/// parameters are left out.
pub(super) fn fields(kind: &ActionKind) -> Vec<Field> {
    match kind {
        ActionKind::CompleteOutboundCall { caller_id } => vec![caller_id_field(caller_id)],
        ActionKind::UpdateContactAttributes { attributes, target_contact } => {
            let mut out: Vec<Field> =
                attributes.iter().map(|(key, value)| Field::new(format!("attribute {key}"), value, value)).collect();
            out.extend(Field::text("target contact", target_contact.as_deref()));
            out
        }
        ActionKind::InvokeLambdaFunction(call) => {
            let mut out = Vec::new();
            if let Some(arn) = &call.function_arn {
                out.push(Field::new("function", call.function_name().unwrap_or(arn), arn));
            }
            if let Some(secs) = &call.timeout_secs {
                out.push(Field::new("timeout", format!("{secs} s"), secs));
            }
            out.extend(Field::text("invocation type", call.invocation_type.as_deref()));
            out.extend(Field::text("response type", call.response_type.as_deref()));
            out.extend(call.attributes.iter().map(|(k, v)| Field::new(format!("input attribute {k}"), v, v)));
            out
        }
        ActionKind::MessageParticipant(message) => [("text", &message.text), ("SSML", &message.ssml)]
            .into_iter()
            .filter_map(|(name, value)| value.as_ref().map(|v| Field::new(name, format!("“{v}”"), v)))
            .chain(Field::text("prompt", message.prompt_id.as_deref()))
            .collect(),
        ActionKind::Compare { comparison_value } => {
            Field::text("comparison value", comparison_value.as_deref()).into_iter().collect()
        }
        ActionKind::Loop { loop_count } => Field::text("loop count", loop_count.as_deref()).into_iter().collect(),
        ActionKind::UpdateContactRecordingBehavior { recorded_participants } => recorded_participants
            .as_ref()
            .map(|who| {
                let shown = if who.is_empty() { "off".to_owned() } else { who.join(" and ") };
                Field::new("recorded participants", shown, who.join(","))
            })
            .into_iter()
            .collect(),
        ActionKind::UpdateFlowLoggingBehavior { flow_logging } => {
            Field::text("flow logging", flow_logging.as_deref()).into_iter().collect()
        }
        ActionKind::EndFlowExecution | ActionKind::DisconnectParticipant | ActionKind::Other { .. } => Vec::new(),
    }
}

/// "caller ID": the number as written, `attribute $.External.caller_id`, or the queue's number.
fn caller_id_field(caller_id: &CallerId) -> Field {
    let (shown, raw) = match caller_id {
        CallerId::None => ("the queue's outbound caller ID number".to_owned(), "none".to_owned()),
        CallerId::Number(number) => (number.clone(), format!("number {number}")),
        CallerId::Attribute(attribute) => {
            let path = attribute.to_path();
            (format!("attribute {path}"), format!("attribute {path}"))
        }
        CallerId::Path(path) => (format!("attribute {path}"), format!("path {path}")),
        CallerId::Unreadable(value) => {
            let text = serde_json::to_string(value).unwrap_or_default();
            (format!("unreadable {text}"), format!("unreadable {text}"))
        }
    };
    Field::new("caller ID", shown, raw)
}

/// A field that differs between two blocks of the same type: (name, old shown, new shown).
pub(super) type FieldChange = (String, Option<String>, Option<String>);

/// The fields of `new` that differ from `old` (in `new`'s order), then those only `old` has.
pub(super) fn changed_fields(old: &ActionKind, new: &ActionKind) -> Vec<FieldChange> {
    let old_fields = fields(old);
    let new_fields = fields(new);
    let mut out = Vec::new();
    for field in &new_fields {
        match old_fields.iter().find(|f| f.name == field.name) {
            None => out.push((field.name.clone(), None, Some(field.shown.clone()))),
            Some(before) if before.raw != field.raw => {
                let (old_shown, new_shown) = if before.shown == field.shown {
                    (before.raw.clone(), field.raw.clone())
                } else {
                    (before.shown.clone(), field.shown.clone())
                };
                out.push((field.name.clone(), Some(old_shown), Some(new_shown)));
            }
            Some(_) => {}
        }
    }
    for field in old_fields {
        if !new_fields.iter().any(|f| f.name == field.name) {
            out.push((field.name, Some(field.shown), None));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttributeRef, LambdaCall, Namespace};

    fn call(caller_id: CallerId) -> ActionKind {
        ActionKind::CompleteOutboundCall { caller_id }
    }

    #[test]
    fn a_caller_id_number_change_shows_both_numbers() {
        let changes = changed_fields(
            &call(CallerId::Number("+18885550100".into())),
            &call(CallerId::Number("+12065550142".into())),
        );
        assert_eq!(changes, [("caller ID".into(), Some("+18885550100".into()), Some("+12065550142".into()))]);
    }

    #[test]
    fn a_caller_id_choice_change_names_the_attribute() {
        let attribute = CallerId::Attribute(AttributeRef::new(Namespace::External, "caller_id"));
        let changes = changed_fields(&call(CallerId::Number("+18885550100".into())), &call(attribute));
        assert_eq!(changes[0].2.as_deref(), Some("attribute $.External.caller_id"));
    }

    #[test]
    fn lambda_functions_of_the_same_name_show_their_arns() {
        let arn = |region: &str| LambdaCall {
            function_arn: Some(format!("arn:aws:lambda:{region}:1:function:pick")),
            ..LambdaCall::default()
        };
        let changes = changed_fields(
            &ActionKind::InvokeLambdaFunction(arn("us-east-1")),
            &ActionKind::InvokeLambdaFunction(arn("eu-west-2")),
        );
        assert_eq!(changes[0].1.as_deref(), Some("arn:aws:lambda:us-east-1:1:function:pick"));
    }

    #[test]
    fn attributes_added_and_removed_are_fields_of_their_own() {
        let set = |pairs: &[(&str, &str)]| ActionKind::UpdateContactAttributes {
            attributes: pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            target_contact: None,
        };
        let changes = changed_fields(&set(&[("a", "1"), ("b", "2")]), &set(&[("b", "2"), ("c", "3")]));
        assert_eq!(
            changes,
            [("attribute c".into(), None, Some("3".into())), ("attribute a".into(), Some("1".into()), None)]
        );
    }
}
