//! The diff engine on small flows built in the tests and on the sample workspace's flows.

use serde_json::{Value, json};

use super::*;
use crate::flow_json;
use crate::test_support::{block, call, end, flow, flow_of, next, prompt};
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
    assert_eq!(added[1].new.as_deref(), Some("Timeout: 5 s"), "a block kept verbatim speaks the designer's words too");
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0].action, Some(ActionId::from_import("hello")));
    assert_eq!(
        change_line(removed[0]),
        "- 'Play prompt' (hello) removed (MessageParticipant): “Hello”; Success → End flow / Resume"
    );
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
fn an_unmodelled_block_shows_its_changed_parameters_in_the_designers_words() {
    let old =
        flow("w", vec![block("w", "Wait", json!({"TimeLimitSeconds": "5", "Events": ["a"]}), next("end")), end("end")]);
    let new = flow(
        "w",
        vec![block("w", "Wait", json!({"TimeLimitSeconds": "10", "Events": ["a"]}), next("end")), end("end")],
    );
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::Parameter]);
    assert_eq!(diff.changes[0].field, "timeout");
    assert_eq!(diff.changes[0].old.as_deref(), Some("5 s"));
    assert_eq!(diff.changes[0].new.as_deref(), Some("10 s"));
}

#[test]
fn unknown_parameters_of_a_modelled_block_are_their_keys_and_numbers_compare_by_value() {
    let params = |extra: Value| json!({"CallerId": {"Number": "+18885550100"}, "Extra": extra});
    let old = flow("c", vec![block("c", "CompleteOutboundCall", params(json!(1)), next("end")), end("end")]);
    let same: Value = serde_json::from_str("1.0").unwrap();
    let new = flow("c", vec![block("c", "CompleteOutboundCall", params(same), next("end")), end("end")]);
    assert!(diff(&old, &new).changes.is_empty());
    let new = flow("c", vec![block("c", "CompleteOutboundCall", params(json!("1")), next("end")), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::Parameter]);
    assert_eq!(diff.changes[0].field, "Extra");
    // They read the same, so they are shown as written.
    assert_eq!((diff.changes[0].old.as_deref(), diff.changes[0].new.as_deref()), (Some("1"), Some("\"1\"")));
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
fn a_block_whose_type_changed_says_so_and_lists_its_parameters() {
    let old = flow("x", vec![block("x", "Wait", json!({"TimeLimitSeconds": "5"}), next("end")), end("end")]);
    let new = flow("x", vec![prompt("x", "end"), end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff)[0], ChangeKind::BlockType);
    assert_eq!(diff.changes[0].new.as_deref(), Some("Play prompt (MessageParticipant)"));
    assert!(diff.changes.iter().any(|c| c.field == "text" && c.new.as_deref() == Some("“Hello”")));
    assert!(diff.changes.iter().any(|c| c.field == "timeout" && c.old.as_deref() == Some("5 s") && c.new.is_none()));
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

/// A Check contact attributes block `cmp` whose conditions are `(operator, operand, target)`.
fn compare_flow(conditions: &[(&str, &str, &str)]) -> FlowDocument {
    let conditions: Vec<Value> = conditions
        .iter()
        .map(|(op, operand, to)| json!({"NextAction": to, "Condition": {"Operator": op, "Operands": [operand]}}))
        .collect();
    let transitions = json!({"NextAction": "end", "Conditions": conditions,
        "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "end"}]});
    flow(
        "cmp",
        vec![
            block("cmp", "Compare", json!({"ComparisonValue": "$.Attributes.amount"}), transitions),
            prompt("a", "end"),
            block("b", "Wait", json!({"TimeLimitSeconds": "5"}), next("end")),
            end("end"),
        ],
    )
}

#[test]
fn swapping_two_conditions_one_value_can_meet_is_a_change() {
    let old = compare_flow(&[("NumberGreaterThan", "10", "a"), ("NumberGreaterThan", "0", "b")]);
    let new = compare_flow(&[("NumberGreaterThan", "0", "b"), ("NumberGreaterThan", "10", "a")]);
    let diff = diff(&old, &new);
    assert_eq!(kinds(&diff), [ChangeKind::BranchOrder]);
    assert!(diff.has_semantic_changes());
    assert_eq!(
        change_line(&diff.changes[0]),
        "~ 'Check contact attributes' (cmp) › order of conditions (the first true one wins): > 10, > 0 → > 0, > 10"
    );
    assert_eq!(diff.marks().get(&ActionId::from_import("cmp")), Some(&BlockMark::Rewired));

    // Two error branches of one type: the first wins, so swapping them is a change too.
    let errors = |first: &str, second: &str| {
        let transitions = json!({"NextAction": "end", "Errors": [
            {"ErrorType": "NoMatchingError", "NextAction": first}, {"ErrorType": "NoMatchingError", "NextAction": second}]});
        flow(
            "p",
            vec![block("p", "MessageParticipant", json!({"Text": "Hi"}), transitions), prompt("a", "end"), end("end")],
        )
    };
    let swapped = super::diff(&errors("a", "end"), &errors("end", "a"));
    assert_eq!(kinds(&swapped), [ChangeKind::BranchRewired, ChangeKind::BranchRewired]);
    assert_eq!(
        (swapped.changes[0].old.as_deref(), swapped.changes[0].new.as_deref()),
        (Some("Play prompt (a)"), Some("End flow / Resume"))
    );
}

#[test]
fn reorders_that_cannot_change_where_a_contact_goes_are_silent() {
    // Exclusive conditions: no value is both.
    let old = compare_flow(&[("Equals", "Card", "a"), ("Equals", "Bank", "b")]);
    let new = compare_flow(&[("Equals", "Bank", "b"), ("Equals", "Card", "a")]);
    assert!(diff(&old, &new).changes.is_empty());
    // Overlapping conditions that lead to the same block.
    let old = compare_flow(&[("NumberGreaterThan", "10", "a"), ("NumberGreaterThan", "0", "a")]);
    let new = compare_flow(&[("NumberGreaterThan", "0", "a"), ("NumberGreaterThan", "10", "a")]);
    assert!(diff(&old, &new).changes.is_empty());
    // Error branches of different types: each error takes its own.
    let errors = |errors: Value| {
        let transitions = json!({"NextAction": "end", "Errors": errors});
        flow(
            "p",
            vec![block("p", "GetParticipantInput", json!({"Text": "Hi"}), transitions), prompt("a", "end"), end("end")],
        )
    };
    let timeout = json!({"ErrorType": "InputTimeLimitExceeded", "NextAction": "a"});
    let other = json!({"ErrorType": "NoMatchingError", "NextAction": "end"});
    assert!(diff(&errors(json!([timeout, other])), &errors(json!([other, timeout]))).changes.is_empty());
    // A Loop's two cases.
    let looped = |first: &str, second: &str| {
        let case =
            |value: &str, to: &str| json!({"NextAction": to, "Condition": {"Operator": "Equals", "Operands": [value]}});
        let transitions = json!({"Conditions": [case(first, "a"), case(second, "end")]});
        let transitions = if first == "ContinueLooping" {
            transitions
        } else {
            json!({"Conditions": [case(first, "end"), case(second, "a")]})
        };
        flow("l", vec![block("l", "Loop", json!({"LoopCount": "2"}), transitions), prompt("a", "l"), end("end")])
    };
    assert!(
        diff(&looped("ContinueLooping", "DoneLooping"), &looped("DoneLooping", "ContinueLooping")).changes.is_empty()
    );
}

#[test]
fn an_added_block_lists_its_branches_with_their_conditions_and_targets() {
    let old = flow("a", vec![prompt("a", "end"), end("end")]);
    let conditions = json!({"NextAction": "end", "Conditions": [
        {"NextAction": "a", "Condition": {"Operator": "Equals", "Operands": ["Card"]}},
        {"NextAction": "end", "Condition": {"Operator": "Equals", "Operands": ["Bank"]}}],
        "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "end"}]});
    let new = flow(
        "cmp",
        vec![
            block("cmp", "Compare", json!({"ComparisonValue": "$.Attributes.PaymentType"}), conditions),
            prompt("a", "end"),
            end("end"),
        ],
    );
    let diff = diff(&old, &new);
    let added = diff.changes.iter().find(|c| c.kind == ChangeKind::BlockAdded).unwrap();
    let labels: Vec<(&str, &str)> = added.branches.iter().map(|b| (b.label.as_str(), b.shown.as_str())).collect();
    assert_eq!(
        labels,
        [
            ("Success", "End flow / Resume"),
            ("= Card", "Play prompt"),
            ("= Bank", "End flow / Resume"),
            ("No match", "End flow / Resume")
        ]
    );
    assert_eq!(
        change_line(added),
        "+ 'Check contact attributes' (cmp) added (Compare): $.Attributes.PaymentType; Success → End flow / Resume, \
         = Card → Play prompt, = Bank → End flow / Resume, No match → End flow / Resume"
    );
}

#[test]
fn a_removed_map_parameter_lists_its_old_entries() {
    let lambda = |attributes: Option<Value>| {
        let mut params =
            json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:1:function:pick", "InvocationTimeLimitSeconds": "3"});
        if let Some(attributes) = attributes {
            params["LambdaInvocationAttributes"] = attributes;
        }
        flow("l", vec![block("l", "InvokeLambdaFunction", params, next("end")), end("end")])
    };
    let diff = diff(&lambda(Some(json!({"tier": "$.Attributes.tier", "region": "EU"}))), &lambda(None));
    let lines: Vec<String> = diff.changes.iter().map(change_line).collect();
    assert_eq!(
        lines,
        [
            "~ 'Invoke AWS Lambda function' (l) › input attribute tier: $.Attributes.tier → (none)",
            "~ 'Invoke AWS Lambda function' (l) › input attribute region: EU → (none)",
        ]
    );
    assert!(!lines.iter().any(|l| l.contains("{}")));
}

#[test]
fn a_multi_line_prompt_change_is_one_line_and_whole_in_the_change() {
    let text = |closing: &str| {
        format!("Thank you for calling.\nOur hours are 9 to 5.\n{}\n{closing}", "Please listen carefully. ".repeat(6))
    };
    let say = |closing: &str| {
        flow("p", vec![block("p", "MessageParticipant", json!({"Text": text(closing)}), next("end")), end("end")])
    };
    let diff = diff(&say("Goodbye."), &say("See you soon."));
    assert_eq!(diff.changes.len(), 1);
    assert_eq!(
        diff.changes[0].new.as_deref(),
        Some(format!("“{}”", text("See you soon.")).as_str()),
        "whole, line breaks kept"
    );
    let text_out = diff.to_text(false);
    assert_eq!(text_out.lines().count(), 2, "{text_out}");
    let line = text_out.lines().next().unwrap();
    assert!(line.contains("See you soon") && line.contains("Goodbye"), "the difference is in view: {line}");
    assert!(line.contains('¶'), "{line}");
}

#[test]
fn a_new_flow_is_one_header_and_one_line_per_block() {
    let new = flow_of(
        "Sales whisper",
        "outboundWhisper",
        "saved",
        "log",
        vec![
            block("log", "UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Enabled"}), next("call")),
            call("call", Some("+12065550100"), "hello"),
            prompt("hello", "end"),
            end("end"),
        ],
    );
    let added = flow_added(&new);
    let text = added.to_text(false);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    assert_eq!(lines[0], "+ new flow \"Sales whisper\" (Outbound whisper flow), Entry point → Set logging behavior");
    assert!(lines[1..5].iter().all(|l| l.starts_with("+ '") && l.contains(" added (")), "{text}");
    assert_eq!(lines[5], "new flow, 4 blocks");
    assert!(!text.contains("Version") && !text.contains("description"), "{text}");
    let removed = flow_removed(&new).to_text(false);
    assert!(removed.starts_with("- deleted flow \"Sales whisper\""), "{removed}");
    assert!(removed.ends_with("deleted flow, 4 blocks\n"), "{removed}");
}

#[test]
fn flow_level_values_absent_on_one_side_and_empty_on_the_other_are_no_change() {
    let plain = json!({"StartAction": "end", "Actions": [{"Identifier": "end", "Type": "EndFlowExecution"}],
        "Metadata": {"name": "Sales"}});
    let mut padded = plain.clone();
    padded["Version"] = json!(crate::model::FLOW_LANGUAGE_VERSION);
    padded["Metadata"]["description"] = json!("");
    padded["Settings"] = json!({});
    assert!(diff(&doc(&plain), &doc(&padded)).changes.is_empty());
    assert!(diff(&doc(&padded), &doc(&plain)).changes.is_empty());
    let mut described = plain.clone();
    described["Metadata"]["description"] = json!("Seattle");
    assert_eq!(kinds(&diff(&doc(&padded), &doc(&described))), [ChangeKind::FlowDescription]);
}

#[test]
fn blocks_kept_verbatim_are_named_as_the_designer_names_them() {
    let view = block("v", "ShowView", json!({"ViewResource": {"Id": "arn:view"}}), next("end"));
    let old = flow("v", vec![end("end")]);
    let new = flow("v", vec![view, end("end")]);
    let diff = diff(&old, &new);
    assert_eq!(diff.changes[0].block.as_deref(), Some("Show view"));
    assert_eq!(
        change_line(&diff.changes[0]),
        "+ 'Show view' (v) added (ShowView): View: arn:view; Success → End flow / Resume"
    );
}
