//! The `whisperwire` executable: parses the command line and hands over to the CLI or the designer.

use std::process::ExitCode;

use clap::Parser;
use whisperwire::cli::{self, Cli};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let args = Cli::parse();
    match &args.command {
        Some(command) => cli::run(command),
        None => open_designer(args.path, args.bench_startup.then_some(started)),
    }
}

#[cfg(feature = "gui")]
fn open_designer(path: Option<std::path::PathBuf>, startup_probe: Option<std::time::Instant>) -> ExitCode {
    whisperwire::gui::run(path, startup_probe).unwrap_or_else(|error| {
        cli::report(&error);
        ExitCode::from(cli::EXIT_BAD_INPUT)
    })
}

#[cfg(not(feature = "gui"))]
fn open_designer(_path: Option<std::path::PathBuf>, _startup_probe: Option<std::time::Instant>) -> ExitCode {
    eprintln!("error: this build has no designer window (built without the `gui` feature); see `whisperwire --help`");
    ExitCode::from(cli::EXIT_BAD_INPUT)
}
