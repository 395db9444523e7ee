//! The engine: walks the flow from the Entry point one block at a time, as Amazon Connect would
//! for one outbound call, and decides the caller ID by the rules of the documentation
//! (`connect-flow-language.md` §6.1). It stops rather than guesses.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use super::outcome::{CallOutcome, CallResult, CallerIdShown, CallerIdSource, Step};
use super::scenario::{LambdaMock, Scenario};
use super::{MAX_STEPS, ScenarioError};
use crate::instance::lambda_function_name_from_arn;
use crate::instance::{Instance, Queue};
use crate::model::{
    Action, ActionKind, AttributeRef, Branch, CallerId, Condition, FlowDocument, LambdaCall, Message,
    NO_MATCHING_CONDITION, NO_MATCHING_ERROR, Operator,
};
use crate::phone::{self, PhoneNumber};

/// Contact attributes may hold at most this many bytes in all (keys and values).
const MAX_ATTRIBUTE_BYTES: usize = 32_768;

/// Blocks that cannot change the caller ID or the path: played as "no effect".
const NO_EFFECT_TYPES: &[&str] = &[
    "UpdateContactTextToSpeechVoice",
    "UpdateContactEventHooks",
    "UpdateContactMediaStreamingBehavior",
    "UpdateContactData",
];

pub(super) fn run(doc: &FlowDocument, instance: &Instance, scenario: &Scenario) -> Result<CallOutcome, ScenarioError> {
    let queue = instance.queue(&scenario.queue).ok_or_else(|| ScenarioError::UnknownQueue(scenario.queue.clone()))?;
    let region = scenario.region.as_deref().or(instance.default_country.as_deref());
    let dialled = phone::to_e164(&scenario.dial, region)
        .map_err(|reason| ScenarioError::BadDial { input: scenario.dial.clone(), reason })?;
    let mut call = Call {
        doc,
        instance,
        scenario,
        queue,
        dialled,
        attributes: scenario.attributes.clone(),
        external: Map::new(),
        loop_counts: HashMap::new(),
        placed: None,
        trace: Vec::new(),
    };
    let result = call.play();
    Ok(CallOutcome { dialled: call.dialled, result, trace: call.trace })
}

/// One call in progress.
struct Call<'a> {
    doc: &'a FlowDocument,
    instance: &'a Instance,
    scenario: &'a Scenario,
    queue: &'a Queue,
    dialled: PhoneNumber,
    /// User-defined contact attributes.
    attributes: BTreeMap<String, String>,
    /// The reply of the last Lambda (`$.External`).
    external: Map<String, Value>,
    /// How many times each Loop block has looped.
    loop_counts: HashMap<usize, u32>,
    /// The caller ID, once the call is placed.
    placed: Option<CallerIdShown>,
    trace: Vec<Step>,
}

/// What a block does to the walk.
enum Next {
    /// Leave by this branch.
    Branch(Branch),
    /// The call is decided.
    End(CallResult),
}

/// The caller ID a block decided on.
enum Decision {
    /// The customer sees this.
    Show(Box<CallerIdShown>),
    /// The call attempt fails: disconnected, agent in After Contact Work.
    Fail(String),
    /// The simulator cannot tell without guessing.
    Stop(String),
}

/// What one block did, for the trace.
struct Played {
    next: Next,
    note: String,
    changed: Vec<(String, String)>,
}

impl Played {
    fn go(branch: Branch, note: impl Into<String>) -> Self {
        Self { next: Next::Branch(branch), note: note.into(), changed: Vec::new() }
    }

    fn end(result: CallResult, note: impl Into<String>) -> Self {
        Self { next: Next::End(result), note: note.into(), changed: Vec::new() }
    }

    fn stop(reason: String) -> Self {
        Self::end(CallResult::Stopped { reason: reason.clone() }, reason)
    }
}

impl Call<'_> {
    fn play(&mut self) -> CallResult {
        let actions = &self.doc.flow.actions;
        let mut index: HashMap<&str, usize> = HashMap::with_capacity(actions.len());
        for (i, action) in actions.iter().enumerate() {
            index.entry(action.id.as_str()).or_insert(i);
        }
        let Some(start) = &self.doc.flow.start else {
            return CallResult::Stopped { reason: "the Entry point is not connected to any block".into() };
        };
        let Some(mut current) = index.get(start.as_str()).copied() else {
            return CallResult::Stopped {
                reason: format!("the Entry point leads to {start:?}, which is not a block of this flow"),
            };
        };
        for _ in 0..MAX_STEPS {
            let Some(action) = actions.get(current) else {
                break;
            };
            let played = self.play_block(current, action);
            let branch = match &played.next {
                Next::Branch(branch) => Some(action.branch_label(branch)),
                Next::End(_) => None,
            };
            self.trace.push(Step {
                action: action.id.as_str().to_owned(),
                block: action.block_name().to_owned(),
                branch,
                note: played.note,
                attributes_changed: played.changed,
            });
            match played.next {
                Next::End(result) => return result,
                Next::Branch(branch) => {
                    let Some(target) = action.transitions.target(&branch) else {
                        let reason = format!(
                            "branch '{}' of '{}' is not connected, so the flow cannot go on",
                            action.branch_label(&branch),
                            action.block_name()
                        );
                        return CallResult::Stopped { reason };
                    };
                    let Some(next) = index.get(target.as_str()).copied() else {
                        return CallResult::Stopped {
                            reason: format!("the flow leads to {target:?}, which is not a block of this flow"),
                        };
                    };
                    current = next;
                }
            }
        }
        CallResult::Stopped {
            reason: format!("the call went through {MAX_STEPS} blocks without ending: the flow loops forever"),
        }
    }

    fn play_block(&mut self, index: usize, action: &Action) -> Played {
        match &action.kind {
            ActionKind::CompleteOutboundCall { caller_id } => self.call_phone_number(action, caller_id),
            ActionKind::UpdateContactAttributes { attributes, target_contact } => {
                self.set_attributes(attributes, target_contact.as_deref())
            }
            ActionKind::InvokeLambdaFunction(call) => self.invoke_lambda(call),
            ActionKind::MessageParticipant(message) => self.play_prompt(message),
            ActionKind::Compare { comparison_value } => self.compare(action, comparison_value.as_deref()),
            ActionKind::Loop { loop_count } => self.looping(index, action, loop_count.as_deref()),
            ActionKind::UpdateContactRecordingBehavior { recorded_participants } => {
                let note = match recorded_participants.as_deref() {
                    Some([]) | None => "recording off".to_owned(),
                    Some(who) => format!("recording {}", who.join(" and ")),
                };
                Played::go(Branch::Next, note)
            }
            ActionKind::UpdateFlowLoggingBehavior { flow_logging } => {
                Played::go(Branch::Next, format!("flow logging {}", flow_logging.as_deref().unwrap_or("unchanged")))
            }
            ActionKind::EndFlowExecution => self.end_flow(),
            ActionKind::DisconnectParticipant => Played::stop(
                "Disconnect / hang up is not allowed in outbound whisper flows (T01), and Amazon Connect does not document what \
                 it does here"
                    .into(),
            ),
            ActionKind::Other { type_name } if NO_EFFECT_TYPES.contains(&type_name.as_str()) => {
                Played::go(Branch::Next, "no effect on the caller ID")
            }
            ActionKind::Other { type_name } => {
                Played::stop(format!("cannot simulate block '{}' ({type_name})", action.block_name()))
            }
        }
    }

    /// Places the call as `decision` says. Returns the note to go on with, or how the call
    /// ended (failed, or the simulator stopped).
    fn place(&mut self, decision: Decision, note: &str) -> Result<String, Box<Played>> {
        match decision {
            Decision::Show(shown) => {
                let note = format!("{note}: the customer sees {}", shown.display);
                self.placed = Some(*shown);
                Ok(note)
            }
            Decision::Fail(reason) => Err(Box::new(Played::end(CallResult::Failed { reason: reason.clone() }, reason))),
            Decision::Stop(reason) => Err(Box::new(Played::stop(reason))),
        }
    }

    fn call_phone_number(&mut self, action: &Action, caller_id: &CallerId) -> Played {
        if self.placed.is_some() {
            return Played::go(Branch::Next, "the call was already placed: this block has no effect");
        }
        let action_id = action.id.as_str().to_owned();
        let decision = match caller_id {
            CallerId::None => self.queue_number("the Call phone number block sets no caller ID".into()),
            CallerId::Number(text) => match PhoneNumber::parse_e164(text) {
                Ok(number) => self.own_number(number, CallerIdSource::Block { action: action_id }),
                Err(error) => Decision::Stop(format!(
                    "the block's caller ID {text:?} is not an E.164 number ({error}); Amazon Connect does not publish such a flow"
                )),
            },
            CallerId::Attribute(attribute) => {
                let path = attribute.to_path();
                let value = self.resolve(&path);
                self.number_from(&action_id, &path, value)
            }
            CallerId::Path(path) => {
                let value = self.resolve(path);
                self.number_from(&action_id, path, value)
            }
            CallerId::Unreadable(raw) => Decision::Stop(format!("the block's caller ID cannot be read: {raw}")),
        };
        match self.place(decision, "the call is placed") {
            Ok(note) => Played::go(Branch::Next, note),
            Err(ended) => *ended,
        }
    }

    /// The caller ID from an attribute's value: its number if it is E.164, else the queue's.
    fn number_from(&self, action: &str, path: &str, value: Option<String>) -> Decision {
        let Some(value) = value else {
            return self.queue_number(format!("{path} is not set"));
        };
        match PhoneNumber::parse_e164(&value) {
            Ok(number) => {
                let source = CallerIdSource::Attribute { action: action.to_owned(), path: path.to_owned(), value };
                self.own_number(number, source)
            }
            Err(_) => self.queue_number(format!("{path} = {value:?} is not an E.164 number")),
        }
    }

    /// A number the block presents: the instance's own, or a case the documentation does not
    /// settle (so the simulator stops).
    fn own_number(&self, number: PhoneNumber, source: CallerIdSource) -> Decision {
        if !self.instance.owns_number(&number) {
            return Decision::Stop(format!(
                "{number} is not a number claimed or ported to the instance; Amazon Connect does not document what happens then"
            ));
        }
        Decision::Show(Box::new(self.shown(number, source)))
    }

    /// The queue's outbound caller ID number, or the failure when the queue has none.
    fn queue_number(&self, why: String) -> Decision {
        match &self.queue.outbound_caller_id_number {
            Some(number) => Decision::Show(Box::new(self.shown(number.clone(), CallerIdSource::Queue { why }))),
            None => Decision::Fail(format!(
                "{why}, so the queue's outbound caller ID number is used, and queue '{}' has none: the call attempt fails",
                self.queue.name
            )),
        }
    }

    fn shown(&self, number: PhoneNumber, source: CallerIdSource) -> CallerIdShown {
        let same_country = number.region().is_some() && number.region() == self.dialled.region();
        let display = if same_country { number.national() } else { number.international() };
        let country = number.region().map(str::to_owned);
        let name = self.queue.outbound_caller_id_name.clone();
        CallerIdShown { number, display, country, source, name }
    }

    fn set_attributes(&mut self, attributes: &[(String, String)], target: Option<&str>) -> Played {
        let mut resolved = Vec::with_capacity(attributes.len());
        for (key, value) in attributes {
            let error = |what: &str| {
                let note = format!("{what} has no value here: the block takes its Error branch, setting nothing");
                Played::go(Branch::Error(NO_MATCHING_ERROR.into()), note)
            };
            let Some(resolved_key) = (if key.starts_with("$.") { self.resolve(key) } else { Some(key.clone()) }) else {
                return error(key);
            };
            let Some(resolved_value) =
                (if value.starts_with("$.") { self.resolve(value) } else { Some(value.clone()) })
            else {
                return error(value);
            };
            resolved.push((resolved_key, resolved_value));
        }
        if target == Some("Related") {
            return Played::go(Branch::Next, "sets attributes on the related contact, not this one");
        }
        let mut next = self.attributes.clone();
        next.extend(resolved.iter().cloned());
        let bytes: usize = next.iter().map(|(k, v)| k.len() + v.len()).sum();
        if bytes > MAX_ATTRIBUTE_BYTES {
            let note = format!("the contact's attributes would take {bytes} bytes, over the 32 KB limit: Error branch");
            return Played::go(Branch::Error(NO_MATCHING_ERROR.into()), note);
        }
        self.attributes = next;
        Played { next: Next::Branch(Branch::Next), note: String::new(), changed: resolved }
    }

    fn invoke_lambda(&mut self, call: &LambdaCall) -> Played {
        let function = call.function_arn.clone().unwrap_or_default();
        let Some(mock) = self.mock_for(&function) else {
            return Played::stop(format!("no mock reply for Lambda {function:?}: add one to the scenario"));
        };
        let timeout = call.timeout_secs.as_deref().unwrap_or("?");
        let reply = match mock {
            LambdaMock::Error => {
                return Played::go(Branch::Error(NO_MATCHING_ERROR.into()), "the Lambda fails: Error branch");
            }
            LambdaMock::Timeout => {
                return Played::go(
                    Branch::Error(NO_MATCHING_ERROR.into()),
                    format!("the Lambda does not answer within {timeout} s: Error branch"),
                );
            }
            LambdaMock::Reply(reply) => reply,
            LambdaMock::Named(name) => {
                let named = self.instance.lambda(&function).and_then(|l| l.mock_reply(&name)).cloned();
                let Some(reply) = named else {
                    return Played::stop(format!("the instance has no mock reply {name:?} for Lambda {function:?}"));
                };
                reply
            }
        };
        if call.invocation_type.as_deref() == Some("ASYNCHRONOUS") {
            return Played::go(Branch::Next, "invoked asynchronously: no reply is waited for");
        }
        let string_map = call.response_type.as_deref() != Some("JSON");
        if string_map && reply.values().any(|v| v.is_object() || v.is_array()) {
            return Played::go(
                Branch::Error(NO_MATCHING_ERROR.into()),
                "the reply is not a flat map of strings (STRING_MAP): Error branch",
            );
        }
        let keys: Vec<&str> = reply.keys().map(String::as_str).collect();
        let note = format!("the Lambda answers {{{}}}", keys.join(", "));
        self.external = reply;
        Played::go(Branch::Next, note)
    }

    /// The scenario's mock for a function (by name or ARN), else the instance's default reply.
    fn mock_for(&self, function: &str) -> Option<LambdaMock> {
        let name = lambda_function_name_from_arn(function).unwrap_or(function);
        let from_scenario = self.scenario.lambdas.iter().find(|(key, _)| {
            key.as_str() == function || key.as_str() == name || lambda_function_name_from_arn(key) == Some(name)
        });
        if let Some((_, mock)) = from_scenario {
            return Some(mock.clone());
        }
        let lambda = self.instance.lambda(function)?;
        lambda.mock_reply("default").map(|reply| LambdaMock::Reply(reply.clone()))
    }

    fn play_prompt(&mut self, message: &Message) -> Played {
        let what = match (&message.text, &message.ssml, &message.prompt_id) {
            (Some(text), _, _) => format!("plays “{}”", self.interpolate(text)),
            (None, Some(ssml), _) => format!("plays SSML “{}”", self.interpolate(ssml)),
            (None, None, Some(prompt)) => format!("plays prompt {prompt}"),
            (None, None, None) => "plays nothing".to_owned(),
        };
        if self.placed.is_some() {
            return Played::go(Branch::Next, what);
        }
        let decision = self.queue_number("a Play prompt placed the call before any Call phone number".into());
        match self.place(decision, "the prompt places the call") {
            Ok(note) => Played::go(Branch::Next, format!("{note}; {what}")),
            Err(ended) => *ended,
        }
    }

    fn end_flow(&mut self) -> Played {
        let mut note = "the whisper ends and the customer is connected to the agent".to_owned();
        if self.placed.is_none() {
            let decision = self.queue_number("the flow ended before any block placed the call".into());
            match self.place(decision, "the call is placed as the flow ends") {
                Ok(placed) => note = placed,
                Err(ended) => return *ended,
            }
        }
        match &self.placed {
            Some(shown) => Played::end(CallResult::Connected(Box::new(shown.clone())), note),
            None => Played::stop("the call was not placed".into()),
        }
    }

    fn compare(&mut self, action: &Action, value_path: Option<&str>) -> Played {
        let value = value_path.and_then(|p| self.resolve(p));
        for (i, branch) in action.transitions.conditions.iter().enumerate() {
            match holds(&branch.condition, value.as_deref()) {
                Ok(true) => {
                    return Played::go(Branch::Condition(i), format!("{} = {value:?}", value_path.unwrap_or("?")));
                }
                Ok(false) => {}
                Err(reason) => return Played::stop(reason),
            }
        }
        Played::go(
            Branch::Error(NO_MATCHING_CONDITION.into()),
            format!("{} = {value:?}: no condition matches", value_path.unwrap_or("?")),
        )
    }

    fn looping(&mut self, index: usize, action: &Action, count: Option<&str>) -> Played {
        let Some(limit) = count.and_then(|c| c.trim().parse::<u32>().ok()) else {
            return Played::stop(format!("the Loop's count {count:?} is not a whole number"));
        };
        let done = self.loop_counts.get(&index).copied().unwrap_or(0);
        let (name, note) = if done < limit {
            self.loop_counts.insert(index, done + 1);
            ("ContinueLooping", format!("loop {} of {limit}", done + 1))
        } else {
            self.loop_counts.remove(&index);
            ("DoneLooping", format!("looped {limit} times"))
        };
        let found = action.transitions.conditions.iter().position(|c| c.condition.operand_text() == Some(name));
        match found {
            Some(i) => Played::go(Branch::Condition(i), note),
            None => Played::stop(format!("the Loop has no {name} branch")),
        }
    }

    /// The value of a `JSONPath` at this point of the call.
    fn resolve(&self, path: &str) -> Option<String> {
        if let Some(attribute) = AttributeRef::parse(path) {
            return match attribute.namespace {
                crate::model::Namespace::UserDefined => self.attributes.get(&attribute.key).cloned(),
                crate::model::Namespace::External => external_value(&self.external, &attribute.key),
            };
        }
        let queue_number = || self.queue.outbound_caller_id_number.as_ref().map(|n| n.as_str().to_owned());
        let agent = &self.scenario.agent;
        match path {
            "$.CustomerEndpoint.Address" => Some(self.dialled.as_str().to_owned()),
            "$.CustomerEndpoint.Type" => Some("TELEPHONE_NUMBER".into()),
            "$.Queue.Name" => Some(self.queue.name.clone()),
            "$.Queue.ARN" => self.queue.arn.clone(),
            "$.Queue.OutboundCallerId.Address" => queue_number(),
            "$.Queue.OutboundCallerId.Type" => queue_number().map(|_| "TELEPHONE_NUMBER".into()),
            "$.InitiationMethod" => Some(self.scenario.initiation.method().into()),
            "$.Channel" => Some("VOICE".into()),
            "$.Agent.UserName" => agent.user_name.clone(),
            "$.Agent.FirstName" => agent.first_name.clone(),
            "$.Agent.LastName" => agent.last_name.clone(),
            "$.Agent.ARN" => agent.arn.clone(),
            _ => None,
        }
    }

    /// Text with each `$.…` reference replaced by its value (unknown ones left as written).
    fn interpolate(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("$.") {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let end = tail.find(|c: char| c.is_whitespace() || ",;!?\"<>()".contains(c)).unwrap_or(tail.len());
            let path = tail[..end].trim_end_matches('.');
            match self.resolve(path) {
                Some(value) => out.push_str(&value),
                None => out.push_str(path),
            }
            rest = &tail[path.len()..];
        }
        out.push_str(rest);
        out
    }
}

/// A value of the last Lambda's reply, following dots into nested objects (JSON replies).
fn external_value(reply: &Map<String, Value>, key: &str) -> Option<String> {
    let value = reply.get(key).or_else(|| {
        let mut parts = key.split('.');
        let first = reply.get(parts.next()?)?;
        parts.try_fold(first, |value, part| value.get(part))
    })?;
    Some(match value {
        Value::String(s) => s.clone(),
        Value::Null => return None,
        other => other.to_string(),
    })
}

/// Whether a condition holds for `value` (a missing value matches nothing).
fn holds(condition: &Condition, value: Option<&str>) -> Result<bool, String> {
    let Some(operand) = condition.operand_text() else {
        return Err("a condition does not compare with exactly one text value".into());
    };
    let Some(value) = value else { return Ok(false) };
    let numbers = || Some((value.trim().parse::<f64>().ok()?, operand.trim().parse::<f64>().ok()?));
    Ok(match &condition.operator {
        Operator::Equals => value == operand,
        Operator::TextStartsWith => value.starts_with(operand),
        Operator::TextEndsWith => value.ends_with(operand),
        Operator::TextContains => value.contains(operand),
        Operator::NumberGreaterThan => numbers().is_some_and(|(v, o)| v > o),
        Operator::NumberGreaterOrEqualTo => numbers().is_some_and(|(v, o)| v >= o),
        Operator::NumberLessThan => numbers().is_some_and(|(v, o)| v < o),
        Operator::NumberLessOrEqualTo => numbers().is_some_and(|(v, o)| v <= o),
        Operator::Other(name) => return Err(format!("cannot simulate the comparison {name:?}")),
    })
}

#[cfg(test)]
mod tests;
