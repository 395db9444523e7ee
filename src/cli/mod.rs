//! The command line: argument parsing and one module per subcommand. Exit codes are a contract
//! (README): 0 success, 1 a finding (not canonical, errors found, a failed expectation), 2 bad
//! input or a file that could not be read.

mod audit;
mod diff;
mod e164;
mod fmt;
mod instance;
mod matrix;
mod promote;
#[cfg(feature = "aws")]
mod publish;
#[cfg(feature = "aws")]
mod pull;
mod simulate;
mod test;
mod validate;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use crate::words::count;

/// A designer, validator and local test-caller for Amazon Connect outbound whisper flows.
#[derive(Debug, Parser)]
#[command(name = "whisperwire", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Workspace folder or flow file to open in the designer (default: the sample workspace).
    pub path: Option<PathBuf>,
    /// Measure start-up: open the designer, report the time to the first frame on stderr, and
    /// exit (used by the benchmark report).
    #[arg(long, hide = true)]
    pub bench_startup: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a flow as canonical flow-language JSON.
    Fmt(fmt::FmtArgs),
    /// Normalise a phone number to E.164 and show how it is displayed.
    E164(e164::E164Args),
    /// Build the instance inventory (`instance.json`) from AWS CLI output.
    Instance(instance::InstanceArgs),
    /// Check flows against Amazon Connect's rules and the caller-ID rules.
    Validate(validate::ValidateArgs),
    /// Play one test call through a flow: the caller ID the customer sees, step by step.
    Simulate(simulate::SimulateArgs),
    /// Run a workspace's saved test calls (calls/*.json) against their expectations.
    Test(test::TestArgs),
    /// The caller ID every queue presents for every saved scenario of its flow.
    Matrix(matrix::MatrixArgs),
    /// What changed in meaning between two versions of a flow; also git's external diff driver.
    Diff(diff::DiffArgs),
    /// What every queue's customers see and which calls fail, for the whole instance (text, JSON or an HTML report).
    Audit(audit::AuditArgs),
    /// Read an Amazon Connect instance into a workspace: its flows, numbers, queues, Lambda functions, prompts.
    #[cfg(feature = "aws")]
    Pull(pull::PullArgs),
    /// Send a linked workspace's flows and queue settings to Amazon Connect (validated, drift-checked).
    #[cfg(feature = "aws")]
    Publish(publish::PublishArgs),
    /// Copy flows and their queues' caller-ID settings into another instance's workspace, every reference remapped.
    Promote(promote::PromoteArgs),
}

/// Exit code for "the input could not be read or understood".
pub const EXIT_BAD_INPUT: u8 = 2;

/// Runs a subcommand and turns its outcome into the process's exit code.
pub fn run(command: &Command) -> ExitCode {
    let outcome = match command {
        Command::Fmt(args) => fmt::run(args),
        Command::E164(args) => e164::run(args),
        Command::Instance(args) => instance::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Simulate(args) => simulate::run(args),
        Command::Test(args) => test::run(args),
        Command::Matrix(args) => matrix::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Audit(args) => audit::run(args),
        #[cfg(feature = "aws")]
        Command::Pull(args) => pull::run(args),
        #[cfg(feature = "aws")]
        Command::Publish(args) => publish::run(args),
        Command::Promote(args) => promote::run(args),
    };
    outcome.unwrap_or_else(|error| {
        report(&error);
        ExitCode::from(EXIT_BAD_INPUT)
    })
}

/// Prints an error the way every subcommand does: one line on stderr, the whole chain.
pub fn report(error: &anyhow::Error) {
    eprintln!("error: {}", one_line(error));
}

/// The error and its causes on one line, `outer: inner`, like `{:#}`, except that a cause whose
/// text the line already holds is not repeated (errors such as a flow file's load error already
/// say their cause).
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Writes to stdout with `write_all` rather than `print!`, so a closed pipe (`… | head`) ends
/// the output quietly instead of panicking.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(error).context("cannot write to stdout"),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_the_message_already_says_is_printed_once() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
        let load = crate::flow_json::LoadError::Io { path: "x.json".into(), source: io };
        let error = anyhow::Error::new(load);
        assert_eq!(one_line(&error), "x.json: cannot read the file: no such file");
        let wrapped = anyhow::anyhow!("inner").context("outer");
        assert_eq!(one_line(&wrapped), "outer: inner");
    }
}
