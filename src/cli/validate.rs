//! `whisperwire validate [--instance FILE] [--format text|json] [--flow-type TYPE] [-r] FILE|DIR...`:
//! runs the validator over flow files, workspace folders and folders of flow files (with `-r`, their
//! subfolders too), and prints every finding.
//!
//! Exit codes: 0 no errors (warnings and notes allowed), 1 errors found, 2 a file could not be
//! read or parsed (2 wins over 1; every readable file is still reported). A path that does not
//! exist, or an `--instance` file that cannot be read, is returned as an error: exit code 2.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use serde::Serialize;

use super::EXIT_BAD_INPUT;
use super::{count, write_stdout};
use crate::instance::Instance;
use crate::model::{Action, ActionId, FlowDocument, FlowType};
use crate::validation::{self, BlockLabels, Context, Diagnostic, Report, Severity};
use crate::workspace::names::INSTANCE_FILE;
use crate::workspace::{self, OpenOptions, Opened, PathKind, WorkspaceError};

/// Arguments of `whisperwire validate`.
#[derive(Debug, Clone, clap::Args)]
pub struct ValidateArgs {
    /// Flow files, workspace folders (holding instance.json and/or flows/), or folders whose
    /// *.json files are flows.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub paths: Vec<PathBuf>,
    /// The instance inventory to check against; it wins over a workspace's own instance.json.
    #[arg(long, value_name = "FILE")]
    pub instance: Option<PathBuf>,
    /// `text`: one line per finding and a summary; `json`: one JSON document (schema in README).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The type to check flows as when their file records none (`Metadata.type`):
    /// `outboundWhisper` or `OUTBOUND_WHISPER`, `contactFlow`, `customerQueue`... A recorded type
    /// always wins.
    #[arg(long, value_name = "TYPE", value_parser = parse_flow_type)]
    pub flow_type: Option<FlowType>,
    /// Also validate the *.json files in subfolders of each folder, at any depth.
    #[arg(short, long)]
    pub recursive: bool,
}

/// Reads `--flow-type`: either spelling of one of the flow types Amazon Connect has.
fn parse_flow_type(text: &str) -> Result<FlowType, String> {
    match FlowType::parse(text) {
        FlowType::Other(_) => Err(format!(
            "{text:?} is not a flow type; use one of contactFlow, customerQueue, customerHold, customerWhisper, agentHold, \
             agentWhisper, outboundWhisper, agentTransfer, queueTransfer, campaign (or the API's OUTBOUND_WHISPER spelling)"
        )),
        known => Ok(known),
    }
}

/// How the findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// One flow that was read and validated.
struct Checked {
    file: PathBuf,
    flow: String,
    doc: FlowDocument,
    report: Report,
}

/// A file (or folder) that could not be read; `message` is the error as printed on stderr.
struct Unreadable {
    file: PathBuf,
    message: String,
}

/// Everything one run found, in argument order (a folder's files sorted).
#[derive(Default)]
struct Outcome {
    checked: Vec<Checked>,
    unreadable: Vec<Unreadable>,
}

impl Outcome {
    fn count(&self, severity: Severity) -> usize {
        self.checked.iter().map(|c| c.report.count(severity)).sum()
    }

    fn exit_code(&self) -> ExitCode {
        if !self.unreadable.is_empty() {
            ExitCode::from(EXIT_BAD_INPUT)
        } else if self.count(Severity::Error) > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Validates every flow named by the arguments and prints the findings.
pub fn run(args: &ValidateArgs) -> anyhow::Result<ExitCode> {
    let options = OpenOptions { recursive: args.recursive };
    let opened =
        args.paths.iter().map(|path| workspace::open_path_with(path, options)).collect::<Result<Vec<_>, _>>()?;
    let instance = args.instance.as_deref().map(Instance::load).transpose().context("--instance")?;
    let mut outcome = Outcome::default();
    for target in opened {
        check_target(target, instance.as_ref(), args.flow_type.as_ref(), &mut outcome);
    }
    for unreadable in &outcome.unreadable {
        eprintln!("error: {}", unreadable.message);
    }
    let text = match args.format {
        Format::Text => text_report(&outcome),
        Format::Json => json_report(&outcome)?,
    };
    write_stdout(&text)?;
    Ok(outcome.exit_code())
}

/// Checks the flows of one opened path: a workspace's against its own instance (unless
/// `--instance` gave one), a plain folder's and a lone file's against `--instance` only.
fn check_target(target: Opened, instance: Option<&Instance>, flow_type: Option<&FlowType>, out: &mut Outcome) {
    let own = match (target.kind, instance) {
        (PathKind::Workspace, None) => workspace_instance(&target, out),
        _ => None,
    };
    let instance = instance.or(own.as_ref());
    // A workspace linked to Connect knows which flows were published there before (a broken
    // link is pull's and publish's to report; validation goes on without it).
    let link = match target.kind {
        PathKind::Workspace => crate::workspace::link::Link::load(&target.path).ok().flatten(),
        _ => None,
    };
    for error in target.unreadable {
        let file = match &error {
            WorkspaceError::Flow(load) => load.path().to_owned(),
            _ => target.path.clone(),
        };
        out.unreadable.push(Unreadable { file, message: error.to_string() });
    }
    for file in target.flows {
        let flow = file.name();
        let report = validation::validate_as(
            &file.doc,
            Context {
                instance,
                flow_name: Some(&flow),
                published_before: link.as_ref().is_some_and(|l| l.published_before(&file.path)),
            },
            flow_type,
        );
        out.checked.push(Checked { file: file.path, flow, doc: file.doc, report });
    }
}

/// A workspace's own `instance.json`, if it has one. One that cannot be read is reported as
/// unreadable and the workspace's flows are checked without it.
fn workspace_instance(target: &Opened, out: &mut Outcome) -> Option<Instance> {
    target
        .instance()
        .map_err(|error| {
            let file = target.path.join(INSTANCE_FILE);
            out.unreadable.push(Unreadable { file, message: format!("{:#}", anyhow::Error::new(error)) });
        })
        .ok()
        .flatten()
}

/// One line per finding (`FILE: error[C04] action 'Block' (id): message`, then `  fix: …`),
/// then the summary line.
fn text_report(outcome: &Outcome) -> String {
    let mut text = String::new();
    for checked in &outcome.checked {
        let file = checked.file.display();
        let labels = BlockLabels::new(&checked.doc);
        for diagnostic in &checked.report.diagnostics {
            let severity = diagnostic.severity;
            let code = diagnostic.rule.code();
            let place = match &diagnostic.action {
                Some(id) => format!(" action {}", labels.label(id)),
                None => String::new(),
            };
            let message = &diagnostic.message;
            // Writing to a String cannot fail.
            let _ = writeln!(text, "{file}: {severity}[{code}]{place}: {message}");
            if let Some(fix) = &diagnostic.fix {
                let _ = writeln!(text, "  fix: {}", fix.label);
            }
        }
    }
    let _ = writeln!(text, "{}", summary_line(outcome));
    text
}

fn summary_line(outcome: &Outcome) -> String {
    let mut line = format!(
        "{} checked: {}, {}, {}",
        count(outcome.checked.len(), "file"),
        count(outcome.count(Severity::Error), "error"),
        count(outcome.count(Severity::Warning), "warning"),
        count(outcome.count(Severity::Note), "note"),
    );
    if !outcome.unreadable.is_empty() {
        let _ = write!(line, ", {} unreadable", outcome.unreadable.len());
    }
    line
}

/// The `--format json` document (schema version 1, documented in README). Field order is the
/// output's key order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    schema_version: u32,
    files: Vec<JsonFile<'a>>,
    unreadable: Vec<JsonUnreadable>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: String,
    flow: &'a str,
    errors: usize,
    warnings: usize,
    notes: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    action: Option<&'a str>,
    block: Option<&'a str>,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    label: &'a str,
    replacement: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonUnreadable {
    file: String,
    message: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    unreadable: usize,
}

/// The schema version of the `--format json` document; raised on any incompatible change.
const JSON_SCHEMA_VERSION: u32 = 1;

fn json_report(outcome: &Outcome) -> anyhow::Result<String> {
    let report = JsonReport {
        schema_version: JSON_SCHEMA_VERSION,
        files: outcome.checked.iter().map(json_file).collect(),
        unreadable: outcome
            .unreadable
            .iter()
            .map(|u| JsonUnreadable { file: u.file.display().to_string(), message: u.message.clone() })
            .collect(),
        summary: JsonSummary {
            files: outcome.checked.len(),
            errors: outcome.count(Severity::Error),
            warnings: outcome.count(Severity::Warning),
            notes: outcome.count(Severity::Note),
            unreadable: outcome.unreadable.len(),
        },
    };
    let mut text = serde_json::to_string_pretty(&report).context("cannot serialise the report as JSON")?;
    text.push('\n');
    Ok(text)
}

fn json_file(checked: &Checked) -> JsonFile<'_> {
    let report = &checked.report;
    JsonFile {
        file: checked.file.display().to_string(),
        flow: &checked.flow,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        notes: report.count(Severity::Note),
        diagnostics: {
            let labels = BlockLabels::new(&checked.doc);
            report.diagnostics.iter().map(|d| json_diagnostic(&labels, d)).collect()
        },
    }
}

fn json_diagnostic<'a>(labels: &BlockLabels<'a>, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let action = diagnostic.action.as_ref();
    JsonDiagnostic {
        code: diagnostic.rule.code(),
        rule: diagnostic.rule.name(),
        severity: diagnostic.severity.as_str(),
        action: action.map(ActionId::as_str),
        block: action.and_then(|id| labels.action(id)).map(Action::block_name),
        message: &diagnostic.message,
        fix: diagnostic.fix.as_ref().map(|fix| JsonFix { label: &fix.label, replacement: fix.replacement.as_deref() }),
    }
}
