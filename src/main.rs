//! The `whisperwire` executable: parses the command line and hands over to the CLI or the designer.

use std::process::ExitCode;

use clap::Parser;
use whisperwire::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match &args.command {
        Some(command) => cli::run(command),
        None => open_designer(args.path),
    }
}

#[cfg(feature = "gui")]
fn open_designer(path: Option<std::path::PathBuf>) -> ExitCode {
    whisperwire::gui::run(path).unwrap_or_else(|error| {
        cli::report(&error);
        ExitCode::from(cli::EXIT_BAD_INPUT)
    })
}

#[cfg(not(feature = "gui"))]
fn open_designer(_path: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!("error: this build has no designer window (built without the `gui` feature); see `whisperwire --help`");
    ExitCode::from(cli::EXIT_BAD_INPUT)
}
