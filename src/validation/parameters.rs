//! Parameter rules: what each modelled block needs, and of what kind (Lambda timeout 1..8,
//! Loop count 0..100, exactly one of Text/SSML/PromptId, Loop's two branches...).

use serde_json::Value;

use super::{Findings, Fix, Rule, Severity};
use crate::model::{Action, ActionKind, Condition, Edit, LambdaCall, Message, Operator};

pub(super) fn check(doc: &crate::model::FlowDocument, out: &mut Findings<'_>) {
    for action in &doc.flow.actions {
        check_raw_kinds(action, out);
        match &action.kind {
            ActionKind::InvokeLambdaFunction(call) => check_lambda(action, call, out),
            ActionKind::MessageParticipant(message) => check_message(action, message, out),
            ActionKind::Loop { loop_count } => check_loop(action, loop_count.as_deref(), out),
            ActionKind::Compare { comparison_value } => {
                check_compare(action, comparison_value.as_deref(), out);
            }
            ActionKind::UpdateContactAttributes { attributes, target_contact } => {
                check_attributes(action, attributes, target_contact.as_deref(), out);
            }
            ActionKind::UpdateContactRecordingBehavior { recorded_participants } => {
                check_recording(action, recorded_participants.as_deref(), out);
            }
            ActionKind::UpdateFlowLoggingBehavior { flow_logging } => {
                one_of(action, "FlowLoggingBehavior", flow_logging.as_deref(), &["Enabled", "Disabled"], out);
            }
            _ => {}
        }
    }
}

fn missing(action: &Action, message: String, out: &mut Findings<'_>) {
    out.push(Rule::MissingParameter, Severity::Error, Some(&action.id), message);
}

fn invalid(action: &Action, message: String, out: &mut Findings<'_>) {
    out.push(Rule::InvalidParameter, Severity::Error, Some(&action.id), message);
}

/// Parameters that must be text but hold something else (the typed view reads them as absent).
fn check_raw_kinds(action: &Action, out: &mut Findings<'_>) {
    let Some(params) = action.raw_parameters() else {
        return;
    };
    let text_keys: &[&str] = match action.kind {
        ActionKind::InvokeLambdaFunction(_) => &["LambdaFunctionARN", "InvocationTimeLimitSeconds", "InvocationType"],
        ActionKind::MessageParticipant(_) => &["Text", "SSML", "PromptId"],
        ActionKind::Compare { .. } => &["ComparisonValue"],
        ActionKind::Loop { .. } => &["LoopCount"],
        ActionKind::UpdateContactAttributes { .. } => &["TargetContact"],
        ActionKind::UpdateFlowLoggingBehavior { .. } => &["FlowLoggingBehavior"],
        _ => &[],
    };
    for key in text_keys {
        if let Some(value) = params.get(*key)
            && matches!(value, Value::Null | Value::Array(_) | Value::Object(_))
        {
            invalid(action, format!("{key} must be text, not {value}"), out);
        }
    }
}

fn check_lambda(action: &Action, call: &LambdaCall, out: &mut Findings<'_>) {
    if call.function_arn.as_deref().is_none_or(|arn| arn.trim().is_empty()) {
        missing(action, "no Lambda function is selected (LambdaFunctionARN)".into(), out);
    }
    match call.timeout_secs.as_deref() {
        None => missing(
            action,
            "the Lambda timeout (InvocationTimeLimitSeconds) is not set; it must be 1 to 8 seconds".into(),
            out,
        ),
        Some(text) => match text.trim().parse::<f64>() {
            Ok(secs) if (1.0..=8.0).contains(&secs) => {}
            Ok(secs) => {
                let fixed = if secs > 8.0 { "8" } else { "1" };
                let message = format!("the Lambda timeout is {text} seconds; Amazon Connect allows 1 to 8");
                let mut kind = call.clone();
                kind.timeout_secs = Some(fixed.into());
                let fix = Fix {
                    label: format!("set the timeout to {fixed} seconds"),
                    replacement: Some(fixed.into()),
                    edit: Edit::SetKind { id: action.id.clone(), kind: ActionKind::InvokeLambdaFunction(kind) },
                };
                out.push_with_fix(Rule::InvalidParameter, Severity::Error, Some(&action.id), message, fix);
            }
            Err(_) => invalid(action, format!("the Lambda timeout {text:?} is not a number of seconds (1 to 8)"), out),
        },
    }
    one_of(action, "InvocationType", call.invocation_type.as_deref(), &["SYNCHRONOUS", "ASYNCHRONOUS"], out);
    one_of(action, "ResponseValidation.ResponseType", call.response_type.as_deref(), &["STRING_MAP", "JSON"], out);
}

fn check_message(action: &Action, message: &Message, out: &mut Findings<'_>) {
    let set: Vec<&str> = [("Text", &message.text), ("SSML", &message.ssml), ("PromptId", &message.prompt_id)]
        .into_iter()
        .filter_map(|(name, value)| value.as_ref().map(|_| name))
        .collect();
    match set.as_slice() {
        [] => missing(action, "the prompt has nothing to play: set Text, SSML or a prompt (PromptId)".into(), out),
        [name] => {
            let value = message.text.as_deref().or(message.ssml.as_deref()).or(message.prompt_id.as_deref());
            if value.is_some_and(|v| v.trim().is_empty()) {
                missing(action, format!("the prompt's {name} is empty"), out);
            }
        }
        several => invalid(
            action,
            format!("a prompt plays exactly one of Text, SSML or PromptId; this one has {}", several.join(" and ")),
            out,
        ),
    }
}

/// A Loop counts (`LoopCount`, 0..100, a literal or one attribute) or walks an array (the live
/// block page's "Set array for looping"; its parameter names are not documented, so any other
/// parameter is taken as that mode). Either way it has the Looping and Complete branches, and may
/// have an Error branch (taken when the input is not a valid number or array).
fn check_loop(action: &Action, loop_count: Option<&str>, out: &mut Findings<'_>) {
    let array_mode = action.raw_parameters().is_some_and(|params| params.keys().any(|key| key != "LoopCount"));
    match loop_count.map(|t| (t, t.trim().parse::<u32>())) {
        None if array_mode => {}
        None => missing(
            action,
            "the number of loops (LoopCount) is not set; it must be 0 to 100, or an attribute holding it".into(),
            out,
        ),
        Some((_, Ok(0..=100))) => {}
        Some((text, _)) if is_reference(text) => {}
        Some((text, _)) => invalid(
            action,
            format!(
                "the number of loops is {text:?}; Amazon Connect allows a whole number from 0 to 100, or one attribute"
            ),
            out,
        ),
    }
    let has = |name: &str| {
        action
            .transitions
            .conditions
            .iter()
            .any(|c| c.condition.operator == Operator::Equals && c.condition.operand_text() == Some(name))
    };
    for branch in ["ContinueLooping", "DoneLooping"] {
        if !has(branch) {
            let label = if branch == "ContinueLooping" { "Looping" } else { "Complete" };
            let message = format!("branch '{label}' ({branch}) is not connected; a Loop needs both of its branches");
            out.push(Rule::UnconnectedBranch, Severity::Error, Some(&action.id), message);
        }
    }
    let others = action.transitions.conditions.iter().filter(|c| {
        !matches!(c.condition.operand_text(), Some("ContinueLooping" | "DoneLooping"))
            || c.condition.operator != Operator::Equals
    });
    if others.count() > 0 {
        invalid(action, "a Loop has only the branches ContinueLooping and DoneLooping".into(), out);
    }
}

fn check_compare(action: &Action, value: Option<&str>, out: &mut Findings<'_>) {
    match value {
        None => missing(action, "no attribute to check is set (ComparisonValue)".into(), out),
        Some(value) if !is_single_path(value) => {
            invalid(
                action,
                format!("the value to check must be one attribute such as $.Attributes.key, not {value:?}"),
                out,
            );
        }
        Some(_) => {}
    }
    for (i, branch) in action.transitions.conditions.iter().enumerate() {
        if let Some(problem) = condition_problem(&branch.condition) {
            invalid(action, format!("condition {}: {problem}", i + 1), out);
        }
    }
}

fn condition_problem(condition: &Condition) -> Option<String> {
    if let Operator::Other(name) = &condition.operator {
        return Some(if name.is_empty() {
            "the condition has no operator".into()
        } else {
            format!("{name:?} is not a comparison operator")
        });
    }
    let Some(operand) = condition.operand_text() else {
        return Some("a condition compares with exactly one text value".into());
    };
    let numeric = matches!(
        condition.operator,
        Operator::NumberGreaterThan
            | Operator::NumberGreaterOrEqualTo
            | Operator::NumberLessThan
            | Operator::NumberLessOrEqualTo
    );
    // Only a literal is checked: a reference (`$.Attributes.AmountDue`) is known at run time.
    (numeric && !is_reference(operand) && operand.trim().parse::<f64>().is_err())
        .then(|| format!("{} compares numbers, but {operand:?} is not a number", condition.operator.as_str()))
}

/// Whether a value is a reference to data known at run time (`$.Attributes.x`, `$.External.y`,
/// `$.Queue.Name`...) rather than a literal.
pub(super) fn is_reference(value: &str) -> bool {
    value.trim().starts_with("$.")
}

fn check_attributes(action: &Action, attributes: &[(String, String)], target: Option<&str>, out: &mut Findings<'_>) {
    if attributes.is_empty() {
        missing(action, "the block sets no attribute".into(), out);
    }
    // A key starting with `$.` is a dynamic key, named at run time by that attribute.
    for (key, _) in attributes {
        if key.is_empty() {
            invalid(action, "an attribute has an empty key".into(), out);
        } else if !key.starts_with("$.") && !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            let message = format!(
                "attribute key {key:?} has characters other than letters, digits, - and _; refer to it as $.Attributes.['{key}']"
            );
            out.push(Rule::InvalidParameter, Severity::Warning, Some(&action.id), message);
        }
    }
    one_of(action, "TargetContact", target, &["Current", "Related"], out);
}

fn check_recording(action: &Action, participants: Option<&[String]>, out: &mut Findings<'_>) {
    let Some(participants) = participants else {
        missing(action, "who is recorded (RecordingBehavior.RecordedParticipants) is not set".into(), out);
        return;
    };
    for participant in participants {
        if participant != "Agent" && participant != "Customer" {
            invalid(
                action,
                format!("{participant:?} cannot be recorded; the participants are Agent and Customer"),
                out,
            );
        }
    }
}

/// An optional parameter that, when set, must be one of `allowed`.
fn one_of(action: &Action, name: &str, value: Option<&str>, allowed: &[&str], out: &mut Findings<'_>) {
    if let Some(value) = value
        && !allowed.contains(&value)
    {
        invalid(action, format!("{name} is {value:?}; it must be {}", allowed.join(" or ")), out);
    }
}

/// Whether a value is exactly one `JSONPath` (`$.` and no spaces around or inside a dotted path).
pub(super) fn is_single_path(value: &str) -> bool {
    value.strip_prefix("$.").is_some_and(|rest| {
        !rest.is_empty() && !rest.contains("$.") && (rest.contains("['") || !rest.chars().any(char::is_whitespace))
    })
}
