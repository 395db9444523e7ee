//! `whisperwire validate` run as a real process: the sample workspace, single flows with and
//! without an instance, the JSON document, unreadable files and the corpus.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{corpus_dir, manifest_dir, stderr, stdout, whisperwire};

fn sample(relative: &str) -> String {
    path_arg(&manifest_dir().join("samples").join(relative))
}

fn path_arg(path: &Path) -> String {
    path.to_str().unwrap().to_owned()
}

/// Runs `validate --format json` and parses stdout, which must be exactly one JSON document.
fn validate_json(args: &[&str]) -> (Option<i32>, Value, String) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend_from_slice(args);
    let output = whisperwire(&all);
    let document = serde_json::from_str(&stdout(&output))
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", stdout(&output)));
    (output.status.code(), document, stderr(&output))
}

#[test]
fn validating_the_sample_workspace_finds_the_national_caller_id_and_the_queue_without_one() {
    let output = whisperwire(&["validate", &sample("")]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}{}", stderr(&output));

    let lines: Vec<&str> = text.lines().collect();
    let c04 = lines
        .iter()
        .position(|l| l.contains("with-mistakes.json: error[C04]"))
        .unwrap_or_else(|| panic!("no C04 error for with-mistakes.json:\n{text}"));
    assert!(lines[c04].contains("020 7183 8750"), "{}", lines[c04]);
    let fix = lines[c04 + 1];
    assert!(
        fix.starts_with("  fix: ") && fix.contains("+442071838750"),
        "the C04 finding has no fix to +442071838750:\n{text}"
    );

    assert!(
        lines.iter().any(|l| l.contains("caller-id-from-lambda.json: error[C10]") && l.contains("Collections")),
        "no C10 error about queue Collections:\n{text}"
    );
    assert!(!text.contains("static-caller-id.json: error["), "the correct sample has errors:\n{text}");
    assert!(lines.last().unwrap().starts_with("4 files checked: "), "{text}");
}

#[test]
fn a_correct_flow_without_an_instance_passes_with_a_note_that_instance_checks_were_skipped() {
    let output = whisperwire(&["validate", &sample("flows/static-caller-id.json")]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(text.lines().any(|l| l.contains("static-caller-id.json: note[N01]: ") && l.contains("skipped")), "{text}");
    assert!(text.lines().last().unwrap().starts_with("1 file checked: 0 errors"), "{text}");
}

#[test]
fn a_correct_flow_checked_against_the_sample_instance_passes_without_the_no_instance_note() {
    let output =
        whisperwire(&["validate", "--instance", &sample("instance.json"), &sample("flows/static-caller-id.json")]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(!text.contains("[N01]"), "{text}");
    assert!(text.lines().last().unwrap().starts_with("1 file checked: 0 errors"), "{text}");
}

#[test]
fn the_instance_option_wins_over_the_workspace_own_instance() {
    let mut instance: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest_dir().join("samples/instance.json")).unwrap()).unwrap();
    for queue in instance["queues"].as_array_mut().unwrap() {
        if queue["name"] == "Collections" {
            queue["outboundCallerIdNumber"] = "+12065550100".into();
        }
    }
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("fixed-instance.json");
    std::fs::write(&path, instance.to_string()).unwrap();

    let output = whisperwire(&["validate", "--instance", &path_arg(&path), &sample("")]);
    let text = stdout(&output);
    assert!(!text.contains("[C10]"), "{text}");
    assert!(!text.contains("[N01]"), "{text}");
}

#[test]
fn json_output_is_one_document_whose_summary_is_the_sum_over_files() {
    let (code, document, err) = validate_json(&[&sample("")]);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(document["schemaVersion"], 1);
    let files = document["files"].as_array().unwrap();
    let names: Vec<&str> = files.iter().map(|f| f["flow"].as_str().unwrap()).collect();
    assert_eq!(names, ["caller-id-from-attribute", "caller-id-from-lambda", "static-caller-id", "with-mistakes"]);
    let summary = &document["summary"];
    assert_eq!(summary["files"], files.len());
    assert_eq!(summary["unreadable"], 0);
    assert_eq!(document["unreadable"], Value::Array(Vec::new()));
    for (key, severity) in [("errors", "error"), ("warnings", "warning"), ("notes", "note")] {
        let mut total = 0;
        for file in files {
            let diagnostics = file["diagnostics"].as_array().unwrap();
            let listed = diagnostics.iter().filter(|d| d["severity"] == severity).count();
            assert_eq!(file[key], listed, "{key} of {}", file["file"]);
            total += listed;
        }
        assert_eq!(summary[key], total, "summary {key}");
    }
}

#[test]
fn every_json_diagnostic_has_the_documented_keys() {
    let (_, document, _) = validate_json(&[&sample("")]);
    let mut seen_fix = false;
    for file in document["files"].as_array().unwrap() {
        let keys: Vec<&String> = file.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["file", "flow", "errors", "warnings", "notes", "diagnostics"]);
        for diagnostic in file["diagnostics"].as_array().unwrap() {
            let keys: Vec<&String> = diagnostic.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["code", "rule", "severity", "action", "block", "message", "fix"], "{diagnostic}");
            assert!(diagnostic["code"].as_str().unwrap().len() == 3, "{diagnostic}");
            assert!(diagnostic["rule"].is_string(), "{diagnostic}");
            assert!(["error", "warning", "note"].contains(&diagnostic["severity"].as_str().unwrap()), "{diagnostic}");
            assert!(diagnostic["message"].is_string(), "{diagnostic}");
            assert_eq!(diagnostic["action"].is_null(), diagnostic["block"].is_null(), "{diagnostic}");
            if let Some(fix) = diagnostic["fix"].as_object() {
                let keys: Vec<&String> = fix.keys().collect();
                assert_eq!(keys, ["label", "replacement"], "{diagnostic}");
                seen_fix |= diagnostic["code"] == "C04" && fix["replacement"] == "+442071838750";
            } else {
                assert!(diagnostic["fix"].is_null(), "{diagnostic}");
            }
        }
    }
    assert!(seen_fix, "no C04 fix with replacement +442071838750");
}

/// A scratch folder (not a workspace) with a correct flow and a flow that is not JSON.
fn folder_with_a_broken_flow() -> tempfile::TempDir {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::copy(manifest_dir().join("samples/flows/static-caller-id.json"), scratch.path().join("good.json"))
        .unwrap();
    std::fs::write(scratch.path().join("bad.json"), "{\n  \"Version\": \"2019-10-30\",\n  \"Actions\": [,]\n}\n")
        .unwrap();
    scratch
}

#[test]
fn a_folder_with_a_broken_flow_exits_2_and_still_reports_the_good_one() {
    let scratch = folder_with_a_broken_flow();
    let output = whisperwire(&["validate", &path_arg(scratch.path())]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    assert!(text.contains("good.json: note[N01]"), "{text}");
    assert!(!text.contains("bad.json"), "{text}");
    assert!(text.ends_with("1 file checked: 0 errors, 0 warnings, 1 note, 1 unreadable\n"), "{text}");
    assert!(stderr(&output).contains("error: ") && stderr(&output).contains("bad.json:3:15: "), "{}", stderr(&output));
}

#[test]
fn json_output_lists_a_broken_flow_as_unreadable_with_line_and_column() {
    let scratch = folder_with_a_broken_flow();
    let (code, document, err) = validate_json(&[&path_arg(scratch.path())]);
    assert_eq!(code, Some(2), "{err}");
    assert_eq!(document["files"][0]["flow"], "static-caller-id");
    let unreadable = document["unreadable"].as_array().unwrap();
    assert_eq!(unreadable.len(), 1, "{unreadable:?}");
    assert!(unreadable[0]["file"].as_str().unwrap().ends_with("bad.json"), "{unreadable:?}");
    let message = unreadable[0]["message"].as_str().unwrap();
    assert!(message.contains("bad.json:3:15: "), "{message}");
    assert_eq!(document["summary"]["unreadable"], 1);
    assert!(err.contains("bad.json:3:15: "), "{err}");
}

#[test]
fn a_path_that_does_not_exist_exits_2_naming_it() {
    let missing = manifest_dir().join("samples/flows/no-such-flow.json");
    let output = whisperwire(&["validate", &path_arg(&missing)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert!(stderr(&output).contains("no-such-flow.json: no such file or folder"), "{}", stderr(&output));
}

#[test]
fn an_instance_file_that_cannot_be_read_exits_2_with_its_error() {
    let scratch = tempfile::tempdir().unwrap();
    let instance = scratch.path().join("instance.json");
    std::fs::write(&instance, "{\"queues\": [}").unwrap();
    let output = whisperwire(&["validate", "--instance", &path_arg(&instance), &sample("flows/static-caller-id.json")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert!(stderr(&output).contains("instance.json:1:"), "{}", stderr(&output));
}

#[test]
fn validating_the_whole_corpus_never_crashes_and_lists_the_broken_flow_as_unreadable() {
    let Some(dir) = corpus_dir() else { return };
    let folders: Vec<PathBuf> = ["", "legacy", "nonconsole", "wrapped"].iter().map(|sub| dir.join(sub)).collect();
    let args: Vec<String> = folders.iter().map(|f| path_arg(f)).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    let text = whisperwire(&[&["validate"], args.as_slice()].concat());
    assert!(matches!(text.status.code(), Some(1 | 2)), "text: {:?}\n{}", text.status, stderr(&text));

    let (code, document, err) = validate_json(&args);
    assert!(matches!(code, Some(1 | 2)), "json: {code:?}\n{err}");
    let unreadable: Vec<&str> =
        document["unreadable"].as_array().unwrap().iter().map(|u| u["file"].as_str().unwrap()).collect();
    assert!(unreadable.iter().any(|f| f.ends_with("GoodMeasuresLLC__connect__sample_ab_test.json")), "{unreadable:?}");
    assert!(document["summary"]["files"].as_u64().unwrap() >= 55, "{}", document["summary"]);
}

/// A flow without `Metadata.type` holding a Disconnect block: `--flow-type` decides the rules.
fn untyped_flow_with_disconnect(dir: &Path) -> PathBuf {
    let path = dir.join("untyped.json");
    let flow = r#"{"Version": "2019-10-30", "StartAction": "bye", "Actions": [
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}"#;
    std::fs::write(&path, flow).unwrap();
    path
}

#[test]
fn flow_type_sets_the_type_of_a_flow_that_records_none_for_the_run() {
    let scratch = tempfile::tempdir().unwrap();
    let file = path_arg(&untyped_flow_with_disconnect(scratch.path()));
    let (code, document, _) = validate_json(&[&file]);
    assert_eq!(code, Some(0), "without a type the flow-type rules are skipped: {document}");
    let (code, document, _) = validate_json(&["--flow-type", "outboundWhisper", &file]);
    assert_eq!(code, Some(1), "{document}");
    assert_eq!(document["files"][0]["diagnostics"][0]["code"], "T01");
    let (code, document, _) = validate_json(&["--flow-type", "CONTACT_FLOW", &file]);
    assert_eq!(code, Some(0), "Disconnect is allowed in an inbound flow: {document}");
}

#[test]
fn an_unknown_flow_type_is_bad_input() {
    let output = whisperwire(&["validate", "--flow-type", "outboundWhipser", &sample("flows/static-caller-id.json")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not a flow type"), "{}", stderr(&output));
}

#[test]
fn recursive_validation_goes_into_subfolders() {
    let scratch = tempfile::tempdir().unwrap();
    let deep = scratch.path().join("team/outbound");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::copy(manifest_dir().join("samples/flows/static-caller-id.json"), scratch.path().join("top.json")).unwrap();
    std::fs::copy(manifest_dir().join("samples/flows/with-mistakes.json"), deep.join("deep.json")).unwrap();
    let root = path_arg(scratch.path());
    let (code, document, _) = validate_json(&[&root]);
    assert_eq!((code, document["summary"]["files"].as_u64()), (Some(0), Some(1)), "{document}");
    for flag in ["-r", "--recursive"] {
        let (code, document, _) = validate_json(&[flag, &root]);
        assert_eq!(code, Some(1), "the subfolder's flow has errors: {document}");
        assert_eq!(document["summary"]["files"], 2);
        let files: Vec<&str> =
            document["files"].as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
        assert!(files.iter().any(|f| f.ends_with("deep.json")), "{files:?}");
    }
}

#[test]
fn a_flow_a_queue_names_as_its_outbound_whisper_flow_is_checked_as_one() {
    let scratch = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(scratch.path().join("flows")).unwrap();
    std::fs::copy(manifest_dir().join("samples/instance.json"), scratch.path().join("instance.json")).unwrap();
    let instance: Value =
        serde_json::from_str(&std::fs::read_to_string(scratch.path().join("instance.json")).unwrap()).unwrap();
    let name = instance["queues"][0]["outboundWhisperFlow"].as_str().unwrap().to_owned();
    let flow = r#"{"Version": "2019-10-30", "StartAction": "bye", "Actions": [
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}"#;
    std::fs::write(scratch.path().join(format!("flows/{name}.json")), flow).unwrap();
    let (code, document, _) = validate_json(&[&path_arg(scratch.path())]);
    assert_eq!(code, Some(1), "{document}");
    let codes: Vec<&str> =
        document["files"][0]["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"T01") && codes.contains(&"T03"), "{codes:?}");
}
