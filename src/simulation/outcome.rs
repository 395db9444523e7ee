//! `CallOutcome`: what the customer's phone shows, or why the call failed, and the step-by-step
//! trace of how the flow got there.

use serde::Serialize;

use crate::phone::PhoneNumber;

/// The result of one simulated call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallOutcome {
    /// The number the agent dialled, as the softphone normalised it.
    pub dialled: PhoneNumber,
    pub result: CallResult,
    pub trace: Vec<Step>,
}

/// How the call ended up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CallResult {
    /// The customer's phone rings, showing this caller ID.
    Connected(Box<CallerIdShown>),
    /// The call attempt failed: the call is disconnected and the agent is placed in After
    /// Contact Work. In JSON the consequence is data too: `"disconnected": true,
    /// "agentState": "AfterContactWork"`.
    #[serde(serialize_with = "failed_with_consequence")]
    Failed { reason: String },
    /// The simulator stopped without guessing: a block it cannot play, an unconnected branch, a
    /// loop that does not end.
    Stopped { reason: String },
}

/// The state Amazon Connect puts the agent in when a Call phone number fails.
pub const AGENT_STATE_AFTER_FAILED_CALL: &str = "AfterContactWork";

/// A failed call as JSON: the reason and what Amazon Connect does about it (Call phone number
/// page: the call is disconnected and the agent placed in After Contact Work).
fn failed_with_consequence<S: serde::Serializer>(reason: &str, serializer: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeStruct as _;
    let mut failed = serializer.serialize_struct("Failed", 3)?;
    failed.serialize_field("reason", reason)?;
    failed.serialize_field("disconnected", &true)?;
    failed.serialize_field("agentState", AGENT_STATE_AFTER_FAILED_CALL)?;
    failed.end()
}

/// The caller ID the customer sees.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CallerIdShown {
    pub number: PhoneNumber,
    /// As the customer's phone shows it: national format when caller and customer share a
    /// country, international otherwise.
    pub display: String,
    /// The number's country (ISO code), when it has one.
    pub country: Option<String>,
    pub source: CallerIdSource,
    /// The queue's outbound caller ID name; delivery is not guaranteed.
    pub name: Option<String>,
}

/// Where the caller ID came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum CallerIdSource {
    /// The number set in a Call phone number block.
    Block { action: String },
    /// An attribute a Call phone number block reads, and its value.
    Attribute { action: String, path: String, value: String },
    /// The queue's outbound caller ID number, and why it was used.
    Queue { why: String },
}

impl CallerIdSource {
    /// One line for people: "this block's number", "attribute X = value", "the queue's number
    /// because ...".
    pub fn describe(&self) -> String {
        match self {
            Self::Block { .. } => "the number set in the Call phone number block".into(),
            Self::Attribute { path, value, .. } => format!("attribute {path} = {value}"),
            Self::Queue { why } => format!("the queue's outbound caller ID number, because {why}"),
        }
    }
}

/// Why a caller ID name may not reach the customer.
pub const CALLER_ID_NAME_CAVEAT: &str =
    "caller ID name delivery is not guaranteed: it depends on the carriers and the customer's country";

/// One block the call went through.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub action: String,
    /// The Connect designer's block name.
    pub block: String,
    /// The branch taken out of the block ("Success", "Error", "No match", a condition...), if
    /// it left by one.
    pub branch: Option<String>,
    /// What happened, in words.
    pub note: String,
    /// Attributes this block set: (key, value).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attributes_changed: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_call_in_json_says_it_was_disconnected_and_the_agent_is_in_after_contact_work() {
        let failed = CallResult::Failed { reason: "the queue has no number".into() };
        let json = serde_json::to_value(&failed).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "kind": "failed",
                "reason": "the queue has no number",
                "disconnected": true,
                "agentState": "AfterContactWork"
            })
        );
    }
}
