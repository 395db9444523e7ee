//! `pull`: an Amazon Connect instance into a workspace, three-way.
//!
//! For each flow and each queue field the link holds a base (what both sides last agreed on).
//! What only Connect changed is taken; what only the workspace changed is kept (publish sends it
//! later); what both changed alike is recorded; what both changed differently is a conflict:
//! the local side is kept and the pull exits 1, unless `--force` takes Connect's side for that
//! item. An unedited workspace whose instance did not change is not written at all.
//!
//! Flow files get the newest content Connect holds (the saved draft if there is one, else the
//! published version), with `Metadata.status` saying which; `instance.json` gets the claimed
//! numbers, the standard queues with their outbound caller config, the Lambda functions (local
//! mock replies kept) and the prompts. Nothing is written outside the workspace: link entries are
//! bare file names, names from Connect become bounded safe file names, and a file the link does
//! not tie to a flow's id is never overwritten.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::remote::{FlowState, RemoteFlow, RemotePrompt, RemoteQueue};
use super::{ConnectError, Progress, Session, Settings, parse_instance};
use crate::flow_json;
use crate::instance::{Instance, LambdaFunction, Prompt, Queue};
use crate::model::FlowStatus;
use crate::words::quoted;
use crate::workspace::atomic::{create_parent, write_atomic};
use crate::workspace::aws_import::{NumberFields, number_entry};
use crate::workspace::link::{
    CallerFields, FlowBase, Link, LinkedFlow, LinkedQueue, LocalState, QueueBase, check_id, confined_flow_path,
    flow_path, same_flow, sha256_hex, write_base,
};
use crate::workspace::lock::WorkspaceLock;
use crate::workspace::names::{FLOWS_DIR, INSTANCE_FILE, remote_stem, shown_in};
use crate::workspace::three_way::{Change, classify, of_values};

/// What to pull.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullOptions {
    /// The instance id or ARN (an ARN also gives the region).
    pub instance: String,
    pub settings: Settings,
    /// Every flow type, not only outbound whisper flows.
    pub all_types: bool,
    /// In a conflict (changed here and in Connect), take Connect's side for that item.
    pub force: bool,
}

/// What a pull did. Paths are shown as `flows/<file>` (`flows\\<file>` on Windows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PullReport {
    pub instance_id: String,
    pub instance_arn: String,
    pub region: String,
    /// Flow files written: new flows, or flows Connect changed.
    pub written: Vec<String>,
    /// Flow files that already held what Connect holds.
    pub unchanged: Vec<String>,
    /// Flow files edited here that Connect did not change: kept for the next publish.
    pub kept_local: Vec<String>,
    /// Flow files changed here and in Connect, differently: kept (exit 1), unless `force`.
    pub conflicts: Vec<String>,
    /// A remote flow whose file name was taken by a file the link does not tie to it:
    /// (the name it would have had, the name it got).
    pub renamed: Vec<(String, String)>,
    /// Flows with saved changes in Connect that are not published (the file holds them).
    pub drafts: Vec<String>,
    /// Linked flows Amazon Connect no longer lists; their files stay.
    pub gone: Vec<String>,
    /// Queue fields edited here and not in Connect: kept for the next publish.
    pub queues_kept: Vec<String>,
    /// Queue fields changed here and in Connect, differently (exit 1 unless `force`).
    pub queue_conflicts: Vec<String>,
    pub numbers: usize,
    pub queues: usize,
    pub lambdas: usize,
    pub prompts: usize,
    pub warnings: Vec<String>,
}

impl PullReport {
    /// Whether a conflict kept something from being taken (exit 1).
    pub fn refused(&self) -> bool {
        !self.conflicts.is_empty() || !self.queue_conflicts.is_empty()
    }
}

/// Everything read from the instance, before anything is written.
struct Snapshot {
    instance_id: String,
    instance_arn: String,
    flows: Vec<(String, FlowState)>,
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
    let _lock = WorkspaceLock::acquire_or_borrow(root, "whisperwire pull")
        .map_err(|e| ConnectError::Workspace(e.to_string()))?;
    crate::workspace::gitignore::ensure(root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
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
    let mut session = Session::open(&settings)?;
    session.watch(progress);
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
    let mut ids: Vec<String> = listed.into_iter().filter(|f| !f.archived && !f.id.is_empty()).map(|f| f.id).collect();
    let mut seen = BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    progress.stage("Reading flows", ids.len());
    let states = session.flow_states(instance_id, ids.clone(), progress)?;
    // A flow deleted between the list and its describe is as if not listed.
    let flows = ids.into_iter().zip(states).filter_map(|(id, state)| state.map(|s| (id, s))).collect();
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
    let before = previous.clone();
    let mut link =
        previous.unwrap_or_else(|| Link::new(&snapshot.instance_id, &snapshot.instance_arn, session.region()));
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
    if before.as_ref() != Some(&link) {
        link.save(root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    }
    Ok(report)
}

/// The text pull writes for a flow: Connect's newest content, formatted as `fmt` would, with
/// `Metadata.status` saying whether it is the published version or saved content that is not.
fn file_text(flow: &RemoteFlow, has_draft: bool) -> Result<(String, Option<String>), String> {
    let formatted = flow_json::format_keeping(flow.content.as_bytes()).map_err(|e| e.to_string())?;
    let status = if has_draft { FlowStatus::Saved } else { FlowStatus::Published };
    let name = formatted.doc.as_ref().and_then(|d| d.flow.name.clone());
    match formatted.doc {
        Some(mut doc) if doc.flow.status != Some(status) => {
            doc.flow.status = Some(status);
            Ok((flow_json::to_canonical_string(&doc), name))
        }
        Some(_) => Ok((formatted.text, name)),
        None => Err("it could not be written back exactly".to_owned()),
    }
}

fn base_of(state: &FlowState, file_text: &str) -> FlowBase {
    FlowBase {
        published_sha256: state.published_sha256().map(str::to_owned),
        draft_sha256: state.draft_sha256().map(str::to_owned),
        file_sha256: sha256_hex(file_text.as_bytes()),
        last_modified_time: state.latest().and_then(|f| f.last_modified.clone()),
    }
}

/// Each flow to its file, three-way; linked flows Connect no longer lists are unlinked.
/// Returns the workspace name of each flow by id.
fn write_flows(
    root: &Path,
    flows: &[(String, FlowState)],
    link: &mut Link,
    options: &PullOptions,
    report: &mut PullReport,
) -> Result<BTreeMap<String, String>, ConnectError> {
    let mut taken: BTreeSet<String> = link.flows.values().map(|f| f.file.clone()).collect();
    let mut names_by_id: BTreeMap<String, String> = BTreeMap::new();
    let mut pulled_ids = BTreeSet::new();
    for (id, state) in flows {
        pulled_ids.insert(id.clone());
        let Some((latest, text, content_name)) = writable(id, state, report) else { continue };
        let workspace_name =
            |file: &str| content_name.clone().unwrap_or_else(|| file.trim_end_matches(".json").to_owned());
        if state.draft.is_some() && state.published.is_some() {
            report.drafts.push(latest.name.clone());
        }
        let linked = link.flows.get(id).cloned();
        let file = match &linked {
            Some(linked) => linked.file.clone(),
            None => match new_file(root, latest, &text, &taken, report) {
                Some(file) => file,
                None => continue,
            },
        };
        taken.insert(file.clone());
        let shown = shown_in(FLOWS_DIR, &file);
        let path = match confined_flow_path(root, &file) {
            Ok(path) => path,
            Err(problem) => {
                report.warnings.push(format!("flow {}: {problem}; not written", quoted(&latest.name)));
                continue;
            }
        };
        let take = match &linked {
            None => true,
            Some(linked) => {
                let local = link.local_state(root, id);
                let remote_changed = state.published_sha256() != linked.base.published_sha256.as_deref()
                    || state.draft_sha256() != linked.base.draft_sha256.as_deref();
                let on_disk = std::fs::read(&path).ok();
                let change = classify(local == LocalState::Edited, remote_changed, || {
                    on_disk.as_deref().is_some_and(|bytes| same_flow(bytes, text.as_bytes()))
                });
                match change {
                    Change::None if local == LocalState::Missing => true,
                    Change::None => {
                        report.unchanged.push(shown.clone());
                        false
                    }
                    Change::Local => {
                        report.kept_local.push(shown.clone());
                        names_by_id.insert(id.clone(), workspace_name(&file));
                        continue;
                    }
                    Change::Remote => true,
                    Change::Converged => {
                        // Both sides hold the same flow: it becomes the base, the file stays.
                        let bytes = on_disk.unwrap_or_default();
                        record(root, link, id, latest, &file, state, &String::from_utf8_lossy(&bytes))?;
                        report.unchanged.push(shown.clone());
                        names_by_id.insert(id.clone(), workspace_name(&file));
                        continue;
                    }
                    Change::Conflict if options.force => true,
                    Change::Conflict => {
                        report.conflicts.push(shown.clone());
                        names_by_id.insert(id.clone(), workspace_name(&file));
                        continue;
                    }
                }
            }
        };
        let file_text = if take {
            // A file that exists keeps its own layout (line endings, indentation).
            let styled = match std::fs::read(&path) {
                Ok(old) => flow_json::in_style_of(text, &old),
                Err(_) => text,
            };
            save(&path, styled.as_bytes())?;
            report.written.push(shown);
            styled
        } else {
            std::fs::read_to_string(&path).unwrap_or(text)
        };
        record(root, link, id, latest, &file, state, &file_text)?;
        names_by_id.insert(id.clone(), workspace_name(&file));
    }
    unlink_gone(link, &pulled_ids, options, report);
    Ok(names_by_id)
}

/// A flow's newest content as its file's text (and the name its content gives it), or a
/// warning saying why it is not written.
fn writable<'s>(
    id: &str,
    state: &'s FlowState,
    report: &mut PullReport,
) -> Option<(&'s RemoteFlow, String, Option<String>)> {
    let latest = state.latest()?;
    if check_id(id).is_err() {
        report.warnings.push(format!(
            "flow {}: Amazon Connect gave it the id {}, which is not a Connect id; not written",
            quoted(&latest.name),
            quoted(id)
        ));
        return None;
    }
    match file_text(latest, state.draft.is_some()) {
        Ok((text, name)) => Some((latest, text, name)),
        Err(error) => {
            report
                .warnings
                .push(format!("flow {}: its content could not be read ({error}); not written", quoted(&latest.name)));
            None
        }
    }
}

/// Linked flows of the pulled types that Connect no longer lists: unlinked, their files kept.
fn unlink_gone(link: &mut Link, pulled_ids: &BTreeSet<String>, options: &PullOptions, report: &mut PullReport) {
    let fetched_type = |t: &str| options.all_types || t == "OUTBOUND_WHISPER";
    let gone: Vec<String> = link
        .flows
        .iter()
        .filter(|(id, f)| fetched_type(&f.flow_type) && !pulled_ids.contains(*id))
        .map(|(id, _)| id.clone())
        .collect();
    for id in gone {
        if let Some(flow) = link.flows.remove(&id) {
            report.gone.push(shown_in(FLOWS_DIR, &flow.file));
        }
    }
}

/// Links flow `id` to `file` with a new base: `file_text` is what the file holds.
fn record(
    root: &Path,
    link: &mut Link,
    id: &str,
    latest: &RemoteFlow,
    file: &str,
    state: &FlowState,
    file_text: &str,
) -> Result<(), ConnectError> {
    write_base(root, id, &latest.content).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    // The base is what Connect holds now: a publish that never heard back is settled by it.
    link.flows.insert(
        id.to_owned(),
        LinkedFlow {
            file: file.to_owned(),
            arn: latest.arn.clone(),
            name: latest.name.clone(),
            flow_type: latest.flow_type.clone(),
            base: base_of(state, file_text),
            pending: None,
        },
    );
    link.pending_creates.remove(file);
    Ok(())
}

/// The file a flow new to the workspace goes to: its name made safe (bounded, with an id
/// suffix when cut), else with `-2`, `-3`… A file that exists and is not linked is never
/// overwritten: unless it already holds this very flow (then it is linked), the flow gets the
/// next free name and the report says so.
fn new_file(
    root: &Path,
    flow: &RemoteFlow,
    text: &str,
    taken: &BTreeSet<String>,
    report: &mut PullReport,
) -> Option<String> {
    let stem = remote_stem(&flow.name, &flow.id);
    let wanted = format!("{stem}.json");
    for n in 1..1000 {
        let file = if n == 1 { wanted.clone() } else { format!("{stem}-{n}.json") };
        if taken.contains(&file) {
            continue;
        }
        match std::fs::read(flow_path(root, &file)) {
            Err(_) if !flow_path(root, &file).exists() => {}
            Ok(bytes) if same_flow(&bytes, text.as_bytes()) => return Some(file),
            _ => continue,
        }
        if file != wanted && !taken.contains(&wanted) {
            report.renamed.push((shown_in(FLOWS_DIR, &wanted), shown_in(FLOWS_DIR, &file)));
        }
        return Some(file);
    }
    report.warnings.push(format!("flow {}: no free file name for it; not written", quoted(&flow.name)));
    None
}

/// The instance inventory: what Connect holds, merged with what only the workspace knows (mock
/// replies, default country, ported numbers, queues Connect does not have) and, queue field by
/// queue field, three-way with the base.
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
    let instance = build_instance(snapshot, local.as_ref(), names_by_id, link, options, report);
    report.numbers = instance.phone_numbers.len();
    report.queues = snapshot.queues.len();
    report.lambdas = instance.lambdas.len();
    report.prompts = instance.prompts.len();
    let text = instance.to_json().map_err(|e| ConnectError::Workspace(format!("{}: {e}", instance_path.display())))?;
    if std::fs::read(&instance_path).ok().as_deref() != Some(text.as_bytes()) {
        save(&instance_path, text.as_bytes())?;
    }
    Ok(())
}

fn save(path: &Path, bytes: &[u8]) -> Result<(), ConnectError> {
    create_parent(path).and_then(|()| write_atomic(path, bytes)).map_err(|e| ConnectError::Workspace(e.to_string()))
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
    link: &mut Link,
    options: &PullOptions,
    report: &mut PullReport,
) -> Instance {
    let mut numbers = Vec::new();
    let mut raw_numbers: BTreeMap<String, String> = BTreeMap::new();
    for remote in &snapshot.numbers {
        if let (Some(id), Some(text)) = (&remote.id, &remote.number) {
            raw_numbers.insert(id.clone(), text.clone());
        }
        match number_entry(remote.clone()) {
            Ok(mut number) => {
                if let Some(known) = local.and_then(|l| l.number(&number.number)) {
                    number.origin = known.origin;
                }
                numbers.push(number);
            }
            Err(problem) => report
                .warnings
                .push(format!("phone number {}: {problem}", quoted(remote.number.as_deref().unwrap_or("(no number)")))),
        }
    }
    numbers.sort_by(|a, b| a.number.cmp(&b.number));
    numbers.dedup_by(|a, b| a.number == b.number);
    let mut instance = Instance {
        default_country: local.and_then(|l| l.default_country.clone()),
        phone_numbers: numbers,
        ..Instance::default()
    };
    let mut queues: Vec<Queue> = Vec::new();
    let mut linked_queues = BTreeMap::new();
    for remote in &snapshot.queues {
        let rendering = render_queue(remote, &instance, &raw_numbers, flow_names, report);
        let local_queue = local.and_then(|l| l.queues.iter().find(|q| q.id.as_deref() == Some(remote.id.as_str())));
        let previous = link.queues.get(&remote.id).cloned();
        let (queue, base) =
            merge_queue(remote, &rendering, local_queue, previous.as_ref(), &raw_numbers, options, report);
        linked_queues.insert(
            remote.id.clone(),
            LinkedQueue { name: remote.name.clone(), arn: remote.arn.clone(), base: Some(base), pending: None },
        );
        queues.push(queue);
    }
    // Queues only the workspace knows (no Connect id) stay as they are.
    let remote_ids: BTreeSet<&str> = snapshot.queues.iter().map(|q| q.id.as_str()).collect();
    if let Some(local) = local {
        queues
            .extend(local.queues.iter().filter(|q| q.id.as_deref().is_none_or(|id| !remote_ids.contains(id))).cloned());
    }
    queues.sort_by(|a, b| a.name.cmp(&b.name));
    instance.queues = queues;
    link.queues = linked_queues;
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
    if let Some(local) = local {
        // A Lambda function only the workspace knows (mock replies written by hand) stays.
        for lambda in local.lambdas.iter().filter(|l| !snapshot.lambdas.contains(&l.arn)) {
            report.warnings.push(format!(
                "Lambda function {} is not associated with the instance in Amazon Connect; kept in instance.json \
                 with its mock replies",
                quoted(&lambda.name)
            ));
            instance.lambdas.push(lambda.clone());
        }
        for number in local.phone_numbers.iter().filter(|n| instance.number(&n.number).is_none()) {
            report.warnings.push(format!(
                "phone number {} is no longer claimed in Amazon Connect; removed from instance.json",
                number.number
            ));
        }
    }
    instance.prompts = snapshot
        .prompts
        .iter()
        .map(|p| Prompt { name: p.name.clone(), id: p.id.clone(), arn: p.arn.clone() })
        .collect();
    instance
}

/// A queue's outbound caller fields as `instance.json` writes them.
fn render_queue(
    remote: &RemoteQueue,
    instance: &Instance,
    raw_numbers: &BTreeMap<String, String>,
    flow_names: &BTreeMap<String, String>,
    report: &mut PullReport,
) -> CallerFields {
    let config = &remote.caller_id;
    let number = config.number_id.as_deref().and_then(|id| {
        let found = instance.resolve_number(id).map(|n| n.number.to_string());
        if found.is_none() {
            let what = raw_numbers.get(id).map_or_else(|| format!("(id {id})"), |text| quoted(text));
            report.warnings.push(format!(
                "queue {}: its caller ID number {what} is not a claimed E.164 number whisperwire can read; \
                 it stays as it is in Amazon Connect",
                quoted(&remote.name)
            ));
        }
        found
    });
    let flow = config.flow_id.as_deref().and_then(|id| {
        let found = flow_names.get(id).cloned();
        if found.is_none() {
            report.warnings.push(format!(
                "queue {}: its outbound whisper flow {id} was not pulled (not an outbound whisper flow, or archived); \
                 it stays as it is in Amazon Connect",
                quoted(&remote.name)
            ));
        }
        found
    });
    CallerFields { number, name: config.name.clone().filter(|n| !n.is_empty()), flow }
}

/// One queue, three-way field by field: the queue for `instance.json` and its new base. A
/// conflict without `force` keeps the local value and the old base, so publish sees it too.
fn merge_queue(
    remote: &RemoteQueue,
    rendering: &CallerFields,
    local: Option<&Queue>,
    previous: Option<&LinkedQueue>,
    raw_numbers: &BTreeMap<String, String>,
    options: &PullOptions,
    report: &mut PullReport,
) -> (Queue, QueueBase) {
    let new_base = QueueBase {
        remote: remote.caller_id.clone(),
        number_text: remote.caller_id.number_id.as_ref().and_then(|id| raw_numbers.get(id).cloned()),
        local: rendering.clone(),
    };
    let mut queue = Queue {
        id: Some(remote.id.clone()),
        arn: remote.arn.clone(),
        name: remote.name.clone(),
        outbound_caller_id_number: rendering
            .number
            .as_deref()
            .and_then(|n| crate::phone::PhoneNumber::parse_e164(n).ok()),
        outbound_caller_id_name: rendering.name.clone(),
        outbound_whisper_flow: rendering.flow.clone(),
        outbound_flow_id: remote.caller_id.flow_id.clone(),
    };
    let (Some(local), Some(base)) = (local, previous.and_then(|p| p.base.as_ref())) else {
        return (queue, new_base);
    };
    let mine = local_fields(local);
    let theirs = &remote.caller_id;
    let fields = [
        (
            "caller ID number",
            of_values(&base.local.number, &mine.number, &rendering.number),
            base.remote.number_id != theirs.number_id,
        ),
        ("caller ID name", of_values(&base.local.name, &mine.name, &rendering.name), base.remote.name != theirs.name),
        (
            "outbound whisper flow",
            of_values(&base.local.flow, &mine.flow, &rendering.flow),
            base.remote.flow_id != theirs.flow_id,
        ),
    ];
    let mut conflict = false;
    for (index, (field, rendered, raw_changed)) in fields.into_iter().enumerate() {
        // A raw change that renders alike (an unreadable number replaced by another) still counts.
        let change = match rendered {
            Change::Local if raw_changed => Change::Conflict,
            other => other,
        };
        let keep_local = match change {
            Change::Local => {
                report.queues_kept.push(format!("queue {}: {field}", quoted(&remote.name)));
                true
            }
            Change::Conflict if !options.force => {
                report.queue_conflicts.push(format!("queue {}: {field}", quoted(&remote.name)));
                conflict = true;
                true
            }
            _ => false,
        };
        if keep_local {
            match index {
                0 => queue.outbound_caller_id_number.clone_from(&local.outbound_caller_id_number),
                1 => queue.outbound_caller_id_name.clone_from(&local.outbound_caller_id_name),
                _ => {
                    queue.outbound_whisper_flow.clone_from(&local.outbound_whisper_flow);
                    queue.outbound_flow_id.clone_from(&local.outbound_flow_id);
                }
            }
        }
    }
    (queue, if conflict { base.clone() } else { new_base })
}

/// A queue's outbound caller fields as the workspace holds them.
pub fn local_fields(queue: &Queue) -> CallerFields {
    CallerFields {
        number: queue.outbound_caller_id_number.as_ref().map(ToString::to_string),
        name: queue.outbound_caller_id_name.clone().filter(|n| !n.is_empty()),
        flow: queue.outbound_whisper_flow.clone(),
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

    fn remote(name: &str, id: &str) -> RemoteFlow {
        RemoteFlow {
            id: id.into(),
            arn: String::new(),
            name: name.into(),
            flow_type: "OUTBOUND_WHISPER".into(),
            status: "PUBLISHED".into(),
            content: "{}".into(),
            sha256: String::new(),
            last_modified: None,
        }
    }

    #[test]
    fn new_flows_never_take_a_file_the_link_does_not_tie_to_them() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        crate::test_support::write(
            &root.join("flows/Sales-whisper.json"),
            "{\"Version\":\"2019-10-30\",\"Actions\":[1]}",
        );
        let mut report = PullReport::default();
        let mut taken = BTreeSet::new();
        let text = "{\"Version\":\"2019-10-30\",\"Actions\":[]}";
        let file = new_file(root, &remote("Sales whisper", "a"), text, &taken, &mut report);
        assert_eq!(file.as_deref(), Some("Sales-whisper-2.json"));
        assert_eq!(report.renamed, [("flows/Sales-whisper.json".to_owned(), "flows/Sales-whisper-2.json".to_owned())]);
        taken.insert("Sales-whisper-2.json".to_owned());
        // The same flow already there (a pull whose link was lost): linked, not duplicated.
        crate::test_support::write(
            &root.join("flows/Other.json"),
            "{\n  \"Version\": \"2019-10-30\",\n  \"Actions\": []\n}\n",
        );
        assert_eq!(new_file(root, &remote("Other", "b"), text, &taken, &mut report).as_deref(), Some("Other.json"));
        assert_eq!(new_file(root, &remote("", "c"), text, &taken, &mut report).as_deref(), Some("flow.json"));
    }
}
