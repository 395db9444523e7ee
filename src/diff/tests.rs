//! The diff engine on small flows built in the tests and on the sample workspace's flows.

use serde_json::{Value, json};

use super::*;
use crate::flow_json;
use crate::test_support::{block, call, end, flow, next, prompt};
use crate::workspace::folder::sample_workspace;

fn sample(name: &str) -> Value {
    let path = sample_workspace().unwrap().join("flows").join(name);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn doc(value: &Value) -> FlowDocument {
    flow_json::from_value(value.clone()).unwrap()
}

/// Every object's keys in reverse order.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().rev().map(|(k, v)| (k.clone(), reversed(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

fn kinds(diff: &FlowDiff) -> Vec<ChangeKind> {
    diff.changes.iter().map(|c| c.kind).collect()
}

fn small() -> FlowDocument {
    flow("call", vec![call("call", Some("+18885550100"), "hello"), prompt("hello", "end"), end("end")])
}

#[test]
fn a_flow_reserialised_with_other_key_order_and_indentation_is_no_change() {
    for name in ["static-caller-id.json", "caller-id-from-lambda.json", "with-mistakes.json"] {
        let value = sample(name);
        let text = serde_json::to_string(&reversed(&value)).unwrap();
        let other = flow_json::from_str(&text).unwrap();
        let diff = diff(&doc(&value), &other);
        assert!(diff.changes.is_empty(), "{name}: {:?}", diff.changes);
    }
}

#[test]
fn a_changed_caller_id_is_one_parameter_change_with_both_numbers() {
    let old = small();
    let new = flow("call", vec![call("call", Some("+12065550142"), "hello"), prompt("hello", "end"), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::Parameter]);
    let change = &diff.changes[0];
    assert_eq!(change.field, "caller ID");
    assert_eq!((change.old.as_deref(), change.new.as_deref()), (Some("+18885550100"), Some("+12065550142")));
    assert_eq!(change.block_label().unwrap(), "'Call phone number' (call)");
    assert_eq!(change_line(change), "~ 'Call phone number' (call) › caller ID: +18885550100 → +12065550142");
}

#[test]
fn a_caller_id_from_the_lambda_reads_as_an_attribute() {
    let new =
        flow("call", vec![call("call", Some("$.External.caller_id"), "hello"), prompt("hello", "end"), end("end")]);
    let diff = diff(&small(), &new);
    assert_eq!(diff.changes[0].new.as_deref(), Some("attribute $.External.caller_id"));
}

#[test]
fn added_and_removed_blocks_carry_their_summary() {
    let old = small();
    let wait = block("wait", "Wait", json!({"TimeLimitSeconds": "5"}), next("end"));
    let new = flow("call", vec![call("call", Some("+18885550100"), "bye"), prompt("bye", "end"), wait, end("end")]);
    let diff = diff(&old, &new);
    let added: Vec<_> = diff.changes.iter().filter(|c| c.kind == ChangeKind::BlockAdded).collect();
    let removed: Vec<_> = diff.changes.iter().filter(|c| c.kind == ChangeKind::BlockRemoved).collect();
    assert_eq!(added.len(), 2);
    assert_eq!(added[0].new.as_deref(), Some("“Hello”"));
    assert_eq!(added[1].block_type.as_deref(), Some("Wait"));
    assert_eq!(added[1].new, None, "an unmodelled block has no summary");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].action, Some(ActionId::from_import("hello")));
    assert_eq!(change_line(removed[0]), "- 'Play prompt' (hello) removed (MessageParticipant): “Hello”");
    // Removed blocks come last.
    assert_eq!(diff.changes.last().map(|c| c.kind), Some(ChangeKind::BlockRemoved));
}

#[test]
fn a_rewired_branch_names_both_targets() {
    let new = flow("call", vec![call("call", Some("+18885550100"), "end"), prompt("hello", "end"), end("end")]);
    let diff = diff(&small(), &new);
    assert_eq!(kinds(&diff), [ChangeKind::BranchRewired]);
    let change = &diff.changes[0];
    assert_eq!(change.field, "Success");
    assert_eq!((change.old.as_deref(), change.new.as_deref()), (Some("Play prompt"), Some("End flow / Resume")));
    assert_eq!(change.new_target, Some(ActionId::from_import("end")));
    assert_eq!(change_line(change), "~ 'Call phone number' (call) › Success: Play prompt → End flow / Resume");
}

#[test]
fn branches_added_and_removed_are_matched_by_error_type() {
    let with_error = |error: &str| json!({"NextAction": "end", "Errors": [{"ErrorType": error, "NextAction": "end"}]});
    let old = flow(
        "p",
        vec![block("p", "MessageParticipant", json!({"Text": "Hi"}), with_error("NoMatchingError")), end("end")],
    );
    let new =
        flow("p", vec![block("p", "MessageParticipant", json!({"Text": "Hi"}), with_error("Timeout")), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::BranchAdded, ChangeKind::BranchRemoved]);
    assert_eq!(diff.changes[1].field, "Error");
}

#[test]
fn moving_blocks_is_layout_only() {
    let old = sample("static-caller-id.json");
    let mut new = old.clone();
    for entry in new["Metadata"]["ActionMetadata"].as_object_mut().unwrap().values_mut() {
        entry["position"]["x"] = json!(entry["position"]["x"].as_f64().unwrap() + 50.5);
    }
    let diff = diff(&doc(&old), &doc(&new));
    assert!(!diff.has_semantic_changes());
    assert_eq!(diff.moved_count(), 4);
    assert_eq!(diff.to_text(false), "no semantic change (4 blocks moved; --layout lists them)\n");
    assert!(diff.to_text(true).starts_with(
        "> 'Set logging behavior' (f3c95789-ace1-4954-ac5d-6baed2eac902) moved: (190, 40) → (240.5, 40)\n"
    ));
    assert_eq!(diff.marks().values().collect::<Vec<_>>(), [&BlockMark::Moved; 4]);
}

#[test]
fn an_unmodelled_block_shows_its_changed_paths() {
    let old =
        flow("w", vec![block("w", "Wait", json!({"TimeLimitSeconds": "5", "Events": ["a"]}), next("end")), end("end")]);
    let new = flow(
        "w",
        vec![block("w", "Wait", json!({"TimeLimitSeconds": "10", "Events": ["a"]}), next("end")), end("end")],
    );
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::Parameter]);
    assert_eq!(diff.changes[0].field, "Parameters.TimeLimitSeconds");
    assert_eq!(diff.changes[0].old.as_deref(), Some("\"5\""));
    assert_eq!(diff.changes[0].new.as_deref(), Some("\"10\""));
}

#[test]
fn unmodelled_parameters_of_a_modelled_block_are_paths_and_numbers_compare_by_value() {
    let params = |extra: Value| json!({"CallerId": {"Number": "+18885550100"}, "Extra": extra});
    let old = flow("c", vec![block("c", "CompleteOutboundCall", params(json!(1)), next("end")), end("end")]);
    let same: Value = serde_json::from_str("1.0").unwrap();
    let new = flow("c", vec![block("c", "CompleteOutboundCall", params(same), next("end")), end("end")]);
    assert!(diff(&old, &new).changes.is_empty());
    let new = flow("c", vec![block("c", "CompleteOutboundCall", params(json!("1")), next("end")), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::Parameter]);
    assert_eq!(diff.changes[0].field, "Parameters.Extra");
}

#[test]
fn a_wrapped_file_equals_its_plain_flow() {
    let plain = sample("static-caller-id.json");
    let content = serde_json::to_string(&plain).unwrap();
    let wrapped = json!({"ContactFlow": {"Arn": "arn:x", "Id": "1", "Name": "static-caller-id", "Type": "OUTBOUND_WHISPER", "Content": content}});
    assert!(diff(&doc(&plain), &doc(&wrapped)).changes.is_empty());
    let api = json!({"Name": "static-caller-id", "Type": "OUTBOUND_WHISPER", "Content": content});
    assert!(diff(&doc(&api), &doc(&plain)).changes.is_empty());
}

#[test]
fn flow_level_changes_come_first() {
    let old = small();
    let mut new = flow_json::to_value(&small());
    new["Metadata"]["name"] = json!("Sales");
    new["Metadata"]["description"] = json!("Seattle");
    new["StartAction"] = json!("hello");
    new["Settings"] = json!({"InputParameters": []});
    let diff = diff(&old, &doc(&new));
    assert_eq!(
        kinds(&diff),
        [ChangeKind::FlowName, ChangeKind::FlowDescription, ChangeKind::FlowStart, ChangeKind::FlowSetting]
    );
    assert_eq!(change_line(&diff.changes[0]), "~ flow › name: test-flow → Sales");
    assert_eq!(diff.changes[2].new.as_deref(), Some("Play prompt"));
    assert_eq!(diff.changes[3].field, "Settings");
}

#[test]
fn marks_take_the_strongest_change_of_each_block() {
    let new = flow("call", vec![call("call", Some("+12065550142"), "end"), end("end")]);
    let marks = diff(&small(), &new).marks();
    assert_eq!(marks.get(&ActionId::from_import("call")), Some(&BlockMark::Changed));
    assert_eq!(marks.get(&ActionId::from_import("hello")), Some(&BlockMark::Removed));
    assert_eq!(marks.get(&ActionId::from_import("end")), None);
}

#[test]
fn an_edited_document_is_compared_by_its_typed_view() {
    let old = small();
    let mut new = small();
    let id = ActionId::from_import("call");
    new.flow.action_mut(&id).unwrap().kind =
        crate::model::ActionKind::CompleteOutboundCall { caller_id: crate::model::CallerId::None };
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::Parameter]);
    assert_eq!(diff.changes[0].new.as_deref(), Some("the queue's outbound caller ID number"));
}

#[test]
fn a_block_whose_type_changed_says_so_and_lists_parameter_paths() {
    let old = flow("x", vec![block("x", "Wait", json!({"TimeLimitSeconds": "5"}), next("end")), end("end")]);
    let new = flow("x", vec![prompt("x", "end"), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff)[0], ChangeKind::BlockType);
    assert_eq!(diff.changes[0].new.as_deref(), Some("Play prompt (MessageParticipant)"));
    assert!(diff.changes.iter().any(|c| c.field == "Parameters.Text"));
}

#[test]
fn duplicated_identifiers_pair_up_in_order() {
    let old = flow("d", vec![prompt("d", "end"), prompt("d", "end"), end("end")]);
    let new = flow("d", vec![prompt("d", "end"), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::BlockRemoved]);
}

#[test]
fn a_version_absent_on_one_side_and_the_default_on_the_other_is_no_change() {
    let plain = json!({"StartAction": "end", "Actions": [{"Identifier": "end", "Type": "EndFlowExecution"}]});
    let mut versioned = plain.clone();
    versioned["Version"] = json!(crate::model::FLOW_LANGUAGE_VERSION);
    assert!(diff(&doc(&versioned), &doc(&plain)).changes.is_empty());
    assert!(diff(&doc(&plain), &doc(&versioned)).changes.is_empty());
    let mut other = plain.clone();
    other["Version"] = json!("2030-01-01");
    assert_eq!(kinds(&diff(&doc(&plain), &doc(&other))), [ChangeKind::FlowSetting]);
}
