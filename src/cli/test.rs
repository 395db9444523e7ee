//! `whisperwire test WORKSPACE [--format text|json]`: runs the workspace's saved test calls
//! (`calls/*.json`) and reports each as passed, failed (with a diff) or in error.
//!
//! Exit codes: 0 every call passed, 1 a call failed or could not be run; a workspace that
//! cannot be opened is returned as an error, which the caller reports with exit code 2.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use super::validate::Format;
use super::write_stdout;
use crate::workspace::calls::{self, CALLS_DIR, CallRun, Mismatch, RunResult};
use crate::workspace::folder::Workspace;

/// Arguments of `whisperwire test`.
#[derive(Debug, Clone, clap::Args)]
pub struct TestArgs {
    /// The workspace folder (instance.json, flows/, calls/).
    #[arg(value_name = "WORKSPACE")]
    pub workspace: PathBuf,
    /// `text`: PASS/FAIL/ERROR per call and a summary; `json`: one JSON document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// How many calls passed, failed and could not be run.
#[derive(Debug, Default, Serialize)]
struct Summary {
    passed: usize,
    failed: usize,
    errors: usize,
}

impl Summary {
    fn of(runs: &[CallRun]) -> Self {
        let mut summary = Self::default();
        for run in runs {
            match run.result {
                RunResult::Pass => summary.passed += 1,
                RunResult::Fail(_) => summary.failed += 1,
                RunResult::Error(_) => summary.errors += 1,
            }
        }
        summary
    }

    /// `3 passed, 0 failed`, with `, 1 error` / `, N errors` when some calls could not run.
    fn line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed, self.failed);
        match self.errors {
            0 => {}
            1 => line.push_str(", 1 error"),
            n => {
                let _ = write!(line, ", {n} errors");
            }
        }
        line
    }
}

/// Runs every saved call of the workspace and prints the results.
pub fn run(args: &TestArgs) -> anyhow::Result<ExitCode> {
    let workspace = Workspace::open(&args.workspace)?;
    let runs = calls::run_saved_calls(&workspace)?;
    if runs.is_empty() {
        eprintln!("note: {} has no saved test calls", workspace.root.join(CALLS_DIR).display());
    }
    let summary = Summary::of(&runs);
    let text = match args.format {
        Format::Text => text_report(&runs, &summary),
        Format::Json => json_report(&runs, summary)?,
    };
    write_stdout(&text)?;
    Ok(if runs.iter().all(|r| r.result == RunResult::Pass) { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `PASS name`, `FAIL name` and its diff, `ERROR name: why`, then the summary line.
fn text_report(runs: &[CallRun], summary: &Summary) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    for run in runs {
        match &run.result {
            RunResult::Pass => {
                let _ = writeln!(text, "PASS {}", run.name);
            }
            RunResult::Fail(mismatches) => {
                let _ = writeln!(text, "FAIL {}", run.name);
                for Mismatch { field, expected, actual } in mismatches {
                    let _ = writeln!(text, "  - expected {field} \"{expected}\"");
                    let _ = writeln!(text, "  + actual   {field} \"{actual}\"");
                }
            }
            RunResult::Error(message) => {
                let _ = writeln!(text, "ERROR {}: {message}", run.name);
            }
        }
    }
    let _ = writeln!(text, "{}", summary.line());
    text
}

/// The `--format json` document (schema version 1). Field order is the output's key order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    schema_version: u32,
    calls: Vec<JsonCall<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonCall<'a> {
    name: &'a str,
    file: String,
    /// `pass`, `fail` or `error`.
    result: &'static str,
    mismatches: &'a [Mismatch],
    /// Why the call could not be run, for `error`.
    error: Option<&'a str>,
}

/// The schema version of the `--format json` document; raised on any incompatible change.
const JSON_SCHEMA_VERSION: u32 = 1;

fn json_report(runs: &[CallRun], summary: Summary) -> anyhow::Result<String> {
    let calls = runs
        .iter()
        .map(|run| {
            let (result, mismatches, error) = match &run.result {
                RunResult::Pass => ("pass", &[][..], None),
                RunResult::Fail(mismatches) => ("fail", mismatches.as_slice(), None),
                RunResult::Error(message) => ("error", &[][..], Some(message.as_str())),
            };
            JsonCall { name: &run.name, file: run.path.display().to_string(), result, mismatches, error }
        })
        .collect();
    let report = JsonReport { schema_version: JSON_SCHEMA_VERSION, calls, summary };
    let mut text = serde_json::to_string_pretty(&report).context("cannot serialise the report as JSON")?;
    text.push('\n');
    Ok(text)
}
