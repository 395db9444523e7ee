//! Scenarios generated from a flow so that each caller-ID source in it is exercised: a baseline
//! call, the other dialled countries, a callback, each Lambda's mock replies, a reply without the
//! keys the flow reads, the Lambda failing and timing out, each attribute the caller ID or a
//! check reads preset to a claimed E.164 number, to a value that is not E.164, and to each value
//! a check compares with. Two of them combine when a Call phone number block is reached by
//! neither alone (`play.rs` decides, with the simulator).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Map;

use super::{Dialled, Exercise, FALLBACK_COUNTRY};
use crate::instance::{Instance, lambda_function_name_from_arn};
use crate::model::{ActionKind, AttributeRef, CallerId, FlowDocument, Namespace};
use crate::phone::{self, PhoneNumber};
use crate::simulation::{Initiation, LambdaMock, Scenario};

/// A scenario before it is played: its id (after `<flow>#`), name, what it exercises, and the
/// change from the baseline it makes (none for the baseline).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Candidate {
    pub id: String,
    pub name: String,
    pub exercises: Exercise,
    pub what_if: bool,
    pub scenario: Scenario,
    lever: Option<Lever>,
}

/// One change from the baseline call.
#[derive(Debug, Clone, PartialEq)]
enum Lever {
    Dial(Dialled),
    Callback,
    Lambda { key: String, mock: LambdaMock },
    Attribute { key: String, value: String },
}

/// A Lambda the flow invokes.
struct LambdaLever {
    /// How scenarios name it: its instance name, else the ARN as the flow writes it.
    key: String,
    /// Its mock replies in the instance, by name.
    replies: Vec<String>,
    /// The reply the baseline uses: `default`, else the first.
    baseline: Option<String>,
    /// The baseline reply's content (empty without one).
    baseline_reply: Map<String, serde_json::Value>,
}

/// The numbers the generated scenarios dial: the ones given, else an example number in each
/// country of the instance's numbers (the default country first).
pub(super) fn dialled(instance: &Instance, given: &[PhoneNumber]) -> Vec<Dialled> {
    let numbers: Vec<PhoneNumber> = if given.is_empty() {
        let examples: Vec<PhoneNumber> =
            countries(instance).iter().filter_map(|country| phone::example_number(country)).collect();
        if examples.is_empty() { phone::example_number(FALLBACK_COUNTRY).into_iter().collect() } else { examples }
    } else {
        given.to_vec()
    };
    let mut seen = BTreeSet::new();
    numbers
        .into_iter()
        .filter(|number| seen.insert(number.clone()))
        .map(|number| Dialled {
            country: number.region().map(str::to_owned),
            international: number.international(),
            number,
        })
        .collect()
}

/// The countries of the instance's numbers, its default country first; the default country (or
/// the US) alone when it has no numbers.
fn countries(instance: &Instance) -> Vec<String> {
    let default = instance.default_country.as_deref().map(str::to_ascii_uppercase);
    let mut countries: BTreeSet<String> =
        instance.phone_numbers.iter().map(|n| n.country.trim().to_ascii_uppercase()).collect();
    if countries.is_empty() {
        return vec![default.unwrap_or_else(|| FALLBACK_COUNTRY.to_owned())];
    }
    let first = default.filter(|d| countries.remove(d));
    first.into_iter().chain(countries).collect()
}

/// The baseline and every single change from it the flow calls for, baseline first.
pub(super) fn singles(doc: &FlowDocument, instance: &Instance, dialled: &[Dialled]) -> Vec<Candidate> {
    let lambdas = lambdas(doc, instance);
    let baseline = baseline(&lambdas, dialled);
    let country = |d: &Dialled| d.country.clone().unwrap_or_else(|| d.number.as_str().to_owned());
    let mut levers: Vec<(String, String, Exercise, bool, Lever)> = Vec::new();
    for dial in dialled.iter().skip(1) {
        let name = format!("dial {} ({})", country(dial), dial.international);
        levers.push((format!("dial:{}", dial.number), name, Exercise::Dial, false, Lever::Dial(dial.clone())));
    }
    levers.push(("callback".into(), "callback".into(), Exercise::Callback, false, Lever::Callback));
    for lambda in &lambdas {
        levers.extend(lambda_levers(lambda, &external_keys(doc)));
    }
    levers.extend(attribute_levers(doc, instance, dialled));
    let mut candidates = vec![baseline.clone()];
    for (id, name, exercises, what_if, lever) in levers {
        let scenario = apply(&baseline.scenario, &lever);
        candidates.push(Candidate { id, name, exercises, what_if, scenario, lever: Some(lever) });
    }
    candidates
}

/// The everyday call: the first number dialled directly, nothing preset, each Lambda with its
/// default reply.
fn baseline(lambdas: &[LambdaLever], dialled: &[Dialled]) -> Candidate {
    let first = dialled.first();
    let scenario = Scenario {
        queue: String::new(),
        dial: first.map(|d| d.number.as_str().to_owned()).unwrap_or_default(),
        region: first.and_then(|d| d.country.clone()),
        initiation: Initiation::DirectDial,
        lambdas: lambdas
            .iter()
            .filter_map(|l| l.baseline.as_ref().map(|reply| (l.key.clone(), LambdaMock::Named(reply.clone()))))
            .collect(),
        ..Scenario::default()
    };
    let country = first.and_then(|d| d.country.as_deref()).unwrap_or("no country");
    let name = format!("baseline ({country}, direct dial)");
    Candidate { id: "baseline".into(), name, exercises: Exercise::Baseline, what_if: false, scenario, lever: None }
}

/// The Lambdas the flow invokes, each once, in block order.
fn lambdas(doc: &FlowDocument, instance: &Instance) -> Vec<LambdaLever> {
    let mut seen = BTreeSet::new();
    let mut lambdas = Vec::new();
    for action in &doc.flow.actions {
        let ActionKind::InvokeLambdaFunction(call) = &action.kind else { continue };
        let Some(arn) = call.function_arn.as_deref().map(str::trim).filter(|a| !a.is_empty()) else { continue };
        let known = instance.lambda(arn);
        let key = known.map_or_else(|| arn.to_owned(), |l| l.name.clone());
        if !seen.insert(key.clone()) {
            continue;
        }
        let replies: Vec<String> = known.map(|l| l.mock_replies.keys().cloned().collect()).unwrap_or_default();
        let baseline = replies.iter().find(|r| *r == "default").or_else(|| replies.first()).cloned();
        let baseline_reply =
            known.zip(baseline.as_deref()).and_then(|(l, reply)| l.mock_reply(reply)).cloned().unwrap_or_default();
        lambdas.push(LambdaLever { key, replies, baseline, baseline_reply });
    }
    lambdas
}

/// The keys the flow reads from `$.External`: in a caller ID, an attribute copied, a check.
fn external_keys(doc: &FlowDocument) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for path in read_paths(doc) {
        if let Some(attribute) = AttributeRef::parse(&path).filter(|a| a.namespace == Namespace::External) {
            keys.insert(attribute.key);
        }
    }
    keys
}

/// Every value the flow reads as a whole `JSONPath`: Call phone number's caller ID, Set contact
/// attributes' values, Check contact attributes' value.
fn read_paths(doc: &FlowDocument) -> Vec<String> {
    let mut paths = Vec::new();
    for action in &doc.flow.actions {
        match &action.kind {
            ActionKind::CompleteOutboundCall { caller_id } => match caller_id {
                CallerId::Attribute(attribute) => paths.push(attribute.to_path()),
                CallerId::Path(path) => paths.push(path.clone()),
                _ => {}
            },
            ActionKind::UpdateContactAttributes { attributes, .. } => {
                paths.extend(attributes.iter().map(|(_, value)| value.clone()));
            }
            ActionKind::Compare { comparison_value: Some(value) } => paths.push(value.clone()),
            _ => {}
        }
    }
    paths
}

fn lambda_levers(lambda: &LambdaLever, read: &BTreeSet<String>) -> Vec<(String, String, Exercise, bool, Lever)> {
    let key = &lambda.key;
    let name = lambda_function_name_from_arn(key).unwrap_or(key);
    let lever = |mock: LambdaMock| Lever::Lambda { key: key.clone(), mock };
    let mut levers = Vec::new();
    for reply in lambda.replies.iter().filter(|r| Some(*r) != lambda.baseline.as_ref()) {
        levers.push((
            format!("lambda:{key}:reply:{reply}"),
            format!("{name} replies “{reply}”"),
            Exercise::LambdaReply,
            true,
            lever(LambdaMock::Named(reply.clone())),
        ));
    }
    let dropped: Vec<&String> = read.iter().collect();
    if !dropped.is_empty() {
        let mut reply = lambda.baseline_reply.clone();
        reply.retain(|k, _| !read.contains(k));
        let keys: Vec<&str> = dropped.iter().map(|k| k.as_str()).collect();
        levers.push((
            format!("lambda:{key}:without-keys"),
            format!("{name} replies without {}", keys.join(", ")),
            Exercise::LambdaWithoutKey,
            true,
            lever(LambdaMock::Reply(reply)),
        ));
    }
    levers.push((
        format!("lambda:{key}:error"),
        format!("{name} fails"),
        Exercise::LambdaError,
        true,
        lever(LambdaMock::Error),
    ));
    levers.push((
        format!("lambda:{key}:timeout"),
        format!("{name} times out"),
        Exercise::LambdaTimeout,
        true,
        lever(LambdaMock::Timeout),
    ));
    levers
}

/// User-defined attributes the flow reads: the caller ID's (directly or copied into another
/// attribute) get a claimed E.164 number and a value that is not E.164; a checked one gets each
/// value its conditions compare with. "Unset" is the baseline.
fn attribute_levers(
    doc: &FlowDocument,
    instance: &Instance,
    dialled: &[Dialled],
) -> Vec<(String, String, Exercise, bool, Lever)> {
    let mut caller: BTreeSet<String> = doc
        .flow
        .actions
        .iter()
        .filter_map(|a| match &a.kind {
            ActionKind::CompleteOutboundCall { caller_id: CallerId::Attribute(attribute) }
                if attribute.namespace == Namespace::UserDefined =>
            {
                Some(attribute.key.clone())
            }
            _ => None,
        })
        .collect();
    let mut compared: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut copied = BTreeSet::new();
    for action in &doc.flow.actions {
        match &action.kind {
            ActionKind::UpdateContactAttributes { attributes, .. } => {
                let into_caller_id = attributes.iter().filter(|(target, _)| caller.contains(target));
                copied.extend(into_caller_id.filter_map(|(_, value)| user_key(value)));
            }
            ActionKind::Compare { comparison_value: Some(value) } => {
                let Some(key) = user_key(value) else { continue };
                let values = compared.entry(key).or_default();
                for branch in &action.transitions.conditions {
                    if let Some(operand) = branch.condition.operand_text()
                        && !values.iter().any(|v| v == operand)
                    {
                        values.push(operand.to_owned());
                    }
                }
            }
            _ => {}
        }
    }
    caller.extend(copied);
    let claimed = claimed_number(instance, dialled);
    let mut levers = Vec::new();
    for key in &caller {
        let lever = |value: String| Lever::Attribute { key: key.clone(), value };
        if let Some(number) = &claimed {
            let name = format!("{key} = {number}");
            levers.push((
                format!("attribute:{key}:e164"),
                name,
                Exercise::AttributeE164,
                true,
                lever(number.to_string()),
            ));
        }
        let not_e164 = claimed.as_ref().map_or_else(|| "555-0100".to_owned(), PhoneNumber::national);
        let name = format!("{key} = {not_e164} (not E.164)");
        levers.push((format!("attribute:{key}:not-e164"), name, Exercise::AttributeNotE164, true, lever(not_e164)));
    }
    for (key, values) in compared {
        for value in values {
            let name = format!("{key} = {value}");
            let id = format!("attribute:{key}={value}");
            levers.push((id, name, Exercise::AttributeValue, true, Lever::Attribute { key: key.clone(), value }));
        }
    }
    levers
}

/// The user-defined attribute `value` names, if it is one.
fn user_key(value: &str) -> Option<String> {
    AttributeRef::parse(value).filter(|a| a.namespace == Namespace::UserDefined).map(|a| a.key)
}

/// The claimed number an attribute is preset to: one in the first dialled country, else the
/// instance's first.
fn claimed_number(instance: &Instance, dialled: &[Dialled]) -> Option<PhoneNumber> {
    let country = dialled.first().and_then(|d| d.country.as_deref());
    let numbers = &instance.phone_numbers;
    numbers
        .iter()
        .find(|n| Some(n.country.to_ascii_uppercase().as_str()) == country)
        .or_else(|| numbers.first())
        .map(|n| n.number.clone())
}

/// `base` with one change made.
fn apply(base: &Scenario, lever: &Lever) -> Scenario {
    let mut scenario = base.clone();
    match lever {
        Lever::Dial(dialled) => {
            dialled.number.as_str().clone_into(&mut scenario.dial);
            scenario.region.clone_from(&dialled.country);
        }
        Lever::Callback => scenario.initiation = Initiation::Callback,
        Lever::Lambda { key, mock } => {
            scenario.lambdas.insert(key.clone(), mock.clone());
        }
        Lever::Attribute { key, value } => {
            scenario.attributes.insert(key.clone(), value.clone());
        }
    }
    scenario
}

/// What a lever changes, so that two changes of the same thing are not combined.
fn target(lever: &Lever) -> String {
    match lever {
        Lever::Dial(_) => "dial".into(),
        Lever::Callback => "initiation".into(),
        Lever::Lambda { key, .. } => format!("lambda {key}"),
        Lever::Attribute { key, .. } => format!("attribute {key}"),
    }
}

/// The two changes of `a` and `b` at once, when they change different things.
pub(super) fn combine(a: &Candidate, b: &Candidate) -> Option<Candidate> {
    let (Some(first), Some(second)) = (&a.lever, &b.lever) else { return None };
    if target(first) == target(second) {
        return None;
    }
    Some(Candidate {
        id: format!("{}+{}", a.id, b.id),
        name: format!("{} + {}", a.name, b.name),
        exercises: Exercise::Combined,
        what_if: true,
        scenario: apply(&a.scenario, second),
        lever: None,
    })
}
