//! `whisperwire publish [WORKSPACE] [--flow NAME]... [--dry-run] [--force] [--save-only]`.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::write_stdout;
use crate::connect::publish::{execute, plan, plan_text, prepare};
use crate::connect::{ConnectError, Progress, PublishOptions, Session, Settings};
use crate::words::{printable, quoted};

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
    /// In every conflict (a flow or queue field changed here and in Amazon Connect since the
    /// last pull or publish), send yours.
    #[arg(long)]
    pub force: bool,
    /// The longest one Amazon Connect API call may take, retries included, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Save the flows in Amazon Connect without publishing them.
    #[arg(long)]
    pub save_only: bool,
}

#[expect(clippy::unnecessary_wraps, reason = "every subcommand's `run` has this signature")]
pub fn run(args: &PublishArgs) -> anyhow::Result<ExitCode> {
    let options = PublishOptions {
        flows: args.flows.clone(),
        force: args.force,
        force_items: std::collections::BTreeSet::new(),
        save_only: args.save_only,
        dry_run: args.dry_run,
    };
    match publish(args, &options) {
        Ok(code) => Ok(ExitCode::from(code)),
        Err(error) => {
            eprintln!("error: {}", printable(&error.to_string()));
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
                let _ = writeln!(text, "{}: {}", printable(&blocked.key), printable(error));
            }
        }
        let names: Vec<String> = prepared.blocked.iter().map(|b| quoted(&b.name)).collect();
        let _ = writeln!(text, "nothing sent: {} has errors that keep it from being published", names.join(", "));
        eprint!("{text}");
        return Ok(1);
    }
    let settings = Settings {
        deadline: Some(std::time::Duration::from_secs(args.timeout)),
        interruptible: true,
        ..prepared.settings()
    };
    let mut session = Session::open(&settings)?;
    let progress = Progress::quiet();
    session.watch(&progress);
    let plan = plan(&session, &prepared, &progress)?;
    let preview = plan_text(&plan, options);
    let refused = plan.unforced_conflicts(options) > 0;
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
                let _ = writeln!(text, "{}: {}", quoted(&outcome.name), printable(done));
            }
            Err(ConnectError::InvalidFlow { problems }) => {
                for problem in problems {
                    let _ = writeln!(text, "{}: Amazon Connect: {}", quoted(&outcome.name), printable(problem));
                }
                let _ = writeln!(text, "{}: refused by Amazon Connect; not published", quoted(&outcome.name));
            }
            Err(error) => {
                let _ = writeln!(text, "{}: {}", quoted(&outcome.name), printable(&error.to_string()));
            }
        }
    }
    write_stdout(&text).map_err(|e| ConnectError::Workspace(e.to_string()))?;
    Ok(report.exit_code())
}
