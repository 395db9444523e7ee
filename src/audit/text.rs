//! The audit as text for a terminal: per flow, each queue's calls (what the customer sees, or
//! the failure), then the queues not played, the findings and the verdict. Names from files or
//! from Amazon Connect go through [`printable`], so none can forge a line.

use std::fmt::Write as _;

use super::{Audit, CellOutcome, FlowGroup, FlowState, QueueRow};
use crate::words::{count, printable};

/// The whole audit as text, ending with a newline.
pub fn to_text(audit: &Audit) -> String {
    let mut out = String::new();
    heading(&mut out, audit);
    for group in &audit.flows {
        group_text(&mut out, audit, group);
    }
    not_played(&mut out, audit);
    findings(&mut out, audit);
    verdict(&mut out, audit);
    out
}

fn heading(out: &mut String, audit: &Audit) {
    let s = &audit.summary;
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "Caller-ID audit of {}: {} played, {}, {} ({} connected, {} failed{})",
        count(s.queues, "queue"),
        count(audit.flows.len(), "flow"),
        count(s.scenarios, "scenario"),
        count(s.cells, "call"),
        s.connected,
        s.failed,
        if s.stopped + s.not_played > 0 {
            format!(", {} not simulated", s.stopped + s.not_played)
        } else {
            String::new()
        }
    );
    let dialled: Vec<String> = audit
        .dialled
        .iter()
        .map(|d| format!("{} ({})", d.international, d.country.as_deref().unwrap_or("no country")))
        .collect();
    let _ = writeln!(out, "Dialled: {}", dialled.join(", "));
}

fn group_text(out: &mut String, audit: &Audit, group: &FlowGroup) {
    let file = group.file.as_deref().map(|f| format!(" ({})", printable(f))).unwrap_or_default();
    let _ = writeln!(out, "\nFlow {}{file}", printable(&group.name));
    let names: Vec<String> = group
        .scenarios
        .iter()
        .map(|id| audit.scenario(id).map_or_else(|| printable(id).into_owned(), |s| printable(&s.name).into_owned()))
        .collect();
    let name_width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let cells = audit.group_cells(group);
    for (row, queue) in group.queues.iter().enumerate() {
        let _ =
            writeln!(out, "  queue {}", audit.queue(queue).map_or_else(|| printable(queue).into_owned(), queue_line));
        let row_cells = cells.iter().skip(row * group.scenarios.len()).take(group.scenarios.len());
        for (name, cell) in names.iter().zip(row_cells) {
            let _ = writeln!(out, "    {name:<name_width$}  {}", cell_text(&cell.outcome));
        }
    }
}

/// `Collections: caller ID number none, name "Acme Collections"`.
fn queue_line(queue: &QueueRow) -> String {
    let number = queue.caller_id_number.as_ref().map_or_else(
        || "none".to_owned(),
        |n| format!("{n}{}", if queue.caller_id_number_claimed { "" } else { " (not claimed)" }),
    );
    let name = queue.caller_id_name.as_deref().map(|n| format!(", name \"{}\"", printable(n))).unwrap_or_default();
    format!("{}: caller ID number {number}{name}", printable(&queue.name))
}

fn cell_text(outcome: &CellOutcome) -> String {
    match outcome {
        CellOutcome::Connected { display, caller_id, source_text, .. } => {
            format!("{:<18} {:<18} {}", display, caller_id.as_str(), printable(source_text))
        }
        CellOutcome::Failed { reason, .. } => {
            format!("{:<18} {:<18} {}", "CALL FAILS", "disconnected, ACW", printable(reason))
        }
        CellOutcome::Stopped { reason } => format!("{:<18} {:<18} {}", "NOT SIMULATED", "-", printable(reason)),
        CellOutcome::NotPlayed { reason } => format!("{:<18} {:<18} {}", "NOT PLAYED", "-", printable(reason)),
    }
}

fn not_played(out: &mut String, audit: &Audit) {
    let played = |q: &QueueRow| audit.flows.iter().any(|g| g.queues.contains(&q.name));
    let rows: Vec<&QueueRow> = audit.queues.iter().filter(|q| !played(q)).collect();
    if rows.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nQueues not played");
    for queue in rows {
        let why = match (&queue.flow_state, queue.whisper_flow.as_deref()) {
            (FlowState::NotSet, _) => "no outbound whisper flow".to_owned(),
            (FlowState::Missing, Some(flow)) => {
                format!("outbound whisper flow '{}' is not in the workspace", printable(flow))
            }
            (FlowState::Found { played: false, flow_type, .. }, Some(flow)) => format!(
                "'{}' is a flow of type {}",
                printable(flow),
                printable(flow_type.as_deref().unwrap_or("unknown"))
            ),
            _ => "no scenario".to_owned(),
        };
        let _ = writeln!(out, "  {}: {why}", queue_line(queue));
    }
}

fn findings(out: &mut String, audit: &Audit) {
    if audit.findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nFindings");
    for finding in &audit.findings {
        let mut about = Vec::new();
        if let Some(queue) = &finding.queue {
            about.push(format!("queue '{}'", printable(queue)));
        }
        if let Some(flow) = &finding.flow {
            about.push(format!("flow '{}'", printable(flow)));
        }
        if let Some(block) = finding.block_name.as_ref().or(finding.block.as_ref()) {
            about.push(printable(block).into_owned());
        }
        let about = if about.is_empty() { finding.code.title().to_owned() } else { about.join(", ") };
        let _ = writeln!(out, "  {:<7}  {}  {about}", finding.severity.as_str(), finding.code.code());
        let _ = writeln!(out, "{:15}{}", "", printable(&finding.message));
        if !finding.scenarios.is_empty() {
            let names: Vec<String> = finding
                .scenarios
                .iter()
                .map(|id| {
                    audit.scenario(id).map_or_else(|| printable(id).into_owned(), |s| printable(&s.name).into_owned())
                })
                .collect();
            let _ = writeln!(out, "{:15}scenarios: {}", "", names.join("; "));
        }
    }
}

fn verdict(out: &mut String, audit: &Audit) {
    let s = &audit.summary;
    let _ = if s.passed {
        writeln!(
            out,
            "\nPASS: no call fails, no error finding ({}, {})",
            count(s.warnings, "warning"),
            count(s.infos, "note")
        )
    } else {
        writeln!(out, "\nFAIL: {} fail, {}", count(s.failed, "call"), count(s.errors, "error finding"))
    };
}
