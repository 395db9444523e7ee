//! Promotion between two hand-made workspaces of different instances: different account,
//! region, instance, ids and numbers.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::*;
use crate::workspace::link::{FlowBase, LinkedFlow, LinkedQueue, QueueBase};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const DEV: &str = "arn:aws:connect:us-east-1:111122223333:instance/d0d0d0d0-0000-4000-8000-000000000001";
const PROD: &str = "arn:aws:connect:eu-west-2:444455556666:instance/9a9a9a9a-0000-4000-8000-000000000002";
const DEV_NUMBER: &str = "arn:aws:connect:us-east-1:111122223333:phone-number/d0000000-0000-4000-8000-0000000000n1";
const PROD_NUMBER: &str = "arn:aws:connect:eu-west-2:444455556666:phone-number/90000000-0000-4000-8000-0000000000n1";
const DEV_LAMBDA: &str = "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id";
const PROD_LAMBDA: &str = "arn:aws:lambda:eu-west-2:444455556666:function:pick-caller-id";

fn dev_prompt() -> String {
    format!("{DEV}/prompt/d0000000-0000-4000-8000-0000000000p1")
}

fn prod_prompt() -> String {
    format!("{PROD}/prompt/90000000-0000-4000-8000-0000000000p1")
}

/// The whisper flow: a static caller ID number (by ARN), a Lambda, a prompt, with the labels
/// the designer keeps beside them.
fn whisper(number: &str, lambda: &str, prompt: &str, text: &str) -> Value {
    json!({
        "Version": "2019-10-30",
        "StartAction": "a-call",
        "Metadata": {
            "entryPointPosition": {"x": 40, "y": 40},
            "ActionMetadata": {
                "a-call": {"position": {"x": 100, "y": 40}, "callerIdSource": "static"},
                "a-lambda": {"position": {"x": 300, "y": 40}, "parameters": {"LambdaFunctionARN": {"displayName": "pick-caller-id"}}},
                "a-prompt": {"position": {"x": 500, "y": 40}, "promptName": "Beep.wav"},
                "a-say": {"position": {"x": 600, "y": 40}},
                "a-end": {"position": {"x": 700, "y": 40}}
            },
            "name": "Sales whisper",
            "type": "outboundWhisper",
            "status": "published"
        },
        "Actions": [
            {"Identifier": "a-call", "Type": "CompleteOutboundCall", "Parameters": {"CallerId": {"Number": number}}, "Transitions": {"NextAction": "a-lambda"}},
            {"Identifier": "a-lambda", "Type": "InvokeLambdaFunction", "Parameters": {"LambdaFunctionARN": lambda, "InvocationTimeLimitSeconds": "3"},
             "Transitions": {"NextAction": "a-prompt", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "a-prompt"}]}},
            {"Identifier": "a-prompt", "Type": "MessageParticipant", "Parameters": {"PromptId": prompt},
             "Transitions": {"NextAction": "a-say", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "a-say"}]}},
            {"Identifier": "a-say", "Type": "MessageParticipant", "Parameters": {"Text": text},
             "Transitions": {"NextAction": "a-end", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "a-end"}]}},
            {"Identifier": "a-end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
        ]
    })
}

fn write(path: &Path, text: &str) {
    crate::test_support::write(path, text);
}

fn pretty(value: &Value) -> String {
    flow_json::canonical_text(value)
}

/// A workspace as a pull would leave it: inventory, flows, and a link whose bases are the files.
struct Fixture {
    _dir: tempfile::TempDir,
    dev: PathBuf,
    prod: PathBuf,
}

fn dev_instance() -> Value {
    json!({
        "phoneNumbers": [{"id": "d0000000-0000-4000-8000-0000000000n1", "arn": DEV_NUMBER, "number": "+12065550100",
                          "numberType": "DID", "country": "US", "description": "Sales line"}],
        "queues": [{"id": "d0000000-0000-4000-8000-0000000000q1", "arn": format!("{DEV}/queue/d0000000-0000-4000-8000-0000000000q1"),
                    "name": "US Sales", "outboundCallerIdNumber": "+12065550100", "outboundCallerIdName": "Acme Sales",
                    "outboundWhisperFlow": "Sales whisper"}],
        "lambdas": [{"name": "pick-caller-id", "arn": DEV_LAMBDA}],
        "prompts": [{"name": "Beep.wav", "id": "d0000000-0000-4000-8000-0000000000p1", "arn": dev_prompt()}]
    })
}

fn prod_instance() -> Value {
    json!({
        "phoneNumbers": [{"id": "90000000-0000-4000-8000-0000000000n1", "arn": PROD_NUMBER, "number": "+442071838750",
                          "numberType": "DID", "country": "GB", "description": "Sales line"}],
        "queues": [{"id": "90000000-0000-4000-8000-0000000000q1", "arn": format!("{PROD}/queue/90000000-0000-4000-8000-0000000000q1"),
                    "name": "US Sales"}],
        "lambdas": [{"name": "pick-caller-id", "arn": PROD_LAMBDA}],
        "prompts": [{"name": "Beep.wav", "id": "90000000-0000-4000-8000-0000000000p1", "arn": prod_prompt()}]
    })
}

fn link_for(root: &Path, instance_arn: &str, flows: &[(&str, &str, &str)], instance: &Instance) -> Link {
    let parts = refs::Arn::parse(instance_arn).unwrap_or_else(|| panic!("{instance_arn}"));
    let instance_id = parts.resource.trim_start_matches("instance/");
    let mut link = Link::new(instance_id, instance_arn, parts.region);
    for (id, file, name) in flows {
        let bytes = std::fs::read(root.join("flows").join(file)).unwrap_or_default();
        link.flows.insert(
            (*id).to_owned(),
            LinkedFlow {
                file: (*file).to_owned(),
                arn: format!("{instance_arn}/contact-flow/{id}"),
                name: (*name).to_owned(),
                flow_type: "OUTBOUND_WHISPER".to_owned(),
                base: FlowBase {
                    published_sha256: Some("remote".to_owned()),
                    draft_sha256: None,
                    file_sha256: sha256_hex(&bytes),
                    last_modified_time: None,
                },
                pending: None,
            },
        );
    }
    for queue in &instance.queues {
        let Some(id) = &queue.id else { continue };
        let base = QueueBase { local: local_fields(queue), ..QueueBase::default() };
        link.queues.insert(
            id.clone(),
            LinkedQueue { name: queue.name.clone(), arn: queue.arn.clone(), base: Some(base), pending: None },
        );
    }
    link.save(root).unwrap_or_else(|e| panic!("{e}"));
    link
}

fn make_workspace(root: &Path, instance: &Value, flows: &[(&str, &str, Value)], instance_arn: &str) {
    write(&root.join("instance.json"), &serde_json::to_string_pretty(instance).unwrap_or_default());
    for (_, file, flow) in flows {
        write(&root.join("flows").join(file), &pretty(flow));
    }
    let inventory = Instance::load(&root.join("instance.json")).unwrap_or_else(|e| panic!("{e}"));
    let linked: Vec<(&str, &str, &str)> = flows.iter().map(|(id, file, _)| (*id, *file, "Sales whisper")).collect();
    link_for(root, instance_arn, &linked, &inventory);
}

/// Dev holds the new version of "Sales whisper"; prod holds an older one (another prompt text).
fn fixture(prod_instance: &Value, prod_has_flow: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dev = dir.path().join("dev");
    let prod = dir.path().join("prod");
    let dev_flow = whisper(DEV_NUMBER, DEV_LAMBDA, &dev_prompt(), "Hello from sales");
    make_workspace(
        &dev,
        &dev_instance(),
        &[("d0000000-0000-4000-8000-0000000000f1", "Sales-whisper.json", dev_flow)],
        DEV,
    );
    let prod_flows = if prod_has_flow {
        vec![(
            "90000000-0000-4000-8000-0000000000f1",
            "Sales-whisper.json",
            whisper(PROD_NUMBER, PROD_LAMBDA, &prod_prompt(), "Hi"),
        )]
    } else {
        Vec::new()
    };
    make_workspace(&prod, prod_instance, &prod_flows, PROD);
    Fixture { _dir: dir, dev, prod }
}

fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_arn_is_remapped_and_the_queue_gets_the_caller_settings() -> TestResult {
    let f = fixture(&prod_instance(), true);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(!plan.refused(), "{}", plan_text(&plan));
    apply(&plan)?;
    let written = std::fs::read_to_string(f.prod.join("flows/Sales-whisper.json"))?;
    for dev_only in ["111122223333", "us-east-1", "d0d0d0d0", "+12065550100"] {
        assert!(!written.contains(dev_only), "{dev_only} carried into prod:\n{written}");
    }
    let value: Value = serde_json::from_str(&written)?;
    assert_eq!(value["Actions"][0]["Parameters"]["CallerId"]["Number"], PROD_NUMBER);
    assert_eq!(value["Actions"][1]["Parameters"]["LambdaFunctionARN"], PROD_LAMBDA);
    assert_eq!(value["Actions"][2]["Parameters"]["PromptId"], prod_prompt());
    assert_eq!(value["Actions"][3]["Parameters"]["Text"], "Hello from sales");
    let inventory = Instance::load(&f.prod.join("instance.json"))?;
    let queue = inventory.queue("US Sales").ok_or("US Sales")?;
    assert_eq!(queue.outbound_caller_id_number.as_ref().map(crate::phone::PhoneNumber::as_str), Some("+442071838750"));
    assert_eq!(queue.outbound_caller_id_name.as_deref(), Some("Acme Sales"));
    assert_eq!(queue.outbound_whisper_flow.as_deref(), Some("Sales whisper"));
    assert_eq!(queue.outbound_flow_id.as_deref(), Some("90000000-0000-4000-8000-0000000000f1"));
    Ok(())
}

#[test]
fn the_flows_and_the_queue_settings_are_written_together_or_not_at_all() -> TestResult {
    let f = fixture(&prod_instance(), true);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(!plan.refused(), "{}", plan_text(&plan));
    // instance.json cannot be replaced (read-only): the flow, written first, must not change.
    let instance = f.prod.join("instance.json");
    let mut permissions = std::fs::metadata(&instance)?.permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&instance, permissions.clone())?;
    // The workspace's files, without the lock file that promote takes.
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(root).into_iter().filter(|(path, _)| !path.ends_with(".whisperwire/lock")).collect()
    };
    let before = files(&f.prod);
    let error = apply(&plan).err().ok_or("a read-only instance.json must refuse the promotion")?;
    assert!(error.to_string().contains("instance.json"), "{error}");
    assert!(error.to_string().contains("nothing was promoted"), "{error}");
    let after = files(&f.prod);
    let names = |files: &[(PathBuf, Vec<u8>)]| files.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&after), names(&before), "no file added, no temporary file left");
    assert!(after == before, "no file changed");
    #[expect(clippy::permissions_set_readonly_false, reason = "a test file made writable again")]
    permissions.set_readonly(false);
    std::fs::set_permissions(&instance, permissions)?;
    apply(&plan)?;
    assert!(files(&f.prod) != before, "written once instance.json can be replaced");
    Ok(())
}

#[test]
fn the_preview_shows_only_real_changes_and_the_mapping_by_name() -> TestResult {
    let f = fixture(&prod_instance(), true);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    let [flow] = plan.flows.as_slice() else { return Err("one flow".into()) };
    assert!(!flow.is_new && !flow.unchanged);
    assert_eq!(flow.diff.semantic_count(), 1, "only the prompt text changed: {}", flow.diff.to_text(false));
    let text = plan_text(&plan);
    assert!(text.contains("Lambda function \"pick-caller-id\" → \"pick-caller-id\" (same name)"), "{text}");
    assert!(text.contains("phone number \"+12065550100\" → \"+442071838750\" (same description)"), "{text}");
    assert!(text.contains("queue \"US Sales\" → \"US Sales\": caller ID number (none) → \"+442071838750\""), "{text}");
    Ok(())
}

#[test]
fn an_unmapped_lambda_refuses_the_whole_promotion_and_writes_nothing() -> TestResult {
    let mut prod = prod_instance();
    prod["lambdas"] =
        json!([{"name": "other-function", "arn": "arn:aws:lambda:eu-west-2:444455556666:function:other"}]);
    let f = fixture(&prod, true);
    let before = snapshot(&f.prod);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(plan.refused());
    let [unresolved] = plan.unresolved.as_slice() else { return Err(format!("{:?}", plan.unresolved).into()) };
    assert_eq!(unresolved.kind, Kind::Lambda);
    assert_eq!(unresolved.usage.block, "'Invoke AWS Lambda function' (a-lambda)");
    assert_eq!(unresolved.usage.parameter, "LambdaFunctionARN");
    let refused = apply(&plan);
    assert!(matches!(refused, Err(PromoteError::Refused(_))), "{refused:?}");
    assert_eq!(snapshot(&f.prod), before, "nothing may be written");
    Ok(())
}

#[test]
fn a_map_file_resolves_a_renamed_queue() -> TestResult {
    let mut prod = prod_instance();
    prod["queues"][0]["name"] = json!("Sales (UK)");
    let f = fixture(&prod, true);
    let unmapped = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(unmapped.unresolved.iter().any(|u| u.kind == Kind::Queue && u.source == "US Sales"));
    let mut options = PromoteOptions::default();
    options.map.queues.insert("US Sales".into(), "Sales (UK)".into());
    let mapped = plan(&f.dev, &f.prod, &options)?;
    assert!(!mapped.refused(), "{}", plan_text(&mapped));
    apply(&mapped)?;
    let inventory = Instance::load(&f.prod.join("instance.json"))?;
    let queue = inventory.queue("Sales (UK)").ok_or("Sales (UK)")?;
    assert_eq!(queue.outbound_whisper_flow.as_deref(), Some("Sales whisper"));
    assert_eq!(queue.outbound_caller_id_name.as_deref(), Some("Acme Sales"));
    Ok(())
}

#[test]
fn a_target_flow_edited_since_its_pull_is_a_conflict_and_nothing_is_written() -> TestResult {
    let f = fixture(&prod_instance(), true);
    let file = f.prod.join("flows/Sales-whisper.json");
    let edited = std::fs::read_to_string(&file)?.replace("\"Hi\"", "\"Hi there\"");
    std::fs::write(&file, edited)?;
    let before = snapshot(&f.prod);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(plan.unresolved.is_empty());
    assert_eq!(plan.conflicts.len(), 1, "{:?}", plan.conflicts);
    assert!(plan.conflicts[0].contains("edited in the target workspace"), "{:?}", plan.conflicts);
    assert!(apply(&plan).is_err());
    assert_eq!(snapshot(&f.prod), before);
    Ok(())
}

#[test]
fn a_queue_edited_locally_in_the_target_is_a_conflict() -> TestResult {
    let f = fixture(&prod_instance(), true);
    let path = f.prod.join("instance.json");
    let edited = std::fs::read_to_string(&path)?
        .replace("\"name\": \"US Sales\"", "\"name\": \"US Sales\", \"outboundCallerIdName\": \"Local\"");
    std::fs::write(&path, edited)?;
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(plan.conflicts.iter().any(|c| c.contains("queue \"US Sales\"")), "{:?}", plan.conflicts);
    Ok(())
}

#[test]
fn a_new_flow_gets_its_own_file_and_the_queue_waits_for_its_id() -> TestResult {
    let f = fixture(&prod_instance(), false);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    assert!(!plan.refused(), "{}", plan_text(&plan));
    assert!(plan.flows[0].is_new);
    let applied = apply(&plan)?;
    assert_eq!(applied.flows, ["flows/Sales-whisper.json"]);
    let inventory = Instance::load(&f.prod.join("instance.json"))?;
    let queue = inventory.queue("US Sales").ok_or("US Sales")?;
    assert_eq!(
        (queue.outbound_whisper_flow.as_deref(), queue.outbound_flow_id.as_deref()),
        (Some("Sales whisper"), None)
    );
    // Promoting again finds the file already holding the flow.
    let again = super::plan(&f.dev, &f.prod, &PromoteOptions::default());
    assert!(again.is_ok_and(|p| p.flows[0].unchanged && p.queues.is_empty()));
    Ok(())
}

#[test]
fn numbers_are_never_matched_by_guess() -> TestResult {
    let mut prod = prod_instance();
    prod["phoneNumbers"][0]["description"] = json!("Support line");
    let f = fixture(&prod, true);
    let plan = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    let numbers: Vec<&Unresolved> = plan.unresolved.iter().filter(|u| u.kind == Kind::PhoneNumber).collect();
    assert_eq!(numbers.len(), 2, "the block and the queue: {numbers:?}");
    assert_eq!(numbers[0].usage.parameter, "CallerId.Number");
    assert_eq!(numbers[1].usage.parameter, "outbound caller ID number");
    Ok(())
}

#[test]
fn the_written_map_has_blanks_for_the_unresolved_and_a_filled_one_resolves() -> TestResult {
    let mut prod = prod_instance();
    prod["lambdas"] = json!([{"name": "pick-caller-id-prod", "arn": "arn:aws:lambda:eu-west-2:444455556666:function:pick-caller-id-prod"}]);
    let f = fixture(&prod, true);
    let first = plan(&f.dev, &f.prod, &PromoteOptions::default())?;
    let mut map = first.map_file(&MapFile::default());
    assert_eq!(map.lambdas.get("pick-caller-id").map(String::as_str), Some(""));
    assert_eq!(map.prompts.get("Beep.wav").map(String::as_str), Some("Beep.wav"));
    assert_eq!(map.queues.get("US Sales").map(String::as_str), Some("US Sales"));
    map.lambdas.insert("pick-caller-id".into(), "pick-caller-id-prod".into());
    let second = plan(&f.dev, &f.prod, &PromoteOptions { flows: vec!["Sales whisper".into()], map })?;
    assert!(!second.refused(), "{}", plan_text(&second));
    let value: Value = serde_json::from_str(&second.flows[0].text)?;
    assert_eq!(
        value["Actions"][1]["Parameters"]["LambdaFunctionARN"],
        "arn:aws:lambda:eu-west-2:444455556666:function:pick-caller-id-prod"
    );
    assert_eq!(
        value["Metadata"]["ActionMetadata"]["a-lambda"]["parameters"]["LambdaFunctionARN"]["displayName"],
        "pick-caller-id-prod"
    );
    Ok(())
}

#[test]
fn an_unknown_flow_and_a_missing_inventory_are_errors_naming_them() {
    let f = fixture(&prod_instance(), true);
    let options = PromoteOptions { flows: vec!["Nope".into()], map: MapFile::default() };
    let error = plan(&f.dev, &f.prod, &options).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("no flow named \"Nope\""), "{error}");
    let _ = std::fs::remove_file(f.prod.join("instance.json"));
    let error = plan(&f.dev, &f.prod, &PromoteOptions::default()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("has no instance.json"), "{error}");
}
