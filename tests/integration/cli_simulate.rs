//! `whisperwire simulate`, `test` and `matrix` run as real processes on the sample workspace and
//! on broken copies of it.

use std::path::Path;

use serde_json::Value;

use crate::support::{manifest_dir, stderr, stdout, whisperwire};

fn sample(relative: &str) -> String {
    manifest_dir().join("samples").join(relative).to_str().unwrap().to_owned()
}

/// Runs `simulate` on a sample flow with the sample instance, then `extra` arguments.
fn simulate(flow: &str, extra: &[&str]) -> std::process::Output {
    let flow = sample(&format!("flows/{flow}.json"));
    let instance = sample("instance.json");
    let mut args = vec!["simulate", flow.as_str(), "--instance", instance.as_str()];
    args.extend_from_slice(extra);
    whisperwire(&args)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn simulating_the_static_flow_shows_the_seattle_number_and_the_trace() {
    let output = simulate("static-caller-id", &["--queue", "US Sales", "--dial", "(206) 555-0123"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    let first = text.lines().next().unwrap();
    assert_eq!(first, "Connected: the customer sees (206) 555-0100 (+12065550100, US)");
    assert!(text.contains("  from: the number set in the Call phone number block"), "{text}");
    assert!(text.contains("  name: Acme Sales (caller ID name delivery is not guaranteed"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("2. Call phone number (") && l.ends_with("→ Success")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("4. End flow / Resume (")), "{text}");
}

#[test]
fn a_lambda_reply_not_in_e164_falls_back_to_the_queue_number() {
    let output = simulate(
        "caller-id-from-lambda",
        &["--queue", "US Sales", "--dial", "+12065550123", "--lambda", "pick-caller-id=@not-e164"],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(text.starts_with("Connected: the customer sees (206) 555-0100 (+12065550100, US)"), "{text}");
    assert!(
        text.contains("  from: the queue's outbound caller ID number, because $.External.caller_id = \"206-555-0100\" is not an E.164 number"),
        "{text}"
    );
    // US Sales normally uses another flow: said on stderr, not in the report.
    assert!(stderr(&output).contains("note: queue \"US Sales\""), "{}", stderr(&output));
}

#[test]
fn an_attribute_given_on_the_command_line_reaches_the_flow_and_falls_back_when_not_e164() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("reads-attribute.json");
    std::fs::write(
        &flow,
        r#"{"Version": "2019-10-30", "StartAction": "call",
            "Metadata": {"name": "reads-attribute", "type": "outboundWhisper", "status": "saved"},
            "Actions": [
              {"Identifier": "call", "Type": "CompleteOutboundCall",
               "Parameters": {"CallerId": {"Number": "$.Attributes.outboundCallerId"}},
               "Transitions": {"NextAction": "end"}},
              {"Identifier": "end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
            ]}"#,
    )
    .unwrap();
    let instance = sample("instance.json");
    let run = |attr: &str| {
        whisperwire(&[
            "simulate",
            flow.to_str().unwrap(),
            "--instance",
            &instance,
            "--queue",
            "UK Support",
            "--dial",
            "020 7946 0000",
            "--region",
            "GB",
            "--attr",
            attr,
        ])
    };
    let e164 = run("outboundCallerId=+12065550100");
    let text = stdout(&e164);
    assert_eq!(e164.status.code(), Some(0), "{text}{}", stderr(&e164));
    assert!(text.starts_with("Connected: the customer sees +1 206-555-0100 (+12065550100, US)"), "{text}");
    assert!(text.contains("  from: attribute $.Attributes.outboundCallerId = +12065550100"), "{text}");

    let national = run("outboundCallerId=020 7183 8750");
    let text = stdout(&national);
    assert_eq!(national.status.code(), Some(0), "{text}{}", stderr(&national));
    assert!(text.starts_with("Connected: the customer sees 020 7183 8750 (+442071838750, GB)"), "{text}");
    assert!(text.contains("  from: the queue's outbound caller ID number, because"), "{text}");
}

#[test]
fn a_queue_without_a_number_fails_the_call_and_sends_the_agent_to_after_contact_work() {
    let output = simulate(
        "caller-id-from-lambda",
        &[
            "--queue",
            "Collections",
            "--dial",
            "+12065550123",
            "--lambda",
            "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id=error",
        ],
    );
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("Call failed: call disconnected, agent placed in After Contact Work"));
    let reason = lines.next().unwrap();
    assert!(reason.starts_with("  reason: ") && reason.contains("'Collections' has none"), "{text}");
    assert!(text.lines().any(|l| l.starts_with("1. Invoke AWS Lambda function (") && l.ends_with("→ Error")), "{text}");
}

#[test]
fn a_failed_call_in_json_carries_the_disconnect_and_after_contact_work_as_data() {
    let output = simulate(
        "caller-id-from-lambda",
        &[
            "--queue",
            "Collections",
            "--dial",
            "+12065550123",
            "--lambda",
            "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id=error",
            "--format",
            "json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let result = &document["outcome"]["result"];
    assert_eq!(result["kind"], "failed");
    assert!(result["reason"].as_str().unwrap().contains("'Collections' has none"), "{result}");
    assert_eq!(result["disconnected"], true);
    assert_eq!(result["agentState"], "AfterContactWork");
}

#[test]
fn a_number_the_softphone_cannot_dial_is_bad_input() {
    let output = simulate("static-caller-id", &["--queue", "US Sales", "--dial", "call me maybe"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    let message = stderr(&output);
    assert!(message.starts_with("error: --dial: ") && message.contains("call me maybe"), "{message}");
}

#[test]
fn an_unknown_queue_is_bad_input_with_a_hint() {
    let output = simulate("static-caller-id", &["--queue", "us sales", "--dial", "+12065550123"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.starts_with("error: --queue: ") && message.contains("did you mean \"US Sales\""), "{message}");
}

#[test]
fn malformed_attributes_and_lambda_replies_are_bad_input() {
    for extra in [
        ["--attr", "no-equals-sign"],
        ["--lambda", "pick-caller-id=maybe"],
        ["--lambda", "pick-caller-id={not json"],
        ["--lambda", "pick-caller-id=@no-such-reply"],
        ["--region", "XX"],
    ] {
        let mut args = vec!["--queue", "US Sales", "--dial", "+12065550123"];
        args.extend_from_slice(&extra);
        let output = simulate("caller-id-from-lambda", &args);
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert!(stderr(&output).starts_with("error: "), "{extra:?}: {}", stderr(&output));
    }
}

#[test]
fn an_unreadable_flow_is_bad_input_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let flow = dir.path().join("broken.json");
    std::fs::write(&flow, "{\n  \"Actions\": [").unwrap();
    let output = whisperwire(&[
        "simulate",
        flow.to_str().unwrap(),
        "--instance",
        &sample("instance.json"),
        "--queue",
        "US Sales",
        "--dial",
        "+12065550123",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("broken.json:2:"), "{}", stderr(&output));
}

#[test]
fn json_output_is_one_document_with_flow_scenario_and_outcome() {
    let output = simulate(
        "caller-id-from-attribute",
        &["--queue", "UK Support", "--dial", "020 7946 0000", "--region", "GB", "--callback", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: Value = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("not one JSON document ({e}):\n{}", stdout(&output)));
    assert_eq!(document["flow"], "caller-id-from-attribute");
    assert_eq!(document["scenario"]["queue"], "UK Support");
    assert_eq!(document["scenario"]["initiation"], "callback");
    let outcome = &document["outcome"];
    assert_eq!(outcome["dialled"], "+442079460000");
    assert_eq!(outcome["result"]["kind"], "connected");
    assert_eq!(outcome["result"]["number"], "+442071838750");
    assert_eq!(outcome["result"]["display"], "020 7183 8750");
    assert_eq!(outcome["result"]["source"]["kind"], "attribute");
    assert!(outcome["trace"].as_array().unwrap().len() >= 3, "{outcome}");
}

#[test]
fn the_sample_test_calls_all_pass() {
    let output = whisperwire(&["test", &sample("")]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    for name in ["collections-lambda-default", "collections-lambda-fails", "uk-support-attribute", "us-sales-static"] {
        assert!(text.lines().any(|l| l == format!("PASS {name}")), "{name}: {text}");
    }
    assert_eq!(text.lines().last(), Some("4 passed, 0 failed"), "{text}");
}

#[test]
fn a_broken_flow_makes_its_test_call_fail_with_a_caller_id_diff() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("workspace");
    copy_dir(&manifest_dir().join("samples"), &root);
    let flow = root.join("flows/static-caller-id.json");
    let text = std::fs::read_to_string(&flow).unwrap();
    assert!(text.contains("\"+12065550100\""));
    // The toll-free number is the instance's too: valid, but not what the test expects.
    std::fs::write(&flow, text.replace("\"+12065550100\"", "\"+18005550199\"")).unwrap();

    let output = whisperwire(&["test", root.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}{}", stderr(&output));
    let lines: Vec<&str> = text.lines().collect();
    let fail =
        lines.iter().position(|l| *l == "FAIL us-sales-static").unwrap_or_else(|| panic!("no FAIL line:\n{text}"));
    assert_eq!(lines[fail + 1], "  - expected callerId \"+12065550100\"");
    assert_eq!(lines[fail + 2], "  + actual   callerId \"+18005550199\"");
    assert_eq!(lines.last(), Some(&"3 passed, 1 failed"), "{text}");

    let json = whisperwire(&["test", root.to_str().unwrap(), "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    let document: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(document["summary"]["failed"], 1);
    let failed = document["calls"].as_array().unwrap().iter().find(|c| c["result"] == "fail").unwrap();
    assert_eq!(failed["mismatches"][0]["field"], "callerId");
}

#[test]
fn a_call_naming_an_unknown_queue_is_an_error_and_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("workspace");
    copy_dir(&manifest_dir().join("samples"), &root);
    let call = root.join("calls/us-sales-static.json");
    let text = std::fs::read_to_string(&call).unwrap();
    std::fs::write(&call, text.replace("\"US Sales\"", "\"Mars Sales\"")).unwrap();
    let output = whisperwire(&["test", root.to_str().unwrap()]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.lines().any(|l| l.starts_with("ERROR us-sales-static: ") && l.contains("Mars Sales")), "{text}");
    assert_eq!(text.lines().last(), Some("3 passed, 0 failed, 1 error"));
}

#[test]
fn testing_a_folder_that_is_not_a_workspace_is_bad_input() {
    let output = whisperwire(&["test", "/nonexistent/whisperwire-workspace"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: /nonexistent/whisperwire-workspace"), "{}", stderr(&output));
}

#[test]
fn the_csv_matrix_has_a_header_and_one_row_per_queue_and_scenario() {
    let output = whisperwire(&["matrix", &sample(""), "--format", "csv"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "queue,scenario,callerId,display,source,outcome");
    // Each sample call's flow is used by one queue.
    let rows = &lines[1..];
    assert_eq!(rows.len(), 4, "{text}");
    let mut cells: Vec<(&str, &str)> = rows
        .iter()
        .map(|l| {
            let mut fields = l.split(',');
            (fields.next().unwrap(), fields.next().unwrap())
        })
        .collect();
    cells.sort_unstable();
    assert_eq!(
        cells,
        [
            ("Collections", "collections-lambda-default"),
            ("Collections", "collections-lambda-fails"),
            ("UK Support", "uk-support-attribute"),
            ("US Sales", "us-sales-static"),
        ]
    );
    let fails = rows.iter().find(|l| l.contains("collections-lambda-fails")).unwrap();
    assert!(fails.starts_with("Collections,collections-lambda-fails,,,\""), "{fails}");
    assert!(fails.ends_with("\",failed"), "{fails}");
}

#[test]
fn the_matrix_of_one_flow_plays_each_scenario_from_each_queue_using_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("workspace");
    copy_dir(&manifest_dir().join("samples"), &root);
    // A second queue, with a number, on the Lambda flow.
    let path = root.join("instance.json");
    let mut instance: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    instance["queues"].as_array_mut().unwrap().push(serde_json::json!({
        "name": "Arrears", "outboundCallerIdNumber": "+18005550199",
        "outboundWhisperFlow": "caller-id-from-lambda"
    }));
    std::fs::write(&path, instance.to_string()).unwrap();

    let output =
        whisperwire(&["matrix", root.to_str().unwrap(), "--flow", "caller-id-from-lambda", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let rows: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let summary: Vec<String> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} / {}: {} {}",
                r["queue"].as_str().unwrap(),
                r["scenario"].as_str().unwrap(),
                r["outcome"].as_str().unwrap(),
                r["callerId"].as_str().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            "Arrears / collections-lambda-default: connected +12065550100",
            "Arrears / collections-lambda-fails: connected +18005550199",
            "Collections / collections-lambda-default: connected +12065550100",
            "Collections / collections-lambda-fails: failed -",
        ]
    );

    let table = whisperwire(&["matrix", root.to_str().unwrap(), "--flow", "caller-id-from-lambda"]);
    let text = stdout(&table);
    assert!(text.starts_with("queue "), "{text}");
    assert_eq!(text.lines().count(), 5, "{text}");

    let unknown = whisperwire(&["matrix", root.to_str().unwrap(), "--flow", "nope"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no flow \"nope\""), "{}", stderr(&unknown));
}
