//! `pull`: an Amazon Connect instance into a workspace. Flow files get each flow's `Content`
//! unchanged (equal as JSON, formatted as `fmt` would); `instance.json` gets the claimed numbers,
//! the standard queues with their outbound caller config by E.164 number and flow name, the
//! Lambda functions (local mock replies kept) and the prompts; the link file gets everything
//! else the API said. A file edited locally since the last pull or publish is not overwritten
//! without `force`: it is listed instead.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::remote::{RemoteFlow, RemotePrompt, RemoteQueue};
use super::{ConnectError, Progress, Session, Settings, parse_instance};
use crate::flow_json;
use crate::instance::{Instance, LambdaFunction, Prompt, Queue};
use crate::workspace::atomic::{create_parent, write_atomic};
use crate::workspace::aws_import::{NumberFields, number_entry};
use crate::workspace::link::{Link, LinkedFlow, LinkedQueue, sha256_hex};
use crate::workspace::names::{FLOWS_DIR, INSTANCE_FILE, file_stem, flow_name};

/// What to pull.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullOptions {
    /// The instance id or ARN (an ARN also gives the region).
    pub instance: String,
    pub settings: Settings,
    /// Every flow type, not only outbound whisper flows.
    pub all_types: bool,
    /// Overwrite files edited locally since the last pull or publish.
    pub force: bool,
}

/// What a pull did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    pub instance_id: String,
    pub instance_arn: String,
    pub region: String,
    /// Flow files written (new or changed), by link key (`flows/x.json`).
    pub written: Vec<String>,
    /// Flow files that already held the remote content.
    pub unchanged: Vec<String>,
    /// Flow files edited locally and kept (not overwritten without `force`).
    pub kept_local: Vec<String>,
    /// Linked flows Amazon Connect no longer lists; their files stay.
    pub gone: Vec<String>,
    /// `instance.json` was edited locally and kept.
    pub instance_kept: bool,
    pub numbers: usize,
    pub queues: usize,
    pub lambdas: usize,
    pub prompts: usize,
    pub warnings: Vec<String>,
}

impl PullReport {
    /// Whether something was not overwritten because it was edited locally (exit 1).
    pub fn refused(&self) -> bool {
        !self.kept_local.is_empty() || self.instance_kept
    }
}

/// Everything read from the instance, before anything is written.
struct Snapshot {
    instance_id: String,
    instance_arn: String,
    flows: Vec<RemoteFlow>,
    numbers: Vec<NumberFields>,
    queues: Vec<RemoteQueue>,
    lambdas: Vec<String>,
    prompts: Vec<RemotePrompt>,
}

/// Pulls the instance into the workspace at `root` (created when missing).
pub fn pull(root: &Path, options: &PullOptions, progress: &Progress) -> Result<PullReport, ConnectError> {
    let (instance_id, arn_region) = parse_instance(&options.instance);
    if instance_id.is_empty() {
        return Err(ConnectError::Config("no instance id: pass --instance-id with an id or an instance ARN".into()));
    }
    let link = Link::load(root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    if let Some(link) = &link
        && link.instance_id != instance_id
        && !options.force
    {
        return Err(ConnectError::Config(format!(
            "{} is linked to instance {} ({}); pull --force to link it to {instance_id} instead",
            root.display(),
            link.instance_id,
            link.region
        )));
    }
    let mut settings = options.settings.clone();
    settings.region = settings.region.or(arn_region);
    progress.stage("Connecting to Amazon Connect", 1);
    let session = Session::open(&settings)?;
    let snapshot = read_instance(&session, &instance_id, options.all_types, progress)?;
    progress.check()?;
    progress.stage("Writing the workspace", 1);
    let previous = link.filter(|l| l.instance_id == instance_id);
    write_workspace(root, &session, &settings, previous, &snapshot, options)
}

fn read_instance(
    session: &Session,
    instance_id: &str,
    all_types: bool,
    progress: &Progress,
) -> Result<Snapshot, ConnectError> {
    let instance_arn = session.describe_instance(instance_id)?;
    progress.check()?;
    let listed = session.list_flows(instance_id, all_types)?;
    let ids: Vec<String> = listed.into_iter().filter(|f| !f.archived && !f.id.is_empty()).map(|f| f.id).collect();
    progress.stage("Reading flows", ids.len());
    let flows = session.describe_flows(instance_id, ids, progress)?;
    progress.stage("Reading phone numbers", 1);
    let numbers = session.list_numbers(instance_id)?;
    progress.check()?;
    let queues = session.queues(instance_id, progress)?;
    progress.stage("Reading Lambda functions and prompts", 2);
    let lambdas = session.list_lambdas(instance_id)?;
    progress.step();
    let prompts = session.list_prompts(instance_id)?;
    progress.step();
    Ok(Snapshot { instance_id: instance_id.to_owned(), instance_arn, flows, numbers, queues, lambdas, prompts })
}

fn write_workspace(
    root: &Path,
    session: &Session,
    settings: &Settings,
    previous: Option<Link>,
    snapshot: &Snapshot,
    options: &PullOptions,
) -> Result<PullReport, ConnectError> {
    let mut link = previous.unwrap_or_else(|| Link {
        instance_id: snapshot.instance_id.clone(),
        instance_arn: snapshot.instance_arn.clone(),
        region: session.region().to_owned(),
        profile: settings.profile.clone(),
        all_types: options.all_types,
        instance_sha256: None,
        flows: BTreeMap::new(),
        queues: BTreeMap::new(),
    });
    link.instance_arn.clone_from(&snapshot.instance_arn);
    session.region().clone_into(&mut link.region);
    link.profile.clone_from(&settings.profile);
    link.all_types = options.all_types;
    let mut report = PullReport {
        instance_id: snapshot.instance_id.clone(),
        instance_arn: snapshot.instance_arn.clone(),
        region: session.region().to_owned(),
        ..PullReport::default()
    };

    let names_by_id = write_flows(root, &snapshot.flows, &mut link, options, &mut report)?;
    write_instance(root, snapshot, &names_by_id, &mut link, options, &mut report)?;
    link.queues = snapshot
        .queues
        .iter()
        .map(|q| (q.name.clone(), LinkedQueue { id: q.id.clone(), arn: q.arn.clone() }))
        .collect();
    link.save(root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    Ok(report)
}

/// Each flow to its file (keeping the file a linked flow already has); linked flows Connect no
/// longer lists are unlinked. Returns the workspace name of each flow by id.
fn write_flows(
    root: &Path,
    flows: &[RemoteFlow],
    link: &mut Link,
    options: &PullOptions,
    report: &mut PullReport,
) -> Result<BTreeMap<String, String>, ConnectError> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut names_by_id: BTreeMap<String, String> = BTreeMap::new();
    let mut pulled_ids = BTreeSet::new();
    for remote in flows {
        pulled_ids.insert(remote.id.clone());
        let key = match link.flow_by_id(&remote.id) {
            Some((key, _)) => key.clone(),
            None => free_key(&remote.name, &taken, link, &remote.id),
        };
        taken.insert(key.clone());
        let (text, pulled) = match flow_json::format_keeping(remote.content.as_bytes()) {
            Ok(formatted) => {
                // The document comes back unless the text took the slow path; then read the text.
                let doc = formatted.doc.or_else(|| flow_json::from_str(&formatted.text).ok());
                (formatted.text, doc)
            }
            Err(error) => {
                report
                    .warnings
                    .push(format!("flow {:?}: its content could not be read ({error}); not written", remote.name));
                continue;
            }
        };
        let path = root.join(&key);
        match write_flow(&path, &key, &text, link, options.force)? {
            Written::Changed => report.written.push(key.clone()),
            Written::Same => report.unchanged.push(key.clone()),
            Written::Kept => {
                report.kept_local.push(key.clone());
                if let Ok(doc) = flow_json::load(&path) {
                    names_by_id.insert(remote.id.clone(), flow_name(&doc, Some(&path)));
                }
                continue;
            }
        }
        if let Some(doc) = &pulled {
            names_by_id.insert(remote.id.clone(), flow_name(doc, Some(&path)));
        }
        link.flows.insert(
            key,
            LinkedFlow {
                id: remote.id.clone(),
                arn: remote.arn.clone(),
                name: remote.name.clone(),
                flow_type: remote.flow_type.clone(),
                status: remote.status.clone(),
                content_sha256: remote.sha256.clone(),
                last_modified_time: remote.last_modified.clone(),
                local_sha256: sha256_hex(text.as_bytes()),
            },
        );
    }
    let fetched_type = |t: &str| options.all_types || t == "OUTBOUND_WHISPER";
    let gone: Vec<String> = link
        .flows
        .iter()
        .filter(|(_, f)| fetched_type(&f.flow_type) && !pulled_ids.contains(&f.id))
        .map(|(key, _)| key.clone())
        .collect();
    for key in gone {
        link.flows.remove(&key);
        report.gone.push(key);
    }
    Ok(names_by_id)
}

/// The instance inventory, merged with what only the workspace knows (mock replies, default
/// country, which numbers are ported), unless `instance.json` holds a local edit.
fn write_instance(
    root: &Path,
    snapshot: &Snapshot,
    names_by_id: &BTreeMap<String, String>,
    link: &mut Link,
    options: &PullOptions,
    report: &mut PullReport,
) -> Result<(), ConnectError> {
    let instance_path = root.join(INSTANCE_FILE);
    let local = load_local_instance(&instance_path, report);
    let instance = build_instance(snapshot, local.as_ref(), names_by_id, report);
    report.numbers = instance.phone_numbers.len();
    report.queues = instance.queues.len();
    report.lambdas = instance.lambdas.len();
    report.prompts = instance.prompts.len();
    let text = instance.to_json().map_err(|e| ConnectError::Workspace(format!("{}: {e}", instance_path.display())))?;
    let on_disk = std::fs::read(&instance_path).ok();
    let edited = on_disk.as_ref().is_some_and(|bytes| {
        bytes.as_slice() != text.as_bytes() && link.instance_sha256.as_deref() != Some(&sha256_hex(bytes))
    });
    if edited && !options.force {
        report.instance_kept = true;
    } else {
        if on_disk.as_deref() != Some(text.as_bytes()) {
            save(&instance_path, text.as_bytes())?;
        }
        link.instance_sha256 = Some(sha256_hex(text.as_bytes()));
    }
    Ok(())
}

enum Written {
    Changed,
    Same,
    Kept,
}

/// Writes a pulled flow's canonical text, unless the file holds a local edit (and not `force`).
fn write_flow(path: &Path, key: &str, text: &str, link: &Link, force: bool) -> Result<Written, ConnectError> {
    let Ok(bytes) = std::fs::read(path) else {
        save(path, text.as_bytes())?;
        return Ok(Written::Changed);
    };
    if bytes == text.as_bytes() {
        return Ok(Written::Same);
    }
    let as_last_written = link.flows.get(key).is_some_and(|f| f.local_sha256 == sha256_hex(&bytes));
    let same_json = flow_json::parse_value(&bytes).ok() == flow_json::parse_value(text.as_bytes()).ok();
    if !as_last_written && !same_json && !force {
        return Ok(Written::Kept);
    }
    save(path, text.as_bytes())?;
    Ok(Written::Changed)
}

fn save(path: &Path, bytes: &[u8]) -> Result<(), ConnectError> {
    create_parent(path).and_then(|()| write_atomic(path, bytes)).map_err(|e| ConnectError::Workspace(e.to_string()))
}

/// A file key for a new remote flow: `flows/<name>.json`, with `-2`, `-3`… when another flow of
/// this pull or the link already has it.
fn free_key(name: &str, taken: &BTreeSet<String>, link: &Link, id: &str) -> String {
    let stem = file_stem(name);
    let stem = if stem.is_empty() { "flow".to_owned() } else { stem };
    let in_use = |key: &String| taken.contains(key) || link.flows.get(key).is_some_and(|f| f.id != id);
    let mut key = format!("{FLOWS_DIR}/{stem}.json");
    let mut n = 2;
    while in_use(&key) {
        key = format!("{FLOWS_DIR}/{stem}-{n}.json");
        n += 1;
    }
    key
}

fn load_local_instance(path: &Path, report: &mut PullReport) -> Option<Instance> {
    if !path.is_file() {
        return None;
    }
    match Instance::load(path) {
        Ok(instance) => Some(instance),
        Err(error) => {
            report.warnings.push(format!("{error}; its Lambda mock replies and default country are not kept"));
            None
        }
    }
}

fn build_instance(
    snapshot: &Snapshot,
    local: Option<&Instance>,
    flow_names: &BTreeMap<String, String>,
    report: &mut PullReport,
) -> Instance {
    let mut numbers = Vec::new();
    for remote in &snapshot.numbers {
        match number_entry(remote.clone()) {
            Ok(mut number) => {
                if let Some(known) = local.and_then(|l| l.number(&number.number)) {
                    number.origin = known.origin;
                }
                numbers.push(number);
            }
            Err(problem) => report.warnings.push(format!("phone number {:?}: {problem}", remote.number)),
        }
    }
    numbers.sort_by(|a, b| a.number.cmp(&b.number));
    numbers.dedup_by(|a, b| a.number == b.number);
    let mut instance = Instance {
        default_country: local.and_then(|l| l.default_country.clone()),
        phone_numbers: numbers,
        ..Instance::default()
    };
    let mut queues: Vec<Queue> = snapshot.queues.iter().map(|q| queue(q, &instance, flow_names, report)).collect();
    queues.sort_by(|a, b| a.name.cmp(&b.name));
    instance.queues = queues;
    instance.lambdas = snapshot
        .lambdas
        .iter()
        .map(|arn| {
            let mock_replies = local
                .and_then(|l| l.lambdas.iter().find(|f| f.arn == *arn))
                .map(|f| f.mock_replies.clone())
                .unwrap_or_default();
            LambdaFunction { name: lambda_name(arn).to_owned(), arn: arn.clone(), mock_replies }
        })
        .collect();
    instance.prompts = snapshot
        .prompts
        .iter()
        .map(|p| Prompt { name: p.name.clone(), id: p.id.clone(), arn: p.arn.clone() })
        .collect();
    instance
}

fn queue(
    remote: &RemoteQueue,
    instance: &Instance,
    flow_names: &BTreeMap<String, String>,
    report: &mut PullReport,
) -> Queue {
    let config = &remote.caller_id;
    let number = config.number_id.as_deref().and_then(|id| {
        let found = instance.resolve_number(id).map(|n| n.number.clone());
        if found.is_none() {
            report.warnings.push(format!(
                "queue {:?}: its caller ID number {id} is not among the instance's claimed numbers",
                remote.name
            ));
        }
        found
    });
    let flow = config.flow_id.as_deref().and_then(|id| {
        let found = flow_names.get(id).cloned();
        if found.is_none() {
            report.warnings.push(format!(
                "queue {:?}: its outbound whisper flow {id} was not pulled (not an outbound whisper flow, or archived)",
                remote.name
            ));
        }
        found
    });
    Queue {
        id: Some(remote.id.clone()),
        arn: remote.arn.clone(),
        name: remote.name.clone(),
        outbound_caller_id_number: number,
        outbound_caller_id_name: config.name.clone().filter(|n| !n.is_empty()),
        outbound_whisper_flow: flow,
        outbound_flow_id: config.flow_id.clone(),
    }
}

/// The function name in a Lambda ARN (`arn:aws:lambda:R:A:function:NAME[:ALIAS]`).
fn lambda_name(arn: &str) -> &str {
    arn.split(":function:").nth(1).and_then(|rest| rest.split(':').next()).filter(|n| !n.is_empty()).unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lambda_names_come_from_their_arns() {
        assert_eq!(lambda_name("arn:aws:lambda:eu-west-2:123456789012:function:pick-caller-id"), "pick-caller-id");
        assert_eq!(lambda_name("arn:aws:lambda:eu-west-2:123456789012:function:pick:live"), "pick");
        assert_eq!(lambda_name("odd"), "odd");
    }

    #[test]
    fn new_flows_get_free_file_names() {
        let link = Link {
            instance_id: "i".into(),
            instance_arn: String::new(),
            region: "r".into(),
            profile: None,
            all_types: false,
            instance_sha256: None,
            flows: BTreeMap::new(),
            queues: BTreeMap::new(),
        };
        let mut taken = BTreeSet::new();
        assert_eq!(free_key("Sales whisper", &taken, &link, "a"), "flows/Sales-whisper.json");
        taken.insert("flows/Sales-whisper.json".to_owned());
        assert_eq!(free_key("Sales-whisper", &taken, &link, "b"), "flows/Sales-whisper-2.json");
        assert_eq!(free_key("", &taken, &link, "c"), "flows/flow.json");
    }
}
