//! `publish`: a linked workspace's flows and queue settings to Amazon Connect, three-way.
//!
//! Three steps, so the designer can show the middle one before anything is sent:
//! 1. [`prepare`] (no network): take the workspace's lock, read the workspace and its link,
//!    pick the flows, validate each with the workspace's instance. Any error refuses the whole
//!    publish.
//! 2. [`plan`]: read what Connect holds now and compare each flow and each queue field with its
//!    base (what the last pull or publish saw). Only what changed here is sent; what changed only
//!    in Connect is left alone; what changed on both sides differently is a conflict, shown
//!    with the three values and refused unless forced for that item.
//! 3. [`execute`]: before each write the link records what is about to be sent (so a rerun
//!    after a lost answer, a crash or a failed confirmation adopts it instead of calling it
//!    drift); after it, Connect is asked what it holds now, and that becomes the base.
//!
//! A flow not sent (refused, invalid, failed) holds back the queues that use it.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::remote::{FlowState, FlowSummary, RemoteQueue};
use super::{ConnectError, Progress, Session, Settings};
use crate::diff::{FlowDiff, diff};
use crate::flow_json;
use crate::instance::Instance;
use crate::model::{FlowDocument, FlowStatus};
use crate::validation::{self, BlockLabels, Context, flow_type::effective_type};
use crate::words::quoted;
use crate::workspace::Workspace;
use crate::workspace::atomic::write_atomic;
use crate::workspace::link::{
    CallerFields, CallerIds, FlowBase, Link, LinkedFlow, Pending, QueueBase, confined_flow_path, read_base, same_flow,
    sha256_hex, status_of, write_base,
};
use crate::workspace::lock::WorkspaceLock;
use crate::workspace::names::{FLOWS_DIR, shown_in};
use crate::workspace::three_way::{Change, classify};

/// What to publish and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishOptions {
    /// Flow names (or file names without `.json`); empty: every flow of the workspace. A flow
    /// named here is published even when only its saved draft is new.
    pub flows: Vec<String>,
    /// In every conflict, send the local side.
    pub force: bool,
    /// In these conflicts only ([`FlowPlan::item`], [`FieldPlan::item`]), send the local side.
    pub force_items: BTreeSet<String>,
    /// Save without publishing (`<id>:$SAVED`; new flows created as SAVED).
    pub save_only: bool,
    /// Read only: no lock, nothing sent or written.
    pub dry_run: bool,
}

impl PublishOptions {
    /// Whether the local side wins the conflict on `item`.
    pub fn forced(&self, item: &str) -> bool {
        self.force || self.force_items.contains(item)
    }
}

/// One selected flow, read and validated.
#[derive(Debug, Clone)]
pub struct Selected {
    /// The bare file name under `flows/`.
    pub file: String,
    pub name: String,
    pub path: PathBuf,
    /// The linked flow's Connect id.
    pub id: Option<String>,
    /// The API flow type (`OUTBOUND_WHISPER`), when the flow has or implies one.
    pub flow_type: Option<String>,
    pub doc: FlowDocument,
    /// The content to send: the file's flow with `Metadata.status` set to what this publish
    /// makes it, as canonical text.
    pub content: String,
    /// The file as it is now.
    pub bytes: Vec<u8>,
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
    /// Every flow of the workspace by file name, with its name (queues name flows).
    pub names: BTreeMap<String, String>,
    pub selected: Vec<Selected>,
    pub blocked: Vec<Blocked>,
    /// Whether `--flow` picked the flows (queues then follow only those flows).
    pub picked: bool,
    pub options: PublishOptions,
    /// The workspace's lock, held from prepare to the end of execute (none for a dry run).
    pub lock: Option<Arc<WorkspaceLock>>,
}

impl Prepared {
    /// The region and profile the link was made with.
    pub fn settings(&self) -> Settings {
        Settings::new(Some(self.link.region.clone()), self.link.profile.clone())
    }
}

/// What publish will do to one flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowStep {
    /// Not in Amazon Connect yet: `CreateContactFlow`.
    Create,
    /// Changed here: `UpdateContactFlowContent`.
    Update,
    /// Unchanged here, but its saved draft is to be published.
    PublishDraft,
    /// Neither side changed it.
    UpToDate,
    /// Only Connect changed it: left alone (pull takes it).
    RemoteChanged,
    /// Connect already holds this flow (both sides made the same change, or an earlier publish
    /// was accepted without its answer): recorded, nothing sent.
    Adopt,
    /// Changed here and in Connect, differently: refused unless forced.
    Conflict,
}

impl FlowStep {
    /// Whether this step writes to Connect (a conflict only when forced).
    pub fn sends(self) -> bool {
        matches!(self, Self::Create | Self::Update | Self::PublishDraft)
    }
}

/// One flow in the preview.
#[derive(Debug, Clone)]
pub struct FlowPlan {
    /// The bare file name under `flows/`.
    pub file: String,
    pub name: String,
    pub step: FlowStep,
    /// The Connect id (an existing flow, or the one a create will adopt).
    pub id: Option<String>,
    /// What publishing changes in Connect (its newest content → the file).
    pub diff: Option<FlowDiff>,
    /// Base → the file: the changes made here since the last pull or publish.
    pub local_changes: Option<FlowDiff>,
    /// Base → Connect's newest content: the changes made in Connect since then.
    pub remote_changes: Option<FlowDiff>,
    /// Connect's flow now.
    pub remote: Option<FlowState>,
    /// A sentence for the preview: why a create adopts, why nothing is sent, …
    pub note: Option<String>,
    /// A conflict no `--force` may decide for the local side: the file would overwrite a
    /// Connect flow that is not its own (another flow of the same name, or a flow of another
    /// type than the link claims).
    pub locked: bool,
}

impl FlowPlan {
    /// A flow's plan with nothing read from Connect yet.
    pub fn new(file: &str, name: &str, step: FlowStep, id: Option<String>) -> Self {
        Self {
            file: file.to_owned(),
            name: name.to_owned(),
            step,
            id,
            diff: None,
            local_changes: None,
            remote_changes: None,
            remote: None,
            note: None,
            locked: false,
        }
    }

    /// The item name `--force` choices use: `flow:<file>`.
    pub fn item(&self) -> String {
        format!("flow:{}", self.file)
    }

    /// `flows/<file>` (`flows\\<file>` on Windows).
    pub fn key(&self) -> String {
        shown_in(FLOWS_DIR, &self.file)
    }
}

/// One outbound caller field of a queue, three ways.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPlan {
    /// "caller ID number", "caller ID name", "outbound whisper flow".
    pub field: &'static str,
    pub change: Change,
    /// The three values in words.
    pub base: String,
    pub local: String,
    pub remote: String,
    /// The item name for `--force` choices: `queue:<id>:<field>`.
    pub item: String,
}

/// One queue whose outbound caller config changes here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePlan {
    pub name: String,
    pub id: String,
    /// Connect's config now.
    pub from: CallerIds,
    /// What will be sent when every conflict is decided for Connect's side.
    pub to: CallerIds,
    /// What will be sent for a conflict decided for the local side, field by field.
    pub local: CallerIds,
    pub fields: Vec<FieldPlan>,
    /// The workspace flow (file) whose new id `to.flow_id` waits for (created in this run).
    pub new_flow: Option<String>,
    /// The workspace flow (file) the queue's whisper flow is, when it is part of this run.
    pub flow_file: Option<String>,
    /// Why the queue is not sent at all (a flow that cannot be used, a number without an id).
    pub held: Option<String>,
    /// The base the send starts from (adopted from a confirmed earlier send when there was one).
    pub base: QueueBase,
    /// The local fields now.
    pub local_fields: CallerFields,
}

impl QueuePlan {
    /// The fields changed here (sent unless a conflict is decided for Connect).
    pub fn changed(&self) -> impl Iterator<Item = &FieldPlan> {
        self.fields.iter().filter(|f| f.change.local_wins_needed())
    }
}

/// The preview: what will be sent.
#[derive(Debug, Clone, Default)]
pub struct PublishPlan {
    pub flows: Vec<FlowPlan>,
    pub queues: Vec<QueuePlan>,
    /// Queue bases to record without sending (an earlier send Connect holds).
    pub adopted_queues: BTreeMap<String, QueueBase>,
    /// Things that will not be sent, and why (a queue Connect does not know, …).
    pub notes: Vec<String>,
}

impl PublishPlan {
    /// Whether publish would send anything (conflicts count: forced, they are sent).
    pub fn sends_anything(&self) -> bool {
        self.flows.iter().any(|f| f.step.sends() || f.step == FlowStep::Conflict && !f.locked)
            || self.queues.iter().any(|q| q.held.is_none() && q.changed().next().is_some())
    }

    /// The conflicts: flows, and queue fields.
    pub fn conflicts(&self) -> usize {
        self.flows.iter().filter(|f| f.step == FlowStep::Conflict).count()
            + self.queues.iter().flat_map(|q| &q.fields).filter(|f| f.change == Change::Conflict).count()
    }

    /// The conflicts `options` leaves for Connect's side (refused: exit 1).
    pub fn unforced_conflicts(&self, options: &PublishOptions) -> usize {
        self.flows.iter().filter(|f| f.step == FlowStep::Conflict && (f.locked || !options.forced(&f.item()))).count()
            + self
                .queues
                .iter()
                .flat_map(|q| &q.fields)
                .filter(|f| f.change == Change::Conflict && !options.forced(&f.item))
                .count()
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

/// Step 1: takes the workspace's lock (not for a dry run), reads the workspace at `root` and its
/// link, selects and validates the flows.
pub fn prepare(root: &Path, options: &PublishOptions) -> Result<Prepared, ConnectError> {
    let lock = if options.dry_run {
        None
    } else {
        let lock = WorkspaceLock::acquire_or_borrow(root, "whisperwire publish")
            .map_err(|e| ConnectError::Workspace(e.to_string()))?;
        crate::workspace::gitignore::ensure(root).map_err(|e| ConnectError::Workspace(e.to_string()))?;
        Some(Arc::new(lock))
    };
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
            return Err(ConnectError::Workspace(format!("no flow named {} in {}", quoted(wanted), root.display())));
        }
    }
    let target = if options.save_only { FlowStatus::Saved } else { FlowStatus::Published };
    let mut selected = Vec::new();
    let mut blocked = Vec::new();
    let mut names = BTreeMap::new();
    for file in &workspace.flows {
        let name = file.name();
        let file_name = file.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        names.insert(file_name.clone(), name.clone());
        let stem = crate::workspace::names::stem_of(&file.path);
        if !options.flows.is_empty() && !options.flows.iter().any(|w| *w == name || *w == stem) {
            continue;
        }
        let key = shown_in(FLOWS_DIR, &file_name);
        let linked = link.flow_by_file(&file_name);
        let id = linked.map(|(id, _)| id.clone());
        let published_before = linked.is_some_and(|(_, flow)| flow.base.ever_published());
        let context = Context { instance: Some(&instance), flow_name: Some(&name), published_before };
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
        let sent = flow_json::to_canonical_string(&doc);
        let bytes =
            std::fs::read(&file.path).map_err(|e| ConnectError::Workspace(format!("{}: {e}", file.path.display())))?;
        selected.push(Selected {
            file: file_name,
            name,
            path: file.path.clone(),
            id,
            flow_type,
            doc,
            content: sent,
            bytes,
        });
    }
    Ok(Prepared {
        root: root.to_owned(),
        link,
        instance,
        names,
        selected,
        blocked,
        picked: !options.flows.is_empty(),
        options: options.clone(),
        lock,
    })
}

/// Step 2: what publish will change, read from Amazon Connect (nothing is written).
pub fn plan(session: &Session, prepared: &Prepared, progress: &Progress) -> Result<PublishPlan, ConnectError> {
    let link = &prepared.link;
    let linked: Vec<&Selected> = prepared.selected.iter().filter(|s| s.id.is_some()).collect();
    let ids: Vec<String> = linked.iter().filter_map(|s| s.id.clone()).collect();
    progress.stage("Reading flows from Amazon Connect", ids.len());
    let states = session.flow_states(&link.instance_id, ids, progress)?;
    let state_by_file: BTreeMap<&str, Option<FlowState>> = linked.iter().map(|s| s.file.as_str()).zip(states).collect();
    let creating = prepared.selected.iter().any(|s| s.id.is_none());
    let listed = if creating { session.list_flows(&link.instance_id, true)? } else { Vec::new() };
    let mut flows = Vec::new();
    let mut notes = Vec::new();
    for selected in &prepared.selected {
        let flow = match state_by_file.get(selected.file.as_str()) {
            Some(Some(state)) => plan_flow(prepared, selected, state),
            Some(None) => gone_flow(selected),
            None => match plan_create(session, prepared, selected, &listed, &mut notes)? {
                Some(flow) => flow,
                None => continue,
            },
        };
        flows.push(flow);
    }
    let mut adopted_queues = BTreeMap::new();
    let queues = plan_queues(session, prepared, &flows, &mut adopted_queues, &mut notes, progress)?;
    Ok(PublishPlan { flows, queues, adopted_queues, notes })
}

fn parse(text: &str) -> Option<FlowDocument> {
    flow_json::from_str(text).ok()
}

/// An existing flow: local and remote against the base.
fn plan_flow(prepared: &Prepared, selected: &Selected, state: &FlowState) -> FlowPlan {
    let link = &prepared.link;
    let id = selected.id.clone().unwrap_or_default();
    let linked = link.flows.get(&id);
    let base = linked.map(|l| &l.base);
    let base_copy = read_base(&prepared.root, &id);
    let content_changed = match (&base_copy, base) {
        (Some(copy), _) => !same_flow(&selected.bytes, copy.as_bytes()),
        (None, Some(base)) => sha256_hex(&selected.bytes) != base.file_sha256,
        (None, None) => true,
    };
    let remote_changed = base.is_none_or(|b| {
        state.published_sha256() != b.published_sha256.as_deref() || state.draft_sha256() != b.draft_sha256.as_deref()
    });
    let latest = state.latest();
    let save_only = prepared.options.save_only;
    // The file says "published" over a base that is a draft, or the flow was named: publish it.
    let wants_published = status_of(&selected.bytes).as_deref() == Some("published")
        || prepared.options.flows.iter().any(|w| *w == selected.name || format!("{w}.json") == selected.file);
    let draft_to_publish = !save_only && state.draft.is_some() && wants_published;
    let same_as_remote = || latest.is_some_and(|l| same_flow(l.content.as_bytes(), selected.content.as_bytes()));
    let pending = linked.and_then(|l| l.pending.as_ref());
    let pending_landed = pending.is_some_and(|p| {
        latest.is_some_and(|l| l.sha256 == p.content_sha256 || sha256_hex(l.content.as_bytes()) == p.content_sha256)
    });
    let mut note = None;
    let remote_type = latest.map(|l| l.flow_type.as_str()).filter(|t| !t.is_empty());
    let locked = match (remote_type, selected.flow_type.as_deref()) {
        (Some(theirs), Some(ours)) if theirs != ours => {
            note = Some(format!(
                "the link ties {} to Amazon Connect flow {id}, which is a {theirs} flow, not {ours}; not sent, forced or \
                 not (pull again to rebuild the link)",
                selected.file
            ));
            true
        }
        _ => false,
    };
    let step = if locked {
        FlowStep::Conflict
    } else if pending_landed {
        note = Some("Amazon Connect holds what the last, unfinished publish sent: recorded, nothing sent".to_owned());
        FlowStep::Adopt
    } else if content_changed {
        match classify(true, remote_changed, same_as_remote) {
            Change::Local => FlowStep::Update,
            Change::Converged if !draft_to_publish => FlowStep::Adopt,
            Change::Converged => FlowStep::PublishDraft,
            _ => FlowStep::Conflict,
        }
    } else if draft_to_publish {
        if remote_changed { FlowStep::Conflict } else { FlowStep::PublishDraft }
    } else if remote_changed {
        FlowStep::RemoteChanged
    } else {
        FlowStep::UpToDate
    };
    let ours = Some(&selected.doc);
    let base_doc = base_copy.as_deref().and_then(parse);
    let remote_doc = latest.and_then(|l| parse(&l.content));
    let pair = |old: Option<&FlowDocument>, new: Option<&FlowDocument>| match (old, new) {
        (Some(old), Some(new)) => Some(diff(old, new)),
        _ => None,
    };
    FlowPlan {
        file: selected.file.clone(),
        name: selected.name.clone(),
        step,
        id: Some(id),
        diff: pair(remote_doc.as_ref(), ours),
        local_changes: pair(base_doc.as_ref(), ours),
        remote_changes: if remote_changed { pair(base_doc.as_ref(), remote_doc.as_ref()) } else { None },
        remote: Some(state.clone()),
        note,
        locked,
    }
}

/// A linked flow Connect no longer has: never re-created behind the admin's back.
fn gone_flow(selected: &Selected) -> FlowPlan {
    FlowPlan {
        note: Some(
            "deleted in Amazon Connect since the last pull; not sent (pull to unlink it, then publish to create it \
             again)"
                .to_owned(),
        ),
        locked: true,
        ..FlowPlan::new(&selected.file, &selected.name, FlowStep::Conflict, selected.id.clone())
    }
}

/// A flow the link does not know: created, or adopted when Connect already has it (a create
/// whose answer was lost), or refused when Connect has another flow of that name.
fn plan_create(
    session: &Session,
    prepared: &Prepared,
    selected: &Selected,
    listed: &[FlowSummary],
    notes: &mut Vec<String>,
) -> Result<Option<FlowPlan>, ConnectError> {
    let Some(flow_type) = &selected.flow_type else {
        notes.push(format!(
            "{}: has no flow type (Metadata.type), so it cannot be created; open it in the designer to set one",
            quoted(&selected.name)
        ));
        return Ok(None);
    };
    let mut plan = FlowPlan::new(&selected.file, &selected.name, FlowStep::Create, None);
    let Some(existing) = listed.iter().find(|f| f.name == selected.name && !f.archived) else {
        return Ok(Some(plan));
    };
    let state = session.flow_state(&prepared.link.instance_id, &existing.id)?;
    let same = state.latest().is_some_and(|l| same_flow(l.content.as_bytes(), selected.content.as_bytes()));
    if same && existing.flow_type == *flow_type {
        plan.step = FlowStep::Adopt;
        plan.id = Some(existing.id.clone());
        plan.note = Some(format!(
            "Amazon Connect already has this flow (id {}), as a publish whose answer was lost would leave it: linked, nothing sent",
            existing.id
        ));
        plan.remote = Some(state);
        return Ok(Some(plan));
    }
    plan.step = FlowStep::Conflict;
    plan.locked = true;
    plan.id = Some(existing.id.clone());
    plan.note = Some(format!(
        "Amazon Connect already has another flow named {} (id {}, {}); it is not linked to {}: pull to link it, or rename \
         this flow",
        quoted(&selected.name),
        existing.id,
        existing.flow_type,
        selected.file
    ));
    plan.diff = state.latest().and_then(|l| parse(&l.content)).map(|theirs| diff(&theirs, &selected.doc));
    plan.remote = Some(state);
    Ok(Some(plan))
}

/// Where a queue's local whisper flow (a name) is: the flow file and its Connect id, or why it
/// cannot be used.
fn resolve_flow(prepared: &Prepared, flows: &[FlowPlan], name: &str) -> Result<(String, Option<String>), String> {
    let files: Vec<&String> = prepared.names.iter().filter(|(_, n)| *n == name).map(|(f, _)| f).collect();
    let file = match files.as_slice() {
        [file] => (*file).clone(),
        [] => return Err(format!("its outbound whisper flow {} is not in the workspace", quoted(name))),
        _ => {
            return Err(format!(
                "more than one flow of the workspace is named {} ({}); rename one",
                quoted(name),
                files.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(", ")
            ));
        }
    };
    let remote_type = flows
        .iter()
        .find(|f| f.file == file)
        .and_then(|f| f.remote.as_ref())
        .and_then(FlowState::latest)
        .map(|l| l.flow_type.as_str());
    if let Some((id, linked)) = prepared.link.flow_by_file(&file) {
        // Connect's own word on the type, when it was read in this run; else the link's.
        let flow_type = remote_type.unwrap_or(&linked.flow_type);
        if flow_type != "OUTBOUND_WHISPER" {
            return Err(format!(
                "its outbound whisper flow {} is a {flow_type} flow in Amazon Connect, not an outbound whisper flow",
                quoted(name),
            ));
        }
        let published_now = flows.iter().any(|f| f.file == file && !prepared.options.save_only && f.step.sends());
        if !linked.base.ever_published() && !published_now {
            return Err(format!(
                "its outbound whisper flow {} was never published; only published flows can be a queue's outbound \
                 whisper flow",
                quoted(name)
            ));
        }
        return Ok((file, Some(id.clone())));
    }
    match flows.iter().find(|f| f.file == file) {
        Some(f) if f.step == FlowStep::Adopt => Ok((file, f.id.clone())),
        Some(f) if f.step == FlowStep::Create && !prepared.options.save_only => Ok((file, None)),
        Some(f) if f.step == FlowStep::Create => Err(format!(
            "its outbound whisper flow {} is created saved, not published; only published flows can be a queue's \
             outbound whisper flow",
            quoted(name)
        )),
        _ => Err(format!("its outbound whisper flow {} is not in Amazon Connect; publish it too", quoted(name))),
    }
}

fn plan_queues(
    session: &Session,
    prepared: &Prepared,
    flows: &[FlowPlan],
    adopted: &mut BTreeMap<String, QueueBase>,
    notes: &mut Vec<String>,
    progress: &Progress,
) -> Result<Vec<QueuePlan>, ConnectError> {
    let link = &prepared.link;
    let selected_names: Vec<&str> = prepared.selected.iter().map(|s| s.name.as_str()).collect();
    let mut changed = Vec::new();
    for queue in &prepared.instance.queues {
        if prepared.picked && !queue.outbound_whisper_flow.as_deref().is_some_and(|f| selected_names.contains(&f)) {
            continue;
        }
        let Some(id) = queue.id.clone() else {
            notes.push(format!(
                "queue {} is not in Amazon Connect (create it in the console, then pull)",
                quoted(&queue.name)
            ));
            continue;
        };
        let Some(linked) = link.queues.get(&id) else {
            notes.push(format!("queue {} is not linked to this workspace yet; pull first", quoted(&queue.name)));
            continue;
        };
        let Some(base) = &linked.base else {
            notes.push(format!(
                "queue {}: this workspace's link predates queue bases; pull once, then publish its changes",
                quoted(&queue.name)
            ));
            continue;
        };
        let local = super::pull::local_fields(queue);
        if local == base.local && linked.pending.is_none() {
            continue;
        }
        changed.push((queue.name.clone(), id, base.clone(), local, linked.pending.clone()));
    }
    progress.stage("Reading queues from Amazon Connect", changed.len());
    let ids = changed.iter().map(|(_, id, ..)| id.clone()).collect();
    let remote = session.describe_queues(&link.instance_id, ids, progress)?;
    let mut plans = Vec::new();
    for ((name, id, base, local, pending), remote) in changed.into_iter().zip(remote) {
        let mut base = base;
        if let Some(pending) = pending.filter(|p| *p == remote.caller_id) {
            base = adopt_sent(&base, &pending, &local);
            adopted.insert(id.clone(), base.clone());
            notes.push(format!(
                "queue {}: Amazon Connect holds what the last, unfinished publish sent: recorded",
                quoted(&name)
            ));
        }
        if local == base.local {
            continue;
        }
        plans.push(plan_queue(prepared, flows, name, id, base, local, &remote));
    }
    Ok(plans)
}

/// The base after a send Connect confirmed: the sent fields take the sent value and the local
/// value now; the others keep their base.
fn adopt_sent(base: &QueueBase, sent: &CallerIds, local: &CallerFields) -> QueueBase {
    let mut next = base.clone();
    if sent.number_id != base.remote.number_id {
        next.remote.number_id.clone_from(&sent.number_id);
        next.local.number.clone_from(&local.number);
        next.number_text.clone_from(&local.number);
    }
    if sent.name != base.remote.name {
        next.remote.name.clone_from(&sent.name);
        next.local.name.clone_from(&local.name);
    }
    if sent.flow_id != base.remote.flow_id {
        next.remote.flow_id.clone_from(&sent.flow_id);
        next.local.flow.clone_from(&local.flow);
    }
    next
}

/// What the local side wants Connect to hold, as ids: Connect's values, with each field changed
/// here replaced by the local one.
struct Wanted {
    ids: CallerIds,
    /// The flow created in this run that the queue's flow id waits for.
    new_flow: Option<String>,
    /// The workspace flow the queue's whisper flow is.
    flow_file: Option<String>,
    /// Why the queue cannot be sent.
    held: Option<String>,
}

fn wanted_ids(
    prepared: &Prepared,
    flows: &[FlowPlan],
    base: &QueueBase,
    local: &CallerFields,
    theirs: &CallerIds,
) -> Wanted {
    let mut wanted = Wanted { ids: theirs.clone(), new_flow: None, flow_file: None, held: None };
    if local.number != base.local.number {
        wanted.ids.number_id = match &local.number {
            None => None,
            Some(number) => {
                let id = crate::phone::PhoneNumber::parse_e164(number)
                    .ok()
                    .and_then(|n| prepared.instance.number(&n).and_then(|n| n.id.clone()));
                if id.is_none() {
                    wanted.held = Some(format!(
                        "its caller ID number {number} has no Amazon Connect id (claim it in Connect, then pull)"
                    ));
                }
                id
            }
        };
    }
    if local.name != base.local.name {
        wanted.ids.name.clone_from(&local.name);
    }
    let flow_changed = local.flow != base.local.flow;
    // The queue follows its flow's fate in this run, whether or not the flow field changed.
    wanted.flow_file = local.flow.as_deref().and_then(|flow| {
        let mut files = prepared.names.iter().filter(|(_, n)| n.as_str() == flow).map(|(f, _)| f.clone());
        files.next().filter(|_| files.next().is_none())
    });
    match local.flow.as_deref().map(|flow| resolve_flow(prepared, flows, flow)) {
        Some(Ok((file, id))) => {
            if flow_changed {
                if id.is_none() {
                    wanted.new_flow = Some(file);
                }
                wanted.ids.flow_id = id;
            }
        }
        Some(Err(problem)) if flow_changed => wanted.held = wanted.held.take().or(Some(problem)),
        None if flow_changed => wanted.ids.flow_id = None,
        Some(Err(_)) | None => {}
    }
    wanted
}

fn plan_queue(
    prepared: &Prepared,
    flows: &[FlowPlan],
    name: String,
    id: String,
    base: QueueBase,
    local: CallerFields,
    remote: &RemoteQueue,
) -> QueuePlan {
    let instance = &prepared.instance;
    let link = &prepared.link;
    let theirs = &remote.caller_id;
    let Wanted { ids: wanted, new_flow, flow_file, held } = wanted_ids(prepared, flows, &base, &local, theirs);
    let number = |id: &Option<String>, text: Option<&String>| match id {
        None => "none".to_owned(),
        Some(id) => instance
            .resolve_number(id)
            .map(|n| n.number.to_string())
            .or_else(|| text.map(|t| quoted(t)))
            .unwrap_or_else(|| id.clone()),
    };
    let flow_name = |id: &Option<String>| match id {
        None => "none".to_owned(),
        Some(id) => link.flows.get(id).map_or_else(|| id.clone(), |f| quoted(&f.name)),
    };
    let name_text = |n: &Option<String>| n.as_deref().map_or_else(|| "none".to_owned(), quoted);
    let field = |field: &'static str, local_changed: bool, remote_changed: bool, same: bool, values: [String; 3]| {
        let [base, local, remote] = values;
        FieldPlan {
            field,
            change: classify(local_changed, remote_changed, || same),
            base,
            local,
            remote,
            item: format!("queue:{id}:{}", field.replace(' ', "-")),
        }
    };
    let fields = vec![
        field(
            "caller ID number",
            local.number != base.local.number,
            theirs.number_id != base.remote.number_id,
            wanted.number_id == theirs.number_id,
            [
                number(&base.remote.number_id, base.number_text.as_ref()),
                local.number.clone().unwrap_or_else(|| "none".to_owned()),
                number(&theirs.number_id, None),
            ],
        ),
        field(
            "caller ID name",
            local.name != base.local.name,
            theirs.name != base.remote.name,
            wanted.name == theirs.name,
            [name_text(&base.remote.name), name_text(&local.name), name_text(&theirs.name)],
        ),
        field(
            "outbound whisper flow",
            local.flow != base.local.flow,
            theirs.flow_id != base.remote.flow_id,
            wanted.flow_id == theirs.flow_id && new_flow.is_none(),
            [
                flow_name(&base.remote.flow_id),
                local.flow.as_deref().map_or_else(|| "none".to_owned(), quoted),
                flow_name(&theirs.flow_id),
            ],
        ),
    ];
    // Conflicts decided for Connect keep Connect's value; `to` is that, `local` the other way.
    let mut to = wanted.clone();
    for f in &fields {
        if f.change == Change::Conflict {
            match f.field {
                "caller ID number" => to.number_id.clone_from(&theirs.number_id),
                "caller ID name" => to.name.clone_from(&theirs.name),
                _ => to.flow_id.clone_from(&theirs.flow_id),
            }
        }
    }
    QueuePlan {
        name,
        id,
        from: theirs.clone(),
        to,
        local: wanted,
        fields,
        new_flow,
        flow_file,
        held,
        base,
        local_fields: local,
    }
}

/// Step 3: sends what the plan says. Every write is recorded in the link before it is sent and
/// confirmed after; every success is saved at once, so a run that stops half-way can simply be
/// run again.
pub fn execute(session: &Session, prepared: &mut Prepared, plan: &PublishPlan, progress: &Progress) -> PublishReport {
    let mut report = PublishReport::default();
    progress.stage("Publishing flows", plan.flows.len() + plan.queues.len());
    if !plan.adopted_queues.is_empty() {
        for (id, base) in &plan.adopted_queues {
            if let Some(queue) = prepared.link.queues.get_mut(id) {
                queue.base = Some(base.clone());
                queue.pending = None;
            }
        }
        if let Err(error) = save_link(prepared) {
            report.flows.push(Outcome { name: "the link file".to_owned(), result: Err(error) });
            return report;
        }
    }
    let mut not_sent: BTreeSet<String> = BTreeSet::new();
    for flow in &plan.flows {
        if progress.is_cancelled() {
            report.flows.push(Outcome { name: flow.name.clone(), result: Err(ConnectError::Cancelled) });
            not_sent.insert(flow.file.clone());
            continue;
        }
        let result = send_flow(session, prepared, flow);
        if result.is_err() {
            not_sent.insert(flow.file.clone());
        }
        if let Ok(Some(done)) = &result {
            report.flows.push(Outcome { name: flow.name.clone(), result: Ok(done.clone()) });
        } else if let Err(error) = result {
            report.flows.push(Outcome { name: flow.name.clone(), result: Err(error) });
        }
        progress.step();
    }
    for queue in &plan.queues {
        let result = if progress.is_cancelled() {
            Err(ConnectError::Cancelled)
        } else if let Some(file) = queue.flow_file.as_ref().filter(|f| not_sent.contains(*f)) {
            Err(ConnectError::Drift(format!(
                "held back: its outbound whisper flow ({}) was not sent in this run, so its queue settings were not \
                 sent either",
                shown_in(FLOWS_DIR, file)
            )))
        } else if let Some(held) = &queue.held {
            Err(ConnectError::Drift(format!("not sent: {held}")))
        } else {
            send_queue(session, prepared, queue)
        };
        report.queues.push(Outcome { name: queue.name.clone(), result });
        progress.step();
    }
    report
}

fn save_link(prepared: &Prepared) -> Result<(), ConnectError> {
    prepared.link.save(&prepared.root).map_err(|e| ConnectError::Workspace(e.to_string()))
}

/// One flow: `Ok(None)` when nothing is to be said (up to date).
fn send_flow(session: &Session, prepared: &mut Prepared, plan: &FlowPlan) -> Result<Option<String>, ConnectError> {
    let save_only = prepared.options.save_only;
    let Some(selected) = prepared.selected.iter().find(|s| s.file == plan.file).cloned() else {
        return Err(ConnectError::Workspace(format!("{}: not among the selected flows", plan.key())));
    };
    let instance_id = prepared.link.instance_id.clone();
    let done = match plan.step {
        FlowStep::UpToDate => return Ok(None),
        FlowStep::RemoteChanged => {
            return Ok(Some(
                "changed in Amazon Connect since the last pull; nothing sent (pull to take it)".to_owned(),
            ));
        }
        FlowStep::Adopt => {
            let id = plan.id.clone().unwrap_or_default();
            let state = match &plan.remote {
                Some(state) => state.clone(),
                None => session.flow_state(&instance_id, &id)?,
            };
            record(prepared, &selected, &id, &state)?;
            return Ok(Some(plan.note.clone().unwrap_or_else(|| "already in Amazon Connect; recorded".to_owned())));
        }
        FlowStep::Conflict if plan.locked => {
            // Not this file's flow in Connect: never overwritten, forced or not.
            return Err(ConnectError::Drift(plan.note.clone().unwrap_or_default()));
        }
        FlowStep::Conflict if !prepared.options.forced(&plan.item()) => {
            return Err(ConnectError::Drift(plan.note.clone().unwrap_or_else(|| {
                "changed here and in Amazon Connect since the last pull or publish; not sent (pull to merge, or \
                 publish --force to replace Connect's version with yours)"
                    .to_owned()
            })));
        }
        FlowStep::Create => {
            let flow_type = selected.flow_type.clone().unwrap_or_default();
            let pending = Pending {
                content_sha256: sha256_hex(selected.content.as_bytes()),
                status: status_word(save_only),
                name: selected.name.clone(),
            };
            prepared.link.pending_creates.insert(selected.file.clone(), pending);
            save_link(prepared)?;
            let created = session.create_flow(&instance_id, &selected.name, &flow_type, &selected.content, save_only);
            let created = match created {
                Ok(created) => created,
                Err(error @ (ConnectError::Connection(_) | ConnectError::Cancelled)) => {
                    return Err(unconfirmed(&error, "created"));
                }
                Err(error) => {
                    prepared.link.pending_creates.remove(&selected.file);
                    save_link(prepared)?;
                    return Err(error);
                }
            };
            let state = session.flow_state(&instance_id, &created.id).map_err(|e| unconfirmed(&e, "created"))?;
            record(prepared, &selected, &created.id, &state)?;
            if save_only { "created, saved (not published)" } else { "created and published" }
        }
        FlowStep::Update | FlowStep::PublishDraft | FlowStep::Conflict => {
            let id = plan.id.clone().unwrap_or_default();
            let pending = Pending {
                content_sha256: sha256_hex(selected.content.as_bytes()),
                status: status_word(save_only),
                name: String::new(),
            };
            if let Some(linked) = prepared.link.flows.get_mut(&id) {
                linked.pending = Some(pending);
            }
            save_link(prepared)?;
            session.update_flow_content(&instance_id, &id, &selected.content, save_only)?;
            let state = session.flow_state(&instance_id, &id).map_err(|e| unconfirmed(&e, "sent"))?;
            record(prepared, &selected, &id, &state)?;
            match (save_only, plan.step) {
                (true, _) => "saved (not published)",
                (false, FlowStep::PublishDraft) => "its saved draft published",
                (false, _) => "published",
            }
        }
    };
    Ok(Some(done.to_owned()))
}

fn status_word(save_only: bool) -> String {
    if save_only { "SAVED" } else { "PUBLISHED" }.to_owned()
}

/// A write whose answer or confirmation did not come: the link keeps it pending, and says how
/// the next run settles it.
fn unconfirmed(error: &ConnectError, what: &str) -> ConnectError {
    ConnectError::Connection(format!(
        "{what}, but Amazon Connect's confirmation did not come ({error}); run publish again: it finds what Connect \
         holds and records it without sending twice"
    ))
}

/// After Connect confirmed a write: the file gets the content sent (its status as Connect holds
/// it), the link the new base, the base copy Connect's content.
fn record(prepared: &mut Prepared, selected: &Selected, id: &str, state: &FlowState) -> Result<(), ConnectError> {
    let root = prepared.root.clone();
    let Some(latest) = state.latest() else {
        return Err(ConnectError::NotFound(format!("Amazon Connect described flow {id} without its content")));
    };
    let status = if state.draft.is_some() { FlowStatus::Saved } else { FlowStatus::Published };
    let text = if selected.doc.flow.status == Some(status) {
        selected.content.clone()
    } else {
        let mut doc = selected.doc.clone();
        doc.flow.status = Some(status);
        flow_json::to_canonical_string(&doc)
    };
    let path = confined_flow_path(&root, &selected.file).map_err(ConnectError::Workspace)?;
    // The file keeps its own layout: only the lines the status changed differ.
    let text = flow_json::in_style_of(text, &selected.bytes);
    if std::fs::read(&path).ok().as_deref() != Some(text.as_bytes()) {
        write_atomic(&path, text.as_bytes()).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    }
    write_base(&root, id, &latest.content).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    prepared.link.pending_creates.remove(&selected.file);
    prepared.link.flows.insert(
        id.to_owned(),
        LinkedFlow {
            file: selected.file.clone(),
            arn: latest.arn.clone(),
            name: latest.name.clone(),
            flow_type: latest.flow_type.clone(),
            base: FlowBase {
                published_sha256: state.published_sha256().map(str::to_owned),
                draft_sha256: state.draft_sha256().map(str::to_owned),
                file_sha256: sha256_hex(text.as_bytes()),
                last_modified_time: latest.last_modified.clone(),
            },
            pending: None,
        },
    );
    save_link(prepared)
}

fn send_queue(session: &Session, prepared: &mut Prepared, queue: &QueuePlan) -> Result<String, ConnectError> {
    let options = prepared.options.clone();
    let mut to = queue.to.clone();
    let mut sent_fields = Vec::new();
    let mut refused = Vec::new();
    for field in &queue.fields {
        let local_wins = match field.change {
            Change::Local => true,
            Change::Conflict if options.forced(&field.item) => true,
            Change::Conflict => {
                refused.push(field);
                false
            }
            _ => false,
        };
        if local_wins {
            match field.field {
                "caller ID number" => to.number_id.clone_from(&queue.local.number_id),
                "caller ID name" => to.name.clone_from(&queue.local.name),
                _ => to.flow_id.clone_from(&queue.local.flow_id),
            }
            sent_fields.push(field);
        }
    }
    if let Some(file) = &queue.new_flow {
        let Some((id, _)) = prepared.link.flow_by_file(file) else {
            return Err(ConnectError::Workspace(format!(
                "its outbound whisper flow ({}) was not created; queue not sent",
                shown_in(FLOWS_DIR, file)
            )));
        };
        if sent_fields.iter().any(|f| f.field == "outbound whisper flow") {
            to.flow_id = Some(id.clone());
        }
    }
    let refusal = (!refused.is_empty()).then(|| {
        let fields: Vec<String> = refused
            .iter()
            .map(|f| format!("{}: base {}, yours {}, Connect's {}", f.field, f.base, f.local, f.remote))
            .collect();
        ConnectError::Drift(format!(
            "changed here and in Amazon Connect; Connect's value kept ({}); publish --force to send yours",
            fields.join("; ")
        ))
    });
    if to == queue.from {
        return refusal.map_or_else(|| Ok("already as the workspace says in Amazon Connect".to_owned()), Err);
    }
    let instance_id = prepared.link.instance_id.clone();
    if let Some(linked) = prepared.link.queues.get_mut(&queue.id) {
        linked.pending = Some(to.clone());
    }
    save_link(prepared)?;
    session.update_queue_caller(&instance_id, &queue.id, &to)?;
    let mut base = queue.base.clone();
    let confirmed = session
        .describe_queues(&instance_id, vec![queue.id.clone()], &Progress::quiet())
        .map_err(|e| unconfirmed(&e, "sent"))?;
    if confirmed.first().map(|q| &q.caller_id) != Some(&to) {
        return Err(ConnectError::Drift(
            "sent, but Amazon Connect now holds other values (changed again meanwhile?); pull to see them".to_owned(),
        ));
    }
    for field in &sent_fields {
        match field.field {
            "caller ID number" => {
                base.remote.number_id.clone_from(&to.number_id);
                base.local.number.clone_from(&queue.local_fields.number);
                base.number_text.clone_from(&queue.local_fields.number);
            }
            "caller ID name" => {
                base.remote.name.clone_from(&to.name);
                base.local.name.clone_from(&queue.local_fields.name);
            }
            _ => {
                base.remote.flow_id.clone_from(&to.flow_id);
                base.local.flow.clone_from(&queue.local_fields.flow);
            }
        }
    }
    if let Some(linked) = prepared.link.queues.get_mut(&queue.id) {
        linked.base = Some(base);
        linked.pending = None;
    }
    save_link(prepared)?;
    let words: Vec<String> = sent_fields.iter().map(|f| format!("{} {} → {}", f.field, f.remote, f.local)).collect();
    match refusal {
        Some(refusal) => Err(ConnectError::Drift(format!("sent {}; {refusal}", words.join("; ")))),
        None => Ok(words.join("; ")),
    }
}

/// The preview as text: what `publish --dry-run` prints and the designer's dialog shows.
pub fn plan_text(plan: &PublishPlan, options: &PublishOptions) -> String {
    let mut text = String::new();
    let verb = if options.save_only { "save" } else { "publish" };
    for flow in &plan.flows {
        let name = quoted(&flow.name);
        let changes = flow.diff.as_ref().map(FlowDiff::semantic_count).unwrap_or_default();
        let _ = match flow.step {
            FlowStep::Create => writeln!(
                text,
                "{name}: new flow; will create it ({}), {}",
                flow.key(),
                if options.save_only { "saved" } else { "published" }
            ),
            FlowStep::Update => {
                writeln!(text, "{name}: will {verb} {} ({})", crate::words::count(changes, "change"), flow.key())
            }
            FlowStep::PublishDraft => writeln!(
                text,
                "{name}: will publish its saved draft ({}; {} against the published version)",
                flow.key(),
                crate::words::count(changes, "change")
            ),
            FlowStep::UpToDate => writeln!(text, "{name}: up to date in Amazon Connect"),
            FlowStep::RemoteChanged => {
                writeln!(text, "{name}: changed in Amazon Connect since the last pull; left alone (pull to take it)")
            }
            FlowStep::Adopt => {
                writeln!(text, "{name}: {}", flow.note.as_deref().unwrap_or("already in Amazon Connect"))
            }
            FlowStep::Conflict => writeln!(
                text,
                "{name}: CONFLICT: {}{}",
                flow.note.as_deref().unwrap_or("changed here and in Amazon Connect since the last pull or publish"),
                if flow.locked {
                    ""
                } else if options.forced(&flow.item()) {
                    "; --force: yours will replace Connect's"
                } else {
                    "; refused without --force"
                }
            ),
        };
        match flow.step {
            FlowStep::Update | FlowStep::PublishDraft | FlowStep::Create => {
                change_lines(&mut text, "  ", flow.diff.as_ref());
            }
            FlowStep::Conflict => {
                let _ = writeln!(text, "  yours, since the last pull:");
                change_lines(&mut text, "    ", flow.local_changes.as_ref());
                let _ = writeln!(text, "  Connect's, since the last pull:");
                change_lines(&mut text, "    ", flow.remote_changes.as_ref().or(flow.diff.as_ref()));
            }
            FlowStep::RemoteChanged => change_lines(&mut text, "  ", flow.remote_changes.as_ref()),
            _ => {}
        }
    }
    for queue in &plan.queues {
        for line in queue_lines(queue, options) {
            let _ = writeln!(text, "{line}");
        }
    }
    for note in &plan.notes {
        let _ = writeln!(text, "note: {note}");
    }
    if !plan.sends_anything() {
        let _ = writeln!(
            text,
            "nothing to {verb}: no flow or queue setting was changed here since the last pull or publish"
        );
    }
    text
}

/// A queue of the preview, a line per field that changed on either side.
pub fn queue_lines(queue: &QueuePlan, options: &PublishOptions) -> Vec<String> {
    let name = quoted(&queue.name);
    if let Some(held) = &queue.held {
        return vec![format!("queue {name}: not sent: {held}")];
    }
    queue
        .fields
        .iter()
        .filter_map(|field| match field.change {
            Change::Local => Some(format!("queue {name}: {} {} → {}", field.field, field.remote, field.local)),
            Change::Conflict => Some(format!(
                "queue {name}: CONFLICT: {}: base {}, yours {}, Connect's {}{}",
                field.field,
                field.base,
                field.local,
                field.remote,
                if options.forced(&field.item) { "; yours will be sent" } else { "; Connect's kept unless forced" }
            )),
            Change::Remote => Some(format!(
                "queue {name}: {} changed in Amazon Connect ({} → {}); left alone",
                field.field, field.base, field.remote
            )),
            Change::Converged | Change::None => None,
        })
        .collect()
}

fn change_lines(text: &mut String, indent: &str, diff: Option<&FlowDiff>) {
    for change in diff.into_iter().flat_map(FlowDiff::semantic) {
        let _ = writeln!(text, "{indent}{}", crate::words::printable(&crate::diff::change_line(change)));
    }
}
