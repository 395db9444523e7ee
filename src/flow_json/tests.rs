//! Unit tests of import and export on small hand-written flows; the real corpus is exercised by
//! the integration tests.

use serde_json::{Value, json};

use super::*;
use crate::model::{
    Action, ActionId, ActionKind, AttributeRef, Branch, CallerId, Edit, FlowStatus, FlowType, Namespace, Position,
};

fn sample() -> Value {
    json!({
        "Version": "2019-10-30",
        "StartAction": "call",
        "Metadata": {
            "entryPointPosition": {"x": 40, "y": 22.400_000_000_000_002},
            "ActionMetadata": {
                "end": {"position": {"x": 500, "y": 40}},
                "call": {"position": {"x": 200, "y": 40}, "setOptionalCallerId": true, "callerIdSource": "dynamic"},
                "ghost": {"position": {"x": 0, "y": 0}}
            },
            "Annotations": [],
            "name": "Sales whisper",
            "type": "outboundWhisper",
            "status": "PUBLISHED",
            "hash": {}
        },
        "Actions": [
            {
                "Identifier": "call",
                "Parameters": {"CallerId": {"Number": "$.Attributes.callerId"}, "Unknown": 1},
                "Transitions": {"NextAction": "end", "Errors": [], "Conditions": []},
                "Type": "CompleteOutboundCall",
                "Extra": true
            },
            {"Identifier": "end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}},
            {"Identifier": "odd", "Type": "SomethingNew", "Parameters": {"Deep": {"a": [1, 2.5, null]}}}
        ],
        "Settings": {"InputParameters": []}
    })
}

#[test]
fn unchanged_document_exports_equal_with_key_order() {
    let text = serde_json::to_string_pretty(&sample()).unwrap();
    let doc = from_str(&text).unwrap();
    assert_eq!(serde_json::to_string_pretty(&to_value(&doc)).unwrap(), text);
}

#[test]
fn typed_view_reads_the_blocks() {
    let doc = from_value(sample()).unwrap();
    assert_eq!(doc.flow.flow_type, Some(FlowType::OutboundWhisper));
    assert_eq!(doc.flow.status, Some(FlowStatus::Published));
    assert_eq!(doc.flow.name.as_deref(), Some("Sales whisper"));
    let call = doc.flow.action(&ActionId::from_import("call")).unwrap();
    assert_eq!(
        call.kind,
        ActionKind::CompleteOutboundCall {
            caller_id: CallerId::Attribute(AttributeRef::new(Namespace::UserDefined, "callerId"))
        }
    );
    assert_eq!(call.position(), Some(Position { x: 200.0, y: 40.0 }));
    assert_eq!(doc.flow.actions[2].kind, ActionKind::Other { type_name: "SomethingNew".into() });
}

#[test]
fn an_edit_changes_only_what_it_touches() {
    let mut doc = from_value(sample()).unwrap();
    let id = ActionId::from_import("call");
    let kind = ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+12065550100".into()) };
    doc.apply(Edit::SetKind { id, kind }).unwrap();
    let mut expected = sample();
    expected["Actions"][0]["Parameters"]["CallerId"]["Number"] = json!("+12065550100");
    assert_eq!(to_value(&doc), expected);
}

#[test]
fn status_change_is_written_in_the_designer_spelling() {
    let mut doc = from_value(sample()).unwrap();
    doc.apply(Edit::SetStatus(Some(FlowStatus::Saved))).unwrap();
    assert_eq!(to_value(&doc)["Metadata"]["status"], json!("saved"));
}

#[test]
fn removed_blocks_lose_their_metadata_and_stray_metadata_stays() {
    let mut doc = from_value(sample()).unwrap();
    let edit = Edit::delete_actions(&doc, &[ActionId::from_import("end")]);
    doc.apply(edit).unwrap();
    let out = to_value(&doc);
    let keys: Vec<_> = out["Metadata"]["ActionMetadata"].as_object().unwrap().keys().cloned().collect();
    assert_eq!(keys, ["call", "ghost"]);
    assert_eq!(out["Actions"][0]["Transitions"], json!({"Errors": [], "Conditions": []}));
}

#[test]
fn new_flow_exports_as_the_connect_designer_lays_it_out() {
    let mut doc = crate::model::FlowDocument::new_outbound_whisper("New");
    let call =
        Action::new(ActionKind::CompleteOutboundCall { caller_id: CallerId::None }, Position { x: 200.0, y: 40.0 });
    let end = Action::new(ActionKind::EndFlowExecution, Position { x: 400.0, y: 40.0 });
    let (call_id, end_id) = (call.id.clone(), end.id.clone());
    doc.apply(Edit::InsertAction { index: 0, action: Box::new(call) }).unwrap();
    doc.apply(Edit::InsertAction { index: 1, action: Box::new(end) }).unwrap();
    doc.apply(Edit::SetTarget { from: call_id.clone(), branch: Branch::Next, to: Some(end_id.clone()) }).unwrap();
    doc.apply(Edit::SetStart(Some(call_id.clone()))).unwrap();
    let out = to_value(&doc);
    let top_keys: Vec<_> = out.as_object().unwrap().keys().cloned().collect();
    assert_eq!(top_keys, ["Version", "StartAction", "Metadata", "Actions"]);
    assert_eq!(out["Metadata"]["type"], json!("outboundWhisper"));
    assert_eq!(out["Metadata"]["status"], json!("saved"));
    assert_eq!(out["Metadata"]["ActionMetadata"][call_id.as_str()], json!({"position": {"x": 200, "y": 40}}));
    assert_eq!(
        out["Actions"][0],
        json!({"Parameters": {}, "Identifier": call_id.as_str(), "Type": "CompleteOutboundCall", "Transitions": {"NextAction": end_id.as_str()}})
    );
    let again = from_value(out.clone()).unwrap();
    assert_eq!(to_value(&again), out);
}

#[test]
fn missing_parameters_read_as_empty_and_stay_missing() {
    let value = json!({"StartAction": "q", "Actions": [{"Identifier": "q", "Type": "TransferContactToQueue", "Transitions": {}}]});
    let doc = from_value(value.clone()).unwrap();
    assert_eq!(doc.flow.actions[0].raw_parameters(), None);
    assert_eq!(to_value(&doc), value);
}

#[test]
fn wrong_shapes_name_the_json_path() {
    let cases = [
        (
            json!({"Actions": [{}, {"Identifier": "a", "Type": "X", "Transitions": {"Errors": [{"ErrorType": "NoMatchingError"}]}}]}),
            "Actions[0]: missing Identifier",
        ),
        (
            json!({"Actions": [{"Identifier": "a", "Type": "X", "Transitions": {"Errors": [{"ErrorType": "E"}]}}]}),
            "Actions[0].Transitions.Errors[0]: missing NextAction",
        ),
        (
            json!({"Actions": [{"Identifier": 5, "Type": "X"}]}),
            "Actions[0].Identifier: expected a string, found a number",
        ),
        (
            json!({"Actions": [{"Identifier": "a", "Type": "X", "Parameters": "no"}]}),
            "Actions[0].Parameters: expected an object, found a string",
        ),
        (json!({"Actions": {}}), "Actions: expected the list of actions, found an object"),
        (json!({"Version": "2019-10-30"}), "Actions: expected the list of actions, found nothing"),
        (json!([1, 2]), "(top level): expected a flow object, found an array"),
        (
            json!({"Actions": [{"Identifier": "a", "Type": "X", "Transitions": {"Conditions": [{"NextAction": "b"}]}}]}),
            "Actions[0].Transitions.Conditions[0]: missing Condition",
        ),
    ];
    for (value, expected) in cases {
        let err = from_value(value).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let err = from_str("{\n  \"Actions\": [\n    1\n    2\n  ]\n}").unwrap_err();
    let ParseError::Syntax { line, column, message } = err else { panic!("{err:?}") };
    assert_eq!((line, column), (4, 5));
    assert!(message.contains("expected `,`"), "{message}");
}

#[test]
fn legacy_format_says_to_export_again() {
    let err = from_value(json!({"modules": [], "version": "1"})).unwrap_err();
    assert!(matches!(err, ParseError::Legacy));
    assert!(err.to_string().contains("export it again"));
}

#[test]
fn both_wrappers_are_read_and_written_back() {
    let content = serde_json::to_string(&sample()).unwrap();
    let create = json!({"Name": "W", "Type": "OUTBOUND_WHISPER", "Content": content, "Tags": {}});
    let doc = from_value(create.clone()).unwrap();
    assert_eq!(doc.flow.actions.len(), 3);
    assert_eq!(to_value(&doc), create);
    let describe = json!({"ContactFlow": {"Id": "1", "Name": "W", "Type": "OUTBOUND_WHISPER", "Status": "SAVED", "Content": content}});
    let doc = from_value(describe.clone()).unwrap();
    assert_eq!(to_value(&doc), describe);
}

#[test]
fn wrapper_supplies_name_and_type_when_metadata_is_silent() {
    let inner = json!({"Version": "2019-10-30", "StartAction": "e", "Actions": [{"Identifier": "e", "Type": "EndFlowExecution"}]});
    let wrapped = json!({"Name": "From API", "Type": "OUTBOUND_WHISPER", "Content": inner.to_string()});
    let doc = from_value(wrapped.clone()).unwrap();
    assert_eq!(doc.flow.name.as_deref(), Some("From API"));
    assert_eq!(doc.flow.flow_type, Some(FlowType::OutboundWhisper));
    assert_eq!(to_value(&doc), wrapped);
}

#[test]
fn broken_embedded_content_names_the_wrapper_field() {
    let err = from_value(json!({"Name": "x", "Content": "{\"Actions\": [}"})).unwrap_err();
    assert!(err.to_string().starts_with("Content: the embedded flow is not valid JSON: line 1, column 14"), "{err}");
}

#[test]
fn oversized_input_is_refused() {
    let big = vec![b' '; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    assert!(matches!(from_slice(&big), Err(ParseError::TooLarge { .. })));
}

#[test]
fn byte_order_mark_is_ignored() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"Actions": []}"#);
    assert!(from_slice(&bytes).is_ok());
}

/// A `Transitions` value of the right shape or near it: entries with a field missing or of the
/// wrong kind, lists that are null or not lists.
fn transitions_like() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let id = prop_oneof![Just(json!("a")), Just(json!("b")), Just(json!(null)), Just(json!(1))];
    let error = (id.clone(), prop_oneof![Just(json!("NoMatchingError")), Just(json!("Other")), Just(json!([]))])
        .prop_map(|(next, error_type)| json!({"NextAction": next, "ErrorType": error_type}));
    let condition = (id.clone(), prop_oneof![Just("Equals"), Just("Weird")], 0usize..3, any::<bool>()).prop_map(
        |(next, operator, operands, with_condition)| {
            let operands: Vec<Value> = (0..operands).map(|i| json!(format!("v{i}"))).collect();
            if with_condition {
                json!({"NextAction": next, "Condition": {"Operator": operator, "Operands": operands}})
            } else {
                json!({"NextAction": next})
            }
        },
    );
    let list = |entries: BoxedStrategy<Value>| {
        prop_oneof![
            proptest::collection::vec(entries, 0..3).prop_map(Value::Array),
            Just(Value::Null),
            Just(json!("not a list")),
        ]
    };
    (id, list(error.boxed()), list(condition.boxed()), any::<bool>()).prop_map(|(next, errors, conditions, object)| {
        if object { json!({"NextAction": next, "Errors": errors, "Conditions": conditions}) } else { json!([next]) }
    })
}

proptest::proptest! {
    #[test]
    fn transitions_read_as_agrees_with_reading_them(value in transitions_like(), other in transitions_like()) {
        let path = super::error::JsonPath::default();
        if let Ok(transitions) = super::read::read_transitions(&other, &path) {
            let read_equal = super::read::read_transitions(&value, &path).is_ok_and(|read| read == transitions);
            proptest::prop_assert_eq!(super::read::transitions_read_as(&value, &transitions), read_equal);
            proptest::prop_assert!(super::read::transitions_read_as(&other, &transitions));
        }
    }
}

#[test]
fn format_gives_the_canonical_text_of_a_flow_with_escapes_and_numbers() {
    let flow = json!({
        "Version": "2019-10-30",
        "Actions": [{"Identifier": "a\"b", "Type": "Loop", "Parameters": {"LoopCount": 3, "Note": "tab\there ☎"},
                     "Transitions": {"Errors": [], "Conditions": []}, "Weights": [-1, 2.5, u64::MAX, true, null]}],
        "Metadata": {"ActionMetadata": {"a\"b": {"position": {"x": 1.5, "y": -2}}}, "nested": [[], {}, [[{}]]]}
    });
    let text = canonical_text(&flow);
    assert_eq!(format(text.as_bytes()).unwrap(), text);
    let compact = serde_json::to_vec(&flow).unwrap();
    assert_eq!(format(&compact).unwrap(), text);
}
