//! Saved test calls, `calls/<name>.json` in a workspace: a scenario, the flow it plays and the
//! outcome it expects, and running them all (`whisperwire test`).
//!
//! ```json
//! {
//!   "flow": "static-caller-id",
//!   "description": "A US customer sees the Seattle number",
//!   "scenario": { "queue": "US Sales", "dial": "(206) 555-0123", "region": "US" },
//!   "expect": { "result": "connected", "callerId": "+12065550100", "source": "block", "name": "Acme Sales" }
//! }
//! ```
//!
//! - `flow`: the flow's name as queues name it (`Metadata.name`, else the file stem under
//!   `flows/`).
//! - `scenario`: a [`Scenario`], the same JSON the simulator takes.
//! - `expect`: `{"result": "connected", "callerId", "source": "block"|"attribute"|"queue",
//!   "name"?}`, or `{"result": "failed"|"stopped", "reasonContains"?}`. Keys left out are not
//!   checked; unknown keys are refused, so a typo cannot silently weaken a test.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::create_parent;
use super::atomic::{self, ReadError, SaveError};
use super::folder::{Workspace, WorkspaceError, json_files};
use super::instance::split_json_error;
use super::names::{call_path, matrix_path, stem_of};
use crate::phone::PhoneNumber;
use crate::simulation::{self, CallOutcome, CallResult, CallerIdSource, Scenario};

pub use super::names::CALLS_DIR;

/// One saved test call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SavedCall {
    /// The call's name as the admin typed it ("Seattle customer"); its file name is made from
    /// it. Files written before names were kept have none: their file name stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The flow to play, by the name queues use for it.
    pub flow: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub scenario: Scenario,
    pub expect: Expectation,
}

/// What a saved call expects of the simulated outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "camelCase", rename_all_fields = "camelCase", deny_unknown_fields)]
pub enum Expectation {
    /// The customer's phone rings showing this caller ID.
    Connected {
        caller_id: PhoneNumber,
        source: SourceKind,
        /// The caller ID name; not checked when left out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
    },
    /// The call attempt fails (agent in After Contact Work).
    Failed {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason_contains: Option<String>,
    },
    /// The simulator stops without guessing.
    Stopped {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason_contains: Option<String>,
    },
}

/// Where the caller ID comes from, without the details (block id, attribute value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SourceKind {
    /// The number set in a Call phone number block.
    Block,
    /// An attribute read by a Call phone number block.
    Attribute,
    /// The queue's outbound caller ID number.
    Queue,
}

/// One way the outcome differs from the expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// The expectation's key: `result`, `callerId`, `source`, `name` or `reasonContains`.
    pub field: &'static str,
    pub expected: String,
    pub actual: String,
}

/// Why a saved call file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CallFileError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{}:{line}:{column}: {message}", file.display())]
    Json { file: PathBuf, line: usize, column: usize, message: String },
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// The result of running one saved call.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRun {
    pub path: PathBuf,
    /// The file name without `.json`.
    pub name: String,
    pub result: RunResult,
}

/// Whether a saved call passed.
#[derive(Debug, Clone, PartialEq)]
pub enum RunResult {
    Pass,
    /// The call was simulated and differs from the expectation.
    Fail(Vec<Mismatch>),
    /// The call could not be simulated: unreadable file, unknown flow or queue, bad dial.
    Error(String),
}

impl SavedCall {
    /// Reads and checks a saved call (at most 10 MB). Errors name the file, and for JSON the
    /// line and column.
    pub fn load(file: &Path) -> Result<SavedCall, CallFileError> {
        let text = atomic::read_to_string_bounded(file)?;
        SavedCall::from_json(&text, file)
    }

    /// Parses saved-call text; `file` only names the source in errors.
    pub fn from_json(text: &str, file: &Path) -> Result<SavedCall, CallFileError> {
        serde_json::from_str(text).map_err(|error| {
            let (line, column, message) = split_json_error(&error);
            CallFileError::Json { file: file.to_owned(), line, column, message }
        })
    }

    /// Pretty JSON (two-space indent, keys in a fixed order, maps sorted), ending with a newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        atomic::pretty_json(self)
    }

    /// Saves atomically (see [`atomic::save_json`]).
    pub fn save(&self, file: &Path) -> Result<(), CallFileError> {
        atomic::save_json(file, self)?;
        Ok(())
    }
}

impl SourceKind {
    pub fn of(source: &CallerIdSource) -> Self {
        match source {
            CallerIdSource::Block { .. } => Self::Block,
            CallerIdSource::Attribute { .. } => Self::Attribute,
            CallerIdSource::Queue { .. } => Self::Queue,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Block => "block",
            Self::Attribute => "attribute",
            Self::Queue => "queue",
        }
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Expectation {
    /// The expectation an outcome meets exactly, as "Save as test call" writes it. A failure's
    /// or stop's reason is not recorded: its wording may change, the kind of result does not.
    pub fn from_outcome(outcome: &CallOutcome) -> Expectation {
        match &outcome.result {
            CallResult::Connected(shown) => Expectation::Connected {
                caller_id: shown.number.clone(),
                source: SourceKind::of(&shown.source),
                name: shown.name.clone(),
            },
            CallResult::Failed { .. } => Expectation::Failed { reason_contains: None },
            CallResult::Stopped { .. } => Expectation::Stopped { reason_contains: None },
        }
    }

    /// The expected `result`: `connected`, `failed` or `stopped`.
    pub fn result_name(&self) -> &'static str {
        match self {
            Expectation::Connected { .. } => "connected",
            Expectation::Failed { .. } => "failed",
            Expectation::Stopped { .. } => "stopped",
        }
    }

    /// Every way `outcome` differs from this expectation; none means it passes.
    pub fn check(&self, outcome: &CallOutcome) -> Result<(), Vec<Mismatch>> {
        let mut mismatches = Vec::new();
        match (self, &outcome.result) {
            (Expectation::Connected { caller_id, source, name }, CallResult::Connected(shown)) => {
                compare(&mut mismatches, "callerId", caller_id.as_str(), shown.number.as_str());
                let actual_source = SourceKind::of(&shown.source);
                compare(&mut mismatches, "source", source.as_str(), actual_source.as_str());
                if let Some(name) = name {
                    let actual = shown.name.as_deref().unwrap_or("(none)");
                    compare(&mut mismatches, "name", name, actual);
                }
            }
            (Expectation::Failed { reason_contains }, CallResult::Failed { reason })
            | (Expectation::Stopped { reason_contains }, CallResult::Stopped { reason }) => {
                if let Some(part) = reason_contains
                    && !reason.contains(part.as_str())
                {
                    mismatches.push(Mismatch {
                        field: "reasonContains",
                        expected: part.clone(),
                        actual: reason.clone(),
                    });
                }
            }
            (_, actual) => mismatches.push(Mismatch {
                field: "result",
                expected: self.result_name().to_owned(),
                actual: result_summary(actual),
            }),
        }
        if mismatches.is_empty() { Ok(()) } else { Err(mismatches) }
    }
}

fn compare(mismatches: &mut Vec<Mismatch>, field: &'static str, expected: &str, actual: &str) {
    if expected != actual {
        mismatches.push(Mismatch { field, expected: expected.to_owned(), actual: actual.to_owned() });
    }
}

/// A result in one line, for a `result` mismatch: `connected: +442071838750 (attribute)`,
/// `failed: REASON`, `stopped: REASON`.
fn result_summary(result: &CallResult) -> String {
    match result {
        CallResult::Connected(shown) => format!("connected: {} ({})", shown.number, SourceKind::of(&shown.source)),
        CallResult::Failed { reason } => format!("failed: {reason}"),
        CallResult::Stopped { reason } => format!("stopped: {reason}"),
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: expected \"{}\", got \"{}\"", self.field, self.expected, self.actual)
    }
}

/// Saves `call` as `calls/<name>.json` in the workspace at `root` (the folder is created when
/// missing) and returns where.
pub fn save_call(root: &Path, name: &str, call: &SavedCall) -> Result<PathBuf, CallFileError> {
    let path = call_path(root, name);
    create_parent(&path)?;
    let named = SavedCall { name: Some(name.to_owned()), ..call.clone() };
    named.save(&path)?;
    Ok(path)
}

/// Writes the caller-ID matrix of the flow called `flow`, as CSV, beside the workspace's test
/// calls (`calls/<flow>-caller-id-matrix.csv`) and returns where.
pub fn export_matrix(root: &Path, flow: &str, csv: &str) -> Result<PathBuf, CallFileError> {
    let path = matrix_path(root, flow);
    create_parent(&path)?;
    atomic::write_atomic(&path, csv.as_bytes())?;
    Ok(path)
}

/// The saved calls of the workspace at `root`: `calls/*.json`, sorted; none when there is no
/// `calls/` folder.
pub fn list_calls(root: &Path) -> Result<Vec<PathBuf>, WorkspaceError> {
    json_files(&root.join(CALLS_DIR))
}

/// Runs every saved call of the workspace, in file-name order. A call that cannot be read or
/// simulated is an [`RunResult::Error`]; the others still run.
pub fn run_saved_calls(workspace: &Workspace) -> Result<Vec<CallRun>, WorkspaceError> {
    Ok(list_calls(&workspace.root)?
        .into_iter()
        .map(|path| {
            let result = run_one(workspace, &path);
            let name = stem_of(&path);
            CallRun { path, name, result }
        })
        .collect())
}

fn run_one(workspace: &Workspace, path: &Path) -> RunResult {
    let call = match SavedCall::load(path) {
        Ok(call) => call,
        Err(error) => return RunResult::Error(error.to_string()),
    };
    let Some(flow) = workspace.flow(&call.flow) else {
        return RunResult::Error(missing_flow(workspace, &call.flow));
    };
    let Some(instance) = &workspace.instance else {
        return RunResult::Error(format!("the workspace {} has no instance.json", workspace.root.display()));
    };
    match simulation::simulate(&flow.doc, instance, &call.scenario) {
        Ok(outcome) => match call.expect.check(&outcome) {
            Ok(()) => RunResult::Pass,
            Err(mismatches) => RunResult::Fail(mismatches),
        },
        Err(error) => RunResult::Error(error.to_string()),
    }
}

/// Why no flow is called `name`: its file could not be read, or there is none.
fn missing_flow(workspace: &Workspace, name: &str) -> String {
    let unreadable =
        workspace.unreadable.iter().find(|error| error.path().file_stem().is_some_and(|stem| stem == name));
    match unreadable {
        Some(error) => format!("flow {name:?} cannot be read: {error}"),
        None => format!("the workspace has no flow {name:?} in flows/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::folder::sample_workspace;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn parse(text: &str) -> Result<SavedCall, CallFileError> {
        SavedCall::from_json(text, Path::new("calls/x.json"))
    }

    fn error_text(text: &str) -> String {
        match parse(text) {
            Ok(call) => format!("unexpectedly loaded {call:?}"),
            Err(error) => error.to_string(),
        }
    }

    fn sample() -> Result<Workspace, Box<dyn std::error::Error>> {
        let root = sample_workspace().ok_or("no sample workspace")?;
        Ok(Workspace::open(&root)?)
    }

    fn simulate_sample(flow: &str, scenario: &Scenario) -> Result<CallOutcome, Box<dyn std::error::Error>> {
        let workspace = sample()?;
        let instance = workspace.instance.as_ref().ok_or("sample instance")?;
        let doc = &workspace.flow(flow).ok_or("sample flow")?.doc;
        Ok(simulation::simulate(doc, instance, scenario)?)
    }

    fn scenario(queue: &str, dial: &str) -> Scenario {
        Scenario { queue: queue.into(), dial: dial.into(), ..Scenario::default() }
    }

    #[test]
    fn a_connected_expectation_reads_with_camel_case_keys() -> TestResult {
        let call = parse(
            r#"{"flow": "static-caller-id", "scenario": {"queue": "US Sales", "dial": "+12065550123"},
                "expect": {"result": "connected", "callerId": "+12065550100", "source": "block", "name": "Acme Sales"}}"#,
        )?;
        assert_eq!(call.flow, "static-caller-id");
        assert_eq!(
            call.expect,
            Expectation::Connected {
                caller_id: PhoneNumber::parse_e164("+12065550100")?,
                source: SourceKind::Block,
                name: Some("Acme Sales".into()),
            }
        );
        Ok(())
    }

    #[test]
    fn a_failed_expectation_may_name_part_of_the_reason() -> TestResult {
        let call = parse(
            r#"{"flow": "f", "scenario": {"queue": "q", "dial": "1"},
                "expect": {"result": "failed", "reasonContains": "no outbound"}}"#,
        )?;
        assert_eq!(call.expect, Expectation::Failed { reason_contains: Some("no outbound".into()) });
        Ok(())
    }

    #[test]
    fn unknown_keys_in_the_expectation_are_refused_with_line_and_column() {
        let text = "{\"flow\": \"f\", \"scenario\": {\"queue\": \"q\", \"dial\": \"1\"},\n  \"expect\": {\"result\": \"connected\", \"callerID\": \"+12065550100\", \"source\": \"block\"}}";
        let message = error_text(text);
        assert!(message.starts_with("calls/x.json:2:"), "{message}");
        assert!(message.contains("callerID"), "{message}");
    }

    #[test]
    fn an_expected_caller_id_must_be_e164() {
        let message = error_text(
            r#"{"flow": "f", "scenario": {"queue": "q", "dial": "1"},
                "expect": {"result": "connected", "callerId": "206-555-0100", "source": "block"}}"#,
        );
        assert!(message.starts_with("calls/x.json:2:"), "{message}");
        assert!(message.contains("206-555-0100"), "{message}");
    }

    #[test]
    fn an_unknown_result_is_refused() {
        let message =
            error_text(r#"{"flow": "f", "scenario": {"queue": "q", "dial": "1"}, "expect": {"result": "ringing"}}"#);
        assert!(message.contains("ringing"), "{message}");
    }

    #[test]
    fn a_saved_call_reads_back_identical_and_saves_byte_for_byte_the_same() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("call.json");
        let mut call = SavedCall {
            name: None,
            flow: "caller-id-from-lambda".into(),
            description: Some("Lambda fails".into()),
            scenario: scenario("Collections", "+12065550123"),
            expect: Expectation::Failed { reason_contains: None },
        };
        call.scenario.lambdas.insert("pick-caller-id".into(), simulation::LambdaMock::Error);
        call.scenario.attributes.insert("b".into(), "2".into());
        call.scenario.attributes.insert("a".into(), "1".into());
        call.save(&path)?;
        let first = std::fs::read_to_string(&path)?;
        assert!(first.ends_with("}\n"), "{first}");
        assert!(first.find("\"a\"") < first.find("\"b\""), "{first}");
        let again = SavedCall::load(&path)?;
        assert_eq!(again, call);
        again.save(&path)?;
        assert_eq!(std::fs::read_to_string(&path)?, first);
        Ok(())
    }

    #[test]
    fn a_call_saved_by_name_keeps_the_name_as_typed() -> TestResult {
        let dir = tempfile::tempdir()?;
        let call = SavedCall {
            name: None,
            flow: "static-caller-id".into(),
            description: None,
            scenario: scenario("US Sales", "+12065550123"),
            expect: Expectation::Failed { reason_contains: None },
        };
        let path = save_call(dir.path(), "Seattle customer", &call)?;
        assert!(path.ends_with("calls/Seattle-customer.json"), "{}", path.display());
        assert_eq!(SavedCall::load(&path)?.name.as_deref(), Some("Seattle customer"));
        Ok(())
    }

    #[test]
    fn a_missing_file_error_names_it() {
        let Err(error) = SavedCall::load(Path::new("/nonexistent/calls/gone.json")) else {
            panic!("a missing file must not load");
        };
        assert!(error.to_string().contains("gone.json"), "{error}");
    }

    #[test]
    fn the_expectation_from_an_outcome_passes_its_own_check() -> TestResult {
        let mut uk = scenario("UK Support", "020 7946 0000");
        uk.region = Some("GB".into());
        let outcome = simulate_sample("caller-id-from-attribute", &uk)?;
        let expect = Expectation::from_outcome(&outcome);
        assert_eq!(
            expect,
            Expectation::Connected {
                caller_id: PhoneNumber::parse_e164("+442071838750")?,
                source: SourceKind::Attribute,
                name: Some("Acme UK".into()),
            }
        );
        assert_eq!(expect.check(&outcome), Ok(()));
        Ok(())
    }

    #[test]
    fn a_different_caller_id_and_source_are_both_reported() -> TestResult {
        let mut uk = scenario("UK Support", "020 7946 0000");
        uk.region = Some("GB".into());
        let outcome = simulate_sample("caller-id-from-attribute", &uk)?;
        let expect = Expectation::Connected {
            caller_id: PhoneNumber::parse_e164("+12065550100")?,
            source: SourceKind::Queue,
            name: None,
        };
        let Err(mismatches) = expect.check(&outcome) else {
            panic!("the check must fail");
        };
        let lines: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                r#"callerId: expected "+12065550100", got "+442071838750""#,
                r#"source: expected "queue", got "attribute""#,
            ]
        );
        Ok(())
    }

    #[test]
    fn a_failed_call_against_a_connected_expectation_reports_the_result_and_reason() -> TestResult {
        let mut call = scenario("Collections", "+12065550123");
        call.lambdas.insert("pick-caller-id".into(), simulation::LambdaMock::Error);
        let outcome = simulate_sample("caller-id-from-lambda", &call)?;
        let expect = Expectation::Connected {
            caller_id: PhoneNumber::parse_e164("+12065550100")?,
            source: SourceKind::Attribute,
            name: None,
        };
        let Err(mismatches) = expect.check(&outcome) else {
            panic!("the check must fail");
        };
        assert_eq!(mismatches.len(), 1, "{mismatches:?}");
        assert_eq!(mismatches[0].field, "result");
        assert_eq!(mismatches[0].expected, "connected");
        assert!(mismatches[0].actual.starts_with("failed: "), "{mismatches:?}");
        assert_eq!(Expectation::from_outcome(&outcome).check(&outcome), Ok(()));
        Ok(())
    }

    #[test]
    fn a_reason_that_does_not_contain_the_expected_text_is_a_mismatch() -> TestResult {
        let mut call = scenario("Collections", "+12065550123");
        call.lambdas.insert("pick-caller-id".into(), simulation::LambdaMock::Error);
        let outcome = simulate_sample("caller-id-from-lambda", &call)?;
        let found = Expectation::Failed { reason_contains: Some("Collections".into()) };
        assert_eq!(found.check(&outcome), Ok(()));
        let missing = Expectation::Failed { reason_contains: Some("the moon".into()) };
        let Err(mismatches) = missing.check(&outcome) else {
            panic!("the check must fail");
        };
        assert_eq!(mismatches[0].field, "reasonContains");
        Ok(())
    }

    #[test]
    fn an_expected_name_is_checked_and_a_missing_one_is_not() -> TestResult {
        let outcome = simulate_sample("static-caller-id", &scenario("US Sales", "+12065550123"))?;
        let wrong = Expectation::Connected {
            caller_id: PhoneNumber::parse_e164("+12065550100")?,
            source: SourceKind::Block,
            name: Some("Acme".into()),
        };
        let Err(mismatches) = wrong.check(&outcome) else {
            panic!("the check must fail");
        };
        assert_eq!(mismatches[0].to_string(), r#"name: expected "Acme", got "Acme Sales""#);
        let unchecked = Expectation::Connected {
            caller_id: PhoneNumber::parse_e164("+12065550100")?,
            source: SourceKind::Block,
            name: None,
        };
        assert_eq!(unchecked.check(&outcome), Ok(()));
        Ok(())
    }

    #[test]
    fn the_sample_calls_are_listed_sorted_and_all_pass() -> TestResult {
        let workspace = sample()?;
        let names: Vec<String> = list_calls(&workspace.root)?
            .iter()
            .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted);
        assert!(names.len() >= 4, "{names:?}");
        for run in run_saved_calls(&workspace)? {
            assert_eq!(run.result, RunResult::Pass, "{}", run.name);
        }
        Ok(())
    }

    #[test]
    fn unknown_flows_queues_and_bad_numbers_are_errors_not_failures() -> TestResult {
        let dir = tempfile::tempdir()?;
        let root = sample_workspace().ok_or("no sample workspace")?;
        std::fs::create_dir(dir.path().join("flows"))?;
        std::fs::copy(root.join("instance.json"), dir.path().join("instance.json"))?;
        std::fs::copy(root.join("flows/static-caller-id.json"), dir.path().join("flows/static-caller-id.json"))?;
        std::fs::write(dir.path().join("flows/broken.json"), "{")?;
        std::fs::create_dir(dir.path().join(CALLS_DIR))?;
        let write_call = |name: &str, flow: &str, queue: &str, dial: &str| {
            SavedCall {
                name: None,
                flow: flow.into(),
                description: None,
                scenario: scenario(queue, dial),
                expect: Expectation::Failed { reason_contains: None },
            }
            .save(&dir.path().join(CALLS_DIR).join(name))
        };
        write_call("a-no-flow.json", "nowhere", "US Sales", "+12065550123")?;
        write_call("b-broken-flow.json", "broken", "US Sales", "+12065550123")?;
        write_call("c-no-queue.json", "static-caller-id", "Mars", "+12065550123")?;
        write_call("d-bad-dial.json", "static-caller-id", "US Sales", "call me")?;
        std::fs::write(dir.path().join(CALLS_DIR).join("e-bad-json.json"), "{\"flow\"")?;
        let workspace = Workspace::open(dir.path())?;
        let runs = run_saved_calls(&workspace)?;
        let messages: Vec<String> = runs
            .iter()
            .map(|run| match &run.result {
                RunResult::Error(message) => format!("{}: {message}", run.name),
                other => format!("{}: not an error: {other:?}", run.name),
            })
            .collect();
        assert_eq!(messages.len(), 5, "{messages:#?}");
        assert!(messages[0].contains("no flow \"nowhere\""), "{messages:#?}");
        assert!(messages[1].contains("broken.json:1:"), "{messages:#?}");
        assert!(messages[2].contains("no queue \"Mars\""), "{messages:#?}");
        assert!(messages[3].contains("cannot dial \"call me\""), "{messages:#?}");
        assert!(messages[4].contains("e-bad-json.json:1:"), "{messages:#?}");
        Ok(())
    }

    #[test]
    fn a_workspace_without_calls_lists_none() -> TestResult {
        let dir = tempfile::tempdir()?;
        assert!(list_calls(dir.path())?.is_empty());
        Ok(())
    }
}
