//! `whisperwire e164 NUMBER [--region CC]`: shows a number in E.164 and in the formats a phone
//! displays, or says why it is not a phone number.
//!
//! Exit codes: 0 a valid number, 1 not a valid phone number (reason on stderr); a bad argument
//! (unknown region) is returned as an error, which the caller reports with exit code 2.

use std::process::ExitCode;

use crate::phone::{self, PhoneError, PhoneNumber};

/// Arguments of `whisperwire e164`.
#[derive(Debug, Clone, clap::Args)]
pub struct E164Args {
    /// The number, as typed: "+44 20 7183 8750", "020 7183 8750", "(206) 555-0100"…
    #[arg(value_name = "NUMBER", allow_hyphen_values = true)]
    pub number: String,
    /// Region for numbers written without a country code (ISO 3166 alpha-2, e.g. US, GB).
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
}

/// Prints the E.164 form on the first line, then `national:`, `international:` and `country:`,
/// and a `note:` when the input was not already E.164.
pub fn run(args: &E164Args) -> anyhow::Result<ExitCode> {
    match phone::to_e164(&args.number, args.region.as_deref()) {
        Ok(number) => {
            let already_e164 = PhoneNumber::parse_e164(&args.number).is_ok();
            print_number(&number, (!already_e164).then_some(args.number.as_str()));
            Ok(ExitCode::SUCCESS)
        }
        Err(error @ PhoneError::UnknownRegion { .. }) => Err(anyhow::Error::new(error).context("--region")),
        Err(error) => {
            eprintln!("error: {error}");
            Ok(ExitCode::from(1))
        }
    }
}

#[expect(clippy::print_stdout, reason = "the e164 command's report goes to stdout")]
fn print_number(number: &PhoneNumber, rewritten_from: Option<&str>) {
    println!("{number}");
    println!("national: {}", number.national());
    println!("international: {}", number.international());
    println!("country: {}", number.region().unwrap_or("none (non-geographic)"));
    if let Some(input) = rewritten_from {
        println!("note: {input:?} is not E.164; write it as {number}");
    }
}
