//! Caller-ID rules of outbound whisper flows: Call phone number before any Play prompt, once
//! per path; a static number in E.164, valid and the instance's; an attribute that is one
//! `JSONPath`, set upstream (User defined) or filled by a Lambda (External); and queues that can
//! fall back to their own number must have one.

use super::parameters::is_single_path;
use super::paths::{Analysis, AttributeValue, PathState};
use super::{Context, Findings, Fix, Rule, Severity};
use crate::instance::Instance;
use crate::model::{Action, ActionId, ActionKind, AttributeRef, CallerId, Edit, FlowDocument, Namespace};
use crate::phone::{self, PhoneNumber};

/// Why the queue's own outbound caller ID number may end up being used, and where.
struct Fallback {
    at: ActionId,
    reason: String,
}

/// Runs only for flows checked as outbound whisper flows.
pub(super) fn check(doc: &FlowDocument, analysis: &Analysis, context: Context<'_>, out: &mut Findings<'_>) {
    let has_call = doc.flow.actions.iter().any(|a| matches!(a.kind, ActionKind::CompleteOutboundCall { .. }));
    let mut fallbacks = Vec::new();
    for (i, action) in doc.flow.actions.iter().enumerate() {
        let state = analysis.states.get(i).and_then(Option::as_ref);
        match &action.kind {
            ActionKind::CompleteOutboundCall { caller_id } => {
                if let Some(state) = state {
                    check_order(action, state, out);
                }
                let mut checker = CallerIdCheck { doc, action, state, context, out, fallbacks: &mut fallbacks };
                checker.check(caller_id);
            }
            ActionKind::MessageParticipant(_) => {
                if state.is_some_and(|s| !s.must_dialled) {
                    prompt_dials(action, has_call, out);
                    fallbacks.push(Fallback {
                        at: action.id.clone(),
                        reason: "this Play prompt places the call before any Call phone number".into(),
                    });
                }
            }
            _ => {
                let dead_end = action.transitions.is_empty();
                if dead_end && state.is_some_and(|s| !s.must_dialled) {
                    let reason =
                        format!("the flow can reach {} before any block places the call", out.name(&action.id));
                    fallbacks.push(Fallback { at: action.id.clone(), reason });
                }
            }
        }
    }
    if let Some(instance) = context.instance {
        check_queue_numbers(doc, context, instance, &fallbacks, out);
    }
}

fn check_order(action: &Action, state: &PathState, out: &mut Findings<'_>) {
    if state.may_prompted_first {
        let message = "a Play prompt runs before this block on some path: the prompt already placed the call with the queue's \
                       outbound caller ID number, so this block comes too late to set the caller ID; put Call phone number before any \
                       Play prompt"
            .to_owned();
        out.push(Rule::CallAfterPrompt, Severity::Error, Some(&action.id), message);
    }
    if state.may_called {
        let message = "another Call phone number runs before this block on some path; the call can be placed only once"
            .to_owned();
        out.push(Rule::SecondCallOnPath, Severity::Error, Some(&action.id), message);
    }
}

fn prompt_dials(action: &Action, has_call: bool, out: &mut Findings<'_>) {
    let (severity, message) = if has_call {
        (
            Severity::Warning,
            "on some path this prompt runs before any Call phone number: it places the call itself, with the queue's outbound caller \
             ID number",
        )
    } else {
        (
            Severity::Note,
            "this prompt places the call with the queue's outbound caller ID number (the flow has no Call phone number block)",
        )
    };
    let message = message.to_owned();
    out.push(Rule::PromptDialsQueueNumber, severity, Some(&action.id), message);
}

/// Checks one Call phone number's caller ID, noting where the queue's number may be used.
struct CallerIdCheck<'a, 'o, 'd> {
    doc: &'a FlowDocument,
    action: &'a Action,
    state: Option<&'a PathState>,
    context: Context<'a>,
    out: &'o mut Findings<'d>,
    fallbacks: &'o mut Vec<Fallback>,
}

impl CallerIdCheck<'_, '_, '_> {
    fn check(&mut self, caller_id: &CallerId) {
        match caller_id {
            CallerId::None => self.fallback("this Call phone number sets no caller ID".into()),
            CallerId::Number(text) => self.static_number(text),
            CallerId::Path(path)
                if matches!(path.trim(), "$.Attributes." | "$.External." | "$.Attributes" | "$.External") =>
            {
                self.empty_attribute();
            }
            CallerId::Attribute(attribute) if attribute.key.trim().is_empty() => self.empty_attribute(),
            CallerId::Attribute(attribute) => match attribute.namespace {
                Namespace::UserDefined => self.user_attribute(attribute),
                Namespace::External => self.external_attribute(attribute),
            },
            CallerId::Path(path) => {
                let message = if is_single_path(path) {
                    (
                        Severity::Warning,
                        format!(
                            "the caller ID comes from {path}; use a User defined or External attribute holding an E.164 number"
                        ),
                    )
                } else {
                    (
                        Severity::Error,
                        format!(
                            "the caller ID {path:?} must be exactly one attribute, such as $.Attributes.callerId or $.External.caller_id"
                        ),
                    )
                };
                self.out.push(Rule::CallerIdNotAttribute, message.0, Some(&self.action.id), message.1);
                self.fallback(format!("when {path} is not an E.164 number of the instance"));
            }
            CallerId::Unreadable(raw) => {
                let message = format!("the caller ID must be written as {{\"Number\": \"…\"}}, not {raw}");
                self.out.push(Rule::CallerIdNotAttribute, Severity::Error, Some(&self.action.id), message);
            }
        }
    }

    /// "Use attribute" chosen with no attribute named yet.
    fn empty_attribute(&mut self) {
        let message = "the caller ID is taken from an attribute, but no attribute key is given: choose the attribute \
                       that holds the number (for example outboundCallerId)"
            .to_owned();
        self.out.push(Rule::CallerIdAttributeEmpty, Severity::Error, Some(&self.action.id), message);
        self.fallback("when no attribute is named, the queue's outbound caller ID number is used".into());
    }

    fn fallback(&mut self, reason: String) {
        if self.state.is_some() {
            self.fallbacks.push(Fallback { at: self.action.id.clone(), reason });
        }
    }

    fn static_number(&mut self, text: &str) {
        if text.trim().is_empty() {
            // Ticked with nothing chosen yet: a missing parameter, not a malformed number.
            let message = "no caller ID number is chosen: choose a number to display, or untick \"Caller ID number to \
                           display\" to present the queue's number"
                .to_owned();
            self.out.push(Rule::MissingParameter, Severity::Error, Some(&self.action.id), message);
            return;
        }
        let Some(problem) = number_problem(text, self.context.instance) else {
            return;
        };
        let message = format!("caller ID {text:?} {}", problem.message);
        match problem.suggestion {
            Some(suggestion) => {
                let edit = Edit::SetKind {
                    id: self.action.id.clone(),
                    kind: ActionKind::CompleteOutboundCall {
                        caller_id: CallerId::Number(suggestion.as_str().to_owned()),
                    },
                };
                let fix =
                    Fix { label: format!("use {suggestion}"), replacement: Some(suggestion.as_str().to_owned()), edit };
                self.out.push_with_fix(problem.rule, Severity::Error, Some(&self.action.id), message, fix);
            }
            None => self.out.push(problem.rule, Severity::Error, Some(&self.action.id), message),
        }
    }

    fn user_attribute(&mut self, attribute: &AttributeRef) {
        let Some(state) = self.state else { return };
        let key = &attribute.key;
        if !state.must_attributes.contains(key) {
            let message = format!(
                "attribute '{key}' is not set by a Set contact attributes block on every path before this block; it may come from the \
                 flow that created the contact, but if it is missing or not E.164 the queue's outbound caller ID number is used"
            );
            self.out.push(Rule::UserAttributeMaybeUnset, Severity::Warning, Some(&self.action.id), message);
            self.fallback(format!("when attribute '{key}' is missing or not E.164"));
        }
        let values = state.attribute_values.get(key).cloned().unwrap_or_default();
        for value in values {
            match value {
                AttributeValue::Literal { value, set_by } => {
                    self.literal_value(attribute, &value, set_by);
                }
                AttributeValue::Dynamic(path) => {
                    self.fallback(format!("when {path}, copied into '{key}', is not an E.164 number"));
                }
            }
        }
    }

    /// A literal set upstream is checked like a static number, where it is set.
    fn literal_value(&mut self, attribute: &AttributeRef, value: &str, set_by: usize) {
        let Some(setter) = self.doc.flow.actions.get(set_by) else {
            return;
        };
        let Some(problem) = number_problem(value, self.context.instance) else {
            return;
        };
        let key = &attribute.key;
        let message = format!(
            "attribute '{key}' is set to {value:?}, which {} calls with as its caller ID: {value:?} {}",
            self.out.name(&self.action.id),
            problem.message
        );
        if problem.rule == Rule::CallerIdNotE164 {
            self.fallback(format!("because '{key}' is set to {value:?}, which is not E.164"));
        }
        let fix = problem.suggestion.and_then(|suggestion| {
            let ActionKind::UpdateContactAttributes { attributes, target_contact } = &setter.kind else {
                return None;
            };
            let attributes = attributes
                .iter()
                .map(|(k, v)| {
                    if k == key && v == value {
                        (k.clone(), suggestion.as_str().to_owned())
                    } else {
                        (k.clone(), v.clone())
                    }
                })
                .collect();
            let kind = ActionKind::UpdateContactAttributes { attributes, target_contact: target_contact.clone() };
            let edit = Edit::SetKind { id: setter.id.clone(), kind };
            Some(Fix {
                label: format!("set '{key}' to {suggestion}"),
                replacement: Some(suggestion.as_str().to_owned()),
                edit,
            })
        });
        match fix {
            Some(fix) => self.out.push_with_fix(problem.rule, Severity::Error, Some(&setter.id), message, fix),
            None => self.out.push(problem.rule, Severity::Error, Some(&setter.id), message),
        }
    }

    fn external_attribute(&mut self, attribute: &AttributeRef) {
        let key = &attribute.key;
        if self.state.is_some_and(|s| !s.must_lambda) {
            let message = format!(
                "the caller ID comes from $.External.{key}, but on some path no Invoke AWS Lambda function succeeds before this \
                 block; $.External only holds the reply of the last Lambda"
            );
            self.out.push(Rule::ExternalWithoutLambda, Severity::Error, Some(&self.action.id), message);
        }
        self.fallback(format!("when the Lambda's reply has no E.164 number in '{key}'"));
    }
}

/// What is wrong with a number used as a caller ID.
struct NumberProblem {
    rule: Rule,
    message: String,
    suggestion: Option<PhoneNumber>,
}

fn number_problem(text: &str, instance: Option<&Instance>) -> Option<NumberProblem> {
    if text.contains("$.") {
        let message = "mixes text and an attribute; a caller ID is a number or exactly one attribute".into();
        return Some(NumberProblem { rule: Rule::CallerIdNotAttribute, message, suggestion: None });
    }
    match PhoneNumber::parse_e164(text) {
        Ok(number) => {
            let instance = instance?;
            if instance.owns_number(&number) {
                return None;
            }
            // The instance's own numbers of the same country: what the admin most likely meant.
            let region = number.region();
            let alike: Vec<&PhoneNumber> = instance
                .phone_numbers
                .iter()
                .map(|n| &n.number)
                .filter(|n| region.is_some() && n.region() == region)
                .collect();
            let message = match (alike.as_slice(), region) {
                ([], _) | (_, None) => {
                    "is not a number claimed or ported to this instance; Amazon Connect can only present its own numbers"
                        .to_owned()
                }
                (alike, Some(region)) => format!(
                    "is not a number claimed or ported to this instance; Amazon Connect can only present its own \
                     numbers. The instance's {region} numbers: {}",
                    alike.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                ),
            };
            Some(NumberProblem {
                rule: Rule::CallerIdNotClaimed,
                message,
                suggestion: alike.first().map(|n| (*n).clone()),
            })
        }
        Err(error) => {
            let e164_shaped =
                text.strip_prefix('+').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if e164_shaped {
                return Some(NumberProblem {
                    rule: Rule::CallerIdInvalid,
                    message: format!("is not a valid phone number: {error}"),
                    suggestion: None,
                });
            }
            let suggestion = suggest(text, instance);
            let message = match &suggestion {
                Some(s) => format!("is not in E.164 format; did you mean {s}?"),
                None => {
                    "is not in E.164 format: + and the country code, then the number, digits only, as in +12065550100"
                        .into()
                }
            };
            Some(NumberProblem { rule: Rule::CallerIdNotE164, message, suggestion })
        }
    }
}

/// The E.164 rewrite of a national-format number: read in the instance's default country, or
/// in the country of one of its numbers. A rewrite the instance owns is preferred.
fn suggest(text: &str, instance: Option<&Instance>) -> Option<PhoneNumber> {
    let Some(instance) = instance else {
        return phone::suggest_fix(text, None);
    };
    let mut regions: Vec<Option<&str>> = vec![instance.default_country.as_deref()];
    for number in &instance.phone_numbers {
        let region = Some(number.country.as_str());
        if !regions.contains(&region) {
            regions.push(region);
        }
    }
    let candidates: Vec<PhoneNumber> =
        regions.into_iter().filter_map(|region| phone::suggest_fix(text, region)).collect();
    let owned = candidates.iter().find(|n| instance.owns_number(n)).cloned();
    owned.or_else(|| candidates.into_iter().next())
}

fn check_queue_numbers(
    doc: &FlowDocument,
    context: Context<'_>,
    instance: &Instance,
    fallbacks: &[Fallback],
    out: &mut Findings<'_>,
) {
    let Some(first) = fallbacks.first() else {
        return;
    };
    let Some(name) = doc.flow.name.as_deref().or(context.flow_name) else {
        return;
    };
    for queue in instance.queues_with_whisper_flow(name) {
        if queue.outbound_caller_id_number.is_some() {
            continue;
        }
        let message = format!(
            "queue '{}' uses this flow and has no outbound caller ID number: {}, the call attempt fails, the call is disconnected and \
             the agent is put in After Contact Work",
            queue.name, first.reason
        );
        out.push(Rule::QueueWithoutCallerId, Severity::Error, Some(&first.at), message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FlowDocument;
    use crate::test_support::{call, end, flow, sample_instance};
    use crate::validation::validate;

    fn check(doc: &FlowDocument) -> crate::validation::Report {
        let instance = sample_instance();
        validate(doc, Context { instance: Some(&instance), flow_name: None, published_before: false })
    }

    #[test]
    fn a_ticked_caller_id_with_no_number_chosen_asks_for_one_rather_than_e164() {
        for empty in ["", "  "] {
            let report = check(&flow("call", vec![call("call", Some(empty), "end"), end("end")]));
            assert!(!report.has(Rule::CallerIdNotE164), "{report:?}");
            let missing: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == Rule::MissingParameter).collect();
            assert_eq!(missing.len(), 1, "{report:?}");
            assert_eq!(missing[0].severity, Severity::Error);
            assert!(missing[0].message.contains("choose a number"), "{}", missing[0].message);
        }
    }

    #[test]
    fn a_number_not_in_e164_is_still_c04() {
        let report = check(&flow("call", vec![call("call", Some("206 555 0100"), "end"), end("end")]));
        assert!(report.has(Rule::CallerIdNotE164));
    }
}
