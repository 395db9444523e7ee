//! Playing the audit: each flow a queue plays gets its columns (saved calls, then generated
//! scenarios, then combinations that reach a Call phone number block no single one reaches), each
//! queue × column is played by the simulator (on every core), and generated columns that play
//! exactly like an earlier one from every queue are merged into it.

use std::collections::{BTreeSet, HashMap};

use super::generate::{self, Candidate};
use super::{
    Audit, AuditFlow, AuditInput, AuditScenario, Cell, CellOutcome, Dialled, Exercise, FlowGroup, FlowState, Origin,
    QueueRow, SCHEMA_VERSION, Summary, findings,
};
use crate::instance::{Instance, Queue};
use crate::model::{ActionKind, FlowDocument, FlowStatus, FlowType};
use crate::phone::PhoneNumber;
use crate::simulation::{self, AGENT_STATE_AFTER_FAILED_CALL, CallResult, Scenario, Step};

/// Most combinations of two generated scenarios tried per flow to reach the Call phone number
/// blocks no single one reaches.
const MAX_COMBINATIONS: usize = 400;

/// Fewest cells a thread is given: below this, starting a thread costs more than it saves.
const CELLS_PER_THREAD: usize = 64;

/// A column before merging: its scenario and its cells, row by row.
struct Column {
    scenario: AuditScenario,
    cells: Vec<(CellOutcome, Vec<Step>)>,
}

pub(super) fn run(input: &AuditInput<'_>) -> Audit {
    let dialled = generate::dialled(input.instance, input.dial);
    let queues: Vec<QueueRow> = input.instance.queues.iter().map(|q| queue_row(q, input)).collect();
    let mut flows: Vec<&AuditFlow<'_>> = Vec::new();
    for flow in input.flows {
        if !flows.iter().any(|f| f.name == flow.name) {
            flows.push(flow);
        }
    }
    flows.sort_by(|a, b| a.name.cmp(b.name));
    let mut audit = Audit {
        schema_version: SCHEMA_VERSION,
        dialled,
        queues,
        flows: Vec::new(),
        scenarios: Vec::new(),
        cells: Vec::new(),
        findings: Vec::new(),
        summary: Summary::default(),
    };
    for flow in flows.into_iter().filter(|f| plays(f.doc)) {
        let mut rows: Vec<&Queue> = input.instance.queues_with_whisper_flow(flow.name).collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| a.name.cmp(&b.name));
        play_flow(&mut audit, input, flow, &rows);
    }
    audit.findings = findings::find(input, &audit);
    audit.summary = summary(&audit);
    audit
}

/// Whether a queue's calls through `doc` are played: an outbound whisper flow, or one whose
/// file records no type.
fn plays(doc: &FlowDocument) -> bool {
    matches!(doc.flow.flow_type, None | Some(FlowType::OutboundWhisper))
}

fn queue_row(queue: &Queue, input: &AuditInput<'_>) -> QueueRow {
    let number = queue.outbound_caller_id_number.clone();
    QueueRow {
        name: queue.name.clone(),
        caller_id_national: number.as_ref().map(PhoneNumber::national),
        caller_id_number_claimed: number.as_ref().is_some_and(|n| input.instance.owns_number(n)),
        caller_id_number: number,
        caller_id_name: queue.outbound_caller_id_name.clone(),
        whisper_flow: queue.outbound_whisper_flow.clone(),
        flow_state: flow_state(queue, input.flows),
    }
}

fn flow_state(queue: &Queue, flows: &[AuditFlow<'_>]) -> FlowState {
    let Some(name) = queue.outbound_whisper_flow.as_deref() else { return FlowState::NotSet };
    let Some(flow) = flows.iter().find(|f| f.name == name) else { return FlowState::Missing };
    let doc = &flow.doc.flow;
    FlowState::Found {
        file: flow.file.map(str::to_owned),
        status: doc.status.map(FlowStatus::designer_name),
        published_before: flow.published_before,
        flow_type: doc.flow_type.as_ref().map(|t| t.designer_name().to_owned()),
        played: plays(flow.doc),
    }
}

/// Plays one flow for its queues and adds its group, scenarios and cells to the audit.
fn play_flow(audit: &mut Audit, input: &AuditInput<'_>, flow: &AuditFlow<'_>, rows: &[&Queue]) {
    let candidates = columns(input, flow, rows, &audit.dialled);
    let queue_names: Vec<&str> = rows.iter().map(|q| q.name.as_str()).collect();
    let scenarios: Vec<&Scenario> = candidates.iter().map(|c| &c.call).collect();
    let played = play_all(flow.doc, input.instance, &queue_names, &scenarios);
    let mut columns: Vec<Column> =
        candidates.into_iter().map(|scenario| Column { scenario, cells: Vec::new() }).collect();
    let width = columns.len();
    for (index, cell) in played.into_iter().enumerate() {
        if let Some(column) = columns.get_mut(index % width) {
            column.cells.push(cell);
        }
    }
    let columns = merge(columns);
    let reached: BTreeSet<&str> =
        columns.iter().flat_map(|c| &c.cells).flat_map(|(_, path)| path).map(|s| s.action.as_str()).collect();
    let unreached_blocks = call_blocks(flow.doc).into_iter().filter(|id| !reached.contains(id.as_str())).collect();
    let group = FlowGroup {
        name: flow.name.to_owned(),
        file: flow.file.map(str::to_owned),
        queues: queue_names.iter().map(|q| (*q).to_owned()).collect(),
        scenarios: columns.iter().map(|c| c.scenario.id.clone()).collect(),
        unreached_blocks,
        first_cell: audit.cells.len(),
    };
    // Column by column as played, row by row in the audit: each cell moved, not copied.
    let mut scenarios = Vec::with_capacity(columns.len());
    let mut by_column = Vec::with_capacity(columns.len());
    for column in columns {
        by_column.push(column.cells.into_iter());
        scenarios.push(column.scenario);
    }
    for queue in &queue_names {
        for (scenario, cells) in scenarios.iter().zip(by_column.iter_mut()) {
            let Some((outcome, path)) = cells.next() else { continue };
            let cell = Cell { queue: (*queue).to_owned(), scenario: scenario.id.clone(), outcome, path };
            audit.cells.push(cell);
        }
    }
    audit.scenarios.extend(scenarios);
    audit.flows.push(group);
}

/// The columns of a flow: its saved calls, the generated scenarios, and the combinations of
/// two that reach a Call phone number block none reaches alone (tried from the first queue).
fn columns(input: &AuditInput<'_>, flow: &AuditFlow<'_>, rows: &[&Queue], dialled: &[Dialled]) -> Vec<AuditScenario> {
    let id = |suffix: &str| format!("{}#{suffix}", flow.name);
    let mut columns: Vec<AuditScenario> = Vec::new();
    for saved in input.saved.iter().filter(|s| s.flow == flow.name) {
        // Two saved calls may carry one name: the second's id gets a number.
        let mut scenario_id = id(&format!("saved:{}", saved.name));
        let mut n = 1;
        while columns.iter().any(|c| c.id == scenario_id) {
            n += 1;
            scenario_id = id(&format!("saved:{}~{n}", saved.name));
        }
        columns.push(AuditScenario {
            id: scenario_id,
            flow: flow.name.to_owned(),
            name: saved.name.clone(),
            origin: Origin::Saved,
            exercises: Exercise::Saved,
            what_if: false,
            also: Vec::new(),
            call: Scenario { queue: String::new(), ..saved.scenario.clone() },
        });
    }
    let singles = generate::singles(flow.doc, input.instance, dialled);
    let first_queue = rows.first().map(|q| q.name.as_str()).unwrap_or_default();
    let combined = combinations(flow.doc, input.instance, first_queue, &singles, &columns);
    for candidate in singles.into_iter().chain(combined) {
        let scenario = AuditScenario {
            id: id(&candidate.id),
            flow: flow.name.to_owned(),
            name: candidate.name,
            origin: Origin::Generated,
            exercises: candidate.exercises,
            what_if: candidate.what_if,
            also: Vec::new(),
            call: candidate.scenario,
        };
        if !columns.iter().any(|c| c.id == scenario.id) {
            columns.push(scenario);
        }
    }
    columns
}

/// Combinations of two generated scenarios, each kept when it reaches a Call phone number block
/// that neither the saved calls nor any single scenario reaches from `queue`.
fn combinations(
    doc: &FlowDocument,
    instance: &Instance,
    queue: &str,
    singles: &[Candidate],
    saved: &[AuditScenario],
) -> Vec<Candidate> {
    let reached_by = |scenario: &Scenario| -> BTreeSet<String> {
        let played = Scenario { queue: queue.to_owned(), ..scenario.clone() };
        let trace = simulation::simulate(doc, instance, &played).map(|o| o.trace).unwrap_or_default();
        trace.into_iter().map(|step| step.action).collect()
    };
    let mut unreached: BTreeSet<String> = call_blocks(doc).into_iter().collect();
    for scenario in saved.iter().map(|s| &s.call).chain(singles.iter().map(|c| &c.scenario)) {
        if unreached.is_empty() {
            return Vec::new();
        }
        let reached = reached_by(scenario);
        unreached.retain(|id| !reached.contains(id));
    }
    let mut kept = Vec::new();
    let mut tried = 0;
    'pairs: for (i, a) in singles.iter().enumerate() {
        for b in singles.iter().skip(i + 1) {
            if unreached.is_empty() || tried >= MAX_COMBINATIONS {
                break 'pairs;
            }
            let Some(both) = generate::combine(a, b) else { continue };
            tried += 1;
            let reached = reached_by(&both.scenario);
            if unreached.iter().any(|id| reached.contains(id)) {
                unreached.retain(|id| !reached.contains(id));
                kept.push(both);
            }
        }
    }
    kept
}

/// The ids of the flow's Call phone number blocks, in block order.
fn call_blocks(doc: &FlowDocument) -> Vec<String> {
    doc.flow
        .actions
        .iter()
        .filter(|a| matches!(a.kind, ActionKind::CompleteOutboundCall { .. }))
        .map(|a| a.id.as_str().to_owned())
        .collect()
}

/// Plays every scenario from every queue, row by row (queue-major), on every core.
fn play_all(
    doc: &FlowDocument,
    instance: &Instance,
    queues: &[&str],
    scenarios: &[&Scenario],
) -> Vec<(CellOutcome, Vec<Step>)> {
    let jobs: Vec<(&str, &Scenario)> =
        queues.iter().flat_map(|queue| scenarios.iter().map(move |scenario| (*queue, *scenario))).collect();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let threads = cores.min(jobs.len() / CELLS_PER_THREAD).max(1);
    if threads == 1 {
        return play_chunk(doc, instance, &jobs);
    }
    let chunk = jobs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            jobs.chunks(chunk).map(|part| scope.spawn(move || play_chunk(doc, instance, part))).collect();
        let mut cells = Vec::with_capacity(jobs.len());
        for (handle, part) in handles.into_iter().zip(jobs.chunks(chunk)) {
            // A thread that panicked (a bug, not an input) is played again here, so the panic
            // shows where it happens.
            match handle.join() {
                Ok(played) => cells.extend(played),
                Err(_) => cells.extend(play_chunk(doc, instance, part)),
            }
        }
        cells
    })
}

fn play_chunk(doc: &FlowDocument, instance: &Instance, jobs: &[(&str, &Scenario)]) -> Vec<(CellOutcome, Vec<Step>)> {
    // The simulator finds a call's queue by name, from the front of the instance's list: with
    // thousands of queues that search would cost more than the call. So each thread plays on
    // its own copy, the queue of the row it plays swapped to the front (queue names are unique
    // in an instance, so the same queue is found).
    let mut local = instance.clone();
    let mut national: HashMap<PhoneNumber, String> = HashMap::new();
    jobs.iter()
        .map(|(queue, scenario)| {
            if local.queues.first().is_none_or(|q| q.name != *queue)
                && let Some(at) = local.queues.iter().position(|q| q.name == *queue)
            {
                local.queues.swap(0, at);
            }
            let played = Scenario { queue: (*queue).to_owned(), ..(*scenario).clone() };
            match simulation::simulate(doc, &local, &played) {
                Ok(outcome) => (cell_outcome(outcome.result, &mut national), outcome.trace),
                Err(error) => (CellOutcome::NotPlayed { reason: error.to_string() }, Vec::new()),
            }
        })
        .collect()
}

fn cell_outcome(result: CallResult, national: &mut HashMap<PhoneNumber, String>) -> CellOutcome {
    match result {
        CallResult::Connected(shown) => {
            let shown = *shown;
            let national = national.entry(shown.number.clone()).or_insert_with(|| shown.number.national()).clone();
            CellOutcome::Connected {
                source_text: shown.source.describe(),
                caller_id: shown.number,
                national,
                display: shown.display,
                country: shown.country,
                source: shown.source,
                name: shown.name,
            }
        }
        CallResult::Failed { reason } => {
            CellOutcome::Failed { reason, disconnected: true, agent_state: AGENT_STATE_AFTER_FAILED_CALL }
        }
        CallResult::Stopped { reason } => CellOutcome::Stopped { reason },
    }
}

/// Generated columns that play exactly like an earlier column from every queue (same outcome,
/// same path) are merged into it: their names are listed under its `also`.
fn merge(columns: Vec<Column>) -> Vec<Column> {
    let mut kept: Vec<Column> = Vec::with_capacity(columns.len());
    for column in columns {
        let same = (column.scenario.origin == Origin::Generated)
            .then(|| kept.iter_mut().find(|k| k.cells == column.cells))
            .flatten();
        match same {
            Some(earlier) => {
                let Column { scenario, .. } = column;
                earlier.scenario.also.push(super::Also { id: scenario.id, name: scenario.name });
                earlier.scenario.also.extend(scenario.also);
            }
            None => kept.push(column),
        }
    }
    kept
}

fn summary(audit: &Audit) -> Summary {
    let mut summary = Summary {
        queues: audit.queues.len(),
        scenarios: audit.scenarios.len(),
        cells: audit.cells.len(),
        ..Summary::default()
    };
    for cell in &audit.cells {
        match cell.outcome {
            CellOutcome::Connected { .. } => summary.connected += 1,
            CellOutcome::Failed { .. } => summary.failed += 1,
            CellOutcome::Stopped { .. } => summary.stopped += 1,
            CellOutcome::NotPlayed { .. } => summary.not_played += 1,
        }
    }
    for finding in &audit.findings {
        match finding.severity {
            super::Severity::Error => summary.errors += 1,
            super::Severity::Warning => summary.warnings += 1,
            super::Severity::Info => summary.infos += 1,
        }
    }
    summary.passed = summary.failed == 0 && summary.errors == 0;
    summary
}
