//! `whisperwire pull` and `publish`, end to end: the real binary, through the real AWS SDK over
//! HTTP, against the Connect stand-in started by each test (127.0.0.1, ephemeral port, reached
//! through `AWS_ENDPOINT_URL_CONNECT` with static test credentials). No test reaches AWS.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::standin::{Request, StandIn};
use crate::support::manifest_dir;

pub(crate) fn sample_flow(name: &str) -> String {
    std::fs::read_to_string(manifest_dir().join("samples/flows").join(format!("{name}.json"))).unwrap()
}

/// A flow's content as Connect returns it: compact, not as whisperwire formats it.
pub(crate) fn compact(text: &str) -> String {
    serde_json::to_string(&serde_json::from_str::<Value>(text).unwrap()).unwrap()
}

/// An instance like the samples': two numbers, two outbound whisper flows, an inbound flow, and
/// the US Sales queue presenting the Seattle number with the static flow.
pub(crate) struct Instance {
    pub(crate) standin: StandIn,
    pub(crate) static_flow: String,
    pub(crate) seattle: String,
    pub(crate) toll_free: String,
    pub(crate) sales_queue: String,
}

pub(crate) fn instance() -> Instance {
    let standin = StandIn::start();
    let seattle = standin.add_number("+12065550100", "DID", "US");
    let toll_free = standin.add_number("+18005550199", "TOLL_FREE", "US");
    let static_flow = standin.add_flow(
        "static-caller-id",
        "OUTBOUND_WHISPER",
        "PUBLISHED",
        &compact(&sample_flow("static-caller-id")),
    );
    standin.add_flow("Inbound main", "CONTACT_FLOW", "PUBLISHED", &compact(&sample_flow("static-caller-id")));
    let sales_queue = standin.add_queue("US Sales", Some(&seattle), Some("Acme Sales"), Some(&static_flow));
    standin.add_lambda("arn:aws:lambda:eu-west-2:123456789012:function:pick-caller-id");
    standin.add_prompt("Beep.wav");
    Instance { standin, static_flow, seattle, toll_free, sales_queue }
}

pub(crate) fn run(standin: &StandIn, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_whisperwire"));
    standin.configure(&mut command);
    command.args(args).output().unwrap()
}

pub(crate) fn text(output: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

pub(crate) fn pull(instance: &Instance, root: &Path) -> Output {
    let output =
        run(&instance.standin, &["pull", "--instance-id", instance.standin.instance_id(), root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    output
}

pub(crate) fn pulled(instance: &Instance) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("center");
    pull(instance, &root);
    (dir, root)
}

pub(crate) fn publish(instance: &Instance, root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["publish", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(&instance.standin, &args)
}

pub(crate) fn writes(standin: &StandIn) -> Vec<Request> {
    let write_ops = ["UpdateContactFlowContent", "CreateContactFlow", "UpdateQueueOutboundCallerConfig"];
    standin.requests().into_iter().filter(|r| write_ops.contains(&r.operation.as_str())).collect()
}

pub(crate) fn body(request: &Request) -> Value {
    serde_json::from_str(&request.body).unwrap()
}

pub(crate) fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Changes the prompt text of the static flow's file (a real edit the diff can name).
pub(crate) fn edit_prompt(root: &Path) -> String {
    let path = root.join("flows/static-caller-id.json");
    let edited = std::fs::read_to_string(&path).unwrap().replace("This call may be recorded", "This call is recorded");
    assert!(edited.contains("This call is recorded"), "the sample's prompt text changed");
    std::fs::write(&path, &edited).unwrap();
    edited
}

#[test]
fn pull_writes_the_outbound_whisper_flows_unchanged_the_instance_and_the_link() {
    let instance = instance();
    let standin = &instance.standin;
    let second = standin.add_flow(
        "Second whisper",
        "OUTBOUND_WHISPER",
        "SAVED",
        &compact(&sample_flow("caller-id-from-attribute")),
    );
    standin.set_page_size(1);
    standin.throttle("DescribeContactFlow", 1);
    let (_dir, root) = pulled(&instance);

    // Only the outbound whisper flow, its content equal as JSON, formatted as `fmt` would.
    let mut flows: Vec<String> = std::fs::read_dir(root.join("flows"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    flows.sort();
    assert_eq!(flows, ["Second-whisper.json", "static-caller-id.json"]);
    // A flow never published is written with its saved content and says so in its status.
    let mut never_published = serde_json::from_str::<Value>(&standin.flow(&second).unwrap().content).unwrap();
    never_published["Metadata"]["status"] = "saved".into();
    assert_eq!(json(&root.join("flows/Second-whisper.json")), never_published);
    let file = std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap();
    let remote = standin.flow(&instance.static_flow).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&file).unwrap(), serde_json::from_str::<Value>(&remote.content).unwrap());
    assert_eq!(file, std::fs::read_to_string(manifest_dir().join("samples/flows/static-caller-id.json")).unwrap());

    // instance.json: claimed numbers, the queue by E.164 number and flow name, Lambda, prompt.
    let inventory = json(&root.join("instance.json"));
    let numbers: Vec<&str> =
        inventory["phoneNumbers"].as_array().unwrap().iter().map(|n| n["number"].as_str().unwrap()).collect();
    assert_eq!(numbers, ["+12065550100", "+18005550199"]);
    assert_eq!(inventory["phoneNumbers"][0]["id"], instance.seattle.as_str());
    let queue = &inventory["queues"][0];
    assert_eq!(queue["name"], "US Sales");
    assert_eq!(queue["outboundCallerIdNumber"], "+12065550100");
    assert_eq!(queue["outboundCallerIdName"], "Acme Sales");
    assert_eq!(queue["outboundWhisperFlow"], "static-caller-id");
    assert_eq!(inventory["lambdas"][0]["name"], "pick-caller-id");
    assert_eq!(inventory["prompts"][0]["name"], "Beep.wav");

    // The link, by id: the flow's file, type and base (published hash, no draft), the queue's
    // base (its raw caller fields and what instance.json says of them); the base copy.
    let link = json(&root.join(".whisperwire/connect.json"));
    assert_eq!(link["version"], 2);
    assert_eq!(link["instanceId"], standin.instance_id());
    assert_eq!(link["region"], standin.region());
    let flow = &link["flows"][instance.static_flow.as_str()];
    assert_eq!(flow["file"], "static-caller-id.json");
    assert_eq!(flow["type"], "OUTBOUND_WHISPER");
    assert_eq!(flow["base"]["publishedSha256"], remote.sha256.as_str());
    assert!(flow["base"].get("draftSha256").is_none());
    assert_eq!(link["flows"][second.as_str()]["base"]["draftSha256"], standin.flow(&second).unwrap().sha256.as_str());
    assert!(link["flows"][second.as_str()]["base"].get("publishedSha256").is_none());
    assert_eq!(
        std::fs::read_to_string(root.join(format!(".whisperwire/base/{}.json", instance.static_flow))).unwrap(),
        remote.content
    );
    let queue = &link["queues"][instance.sales_queue.as_str()];
    assert_eq!(queue["name"], "US Sales");
    assert_eq!(queue["base"]["remote"]["numberId"], instance.seattle.as_str());
    assert_eq!(queue["base"]["local"]["number"], "+12065550100");
    assert_eq!(queue["base"]["local"]["flow"], "static-caller-id");

    // Only outbound whisper flows were asked for, every page was read, the throttled describe
    // was retried, and every request was SigV4-signed for `connect` with the test key.
    let lists = standin.requests_for("ListContactFlows");
    assert!(lists.len() >= 2, "one page per flow at page size 1: {}", lists.len());
    assert!(lists.iter().all(|r| r.query.contains("contactFlowTypes=OUTBOUND_WHISPER")), "{:?}", lists[0].query);
    // Each flow's saved version is asked first; only the one never published needs a second call.
    let describes = standin.requests_for("DescribeContactFlow");
    assert_eq!(describes.iter().filter(|r| r.status == 429).count(), 1);
    assert_eq!(describes.iter().filter(|r| r.status == 200).count(), 3);
    assert_eq!(standin.requests_for("ListPhoneNumbersV2").len(), 2, "two pages of numbers");
    for request in standin.requests() {
        assert_ne!(request.operation, "Unknown", "{} {}", request.method, request.path);
        assert_eq!(request.signature, Ok(()), "{}", request.operation);
        let authorization = request.header("authorization").unwrap_or_default();
        assert!(authorization.contains(&format!("/{}/connect/aws4_request", standin.region())), "{authorization}");
    }
    assert!(writes(standin).is_empty(), "pull never writes");
}

#[test]
fn all_types_pulls_every_flow() {
    let instance = instance();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let output = run(
        &instance.standin,
        &["pull", "--instance-id", instance.standin.instance_id(), "--all-types", root.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(root.join("flows/Inbound-main.json").is_file());
    assert!(root.join("flows/static-caller-id.json").is_file());
}

#[test]
fn pull_keeps_a_local_edit_connect_did_not_touch_and_a_conflict_unless_forced() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    let edited = edit_prompt(&root);
    let args = ["pull", "--instance-id", instance.standin.instance_id(), root.to_str().unwrap()];
    // Connect did not change the flow: the local edit stays, nothing to refuse.
    let output = run(&instance.standin, &args);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(
        text(&output).contains("kept flows/static-caller-id.json: edited here, not in Amazon Connect"),
        "{}",
        text(&output)
    );
    assert_eq!(std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap(), edited);
    // --force only decides conflicts: an edit Connect did not touch is still kept.
    let forced = run(&instance.standin, &[&args[..], &["--force"]].concat());
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));
    assert_eq!(std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap(), edited);

    // Now Connect changes it too: a conflict, the local side kept, exit 1.
    let remote_edit = compact(&sample_flow("static-caller-id")).replace("This call may be recorded", "Console edit");
    instance.standin.edit_flow_remotely(&instance.static_flow, &remote_edit);
    let conflict = run(&instance.standin, &args);
    assert_eq!(conflict.status.code(), Some(1), "{}", text(&conflict));
    assert!(text(&conflict).contains("conflict: flows/static-caller-id.json"), "{}", text(&conflict));
    assert_eq!(std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap(), edited);
    let forced = run(&instance.standin, &[&args[..], &["--force"]].concat());
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));
    assert!(std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap().contains("Console edit"));
}

#[test]
fn publish_sends_exactly_the_edited_local_content_and_records_the_new_hash() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("\"static-caller-id\": will publish 1 change"), "{out}");
    assert!(out.contains("\"static-caller-id\": published"), "{out}");

    let sent = writes(&instance.standin);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].operation, "UpdateContactFlowContent");
    assert!(sent[0].path.ends_with(&format!("/{}/content", instance.static_flow)), "{}", sent[0].path);
    let file = std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap();
    assert_eq!(body(&sent[0])["Content"], file.as_str(), "the request carries exactly the local file");
    let remote = instance.standin.flow(&instance.static_flow).unwrap();
    assert_eq!(remote.content, file);
    let link = json(&root.join(".whisperwire/connect.json"));
    assert_eq!(link["flows"][instance.static_flow.as_str()]["base"]["publishedSha256"], remote.sha256.as_str());
    assert!(link["flows"][instance.static_flow.as_str()].get("pending").is_none(), "confirmed, not pending");

    // Published again with nothing changed: nothing is sent.
    let again = publish(&instance, &root, &[]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
    assert!(text(&again).contains("nothing to publish"), "{}", text(&again));
    assert_eq!(writes(&instance.standin).len(), 1);
}

#[test]
fn a_dry_run_shows_the_semantic_diff_and_sends_nothing() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    let output = publish(&instance, &root, &["--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("will publish 1 change "), "{out}");
    assert!(out.contains("This call is recorded"), "the changed prompt text is shown: {out}");
    assert!(out.contains("dry run: nothing sent"), "{out}");
    assert!(writes(&instance.standin).is_empty());
}

#[test]
fn a_flow_changed_in_connect_is_refused_then_replaced_with_force() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    let remote_edit = compact(&sample_flow("static-caller-id"))
        .replace("This call may be recorded", "Console edit: this call may be recorded");
    instance.standin.edit_flow_remotely(&instance.static_flow, &remote_edit);

    let refused = publish(&instance, &root, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let out = text(&refused);
    assert!(out.contains("\"static-caller-id\": CONFLICT: changed here and in Amazon Connect"), "{out}");
    assert!(out.contains("yours, since the last pull:"), "{out}");
    assert!(out.contains("This call is recorded"), "the local change is shown: {out}");
    assert!(out.contains("Console edit"), "the remote change is shown: {out}");
    assert!(writes(&instance.standin).is_empty());
    assert_eq!(instance.standin.flow(&instance.static_flow).unwrap().content, remote_edit);

    let forced = publish(&instance, &root, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));
    let file = std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap();
    assert_eq!(instance.standin.flow(&instance.static_flow).unwrap().content, file);
}

#[test]
fn a_flow_with_validation_errors_is_never_sent() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    std::fs::write(root.join("flows/with-mistakes.json"), sample_flow("with-mistakes")).unwrap();
    let before = instance.standin.requests().len();
    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("flows/with-mistakes.json: error["), "{out}");
    assert!(out.contains("nothing sent"), "{out}");
    assert_eq!(instance.standin.requests().len(), before, "no request at all: validation comes first");
}

#[test]
fn a_new_flow_is_created_published_as_outbound_whisper_and_a_queue_gets_its_id() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    let new_flow = sample_flow("static-caller-id")
        .replace("\"name\": \"static-caller-id\"", "\"name\": \"Toll-free whisper\"")
        .replace("+12065550100", "+18005550199");
    std::fs::write(root.join("flows/toll-free-whisper.json"), &new_flow).unwrap();
    let inventory_path = root.join("instance.json");
    let inventory = std::fs::read_to_string(&inventory_path)
        .unwrap()
        .replace("\"outboundCallerIdNumber\": \"+12065550100\"", "\"outboundCallerIdNumber\": \"+18005550199\"")
        .replace("\"outboundWhisperFlow\": \"static-caller-id\"", "\"outboundWhisperFlow\": \"Toll-free whisper\"");
    std::fs::write(&inventory_path, inventory).unwrap();

    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let creates = instance.standin.requests_for("CreateContactFlow");
    assert_eq!(creates.len(), 1, "{}", text(&output));
    let create = body(&creates[0]);
    assert_eq!(create["Name"], "Toll-free whisper");
    assert_eq!(create["Type"], "OUTBOUND_WHISPER");
    assert_eq!(create["Status"], "PUBLISHED");
    let file = std::fs::read_to_string(root.join("flows/toll-free-whisper.json")).unwrap();
    assert_eq!(create["Content"], file.as_str());

    let link = json(&root.join(".whisperwire/connect.json"));
    let new_id = link["flows"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, f)| f["file"] == "toll-free-whisper.json")
        .map(|(id, _)| id.clone())
        .unwrap();
    let updates = instance.standin.requests_for("UpdateQueueOutboundCallerConfig");
    assert_eq!(updates.len(), 1);
    assert!(updates[0].path.contains(&instance.sales_queue));
    let config = &body(&updates[0])["OutboundCallerConfig"];
    assert_eq!(config["OutboundCallerIdNumberId"], instance.toll_free.as_str());
    assert_eq!(config["OutboundFlowId"], new_id.as_str());
    assert_eq!(config["OutboundCallerIdName"], "Acme Sales");
    let queue = instance.standin.queue(&instance.sales_queue).unwrap();
    assert_eq!(queue.caller_id_number_id.as_deref(), Some(instance.toll_free.as_str()));
    assert_eq!(queue.outbound_flow_id.as_deref(), Some(new_id.as_str()));
    // The flow the queue uses was created before the queue was pointed at it.
    let operations: Vec<String> = writes(&instance.standin).into_iter().map(|r| r.operation).collect();
    assert_eq!(operations, ["CreateContactFlow", "UpdateQueueOutboundCallerConfig"]);
}

#[test]
fn connects_own_problems_are_shown_next_to_the_flow() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    instance.standin.reject_content(&["Invalid action 'x': unsupported parameter", "StartAction must be set"]);
    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("\"static-caller-id\": Amazon Connect: Invalid action 'x': unsupported parameter"), "{out}");
    assert!(out.contains("\"static-caller-id\": Amazon Connect: StartAction must be set"), "{out}");
    let link = json(&root.join(".whisperwire/connect.json"));
    let remote = instance.standin.flow(&instance.static_flow).unwrap();
    let base = &link["flows"][instance.static_flow.as_str()]["base"];
    assert_eq!(base["publishedSha256"], remote.sha256.as_str(), "base unchanged");
}

#[test]
fn save_only_saves_on_the_saved_version_without_publishing() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    let published = instance.standin.flow(&instance.static_flow).unwrap().content;
    edit_prompt(&root);
    let output = publish(&instance, &root, &["--save-only"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let sent = instance.standin.requests_for("UpdateContactFlowContent");
    assert_eq!(sent.len(), 1);
    assert!(sent[0].path.contains("%3A%24SAVED"), "{}", sent[0].path);
    let remote = instance.standin.flow(&instance.static_flow).unwrap();
    assert_eq!(remote.content, published, "the published version is untouched");
    let saved = remote.saved_content.unwrap();
    assert!(saved.contains("This call is recorded"));
    assert_eq!(serde_json::from_str::<Value>(&saved).unwrap()["Metadata"]["status"], "saved");
}

#[test]
fn access_denied_names_the_iam_action() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    instance.standin.deny("UpdateContactFlowContent");
    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("connect:UpdateContactFlowContent"), "{}", text(&output));
}

#[test]
fn a_wrong_instance_is_one_sentence_and_exit_2() {
    let instance = instance();
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        &instance.standin,
        &["pull", "--instance-id", "00000000-0000-0000-0000-000000000000", dir.path().to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("no Amazon Connect instance with that id in region eu-west-2"), "{out}");
    assert_eq!(out.trim().lines().count(), 1, "{out}");
    // Nothing written: no flow, no inventory, no link (only the workspace's lock was taken).
    assert!(!dir.path().join("flows").exists() && !dir.path().join("instance.json").exists());
    assert!(!dir.path().join(".whisperwire/connect.json").exists());
}

#[test]
fn publish_needs_a_linked_workspace() {
    let instance = instance();
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    let output = publish(&instance, dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("is not linked to an Amazon Connect instance"), "{}", text(&output));
    assert!(instance.standin.requests().is_empty());
}

#[test]
fn no_network_is_one_sentence_and_exit_2() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    let endpoint = instance.standin.endpoint();
    drop(instance);
    let mut command = Command::new(env!("CARGO_BIN_EXE_whisperwire"));
    let standin = StandIn::start();
    standin.configure(&mut command);
    command.env("AWS_ENDPOINT_URL_CONNECT", &endpoint).env("AWS_MAX_ATTEMPTS", "1");
    let output = command.args(["publish", root.to_str().unwrap(), "--dry-run"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("cannot reach Amazon Connect in eu-west-2"), "{}", text(&output));
}
