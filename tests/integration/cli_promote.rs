//! `whisperwire promote`, end to end: two stand-ins playing two instances of different
//! accounts, regions, instance ids, resource ids and numbers (dev and prod), each pulled into a
//! workspace through the real SDK; promote between them; publish the target.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

use crate::cli_connect::{body, run, text};
use crate::standin::{Identity, StandIn};

const LAMBDA: &str = "pick-caller-id";

/// One instance: its stand-in, the ids the test needs, and its workspace.
struct Center {
    standin: StandIn,
    number: String,
    queue: String,
    flow: Option<String>,
    root: PathBuf,
}

/// The whisper flow of an instance: the static caller ID number (E.164, as the validator wants
/// it), the Lambda and the prompt by their ARNs in that instance, with the designer's labels
/// beside them.
fn whisper(standin: &StandIn, account: &str, number: &str, prompt: &str, text: &str) -> String {
    let region = standin.region();
    let flow = serde_json::json!({
        "Version": "2019-10-30",
        "StartAction": "a-call",
        "Metadata": {
            "entryPointPosition": {"x": 40, "y": 40},
            "ActionMetadata": {
                "a-call": {"position": {"x": 100, "y": 40}},
                "a-lambda": {"position": {"x": 300, "y": 40}, "parameters": {"LambdaFunctionARN": {"displayName": LAMBDA}}},
                "a-prompt": {"position": {"x": 500, "y": 40}, "promptName": "Beep.wav"},
                "a-end": {"position": {"x": 700, "y": 40}}
            },
            "name": "Sales whisper",
            "type": "outboundWhisper",
            "status": "published"
        },
        "Actions": [
            {"Identifier": "a-call", "Type": "CompleteOutboundCall",
             "Parameters": {"CallerId": {"Number": number}},
             "Transitions": {"NextAction": "a-lambda"}},
            {"Identifier": "a-lambda", "Type": "InvokeLambdaFunction",
             "Parameters": {"LambdaFunctionARN": format!("arn:aws:lambda:{region}:{account}:function:{LAMBDA}"), "InvocationTimeLimitSeconds": "3"},
             "Transitions": {"NextAction": "a-prompt", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "a-prompt"}]}},
            {"Identifier": "a-prompt", "Type": "MessageParticipant",
             "Parameters": {"PromptId": format!("{}/prompt/{prompt}", standin.instance_arn())},
             "Transitions": {"NextAction": "a-end", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "a-end"}]}},
            {"Identifier": "a-say", "Type": "MessageParticipant", "Parameters": {"Text": text},
             "Transitions": {"NextAction": "a-end", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "a-end"}]}},
            {"Identifier": "a-end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
        ]
    });
    serde_json::to_string(&flow).unwrap()
}

fn dev(dir: &Path) -> Center {
    let standin = StandIn::start();
    let account = crate::standin::ACCOUNT_ID;
    let number = standin.add_number("+12065550100", "DID", "US");
    standin.add_lambda(&format!("arn:aws:lambda:{}:{account}:function:{LAMBDA}", standin.region()));
    let prompt = standin.add_prompt("Beep.wav");
    let content = whisper(&standin, account, "+12065550100", &prompt, "Hello from dev");
    let flow = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content);
    let queue = standin.add_queue("US Sales", Some(&number), Some("Acme Sales"), Some(&flow));
    let root = dir.join("dev");
    pull(&standin, &root);
    Center { standin, number, queue, flow: Some(flow), root }
}

const PROD_ACCOUNT: &str = "444455556666";

/// Prod: another account, region and instance, ids from another range, another number; its
/// "US Sales" queue has no caller settings; with `flow`, an older "Sales whisper" is there.
fn prod(dir: &Path, lambda: &str, flow: bool) -> Center {
    let identity = Identity {
        instance_id: "99999999-8888-4777-8666-555555555555".to_owned(),
        region: "us-west-2".to_owned(),
        account: PROD_ACCOUNT.to_owned(),
        first_id: 1 << 24,
    };
    let standin = StandIn::start_as(identity);
    let number = standin.add_number("+442071838750", "DID", "GB");
    standin.add_lambda(&format!("arn:aws:lambda:us-west-2:{PROD_ACCOUNT}:function:{lambda}"));
    let prompt = standin.add_prompt("Beep.wav");
    let flow = flow.then(|| {
        let content = whisper(&standin, PROD_ACCOUNT, "+442071838750", &prompt, "Hello from an older prod");
        standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content)
    });
    let queue = standin.add_queue("US Sales", None, None, None);
    let root = dir.join("prod");
    pull(&standin, &root);
    Center { standin, number, queue, flow, root }
}

fn pull(standin: &StandIn, root: &Path) {
    let output = run(standin, &["pull", "--instance-id", standin.instance_id(), root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}

/// The map the stand-ins need: their numbers have no description, so the number is mapped.
fn map_file(dir: &Path) -> PathBuf {
    let path = dir.join("map.json");
    std::fs::write(&path, r#"{"phoneNumbers": {"+12065550100": "+442071838750"}}"#).unwrap();
    path
}

fn promote(target: &Center, args: &[&str]) -> Output {
    run(&target.standin, args)
}

fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_owned()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if !path.ends_with("lock") {
                found.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn promote_then_publish_creates_the_flow_with_every_arn_remapped_and_sets_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let dev = dev(dir.path());
    let prod = prod(dir.path(), LAMBDA, false);
    let map = map_file(dir.path());
    let (from, to) = (dev.root.to_str().unwrap(), prod.root.to_str().unwrap());
    let output = promote(&prod, &["promote", "--from", from, "--to", to, "--map", map.to_str().unwrap(), "--publish"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(text(&output).contains("queue \"US Sales\" → \"US Sales\""), "{}", text(&output));

    let creates = prod.standin.requests_for("CreateContactFlow");
    assert_eq!(creates.len(), 1, "{}", text(&output));
    let create = body(&creates[0]);
    let content: Value = serde_json::from_str(create["Content"].as_str().unwrap()).unwrap();
    let sent = content.to_string();
    for dev_only in
        [crate::standin::ACCOUNT_ID, "eu-west-2", dev.standin.instance_id(), dev.number.as_str(), "+12065550100"]
    {
        assert!(!sent.contains(dev_only), "{dev_only} reached prod: {sent}");
    }
    let prod_arn = prod.standin.instance_arn();
    let actions = &content["Actions"];
    assert_eq!(actions[0]["Parameters"]["CallerId"]["Number"], "+442071838750");
    assert_eq!(
        actions[1]["Parameters"]["LambdaFunctionARN"],
        format!("arn:aws:lambda:us-west-2:{PROD_ACCOUNT}:function:{LAMBDA}")
    );
    assert!(actions[2]["Parameters"]["PromptId"].as_str().unwrap().starts_with(&format!("{prod_arn}/prompt/")));
    assert_eq!(actions[3]["Parameters"]["Text"], "Hello from dev");

    let new_id = prod.standin.flow_by_name("Sales whisper")[0].id.clone();
    let queue = prod.standin.queue(&prod.queue).unwrap();
    assert_eq!(queue.caller_id_number_id.as_deref(), Some(prod.number.as_str()));
    assert_eq!(queue.caller_id_name.as_deref(), Some("Acme Sales"));
    assert_eq!(queue.outbound_flow_id.as_deref(), Some(new_id.as_str()));
    // Dev was only read.
    assert!(dev.standin.requests_for("CreateContactFlow").is_empty());
    assert!(dev.standin.requests_for("UpdateQueueOutboundCallerConfig").is_empty());
    assert_eq!(dev.standin.queue(&dev.queue).unwrap().outbound_flow_id, dev.flow);
}

#[test]
fn an_unmapped_lambda_is_refused_with_exit_1_naming_the_block_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let dev = dev(dir.path());
    let prod = prod(dir.path(), "pick-caller-id-v2", true);
    let map = map_file(dir.path());
    let before = files(&prod.root);
    let (from, to) = (dev.root.to_str().unwrap(), prod.root.to_str().unwrap());
    let output = promote(&prod, &["promote", "--from", from, "--to", to, "--map", map.to_str().unwrap(), "--publish"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let said = text(&output);
    assert!(
        said.contains("unresolved: Lambda function \"pick-caller-id\" in \"Sales whisper\" › 'Invoke AWS Lambda function' (a-lambda) › LambdaFunctionARN"),
        "{said}"
    );
    assert_eq!(files(&prod.root), before, "nothing may be written");
    assert!(prod.standin.requests_for("UpdateContactFlowContent").is_empty());

    // --write-map writes the map with the Lambda left blank; filled in, the promotion goes through.
    let written = dir.path().join("written-map.json");
    let output = promote(
        &prod,
        &[
            "promote",
            "--from",
            from,
            "--to",
            to,
            "--map",
            map.to_str().unwrap(),
            "--write-map",
            written.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let mut map_json: Value = serde_json::from_str(&std::fs::read_to_string(&written).unwrap()).unwrap();
    assert_eq!(map_json["lambdas"][LAMBDA], "");
    assert_eq!(map_json["phoneNumbers"]["+12065550100"], "+442071838750");
    assert_eq!(files(&prod.root), before, "--write-map writes only the map");
    map_json["lambdas"][LAMBDA] = Value::from("pick-caller-id-v2");
    std::fs::write(&written, map_json.to_string()).unwrap();
    let output = promote(&prod, &["promote", "--from", from, "--to", to, "--map", written.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let file = std::fs::read_to_string(prod.root.join("flows/Sales-whisper.json")).unwrap();
    assert!(file.contains(&format!("arn:aws:lambda:us-west-2:{PROD_ACCOUNT}:function:pick-caller-id-v2")), "{file}");
    assert!(prod.standin.requests_for("UpdateContactFlowContent").is_empty(), "promote alone sends nothing");
}

#[test]
fn a_target_flow_changed_in_connect_since_its_pull_is_refused_by_the_publish() {
    let dir = tempfile::tempdir().unwrap();
    let dev = dev(dir.path());
    let prod = prod(dir.path(), LAMBDA, true);
    let map = map_file(dir.path());
    let prod_flow = prod.flow.clone().unwrap();
    let remote = prod.standin.flow(&prod_flow).unwrap().content.replace("older prod", "hotfix in prod");
    prod.standin.edit_flow_remotely(&prod_flow, &remote);
    let (from, to) = (dev.root.to_str().unwrap(), prod.root.to_str().unwrap());
    let output = promote(&prod, &["promote", "--from", from, "--to", to, "--map", map.to_str().unwrap(), "--publish"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("CONFLICT"), "{}", text(&output));
    assert!(prod.standin.requests_for("UpdateContactFlowContent").is_empty());
    assert!(prod.standin.flow(&prod_flow).unwrap().content.contains("hotfix in prod"));
}

#[test]
fn a_target_flow_edited_locally_is_a_conflict_and_a_bad_map_file_is_exit_2_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let dev = dev(dir.path());
    let prod = prod(dir.path(), LAMBDA, true);
    let map = map_file(dir.path());
    let file = prod.root.join("flows/Sales-whisper.json");
    let edited = std::fs::read_to_string(&file).unwrap().replace("older prod", "local edit");
    std::fs::write(&file, &edited).unwrap();
    let (from, to) = (dev.root.to_str().unwrap(), prod.root.to_str().unwrap());
    let output = promote(&prod, &["promote", "--from", from, "--to", to, "--map", map.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("CONFLICT: \"Sales whisper\": flows/Sales-whisper.json was edited"),
        "{}",
        text(&output)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), edited);

    std::fs::write(&map, "{\n  \"queues\": {\"a\": 1}\n}").unwrap();
    let output = promote(&prod, &["promote", "--from", from, "--to", to, "--map", map.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("map.json:2:"), "{}", text(&output));
}

#[test]
fn promote_itself_opens_no_socket() {
    let found = std::process::Command::new("strace").arg("-V").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "CI=true but strace is not installed");
        eprintln!("note: strace not found; promote's no-network check is skipped (it runs under CI)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let dev = dev(dir.path());
    let prod = prod(dir.path(), LAMBDA, false);
    let map = map_file(dir.path());
    let log = dir.path().join("trace.log");
    let output = std::process::Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=socket,connect,bind,sendto", "-o", log.to_str().unwrap()])
        .arg(env!("CARGO_BIN_EXE_whisperwire"))
        .args(["promote", "--from", dev.root.to_str().unwrap(), "--to", prod.root.to_str().unwrap()])
        .args(["--map", map.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let trace = std::fs::read_to_string(&log).unwrap();
    let calls: Vec<&str> = trace.lines().filter(|l| !l.contains("+++ exited")).collect();
    assert!(calls.is_empty(), "promote made network calls:\n{}", calls.join("\n"));
    assert!(prod.root.join("flows/Sales-whisper.json").is_file());
}
