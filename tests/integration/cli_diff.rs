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
fn a_real_flows_unmodelled_block_shows_the_changed_path() {
    let Some((path, mut value)) = gm_outbound() else { return };
    let voice = "0e1012f3-0b85-477f-a487-e5213059be02";
    action_mut(&mut value, voice)["Parameters"]["TextToSpeechVoice"] = json!("Matthew");
    let scratch = tempfile::tempdir().unwrap();
    let changed = write_json(scratch.path(), "voice.json", &value);
    let output = run(&[Path::new("diff"), &path, &changed]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stdout(&output),
        format!("~ 'Set voice' ({voice}) › Parameters.TextToSpeechVoice: \"Joanna\" → \"Matthew\"\n1 change\n")
    );
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
fn as_a_git_driver_an_unreadable_side_is_said_and_the_exit_is_0() {
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
            "diff --whisperwire a/flows/x.json b/flows/x.json\nthe old version is not a readable flow: 1:"
        ),
        "{text}"
    );
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
    assert!(added.contains("new flow \"static-caller-id\"\n"), "{added}");
    assert!(added.contains("+ 'Call phone number' (cbf27734-ac10-4525-8b66-402800e03d2c) added"), "{added}");
}
