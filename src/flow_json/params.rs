//! `ActionKind` ⇄ an action's `Parameters` object. Reading is tolerant (a parameter of the wrong
//! kind reads as absent and the validator reports it from the raw file); writing changes only
//! the parameters whose meaning differs from what the object already holds, so an untouched block
//! is written back exactly as it was read.

use serde_json::{Map, Value};

use super::field;

use crate::model::{ActionKind, CallerId, LambdaCall, Message};

/// Reads the typed view of a block from its `Type` and `Parameters`.
pub(crate) fn read_kind(type_name: &str, params: &Map<String, Value>) -> ActionKind {
    match type_name {
        "CompleteOutboundCall" => ActionKind::CompleteOutboundCall { caller_id: read_caller_id(params) },
        "UpdateContactAttributes" => ActionKind::UpdateContactAttributes {
            attributes: pairs(field(params, "Attributes")),
            target_contact: text(params, "TargetContact"),
        },
        "InvokeLambdaFunction" => ActionKind::InvokeLambdaFunction(LambdaCall {
            function_arn: text(params, "LambdaFunctionARN"),
            timeout_secs: text(params, "InvocationTimeLimitSeconds"),
            invocation_type: text(params, "InvocationType"),
            attributes: pairs(field(params, "LambdaInvocationAttributes")),
            response_type: nested(params, "ResponseValidation").and_then(|v| text(v, "ResponseType")),
        }),
        "MessageParticipant" => ActionKind::MessageParticipant(Message {
            text: text(params, "Text"),
            ssml: text(params, "SSML"),
            prompt_id: text(params, "PromptId"),
        }),
        "Compare" => ActionKind::Compare { comparison_value: text(params, "ComparisonValue") },
        "Loop" => ActionKind::Loop { loop_count: text(params, "LoopCount") },
        "UpdateContactRecordingBehavior" => ActionKind::UpdateContactRecordingBehavior {
            recorded_participants: nested(params, "RecordingBehavior")
                .and_then(|v| strings(v.get("RecordedParticipants"))),
        },
        "UpdateFlowLoggingBehavior" => {
            ActionKind::UpdateFlowLoggingBehavior { flow_logging: text(params, "FlowLoggingBehavior") }
        }
        "EndFlowExecution" => ActionKind::EndFlowExecution,
        "DisconnectParticipant" => ActionKind::DisconnectParticipant,
        other => ActionKind::Other { type_name: other.to_owned() },
    }
}

/// Whether `read_kind(type_name, params) == *kind`, found without building the typed view for
/// the common blocks: export asks it of every block it writes.
pub(crate) fn kind_reads_as(type_name: &str, params: &Map<String, Value>, kind: &ActionKind) -> bool {
    match kind {
        ActionKind::UpdateContactAttributes { attributes, target_contact } => {
            type_name == "UpdateContactAttributes"
                && pairs_are(field(params, "Attributes"), attributes)
                && text_is(params, "TargetContact", target_contact.as_deref())
        }
        ActionKind::InvokeLambdaFunction(call) => {
            type_name == "InvokeLambdaFunction"
                && text_is(params, "LambdaFunctionARN", call.function_arn.as_deref())
                && text_is(params, "InvocationTimeLimitSeconds", call.timeout_secs.as_deref())
                && text_is(params, "InvocationType", call.invocation_type.as_deref())
                && pairs_are(field(params, "LambdaInvocationAttributes"), &call.attributes)
                && match nested(params, "ResponseValidation") {
                    Some(validation) => text_is(validation, "ResponseType", call.response_type.as_deref()),
                    None => call.response_type.is_none(),
                }
        }
        ActionKind::MessageParticipant(message) => {
            type_name == "MessageParticipant"
                && text_is(params, "Text", message.text.as_deref())
                && text_is(params, "SSML", message.ssml.as_deref())
                && text_is(params, "PromptId", message.prompt_id.as_deref())
        }
        ActionKind::Compare { comparison_value } => {
            type_name == "Compare" && text_is(params, "ComparisonValue", comparison_value.as_deref())
        }
        ActionKind::Loop { loop_count } => type_name == "Loop" && text_is(params, "LoopCount", loop_count.as_deref()),
        ActionKind::EndFlowExecution => type_name == "EndFlowExecution",
        ActionKind::DisconnectParticipant => type_name == "DisconnectParticipant",
        _ => read_kind(type_name, params) == *kind,
    }
}

/// Whether `text(params, key)` is `expected`, without copying a string parameter.
fn text_is(params: &Map<String, Value>, key: &str, expected: Option<&str>) -> bool {
    match field(params, key) {
        Some(Value::String(s)) => expected == Some(s.as_str()),
        _ => text(params, key).as_deref() == expected,
    }
}

/// Whether `pairs(value)` is `list`, without copying the pairs.
fn pairs_are(value: Option<&Value>, list: &[(String, String)]) -> bool {
    let Some(Value::Object(map)) = value else {
        return list.is_empty();
    };
    map.len() == list.len()
        && map.iter().zip(list).all(|((key, value), (k, v))| {
            key == k
                && match value {
                    Value::String(s) => s == v,
                    other => serde_json::to_string(other).is_ok_and(|text| text == *v),
                }
        })
}

/// Writes a block's typed parameters into `params`, touching only what differs.
pub(crate) fn write_kind(kind: &ActionKind, params: &mut Map<String, Value>) {
    match kind {
        ActionKind::CompleteOutboundCall { caller_id } => write_caller_id(caller_id, params),
        ActionKind::UpdateContactAttributes { attributes, target_contact } => {
            set_pairs(params, "Attributes", attributes);
            set_text(params, "TargetContact", target_contact.as_deref());
        }
        ActionKind::InvokeLambdaFunction(call) => {
            set_text(params, "LambdaFunctionARN", call.function_arn.as_deref());
            set_text(params, "InvocationTimeLimitSeconds", call.timeout_secs.as_deref());
            set_text(params, "InvocationType", call.invocation_type.as_deref());
            set_pairs(params, "LambdaInvocationAttributes", &call.attributes);
            let current = nested(params, "ResponseValidation").and_then(|v| text(v, "ResponseType"));
            if current != call.response_type {
                let emptied = with_nested(params, "ResponseValidation", |validation| {
                    set_text(validation, "ResponseType", call.response_type.as_deref());
                    validation.is_empty()
                });
                if emptied {
                    params.shift_remove("ResponseValidation");
                }
            }
        }
        ActionKind::MessageParticipant(message) => {
            set_text(params, "Text", message.text.as_deref());
            set_text(params, "SSML", message.ssml.as_deref());
            set_text(params, "PromptId", message.prompt_id.as_deref());
        }
        ActionKind::Compare { comparison_value } => {
            set_text(params, "ComparisonValue", comparison_value.as_deref());
        }
        ActionKind::Loop { loop_count } => set_text(params, "LoopCount", loop_count.as_deref()),
        ActionKind::UpdateContactRecordingBehavior { recorded_participants } => {
            let current = nested(params, "RecordingBehavior").and_then(|v| strings(v.get("RecordedParticipants")));
            if &current != recorded_participants {
                with_nested(params, "RecordingBehavior", |behavior| match recorded_participants {
                    Some(list) => {
                        behavior
                            .insert("RecordedParticipants".into(), list.iter().cloned().map(Value::String).collect());
                    }
                    None => {
                        behavior.shift_remove("RecordedParticipants");
                    }
                });
            }
        }
        ActionKind::UpdateFlowLoggingBehavior { flow_logging } => {
            set_text(params, "FlowLoggingBehavior", flow_logging.as_deref());
        }
        ActionKind::EndFlowExecution | ActionKind::DisconnectParticipant | ActionKind::Other { .. } => {}
    }
}

fn read_caller_id(params: &Map<String, Value>) -> CallerId {
    match field(params, "CallerId") {
        None => CallerId::None,
        Some(Value::Object(caller)) => match field(caller, "Number") {
            Some(Value::String(number)) => CallerId::from_number_text(number),
            _ => CallerId::Unreadable(Value::Object(caller.clone())),
        },
        Some(other) => CallerId::Unreadable(other.clone()),
    }
}

fn write_caller_id(caller_id: &CallerId, params: &mut Map<String, Value>) {
    if &read_caller_id(params) == caller_id {
        return;
    }
    match (caller_id, caller_id.number_text()) {
        (CallerId::None, _) => {
            params.shift_remove("CallerId");
        }
        (_, Some(number)) => {
            with_nested(params, "CallerId", |caller| caller.insert("Number".into(), Value::String(number)));
        }
        (_, None) => {
            if let CallerId::Unreadable(raw) = caller_id {
                params.insert("CallerId".into(), raw.clone());
            }
        }
    }
}

/// A parameter read as text: strings as they are, numbers and booleans as written. Objects,
/// arrays and null are not text.
fn text(params: &Map<String, Value>, key: &str) -> Option<String> {
    match field(params, key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// Sets a text parameter, or removes it with `None`; nothing changes when it already means that.
fn set_text(params: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if text_is(params, key, value) {
        return;
    }
    match value {
        Some(value) => {
            params.insert(key.to_owned(), Value::String(value.to_owned()));
        }
        None => {
            params.shift_remove(key);
        }
    }
}

/// A map of attributes as (key, text) pairs in file order; values that are not strings read as
/// their JSON text.
fn pairs(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    map.iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

fn set_pairs(params: &mut Map<String, Value>, key: &str, list: &[(String, String)]) {
    if pairs_are(field(params, key), list) {
        return;
    }
    let map: Map<String, Value> = list.iter().map(|(k, v)| (k.clone(), Value::String(v.clone()))).collect();
    params.insert(key.to_owned(), Value::Object(map));
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    value?.as_array()?.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

fn nested<'a>(params: &'a Map<String, Value>, key: &str) -> Option<&'a Map<String, Value>> {
    field(params, key)?.as_object()
}

/// Runs `change` on the object under `key`, made one (in place) if it is absent or of another
/// kind.
fn with_nested<R>(params: &mut Map<String, Value>, key: &str, change: impl FnOnce(&mut Map<String, Value>) -> R) -> R {
    let slot = params.entry(key.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(map) = slot {
        return change(map);
    }
    let mut map = Map::new();
    let result = change(&mut map);
    *slot = Value::Object(map);
    result
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::model::{AttributeRef, Namespace};

    fn object(value: Value) -> Map<String, Value> {
        let Value::Object(map) = value else { panic!("not an object: {value}") };
        map
    }

    #[test]
    fn untouched_parameters_are_written_back_unchanged() {
        let params = object(json!({"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": 8, "Extra": [1]}));
        let kind = read_kind("InvokeLambdaFunction", &params);
        let mut written = params.clone();
        write_kind(&kind, &mut written);
        assert_eq!(written, params);
        assert_eq!(serde_json::to_string(&written).unwrap(), serde_json::to_string(&params).unwrap());
    }

    #[test]
    fn changing_the_caller_id_keeps_other_caller_id_fields() {
        let mut params = object(json!({"CallerId": {"Number": "+12065550100", "Name": "Acme"}}));
        let kind = ActionKind::CompleteOutboundCall {
            caller_id: CallerId::Attribute(AttributeRef::new(Namespace::External, "caller_id")),
        };
        write_kind(&kind, &mut params);
        assert_eq!(Value::Object(params), json!({"CallerId": {"Number": "$.External.caller_id", "Name": "Acme"}}));
    }

    #[test]
    fn removing_the_caller_id_empties_the_parameters() {
        let mut params = object(json!({"CallerId": {"Number": "+12065550100"}}));
        write_kind(&ActionKind::CompleteOutboundCall { caller_id: CallerId::None }, &mut params);
        assert!(params.is_empty());
    }

    #[test]
    fn a_caller_id_of_the_wrong_shape_is_kept_as_written() {
        let params = object(json!({"CallerId": "+12065550100"}));
        let kind = read_kind("CompleteOutboundCall", &params);
        assert_eq!(kind, ActionKind::CompleteOutboundCall { caller_id: CallerId::Unreadable(json!("+12065550100")) });
    }

    #[test]
    fn new_values_are_written_as_strings_as_connect_does() {
        let mut params = Map::new();
        write_kind(&ActionKind::Loop { loop_count: Some("3".into()) }, &mut params);
        assert_eq!(Value::Object(params), json!({"LoopCount": "3"}));
    }

    #[test]
    fn recording_behaviour_keeps_analytics_settings() {
        let mut params = object(
            json!({"RecordingBehavior": {"RecordedParticipants": []}, "AnalyticsBehavior": {"Enabled": "True"}}),
        );
        let kind = ActionKind::UpdateContactRecordingBehavior { recorded_participants: Some(vec!["Agent".into()]) };
        write_kind(&kind, &mut params);
        assert_eq!(
            Value::Object(params),
            json!({"RecordingBehavior": {"RecordedParticipants": ["Agent"]}, "AnalyticsBehavior": {"Enabled": "True"}})
        );
    }

    #[test]
    fn attribute_order_is_kept_when_a_value_changes() {
        let mut params = object(json!({"Attributes": {"b": "1", "a": "2"}, "TargetContact": "Current"}));
        let kind = ActionKind::UpdateContactAttributes {
            attributes: vec![("b".into(), "1".into()), ("a".into(), "3".into())],
            target_contact: Some("Current".into()),
        };
        write_kind(&kind, &mut params);
        assert_eq!(
            serde_json::to_string(&params).unwrap(),
            r#"{"Attributes":{"b":"1","a":"3"},"TargetContact":"Current"}"#
        );
    }

    #[test]
    fn kind_reads_as_agrees_with_reading_the_kind() {
        let params = [
            json!({"Attributes": {"a": "1", "b": 2, "c": null}, "TargetContact": "Current"}),
            json!({"Attributes": {"a": "1"}, "TargetContact": 7}),
            json!({"Attributes": "x", "TargetContact": ["Current"]}),
            json!({"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": 8, "ResponseValidation": {"ResponseType": "JSON"}}),
            json!({"LambdaFunctionARN": "arn", "ResponseValidation": "JSON", "LambdaInvocationAttributes": {"k": "v"}}),
            json!({"Text": "hi", "SSML": true, "PromptId": null}),
            json!({"ComparisonValue": "$.Attributes.x", "LoopCount": "3"}),
            json!({"LoopCount": 3.5, "FlowLoggingBehavior": "Enabled"}),
            json!({"CallerId": {"Number": "+12065550100"}}),
            json!({}),
        ];
        let types = [
            "UpdateContactAttributes",
            "InvokeLambdaFunction",
            "MessageParticipant",
            "Compare",
            "Loop",
            "UpdateFlowLoggingBehavior",
            "CompleteOutboundCall",
            "EndFlowExecution",
            "DisconnectParticipant",
            "SomethingElse",
        ];
        let params: Vec<Map<String, Value>> = params.into_iter().map(object).collect();
        let kinds: Vec<ActionKind> =
            types.iter().flat_map(|type_name| params.iter().map(|p| read_kind(type_name, p))).collect();
        for type_name in types {
            for p in &params {
                for kind in &kinds {
                    assert_eq!(
                        kind_reads_as(type_name, p, kind),
                        read_kind(type_name, p) == *kind,
                        "{type_name} {p:?} {kind:?}"
                    );
                }
            }
        }
    }
}
