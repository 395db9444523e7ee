//! `whisperwire pull --instance-id ID [--region R] [--profile P] [--all-types] [--force] [WORKSPACE]`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::write_stdout;
use crate::connect::pull::pull;
use crate::connect::{Progress, PullOptions, PullReport, Settings};
use crate::words::{printable, quoted};

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
    /// In a conflict (a flow or queue field changed here and in Amazon Connect), take Amazon
    /// Connect's side for that item.
    #[arg(long)]
    pub force: bool,
    /// The longest one Amazon Connect API call may take, retries included, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// The workspace folder (default: the current folder; created when missing).
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
}

pub fn run(args: &PullArgs) -> anyhow::Result<ExitCode> {
    let options = PullOptions {
        instance: args.instance_id.clone(),
        settings: Settings {
            deadline: Some(std::time::Duration::from_secs(args.timeout)),
            interruptible: true,
            ..Settings::new(args.region.clone(), args.profile.clone())
        },
        all_types: args.all_types,
        force: args.force,
    };
    match pull(&args.workspace, &options, &Progress::quiet()) {
        Ok(report) => {
            write_stdout(&report_text(&report))?;
            Ok(ExitCode::from(u8::from(report.refused())))
        }
        Err(error) => {
            eprintln!("error: {}", printable(&error.to_string()));
            Ok(ExitCode::from(error.exit_code()))
        }
    }
}

fn report_text(report: &PullReport) -> String {
    let mut text = String::new();
    let _ = writeln!(text, "pulled instance {} ({})", printable(&report.instance_id), printable(&report.region));
    for key in &report.written {
        let _ = writeln!(text, "wrote {}", printable(key));
    }
    for (wanted, got) in &report.renamed {
        let _ = writeln!(
            text,
            "{} is not linked to this flow, so it was left alone; the flow was written to {} instead",
            printable(wanted),
            printable(got)
        );
    }
    for key in &report.kept_local {
        let _ = writeln!(text, "kept {}: edited here, not in Amazon Connect (publish sends it)", printable(key));
    }
    for key in &report.conflicts {
        let _ = writeln!(
            text,
            "conflict: {}: changed here and in Amazon Connect since the last pull; yours kept (pull --force takes \
             Connect's, publish --force sends yours)",
            printable(key)
        );
    }
    for field in &report.queues_kept {
        let _ = writeln!(text, "kept {field}: edited here, not in Amazon Connect (publish sends it)");
    }
    for field in &report.queue_conflicts {
        let _ = writeln!(
            text,
            "conflict: {field}: changed here and in Amazon Connect since the last pull; yours kept (pull --force \
             takes Connect's)"
        );
    }
    for name in &report.drafts {
        let _ = writeln!(
            text,
            "{}: has saved changes in Amazon Connect that are not published; the file holds them (status saved)",
            quoted(name)
        );
    }
    for key in &report.gone {
        let _ = writeln!(text, "{}: no longer in Amazon Connect; the file is kept, unlinked", printable(key));
    }
    for warning in &report.warnings {
        let _ = writeln!(text, "warning: {warning}");
    }
    let flows = report.written.len() + report.unchanged.len() + report.kept_local.len() + report.conflicts.len();
    let _ = writeln!(
        text,
        "{flows} flow(s) ({} written, {} unchanged, {} kept, {} in conflict), {} number(s), {} queue(s), {} Lambda function(s), {} prompt(s)",
        report.written.len(),
        report.unchanged.len(),
        report.kept_local.len(),
        report.conflicts.len(),
        report.numbers,
        report.queues,
        report.lambdas,
        report.prompts
    );
    text
}
