//! `whisperwire fmt FILE [-o OUT] [--check]`: canonical flow-language JSON.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::Args;

use crate::flow_json;
use crate::workspace::atomic::write_atomic;

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The flow file (plain flow-language JSON, or an API wrapper holding it in `Content`).
    pub file: PathBuf,
    /// Write the result to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Print nothing; exit 1 when FILE is not already canonical.
    #[arg(long, conflicts_with = "output")]
    pub check: bool,
}

#[expect(clippy::print_stdout, reason = "fmt prints the formatted flow on stdout")]
pub fn run(args: &FmtArgs) -> anyhow::Result<ExitCode> {
    let bytes = flow_json::read_limited(&args.file)?;
    let doc = flow_json::from_slice(&bytes)
        .map_err(|source| flow_json::LoadError::Parse { path: args.file.clone(), source })?;
    let exported = flow_json::to_value(&doc);
    // The promise of fmt is "equal as JSON to the input": check it rather than trust it.
    let input: serde_json::Value = serde_json::from_slice(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))?;
    if exported != input {
        bail!(
            "{}: internal error: the formatted flow would differ from the file; nothing was written",
            args.file.display()
        );
    }
    let text = flow_json::canonical_text(&exported);
    if args.check {
        if bytes == text.as_bytes() {
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{}: not canonical; run `whisperwire fmt {0} -o {0}`", args.file.display());
        return Ok(ExitCode::from(1));
    }
    match &args.output {
        Some(out) => write_atomic(out, text.as_bytes()).with_context(|| format!("{}: cannot write", out.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
