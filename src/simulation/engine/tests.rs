//! One test per caller-ID rule (`connect-flow-language.md` §6.1) and per block.

use serde_json::json;

use super::super::{CallResult, CallerIdSource, Initiation, LambdaMock, MAX_STEPS, Scenario, ScenarioError, simulate};
use crate::model::FlowDocument;
use crate::test_support::{block, call, end, flow, lambda, next, prompt, sample_instance, set_attribute, with_error};

fn scenario(queue: &str) -> Scenario {
    Scenario { queue: queue.into(), dial: "(206) 555-0123".into(), region: Some("US".into()), ..Scenario::default() }
}

fn result(doc: &FlowDocument, scenario: &Scenario) -> CallResult {
    simulate(doc, &sample_instance(), scenario).unwrap().result
}

/// The caller ID number shown, or the result when the call did not connect.
fn shown(doc: &FlowDocument, scenario: &Scenario) -> Result<(String, CallerIdSource), CallResult> {
    match result(doc, scenario) {
        CallResult::Connected(shown) => Ok((shown.number.as_str().to_owned(), shown.source)),
        other => Err(other),
    }
}

fn queue_fallback(why_contains: &str) -> impl Fn(&CallerIdSource) -> bool + '_ {
    move |source| matches!(source, CallerIdSource::Queue { why } if why.contains(why_contains))
}

#[test]
fn a_static_number_is_presented_in_the_customers_national_format() {
    let doc = flow("call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    let CallResult::Connected(shown) = result(&doc, &scenario("US Sales")) else { panic!() };
    assert_eq!(shown.number.as_str(), "+12065550100");
    assert_eq!(shown.display, "(206) 555-0100");
    assert_eq!(shown.country.as_deref(), Some("US"));
    assert_eq!(shown.source, CallerIdSource::Block { action: "call".into() });
    assert_eq!(shown.name.as_deref(), Some("Acme Sales"));
}

#[test]
fn a_customer_abroad_sees_the_international_format() {
    let doc = flow("call", vec![call("call", Some("+442071838750"), "end"), end("end")]);
    let mut call_us = scenario("UK Support");
    call_us.dial = "+1 206 555 0123".into();
    let CallResult::Connected(shown) = result(&doc, &call_us) else { panic!() };
    assert_eq!(shown.display, "+44 20 7183 8750");
}

#[test]
fn a_block_without_caller_id_presents_the_queue_number() {
    let doc = flow("call", vec![call("call", None, "end"), end("end")]);
    let (number, source) = shown(&doc, &scenario("UK Support")).unwrap();
    assert_eq!(number, "+442071838750");
    assert!(queue_fallback("sets no caller ID")(&source));
}

#[test]
fn an_e164_attribute_of_the_instance_is_presented() {
    let doc = flow("call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let mut with_attribute = scenario("US Sales");
    with_attribute.attributes.insert("callerId".into(), "+442071838750".into());
    let (number, source) = shown(&doc, &with_attribute).unwrap();
    assert_eq!(number, "+442071838750");
    assert_eq!(
        source,
        CallerIdSource::Attribute {
            action: "call".into(),
            path: "$.Attributes.callerId".into(),
            value: "+442071838750".into()
        }
    );
}

#[test]
fn attribute_not_in_e164_falls_back_to_queue_number() {
    let doc = flow("call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let mut with_attribute = scenario("US Sales");
    with_attribute.attributes.insert("callerId".into(), "206-555-0100".into());
    let (number, source) = shown(&doc, &with_attribute).unwrap();
    assert_eq!(number, "+12065550100");
    assert!(queue_fallback("is not an E.164 number")(&source));
}

#[test]
fn a_missing_attribute_falls_back_to_queue_number() {
    let doc = flow("call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let (_, source) = shown(&doc, &scenario("US Sales")).unwrap();
    assert!(queue_fallback("is not set")(&source));
}

#[test]
fn falling_back_on_a_queue_without_a_number_fails_the_call() {
    let doc = flow("call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let CallResult::Failed { reason } = result(&doc, &scenario("Collections")) else { panic!() };
    assert!(reason.contains("queue 'Collections' has none"), "{reason}");
}

#[test]
fn a_number_the_instance_does_not_own_stops_rather_than_guessing() {
    let doc = flow("call", vec![call("call", Some("+12065550123"), "end"), end("end")]);
    let CallResult::Stopped { reason } = result(&doc, &scenario("US Sales")) else { panic!() };
    assert!(reason.contains("not a number claimed or ported"), "{reason}");
}

#[test]
fn a_prompt_before_call_phone_number_dials_with_the_queue_number() {
    let doc = flow("hello", vec![prompt("hello", "call"), call("call", Some("+442071838750"), "end"), end("end")]);
    let outcome = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    let CallResult::Connected(shown) = &outcome.result else { panic!() };
    assert_eq!(shown.number.as_str(), "+12065550100");
    assert!(outcome.trace[1].note.contains("already placed"), "{:?}", outcome.trace);
}

#[test]
fn a_flow_ending_before_any_dial_uses_the_queue_number() {
    let doc = flow(
        "log",
        vec![
            block("log", "UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Enabled"}), next("end")),
            end("end"),
        ],
    );
    let (_, source) = shown(&doc, &scenario("US Sales")).unwrap();
    assert!(queue_fallback("ended before")(&source));
}

#[test]
fn a_lambda_reply_fills_external_attributes() {
    let doc =
        flow("fn", vec![lambda("fn", "call", "end"), call("call", Some("$.External.caller_id"), "end"), end("end")]);
    let mut mocked = scenario("US Sales");
    mocked.lambdas.insert(
        "pick-caller-id".into(),
        LambdaMock::Reply(json!({"caller_id": "+442071838750"}).as_object().unwrap().clone()),
    );
    assert_eq!(shown(&doc, &mocked).unwrap().0, "+442071838750");
    mocked.lambdas.insert("pick-caller-id".into(), LambdaMock::Named("uk".into()));
    assert_eq!(shown(&doc, &mocked).unwrap().0, "+442071838750", "the instance's named reply");
}

#[test]
fn without_a_scenario_mock_the_instance_default_reply_answers() {
    let doc =
        flow("fn", vec![lambda("fn", "call", "end"), call("call", Some("$.External.caller_id"), "end"), end("end")]);
    assert_eq!(shown(&doc, &scenario("US Sales")).unwrap().0, "+12065550100");
}

#[test]
fn a_failing_or_slow_lambda_takes_the_error_branch() {
    let doc = flow(
        "fn",
        vec![
            lambda("fn", "call", "fallback"),
            call("call", Some("$.External.caller_id"), "end"),
            call("fallback", None, "end"),
            end("end"),
        ],
    );
    for mock in [LambdaMock::Error, LambdaMock::Timeout] {
        let mut mocked = scenario("UK Support");
        mocked.lambdas.insert("arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id".into(), mock.clone());
        let outcome = simulate(&doc, &sample_instance(), &mocked).unwrap();
        assert_eq!(outcome.trace[0].branch.as_deref(), Some("Error"), "{mock:?}");
        assert_eq!(outcome.trace[1].action, "fallback");
    }
}

#[test]
fn a_nested_reply_fails_string_map_validation() {
    let doc =
        flow("fn", vec![lambda("fn", "call", "end"), call("call", Some("$.External.caller_id"), "end"), end("end")]);
    let mut mocked = scenario("US Sales");
    mocked.lambdas.insert(
        "pick-caller-id".into(),
        LambdaMock::Reply(json!({"caller_id": {"n": 1}}).as_object().unwrap().clone()),
    );
    let outcome = simulate(&doc, &sample_instance(), &mocked).unwrap();
    assert_eq!(outcome.trace[0].branch.as_deref(), Some("Error"));
}

#[test]
fn a_lambda_without_any_mock_stops() {
    let params =
        json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:1:function:unknown", "InvocationTimeLimitSeconds": "3"});
    let doc = flow("fn", vec![block("fn", "InvokeLambdaFunction", params, with_error("end", "end")), end("end")]);
    let CallResult::Stopped { reason } = result(&doc, &scenario("US Sales")) else { panic!() };
    assert!(reason.contains("no mock reply"), "{reason}");
}

#[test]
fn set_contact_attributes_resolves_json_paths_and_records_changes() {
    let doc = flow(
        "set",
        vec![
            set_attribute("set", "callerId", "$.Queue.OutboundCallerId.Address", "call"),
            call("call", Some("$.Attributes.callerId"), "end"),
            end("end"),
        ],
    );
    let outcome = simulate(&doc, &sample_instance(), &scenario("UK Support")).unwrap();
    assert_eq!(outcome.trace[0].attributes_changed, [("callerId".to_owned(), "+442071838750".to_owned())]);
    let CallResult::Connected(shown) = outcome.result else { panic!() };
    assert!(matches!(shown.source, CallerIdSource::Attribute { .. }));
}

#[test]
fn an_unresolvable_value_takes_the_error_branch_and_sets_nothing() {
    let doc = flow(
        "set",
        vec![set_attribute("set", "callerId", "$.External.missing", "call"), call("call", None, "end"), end("end")],
    );
    let outcome = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    assert_eq!(outcome.trace[0].branch.as_deref(), Some("Error"));
    assert!(outcome.trace[0].attributes_changed.is_empty());
}

#[test]
fn check_contact_attributes_takes_the_first_matching_condition() {
    let compare = block(
        "cmp",
        "Compare",
        json!({"ComparisonValue": "$.Attributes.tier"}),
        json!({"NextAction": "plain", "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "plain"}], "Conditions": [
            {"NextAction": "vip", "Condition": {"Operator": "NumberGreaterOrEqualTo", "Operands": ["3"]}},
            {"NextAction": "uk", "Condition": {"Operator": "TextStartsWith", "Operands": ["2"]}}
        ]}),
    );
    let doc = flow(
        "cmp",
        vec![
            compare,
            call("vip", Some("+18005550199"), "end"),
            call("uk", Some("+442071838750"), "end"),
            call("plain", None, "end"),
            end("end"),
        ],
    );
    for (tier, expected) in [("5", "+18005550199"), ("2", "+442071838750"), ("gold", "+12065550100")] {
        let mut tiered = scenario("US Sales");
        tiered.attributes.insert("tier".into(), tier.into());
        assert_eq!(shown(&doc, &tiered).unwrap().0, expected, "tier {tier}");
    }
    let outcome = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    assert_eq!(outcome.trace[0].branch.as_deref(), Some("No match"), "a missing value matches nothing");
}

#[test]
fn a_loop_runs_its_count_then_completes() {
    let looping = block(
        "loop",
        "Loop",
        json!({"LoopCount": "2"}),
        json!({"NextAction": "call", "Conditions": [
            {"NextAction": "hello", "Condition": {"Operator": "Equals", "Operands": ["ContinueLooping"]}},
            {"NextAction": "call", "Condition": {"Operator": "Equals", "Operands": ["DoneLooping"]}}
        ]}),
    );
    let doc = flow(
        "loop",
        vec![
            looping,
            block("hello", "UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Enabled"}), next("loop")),
            call("call", Some("+12065550100"), "end"),
            end("end"),
        ],
    );
    let outcome = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    let branches: Vec<_> =
        outcome.trace.iter().filter(|s| s.action == "loop").map(|s| s.branch.clone().unwrap()).collect();
    assert_eq!(branches, ["Looping", "Looping", "Complete"]);
}

#[test]
fn a_flow_that_never_ends_is_stopped_by_the_step_limit() {
    let doc =
        flow("a", vec![block("a", "UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Enabled"}), next("a"))]);
    let outcome = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    assert!(matches!(outcome.result, CallResult::Stopped { ref reason } if reason.contains("loops forever")));
    assert_eq!(outcome.trace.len(), MAX_STEPS);
}

#[test]
fn blocks_that_cannot_be_simulated_stop_with_their_name() {
    let doc = flow("q", vec![block("q", "TransferContactToQueue", json!({}), json!({}))]);
    let CallResult::Stopped { reason } = result(&doc, &scenario("US Sales")) else { panic!() };
    assert_eq!(reason, "cannot simulate block 'Transfer to queue' (TransferContactToQueue)");
}

#[test]
fn disconnect_stops_rather_than_guessing() {
    let doc = flow("bye", vec![block("bye", "DisconnectParticipant", json!({}), json!({}))]);
    assert!(
        matches!(result(&doc, &scenario("US Sales")), CallResult::Stopped { ref reason } if reason.contains("not allowed"))
    );
}

#[test]
fn prompts_are_played_with_attributes_resolved() {
    let say = block(
        "say",
        "MessageParticipant",
        json!({"Text": "Calling for $.Queue.Name, agent $.Agent.FirstName."}),
        next("end"),
    );
    let doc = flow("call", vec![call("call", None, "say"), say, end("end")]);
    let mut with_agent = scenario("US Sales");
    with_agent.agent.first_name = Some("Ana".into());
    let outcome = simulate(&doc, &sample_instance(), &with_agent).unwrap();
    assert_eq!(outcome.trace[1].note, "plays “Calling for US Sales, agent Ana.”");
}

#[test]
fn the_initiation_method_is_visible_to_the_flow() {
    let compare = block(
        "cmp",
        "Compare",
        json!({"ComparisonValue": "$.InitiationMethod"}),
        json!({"NextAction": "a", "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "a"}], "Conditions": [
            {"NextAction": "b", "Condition": {"Operator": "Equals", "Operands": ["CALLBACK"]}}
        ]}),
    );
    let doc = flow(
        "cmp",
        vec![compare, call("a", Some("+12065550100"), "end"), call("b", Some("+18005550199"), "end"), end("end")],
    );
    let mut callback = scenario("US Sales");
    callback.initiation = Initiation::Callback;
    assert_eq!(shown(&doc, &callback).unwrap().0, "+18005550199");
    assert_eq!(shown(&doc, &scenario("US Sales")).unwrap().0, "+12065550100");
}

#[test]
fn bad_scenarios_are_errors_not_outcomes() {
    let doc = flow("call", vec![call("call", None, "end"), end("end")]);
    let unknown = simulate(&doc, &sample_instance(), &scenario("Nope")).unwrap_err();
    assert_eq!(unknown, ScenarioError::UnknownQueue("Nope".into()));
    let mut bad = scenario("US Sales");
    bad.dial = "call me".into();
    let err = simulate(&doc, &sample_instance(), &bad).unwrap_err();
    assert!(err.to_string().starts_with("the softphone cannot dial \"call me\""), "{err}");
}

#[test]
fn the_dialled_number_is_normalised_like_the_softphone_does() {
    let doc = flow("call", vec![call("call", None, "end"), end("end")]);
    let outcome = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    assert_eq!(outcome.dialled.as_str(), "+12065550123");
}

#[test]
fn the_same_scenario_always_gives_the_same_outcome() {
    let doc =
        flow("fn", vec![lambda("fn", "call", "end"), call("call", Some("$.External.caller_id"), "end"), end("end")]);
    let first = simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap();
    for _ in 0..5 {
        assert_eq!(simulate(&doc, &sample_instance(), &scenario("US Sales")).unwrap(), first);
    }
}
