//! `promote`: flows and their queues' outbound caller settings from one workspace (one Amazon
//! Connect instance, say dev) into another (prod), every instance reference remapped. Offline:
//! it writes local edits into the target workspace only; `publish` sends them, with all its
//! safety. No sockets.
//!
//! Two steps, so the designer can show the first before anything is written:
//! 1. [`plan`] (read only): read both workspaces, pick the flows, find every string in each
//!    flow's `Parameters` and designer `Metadata` that names a source resource (an ARN, an id,
//!    an E.164 number the source owns), resolve each to the target's resource ([`resolve`]:
//!    the map file, else the same name; numbers by the same number, else the same
//!    description), rewrite it, and work out what the target's queues get. Anything that
//!    cannot be mapped is listed with the block and parameter using it; a target flow or queue
//!    edited locally since its pull is a conflict.
//! 2. [`apply`]: refused while anything is unresolved or in conflict; takes the target's lock,
//!    checks that the files still hold what the plan read, and writes each file atomically.
//!
//! A flow changed in Amazon Connect since the target's pull is caught by `publish`, which
//! compares with Connect (three-way) before it sends anything.

pub mod map_file;
pub mod refs;
pub mod resolve;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

pub use map_file::{MapFile, MapFileError};
pub use refs::Kind;
pub use resolve::{Resolution, Via};
use resolve::{Side, Source};
pub use text::plan_text;

use crate::diff::{FlowDiff, diff, flow_added};
use crate::flow_json;
use crate::instance::{Instance, Queue};
use crate::model::FlowDocument;
use crate::words::quoted;
use crate::workspace::link::{CallerFields, Link, LocalState, confined_flow_path, same_flow, sha256_hex};
use crate::workspace::lock::WorkspaceLock;
use crate::workspace::names::{FLOWS_DIR, INSTANCE_FILE, file_stem, stem_of};
use crate::workspace::{FlowFile, Workspace};

/// What to promote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PromoteOptions {
    /// Flow names (or file names without `.json`) in the source; empty: every flow.
    pub flows: Vec<String>,
    /// Source → target, where names differ.
    pub map: MapFile,
}

/// Why a promotion could not be planned or written (exit 2). Refusals (unresolved references,
/// conflicts) are not errors: they are in the [`Plan`].
#[derive(Debug, thiserror::Error)]
pub enum PromoteError {
    #[error("{}: {message}", path.display())]
    Workspace { path: PathBuf, message: String },
    #[error("no flow named {} in {}", quoted(name), root.display())]
    NoSuchFlow { name: String, root: PathBuf },
    #[error("{}: cannot write: {message}", path.display())]
    Write { path: PathBuf, message: String },
    #[error(
        "{}: changed since the preview was made; nothing more was written, run promote again",
        path.display()
    )]
    Changed { path: PathBuf },
    #[error("refused: {0}; nothing was written")]
    Refused(String),
    #[error("{0}")]
    Lock(String),
}

/// Where a source resource is used.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Usage {
    /// The source flow's name.
    pub flow: String,
    /// `'Invoke AWS Lambda function' (id)`, `queue "US Sales"`, or `flow metadata`.
    pub block: String,
    /// `LambdaFunctionARN`, `CallerId.Number`, `outbound caller ID number`, …
    pub parameter: String,
}

/// One row of the mapping table: a source resource the promoted flows or queues name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub kind: Kind,
    /// As the map file names it (name, E.164 number, or id/ARN).
    pub source: String,
    pub resolution: Resolution,
    pub uses: Vec<Usage>,
}

impl Mapping {
    /// The target's name, when mapped.
    pub fn target(&self) -> Option<&str> {
        match &self.resolution {
            Resolution::Mapped { target, .. } => Some(&target.display),
            Resolution::Unresolved(_) => None,
        }
    }
}

/// A reference that cannot be carried, with where it is used and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub kind: Kind,
    pub source: String,
    pub usage: Usage,
    pub reason: String,
}

/// One flow of the promotion.
#[derive(Debug, Clone)]
pub struct FlowPlan {
    /// The source flow's name.
    pub name: String,
    /// Its name in the target (the map file's `flows` may rename it).
    pub target_name: String,
    /// The bare file name under the target's `flows/`.
    pub target_file: String,
    /// Not in the target workspace yet.
    pub is_new: bool,
    /// The target file already holds this flow: nothing to write.
    pub unchanged: bool,
    /// The text to write.
    pub text: String,
    /// The target's current version → the promoted flow (remapped ids are equal on both sides,
    /// so they are no change).
    pub diff: FlowDiff,
    /// SHA-256 of the target file's bytes when planned (`None`: absent).
    before: Option<String>,
}

/// One outbound caller field of a target queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// "caller ID number", "caller ID name", "outbound whisper flow".
    pub field: &'static str,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What one target queue gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueChange {
    pub source_queue: String,
    pub target_queue: String,
    /// The source flow it follows.
    pub flow: String,
    pub fields: Vec<FieldChange>,
}

/// The preview: what promote will write, and what keeps it from writing.
#[derive(Debug, Clone)]
pub struct Plan {
    pub source_root: PathBuf,
    pub target_root: PathBuf,
    pub flows: Vec<FlowPlan>,
    pub queues: Vec<QueueChange>,
    /// Every resource the promoted flows and queues name, by kind then source.
    pub mappings: Vec<Mapping>,
    pub unresolved: Vec<Unresolved>,
    /// Target flows or queues edited locally since their pull, each in one sentence.
    pub conflicts: Vec<String>,
    /// The target's inventory after the promotion (queues updated).
    instance_after: Instance,
    /// SHA-256 of the target's `instance.json` when planned.
    instance_before: Option<String>,
}

impl Plan {
    /// Whether applying it is refused (exit 1).
    pub fn refused(&self) -> bool {
        !self.unresolved.is_empty() || !self.conflicts.is_empty()
    }

    /// Whether applying it would write anything.
    pub fn writes_anything(&self) -> bool {
        self.flows.iter().any(|f| !f.unchanged) || !self.queues.is_empty()
    }

    /// The target flow names, as `publish --flow` takes them.
    pub fn target_flow_names(&self) -> Vec<String> {
        self.flows.iter().map(|f| f.target_name.clone()).collect()
    }

    /// The map file `--write-map` writes: every resource named, with its target, or blank.
    /// Entries of `given` are kept as they are.
    pub fn map_file(&self, given: &MapFile) -> MapFile {
        let mut map = given.clone();
        for mapping in &self.mappings {
            let section = map.section_mut(mapping.kind);
            if section.contains_key(&mapping.source) {
                continue;
            }
            section.insert(mapping.source.clone(), mapping.target().unwrap_or_default().to_owned());
        }
        map
    }
}

/// The two workspaces, read.
struct Sides {
    source: Workspace,
    source_link: Option<Link>,
    source_instance: Instance,
    target: Workspace,
    target_link: Option<Link>,
    target_instance: Instance,
}

impl Sides {
    fn source(&self) -> Side<'_> {
        Side { instance: &self.source_instance, link: self.source_link.as_ref() }
    }

    fn target(&self) -> Side<'_> {
        Side { instance: &self.target_instance, link: self.target_link.as_ref() }
    }
}

fn open(root: &Path) -> Result<(Workspace, Option<Link>, Instance), PromoteError> {
    let error = |message: String| PromoteError::Workspace { path: root.to_owned(), message };
    let workspace = Workspace::open(root).map_err(|e| error(e.to_string()))?;
    if let Some(unreadable) = workspace.unreadable.first() {
        return Err(error(unreadable.to_string()));
    }
    let Some(instance) = workspace.instance.clone() else {
        return Err(error(format!("has no {INSTANCE_FILE}; promote works between workspaces made by `pull`")));
    };
    let link = Link::load(root).map_err(|e| error(e.to_string()))?;
    Ok((workspace, link, instance))
}

/// Step 1: what promoting `options.flows` (all when empty) from `source` to `target` would write.
pub fn plan(source: &Path, target: &Path, options: &PromoteOptions) -> Result<Plan, PromoteError> {
    let (source_ws, source_link, source_instance) = open(source)?;
    let (target_ws, target_link, target_instance) = open(target)?;
    let sides =
        Sides { source: source_ws, source_link, source_instance, target: target_ws, target_link, target_instance };
    let selected = select(&sides.source, &options.flows)?;
    let mut builder = Builder { sides: &sides, map: &options.map, mappings: BTreeMap::new(), unresolved: Vec::new() };
    let mut flows = Vec::new();
    let mut conflicts = Vec::new();
    let mut taken = BTreeSet::new();
    for file in selected {
        let flow = builder.flow(file, &mut taken, &mut conflicts)?;
        flows.push(flow);
    }
    let mut instance_after = sides.target_instance.clone();
    let queues = builder.queues(&flows, &mut instance_after, &mut conflicts);
    let instance_before = std::fs::read(target.join(INSTANCE_FILE)).ok().map(|b| sha256_hex(&b));
    let Builder { mappings, unresolved, .. } = builder;
    Ok(Plan {
        source_root: source.to_owned(),
        target_root: target.to_owned(),
        flows,
        queues,
        mappings: mappings.into_values().collect(),
        unresolved,
        conflicts,
        instance_after,
        instance_before,
    })
}

fn select<'w>(source: &'w Workspace, wanted: &[String]) -> Result<Vec<&'w FlowFile>, PromoteError> {
    for name in wanted {
        if !source.flows.iter().any(|f| f.name() == *name || stem_of(&f.path) == *name) {
            return Err(PromoteError::NoSuchFlow { name: name.clone(), root: source.root.clone() });
        }
    }
    Ok(source
        .flows
        .iter()
        .filter(|f| wanted.is_empty() || wanted.iter().any(|w| *w == f.name() || *w == stem_of(&f.path)))
        .collect())
}

/// Gathers the mapping table and the unresolved uses while flows and queues are planned.
struct Builder<'a> {
    sides: &'a Sides,
    map: &'a MapFile,
    mappings: BTreeMap<(Kind, String), Mapping>,
    unresolved: Vec<Unresolved>,
}

impl Builder<'_> {
    /// Resolves `source` (once per resource) and records where it is used.
    fn resolve(&mut self, source: &Source, usage: Usage) -> Resolution {
        let key = (source.kind, source.key.clone());
        let sides = self.sides;
        let map = self.map;
        let entry = self.mappings.entry(key).or_insert_with(|| Mapping {
            kind: source.kind,
            source: source.key.clone(),
            resolution: resolve::resolve(source, sides.target(), map),
            uses: Vec::new(),
        });
        if let Resolution::Unresolved(reason) = &entry.resolution {
            self.unresolved.push(Unresolved {
                kind: source.kind,
                source: source.key.clone(),
                usage: usage.clone(),
                reason: reason.clone(),
            });
        }
        if !entry.uses.contains(&usage) {
            entry.uses.push(usage);
        }
        entry.resolution.clone()
    }

    fn unresolvable(&mut self, kind: Kind, source: &str, usage: Usage, reason: String) {
        let entry = self.mappings.entry((kind, source.to_owned())).or_insert_with(|| Mapping {
            kind,
            source: source.to_owned(),
            resolution: Resolution::Unresolved(reason.clone()),
            uses: Vec::new(),
        });
        entry.uses.push(usage.clone());
        self.unresolved.push(Unresolved { kind, source: source.to_owned(), usage, reason });
    }

    /// One flow: its references rewritten, its target file and the diff against it.
    fn flow(
        &mut self,
        file: &FlowFile,
        taken: &mut BTreeSet<String>,
        conflicts: &mut Vec<String>,
    ) -> Result<FlowPlan, PromoteError> {
        let name = file.name();
        let target_name = match self.map.lookup(Kind::Flow, &[&name]) {
            Some((_, to)) if !to.is_empty() => to.to_owned(),
            _ => name.clone(),
        };
        let mut value = flow_json::flow_value(&file.doc);
        let replacements = self.references(&file.doc, &name, &value);
        let renamed = renamed_labels(&replacements);
        refs::rewrite_strings(&mut value, &mut |site, text| {
            if let Some(new) = replacements.get(text).and_then(|r| r.value.clone()) {
                return Some(new);
            }
            let (Some(action), Some(key)) = (site.action, site.key) else { return None };
            if !refs::LABEL_KEYS.contains(&key) {
                return None;
            }
            renamed.get(&(action.to_owned(), text.to_owned())).cloned()
        });
        if target_name != name
            && let Some(metadata) = value.get_mut("Metadata").and_then(Value::as_object_mut)
            && metadata.contains_key("name")
        {
            metadata.insert("name".to_owned(), Value::String(target_name.clone()));
        }
        let new_doc = flow_json::from_value(value).map_err(|e| PromoteError::Workspace {
            path: file.path.clone(),
            message: format!("the promoted flow cannot be read back: {e}"),
        })?;
        let existing = self.target_file(&target_name, conflicts);
        let (target_file, existing_doc) = match existing {
            Some(found) => {
                let bytes = std::fs::read(&found.path).map_err(|e| PromoteError::Workspace {
                    path: found.path.clone(),
                    message: format!("cannot read: {e}"),
                })?;
                let bare = found.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                (bare, Some((found.doc.clone(), bytes)))
            }
            None => (self.new_file_name(&target_name, taken), None),
        };
        taken.insert(target_file.clone());
        let canonical = flow_json::to_canonical_string(&new_doc);
        let (text, diff_now, unchanged, before_sha) = match &existing_doc {
            Some((doc, bytes)) => {
                let text = flow_json::in_style_of(canonical, bytes);
                let unchanged = same_flow(bytes, text.as_bytes());
                if !unchanged && let Some(sentence) = self.flow_conflict(&target_file) {
                    conflicts.push(format!("{}: {sentence}", quoted(&target_name)));
                }
                (text, diff(doc, &new_doc), unchanged, Some(sha256_hex(bytes)))
            }
            None => (canonical, flow_added(&new_doc), false, None),
        };
        Ok(FlowPlan {
            name,
            target_name,
            target_file,
            is_new: existing_doc.is_none(),
            unchanged,
            text,
            diff: diff_now,
            before: before_sha,
        })
    }

    /// Every reference in a flow, resolved: source text → its replacement (or none).
    fn references(&mut self, doc: &FlowDocument, flow: &str, value: &Value) -> BTreeMap<String, Replacement> {
        let sides = self.sides;
        let mut found: Vec<(String, Site)> = Vec::new();
        refs::visit_strings(value, &mut |site, text| {
            found.push((
                text.to_owned(),
                Site { action: site.action.map(str::to_owned), parameter: site.parameter.clone() },
            ));
        });
        let source_instance_id = sides.source_link.as_ref().map(|l| l.instance_id.clone());
        let mut replacements = BTreeMap::new();
        for (text, site) in found {
            let usage = Usage {
                flow: flow.to_owned(),
                block: block_label(doc, site.action.as_deref()),
                parameter: site.parameter,
            };
            let Some((source, form)) = resolve::identify(&text, sides.source()) else {
                if let Some(id) = source_instance_id.as_deref().filter(|id| text.contains(*id)) {
                    let reason = format!("names the source instance ({id}) inside a longer text; edit it by hand");
                    self.unresolvable(Kind::Other, &text, usage, reason);
                }
                continue;
            };
            let resolution = self.resolve(&source, usage.clone());
            let value = match resolution {
                Resolution::Mapped { target, .. } => {
                    match resolve::render(source.kind, &target, &form, sides.target()) {
                        Ok(value) => Some((value, source.name.clone(), target.display.clone())),
                        Err(reason) => {
                            self.unresolved.push(Unresolved {
                                kind: source.kind,
                                source: source.key.clone(),
                                usage,
                                reason,
                            });
                            None
                        }
                    }
                }
                Resolution::Unresolved(_) => None,
            };
            let entry = replacements.entry(text).or_insert_with(Replacement::default);
            if let Some((new, from_name, to_name)) = value {
                entry.value = Some(new);
                if let (Some(from), Some(action)) = (from_name, site.action) {
                    entry.labels.push((action, from, to_name));
                }
            }
        }
        replacements
    }

    /// The target workspace's flow of this name; two of them is a conflict.
    fn target_file(&self, name: &str, conflicts: &mut Vec<String>) -> Option<&FlowFile> {
        let matching: Vec<&FlowFile> = self.sides.target.flows.iter().filter(|f| f.name() == name).collect();
        if matching.len() > 1 {
            conflicts.push(format!(
                "{}: more than one flow of the target workspace has this name; rename one",
                quoted(name)
            ));
        }
        matching.first().copied()
    }

    fn new_file_name(&self, name: &str, taken: &BTreeSet<String>) -> String {
        let stem = match file_stem(name) {
            s if s.is_empty() => "flow".to_owned(),
            s => s,
        };
        let folder = self.sides.target.root.join(FLOWS_DIR);
        (1..=10_000)
            .map(|n| if n == 1 { format!("{stem}.json") } else { format!("{stem}-{n}.json") })
            .find(|file| !taken.contains(file) && !folder.join(file).exists())
            .unwrap_or_else(|| format!("{stem}.json"))
    }

    /// Why the target flow file may not be overwritten, if it may not.
    fn flow_conflict(&self, file: &str) -> Option<String> {
        let root = &self.sides.target.root;
        let Some(link) = &self.sides.target_link else {
            return Some(format!(
                "{FLOWS_DIR}/{file} holds another version and the target workspace is not linked to Amazon Connect, so \
                 its edits cannot be told apart; pull the target first"
            ));
        };
        let Some((id, _)) = link.flow_by_file(file) else {
            return Some(format!(
                "{FLOWS_DIR}/{file} is a local flow not in Amazon Connect yet; promoting would overwrite it (rename or \
                 publish it first)"
            ));
        };
        (link.local_state(root, id) == LocalState::Edited).then(|| {
            format!(
                "{FLOWS_DIR}/{file} was edited in the target workspace since its last pull or publish; publish or undo \
                 those edits first"
            )
        })
    }

    /// The target queues of every source queue using a promoted flow.
    fn queues(&mut self, flows: &[FlowPlan], after: &mut Instance, conflicts: &mut Vec<String>) -> Vec<QueueChange> {
        let sides = self.sides;
        let mut changes = Vec::new();
        for flow in flows {
            for queue in sides.source_instance.queues_with_whisper_flow(&flow.name) {
                if let Some(change) = self.queue(flow, queue, after, conflicts) {
                    changes.push(change);
                }
            }
        }
        changes
    }

    fn queue(
        &mut self,
        flow: &FlowPlan,
        queue: &Queue,
        after: &mut Instance,
        conflicts: &mut Vec<String>,
    ) -> Option<QueueChange> {
        let sides = self.sides;
        let usage = |parameter: &str| Usage {
            flow: flow.name.clone(),
            block: format!("queue {}", quoted(&queue.name)),
            parameter: parameter.to_owned(),
        };
        let target_name = match self.resolve(&Source::of_queue(queue), usage("outbound whisper flow")) {
            Resolution::Mapped { target, .. } => target.display,
            Resolution::Unresolved(_) => return None,
        };
        let number = match &queue.outbound_caller_id_number {
            None => None,
            Some(number) => {
                let source = sides
                    .source_instance
                    .number(number)
                    .map_or_else(|| Source::of_bare_number(number), Source::of_number);
                match self.resolve(&source, usage("outbound caller ID number")) {
                    Resolution::Mapped { target, .. } => {
                        target.e164.and_then(|n| crate::phone::PhoneNumber::parse_e164(&n).ok())
                    }
                    Resolution::Unresolved(_) => return None,
                }
            }
        };
        let target_queue = after.queues.iter_mut().find(|q| q.name == target_name)?;
        let before = local_fields(target_queue);
        if let Some(number) = number {
            target_queue.outbound_caller_id_number = Some(number);
        }
        if let Some(name) = queue.outbound_caller_id_name.clone().filter(|n| !n.is_empty()) {
            target_queue.outbound_caller_id_name = Some(name);
        }
        if target_queue.outbound_whisper_flow.as_deref() != Some(flow.target_name.as_str()) {
            target_queue.outbound_whisper_flow = Some(flow.target_name.clone());
            target_queue.outbound_flow_id =
                sides.target_link.as_ref().and_then(|l| l.flow_by_file(&flow.target_file)).map(|(id, _)| id.clone());
        }
        let now = local_fields(target_queue);
        if now == before {
            return None;
        }
        let base = target_queue.id.as_ref().and_then(|id| sides.target_link.as_ref()?.queues.get(id)?.base.clone());
        if base.is_some_and(|base| base.local != before) {
            conflicts.push(format!(
                "queue {}: its outbound caller settings were edited in the target workspace since its last pull or \
                 publish; publish or undo those edits first",
                quoted(&target_name)
            ));
        }
        let fields = [
            ("caller ID number", before.number, now.number),
            ("caller ID name", before.name, now.name),
            ("outbound whisper flow", before.flow, now.flow),
        ]
        .into_iter()
        .filter(|(_, from, to)| from != to)
        .map(|(field, from, to)| FieldChange { field, from, to })
        .collect();
        Some(QueueChange {
            source_queue: queue.name.clone(),
            target_queue: target_name,
            flow: flow.name.clone(),
            fields,
        })
    }
}

/// Where a string was found, owned.
struct Site {
    action: Option<String>,
    parameter: String,
}

/// What a source string becomes.
#[derive(Default)]
struct Replacement {
    /// The target's value; `None` when unresolved.
    value: Option<String>,
    /// (block, source name, target name) for the designer labels of the blocks using it.
    labels: Vec<(String, String, String)>,
}

/// (block, source name) → target name, for the resources whose name differs in the target.
fn renamed_labels(replacements: &BTreeMap<String, Replacement>) -> BTreeMap<(String, String), String> {
    replacements
        .values()
        .flat_map(|r| &r.labels)
        .filter(|(_, from, to)| from != to)
        .map(|(action, from, to)| ((action.clone(), from.clone()), to.clone()))
        .collect()
}

fn block_label(doc: &FlowDocument, action: Option<&str>) -> String {
    let Some(id) = action else { return "flow metadata".to_owned() };
    match doc.flow.actions.iter().find(|a| a.id.as_str() == id) {
        Some(a) => format!("'{}' ({id})", a.block_name()),
        None => format!("block {}", quoted(id)),
    }
}

/// A queue's outbound caller fields as `instance.json` holds them (as pull records its base).
fn local_fields(queue: &Queue) -> CallerFields {
    CallerFields {
        number: queue.outbound_caller_id_number.as_ref().map(ToString::to_string),
        name: queue.outbound_caller_id_name.clone().filter(|n| !n.is_empty()),
        flow: queue.outbound_whisper_flow.clone(),
    }
}

/// What [`apply`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// `flows/<file>` of each flow written.
    pub flows: Vec<String>,
    /// Whether `instance.json` was written.
    pub instance: bool,
}

/// Step 2: writes the plan into the target workspace, under its lock. Refused while anything
/// is unresolved or in conflict; every file is checked to hold what the plan read before any
/// is written; each is written atomically.
pub fn apply(plan: &Plan) -> Result<Applied, PromoteError> {
    if plan.refused() {
        return Err(PromoteError::Refused(refusal(plan)));
    }
    let root = &plan.target_root;
    let _lock =
        WorkspaceLock::acquire_or_borrow(root, "whisperwire promote").map_err(|e| PromoteError::Lock(e.to_string()))?;
    let mut writes = Vec::new();
    for flow in plan.flows.iter().filter(|f| !f.unchanged) {
        let path = confined_flow_path(root, &flow.target_file)
            .map_err(|message| PromoteError::Write { path: root.join(FLOWS_DIR), message })?;
        let now = std::fs::read(&path).ok().map(|b| sha256_hex(&b));
        if now != flow.before {
            return Err(PromoteError::Changed { path });
        }
        writes.push((path, flow));
    }
    let instance_path = root.join(INSTANCE_FILE);
    if !plan.queues.is_empty() && std::fs::read(&instance_path).ok().map(|b| sha256_hex(&b)) != plan.instance_before {
        return Err(PromoteError::Changed { path: instance_path });
    }
    // Every file or none: the flows and the queues' caller settings that go with them.
    let instance_text = if plan.queues.is_empty() {
        None
    } else {
        let text = plan
            .instance_after
            .to_json()
            .map_err(|e| PromoteError::Write { path: instance_path.clone(), message: e.to_string() })?;
        Some(text)
    };
    let mut files: Vec<(&Path, &[u8])> = Vec::with_capacity(writes.len() + 1);
    for (path, flow) in &writes {
        crate::workspace::atomic::create_parent(path)
            .map_err(|e| PromoteError::Write { path: path.clone(), message: e.to_string() })?;
        files.push((path.as_path(), flow.text.as_bytes()));
    }
    if let Some(text) = &instance_text {
        files.push((instance_path.as_path(), text.as_bytes()));
    }
    crate::workspace::atomic::write_all_atomic(&files).map_err(|e| PromoteError::Write {
        path: e.path().to_owned(),
        message: format!("{e}; nothing was promoted"),
    })?;
    Ok(Applied {
        flows: writes.iter().map(|(_, flow)| format!("{FLOWS_DIR}/{}", flow.target_file)).collect(),
        instance: instance_text.is_some(),
    })
}

/// The refusal in one sentence.
pub fn refusal(plan: &Plan) -> String {
    let mut parts = Vec::new();
    if !plan.unresolved.is_empty() {
        parts.push(crate::words::count(plan.unresolved.len(), "unresolved reference"));
    }
    if !plan.conflicts.is_empty() {
        parts.push(crate::words::count(plan.conflicts.len(), "conflict"));
    }
    parts.join(" and ")
}

#[cfg(test)]
mod tests;
