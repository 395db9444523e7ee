//! The floor `whisperwire fmt` is measured against: read a JSON file, parse it into a
//! `serde_json::Value`, print it pretty on stdout. Used by `scripts/benchmarks.py` for peak
//! memory: `cargo build --release --example bare_json`.

use std::io::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: bare_json FILE");
        return ExitCode::from(2);
    };
    let parsed = std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).map_err(|e| e.to_string()));
    let value = match parsed {
        Ok(value) => value,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    let _written = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
