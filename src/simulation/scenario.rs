//! `Scenario`: everything a test call needs besides the flow and the instance. It is the
//! `scenario` of a saved test call (`calls/*.json`), so its serde form is a file format.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One test call.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// The queue the agent calls from (its outbound caller ID number and name come from the
    /// instance).
    pub queue: String,
    /// The number the agent dials, as typed into the softphone.
    pub dial: String,
    /// The country the softphone assumes for numbers typed without `+` (ISO code, e.g. "US").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default)]
    pub initiation: Initiation,
    /// Contact attributes the contact already holds (set by the flow that created it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// What each Lambda answers, by function name or ARN.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lambdas: BTreeMap<String, LambdaMock>,
    #[serde(default, skip_serializing_if = "Agent::is_empty")]
    pub agent: Agent,
}

/// How the outbound call started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Initiation {
    /// The agent dialled from the softphone (`$.InitiationMethod` = OUTBOUND).
    #[default]
    DirectDial,
    /// A queued callback reached the agent (`$.InitiationMethod` = CALLBACK).
    Callback,
}

impl Initiation {
    /// The value of `$.InitiationMethod`.
    pub fn method(self) -> &'static str {
        match self {
            Self::DirectDial => "OUTBOUND",
            Self::Callback => "CALLBACK",
        }
    }
}

/// A Lambda's mocked behaviour.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum LambdaMock {
    /// The function answers with this object (its keys become `$.External.key`).
    Reply(Map<String, Value>),
    /// The function answers with the instance's named mock reply (`instance.json`).
    Named(String),
    /// The function fails.
    Error,
    /// The function does not answer within the block's time limit.
    Timeout,
}

/// The agent taking the call, for `$.Agent.*`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Agent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

impl Agent {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}
