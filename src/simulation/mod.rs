//! The test-call simulator: plays an outbound whisper flow for one scenario and tells which
//! caller ID the customer sees, or why the call fails, step by step. Deterministic: no clock,
//! no network; Lambdas are answered by the scenario's mocks.

mod engine;
mod matrix;
mod outcome;
mod scenario;

pub use matrix::{CSV_HEADER, MatrixRow, matrix, to_csv};
pub use outcome::{
    AGENT_STATE_AFTER_FAILED_CALL, CALLER_ID_NAME_CAVEAT, CallOutcome, CallResult, CallerIdShown, CallerIdSource, Step,
};
pub use scenario::{Agent, Initiation, LambdaMock, Scenario};

use crate::instance::Instance;
use crate::model::FlowDocument;
use crate::phone::PhoneError;

/// Most blocks a call may go through before the simulator calls it a loop that does not end.
pub const MAX_STEPS: usize = 1_000;

/// The scenario cannot be played: it names things the instance does not have, or a number the
/// softphone would refuse.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    #[error("the instance has no queue {0:?}")]
    UnknownQueue(String),
    #[error("the softphone cannot dial {input:?}: {reason}")]
    BadDial { input: String, reason: PhoneError },
}

/// Plays `doc` for `scenario` against `instance`.
pub fn simulate(doc: &FlowDocument, instance: &Instance, scenario: &Scenario) -> Result<CallOutcome, ScenarioError> {
    engine::run(doc, instance, scenario)
}
