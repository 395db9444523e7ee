//! The validator: Amazon Connect's own rules and the caller-ID rules, as data. `validate` never
//! fails: every problem is a [`Diagnostic`] with a stable rule code, a severity, the block it is
//! about, a message an admin understands and, where one exists, a [`Fix`] that is an [`Edit`].

pub mod block_support;
mod caller_id;
pub mod flow_type;
mod parameters;
mod paths;
mod publishing;
pub mod structure;

use std::collections::HashMap;
use std::fmt;

use crate::instance::Instance;
use crate::model::{ActionId, Edit, FlowDocument, FlowType};

/// How bad a finding is. Errors block publishing; warnings and notes do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every rule, with its stable code (never reused, never renumbered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    // Structure.
    StartMissing,
    StartUnknown,
    DanglingTarget,
    Unreachable,
    DuplicateId,
    InvalidId,
    UnknownType,
    TooManyActions,
    ContentTooLarge,
    UnconnectedBranch,
    MissingParameter,
    InvalidParameter,
    // Flow type.
    BlockNotAllowed,
    CallOutsideOutboundWhisper,
    FlowTypeUnknown,
    // Caller ID.
    CallAfterPrompt,
    PromptDialsQueueNumber,
    SecondCallOnPath,
    CallerIdNotE164,
    CallerIdInvalid,
    CallerIdNotClaimed,
    CallerIdNotAttribute,
    UserAttributeMaybeUnset,
    ExternalWithoutLambda,
    QueueWithoutCallerId,
    CallerIdAttributeEmpty,
    // Publishing.
    QueueUsesUnpublishedFlow,
    PublishedWithErrors,
    QueueRunsPublishedVersion,
    // Context.
    NoInstance,
}

impl Rule {
    /// Every rule, in code order.
    pub const ALL: [Rule; 30] = [
        Rule::StartMissing,
        Rule::StartUnknown,
        Rule::DanglingTarget,
        Rule::Unreachable,
        Rule::DuplicateId,
        Rule::InvalidId,
        Rule::UnknownType,
        Rule::TooManyActions,
        Rule::ContentTooLarge,
        Rule::UnconnectedBranch,
        Rule::MissingParameter,
        Rule::InvalidParameter,
        Rule::BlockNotAllowed,
        Rule::CallOutsideOutboundWhisper,
        Rule::FlowTypeUnknown,
        Rule::CallAfterPrompt,
        Rule::PromptDialsQueueNumber,
        Rule::SecondCallOnPath,
        Rule::CallerIdNotE164,
        Rule::CallerIdInvalid,
        Rule::CallerIdNotClaimed,
        Rule::CallerIdNotAttribute,
        Rule::UserAttributeMaybeUnset,
        Rule::ExternalWithoutLambda,
        Rule::QueueWithoutCallerId,
        Rule::CallerIdAttributeEmpty,
        Rule::QueueUsesUnpublishedFlow,
        Rule::PublishedWithErrors,
        Rule::QueueRunsPublishedVersion,
        Rule::NoInstance,
    ];

    /// The stable code, as printed and as used in JSON output.
    pub fn code(self) -> &'static str {
        self.info().0
    }

    /// Whether an error of this rule keeps the flow from being published. Queue settings
    /// (a queue without a caller ID number, a queue using an unpublished flow) do not: they are
    /// fixed in the queue, not in the flow.
    pub fn blocks_publishing(self) -> bool {
        !matches!(self, Self::QueueWithoutCallerId | Self::QueueUsesUnpublishedFlow | Self::PublishedWithErrors)
    }

    /// A short kebab-case name.
    pub fn name(self) -> &'static str {
        self.info().1
    }

    fn info(self) -> (&'static str, &'static str) {
        match self {
            Self::StartMissing => ("S01", "start-missing"),
            Self::StartUnknown => ("S02", "start-unknown"),
            Self::DanglingTarget => ("S03", "dangling-target"),
            Self::Unreachable => ("S04", "unreachable"),
            Self::DuplicateId => ("S05", "duplicate-identifier"),
            Self::InvalidId => ("S06", "invalid-identifier"),
            Self::UnknownType => ("S07", "unknown-type"),
            Self::TooManyActions => ("S08", "too-many-actions"),
            Self::ContentTooLarge => ("S09", "content-too-large"),
            Self::UnconnectedBranch => ("S10", "unconnected-branch"),
            Self::MissingParameter => ("S11", "missing-parameter"),
            Self::InvalidParameter => ("S12", "invalid-parameter"),
            Self::BlockNotAllowed => ("T01", "block-not-allowed"),
            Self::CallOutsideOutboundWhisper => ("T02", "call-outside-outbound-whisper"),
            Self::FlowTypeUnknown => ("T03", "flow-type-unknown"),
            Self::CallAfterPrompt => ("C01", "call-after-prompt"),
            Self::PromptDialsQueueNumber => ("C02", "prompt-dials-queue-number"),
            Self::SecondCallOnPath => ("C03", "second-call-on-path"),
            Self::CallerIdNotE164 => ("C04", "caller-id-not-e164"),
            Self::CallerIdInvalid => ("C05", "caller-id-invalid"),
            Self::CallerIdNotClaimed => ("C06", "caller-id-not-claimed"),
            Self::CallerIdNotAttribute => ("C07", "caller-id-not-attribute"),
            Self::UserAttributeMaybeUnset => ("C08", "user-attribute-maybe-unset"),
            Self::ExternalWithoutLambda => ("C09", "external-without-lambda"),
            Self::QueueWithoutCallerId => ("C10", "queue-without-caller-id"),
            Self::CallerIdAttributeEmpty => ("C11", "caller-id-attribute-empty"),
            Self::QueueUsesUnpublishedFlow => ("P01", "queue-uses-unpublished-flow"),
            Self::PublishedWithErrors => ("P02", "published-with-errors"),
            Self::QueueRunsPublishedVersion => ("P03", "queue-runs-published-version"),
            Self::NoInstance => ("N01", "no-instance"),
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// The block it is about; `None` for the flow as a whole.
    pub action: Option<ActionId>,
    pub message: String,
    pub fix: Option<Fix>,
}

/// A repair the validator can apply: shown as `label`, applied as one undoable `edit`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub label: String,
    /// The value the fix writes, when it is one (an E.164 number), for scripts and the GUI.
    pub replacement: Option<String>,
    pub edit: Edit,
}

/// Every finding for one flow, errors first, then by block order in the file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn has_errors(&self) -> bool {
        self.errors() > 0
    }

    /// The errors that keep the flow from being published.
    pub fn publishing_blockers(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error && d.rule.blocks_publishing())
    }

    pub fn can_publish(&self) -> bool {
        self.publishing_blockers().next().is_none()
    }

    /// Findings about one block.
    pub fn for_action<'a>(&'a self, id: &'a ActionId) -> impl Iterator<Item = &'a Diagnostic> {
        self.diagnostics.iter().filter(move |d| d.action.as_ref() == Some(id))
    }

    /// Whether a finding of `rule` is present.
    pub fn has(&self, rule: Rule) -> bool {
        self.diagnostics.iter().any(|d| d.rule == rule)
    }
}

/// What the validator knows besides the flow.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The instance inventory; `None` skips the instance checks (with one note saying so).
    pub instance: Option<&'a Instance>,
    /// The flow's name as queues refer to it, when the document does not carry one (a flow
    /// file's stem).
    pub flow_name: Option<&'a str>,
    /// Whether Amazon Connect has published this flow before (the link's base says so): a queue
    /// may then use it, and runs its published version while saved changes wait.
    pub published_before: bool,
}

/// Validates a flow against Amazon Connect's rules and, with an instance, against it.
pub fn validate(doc: &FlowDocument, context: Context<'_>) -> Report {
    validate_as(doc, context, None)
}

/// Like [`validate`], with a flow type given for this run (`validate --flow-type`): it applies
/// when the file records none (`Metadata.type`), and wins over the inferred one. The file's own
/// type always wins.
pub fn validate_as(doc: &FlowDocument, context: Context<'_>, flow_type: Option<&FlowType>) -> Report {
    let mut out = Findings::new(doc);
    let effective = flow_type::effective_type(doc, context, flow_type);
    structure::check(doc, &mut out);
    parameters::check(doc, &mut out);
    flow_type::check(doc, effective.as_ref(), &mut out);
    let analysis = paths::analyse(doc);
    structure::check_reachability(doc, &analysis, &mut out);
    let outbound_whisper = effective.as_ref().is_some_and(|e| e.flow_type == FlowType::OutboundWhisper);
    if outbound_whisper {
        caller_id::check(doc, &analysis, context, &mut out);
    }
    match context.instance {
        Some(instance) => publishing::check_queues(doc, context, instance, &mut out),
        None => out.push(
            Rule::NoInstance,
            Severity::Note,
            None,
            "no instance inventory (instance.json): checks of claimed numbers and queues were skipped".into(),
        ),
    }
    publishing::check_status(doc, &mut out);
    out.finish()
}

/// The findings being collected, with the block order used to sort them.
pub(crate) struct Findings<'d> {
    list: Vec<Diagnostic>,
    /// Each identifier's first block, by position.
    blocks: BlockLabels<'d>,
}

impl<'d> Findings<'d> {
    fn new(doc: &'d FlowDocument) -> Self {
        Self { list: Vec::new(), blocks: BlockLabels::new(doc) }
    }

    /// Whether the flow has a block with this identifier.
    pub(crate) fn exists(&self, id: &ActionId) -> bool {
        self.blocks.index.contains_key(id.as_str())
    }

    /// How a message names another block it mentions: by name, its identifier only if needed.
    pub(crate) fn name(&self, id: &ActionId) -> String {
        self.blocks.name(id)
    }

    pub(crate) fn push(&mut self, rule: Rule, severity: Severity, action: Option<&ActionId>, message: String) {
        self.list.push(Diagnostic { rule, severity, action: action.cloned(), message, fix: None });
    }

    pub(crate) fn push_with_fix(
        &mut self,
        rule: Rule,
        severity: Severity,
        action: Option<&ActionId>,
        message: String,
        fix: Fix,
    ) {
        self.list.push(Diagnostic { rule, severity, action: action.cloned(), message, fix: Some(fix) });
    }

    /// How many errors so far keep the flow from being published.
    pub(crate) fn publishing_blockers(&self) -> usize {
        self.list.iter().filter(|d| d.severity == Severity::Error && d.rule.blocks_publishing()).count()
    }

    fn finish(self) -> Report {
        let order =
            |id: &Option<ActionId>| id.as_ref().and_then(|id| self.blocks.index.get(id.as_str())).map_or(0, |i| i + 1);
        let mut list = self.list;
        list.sort_by_key(|d| (d.severity, order(&d.action), d.rule));
        list.dedup();
        Report { diagnostics: list }
    }
}

/// How a block is named in messages: its Connect block name and identifier. Looks the block up
/// by a linear search: for many labels of one flow, build a [`BlockLabels`] once.
pub fn block_label(doc: &FlowDocument, id: &ActionId) -> String {
    label_of(doc.flow.action(id), id)
}

fn label_of(action: Option<&crate::model::Action>, id: &ActionId) -> String {
    match action {
        Some(action) => format!("'{}' ({})", action.block_name(), id),
        None => format!("{id:?}"),
    }
}

/// The blocks of one flow by identifier (the first block of each), built once, so that naming
/// every finding of a report costs constant time each.
pub struct BlockLabels<'d> {
    doc: &'d FlowDocument,
    index: HashMap<&'d str, usize>,
    /// How many blocks show each name, counted when a message first names a block.
    names: std::cell::OnceCell<HashMap<&'d str, usize>>,
}

impl<'d> BlockLabels<'d> {
    pub fn new(doc: &'d FlowDocument) -> Self {
        let mut index = HashMap::with_capacity(doc.flow.actions.len());
        for (i, action) in doc.flow.actions.iter().enumerate() {
            index.entry(action.id.as_str()).or_insert(i);
        }
        Self { doc, index, names: std::cell::OnceCell::new() }
    }

    /// The block with this identifier.
    pub fn action(&self, id: &ActionId) -> Option<&'d crate::model::Action> {
        self.index.get(id.as_str()).and_then(|&i| self.doc.flow.actions.get(i))
    }

    /// `'Block name' (id)`, as [`block_label`] writes it.
    pub fn label(&self, id: &ActionId) -> String {
        label_of(self.action(id), id)
    }

    /// How a message names a block it mentions: `'Say goodbye'`, `'End flow / Resume'` (the name
    /// the designer shows on the block), with its identifier only when another block of the flow
    /// shows the same name, so that it can still be found; a missing block by its identifier.
    pub fn name(&self, id: &ActionId) -> String {
        let Some(action) = self.action(id) else {
            return format!("{id:?}");
        };
        let name = action.display_name();
        let names = self.names.get_or_init(|| {
            let mut names = HashMap::new();
            for action in &self.doc.flow.actions {
                *names.entry(action.display_name()).or_insert(0) += 1;
            }
            names
        });
        if names.get(name).copied().unwrap_or(0) > 1 { format!("'{name}' ({id})") } else { format!("'{name}'") }
    }
}

#[cfg(test)]
mod tests;
