//! The caller-ID audit of a whole instance: every queue of `instance.json` times the scenarios of
//! its outbound whisper flow (the flow's saved test calls, and scenarios generated from the flow
//! so that each of its caller-ID sources is exercised), every cell played by the simulator, and
//! findings across the instance, each with a stable code. Renders as text, JSON
//! (`schemaVersion` 1) and a self-contained HTML report with an SVG matrix.
//!
//! Pure: the caller reads the workspace and hands over the instance, the flows and the saved
//! calls; nothing here touches the disk. Outcomes come from [`crate::simulation::simulate`] and
//! are never worked out again here.

mod findings;
mod generate;
mod html;
mod play;
#[cfg(test)]
mod tests;
mod text;

use serde::{Serialize, Serializer};

pub use findings::{Finding, FindingCode, Severity};
pub use html::{FAILED_COLOUR, NUMBER_COLOURS, dark_ink, letter, to_html};
pub use text::to_text;

use crate::instance::Instance;
use crate::model::FlowDocument;
use crate::phone::PhoneNumber;
use crate::simulation::{CallerIdSource, Scenario, Step};

/// The version of the JSON document; raised on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The country dialled when the instance names none and has no numbers.
const FALLBACK_COUNTRY: &str = "US";

/// One flow of the workspace, as the audit reads it.
#[derive(Debug, Clone, Copy)]
pub struct AuditFlow<'a> {
    /// The name queues know the flow by (`Metadata.name`, else the file name).
    pub name: &'a str,
    /// Where it was read from, as people would name it (`flows/x.json`).
    pub file: Option<&'a str>,
    pub doc: &'a FlowDocument,
    /// Amazon Connect has published it before (the workspace's link says so): a queue runs that
    /// published version while saved changes wait.
    pub published_before: bool,
}

/// A saved test call of the workspace: its name, the flow it plays and its scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedScenario {
    pub name: String,
    pub flow: String,
    pub scenario: Scenario,
}

/// What the audit reads.
#[derive(Debug, Clone, Copy)]
pub struct AuditInput<'a> {
    pub instance: &'a Instance,
    /// Every flow of the workspace that could be read.
    pub flows: &'a [AuditFlow<'a>],
    pub saved: &'a [SavedScenario],
    /// The numbers to dial; none: one example number in each country of the instance's numbers.
    pub dial: &'a [PhoneNumber],
}

/// The whole audit: what every queue's customers see, which calls fail, and the findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub schema_version: u32,
    /// The numbers dialled by the generated scenarios.
    pub dialled: Vec<Dialled>,
    /// Every queue of the instance, in the instance's order.
    pub queues: Vec<QueueRow>,
    /// The flows queues play, each with its queues (rows) and scenarios (columns).
    pub flows: Vec<FlowGroup>,
    pub scenarios: Vec<AuditScenario>,
    /// Flow by flow, queue by queue, scenario by scenario.
    pub cells: Vec<Cell>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
}

/// A number the generated scenarios dial.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dialled {
    pub number: PhoneNumber,
    pub country: Option<String>,
    pub international: String,
}

/// One queue and its outbound caller configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueRow {
    pub name: String,
    pub caller_id_number: Option<PhoneNumber>,
    /// The number in its own country's format.
    pub caller_id_national: Option<String>,
    /// Whether the instance has claimed or ported the number.
    pub caller_id_number_claimed: bool,
    pub caller_id_name: Option<String>,
    /// The outbound whisper flow the queue names.
    pub whisper_flow: Option<String>,
    pub flow_state: FlowState,
}

/// What the audit found of a queue's outbound whisper flow.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum FlowState {
    /// The queue names no outbound whisper flow.
    NotSet,
    /// The workspace has no flow of that name.
    Missing,
    /// The flow is in the workspace.
    #[serde(rename_all = "camelCase")]
    Found {
        file: Option<String>,
        /// `Metadata.status`: `published`, `saved`, or none recorded.
        status: Option<&'static str>,
        published_before: bool,
        /// `Metadata.type` as written, none when the file records none.
        flow_type: Option<String>,
        /// Whether its calls were played: an outbound whisper flow (or one of no recorded type).
        played: bool,
    },
}

/// A flow that queues play, with its rows and columns in the matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowGroup {
    pub name: String,
    pub file: Option<String>,
    /// The queues that play it, by name.
    pub queues: Vec<String>,
    /// Its scenarios' ids, in column order.
    pub scenarios: Vec<String>,
    /// Its Call phone number blocks that no scenario reaches.
    pub unreached_blocks: Vec<String>,
    /// Where its cells start in [`Audit::cells`].
    #[serde(skip)]
    pub first_cell: usize,
}

/// Whether a scenario is a saved test call or was generated from the flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    Saved,
    Generated,
}

/// What a scenario exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Exercise {
    /// A saved test call.
    Saved,
    /// The everyday call: the first number dialled directly, no attributes preset, each Lambda
    /// with its default reply.
    Baseline,
    /// The everyday call to another country.
    Dial,
    /// The everyday call as a queued callback.
    Callback,
    /// A Lambda answering one of the instance's mock replies.
    LambdaReply,
    /// A Lambda answering without the keys the flow reads.
    LambdaWithoutKey,
    LambdaError,
    LambdaTimeout,
    /// A contact attribute preset to an E.164 number the instance claims.
    AttributeE164,
    /// A contact attribute preset to a value that is not E.164.
    AttributeNotE164,
    /// A contact attribute preset to a value a Check contact attributes block compares with.
    AttributeValue,
    /// Two of the above at once, to reach a Call phone number block neither reaches alone.
    Combined,
}

/// One column of a flow's matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditScenario {
    /// Stable: `<flow>#<what it varies>`.
    pub id: String,
    pub flow: String,
    pub name: String,
    pub origin: Origin,
    pub exercises: Exercise,
    /// A what-if probe of a caller-ID source, rather than a call of everyday configuration.
    pub what_if: bool,
    /// Generated scenarios that played exactly like this one from every queue, merged into it.
    pub also: Vec<Also>,
    /// The call, its queue left out (each row plays it from its own queue).
    #[serde(serialize_with = "call_without_queue")]
    pub call: Scenario,
}

/// A generated scenario merged into another column because it played exactly like it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Also {
    pub id: String,
    pub name: String,
}

/// One queue × scenario: what the customer saw, or why the call failed, and the path.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub queue: String,
    /// The scenario's id.
    pub scenario: String,
    pub outcome: CellOutcome,
    /// The blocks the call went through.
    pub path: Vec<Step>,
}

/// How a cell's call ended up, from the simulator.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "result")]
#[expect(clippy::large_enum_variant, reason = "most cells connect: boxing that variant would save nothing")]
pub enum CellOutcome {
    /// The customer's phone rings showing this caller ID.
    #[serde(rename_all = "camelCase")]
    Connected {
        caller_id: PhoneNumber,
        /// In its own country's format.
        national: String,
        /// As the customer's phone shows it (national when both are in one country).
        display: String,
        country: Option<String>,
        source: CallerIdSource,
        /// Where the number came from, in words.
        source_text: String,
        /// The queue's caller ID name (delivery not guaranteed).
        name: Option<String>,
    },
    /// The call attempt fails: disconnected, agent in After Contact Work.
    #[serde(rename_all = "camelCase")]
    Failed { reason: String, disconnected: bool, agent_state: &'static str },
    /// The simulator stopped without guessing.
    Stopped { reason: String },
    /// The scenario could not be played (a number the softphone cannot dial, say).
    NotPlayed { reason: String },
}

/// The counts of the audit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub queues: usize,
    pub scenarios: usize,
    pub cells: usize,
    pub connected: usize,
    pub failed: usize,
    pub stopped: usize,
    pub not_played: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// No cell fails and no finding is an error.
    pub passed: bool,
}

impl CellOutcome {
    /// `connected`, `failed`, `stopped` or `notPlayed`.
    pub fn result_name(&self) -> &'static str {
        match self {
            Self::Connected { .. } => "connected",
            Self::Failed { .. } => "failed",
            Self::Stopped { .. } => "stopped",
            Self::NotPlayed { .. } => "notPlayed",
        }
    }

    /// The number the customer sees, when the call connects.
    pub fn caller_id(&self) -> Option<&PhoneNumber> {
        match self {
            Self::Connected { caller_id, .. } => Some(caller_id),
            _ => None,
        }
    }

    /// One line for people: the number and where it came from, or the failure and its reason.
    pub fn describe(&self) -> String {
        match self {
            Self::Connected { display, caller_id, source_text, .. } => {
                format!("{display} ({caller_id}), from {source_text}")
            }
            Self::Failed { reason, .. } => {
                format!("call fails: disconnected, agent in After Contact Work: {reason}")
            }
            Self::Stopped { reason } => format!("not simulated: {reason}"),
            Self::NotPlayed { reason } => format!("cannot be played: {reason}"),
        }
    }
}

impl Audit {
    /// Runs the audit.
    pub fn run(input: &AuditInput<'_>) -> Audit {
        play::run(input)
    }

    /// No cell fails and no finding is an error: the exit code 0 of `whisperwire audit`.
    pub fn passed(&self) -> bool {
        self.summary.passed
    }

    pub fn queue(&self, name: &str) -> Option<&QueueRow> {
        self.queues.iter().find(|q| q.name == name)
    }

    pub fn scenario(&self, id: &str) -> Option<&AuditScenario> {
        self.scenarios.iter().find(|s| s.id == id)
    }

    /// The column that plays scenario `id`: its own, or the one it was merged into.
    pub fn column_of(&self, id: &str) -> Option<&AuditScenario> {
        self.scenarios.iter().find(|s| s.id == id || s.also.iter().any(|a| a.id == id))
    }

    /// The cells of one flow's matrix, row by row.
    pub fn group_cells(&self, group: &FlowGroup) -> &[Cell] {
        let count = group.queues.len() * group.scenarios.len();
        self.cells.get(group.first_cell..group.first_cell + count).unwrap_or(&[])
    }

    /// The cell of `queue` × `scenario` (by id).
    pub fn cell(&self, queue: &str, scenario: &str) -> Option<&Cell> {
        let group = self.flows.iter().find(|g| g.scenarios.iter().any(|s| s == scenario))?;
        let row = group.queues.iter().position(|q| q == queue)?;
        let column = group.scenarios.iter().position(|s| s == scenario)?;
        self.group_cells(group).get(row * group.scenarios.len() + column)
    }
}

/// The JSON of a scenario without its `queue`.
fn call_without_queue<S: Serializer>(scenario: &Scenario, serializer: S) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(scenario).map_err(serde::ser::Error::custom)?;
    if let Some(object) = value.as_object_mut() {
        object.remove("queue");
    }
    value.serialize(serializer)
}
