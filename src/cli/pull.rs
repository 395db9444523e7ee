//! `whisperwire pull --instance-id ID [--region R] [--profile P] [--all-types] [--force] [WORKSPACE]`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::write_stdout;
use crate::connect::pull::pull;
use crate::connect::{Progress, PullOptions, PullReport, Settings};

#[derive(Debug, Args)]
pub struct PullArgs {
    /// The Amazon Connect instance: its id, or its ARN (which also gives the region).
    #[arg(long, value_name = "ID")]
    pub instance_id: String,
    /// The AWS region (default: the profile's or `AWS_REGION`).
    #[arg(long)]
    pub region: Option<String>,
    /// The named AWS profile (default: `AWS_PROFILE`, else `default`).
    #[arg(long)]
    pub profile: Option<String>,
    /// Pull every flow type, not only outbound whisper flows.
    #[arg(long)]
    pub all_types: bool,
    /// Overwrite files edited locally since the last pull or publish.
    #[arg(long)]
    pub force: bool,
    /// The workspace folder (default: the current folder; created when missing).
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
}

pub fn run(args: &PullArgs) -> anyhow::Result<ExitCode> {
    let options = PullOptions {
        instance: args.instance_id.clone(),
        settings: Settings::new(args.region.clone(), args.profile.clone()),
        all_types: args.all_types,
        force: args.force,
    };
    match pull(&args.workspace, &options, &Progress::quiet()) {
        Ok(report) => {
            write_stdout(&report_text(&report))?;
            Ok(ExitCode::from(u8::from(report.refused())))
        }
        Err(error) => {
            eprintln!("error: {error}");
            Ok(ExitCode::from(error.exit_code()))
        }
    }
}

fn report_text(report: &PullReport) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "pulled instance {} ({})", report.instance_id, report.region);
    for key in &report.written {
        let _ = writeln!(text, "wrote {key}");
    }
    for key in &report.kept_local {
        let _ =
            writeln!(text, "kept {key}: edited locally since the last pull or publish (pull --force overwrites it)");
    }
    for key in &report.gone {
        let _ = writeln!(text, "{key}: no longer in Amazon Connect; the file is kept, unlinked");
    }
    if report.instance_kept {
        let _ = writeln!(
            text,
            "kept instance.json: edited locally since the last pull or publish (pull --force overwrites it)"
        );
    }
    for warning in &report.warnings {
        let _ = writeln!(text, "warning: {warning}");
    }
    let flows = report.written.len() + report.unchanged.len();
    let _ = writeln!(
        text,
        "{flows} flow(s) ({} changed, {} unchanged, {} kept), {} number(s), {} queue(s), {} Lambda function(s), {} prompt(s)",
        report.written.len(),
        report.unchanged.len(),
        report.kept_local.len(),
        report.numbers,
        report.queues,
        report.lambdas,
        report.prompts
    );
    text
}
