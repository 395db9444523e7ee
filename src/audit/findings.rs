//! Findings across the instance, each with a stable code (`A01`…), a severity and what it is
//! about (queue, flow, block). Worked out from the queues' configuration and the played cells;
//! a finding never plays a call of its own.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Serialize, Serializer};

use super::{Audit, AuditInput, Cell, CellOutcome, FlowState};
use crate::model::{ActionKind, CallerId, FlowDocument, FlowStatus};
use crate::phone::{self, PhoneNumber};
use crate::simulation::CALLER_ID_NAME_CAVEAT;
use crate::words::count;

/// How much a finding matters. `error` fails the audit (exit code 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// What a finding is about. The code is stable: scripts may match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FindingCode {
    /// A01: some of the queue's calls fail (no caller ID number, and a path falls back to it).
    FailingCalls,
    /// A02: the queue names an outbound whisper flow the workspace does not have.
    WhisperFlowMissing,
    /// A03: the queue's outbound whisper flow is not published.
    WhisperFlowUnpublished,
    /// A04: the queue's outbound whisper flow is a flow of another type.
    WhisperFlowWrongType,
    /// A05: the queue names no outbound whisper flow.
    NoWhisperFlow,
    /// A06: a caller ID number the instance has not claimed or ported.
    NumberNotClaimed,
    /// A07: customers dialled in one country see a number of another.
    InternationalCallerId,
    /// A08: several queues present the same number.
    SharedCallerId,
    /// A09: the queue sets a caller ID name, whose delivery is not guaranteed.
    CallerIdName,
    /// A10: calls the simulator stopped on or could not play.
    NotSimulated,
    /// A11: a Call phone number block no scenario reaches.
    BlockNotReached,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub queue: Option<String>,
    pub flow: Option<String>,
    /// The block's identifier.
    pub block: Option<String>,
    /// The block's name, as the designer shows it.
    pub block_name: Option<String>,
    pub message: String,
    /// The scenarios (ids) it was seen in.
    pub scenarios: Vec<String>,
}

impl FindingCode {
    pub const ALL: [FindingCode; 11] = [
        Self::FailingCalls,
        Self::WhisperFlowMissing,
        Self::WhisperFlowUnpublished,
        Self::WhisperFlowWrongType,
        Self::NoWhisperFlow,
        Self::NumberNotClaimed,
        Self::InternationalCallerId,
        Self::SharedCallerId,
        Self::CallerIdName,
        Self::NotSimulated,
        Self::BlockNotReached,
    ];

    /// The stable code, `A01`….
    pub fn code(self) -> &'static str {
        match self {
            Self::FailingCalls => "A01",
            Self::WhisperFlowMissing => "A02",
            Self::WhisperFlowUnpublished => "A03",
            Self::WhisperFlowWrongType => "A04",
            Self::NoWhisperFlow => "A05",
            Self::NumberNotClaimed => "A06",
            Self::InternationalCallerId => "A07",
            Self::SharedCallerId => "A08",
            Self::CallerIdName => "A09",
            Self::NotSimulated => "A10",
            Self::BlockNotReached => "A11",
        }
    }

    /// What the code means, in a few words.
    pub fn title(self) -> &'static str {
        match self {
            Self::FailingCalls => "calls fail",
            Self::WhisperFlowMissing => "outbound whisper flow missing",
            Self::WhisperFlowUnpublished => "outbound whisper flow not published",
            Self::WhisperFlowWrongType => "outbound whisper flow of another type",
            Self::NoWhisperFlow => "no outbound whisper flow",
            Self::NumberNotClaimed => "caller ID number not claimed",
            Self::InternationalCallerId => "international caller ID",
            Self::SharedCallerId => "number shared by queues",
            Self::CallerIdName => "caller ID name set",
            Self::NotSimulated => "calls not simulated",
            Self::BlockNotReached => "Call phone number not reached",
        }
    }
}

impl Serialize for FindingCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// Builds findings with their subject.
#[derive(Default)]
struct Findings {
    list: Vec<Finding>,
}

impl Findings {
    fn push(&mut self, code: FindingCode, severity: Severity, subject: Subject, message: String) {
        self.push_seen(code, severity, subject, message, Vec::new());
    }

    /// A finding and the scenarios (ids) it was seen in.
    fn push_seen(
        &mut self,
        code: FindingCode,
        severity: Severity,
        subject: Subject,
        message: String,
        scenarios: Vec<String>,
    ) {
        let Subject { queue, flow, block, block_name } = subject;
        self.list.push(Finding { code, severity, queue, flow, block, block_name, message, scenarios });
    }
}

/// What a finding is about.
#[derive(Default)]
struct Subject {
    queue: Option<String>,
    flow: Option<String>,
    block: Option<String>,
    block_name: Option<String>,
}

impl Subject {
    fn queue(name: &str) -> Self {
        Self { queue: Some(name.to_owned()), ..Self::default() }
    }

    fn with_flow(mut self, flow: &str) -> Self {
        self.flow = Some(flow.to_owned());
        self
    }

    fn with_block(mut self, doc: Option<&FlowDocument>, id: Option<&str>) -> Self {
        let Some(id) = id else { return self };
        self.block_name = doc.and_then(|d| d.flow.actions.iter().find(|a| a.id.as_str() == id)).map(|a| {
            let name = a.display_name();
            if name == id { name.to_owned() } else { format!("{name} ({})", short_id(id)) }
        });
        self.block = Some(id.to_owned());
        self
    }
}

/// The first part of a UUID-like identifier, enough to tell blocks apart in a message.
fn short_id(id: &str) -> &str {
    id.split('-').next().filter(|first| first.len() >= 6).unwrap_or(id)
}

pub(super) fn find(input: &AuditInput<'_>, audit: &Audit) -> Vec<Finding> {
    let mut out = Findings::default();
    let doc = |flow: &str| input.flows.iter().find(|f| f.name == flow).map(|f| f.doc);
    configuration(input, audit, &mut out);
    static_numbers(input, audit, &mut out);
    failing_calls(audit, &doc, &mut out);
    not_simulated(audit, &doc, &mut out);
    for group in &audit.flows {
        for block in &group.unreached_blocks {
            let subject = Subject::default().with_flow(&group.name).with_block(doc(&group.name), Some(block));
            let message = format!(
                "no scenario reaches {} of flow '{}': what it presents depends on something the audit does not vary \
                 (add a saved test call that reaches it)",
                subject.block_name.clone().unwrap_or_else(|| block.clone()),
                group.name
            );
            out.push(FindingCode::BlockNotReached, Severity::Warning, subject, message);
        }
    }
    presented(input, audit, &mut out);
    let mut list = out.list;
    list.sort_by(|a, b| (a.severity, a.code, &a.queue, &a.flow).cmp(&(b.severity, b.code, &b.queue, &b.flow)));
    list
}

/// A02–A06 and A09 from each queue's configuration.
fn configuration(input: &AuditInput<'_>, audit: &Audit, out: &mut Findings) {
    for queue in &audit.queues {
        let name = &queue.name;
        let flow = queue.whisper_flow.as_deref().unwrap_or_default();
        match &queue.flow_state {
            FlowState::NotSet => {
                let message =
                    format!("queue '{name}' names no outbound whisper flow: the audit has none of its calls to play");
                out.push(FindingCode::NoWhisperFlow, Severity::Warning, Subject::queue(name), message);
            }
            FlowState::Missing => {
                let message = format!(
                    "queue '{name}' names '{flow}' as its outbound whisper flow, but the workspace has no such flow: its calls were \
                     not played"
                );
                out.push(
                    FindingCode::WhisperFlowMissing,
                    Severity::Error,
                    Subject::queue(name).with_flow(flow),
                    message,
                );
            }
            FlowState::Found { played: false, flow_type, .. } => {
                let kind = flow_type.as_deref().unwrap_or("unknown");
                let message = format!(
                    "queue '{name}' uses '{flow}' as its outbound whisper flow, but it is a flow of type {kind}: its calls were not \
                     played"
                );
                out.push(
                    FindingCode::WhisperFlowWrongType,
                    Severity::Error,
                    Subject::queue(name).with_flow(flow),
                    message,
                );
            }
            FlowState::Found { status, published_before, .. } => {
                unpublished(name, flow, *status, *published_before, out);
            }
        }
        if let Some(number) = queue.caller_id_number.as_ref().filter(|_| !queue.caller_id_number_claimed) {
            let message = format!(
                "queue '{name}' has outbound caller ID number {number}, which the instance has not claimed or ported{}",
                claimed_hint(input, number)
            );
            out.push(FindingCode::NumberNotClaimed, Severity::Error, Subject::queue(name), message);
        }
        if let Some(caller_name) = &queue.caller_id_name {
            let message = format!("queue '{name}' sets the caller ID name \"{caller_name}\": {CALLER_ID_NAME_CAVEAT}");
            out.push(FindingCode::CallerIdName, Severity::Info, Subject::queue(name), message);
        }
    }
}

fn unpublished(queue: &str, flow: &str, status: Option<&str>, published_before: bool, out: &mut Findings) {
    if status == Some(FlowStatus::Published.designer_name()) {
        return;
    }
    let subject = Subject::queue(queue).with_flow(flow);
    if published_before {
        let message = format!(
            "queue '{queue}' runs the published version of '{flow}', not its saved changes, until they are published; the audit \
             played the saved changes"
        );
        out.push(FindingCode::WhisperFlowUnpublished, Severity::Warning, subject, message);
    } else {
        let message = format!(
            "queue '{queue}' uses '{flow}' as its outbound whisper flow, but the flow was never published; only published flows \
             can be a queue's outbound whisper flow"
        );
        out.push(FindingCode::WhisperFlowUnpublished, Severity::Error, subject, message);
    }
}

/// `; the instance's numbers in GB: +44…` when it has some in the number's country.
fn claimed_hint(input: &AuditInput<'_>, number: &PhoneNumber) -> String {
    let Some(country) = number.region() else { return String::new() };
    let same: Vec<&str> = input
        .instance
        .phone_numbers
        .iter()
        .filter(|n| n.country.eq_ignore_ascii_case(country))
        .map(|n| n.number.as_str())
        .collect();
    if same.is_empty() { String::new() } else { format!("; its numbers in {country}: {}", same.join(", ")) }
}

/// A06 for numbers typed into a played flow's Call phone number blocks.
fn static_numbers(input: &AuditInput<'_>, audit: &Audit, out: &mut Findings) {
    for group in &audit.flows {
        let Some(flow) = input.flows.iter().find(|f| f.name == group.name) else { continue };
        for action in &flow.doc.flow.actions {
            let ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(text) } = &action.kind else { continue };
            let Ok(number) = PhoneNumber::parse_e164(text) else { continue };
            if input.instance.owns_number(&number) {
                continue;
            }
            let subject =
                Subject::default().with_flow(&group.name).with_block(Some(flow.doc), Some(action.id.as_str()));
            let message = format!(
                "flow '{}' presents {number}, which the instance has not claimed or ported{}",
                group.name,
                claimed_hint(input, &number)
            );
            out.push(FindingCode::NumberNotClaimed, Severity::Error, subject, message);
        }
    }
}

/// The block a call ended in: the last step of its path.
fn last_block(cell: &Cell) -> Option<&str> {
    cell.path.last().map(|step| step.action.as_str())
}

/// A01: per queue and block where its calls fail.
fn failing_calls<'a>(audit: &Audit, doc: &dyn Fn(&str) -> Option<&'a FlowDocument>, out: &mut Findings) {
    for group in &audit.flows {
        let cells = audit.group_cells(group);
        let width = group.scenarios.len().max(1);
        for (row, queue) in group.queues.iter().enumerate() {
            let row_cells = cells.iter().skip(row * width).take(width);
            let mut by_block: BTreeMap<Option<&str>, Vec<&Cell>> = BTreeMap::new();
            for cell in row_cells.filter(|c| matches!(c.outcome, CellOutcome::Failed { .. })) {
                by_block.entry(last_block(cell)).or_default().push(cell);
            }
            for (block, failed) in by_block {
                let Some(CellOutcome::Failed { reason, .. }) = failed.first().map(|c| &c.outcome) else { continue };
                let subject = Subject::queue(queue).with_flow(&group.name).with_block(doc(&group.name), block);
                let message = format!(
                    "{} of queue '{queue}' fail{}: the call is disconnected and the agent placed in After Contact Work; {reason}",
                    count_of(failed.len(), width, "call"),
                    if failed.len() == 1 { "s" } else { "" },
                );
                let seen = failed.iter().map(|c| c.scenario.clone()).collect();
                out.push_seen(FindingCode::FailingCalls, Severity::Error, subject, message, seen);
            }
        }
    }
}

/// `3 of 8 calls`, `1 of 8 calls`.
fn count_of(part: usize, whole: usize, noun: &str) -> String {
    format!("{part} of {}", count(whole, noun))
}

/// The queues and the scenarios a finding was seen in.
type QueuesAndScenarios<'a> = (BTreeSet<&'a str>, BTreeSet<&'a str>);

/// A10: cells the simulator stopped on or could not play, per flow and reason.
fn not_simulated<'a>(audit: &Audit, doc: &dyn Fn(&str) -> Option<&'a FlowDocument>, out: &mut Findings) {
    for group in &audit.flows {
        let mut by_reason: BTreeMap<(&str, Option<&str>), QueuesAndScenarios<'_>> = BTreeMap::new();
        for cell in audit.group_cells(group) {
            let reason = match &cell.outcome {
                CellOutcome::Stopped { reason } | CellOutcome::NotPlayed { reason } => reason.as_str(),
                _ => continue,
            };
            let (queues, scenarios) = by_reason.entry((reason, last_block(cell))).or_default();
            queues.insert(cell.queue.as_str());
            scenarios.insert(cell.scenario.as_str());
        }
        for ((reason, block), (queues, scenarios)) in by_reason {
            let subject = Subject::default().with_flow(&group.name).with_block(doc(&group.name), block);
            let message = format!(
                "flow '{}': {} from {} could not be simulated: {reason}",
                group.name,
                count(scenarios.len(), "scenario"),
                count(queues.len(), "queue")
            );
            let seen = scenarios.into_iter().map(str::to_owned).collect();
            out.push_seen(FindingCode::NotSimulated, Severity::Warning, subject, message, seen);
        }
    }
}

/// A07 and A08, from the calls of everyday configuration (saved calls, the baseline, the other
/// countries, callbacks), not the what-if probes.
fn presented(input: &AuditInput<'_>, audit: &Audit, out: &mut Findings) {
    let everyday: BTreeMap<&str, Option<String>> = audit
        .scenarios
        .iter()
        .filter(|s| !s.what_if)
        .map(|s| {
            let region = s.call.region.as_deref().or(input.instance.default_country.as_deref());
            let country = phone::to_e164(&s.call.dial, region).ok().and_then(|n| n.region().map(str::to_owned));
            (s.id.as_str(), country)
        })
        .collect();
    let mut by_number: BTreeMap<&PhoneNumber, BTreeSet<&str>> = BTreeMap::new();
    let mut international: BTreeMap<(&str, &PhoneNumber, &str), Vec<&str>> = BTreeMap::new();
    for cell in &audit.cells {
        let Some(dialled) = everyday.get(cell.scenario.as_str()) else { continue };
        let CellOutcome::Connected { caller_id, country, .. } = &cell.outcome else { continue };
        by_number.entry(caller_id).or_default().insert(cell.queue.as_str());
        if let (Some(dialled), Some(country)) = (dialled, country)
            && dialled != country
        {
            international.entry((cell.queue.as_str(), caller_id, dialled.as_str())).or_default().push(&cell.scenario);
        }
    }
    for ((queue, number, dialled), scenarios) in international {
        let country = number.region().unwrap_or("another country");
        let message = format!(
            "queue '{queue}' presents {} ({country}) to customers dialled in {dialled}: they see an international number",
            number.international()
        );
        let seen = scenarios.into_iter().map(str::to_owned).collect();
        out.push_seen(FindingCode::InternationalCallerId, Severity::Info, Subject::queue(queue), message, seen);
    }
    for (number, queues) in by_number.into_iter().filter(|(_, queues)| queues.len() > 1) {
        let names: Vec<String> = queues.iter().map(|q| format!("'{q}'")).collect();
        let message = format!(
            "{} is presented by {}: {}; customers cannot tell these lines of business apart by the number",
            number.international(),
            count(queues.len(), "queue"),
            names.join(", ")
        );
        out.push(FindingCode::SharedCallerId, Severity::Info, Subject::default(), message);
    }
}
