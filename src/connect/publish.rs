//! `publish`: a linked workspace's flows and queue settings to Amazon Connect.
//!
//! Three steps, so the designer can show the middle one before anything is sent:
//! 1. [`prepare`] (no network): read the workspace and its link, pick the flows, validate each
//!    with the workspace's instance. Any error refuses the whole publish.
//! 2. [`plan`]: describe what is remote (a few calls at a time) and work out, per flow, the
//!    semantic diff and whether someone changed it in Connect since the last pull or publish
//!    (drift), and per queue the outbound caller config changes.
//! 3. [`execute`]: create or update each flow (drifted ones only with `force`), then the
//!    queues, recording each success in the link file at once, so a run that fails half-way can
//!    simply be run again.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::remote::{CallerConfig, RemoteFlow};
use super::{ConnectError, Progress, Session, Settings};
use crate::diff::{FlowDiff, diff};
use crate::flow_json;
use crate::instance::Instance;
use crate::model::{FlowDocument, FlowStatus};
use crate::validation::{self, BlockLabels, Context, flow_type::effective_type};
use crate::workspace::Workspace;
use crate::workspace::atomic::write_atomic;
use crate::workspace::link::{Link, LinkedFlow, flow_key, sha256_hex};

/// What to publish and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// Flow names (or file names without `.json`); empty: every flow of the workspace.
    pub flows: Vec<String>,
    /// Overwrite flows changed in Amazon Connect since the last pull or publish.
    pub force: bool,
    /// Save without publishing (`<id>:$SAVED`; new flows created as SAVED).
    pub save_only: bool,
}

/// One selected flow, read and validated.
#[derive(Debug, Clone)]
pub struct Selected {
    pub key: String,
    pub name: String,
    pub path: PathBuf,
    /// The API flow type (`OUTBOUND_WHISPER`), when the flow has or implies one.
    pub flow_type: Option<String>,
    pub doc: FlowDocument,
    /// The content to send: the file's flow with `Metadata.status` set to what this publish
    /// makes it, as canonical text; written back to the file once Connect accepted it.
    pub content: String,
}

/// A flow that cannot be published, and why (validation errors, as `validate` words them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocked {
    pub name: String,
    pub key: String,
    pub errors: Vec<String>,
}

/// The workspace side of a publish: read and validated, nothing sent.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub root: PathBuf,
    pub link: Link,
    pub instance: Instance,
    pub selected: Vec<Selected>,
    pub blocked: Vec<Blocked>,
    /// Whether `--flow` picked the flows (queues then follow only those flows).
    pub picked: bool,
    pub options: PublishOptions,
}

impl Prepared {
    /// The region and profile the link was made with.
    pub fn settings(&self) -> Settings {
        Settings::new(Some(self.link.region.clone()), self.link.profile.clone())
    }
}

/// What publish will do to one flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowStep {
    /// Not in Amazon Connect yet: `CreateContactFlow`.
    Create,
    /// `UpdateContactFlowContent`.
    Update,
    /// Amazon Connect already holds this content with this status: nothing to send.
    UpToDate,
    /// Changed in Amazon Connect since the last pull or publish: refused without `force`.
    Drifted,
}

/// One flow in the preview.
#[derive(Debug, Clone)]
pub struct FlowPlan {
    pub key: String,
    pub name: String,
    pub step: FlowStep,
    /// Remote → local, for an existing flow (what publishing changes).
    pub diff: Option<FlowDiff>,
    /// For a drifted flow: the remote id, its current `FlowContentSha256`.
    pub remote: Option<(String, String)>,
}

/// One queue whose outbound caller config changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePlan {
    pub name: String,
    pub id: String,
    pub from: CallerConfig,
    pub to: CallerConfig,
    /// The workspace flow whose new id `to.flow_id` waits for (created in this run).
    pub new_flow: Option<String>,
    /// The changes in words: "caller ID number +12065550100 → +12065550199".
    pub changes: Vec<String>,
}

/// The preview: what will be sent.
#[derive(Debug, Clone)]
pub struct PublishPlan {
    pub flows: Vec<FlowPlan>,
    pub queues: Vec<QueuePlan>,
    /// Things that will not be sent, and why (a queue Connect does not know, …).
    pub notes: Vec<String>,
}

impl PublishPlan {
    /// Whether publish would send anything.
    pub fn sends_anything(&self) -> bool {
        self.flows.iter().any(|f| matches!(f.step, FlowStep::Create | FlowStep::Update)) || !self.queues.is_empty()
    }

    pub fn drifted(&self) -> impl Iterator<Item = &FlowPlan> {
        self.flows.iter().filter(|f| f.step == FlowStep::Drifted)
    }
}

/// What happened to one flow or queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub name: String,
    /// "published", "created", "saved", "up to date", …, or the error.
    pub result: Result<String, ConnectError>,
}

/// What a publish did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishReport {
    pub flows: Vec<Outcome>,
    pub queues: Vec<Outcome>,
}

impl PublishReport {
    /// The worst exit code among the outcomes (0 when all went through).
    pub fn exit_code(&self) -> u8 {
        self.flows
            .iter()
            .chain(&self.queues)
            .filter_map(|o| o.result.as_ref().err())
            .map(ConnectError::exit_code)
            .max()
            .unwrap_or(0)
    }
}

/// Step 1: reads the workspace at `root` and its link, selects and validates the flows.
pub fn prepare(root: &Path, options: &PublishOptions) -> Result<Prepared, ConnectError> {
    let workspace = Workspace::open(root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    let Some(link) = Link::load(root).map_err(|e| ConnectError::Workspace(e.to_string()))? else {
        return Err(ConnectError::Config(format!(
            "{} is not linked to an Amazon Connect instance; run `whisperwire pull --instance-id ID {0}` first",
            root.display()
        )));
    };
    if let Some(error) = workspace.unreadable.first() {
        return Err(ConnectError::Workspace(error.to_string()));
    }
    let instance = workspace.instance.clone().unwrap_or_default();
    for wanted in &options.flows {
        let known =
            workspace.flows.iter().any(|f| f.name() == *wanted || crate::workspace::names::stem_of(&f.path) == *wanted);
        if !known {
            return Err(ConnectError::Workspace(format!("no flow named {wanted:?} in {}", root.display())));
        }
    }
    let target = if options.save_only { FlowStatus::Saved } else { FlowStatus::Published };
    let mut selected = Vec::new();
    let mut blocked = Vec::new();
    for file in &workspace.flows {
        let name = file.name();
        let stem = crate::workspace::names::stem_of(&file.path);
        if !options.flows.is_empty() && !options.flows.iter().any(|w| *w == name || *w == stem) {
            continue;
        }
        let key = flow_key(root, &file.path);
        let context = Context { instance: Some(&instance), flow_name: Some(&name) };
        // Checked as what it becomes once live: published (a save-only draft must be just as
        // publishable, since the queue keeps the published version until then).
        let mut checked = file.doc.clone();
        checked.flow.status = Some(FlowStatus::Published);
        let report = validation::validate(&checked, context);
        if !report.can_publish() {
            let labels = BlockLabels::new(&checked);
            let errors = report
                .publishing_blockers()
                .map(|d| {
                    let place = d.action.as_ref().map(|id| format!(" action {}", labels.label(id))).unwrap_or_default();
                    format!("error[{}]{place}: {}", d.rule.code(), d.message)
                })
                .collect();
            blocked.push(Blocked { name, key, errors });
            continue;
        }
        let flow_type = effective_type(&file.doc, context, None).map(|t| t.flow_type.api_name().to_owned());
        let mut doc = file.doc.clone();
        doc.flow.status = Some(target);
        let text = flow_json::to_canonical_string(&doc);
        selected.push(Selected { key, name, path: file.path.clone(), flow_type, doc, content: text });
    }
    Ok(Prepared {
        root: root.to_owned(),
        link,
        instance,
        selected,
        blocked,
        picked: !options.flows.is_empty(),
        options: options.clone(),
    })
}

/// Step 2: what publish will change, read from Amazon Connect (nothing is written).
pub fn plan(session: &Session, prepared: &Prepared, progress: &Progress) -> Result<PublishPlan, ConnectError> {
    let link = &prepared.link;
    let linked: Vec<&Selected> = prepared.selected.iter().filter(|s| link.flows.contains_key(&s.key)).collect();
    let ids: Vec<String> = linked.iter().filter_map(|s| link.flows.get(&s.key).map(|f| f.id.clone())).collect();
    progress.stage("Reading flows from Amazon Connect", ids.len());
    let remote: Vec<RemoteFlow> = session.describe_flows(&link.instance_id, ids, progress)?;
    let remote_by_key: BTreeMap<&str, &RemoteFlow> = linked.iter().map(|s| s.key.as_str()).zip(&remote).collect();
    let target = if prepared.options.save_only { "SAVED" } else { "PUBLISHED" };
    let mut flows = Vec::new();
    let mut notes = Vec::new();
    for selected in &prepared.selected {
        let Some(remote) = remote_by_key.get(selected.key.as_str()) else {
            if selected.flow_type.is_none() {
                notes.push(format!(
                    "{}: has no flow type (Metadata.type), so it cannot be created; open it in the designer to set one",
                    selected.name
                ));
                continue;
            }
            flows.push(FlowPlan {
                key: selected.key.clone(),
                name: selected.name.clone(),
                step: FlowStep::Create,
                diff: None,
                remote: None,
            });
            continue;
        };
        let recorded = link.flows.get(&selected.key).map(|f| f.content_sha256.as_str());
        let drifted = recorded != Some(remote.sha256.as_str());
        let old = flow_json::from_str(&remote.content).ok();
        // Drifted: what Amazon Connect has that the file does not; else what publishing changes.
        let changes = old.as_ref().map(|old| if drifted { diff(&selected.doc, old) } else { diff(old, &selected.doc) });
        let same_content = flow_json::parse_value(remote.content.as_bytes()).ok()
            == flow_json::parse_value(selected.content.as_bytes()).ok();
        // A save-only run leaves the published version alone: compare with it only to show the diff.
        let up_to_date =
            same_content && (remote.status == target || prepared.options.save_only && remote.status == "PUBLISHED");
        let step = if drifted {
            FlowStep::Drifted
        } else if up_to_date {
            FlowStep::UpToDate
        } else {
            FlowStep::Update
        };
        flows.push(FlowPlan {
            key: selected.key.clone(),
            name: selected.name.clone(),
            step,
            diff: changes,
            remote: Some((remote.id.clone(), remote.sha256.clone())),
        });
    }
    let queues = plan_queues(session, prepared, &flows, &mut notes, progress)?;
    Ok(PublishPlan { flows, queues, notes })
}

fn plan_queues(
    session: &Session,
    prepared: &Prepared,
    flows: &[FlowPlan],
    notes: &mut Vec<String>,
    progress: &Progress,
) -> Result<Vec<QueuePlan>, ConnectError> {
    let link = &prepared.link;
    let selected_names: Vec<&str> = prepared.selected.iter().map(|s| s.name.as_str()).collect();
    let mut wanted = Vec::new();
    for queue in &prepared.instance.queues {
        if prepared.picked && !queue.outbound_whisper_flow.as_deref().is_some_and(|f| selected_names.contains(&f)) {
            continue;
        }
        let Some(id) = link.queues.get(&queue.name).map(|q| q.id.clone()).or_else(|| queue.id.clone()) else {
            notes
                .push(format!("queue {:?} is not in Amazon Connect (create it in the console, then pull)", queue.name));
            continue;
        };
        let number_id = match &queue.outbound_caller_id_number {
            None => None,
            Some(number) => {
                let Some(id) = prepared.instance.number(number).and_then(|n| n.id.clone()) else {
                    notes.push(format!(
                        "queue {:?}: caller ID number {number} has no Amazon Connect id (claim it in Connect, then pull); \
                         queue not sent",
                        queue.name
                    ));
                    continue;
                };
                Some(id)
            }
        };
        let (flow_id, new_flow) = match &queue.outbound_whisper_flow {
            None => (queue.outbound_flow_id.clone(), None),
            Some(flow) => {
                let Some(found) = whisper_flow_id(prepared, flows, flow) else {
                    notes.push(format!(
                        "queue {:?}: its outbound whisper flow {flow:?} is not in Amazon Connect yet; publish it too; \
                         queue not sent",
                        queue.name
                    ));
                    continue;
                };
                found
            }
        };
        let to = CallerConfig { name: queue.outbound_caller_id_name.clone(), number_id, flow_id };
        wanted.push((queue.name.clone(), id, to, new_flow));
    }
    progress.stage("Reading queues from Amazon Connect", wanted.len());
    let ids = wanted.iter().map(|(_, id, ..)| id.clone()).collect();
    let remote = session.describe_queues(&link.instance_id, ids, progress)?;
    let mut plans = Vec::new();
    for ((name, id, to, new_flow), remote) in wanted.into_iter().zip(remote) {
        let from = remote.caller_id;
        if from == to && new_flow.is_none() {
            continue;
        }
        let changes = queue_changes(&from, &to, &prepared.instance, link, new_flow.as_deref());
        plans.push(QueuePlan { name, id, from, to, new_flow, changes });
    }
    Ok(plans)
}

/// The Connect id of the workspace flow called `name` (`None` inside when it is created in this
/// run, with its key), or `None` when Connect does not know it and it is not being created.
fn whisper_flow_id(prepared: &Prepared, flows: &[FlowPlan], name: &str) -> Option<(Option<String>, Option<String>)> {
    let workspace_key = prepared.selected.iter().find(|s| s.name == name).map(|s| s.key.clone()).or_else(|| {
        let by_name = |f: &LinkedFlow| f.name == name;
        prepared.link.flows.iter().find(|(_, f)| by_name(f)).map(|(k, _)| k.clone())
    })?;
    if let Some(linked) = prepared.link.flows.get(&workspace_key) {
        return Some((Some(linked.id.clone()), None));
    }
    flows.iter().any(|f| f.key == workspace_key && f.step == FlowStep::Create).then_some((None, Some(workspace_key)))
}

fn queue_changes(
    from: &CallerConfig,
    to: &CallerConfig,
    instance: &Instance,
    link: &Link,
    new_flow: Option<&str>,
) -> Vec<String> {
    let number = |id: &Option<String>| {
        id.as_deref().map_or_else(
            || "none".to_owned(),
            |id| instance.resolve_number(id).map_or_else(|| id.to_owned(), |n| n.number.to_string()),
        )
    };
    let flow = |id: &Option<String>| {
        id.as_deref().map_or_else(
            || "none".to_owned(),
            |id| link.flow_by_id(id).map_or_else(|| id.to_owned(), |(_, f)| f.name.clone()),
        )
    };
    let name = |n: &Option<String>| n.clone().unwrap_or_else(|| "none".to_owned());
    let mut changes = Vec::new();
    if from.number_id != to.number_id {
        changes.push(format!("caller ID number {} → {}", number(&from.number_id), number(&to.number_id)));
    }
    if from.name != to.name {
        changes.push(format!("caller ID name {} → {}", name(&from.name), name(&to.name)));
    }
    if let Some(key) = new_flow {
        changes.push(format!("outbound whisper flow {} → {key} (created now)", flow(&from.flow_id)));
    } else if from.flow_id != to.flow_id {
        changes.push(format!("outbound whisper flow {} → {}", flow(&from.flow_id), flow(&to.flow_id)));
    }
    changes
}

/// Step 3: sends what the plan says. Each success is recorded in the link at once.
pub fn execute(session: &Session, prepared: &mut Prepared, plan: &PublishPlan, progress: &Progress) -> PublishReport {
    let mut report = PublishReport::default();
    let sending: Vec<&FlowPlan> = plan.flows.iter().collect();
    progress.stage("Publishing flows", sending.len() + plan.queues.len());
    for flow in sending {
        if progress.is_cancelled() {
            report.flows.push(Outcome { name: flow.name.clone(), result: Err(ConnectError::Cancelled) });
            continue;
        }
        let result = send_flow(session, prepared, flow);
        report.flows.push(Outcome { name: flow.name.clone(), result });
        progress.step();
    }
    for queue in &plan.queues {
        if progress.is_cancelled() {
            report.queues.push(Outcome { name: queue.name.clone(), result: Err(ConnectError::Cancelled) });
            continue;
        }
        let result = send_queue(session, prepared, queue);
        report.queues.push(Outcome { name: queue.name.clone(), result });
        progress.step();
    }
    report
}

fn send_flow(session: &Session, prepared: &mut Prepared, plan: &FlowPlan) -> Result<String, ConnectError> {
    let save_only = prepared.options.save_only;
    let Some(selected) = prepared.selected.iter().find(|s| s.key == plan.key).cloned() else {
        return Err(ConnectError::Workspace(format!("{}: not among the selected flows", plan.key)));
    };
    let instance_id = prepared.link.instance_id.clone();
    let done = match plan.step {
        FlowStep::UpToDate => return Ok("already up to date in Amazon Connect".to_owned()),
        FlowStep::Drifted if !prepared.options.force => {
            return Err(ConnectError::Drift(
                "changed in Amazon Connect since the last pull or publish; not overwritten (pull to take the remote \
                 version, or publish --force to replace it)"
                    .to_owned(),
            ));
        }
        FlowStep::Create => {
            let flow_type = selected.flow_type.clone().unwrap_or_default();
            let created =
                session.create_flow(&instance_id, &selected.name, &flow_type, &selected.content, save_only)?;
            let remote = session.describe_flow(&instance_id, &created.id)?;
            record(
                prepared,
                &selected,
                &remote,
                created.sha256.filter(|_| !save_only).unwrap_or(remote.sha256.clone()),
            )?;
            if save_only { "created, saved (not published)" } else { "created and published" }
        }
        FlowStep::Update | FlowStep::Drifted => {
            let id = prepared.link.flows.get(&plan.key).map(|f| f.id.clone()).unwrap_or_default();
            session.update_flow_content(&instance_id, &id, &selected.content, save_only)?;
            let remote = session.describe_flow(&instance_id, &id)?;
            let sha = remote.sha256.clone();
            record(prepared, &selected, &remote, sha)?;
            if save_only { "saved (not published)" } else { "published" }
        }
    };
    Ok(done.to_owned())
}

/// After a successful write: the file gets the content sent, the link its new hashes.
fn record(prepared: &mut Prepared, selected: &Selected, remote: &RemoteFlow, sha: String) -> Result<(), ConnectError> {
    let root = prepared.root.clone();
    if std::fs::read(&selected.path).ok().as_deref() != Some(selected.content.as_bytes()) {
        write_atomic(&selected.path, selected.content.as_bytes())
            .map_err(|e| ConnectError::Workspace(e.to_string()))?;
    }
    prepared.link.flows.insert(
        selected.key.clone(),
        LinkedFlow {
            id: remote.id.clone(),
            arn: remote.arn.clone(),
            name: remote.name.clone(),
            flow_type: remote.flow_type.clone(),
            status: remote.status.clone(),
            content_sha256: sha,
            last_modified_time: remote.last_modified.clone(),
            local_sha256: sha256_hex(selected.content.as_bytes()),
        },
    );
    prepared.link.save(&root).map_err(|e| ConnectError::Workspace(e.to_string()))
}

fn send_queue(session: &Session, prepared: &mut Prepared, queue: &QueuePlan) -> Result<String, ConnectError> {
    let mut to = queue.to.clone();
    if let Some(key) = &queue.new_flow {
        let Some(linked) = prepared.link.flows.get(key) else {
            return Err(ConnectError::Workspace(format!(
                "its outbound whisper flow ({key}) was not created; queue not sent"
            )));
        };
        to.flow_id = Some(linked.id.clone());
    }
    session.update_queue_caller(&prepared.link.instance_id, &queue.id, &to)?;
    let root = prepared.root.clone();
    let entry = prepared
        .link
        .queues
        .entry(queue.name.clone())
        .or_insert_with(|| crate::workspace::link::LinkedQueue { id: queue.id.clone(), arn: None });
    entry.id.clone_from(&queue.id);
    prepared.link.save(&root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    Ok(queue.changes.join("; "))
}

/// The preview as text: what `publish --dry-run` prints and the designer's dialog shows.
pub fn plan_text(plan: &PublishPlan, save_only: bool) -> String {
    let mut text = String::new();
    let verb = if save_only { "save" } else { "publish" };
    for flow in &plan.flows {
        let changes = flow.diff.as_ref().map(FlowDiff::semantic_count).unwrap_or_default();
        let _ = match flow.step {
            FlowStep::Create => writeln!(
                text,
                "{}: new flow; will create it ({}) — {}",
                flow.name,
                flow.key,
                if save_only { "saved" } else { "published" }
            ),
            FlowStep::Update => writeln!(text, "{}: will {verb} {changes} change(s) ({})", flow.name, flow.key),
            FlowStep::UpToDate => writeln!(text, "{}: up to date in Amazon Connect", flow.name),
            FlowStep::Drifted => writeln!(
                text,
                "{}: changed in Amazon Connect since the last pull or publish (refused without --force); Amazon Connect's version differs from yours by {changes} change(s):",
                flow.name
            ),
        };
        if let Some(changes) = &flow.diff
            && flow.step != FlowStep::UpToDate
        {
            for change in changes.semantic() {
                let _ = writeln!(text, "  {}", crate::diff::change_line(change));
            }
        }
    }
    for queue in &plan.queues {
        let _ = writeln!(text, "queue {}: {}", queue.name, queue.changes.join("; "));
    }
    for note in &plan.notes {
        let _ = writeln!(text, "note: {note}");
    }
    if !plan.sends_anything() && plan.drifted().next().is_none() {
        let _ =
            writeln!(text, "nothing to {verb}: Amazon Connect already has the workspace's flows and queue settings");
    }
    text
}
