//! The instance inventory: what the Amazon Connect instance owns (phone numbers, queues, Lambda
//! functions, prompts) as far as outbound whisper flows care, the lookups the validator and the
//! simulator make, and the ARN helpers. Pure data, no I/O: reading and writing `instance.json`
//! is the job of the workspace's `instance` module.
//!
//! `instance.json` is whisperwire's own format, camelCase JSON. Every list may be left out; unknown
//! keys are refused (a typo must not silently drop a setting). `instance import` builds one from
//! AWS CLI output; `origin` is then `claimed` for every number (the API cannot tell ported
//! numbers apart), and the admin edits it.
//!
//! ```json
//! {
//!   "defaultCountry": "US",
//!   "phoneNumbers": [
//!     {
//!       "id": "f4b9a1c2-…", "arn": "arn:aws:connect:us-east-1:111122223333:phone-number/f4b9a1c2-…",
//!       "number": "+12065550100", "numberType": "DID", "country": "US",
//!       "description": "Seattle sales", "origin": "claimed"
//!     }
//!   ],
//!   "queues": [
//!     {
//!       "name": "US Sales", "outboundCallerIdNumber": "+12065550100",
//!       "outboundCallerIdName": "Acme Sales", "outboundWhisperFlow": "static-caller-id"
//!     }
//!   ],
//!   "lambdas": [
//!     {
//!       "name": "pick-caller-id",
//!       "arn": "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id",
//!       "mockReplies": { "default": { "caller_id": "+12065550100" } }
//!     }
//!   ],
//!   "prompts": [ { "name": "Beep.wav" } ]
//! }
//! ```
//!
//! - `defaultCountry`: ISO 3166 alpha-2 region for numbers written without a country code.
//! - `phoneNumbers[].number`: strict E.164; `numberType` is Connect's `PhoneNumberType`
//!   (`TOLL_FREE`, `DID`, `UIFN`, `SHARED`, `THIRD_PARTY_TF`, `THIRD_PARTY_DID`, or anything newer,
//!   kept as written); `origin` is `claimed` (the default) or `ported`.
//! - `queues[].outboundWhisperFlow`: the flow's name (`Metadata.name`, or its file stem under
//!   `flows/`); `outboundFlowId` keeps the Connect flow id from an import.
//! - `lambdas[].mockReplies`: named replies the simulator can answer with (`default` by
//!   convention), each a JSON object as the function would return it.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::phone::PhoneNumber;

/// The inventory of one Amazon Connect instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Instance {
    /// ISO 3166 alpha-2 region used for numbers written without a country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_country: Option<String>,
    #[serde(default)]
    pub phone_numbers: Vec<InstanceNumber>,
    #[serde(default)]
    pub queues: Vec<Queue>,
    #[serde(default)]
    pub lambdas: Vec<LambdaFunction>,
    #[serde(default)]
    pub prompts: Vec<Prompt>,
}

/// A phone number claimed or ported into the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InstanceNumber {
    /// `PhoneNumberId` in AWS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `PhoneNumberArn`, with or without `instance/…` in its path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub number: PhoneNumber,
    /// Connect's `PhoneNumberType`, kept as written so newer types survive.
    pub number_type: String,
    /// ISO 3166 alpha-2 country, Connect's `PhoneNumberCountryCode`.
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub origin: NumberOrigin,
}

/// How a number came into the instance. Both may be used as caller ID.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NumberOrigin {
    #[default]
    Claimed,
    Ported,
}

/// A queue and its outbound caller configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Queue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    pub name: String,
    /// The number presented when the flow sets none; `None` means such calls fail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_caller_id_number: Option<PhoneNumber>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_caller_id_name: Option<String>,
    /// The outbound whisper flow's name (`Metadata.name`, or the file stem under `flows/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_whisper_flow: Option<String>,
    /// The Connect id of that flow, kept from an import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_flow_id: Option<String>,
}

/// A Lambda function the instance may invoke, with the replies the simulator can mock.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LambdaFunction {
    pub name: String,
    pub arn: String,
    /// Named replies (`default` by convention), each the object the function would return.
    #[serde(default)]
    pub mock_replies: BTreeMap<String, Map<String, Value>>,
}

/// A prompt (audio) of the instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Prompt {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
}

impl Instance {
    /// The instance's entry for `number`.
    pub fn number(&self, number: &PhoneNumber) -> Option<&InstanceNumber> {
        self.phone_numbers.iter().find(|n| &n.number == number)
    }

    /// The number whose `PhoneNumberId` is `id`.
    pub fn number_by_id(&self, id: &str) -> Option<&InstanceNumber> {
        self.phone_numbers.iter().find(|n| n.id.as_deref() == Some(id))
    }

    /// The number a phone-number ARN names, with or without `instance/…` in its path.
    pub fn number_by_arn(&self, arn: &str) -> Option<&InstanceNumber> {
        if let Some(exact) = self.phone_numbers.iter().find(|n| n.arn.as_deref() == Some(arn)) {
            return Some(exact);
        }
        let id = phone_number_id_from_arn(arn)?;
        self.phone_numbers
            .iter()
            .find(|n| n.id.as_deref() == Some(id) || n.arn.as_deref().and_then(phone_number_id_from_arn) == Some(id))
    }

    /// The number `reference` names, whether it is E.164 text, a phone-number id or an ARN, as
    /// a flow's caller ID or a queue's configuration may hold.
    pub fn resolve_number(&self, reference: &str) -> Option<&InstanceNumber> {
        if reference.starts_with("arn:") {
            return self.number_by_arn(reference);
        }
        match PhoneNumber::parse_e164(reference) {
            Ok(number) => self.number(&number),
            Err(_) => self.number_by_id(reference),
        }
    }

    /// Whether `number` was claimed or ported into the instance, if it was.
    pub fn origin(&self, number: &PhoneNumber) -> Option<NumberOrigin> {
        self.number(number).map(|n| n.origin)
    }

    /// Whether the instance owns `number` (claimed or ported), so it may be a caller ID.
    pub fn owns_number(&self, number: &PhoneNumber) -> bool {
        self.number(number).is_some()
    }

    /// The queue named exactly `name` (Connect queue names are case-sensitive).
    pub fn queue(&self, name: &str) -> Option<&Queue> {
        self.queues.iter().find(|q| q.name == name)
    }

    /// The first queue whose name equals `name` ignoring case, for "did you mean" hints.
    pub fn queue_ignoring_case(&self, name: &str) -> Option<&Queue> {
        let wanted = name.to_lowercase();
        self.queues.iter().find(|q| q.name.to_lowercase() == wanted)
    }

    /// Queues that use the flow named `flow_name` as their outbound whisper flow.
    pub fn queues_with_whisper_flow<'a>(&'a self, flow_name: &'a str) -> impl Iterator<Item = &'a Queue> + 'a {
        self.queues.iter().filter(move |q| q.outbound_whisper_flow.as_deref() == Some(flow_name))
    }

    /// The Lambda function `name_or_arn` names: its name, its ARN, or any ARN (qualified or not)
    /// whose function name is its name.
    pub fn lambda(&self, name_or_arn: &str) -> Option<&LambdaFunction> {
        if let Some(exact) = self.lambdas.iter().find(|l| l.name == name_or_arn || l.arn == name_or_arn) {
            return Some(exact);
        }
        let wanted = lambda_function_name_from_arn(name_or_arn).unwrap_or(name_or_arn);
        self.lambdas.iter().find(|l| l.name == wanted || l.function_name() == Some(wanted))
    }

    /// The prompt with this name, id or ARN.
    pub fn prompt(&self, name_id_or_arn: &str) -> Option<&Prompt> {
        self.prompts.iter().find(|p| {
            p.name == name_id_or_arn
                || p.id.as_deref() == Some(name_id_or_arn)
                || p.arn.as_deref() == Some(name_id_or_arn)
        })
    }
}

impl LambdaFunction {
    /// The mock reply called `name`.
    pub fn mock_reply(&self, name: &str) -> Option<&Map<String, Value>> {
        self.mock_replies.get(name)
    }

    /// The function name its ARN holds, such as `pick-caller-id`.
    pub fn function_name(&self) -> Option<&str> {
        lambda_function_name_from_arn(&self.arn)
    }
}

impl fmt::Display for NumberOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NumberOrigin::Claimed => "claimed",
            NumberOrigin::Ported => "ported",
        })
    }
}

/// The phone-number id in a Connect phone-number ARN, `arn:aws:connect:REGION:ACCOUNT:` then
/// `phone-number/ID` or `instance/IID/phone-number/ID`.
pub fn phone_number_id_from_arn(arn: &str) -> Option<&str> {
    let resource = arn_resource(arn, "connect")?;
    let mut segments = resource.split('/');
    segments.find(|s| *s == "phone-number")?;
    segments.next().filter(|id| !id.is_empty())
}

/// The function name in a Lambda ARN, `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`.
pub fn lambda_function_name_from_arn(arn: &str) -> Option<&str> {
    let resource = arn_resource(arn, "lambda")?;
    let name = resource.strip_prefix("function:")?;
    name.split(':').next().filter(|n| !n.is_empty())
}

/// The resource part of `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE` when SERVICE matches.
fn arn_resource<'a>(arn: &'a str, wanted_service: &str) -> Option<&'a str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_partition), Some(service), Some(_region), Some(_account), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    (service == wanted_service).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phone::PhoneError;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// The sample workspace's inventory, parsed without touching the disk.
    fn sample() -> Result<Instance, serde_json::Error> {
        serde_json::from_str(include_str!("../samples/instance.json"))
    }

    fn e164(text: &str) -> Result<PhoneNumber, PhoneError> {
        PhoneNumber::parse_e164(text)
    }

    #[test]
    fn sample_instance_loads_with_its_numbers_queues_and_lambda() -> TestResult {
        let instance = sample()?;
        assert_eq!(instance.default_country.as_deref(), Some("US"));
        let numbers: Vec<&str> = instance.phone_numbers.iter().map(|n| n.number.as_str()).collect();
        assert_eq!(numbers, ["+18005550199", "+12065550100", "+442071838750"]);
        let queues: Vec<&str> = instance.queues.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(queues, ["US Sales", "UK Support", "Collections"]);
        assert_eq!(instance.lambdas.len(), 1);
        assert_eq!(instance.prompts.len(), 1);
        Ok(())
    }

    #[test]
    fn london_number_is_ported_and_the_others_claimed() -> TestResult {
        let instance = sample()?;
        assert_eq!(instance.origin(&e164("+442071838750")?), Some(NumberOrigin::Ported));
        assert_eq!(instance.origin(&e164("+12065550100")?), Some(NumberOrigin::Claimed));
        assert_eq!(instance.origin(&e164("+18005550199")?), Some(NumberOrigin::Claimed));
        assert!(!instance.owns_number(&e164("+12065550123")?));
        Ok(())
    }

    #[test]
    fn numbers_are_found_by_id_and_by_either_arn_form() -> TestResult {
        let instance = sample()?;
        let seattle = instance.number(&e164("+12065550100")?).ok_or("seattle number")?;
        let id = seattle.id.as_deref().ok_or("seattle id")?;
        assert_eq!(instance.number_by_id(id), Some(seattle));
        let short_arn = format!("arn:aws:connect:us-east-1:111122223333:phone-number/{id}");
        let long_arn = format!(
            "arn:aws:connect:us-east-1:111122223333:instance/8a2e6f10-3c1d-4b7e-9f55-0d6c2b1a9e47/phone-number/{id}"
        );
        assert_eq!(instance.number_by_arn(&short_arn), Some(seattle));
        assert_eq!(instance.number_by_arn(&long_arn), Some(seattle));
        assert_eq!(instance.resolve_number(&long_arn), Some(seattle));
        assert_eq!(instance.resolve_number("+12065550100"), Some(seattle));
        assert_eq!(instance.resolve_number(id), Some(seattle));
        assert_eq!(instance.resolve_number("arn:aws:connect:us-east-1:1:phone-number/nope"), None);
        Ok(())
    }

    #[test]
    fn queues_are_found_by_exact_name_or_ignoring_case() -> TestResult {
        let instance = sample()?;
        let sales = instance.queue("US Sales").ok_or("US Sales")?;
        assert_eq!(sales.outbound_caller_id_number, Some(e164("+12065550100")?));
        assert_eq!(instance.queue("us sales"), None);
        assert_eq!(instance.queue_ignoring_case("us sales"), Some(sales));
        let collections = instance.queue("Collections").ok_or("Collections")?;
        assert_eq!(collections.outbound_caller_id_number, None);
        Ok(())
    }

    #[test]
    fn queues_using_a_whisper_flow_are_listed() -> TestResult {
        let instance = sample()?;
        let names: Vec<&str> =
            instance.queues_with_whisper_flow("caller-id-from-attribute").map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["UK Support"]);
        assert_eq!(instance.queues_with_whisper_flow("nothing").count(), 0);
        Ok(())
    }

    #[test]
    fn lambda_is_found_by_name_arn_or_qualified_arn() -> TestResult {
        let instance = sample()?;
        let arn = "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id";
        let by_name = instance.lambda("pick-caller-id").ok_or("by name")?;
        assert_eq!(instance.lambda(arn), Some(by_name));
        assert_eq!(instance.lambda(&format!("{arn}:prod")), Some(by_name));
        assert_eq!(instance.lambda("arn:aws:lambda:us-east-1:111122223333:function:other"), None);
        assert_eq!(instance.lambda("${var.lambda_arn}"), None);
        let reply = by_name.mock_reply("uk").ok_or("uk reply")?;
        assert_eq!(reply.get("caller_id"), Some(&Value::from("+442071838750")));
        assert_eq!(by_name.mock_replies.keys().next().map(String::as_str), Some("default"));
        Ok(())
    }

    #[test]
    fn arn_parts_are_extracted_only_from_matching_services() {
        assert_eq!(phone_number_id_from_arn("arn:aws:connect:eu-west-2:1:instance/i/phone-number/p"), Some("p"));
        assert_eq!(phone_number_id_from_arn("arn:aws:lambda:eu-west-2:1:phone-number/p"), None);
        assert_eq!(phone_number_id_from_arn("arn:aws:connect:eu-west-2:1:queue/q"), None);
        assert_eq!(phone_number_id_from_arn("phone-number/p"), None);
        assert_eq!(lambda_function_name_from_arn("arn:aws:lambda:r:1:function:f:3"), Some("f"));
        assert_eq!(lambda_function_name_from_arn("arn:aws:lambda:r:1:layer:f"), None);
        assert_eq!(lambda_function_name_from_arn("f"), None);
    }

    #[test]
    fn prompt_is_found_by_name() -> TestResult {
        let instance = sample()?;
        assert_eq!(instance.prompt("Beep.wav").map(|p| p.name.as_str()), Some("Beep.wav"));
        Ok(())
    }
}
