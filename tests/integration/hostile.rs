//! Hostile files: each gets a clear error or a correct result, in bounded time, and nothing
//! panics. (Timing is not asserted here; the budgets live in the benchmarks.)

use std::fmt::Write as _;

use whisperwire::flow_json::{self, ParseError};
use whisperwire::validation::{Context, Rule, validate};

fn flow_with_actions(n: usize, id: impl Fn(usize) -> String) -> String {
    let mut actions = String::new();
    for i in 0..n {
        let next = if i + 1 < n { format!(r#"{{"NextAction":"{}"}}"#, id(i + 1)) } else { "{}".into() };
        let kind = if i + 1 < n { "UpdateFlowLoggingBehavior" } else { "EndFlowExecution" };
        let _ = write!(
            actions,
            r#"{}{{"Identifier":"{}","Type":"{kind}","Parameters":{{}},"Transitions":{next}}}"#,
            if i == 0 { "" } else { "," },
            id(i)
        );
    }
    format!(
        r#"{{"Version":"2019-10-30","StartAction":"{}","Metadata":{{"type":"outboundWhisper"}},"Actions":[{actions}]}}"#,
        id(0)
    )
}

#[test]
fn deeply_nested_json_is_refused_with_a_position_not_a_stack_overflow() {
    let depth = 100_000;
    let text = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let err = flow_json::from_str(&text).unwrap_err();
    assert!(matches!(err, ParseError::Syntax { .. }), "{err}");
    assert!(err.to_string().contains("recursion limit"), "{err}");
}

#[test]
fn nul_bytes_and_invalid_utf8_are_syntax_errors_with_positions() {
    let err = flow_json::from_slice(b"{\"Actions\": [\x00]}").unwrap_err();
    assert!(matches!(err, ParseError::Syntax { line: 1, .. }), "{err}");
    let err = flow_json::from_slice(b"{\"Actions\": [], \"x\": \"\xff\xfe\"}").unwrap_err();
    assert!(matches!(err, ParseError::Syntax { .. }), "{err}");
}

#[test]
fn a_huge_string_value_is_carried_through() {
    let big = "x".repeat(5_000_000);
    let text =
        format!(r#"{{"Actions":[{{"Identifier":"a","Type":"MessageParticipant","Parameters":{{"Text":"{big}"}}}}]}}"#);
    let doc = flow_json::from_str(&text).unwrap();
    let report = validate(&doc, Context::default());
    assert!(report.has(Rule::ContentTooLarge));
    assert_eq!(flow_json::to_value(&doc), serde_json::from_str::<serde_json::Value>(&text).unwrap());
}

#[test]
fn duplicate_keys_keep_the_last_value_as_json_parsers_do() {
    let doc = flow_json::from_str(
        r#"{"StartAction":"a","StartAction":"b","Actions":[{"Identifier":"b","Type":"EndFlowExecution"}]}"#,
    )
    .unwrap();
    assert_eq!(doc.flow.start.as_ref().map(whisperwire::model::ActionId::as_str), Some("b"));
}

#[test]
fn an_identifier_of_ten_thousand_characters_is_reported_briefly() {
    let long = "i".repeat(10_000);
    let doc = flow_json::from_str(&flow_with_actions(2, |i| format!("{long}{i}"))).unwrap();
    let report = validate(&doc, Context::default());
    let finding = report.diagnostics.iter().find(|d| d.rule == Rule::InvalidId).unwrap();
    assert!(finding.message.len() < 300, "{} characters", finding.message.len());
}

#[test]
fn cycles_everywhere_validate_and_simulate_to_an_end() {
    // Every block leads back to the first: the analysis reaches a fixpoint, the simulator stops.
    let text = r#"{"StartAction":"a","Metadata":{"type":"outboundWhisper"},"Actions":[
        {"Identifier":"a","Type":"UpdateFlowLoggingBehavior","Parameters":{"FlowLoggingBehavior":"Enabled"},"Transitions":{"NextAction":"b"}},
        {"Identifier":"b","Type":"CompleteOutboundCall","Parameters":{},"Transitions":{"NextAction":"a"}}]}"#;
    let doc = flow_json::from_str(text).unwrap();
    let report = validate(&doc, Context::default());
    assert!(report.has(Rule::SecondCallOnPath), "the loop calls twice");
    let instance = whisperwire::instance::Instance::load(
        &whisperwire::workspace::folder::sample_workspace().unwrap().join("instance.json"),
    )
    .unwrap();
    let scenario = whisperwire::simulation::Scenario {
        queue: "US Sales".into(),
        dial: "+12065550123".into(),
        ..Default::default()
    };
    let outcome = whisperwire::simulation::simulate(&doc, &instance, &scenario).unwrap();
    assert!(matches!(outcome.result, whisperwire::simulation::CallResult::Stopped { .. }));
}

#[test]
fn a_file_over_ten_megabytes_is_refused_before_parsing() {
    let text = flow_with_actions(100_000, |i| format!("b{i}"));
    assert!(text.len() > 10 * 1024 * 1024);
    let err = flow_json::from_str(&text).unwrap_err();
    assert!(matches!(err, ParseError::TooLarge { .. }), "{err}");
}

#[test]
fn a_hundred_thousand_actions_import_validate_and_export() {
    let mut text = String::from(r#"{"StartAction":"0","Actions":["#);
    for i in 0..100_000 {
        let comma = if i == 0 { "" } else { "," };
        let _ =
            write!(text, r#"{comma}{{"Identifier":"{i}","Type":"Loop","Transitions":{{"NextAction":"{}"}}}}"#, i + 1);
    }
    text.push_str("]}");
    let doc = flow_json::from_str(&text).unwrap();
    assert_eq!(doc.flow.actions.len(), 100_000);
    let report = validate(&doc, Context::default());
    assert!(report.has(Rule::TooManyActions) && report.has(Rule::ContentTooLarge));
    assert_eq!(flow_json::to_value(&doc), serde_json::from_str::<serde_json::Value>(&text).unwrap());
}
