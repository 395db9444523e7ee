//! One test per rule that triggers it, and a correct flow that triggers none. Where a rule
//! offers a fix, applying it silences the rule.

use serde_json::{Value, json};

use super::*;
use crate::flow_json;
use crate::model::{Branch, FlowDocument};
use crate::test_support::{
    block, call, end, flow, flow_of, lambda, next, prompt, sample_instance as instance, set_attribute, with_error,
};

fn check(doc: &FlowDocument) -> Report {
    let instance = instance();
    validate(doc, Context { instance: Some(&instance), flow_name: None, published_before: false })
}

fn rules(report: &Report) -> Vec<(Rule, Severity)> {
    report.diagnostics.iter().map(|d| (d.rule, d.severity)).collect()
}

/// Applies the fix of the first finding of `rule` and validates again.
fn after_fix(mut doc: FlowDocument, rule: Rule) -> Report {
    let report = check(&doc);
    let fix = report.diagnostics.iter().find(|d| d.rule == rule).and_then(|d| d.fix.clone()).unwrap();
    doc.apply(fix.edit).unwrap();
    check(&doc)
}

fn good() -> FlowDocument {
    flow(
        "set",
        vec![
            set_attribute("set", "callerId", "+12065550100", "call"),
            call("call", Some("$.Attributes.callerId"), "hello"),
            prompt("hello", "end"),
            end("end"),
        ],
    )
}

#[test]
fn a_correct_flow_triggers_no_rule() {
    assert_eq!(rules(&check(&good())), []);
    let static_number = flow("call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    assert_eq!(rules(&check(&static_number)), []);
}

#[test]
fn without_an_instance_one_note_says_the_instance_checks_were_skipped() {
    let report = validate(&good(), Context::default());
    assert_eq!(rules(&report), [(Rule::NoInstance, Severity::Note)]);
}

#[test]
fn a_missing_start_is_an_error() {
    let doc = flow_json::from_value(json!({"Metadata": {"type": "outboundWhisper"}, "Actions": [end("end")]})).unwrap();
    assert!(check(&doc).has(Rule::StartMissing));
}

#[test]
fn a_start_naming_no_block_is_an_error() {
    let report = check(&flow("ghost", vec![end("end")]));
    assert!(report.has(Rule::StartUnknown));
    assert!(!report.has(Rule::Unreachable), "unreachable is not repeated for every block");
}

#[test]
fn a_dangling_branch_is_an_error_and_its_fix_disconnects_it() {
    let doc = flow("call", vec![call("call", Some("+12065550100"), "nowhere")]);
    assert!(check(&doc).has(Rule::DanglingTarget));
    let fixed = after_fix(doc, Rule::DanglingTarget);
    assert!(!fixed.has(Rule::DanglingTarget));
    assert!(fixed.has(Rule::UnconnectedBranch), "the disconnected branch must now be wired");
}

#[test]
fn an_unreachable_block_is_a_warning_and_its_fix_deletes_it() {
    let doc = flow("call", vec![call("call", Some("+12065550100"), "end"), end("end"), prompt("lonely", "end")]);
    let report = check(&doc);
    assert_eq!(rules(&report), [(Rule::Unreachable, Severity::Warning)]);
    assert_eq!(report.diagnostics[0].action, Some(ActionId::from_import("lonely")));
    assert!(after_fix(doc, Rule::Unreachable).diagnostics.is_empty());
}

#[test]
fn duplicate_identifiers_are_an_error() {
    let doc = flow("call", vec![call("call", Some("+12065550100"), "end"), end("end"), end("end")]);
    assert!(check(&doc).has(Rule::DuplicateId));
}

#[test]
fn identifiers_breaking_connects_rules_are_an_error() {
    let doc = flow("a:b", vec![call("a:b", Some("+12065550100"), "end"), end("end")]);
    let report = check(&doc);
    assert!(report.has(Rule::InvalidId));
    assert!(report.diagnostics.iter().any(|d| d.message.contains("':'")), "{report:?}");
}

#[test]
fn an_unknown_action_type_is_a_warning() {
    let doc = flow("x", vec![block("x", "CheckAttribute", json!({}), next("end")), end("end")]);
    let report = check(&doc);
    assert!(report.has(Rule::UnknownType));
    assert!(report.diagnostics.iter().filter(|d| d.rule == Rule::UnknownType).all(|d| d.severity == Severity::Warning));
}

#[test]
fn more_than_250_actions_is_an_error() {
    let mut actions: Vec<Value> = (0..250)
        .map(|i| {
            block(
                &format!("s{i}"),
                "UpdateFlowLoggingBehavior",
                json!({"FlowLoggingBehavior": "Enabled"}),
                next(&format!("s{}", i + 1)),
            )
        })
        .collect();
    actions.push(end("s250"));
    let report = check(&flow("s0", actions.clone()));
    assert!(report.has(Rule::TooManyActions));
    actions.truncate(249);
    actions.push(end("s249"));
    assert!(!check(&flow("s0", actions)).has(Rule::TooManyActions));
}

#[test]
fn content_over_256000_characters_is_an_error() {
    let long = "é".repeat(200_000);
    let doc = flow("p", vec![block("p", "MessageParticipant", json!({"Text": long}), next("end")), end("end")]);
    assert!(!check(&doc).has(Rule::ContentTooLarge), "200,000 characters (400,000 bytes) fit");
    let longer = "x".repeat(260_000);
    let doc = flow("p", vec![block("p", "MessageParticipant", json!({"Text": longer}), next("end")), end("end")]);
    assert!(check(&doc).has(Rule::ContentTooLarge));
}

#[test]
fn an_unconnected_success_or_error_branch_is_an_error() {
    let doc = flow(
        "lambda",
        vec![block(
            "lambda",
            "InvokeLambdaFunction",
            json!({"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": "3"}),
            json!({}),
        )],
    );
    let report = check(&doc);
    let unconnected: Vec<_> =
        report.diagnostics.iter().filter(|d| d.rule == Rule::UnconnectedBranch).map(|d| d.message.clone()).collect();
    assert_eq!(unconnected.len(), 2, "{unconnected:?}");
    assert!(unconnected.iter().any(|m| m.contains("'Error'")));
}

#[test]
fn one_branch_rule_for_every_block_with_connects_exceptions() {
    let prompt = block("prompt", "MessageParticipant", json!({"Text": "Hello"}), json!({"NextAction": "set"}));
    let set = block("set", "UpdateContactAttributes", json!({"Attributes": {"k": "v"}}), json!({"NextAction": "end"}));
    let report = check(&flow("prompt", vec![prompt, set, end("end")]));
    let unwired: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::UnconnectedBranch)
        .map(|d| (d.action.as_ref().map(|a| a.as_str().to_owned()), d.severity))
        .collect();
    assert_eq!(
        unwired,
        [(Some("set".to_owned()), Severity::Error)],
        "Play prompt's Error branch may stay unwired (Connect publishes it so), Set contact attributes' may not"
    );
    let error = Branch::Error(crate::model::NO_MATCHING_ERROR.into());
    let kind_of = |doc: &FlowDocument, i: usize| doc.flow.actions[i].kind.clone();
    let doc = flow("prompt", vec![block("prompt", "MessageParticipant", json!({"Text": "Hi"}), json!({}))]);
    assert!(!structure::branch_required(&kind_of(&doc, 0), &error));
    assert!(structure::branch_optional(&kind_of(&doc, 0), &error));
    assert!(structure::branch_required(&kind_of(&doc, 0), &Branch::Next));
}

#[test]
fn a_loop_needs_both_of_its_branches() {
    let loop_block = block(
        "loop",
        "Loop",
        json!({"LoopCount": "3"}),
        json!({"NextAction": "end", "Conditions": [{"NextAction": "end", "Condition": {"Operator": "Equals", "Operands": ["DoneLooping"]}}]}),
    );
    let report = check(&flow("loop", vec![loop_block, end("end")]));
    assert!(
        report.diagnostics.iter().any(|d| d.rule == Rule::UnconnectedBranch && d.message.contains("ContinueLooping")),
        "{report:?}"
    );
}

#[test]
fn missing_parameters_are_errors() {
    let doc = flow(
        "lambda",
        vec![
            block("lambda", "InvokeLambdaFunction", json!({}), with_error("prompt", "prompt")),
            block("prompt", "MessageParticipant", json!({}), next("end")),
            end("end"),
        ],
    );
    let missing = check(&doc).diagnostics.iter().filter(|d| d.rule == Rule::MissingParameter).count();
    assert_eq!(missing, 3, "function, timeout, prompt text");
}

#[test]
fn a_lambda_timeout_over_8_seconds_is_an_error_fixed_by_8() {
    let doc = flow(
        "lambda",
        vec![
            block(
                "lambda",
                "InvokeLambdaFunction",
                json!({"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": "12"}),
                with_error("end", "end"),
            ),
            end("end"),
        ],
    );
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::InvalidParameter).unwrap();
    assert_eq!(finding.fix.as_ref().unwrap().replacement.as_deref(), Some("8"));
    assert!(!after_fix(doc, Rule::InvalidParameter).has(Rule::InvalidParameter));
}

#[test]
fn dynamic_attribute_keys_are_not_flagged_as_odd_characters() {
    let set = block(
        "set",
        "UpdateContactAttributes",
        json!({"Attributes": {"$.External.keyName": "v"}}),
        with_error("call", "call"),
    );
    let doc = flow("set", vec![set, call("call", Some("+12065550100"), "end"), end("end")]);
    assert!(!check(&doc).has(Rule::InvalidParameter));
    let odd =
        block("set", "UpdateContactAttributes", json!({"Attributes": {"my key": "v"}}), with_error("call", "call"));
    let doc = flow("set", vec![odd, call("call", Some("+12065550100"), "end"), end("end")]);
    assert_eq!(rules(&check(&doc)), [(Rule::InvalidParameter, Severity::Warning)]);
}

#[test]
fn parameters_of_the_wrong_kind_are_errors() {
    let cases = [
        block("p", "MessageParticipant", json!({"Text": "a", "SSML": "<speak/>"}), next("end")),
        block("p", "MessageParticipant", json!({"Text": {"nested": true}}), next("end")),
        block("p", "Loop", json!({"LoopCount": "101"}), next("end")),
        block("p", "UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Sometimes"}), next("end")),
        block(
            "p",
            "UpdateContactRecordingBehavior",
            json!({"RecordingBehavior": {"RecordedParticipants": ["Supervisor"]}}),
            next("end"),
        ),
        block(
            "p",
            "Compare",
            json!({"ComparisonValue": "$.Attributes.tier"}),
            json!({"NextAction": "end", "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "end"}], "Conditions": [{"NextAction": "end", "Condition": {"Operator": "NumberGreaterThan", "Operands": ["gold"]}}]}),
        ),
    ];
    for case in cases {
        let doc = flow("p", vec![case.clone(), end("end")]);
        assert!(check(&doc).has(Rule::InvalidParameter), "{case}");
    }
}

#[test]
fn blocks_outbound_whisper_flows_do_not_allow_are_errors() {
    let doc = flow(
        "call",
        vec![call("call", Some("+12065550100"), "bye"), block("bye", "DisconnectParticipant", json!({}), json!({}))],
    );
    let report = check(&doc);
    assert_eq!(rules(&report), [(Rule::BlockNotAllowed, Severity::Error)]);
    assert!(after_fix(doc, Rule::BlockNotAllowed).diagnostics.is_empty(), "End flow / Resume replaces Disconnect");
    let doc = flow(
        "call",
        vec![call("call", Some("+12065550100"), "q"), block("q", "TransferContactToQueue", json!({}), json!({}))],
    );
    assert!(check(&doc).has(Rule::BlockNotAllowed));
}

#[test]
fn call_phone_number_outside_an_outbound_whisper_flow_is_an_error() {
    let doc =
        flow_of("inbound", "contactFlow", "saved", "call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    assert!(check(&doc).has(Rule::CallOutsideOutboundWhisper));
}

#[test]
fn an_unrecorded_flow_type_is_noted_and_inferred_from_call_phone_number() {
    let doc = flow_of("x", "", "saved", "call", vec![call("call", Some("020 7183 8750"), "end"), end("end")]);
    let mut doc = doc;
    doc.flow.flow_type = None;
    let report = check(&doc);
    assert!(report.has(Rule::FlowTypeUnknown));
    assert!(report.has(Rule::CallerIdNotE164), "checked as an outbound whisper flow");
}

#[test]
fn call_phone_number_after_a_play_prompt_is_an_error() {
    let doc = flow("hello", vec![prompt("hello", "call"), call("call", Some("+12065550100"), "end"), end("end")]);
    let report = check(&doc);
    assert!(report.has(Rule::CallAfterPrompt));
    assert!(
        report.diagnostics.iter().any(|d| d.rule == Rule::PromptDialsQueueNumber && d.severity == Severity::Warning)
    );
}

#[test]
fn a_flow_without_call_phone_number_notes_that_the_prompt_dials_the_queue_number() {
    let doc = flow("hello", vec![prompt("hello", "end"), end("end")]);
    assert_eq!(rules(&check(&doc)), [(Rule::PromptDialsQueueNumber, Severity::Note)]);
}

#[test]
fn two_call_phone_numbers_on_one_path_are_an_error() {
    let doc = flow("a", vec![call("a", Some("+12065550100"), "b"), call("b", Some("+12065550100"), "end"), end("end")]);
    let report = check(&doc);
    assert_eq!(report.diagnostics.iter().filter(|d| d.rule == Rule::SecondCallOnPath).count(), 1);
}

#[test]
fn two_call_phone_numbers_on_separate_branches_are_fine() {
    let doc = flow(
        "lambda",
        vec![
            lambda("lambda", "a", "b"),
            call("a", Some("$.External.caller_id"), "end"),
            call("b", None, "end"),
            end("end"),
        ],
    );
    assert!(!check(&doc).has(Rule::SecondCallOnPath));
}

#[test]
fn a_national_format_caller_id_gets_an_e164_fix_in_the_instance_country() {
    let doc = flow("call", vec![call("call", Some("020 7183 8750"), "end"), end("end")]);
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::CallerIdNotE164).unwrap();
    assert_eq!(finding.fix.as_ref().unwrap().replacement.as_deref(), Some("+442071838750"));
    assert!(after_fix(doc, Rule::CallerIdNotE164).diagnostics.is_empty());
}

#[test]
fn an_e164_shaped_number_that_does_not_exist_is_an_error() {
    let doc = flow("call", vec![call("call", Some("+1206555"), "end"), end("end")]);
    assert!(check(&doc).has(Rule::CallerIdInvalid));
}

#[test]
fn a_number_the_instance_does_not_own_is_an_error() {
    let doc = flow("call", vec![call("call", Some("+12065550123"), "end"), end("end")]);
    assert!(check(&doc).has(Rule::CallerIdNotClaimed));
    assert!(!validate(&doc, Context::default()).has(Rule::CallerIdNotClaimed), "needs an instance to tell");
}

#[test]
fn a_number_not_claimed_offers_the_instances_numbers_of_its_country() {
    let doc = flow("call", vec![call("call", Some("+12065550123"), "end"), end("end")]);
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::CallerIdNotClaimed).unwrap();
    assert!(finding.message.contains("The instance's US numbers: +"), "{}", finding.message);
    let fix = finding.fix.as_ref().unwrap();
    assert!(fix.replacement.as_deref().is_some_and(|n| n.starts_with("+1")), "{fix:?}");
    assert!(!after_fix(doc, Rule::CallerIdNotClaimed).has(Rule::CallerIdNotClaimed));
    // A country the instance has no number of: no fix to offer.
    let far = flow("call", vec![call("call", Some("+61291234567"), "end"), end("end")]);
    let report = check(&far);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::CallerIdNotClaimed).unwrap();
    assert!(finding.fix.is_none() && !finding.message.contains("numbers:"), "{finding:?}");
}

#[test]
fn use_attribute_with_an_empty_key_is_an_error_of_its_own() {
    for empty in ["$.Attributes.", "$.External."] {
        let doc = flow("call", vec![call("call", Some(empty), "end"), end("end")]);
        let report = check(&doc);
        assert!(
            report.diagnostics.iter().any(|d| d.rule == Rule::CallerIdAttributeEmpty && d.severity == Severity::Error),
            "{empty}: {report:?}"
        );
        assert!(!report.has(Rule::UserAttributeMaybeUnset), "{empty}: not a warning about attribute ''");
        assert_eq!(Rule::CallerIdAttributeEmpty.code(), "C11");
    }
}

#[test]
fn a_caller_id_that_is_not_one_attribute_is_an_error() {
    for text in ["$.Attributes.a $.Attributes.b", "+1 $.Attributes.x"] {
        let doc = flow("call", vec![call("call", Some(text), "end"), end("end")]);
        let report = check(&doc);
        assert!(
            report.diagnostics.iter().any(|d| d.rule == Rule::CallerIdNotAttribute && d.severity == Severity::Error),
            "{text}: {report:?}"
        );
    }
    let system = flow("call", vec![call("call", Some("$.Queue.OutboundCallerId.Address"), "end"), end("end")]);
    assert!(
        check(&system)
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::CallerIdNotAttribute && d.severity == Severity::Warning)
    );
}

#[test]
fn a_user_attribute_not_set_on_every_path_is_a_warning() {
    let doc = flow("call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::UserAttributeMaybeUnset).unwrap();
    assert_eq!(finding.severity, Severity::Warning);
    assert!(finding.message.contains("flow that created the contact"));
}

#[test]
fn an_attribute_set_only_when_a_lambda_succeeds_is_not_set_on_every_path() {
    let doc = flow(
        "lambda",
        vec![
            lambda("lambda", "set", "call"),
            set_attribute("set", "callerId", "$.External.caller_id", "call"),
            call("call", Some("$.Attributes.callerId"), "end"),
            end("end"),
        ],
    );
    assert!(check(&doc).has(Rule::UserAttributeMaybeUnset));
}

#[test]
fn a_literal_set_upstream_is_checked_like_a_static_number_where_it_is_set() {
    let doc = flow(
        "set",
        vec![
            set_attribute("set", "callerId", "020 7183 8750", "call"),
            call("call", Some("$.Attributes.callerId"), "end"),
            end("end"),
        ],
    );
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::CallerIdNotE164).unwrap();
    assert_eq!(finding.action, Some(ActionId::from_import("set")));
    assert!(after_fix(doc, Rule::CallerIdNotE164).diagnostics.is_empty());
}

#[test]
fn an_external_attribute_without_a_lambda_on_every_path_is_an_error() {
    let doc = flow("call", vec![call("call", Some("$.External.caller_id"), "end"), end("end")]);
    assert!(check(&doc).has(Rule::ExternalWithoutLambda));
    let error_branch_too = flow(
        "lambda",
        vec![lambda("lambda", "call", "call"), call("call", Some("$.External.caller_id"), "end"), end("end")],
    );
    assert!(check(&error_branch_too).has(Rule::ExternalWithoutLambda), "a failed Lambda fills nothing");
    let lambda_first = flow(
        "lambda",
        vec![lambda("lambda", "call", "end"), call("call", Some("$.External.caller_id"), "end"), end("end")],
    );
    assert!(!check(&lambda_first).has(Rule::ExternalWithoutLambda));
}

#[test]
fn a_queue_without_a_number_is_an_error_when_the_caller_id_can_fall_back() {
    // The sample's "Collections" queue has no outbound caller ID number and uses this flow.
    let doc = flow_of(
        "caller-id-from-lambda",
        "outboundWhisper",
        "published",
        "call",
        vec![call("call", None, "end"), end("end")],
    );
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::QueueWithoutCallerId).unwrap();
    assert!(finding.message.contains("After Contact Work"), "{}", finding.message);
    assert!(report.can_publish(), "a queue setting does not block publishing");
    let fixed_number = flow_of(
        "caller-id-from-lambda",
        "outboundWhisper",
        "published",
        "call",
        vec![call("call", Some("+12065550100"), "end"), end("end")],
    );
    assert!(!check(&fixed_number).has(Rule::QueueWithoutCallerId), "a static instance number never falls back");
}

#[test]
fn a_queue_using_an_unpublished_flow_is_an_error() {
    let doc = flow_of(
        "static-caller-id",
        "outboundWhisper",
        "saved",
        "call",
        vec![call("call", Some("+12065550100"), "end"), end("end")],
    );
    assert!(check(&doc).has(Rule::QueueUsesUnpublishedFlow));
    let published = flow_of(
        "static-caller-id",
        "outboundWhisper",
        "published",
        "call",
        vec![call("call", Some("+12065550100"), "end"), end("end")],
    );
    assert!(!check(&published).has(Rule::QueueUsesUnpublishedFlow));
}

#[test]
fn a_published_flow_with_errors_is_flagged_and_cannot_be_published() {
    let doc = flow_of("x", "outboundWhisper", "published", "call", vec![call("call", Some("0207"), "end"), end("end")]);
    let report = check(&doc);
    assert!(report.has(Rule::PublishedWithErrors));
    assert!(!report.can_publish());
}

#[test]
fn findings_are_sorted_errors_first_then_by_block_order() {
    let doc = flow(
        "hello",
        vec![prompt("hello", "call"), call("call", Some("0207"), "end"), end("end"), prompt("lonely", "end")],
    );
    let report = check(&doc);
    let severities: Vec<_> = report.diagnostics.iter().map(|d| d.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
}

#[test]
fn every_rule_has_a_distinct_code_and_name() {
    let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
    let mut names: Vec<_> = Rule::ALL.iter().map(|r| r.name()).collect();
    codes.sort_unstable();
    codes.dedup();
    names.sort_unstable();
    names.dedup();
    assert_eq!((codes.len(), names.len()), (Rule::ALL.len(), Rule::ALL.len()));
}

#[test]
fn a_loop_back_to_an_earlier_block_terminates_and_keeps_must_facts_sound() {
    let counter = block(
        "loop",
        "Loop",
        json!({"LoopCount": "2"}),
        json!({"NextAction": "call", "Conditions": [
            {"NextAction": "set", "Condition": {"Operator": "Equals", "Operands": ["ContinueLooping"]}},
            {"NextAction": "call", "Condition": {"Operator": "Equals", "Operands": ["DoneLooping"]}}
        ]}),
    );
    let doc = flow(
        "set",
        vec![
            set_attribute("set", "callerId", "+12065550100", "loop"),
            counter,
            call("call", Some("$.Attributes.callerId"), "end"),
            end("end"),
        ],
    );
    assert_eq!(rules(&check(&doc)), []);
}

fn loop_block(params: Value, errors: &Value) -> Value {
    block(
        "loop",
        "Loop",
        params,
        json!({"Conditions": [
            {"NextAction": "loop", "Condition": {"Operator": "Equals", "Operands": ["ContinueLooping"]}},
            {"NextAction": "call", "Condition": {"Operator": "Equals", "Operands": ["DoneLooping"]}}
        ], "Errors": errors.clone()}),
    )
}

#[test]
fn a_loop_may_count_from_an_attribute_walk_an_array_and_have_an_error_branch() {
    let on_error = json!([{"NextAction": "call", "ErrorType": "NoMatchingError"}]);
    for params in [
        json!({"LoopCount": "3"}),
        json!({"LoopCount": "$.Attributes.retries"}),
        json!({"LoopArray": "$.External.items"}),
    ] {
        let doc = flow(
            "loop",
            vec![loop_block(params.clone(), &on_error), call("call", Some("+12065550100"), "end"), end("end")],
        );
        assert_eq!(rules(&check(&doc)), [], "{params}");
    }
    let doc =
        flow("loop", vec![loop_block(json!({}), &on_error), call("call", Some("+12065550100"), "end"), end("end")]);
    assert!(check(&doc).has(Rule::MissingParameter), "a Loop with neither a count nor an array");
}

#[test]
fn numeric_comparisons_with_attribute_references_are_not_literals() {
    let compare = |operand: &str| {
        block(
            "check",
            "Compare",
            json!({"ComparisonValue": "$.Attributes.Balance"}),
            json!({"NextAction": "call",
                "Conditions": [{"NextAction": "call", "Condition": {"Operator": "NumberGreaterThan", "Operands": [operand]}}],
                "Errors": [{"NextAction": "call", "ErrorType": "NoMatchingCondition"}]}),
        )
    };
    for operand in ["$.Attributes.AmountDue", "$.External.limit", "100", "2.5"] {
        let doc = flow("check", vec![compare(operand), call("call", Some("+12065550100"), "end"), end("end")]);
        assert_eq!(rules(&check(&doc)), [], "{operand}");
    }
    let doc = flow("check", vec![compare("lots"), call("call", Some("+12065550100"), "end"), end("end")]);
    let report = check(&doc);
    assert_eq!(rules(&report), [(Rule::InvalidParameter, Severity::Error)]);
    assert!(report.diagnostics[0].message.contains("\"lots\" is not a number"));
}

#[test]
fn a_given_flow_type_applies_only_when_the_file_records_none() {
    let disconnect = || vec![block("bye", "DisconnectParticipant", json!({}), json!({}))];
    let mut untyped = flow("bye", disconnect());
    untyped.flow.flow_type = None;
    let instance = instance();
    let context = Context { instance: Some(&instance), flow_name: None, published_before: false };
    assert!(!validate(&untyped, context).has(Rule::BlockNotAllowed), "no type: the rules are skipped");
    let given = validate_as(&untyped, context, Some(&FlowType::OutboundWhisper));
    assert!(given.has(Rule::BlockNotAllowed));
    assert!(!given.has(Rule::FlowTypeUnknown), "a given type needs no note");
    let inbound = flow_of("x", "contactFlow", "saved", "bye", disconnect());
    assert!(!validate_as(&inbound, context, Some(&FlowType::OutboundWhisper)).has(Rule::BlockNotAllowed));
}

#[test]
fn a_flow_a_queue_names_as_its_outbound_whisper_flow_is_checked_as_one() {
    let instance = instance();
    let name = instance.queues.first().and_then(|q| q.outbound_whisper_flow.clone()).unwrap();
    assert!(flow_type::named_as_outbound_whisper(&instance, &name).is_some());
    assert!(flow_type::named_as_outbound_whisper(&instance, "no such flow").is_none());
    let mut doc = flow("bye", vec![block("bye", "DisconnectParticipant", json!({}), json!({}))]);
    doc.flow.flow_type = None;
    doc.flow.name = None;
    let report = validate(&doc, Context { instance: Some(&instance), flow_name: Some(&name), published_before: false });
    assert!(report.has(Rule::BlockNotAllowed), "{report:?}");
    let note = report.diagnostics.iter().find(|d| d.rule == Rule::FlowTypeUnknown).unwrap();
    assert!(note.message.contains("uses it as its outbound whisper flow"), "{}", note.message);
    let effective = flow_type::effective_type(
        &doc,
        Context { instance: Some(&instance), flow_name: Some(&name), published_before: false },
        None,
    );
    assert!(matches!(effective.map(|e| e.source), Some(flow_type::TypeSource::NamedByQueue(_))));
}

#[test]
fn block_labels_name_blocks_as_block_label_does() {
    let doc = good();
    let labels = BlockLabels::new(&doc);
    for action in &doc.flow.actions {
        assert_eq!(labels.label(&action.id), block_label(&doc, &action.id));
    }
    assert_eq!(labels.label(&ActionId::from_import("ghost")), "\"ghost\"");
}

#[test]
fn a_message_names_the_block_it_mentions_by_name_and_by_identifier_only_when_two_share_it() {
    let call_id = "5a1c3f0e-2b7d-4e61-9a2b-0c4d5e6f7a8b";
    let setter = set_attribute("set", "callerId", "555 0100", call_id);
    let doc = flow("set", vec![setter, call(call_id, Some("$.Attributes.callerId"), "end"), end("end")]);
    let report = check(&doc);
    let finding = report.diagnostics.iter().find(|d| d.message.contains("calls with as its caller ID")).unwrap();
    assert!(finding.message.contains("which 'Call phone number' calls with"), "{}", finding.message);
    assert!(!finding.message.contains(call_id), "{}", finding.message);
    // The finding itself still points at its block by identifier, to select it.
    assert_eq!(finding.action.as_ref().map(ActionId::as_str), Some("set"));

    let labels = BlockLabels::new(&doc);
    assert_eq!(labels.name(&ActionId::from_import(call_id)), "'Call phone number'");
    let two = flow("a", vec![prompt("a", "b"), prompt("b", "end"), end("end")]);
    assert_eq!(BlockLabels::new(&two).name(&ActionId::from_import("b")), "'Play prompt' (b)");
    assert_eq!(BlockLabels::new(&two).name(&ActionId::from_import("ghost")), "\"ghost\"");
}
