//! `whisperwire simulate FLOW --instance FILE --queue NAME --dial NUMBER …`: plays one test call
//! through a flow and prints the caller ID the customer sees (or why the call fails) and the
//! step-by-step trace.
//!
//! Exit codes: 0 the call was simulated, whatever its outcome; bad input (an unreadable flow or
//! instance, an unknown queue, a number the softphone cannot dial, a malformed `--attr` or
//! `--lambda`) is returned as an error, which the caller reports with exit code 2.

use std::fmt::Write as _;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, anyhow, bail};
use serde::Serialize;
use serde_json::{Map, Value};

use super::validate::Format;
use super::write_stdout;
use crate::flow_json;
use crate::instance::Instance;
use crate::phone::{self, PhoneError};
use crate::simulation::{
    self, CALLER_ID_NAME_CAVEAT, CallOutcome, CallResult, CallerIdShown, Initiation, LambdaMock, Scenario,
    ScenarioError,
};
use crate::workspace::folder::FlowFile;

/// Arguments of `whisperwire simulate`.
#[derive(Debug, Clone, clap::Args)]
pub struct SimulateArgs {
    /// The outbound whisper flow file.
    #[arg(value_name = "FLOW")]
    pub flow: PathBuf,
    /// The instance inventory (`instance.json`): queues, numbers, Lambda mock replies.
    #[arg(long, value_name = "FILE")]
    pub instance: PathBuf,
    /// The queue the agent calls from (its outbound caller ID number and name apply).
    #[arg(long, value_name = "NAME")]
    pub queue: String,
    /// The number the agent dials, as typed into the softphone: "+442079460000",
    /// "(206) 555-0123"…
    #[arg(long, value_name = "NUMBER", allow_hyphen_values = true)]
    pub dial: String,
    /// Country for a dialled number without a country code (ISO 3166 alpha-2, e.g. US, GB);
    /// default: the instance's defaultCountry.
    #[arg(long, value_name = "CC")]
    pub region: Option<String>,
    /// The call is a queued callback reaching the agent (`$.InitiationMethod` = CALLBACK), not a
    /// direct dial.
    #[arg(long)]
    pub callback: bool,
    /// A contact attribute the contact already holds (`$.Attributes.KEY`); repeatable.
    #[arg(long = "attr", value_name = "KEY=VALUE", value_parser = parse_attr)]
    pub attrs: Vec<(String, String)>,
    /// What a Lambda answers: a JSON object, `error`, `timeout`, or `@NAME` for the instance's
    /// mock reply NAME; repeatable. Without one, a Lambda answers its `default` mock reply.
    #[arg(long = "lambda", value_name = "NAME_OR_ARN=JSON|error|timeout|@NAME", value_parser = parse_lambda)]
    pub lambdas: Vec<(String, LambdaMock)>,
    /// `text`: the outcome then the numbered trace; `json`: one JSON document.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// The `--format json` document.
#[derive(Serialize)]
struct JsonDocument<'a> {
    flow: &'a str,
    scenario: &'a Scenario,
    outcome: &'a CallOutcome,
}

/// Simulates the call and prints its outcome.
pub fn run(args: &SimulateArgs) -> anyhow::Result<ExitCode> {
    let doc = flow_json::load(&args.flow)?;
    let instance = Instance::load(&args.instance).context("--instance")?;
    let scenario = scenario(args, &instance)?;
    let flow = FlowFile { path: args.flow.clone(), doc };
    let name = flow.name();
    let outcome = match simulation::simulate(&flow.doc, &instance, &scenario) {
        Ok(outcome) => outcome,
        Err(error) => return Err(explain(&error, &instance)),
    };
    note_other_flow(&instance, &scenario.queue, &name);
    let text = match args.format {
        Format::Text => text_report(&outcome),
        Format::Json => {
            let document = JsonDocument { flow: &name, scenario: &scenario, outcome: &outcome };
            let mut text = serde_json::to_string_pretty(&document).context("cannot serialise the outcome as JSON")?;
            text.push('\n');
            text
        }
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The scenario the arguments describe, its `@NAME` Lambda replies checked against the
/// instance.
fn scenario(args: &SimulateArgs, instance: &Instance) -> anyhow::Result<Scenario> {
    if let Some(region) = &args.region
        && !phone::is_known_region(region)
    {
        let error = PhoneError::UnknownRegion { region: region.clone() };
        return Err(anyhow::Error::new(error).context("--region"));
    }
    for (function, mock) in &args.lambdas {
        if let LambdaMock::Named(reply) = mock {
            check_named_reply(instance, function, reply)?;
        }
    }
    Ok(Scenario {
        queue: args.queue.clone(),
        dial: args.dial.clone(),
        region: args.region.clone(),
        initiation: if args.callback { Initiation::Callback } else { Initiation::DirectDial },
        attributes: args.attrs.iter().cloned().collect(),
        lambdas: args.lambdas.iter().cloned().collect(),
        agent: simulation::Agent::default(),
    })
}

fn check_named_reply(instance: &Instance, function: &str, reply: &str) -> anyhow::Result<()> {
    let Some(lambda) = instance.lambda(function) else {
        bail!("--lambda {function}=@{reply}: the instance has no Lambda function {function:?}");
    };
    if lambda.mock_reply(reply).is_none() {
        let known: Vec<String> = lambda.mock_replies.keys().map(|name| format!("@{name}")).collect();
        bail!(
            "--lambda {function}=@{reply}: Lambda {:?} has no mock reply {reply:?} (it has: {})",
            lambda.name,
            if known.is_empty() { "none".to_owned() } else { known.join(", ") }
        );
    }
    Ok(())
}

/// Turns a scenario the simulator refused into an error naming the argument at fault.
fn explain(error: &ScenarioError, instance: &Instance) -> anyhow::Error {
    match error {
        ScenarioError::UnknownQueue(name) => {
            let hint = if let Some(queue) = instance.queue_ignoring_case(name) {
                format!("did you mean {:?}?", queue.name)
            } else {
                let names: Vec<String> = instance.queues.iter().map(|q| format!("{:?}", q.name)).collect();
                format!("its queues: {}", names.join(", "))
            };
            anyhow!("--queue: {error}; {hint}")
        }
        // Its message already holds the phone error, which is also its `source`: printing
        // the chain would say it twice.
        ScenarioError::BadDial { .. } => anyhow!("--dial: {error}"),
    }
}

/// Says on stderr when the queue normally uses another outbound whisper flow: the simulation
/// still runs (trying a flow before assigning it is fine), but the reader should know.
fn note_other_flow(instance: &Instance, queue: &str, flow: &str) {
    let Some(assigned) = instance.queue(queue).and_then(|q| q.outbound_whisper_flow.as_deref()) else {
        return;
    };
    if assigned != flow {
        eprintln!("note: queue {queue:?} uses the outbound whisper flow {assigned:?}, not {flow:?}");
    }
}

/// Parses `KEY=VALUE` (the value may contain `=`; the key may not be empty).
fn parse_attr(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => Ok((key.to_owned(), value.to_owned())),
        Some(_) => Err(format!("{text:?} has no KEY before '='")),
        None => Err(format!("{text:?} is not KEY=VALUE")),
    }
}

/// Parses `NAME_OR_ARN=JSON|error|timeout|@NAME`. An ARN holds `:` but no `=`, so the first `=`
/// ends the function.
fn parse_lambda(text: &str) -> Result<(String, LambdaMock), String> {
    let Some((function, reply)) = text.split_once('=') else {
        return Err(format!("{text:?} is not NAME_OR_ARN=REPLY (REPLY: a JSON object, error, timeout or @NAME)"));
    };
    if function.trim().is_empty() {
        return Err(format!("{text:?} has no Lambda name or ARN before '='"));
    }
    let reply = reply.trim();
    let mock = if reply == "error" {
        LambdaMock::Error
    } else if reply == "timeout" {
        LambdaMock::Timeout
    } else if let Some(name) = reply.strip_prefix('@') {
        if name.is_empty() {
            return Err(format!("{text:?}: '@' must be followed by a mock reply's name"));
        }
        LambdaMock::Named(name.to_owned())
    } else if reply.starts_with('{') {
        match serde_json::from_str::<Map<String, Value>>(reply) {
            Ok(object) => LambdaMock::Reply(object),
            Err(error) => return Err(format!("{text:?}: the reply is not a JSON object: {error}")),
        }
    } else {
        return Err(format!("{text:?}: the reply must be a JSON object, error, timeout or @NAME"));
    };
    Ok((function.to_owned(), mock))
}

/// The outcome (headline, where the caller ID came from, its name), then the numbered trace.
fn text_report(outcome: &CallOutcome) -> String {
    let mut text = String::new();
    // Writing to a String cannot fail.
    match &outcome.result {
        CallResult::Connected(shown) => connected_lines(&mut text, shown),
        CallResult::Failed { reason } => {
            let _ = writeln!(text, "Call failed: call disconnected, agent placed in After Contact Work");
            let _ = writeln!(text, "  reason: {reason}");
        }
        CallResult::Stopped { reason } => {
            let _ = writeln!(text, "Stopped: {reason}");
        }
    }
    let _ = writeln!(text, "  dialled: {} ({})", outcome.dialled, outcome.dialled.region().unwrap_or("non-geographic"));
    let _ = writeln!(text);
    for (i, step) in outcome.trace.iter().enumerate() {
        let _ = write!(text, "{}. {} ({})", i + 1, step.block, step.action);
        if let Some(branch) = &step.branch {
            let _ = write!(text, " → {branch}");
        }
        if !step.attributes_changed.is_empty() {
            let changed: Vec<String> =
                step.attributes_changed.iter().map(|(key, value)| format!("{key} = {value}")).collect();
            let _ = write!(text, "  [{}]", changed.join(", "));
        }
        let _ = writeln!(text);
        if !step.note.is_empty() {
            let indent = " ".repeat((i + 1).to_string().len() + 2);
            let _ = writeln!(text, "{indent}{}", step.note);
        }
    }
    text
}

fn connected_lines(text: &mut String, shown: &CallerIdShown) {
    let place = match &shown.country {
        Some(country) => format!("{}, {country}", shown.number),
        None => shown.number.to_string(),
    };
    let _ = writeln!(text, "Connected: the customer sees {} ({place})", shown.display);
    let _ = writeln!(text, "  from: {}", shown.source.describe());
    if let Some(name) = &shown.name {
        let _ = writeln!(text, "  name: {name} ({CALLER_ID_NAME_CAVEAT})");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_attribute_value_may_contain_equals_signs() {
        assert_eq!(parse_attr("note=a=b"), Ok(("note".to_owned(), "a=b".to_owned())));
        assert_eq!(parse_attr("empty="), Ok(("empty".to_owned(), String::new())));
    }

    #[test]
    fn an_attribute_without_key_or_equals_is_refused() {
        assert!(parse_attr("=x").is_err());
        assert!(parse_attr("novalue").is_err());
    }

    #[test]
    fn lambda_replies_are_error_timeout_named_or_a_json_object() {
        let arn = "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id";
        assert_eq!(parse_lambda(&format!("{arn}=error")), Ok((arn.to_owned(), LambdaMock::Error)));
        assert_eq!(parse_lambda("f=timeout"), Ok(("f".to_owned(), LambdaMock::Timeout)));
        assert_eq!(parse_lambda("f=@uk"), Ok(("f".to_owned(), LambdaMock::Named("uk".into()))));
        let Ok((_, LambdaMock::Reply(reply))) = parse_lambda(r#"f={"caller_id": "+1=2"}"#) else {
            panic!("a JSON object is a reply");
        };
        assert_eq!(reply.get("caller_id"), Some(&Value::from("+1=2")));
    }

    #[test]
    fn malformed_lambda_replies_are_refused() {
        for bad in ["f", "=error", "f=@", "f=maybe", "f={", "f=[1]", r#"f="x""#] {
            assert!(parse_lambda(bad).is_err(), "{bad}");
        }
    }
}
