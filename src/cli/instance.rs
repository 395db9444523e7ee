//! `whisperwire instance import`: builds `instance.json` from AWS CLI output. Only argument
//! parsing and printing live here; the conversion is [`crate::workspace::aws_import`].
//!
//! Exit codes: 0 imported (warnings allowed, on stderr); any error is returned, and the caller
//! reports it and exits 2 (an input could not be read or is not the expected AWS CLI output).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::{count, write_stdout};
use crate::workspace::atomic::{self, ReadError};
use crate::workspace::aws_import::{self, ImportInputs, Imported, SourceText};

/// Arguments of `whisperwire instance`.
#[derive(Debug, Clone, clap::Args)]
pub struct InstanceArgs {
    #[command(subcommand)]
    pub command: InstanceCommand,
}

/// What `whisperwire instance` can do.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum InstanceCommand {
    /// Build instance.json from `aws connect` CLI output (JSON).
    Import(ImportArgs),
}

/// Arguments of `whisperwire instance import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    /// Output of `aws connect list-phone-numbers-v2` (or the older `list-phone-numbers`).
    #[arg(long, value_name = "FILE")]
    pub phone_numbers: PathBuf,
    /// Output of `aws connect describe-queue`, one file per queue; repeat the option.
    #[arg(long = "queue", value_name = "FILE")]
    pub queues: Vec<PathBuf>,
    /// Output of `aws connect list-contact-flows`, to name each queue's outbound whisper flow.
    #[arg(long, value_name = "FILE")]
    pub contact_flows: Option<PathBuf>,
    /// Region for numbers written without a country code (ISO 3166 alpha-2, e.g. US).
    #[arg(long, value_name = "CC")]
    pub default_country: Option<String>,
    /// Write instance.json here (atomically) instead of to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `whisperwire instance …`. Every failure (an unreadable file, broken JSON, the wrong kind
/// of AWS output, an output file that cannot be written) is an `Err`: exit code 2.
pub fn run(args: &InstanceArgs) -> anyhow::Result<ExitCode> {
    match &args.command {
        InstanceCommand::Import(import_args) => run_import(import_args),
    }
}

fn run_import(args: &ImportArgs) -> anyhow::Result<ExitCode> {
    let (numbers_text, queue_texts, flows_text) = read_inputs(args)?;
    let inputs = ImportInputs {
        phone_numbers: SourceText { file: &args.phone_numbers, text: &numbers_text },
        queues: args.queues.iter().zip(&queue_texts).map(|(file, text)| SourceText { file, text }).collect(),
        contact_flows: args
            .contact_flows
            .as_deref()
            .zip(flows_text.as_deref())
            .map(|(file, text)| SourceText { file, text }),
        default_country: args.default_country.as_deref(),
    };
    let imported = aws_import::import(&inputs)?;
    for warning in &imported.warnings {
        eprintln!("warning: {warning}");
    }
    match &args.output {
        Some(path) => {
            imported.instance.save(path)?;
            eprintln!("{}", summary(&imported, path));
        }
        None => print_instance(&imported)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The text of every input file: phone numbers, queues (in order), contact flows.
type InputTexts = (String, Vec<String>, Option<String>);

fn read_inputs(args: &ImportArgs) -> Result<InputTexts, ReadError> {
    let numbers = atomic::read_to_string_bounded(&args.phone_numbers)?;
    let queues = args.queues.iter().map(|path| atomic::read_to_string_bounded(path)).collect::<Result<Vec<_>, _>>()?;
    let flows = args.contact_flows.as_deref().map(atomic::read_to_string_bounded).transpose()?;
    Ok((numbers, queues, flows))
}

fn summary(imported: &Imported, path: &Path) -> String {
    let instance = &imported.instance;
    format!(
        "wrote {}: {}, {}, {}",
        path.display(),
        count(instance.phone_numbers.len(), "phone number"),
        count(instance.queues.len(), "queue"),
        count(imported.warnings.len(), "warning"),
    )
}

/// Prints the instance as its file would hold it.
fn print_instance(imported: &Imported) -> anyhow::Result<()> {
    let json = imported.instance.to_json().context("cannot serialise the instance")?;
    write_stdout(&json)
}
