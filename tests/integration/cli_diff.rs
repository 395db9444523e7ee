//! `whisperwire diff` on real flows: every kind of change, "no change" for a file rewritten in
//! another key order, exit codes, the JSON document, and the git external diff driver.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Serialize;
use serde_json::{Value, json};
use whisperwire::diff::{self, ChangeKind};
use whisperwire::flow_json;

use crate::support::{corpus_dir, corpus_files, manifest_dir, stderr, stdout, whisperwire};

const GM_OUTBOUND: &str = "GoodMeasuresLLC__connect___0x_gm_outbound.json";
const GM_CALL: &str = "79331a34-80d1-46a0-9a5f-46a98d4482bf";

/// Every object's keys in reverse order.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().rev().map(|(k, v)| (k.clone(), reversed(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

/// JSON indented with four spaces (the repository's files use two).
fn four_space_text(value: &Value) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, formatter)).unwrap();
    String::from_utf8(out).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn write_json(dir: &Path, name: &str, value: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path
}

fn action_mut<'a>(flow: &'a mut Value, id: &str) -> &'a mut Value {
    flow["Actions"].as_array_mut().unwrap().iter_mut().find(|a| a["Identifier"] == id).unwrap()
}

/// The corpus's outbound whisper flow (None, with a note, without the corpus).
fn gm_outbound() -> Option<(PathBuf, Value)> {
    let path = corpus_dir()?.join(GM_OUTBOUND);
    let value = read_json(&path);
    Some((path, value))
}

fn run(args: &[&Path]) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(|p| p.to_str().unwrap()).collect();
    whisperwire(&args)
}

#[test]
fn every_corpus_flow_against_itself_in_other_key_order_and_indentation_is_no_change() {
    let Some(dir) = corpus_dir() else { return };
    let mut compared = 0;
    for path in corpus_files(&dir) {
        let Ok(doc) = flow_json::load(&path) else { continue };
        let value = read_json(&path);
        let other = flow_json::from_str(&four_space_text(&reversed(&value))).unwrap();
        let changes = diff::diff(&doc, &other).changes;
        assert!(changes.is_empty(), "{}: {changes:?}", path.display());
        compared += 1;
    }
    assert!(compared >= 60, "only {compared} corpus flows compared");
    let scratch = tempfile::tempdir().unwrap();
    let (path, value) = gm_outbound().unwrap();
    let rewritten = scratch.path().join("rewritten.json");
    std::fs::write(&rewritten, four_space_text(&reversed(&value))).unwrap();
    let output = run(&[Path::new("diff"), &path, &rewritten]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "no semantic change\n");
}

#[test]
fn a_real_flows_caller_id_change_is_shown_as_the_designer_says_it() {
    let Some((path, mut value)) = gm_outbound() else { return };
    action_mut(&mut value, GM_CALL)["Parameters"]["CallerId"]["Number"] = json!("+12065550142");
    let scratch = tempfile::tempdir().unwrap();
    let changed = write_json(scratch.path(), "changed.json", &value);
    let output = run(&[Path::new("diff"), &path, &changed]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "~ 'Call phone number' ({GM_CALL}) › caller ID: attribute $.External.caller_id → +12065550142\n1 change\n"
        )
    );
}

#[test]
fn a_real_flows_block_removed_added_and_branch_rewired() {
    let Some((path, mut value)) = gm_outbound() else { return };
    let old = flow_json::load(&path).unwrap();
    let lambda = "5ee62862-710c-47c4-b030-d590b5e09f40";
    let failed_prompt = "9caa3ecb-2172-4248-81ba-18983db11176";
    value["Actions"].as_array_mut().unwrap().retain(|a| a["Identifier"] != failed_prompt);
    action_mut(&mut value, lambda)["Transitions"]["Errors"][0]["NextAction"] = json!("wait-1");
    value["Actions"].as_array_mut().unwrap().push(json!({
        "Identifier": "wait-1", "Type": "Wait", "Parameters": {"TimeLimitSeconds": "5"},
        "Transitions": {"NextAction": "04b4650d-7c50-42fe-9da2-228308ca269e"}
    }));
    let diff = diff::diff(&old, &flow_json::from_value(value).unwrap());
    let kinds: Vec<_> = diff.changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, [ChangeKind::BranchRewired, ChangeKind::BlockAdded, ChangeKind::BlockRemoved]);
    let rewired = diff.changes[0].clone();
    assert_eq!(rewired.action.as_ref().map(whisperwire::model::ActionId::as_str), Some(lambda));
    assert_eq!(
        (rewired.field.as_str(), rewired.old.as_deref(), rewired.new.as_deref()),
        ("Error", Some("Play prompt"), Some("Wait"))
    );
    assert_eq!(diff.changes[1].block.as_deref(), Some("Wait"));
    assert_eq!(diff.changes[2].old.as_deref(), Some("“Caller Id failed, try again”"));
}

#[test]
fn moving_a_real_flows_blocks_is_no_semantic_change() {
    let Some((path, mut value)) = gm_outbound() else { return };
    for entry in value["Metadata"]["ActionMetadata"].as_object_mut().unwrap().values_mut() {
        entry["position"]["y"] = json!(entry["position"]["y"].as_f64().unwrap() + 40.0);
    }
    let scratch = tempfile::tempdir().unwrap();
    let moved = write_json(scratch.path(), "moved.json", &value);
    let output = run(&[Path::new("diff"), &path, &moved]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "no semantic change (12 blocks moved; --layout lists them)\n");
    let output = run(&[Path::new("diff"), Path::new("--layout"), &path, &moved]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert_eq!(text.lines().filter(|l| l.starts_with("> ")).count(), 12, "{text}");
    assert!(text.ends_with("no semantic change (12 blocks moved)\n"), "{text}");
}

#[test]
fn a_real_flows_unmodelled_block_shows_the_change_in_the_designers_words() {
    let Some((path, mut value)) = gm_outbound() else { return };
    let voice = "0e1012f3-0b85-477f-a487-e5213059be02";
    action_mut(&mut value, voice)["Parameters"]["TextToSpeechVoice"] = json!("Matthew");
    let scratch = tempfile::tempdir().unwrap();
    let changed = write_json(scratch.path(), "voice.json", &value);
    let output = run(&[Path::new("diff"), &path, &changed]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), format!("~ 'Set voice' ({voice}) › voice: Joanna → Matthew\n1 change\n"));
}

#[test]
fn a_wrapped_real_file_equals_its_plain_flow() {
    let Some(dir) = corpus_dir() else { return };
    let wrapped = dir.join("wrapped/aws-samples__amazon-connect-gitlab-cicd-terraform__acme_outbound_flow1_AUTO.json");
    let outer = read_json(&wrapped);
    let content = outer["ContactFlow"]["Content"].as_str().or_else(|| outer["Content"].as_str()).unwrap();
    let plain: Value = serde_json::from_str(content).unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let plain_file = write_json(scratch.path(), "plain.json", &plain);
    let output = run(&[Path::new("diff"), &wrapped, &plain_file]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
}

#[test]
fn json_output_is_one_document_with_schema_version_and_changes() {
    let samples = manifest_dir().join("samples/flows");
    let old = samples.join("static-caller-id.json");
    let mut value = read_json(&old);
    value["Actions"][1]["Parameters"]["CallerId"]["Number"] = json!("+12065550142");
    let scratch = tempfile::tempdir().unwrap();
    let new = write_json(scratch.path(), "new.json", &value);
    let output = run(&[Path::new("diff"), Path::new("--format"), Path::new("json"), &old, &new]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["schemaVersion"], 1);
    assert_eq!(
        report["changes"],
        json!([{
            "kind": "parameter", "actionId": "cbf27734-ac10-4525-8b66-402800e03d2c", "block": "Call phone number",
            "blockType": "CompleteOutboundCall", "field": "caller ID", "old": "+12065550100", "new": "+12065550142",
            "oldTarget": null, "newTarget": null
        }])
    );
    assert_eq!(report["summary"], json!({"changes": 1, "moved": 0}));
}

#[test]
fn an_unreadable_file_exits_2_naming_file_line_and_column() {
    let scratch = tempfile::tempdir().unwrap();
    let broken = scratch.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"Version\": \"2019-10-30\"\n  \"Actions\": []\n}\n").unwrap();
    let good = manifest_dir().join("samples/flows/static-caller-id.json");
    let output = run(&[Path::new("diff"), &good, &broken]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&format!("{}:3:3: expected `,`", broken.display())), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn as_a_git_driver_an_unreadable_side_is_a_note_and_a_line_diff_and_the_exit_is_0() {
    let scratch = tempfile::tempdir().unwrap();
    let broken = scratch.path().join("old.json");
    std::fs::write(&broken, "not json").unwrap();
    let good = manifest_dir().join("samples/flows/static-caller-id.json");
    let (hex, mode) = (Path::new("1111111"), Path::new("100644"));
    let output =
        run(&[Path::new("diff"), Path::new("--git"), Path::new("flows/x.json"), &broken, hex, mode, &good, hex, mode]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "diff --whisperwire a/flows/x.json b/flows/x.json\nnote: the old version is not a readable flow (1:"
        ),
        "{text}"
    );
    assert!(
        text.contains("; a plain line diff follows\n--- a/flows/x.json\n+++ b/flows/x.json\n@@ -1,1 +1,"),
        "{text}"
    );
    assert!(text.contains("\n-not json\n"), "{text}");
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", dir.join(".no-global-config"))
        .output()
        .unwrap();
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    output
}

#[test]
fn git_diff_with_the_driver_shows_the_caller_id_change() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("note: git is not installed; the git driver test is skipped");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let repo = scratch.path();
    git(repo, &["init", "-q"]);
    git(repo, &["config", "user.email", "test@example.com"]);
    git(repo, &["config", "user.name", "Test"]);
    let command = format!("'{}' diff --git", env!("CARGO_BIN_EXE_whisperwire"));
    git(repo, &["config", "diff.connectflow.command", &command]);
    std::fs::write(repo.join(".gitattributes"), "flows/*.json diff=connectflow\n").unwrap();
    std::fs::create_dir(repo.join("flows")).unwrap();
    let sample = std::fs::read_to_string(manifest_dir().join("samples/flows/static-caller-id.json")).unwrap();
    std::fs::write(repo.join("flows/sales.json"), &sample).unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "sales flow"]);

    std::fs::write(repo.join("flows/sales.json"), sample.replace("+12065550100", "+12065550142")).unwrap();
    let text = stdout(&git(repo, &["diff"]));
    assert!(text.starts_with("diff --whisperwire a/flows/sales.json b/flows/sales.json\n"), "{text}");
    assert!(
        text.contains(
            "~ 'Call phone number' (cbf27734-ac10-4525-8b66-402800e03d2c) › caller ID: +12065550100 → +12065550142\n"
        ),
        "{text}"
    );

    git(repo, &["commit", "-q", "-am", "new caller ID"]);
    let log = stdout(&git(repo, &["log", "-p", "--ext-diff", "-1"]));
    assert!(log.contains("caller ID: +12065550100 → +12065550142"), "{log}");
    std::fs::write(repo.join("flows/other.json"), &sample).unwrap();
    git(repo, &["add", "flows/other.json"]);
    let added = stdout(&git(repo, &["diff", "--cached"]));
    assert!(added.contains("\n+ new flow \"static-caller-id\" (Outbound whisper flow)"), "{added}");
    assert!(added.contains("+ 'Call phone number' (cbf27734-ac10-4525-8b66-402800e03d2c) added"), "{added}");
    assert!(!added.contains("Version") && !added.contains("~ "), "{added}");

    // A JSON file that is not a flow: its lines, under a note.
    std::fs::write(repo.join("flows/users.json"), "{\n  \"users\": [\n    \"ana\"\n  ]\n}\n").unwrap();
    git(repo, &["add", "."]);
    git(repo, &["commit", "-q", "-m", "users"]);
    std::fs::write(repo.join("flows/users.json"), "{\n  \"users\": [\n    \"ana\",\n    \"bo\"\n  ]\n}\n").unwrap();
    let text = stdout(&git(repo, &["diff"]));
    assert!(text.contains("note: the old version is not a readable flow ("), "{text}");
    assert!(text.contains("-    \"ana\"\n+    \"ana\",\n+    \"bo\"\n"), "{text}");
}

/// A real flow with its Check contact attributes block `id` given these conditions
/// `(operator, operand, target)`.
fn with_conditions(flow: &Value, id: &str, conditions: &[(&str, &str, &str)]) -> Value {
    let mut flow = flow.clone();
    let conditions: Vec<Value> = conditions
        .iter()
        .map(|(op, operand, to)| json!({"NextAction": to, "Condition": {"Operator": op, "Operands": [operand]}}))
        .collect();
    action_mut(&mut flow, id)["Transitions"]["Conditions"] = Value::Array(conditions);
    flow
}

#[test]
fn swapped_conditions_that_overlap_are_a_change_and_exit_1_and_exclusive_ones_are_not() {
    let Some((_, value)) = gm_outbound() else { return };
    let compare = value["Actions"].as_array().unwrap().iter().find(|a| a["Type"] == "Compare").unwrap();
    let id = compare["Identifier"].as_str().unwrap().to_owned();
    let targets: Vec<String> = value["Actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["Identifier"] != id.as_str())
        .take(2)
        .map(|a| a["Identifier"].as_str().unwrap().to_owned())
        .collect();
    let (a, b) = (targets[0].as_str(), targets[1].as_str());
    let scratch = tempfile::tempdir().unwrap();
    let old = write_json(
        scratch.path(),
        "old.json",
        &with_conditions(&value, &id, &[("NumberGreaterThan", "10", a), ("NumberGreaterThan", "0", b)]),
    );
    let new = write_json(
        scratch.path(),
        "new.json",
        &with_conditions(&value, &id, &[("NumberGreaterThan", "0", b), ("NumberGreaterThan", "10", a)]),
    );
    let output = run(&[Path::new("diff"), &old, &new]);
    assert_eq!(output.status.code(), Some(1), "{}{}", stdout(&output), stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "~ 'Check contact attributes' ({id}) › order of conditions (the first true one wins): > 10, > 0 → > 0, > 10\n1 change\n"
        )
    );
    let old = write_json(
        scratch.path(),
        "old.json",
        &with_conditions(&value, &id, &[("Equals", "Card", a), ("Equals", "Bank", b)]),
    );
    let new = write_json(
        scratch.path(),
        "new.json",
        &with_conditions(&value, &id, &[("Equals", "Bank", b), ("Equals", "Card", a)]),
    );
    let output = run(&[Path::new("diff"), &old, &new]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(stdout(&output), "no semantic change\n");
}

#[test]
fn an_added_check_contact_attributes_block_lists_its_conditions_and_targets() {
    let Some(dir) = corpus_dir() else { return };
    // A real outbound whisper flow whose blocks have names: the check is new in NEW.
    let path = dir.join("aws-samples__amazon-connect-callbackmgmt__cfAgentCallBackWhisperflow.json");
    let new_value = read_json(&path);
    let check = "CallBack Status Check";
    let mut old_value = new_value.clone();
    old_value["Actions"].as_array_mut().unwrap().retain(|a| a["Identifier"] != check);
    let new = flow_json::from_value(new_value.clone()).unwrap();
    let diff = diff::diff(&flow_json::from_value(old_value).unwrap(), &new);
    let added = diff.changes.iter().find(|c| c.kind == ChangeKind::BlockAdded).unwrap();
    let line = diff::change_line(added);
    let conditions = new_value["Actions"].as_array().unwrap().iter().find(|a| a["Identifier"] == check).unwrap()
        ["Transitions"]["Conditions"]
        .as_array()
        .unwrap()
        .clone();
    assert!(conditions.len() >= 2);
    for condition in &conditions {
        let operand = condition["Condition"]["Operands"][0].as_str().unwrap();
        let target = whisperwire::model::ActionId::from_import(condition["NextAction"].as_str().unwrap());
        let name = new.flow.action(&target).unwrap().display_name().to_owned();
        assert!(line.contains(&format!("= {operand} → {name}")), "= {operand} → {name} in {line}");
    }
    assert!(line.starts_with(&format!("+ 'Check contact attributes' ({check}) added (Compare): ")), "{line}");
    assert_eq!(added.branches.len(), conditions.len() + 2, "Success and No match besides the conditions: {line}");
}

#[test]
fn a_removed_map_lists_its_old_entries_in_text_and_json() {
    let Some(dir) = corpus_dir() else { return };
    let path = dir.join("aws-samples__amazon-connect-rules-engine__RulesEngineWait.json");
    let mut value = read_json(&path);
    let lambda = value["Actions"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["Parameters"]["LambdaInvocationAttributes"].as_object().is_some_and(|m| m.len() >= 2))
        .unwrap();
    let entries = lambda["Parameters"]["LambdaInvocationAttributes"].as_object().unwrap().clone();
    lambda["Parameters"].as_object_mut().unwrap().remove("LambdaInvocationAttributes");
    let scratch = tempfile::tempdir().unwrap();
    let new = write_json(scratch.path(), "new.json", &value);
    let output = run(&[Path::new("diff"), &path, &new]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(!text.contains("{}"), "{text}");
    for (key, entry) in &entries {
        assert!(
            text.contains(&format!("› input attribute {key}: {} → (none)\n", entry.as_str().unwrap())),
            "{key}: {text}"
        );
    }
    let output = run(&[Path::new("diff"), Path::new("--format"), Path::new("json"), &path, &new]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let olds: Vec<&str> = report["changes"].as_array().unwrap().iter().map(|c| c["old"].as_str().unwrap()).collect();
    let expected: Vec<&str> = entries.values().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(olds, expected);
}

#[test]
fn multi_line_prompt_changes_across_the_corpus_are_one_line_each_and_whole_in_json() {
    let Some(dir) = corpus_dir() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let mut total = 0;
    for path in corpus_files(&dir).into_iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let Ok(_) = flow_json::load(&path) else { continue };
        let mut value = read_json(&path);
        let Some(actions) = value["Actions"].as_array_mut() else { continue };
        let mut changed = 0;
        for (i, action) in actions.iter_mut().enumerate() {
            let Some(params) = action.get_mut("Parameters").and_then(Value::as_object_mut) else { continue };
            if let Some(text) = params.get_mut("Text").filter(|t| t.is_string()) {
                *text = json!(format!(
                    "Thank you for calling.\nPress 1 for sales,\r\n2 for support.\n{}",
                    "More. ".repeat(i % 30)
                ));
                changed += 1;
            }
        }
        if changed == 0 {
            continue;
        }
        let new = write_json(scratch.path(), "new.json", &value);
        let output = run(&[Path::new("diff"), &path, &new]);
        let text = stdout(&output);
        assert_eq!(text.lines().count(), changed + 1, "{}: {text}", path.display());
        assert!(text.lines().take(changed).all(|l| l.starts_with("~ ") && l.contains('¶')), "{text}");
        let output = run(&[Path::new("diff"), Path::new("--format"), Path::new("json"), &path, &new]);
        let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert!(
            report["changes"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["new"].as_str().unwrap().contains("Press 1 for sales,\r\n2"))
        );
        total += changed;
    }
    assert!(total >= 33, "only {total} prompt changes");
}

#[test]
fn a_new_four_block_flow_under_git_is_one_header_and_four_block_lines() {
    let Some(dir) = corpus_dir() else { return };
    let path = dir.join("GoodMeasuresLLC__connect___0x_whisper_flow.json");
    assert_eq!(read_json(&path)["Actions"].as_array().unwrap().len(), 4);
    assert_eq!(read_json(&path)["Version"], "2019-10-30");
    let (hex, mode, null) = (Path::new("0000000"), Path::new("100644"), Path::new("/dev/null"));
    let output =
        run(&[Path::new("diff"), Path::new("--git"), Path::new("flows/w.json"), null, hex, mode, &path, hex, mode]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 7, "{text}");
    assert_eq!(lines[0], "diff --whisperwire a/flows/w.json b/flows/w.json");
    assert!(lines[1].starts_with("+ new flow "), "{text}");
    assert!(lines[2..6].iter().all(|l| l.starts_with("+ '") && l.contains(" added (")), "{text}");
    assert_eq!(lines[6], "new flow, 4 blocks");
    assert!(!text.contains("Version") && !text.contains("description") && !text.contains("~ "), "{text}");
    // The same flow deleted, and the plain command with /dev/null.
    let output =
        run(&[Path::new("diff"), Path::new("--git"), Path::new("flows/w.json"), &path, hex, mode, null, hex, mode]);
    assert!(stdout(&output).ends_with("deleted flow, 4 blocks\n"), "{}", stdout(&output));
    let output = run(&[Path::new("diff"), null, &path]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).lines().count(), 6);
    // In JSON: the flow, then each block with where its branches lead.
    let output = run(&[Path::new("diff"), Path::new("--format"), Path::new("json"), null, &path]);
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let changes = report["changes"].as_array().unwrap();
    assert_eq!(changes[0]["kind"], "flowAdded");
    assert!(changes[1..].iter().all(|c| c["kind"] == "blockAdded"));
    let check = changes.iter().find(|c| c["blockType"] == "Compare").unwrap();
    let branches = check["branches"].as_array().unwrap();
    assert!(
        branches
            .iter()
            .any(|b| b["label"] == "= AHEAD" && b["targetName"].as_str().unwrap().starts_with("Play prompt"))
    );
    assert!(branches.iter().all(|b| b["target"].is_string()));
}

#[test]
fn a_json_file_that_is_not_a_flow_under_git_is_a_line_diff_with_a_one_line_note() {
    let scratch = tempfile::tempdir().unwrap();
    let old = scratch.path().join("old.json");
    let new = scratch.path().join("new.json");
    std::fs::write(&old, "{\n  \"Username\": \"sditraglia\",\n  \"RoutingProfile\": \"Basic\"\n}\n").unwrap();
    std::fs::write(&new, "{\n  \"Username\": \"sditraglia\",\n  \"RoutingProfile\": \"Sales\"\n}\n").unwrap();
    let (hex, mode) = (Path::new("1111111"), Path::new("100644"));
    let output =
        run(&[Path::new("diff"), Path::new("--git"), Path::new("users/sd.json"), &old, hex, mode, &new, hex, mode]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "diff --whisperwire a/users/sd.json b/users/sd.json");
    assert!(
        lines[1].starts_with("note: the old version is not a readable flow (")
            && lines[1].ends_with("; a plain line diff follows"),
        "{text}"
    );
    assert_eq!(
        lines[2..].join("\n"),
        "--- a/users/sd.json\n+++ b/users/sd.json\n@@ -1,4 +1,4 @@\n {\n   \"Username\": \"sditraglia\",\n-  \"RoutingProfile\": \"Basic\"\n+  \"RoutingProfile\": \"Sales\"\n }"
    );
}

/// A version pair harvested from a public repository's history: the newer version is the
/// corpus file; the fixture holds how the older one differs (blocks it lacked, blocks it had,
/// values it held), and the diff's expected lines.
struct HistoryPair {
    file: PathBuf,
    fixture: Value,
}

impl HistoryPair {
    fn all() -> Vec<Self> {
        let dir = manifest_dir().join("tests/fixtures/diff-history");
        crate::support::files_under(&dir, |p| p.extension().is_some_and(|e| e == "json"))
            .into_iter()
            .map(|file| Self { fixture: read_json(&file), file })
            .collect()
    }

    /// The older version, rebuilt from the newer one.
    fn older(&self, newer: &Value) -> Value {
        let mut flow = newer.clone();
        let edits = &self.fixture["older"];
        let actions = flow["Actions"].as_array_mut().unwrap();
        for id in edits["remove"].as_array().unwrap() {
            actions.retain(|a| &a["Identifier"] != id);
        }
        for added in edits["add"].as_array().unwrap() {
            actions.push(added["action"].clone());
        }
        for added in edits["add"].as_array().unwrap() {
            if let Some(metadata) = added.get("metadata") {
                let id = added["action"]["Identifier"].as_str().unwrap();
                flow["Metadata"]["ActionMetadata"][id] = metadata.clone();
            }
        }
        for edit in edits["set"].as_array().unwrap() {
            let mut at = match edit["action"].as_str() {
                Some(id) => action_mut(&mut flow, id),
                None => &mut flow,
            };
            let path = edit["path"].as_array().unwrap();
            let (last, inner) = path.split_last().unwrap();
            for key in inner {
                at = &mut at[key.as_str().unwrap()];
            }
            let object = at.as_object_mut().unwrap();
            if edit["delete"] == true {
                object.remove(last.as_str().unwrap());
            } else {
                object.insert(last.as_str().unwrap().to_owned(), edit["value"].clone());
            }
        }
        flow
    }
}

#[test]
fn real_version_pairs_from_public_histories_read_as_expected() {
    let Some(dir) = corpus_dir() else { return };
    let pairs = HistoryPair::all();
    assert!(pairs.len() >= 7, "{} pairs", pairs.len());
    let scratch = tempfile::tempdir().unwrap();
    for pair in pairs {
        let newer = dir.join(pair.fixture["corpus"].as_str().unwrap());
        let older = write_json(scratch.path(), "older.json", &pair.older(&read_json(&newer)));
        let output = run(&[Path::new("diff"), &older, &newer]);
        let text = stdout(&output);
        let expected: Vec<&str> =
            pair.fixture["expected"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        if std::env::var("UPDATE_GOLDEN").is_ok() {
            let mut fixture = pair.fixture.clone();
            fixture["expected"] = json!(text.lines().collect::<Vec<_>>());
            std::fs::write(&pair.file, serde_json::to_string_pretty(&fixture).unwrap() + "\n").unwrap();
            continue;
        }
        assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{}", pair.fixture["source"]);
        assert_eq!(output.status.code(), Some(1), "{}", pair.fixture["source"]);
    }
}

#[test]
fn a_real_pair_that_reorders_loop_cases_and_error_branches_says_nothing_of_it() {
    let Some(dir) = corpus_dir() else { return };
    let pair = HistoryPair::all()
        .into_iter()
        .find(|p| p.fixture["corpus"].as_str().unwrap().ends_with("RulesEngineQueue.json"))
        .unwrap();
    let newer_value = read_json(&dir.join(pair.fixture["corpus"].as_str().unwrap()));
    let older_value = pair.older(&newer_value);
    // The older version lists a Loop's cases and some blocks' error branches in another order.
    let reordered = |key: &str| {
        pair.fixture["older"]["set"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["path"].as_array().unwrap().last() == Some(&json!(key)))
            .count()
    };
    assert!(reordered("Conditions") >= 1 && reordered("Errors") >= 5);
    let diff = diff::diff(&flow_json::from_value(older_value).unwrap(), &flow_json::from_value(newer_value).unwrap());
    assert!(diff.changes.iter().all(|c| c.kind != ChangeKind::BranchOrder), "{:?}", diff.changes);
    assert_eq!(diff.semantic_count(), 7);
}
