//! `whisperwire audit [WORKSPACE] [--format text|json|html] [-o FILE] [--dial NUMBER]...`: what
//! every queue's customers see and which calls fail, for the whole instance ([`crate::audit`]).
//!
//! Exit codes: 0 no call fails and no finding is an error; 1 some call fails or a finding is an
//! error; 2 an input cannot be read (the workspace, `instance.json`, a flow, a saved call, the
//! link, a `--dial` number): every such error is listed on stderr and no report is written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use clap::Args;

use super::write_stdout;
use crate::audit::{self, Audit, AuditFlow, AuditInput, SavedScenario};
use crate::phone::{self, PhoneNumber};
use crate::workspace::atomic::write_atomic;
use crate::workspace::calls::{self, SavedCall};
use crate::workspace::folder::{INSTANCE_FILE, Workspace};
use crate::workspace::link::Link;
use crate::workspace::names::stem_of;

/// Arguments of `whisperwire audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The workspace folder (instance.json, flows/, calls/); default: the current folder.
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
    /// `text`: each queue's calls, the findings and the verdict; `json`: one document
    /// (schemaVersion 1); `html`: a self-contained report with the matrix as a picture.
    #[arg(long, value_enum, default_value_t = AuditFormat::Text)]
    pub format: AuditFormat,
    /// Write the report to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A number the generated scenarios dial, E.164 or national in the instance's default
    /// country; repeatable (default: an example number in each country of the instance's
    /// numbers).
    #[arg(long = "dial", value_name = "NUMBER")]
    pub dial: Vec<String>,
}

/// How the audit is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
    Html,
}

/// Everything the audit reads from the workspace.
struct Read {
    workspace: Workspace,
    saved: Vec<SavedScenario>,
    link: Option<Link>,
    dial: Vec<PhoneNumber>,
}

/// Reads the workspace, runs the audit and writes the report.
pub fn run(args: &AuditArgs) -> anyhow::Result<ExitCode> {
    let read = read(args)?;
    let Some(instance) = &read.workspace.instance else {
        bail!("{}: no {INSTANCE_FILE}: the audit needs the instance's queues", read.workspace.root.display());
    };
    let root = &read.workspace.root;
    let names: Vec<String> = read.workspace.flows.iter().map(crate::workspace::FlowFile::name).collect();
    let files: Vec<String> = read.workspace.flows.iter().map(|f| relative(root, &f.path)).collect();
    let flows: Vec<AuditFlow<'_>> = read
        .workspace
        .flows
        .iter()
        .zip(names.iter().zip(&files))
        .map(|(flow, (name, file))| AuditFlow {
            name,
            file: Some(file),
            doc: &flow.doc,
            published_before: read.link.as_ref().is_some_and(|link| link.published_before(&flow.path)),
        })
        .collect();
    let audit = Audit::run(&AuditInput { instance, flows: &flows, saved: &read.saved, dial: &read.dial });
    write(args, &audit)?;
    Ok(if audit.passed() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Reads every input; any that cannot be read is an error, all of them named in it.
fn read(args: &AuditArgs) -> anyhow::Result<Read> {
    let workspace = Workspace::open(&args.workspace)?;
    let mut errors: Vec<String> = workspace.unreadable.iter().map(ToString::to_string).collect();
    let mut saved = Vec::new();
    for path in calls::list_calls(&workspace.root)? {
        match SavedCall::load(&path) {
            Ok(call) => saved.push(SavedScenario {
                name: call.name.unwrap_or_else(|| stem_of(&path)),
                flow: call.flow,
                scenario: call.scenario,
            }),
            Err(error) => errors.push(error.to_string()),
        }
    }
    let link = Link::load(&workspace.root).unwrap_or_else(|error| {
        errors.push(error.to_string());
        None
    });
    let region = workspace.instance.as_ref().and_then(|i| i.default_country.as_deref());
    let mut dial = Vec::new();
    for text in &args.dial {
        match phone::to_e164(text, region) {
            Ok(number) => dial.push(number),
            Err(error) => errors.push(format!("--dial {text:?}: {error}")),
        }
    }
    match errors.as_slice() {
        [] => Ok(Read { workspace, saved, link, dial }),
        [one] => Err(anyhow!("{one}")),
        [first, rest @ ..] => {
            for error in rest {
                eprintln!("error: {error}");
            }
            Err(anyhow!("{first} (and {} more, above)", rest.len()))
        }
    }
}

/// `flows/x.json`: a path as seen from the workspace, with `/` on every platform (the report
/// reads the same wherever it was made).
fn relative(root: &Path, path: &Path) -> String {
    let parts: Vec<String> = path
        .strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn write(args: &AuditArgs, audit: &Audit) -> anyhow::Result<()> {
    let text = match args.format {
        AuditFormat::Text => audit::to_text(audit),
        AuditFormat::Json => {
            let mut json = serde_json::to_string_pretty(audit).context("cannot serialise the audit as JSON")?;
            json.push('\n');
            json
        }
        AuditFormat::Html => audit::to_html(audit),
    };
    match &args.output {
        Some(file) => {
            write_atomic(file, text.as_bytes()).with_context(|| format!("{}: cannot write the report", file.display()))
        }
        None => write_stdout(&text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_file_is_named_from_the_workspace_with_forward_slashes() {
        let root = Path::new("center");
        assert_eq!(relative(root, &root.join("flows").join("x.json")), "flows/x.json");
        assert_eq!(relative(root, Path::new("elsewhere.json")), "elsewhere.json");
    }
}
