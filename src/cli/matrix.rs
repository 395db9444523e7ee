//! `whisperwire matrix WORKSPACE [--flow NAME] [--format text|json|csv]`: the caller-ID matrix of
//! a workspace. For each flow (or the one named), the scenarios of its saved test calls are
//! played from every queue that uses the flow, and the caller ID each customer sees is listed.
//!
//! Exit code 0; bad input (a workspace that cannot be opened, no instance, an unknown flow) is
//! returned as an error, which the caller reports with exit code 2. A saved call that cannot be
//! read is reported on stderr and left out.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};

use super::write_stdout;
use crate::simulation::{self, MatrixRow, Scenario};
use crate::workspace::calls::{self, SavedCall};
use crate::workspace::folder::{FlowFile, INSTANCE_FILE, Workspace};

/// Arguments of `whisperwire matrix`.
#[derive(Debug, Clone, clap::Args)]
pub struct MatrixArgs {
    /// The workspace folder (instance.json, flows/, calls/).
    #[arg(value_name = "WORKSPACE")]
    pub workspace: PathBuf,
    /// Only this flow (its name as queues name it: Metadata.name, else the file name without
    /// .json).
    #[arg(long, value_name = "NAME")]
    pub flow: Option<String>,
    /// `text`: an aligned table; `json`: one JSON array of rows; `csv`: a header row, then one
    /// line per row.
    #[arg(long, value_enum, default_value_t = MatrixFormat::Text)]
    pub format: MatrixFormat,
}

/// How the matrix is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MatrixFormat {
    Text,
    Json,
    Csv,
}

/// Builds the workspace's caller-ID matrix and prints it.
pub fn run(args: &MatrixArgs) -> anyhow::Result<ExitCode> {
    let workspace = Workspace::open(&args.workspace)?;
    let Some(instance) = &workspace.instance else {
        bail!("{}: no {INSTANCE_FILE}: the matrix needs the instance's queues", workspace.root.display());
    };
    let flows: Vec<&FlowFile> = match &args.flow {
        Some(name) => vec![workspace.flow(name).ok_or_else(|| unknown_flow(&workspace, name))?],
        None => workspace.flows.iter().collect(),
    };
    let saved = saved_calls(&workspace)?;
    let mut rows = Vec::new();
    for flow in flows {
        let name = flow.name();
        let scenarios: Vec<(String, Scenario)> = saved
            .iter()
            .filter(|(_, call)| call.flow == name)
            .map(|(call_name, call)| (call_name.clone(), call.scenario.clone()))
            .collect();
        rows.extend(simulation::matrix(&flow.doc, &name, instance, &scenarios));
    }
    if rows.is_empty() {
        eprintln!(
            "note: no (queue, scenario) pairs: a row needs a queue using the flow and a saved test call of the flow"
        );
    }
    let text = match args.format {
        MatrixFormat::Text => text_table(&rows),
        MatrixFormat::Json => {
            let mut text = serde_json::to_string_pretty(&rows).context("cannot serialise the matrix as JSON")?;
            text.push('\n');
            text
        }
        MatrixFormat::Csv => simulation::to_csv(&rows),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn unknown_flow(workspace: &Workspace, name: &str) -> anyhow::Error {
    let names: Vec<String> = workspace.flows.iter().map(|f| format!("{:?}", f.name())).collect();
    anyhow!("--flow: the workspace {} has no flow {name:?}; its flows: {}", workspace.root.display(), names.join(", "))
}

/// Every readable saved call, named by its file name without `.json`; the unreadable ones are
/// reported on stderr.
fn saved_calls(workspace: &Workspace) -> anyhow::Result<Vec<(String, SavedCall)>> {
    let mut saved = Vec::new();
    for path in calls::list_calls(&workspace.root)? {
        match SavedCall::load(&path) {
            Ok(call) => {
                let name = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
                saved.push((name, call));
            }
            Err(error) => eprintln!("error: {error} (left out of the matrix)"),
        }
    }
    Ok(saved)
}

/// An aligned table: queue, scenario, caller ID (E.164, `-` when none), outcome, source. The
/// source, often long, comes last so the other columns stay narrow.
fn text_table(rows: &[MatrixRow]) -> String {
    let header = ["queue", "scenario", "caller ID", "outcome", "source"];
    let cells: Vec<[&str; 5]> = rows
        .iter()
        .map(|row| {
            [
                row.queue.as_str(),
                row.scenario.as_str(),
                row.caller_id.as_deref().unwrap_or("-"),
                row.outcome,
                row.source.as_str(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for line in &cells {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    for line in std::iter::once(&header).chain(&cells) {
        let last = line.len() - 1;
        for (i, (cell, width)) in line.iter().zip(widths).enumerate() {
            if i == last {
                text.push_str(cell);
            } else {
                // Writing to a String cannot fail.
                let _ = write!(text, "{cell:<width$}  ");
            }
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_aligns_columns_and_shows_a_dash_for_no_caller_id() {
        let rows = [
            MatrixRow {
                queue: "Collections".into(),
                scenario: "fails".into(),
                caller_id: None,
                display: None,
                source: "no number".into(),
                outcome: "failed",
            },
            MatrixRow {
                queue: "UK".into(),
                scenario: "default-reply".into(),
                caller_id: Some("+442071838750".into()),
                display: Some("020 7183 8750".into()),
                source: "attribute $.External.caller_id = +442071838750".into(),
                outcome: "connected",
            },
        ];
        assert_eq!(
            text_table(&rows),
            "\
queue        scenario       caller ID      outcome    source
Collections  fails          -              failed     no number
UK           default-reply  +442071838750  connected  attribute $.External.caller_id = +442071838750
"
        );
    }

    #[test]
    fn an_empty_matrix_is_the_header_alone() {
        assert_eq!(text_table(&[]), "queue  scenario  caller ID  outcome  source\n");
    }
}
