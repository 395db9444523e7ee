//! `whisperwire validate [--instance FILE] [--format text|json] FILE|DIR...`: runs the validator
//! over flow files, workspace folders and folders of flow files, and prints every finding.
//!
//! Exit codes: 0 no errors (warnings and notes allowed), 1 errors found, 2 a file could not be
//! read or parsed (2 wins over 1; every readable file is still reported). A path that does not
//! exist, or an `--instance` file that cannot be read, is returned as an error: exit code 2.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use serde::Serialize;

use super::EXIT_BAD_INPUT;
use crate::flow_json;
use crate::model::{Action, ActionId, FlowDocument};
use crate::validation::{self, Context, Diagnostic, Report, Severity};
use crate::workspace::Instance;
use crate::workspace::folder::{FLOWS_DIR, FlowFile, INSTANCE_FILE, json_files};

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
}

/// How the findings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What one command-line path turned out to be.
#[derive(Debug)]
enum Target {
    /// A folder holding `instance.json` and/or `flows/`.
    Workspace(PathBuf),
    /// Any other folder: each `*.json` directly in it (but `instance.json`) is a flow.
    Folder(PathBuf),
    File(PathBuf),
}

impl Target {
    /// Parses a command-line path; one that does not exist is a bad argument.
    fn from_path(path: &Path) -> anyhow::Result<Self> {
        match path.try_exists() {
            Ok(true) => {}
            Ok(false) => bail!("{}: no such file or folder", path.display()),
            Err(error) => bail!("{}: cannot read: {error}", path.display()),
        }
        Ok(if !path.is_dir() {
            Self::File(path.to_owned())
        } else if path.join(INSTANCE_FILE).is_file() || path.join(FLOWS_DIR).is_dir() {
            Self::Workspace(path.to_owned())
        } else {
            Self::Folder(path.to_owned())
        })
    }
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
    let targets = args.paths.iter().map(|path| Target::from_path(path)).collect::<anyhow::Result<Vec<_>>>()?;
    let instance = args.instance.as_deref().map(Instance::load).transpose().context("--instance")?;
    let mut outcome = Outcome::default();
    for target in &targets {
        check_target(target, instance.as_ref(), &mut outcome);
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

fn check_target(target: &Target, instance: Option<&Instance>, out: &mut Outcome) {
    match target {
        Target::File(path) => check_file(path, instance, out),
        Target::Folder(dir) => {
            for path in list_json(dir, out) {
                if path.file_name().is_none_or(|name| name != INSTANCE_FILE) {
                    check_file(&path, instance, out);
                }
            }
        }
        Target::Workspace(root) => {
            let own = match instance {
                Some(_) => None,
                None => workspace_instance(root, out),
            };
            let instance = instance.or(own.as_ref());
            for path in list_json(&root.join(FLOWS_DIR), out) {
                check_file(&path, instance, out);
            }
        }
    }
}

/// A workspace's own `instance.json`, if it has one. One that cannot be read is reported as
/// unreadable and the workspace's flows are checked without it.
fn workspace_instance(root: &Path, out: &mut Outcome) -> Option<Instance> {
    let path = root.join(INSTANCE_FILE);
    if !path.is_file() {
        return None;
    }
    Instance::load(&path)
        .map_err(|error| {
            out.unreadable.push(Unreadable { file: path.clone(), message: format!("{:#}", anyhow::Error::new(error)) });
        })
        .ok()
}

/// The `*.json` files directly in `dir`, sorted; a folder that cannot be listed is unreadable.
fn list_json(dir: &Path, out: &mut Outcome) -> Vec<PathBuf> {
    json_files(dir).unwrap_or_else(|error| {
        out.unreadable.push(Unreadable { file: dir.to_owned(), message: error.to_string() });
        Vec::new()
    })
}

fn check_file(path: &Path, instance: Option<&Instance>, out: &mut Outcome) {
    match flow_json::load(path) {
        Ok(doc) => {
            let file = FlowFile { path: path.to_owned(), doc };
            let flow = file.name();
            let context = Context { instance, flow_name: Some(&flow) };
            let report = validation::validate(&file.doc, context);
            out.checked.push(Checked { file: file.path, flow, doc: file.doc, report });
        }
        Err(error) => out.unreadable.push(Unreadable { file: error.path().to_owned(), message: error.to_string() }),
    }
}

/// One line per finding (`FILE: error[C04] action 'Block' (id): message`, then `  fix: …`),
/// then the summary line.
fn text_report(outcome: &Outcome) -> String {
    let mut text = String::new();
    for checked in &outcome.checked {
        let file = checked.file.display();
        for diagnostic in &checked.report.diagnostics {
            let severity = diagnostic.severity;
            let code = diagnostic.rule.code();
            let place = match &diagnostic.action {
                Some(id) => format!(" action {}", validation::block_label(&checked.doc, id)),
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

fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
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
        diagnostics: report.diagnostics.iter().map(|d| json_diagnostic(&checked.doc, d)).collect(),
    }
}

fn json_diagnostic<'a>(doc: &'a FlowDocument, diagnostic: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let action = diagnostic.action.as_ref();
    JsonDiagnostic {
        code: diagnostic.rule.code(),
        rule: diagnostic.rule.name(),
        severity: diagnostic.severity.as_str(),
        action: action.map(ActionId::as_str),
        block: action.and_then(|id| doc.flow.action(id)).map(Action::block_name),
        message: &diagnostic.message,
        fix: diagnostic.fix.as_ref().map(|fix| JsonFix { label: &fix.label, replacement: fix.replacement.as_deref() }),
    }
}

/// Writes the report to stdout with `write_all` rather than `print!`, so a closed pipe
/// (`… | head`) ends the output quietly instead of panicking.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error).context("cannot write to stdout"),
        _ => Ok(()),
    }
}
