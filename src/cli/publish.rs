//! `whisperwire publish [WORKSPACE] [--flow NAME]... [--dry-run] [--force] [--save-only]`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::write_stdout;
use crate::connect::publish::{execute, plan, plan_text, prepare};
use crate::connect::{ConnectError, Progress, PublishOptions, Session};

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The linked workspace folder (default: the current folder).
    #[arg(default_value = ".")]
    pub workspace: PathBuf,
    /// Publish only this flow (its name or file name without .json); repeatable.
    #[arg(long = "flow", value_name = "NAME")]
    pub flows: Vec<String>,
    /// Print what would change and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite flows changed in Amazon Connect since the last pull or publish.
    #[arg(long)]
    pub force: bool,
    /// Save the flows in Amazon Connect without publishing them.
    #[arg(long)]
    pub save_only: bool,
}

#[expect(clippy::unnecessary_wraps, reason = "every subcommand's `run` has this signature")]
pub fn run(args: &PublishArgs) -> anyhow::Result<ExitCode> {
    let options = PublishOptions { flows: args.flows.clone(), force: args.force, save_only: args.save_only };
    match publish(args, &options) {
        Ok(code) => Ok(ExitCode::from(code)),
        Err(error) => {
            eprintln!("error: {error}");
            Ok(ExitCode::from(error.exit_code()))
        }
    }
}

fn publish(args: &PublishArgs, options: &PublishOptions) -> Result<u8, ConnectError> {
    let mut prepared = prepare(&args.workspace, options)?;
    if !prepared.blocked.is_empty() {
        let mut text = String::new();
        for blocked in &prepared.blocked {
            for error in &blocked.errors {
                let _ = writeln!(text, "{}: {error}", blocked.key);
            }
        }
        let names: Vec<&str> = prepared.blocked.iter().map(|b| b.name.as_str()).collect();
        let _ = writeln!(text, "nothing sent: {} has errors that keep it from being published", names.join(", "));
        eprint!("{text}");
        return Ok(1);
    }
    let session = Session::open(&prepared.settings())?;
    let progress = Progress::quiet();
    let plan = plan(&session, &prepared, &progress)?;
    let preview = plan_text(&plan, options.save_only);
    let refused = plan.drifted().next().is_some() && !options.force;
    if args.dry_run {
        write_stdout(&preview).map_err(|e| ConnectError::Workspace(e.to_string()))?;
        write_stdout("dry run: nothing sent\n").map_err(|e| ConnectError::Workspace(e.to_string()))?;
        return Ok(u8::from(refused));
    }
    write_stdout(&preview).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    let report = execute(&session, &mut prepared, &plan, &progress);
    let mut text = String::new();
    for outcome in report.flows.iter().chain(&report.queues) {
        match &outcome.result {
            Ok(done) => {
                let _ = writeln!(text, "{}: {done}", outcome.name);
            }
            Err(ConnectError::InvalidFlow { problems }) => {
                for problem in problems {
                    let _ = writeln!(text, "{}: Amazon Connect: {problem}", outcome.name);
                }
                let _ = writeln!(text, "{}: refused by Amazon Connect; not published", outcome.name);
            }
            Err(error) => {
                let _ = writeln!(text, "{}: {error}", outcome.name);
            }
        }
    }
    write_stdout(&text).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    Ok(report.exit_code())
}
