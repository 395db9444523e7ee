//! Flow-language JSON → `FlowDocument`: unwraps the API wrappers, recognises the pre-2019
//! format, and reports a wrong shape with the JSON path where it is.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::field;

use super::error::{JsonPath, ParseError, kind_of};
use super::params::read_kind;
use crate::model::{
    Action, ActionId, Condition, ConditionBranch, Envelope, ErrorBranch, Flow, FlowDocument, FlowStatus, FlowType,
    Operator, Transitions, Wrapper,
};

/// Reads a flow from a parsed JSON value.
pub fn from_value(value: Value) -> Result<FlowDocument, ParseError> {
    let root = JsonPath::default();
    let Value::Object(top) = value else {
        return Err(ParseError::shape(&root, format!("expected a flow object, found {}", kind_of(&value))));
    };
    if let Some(inner) = top.get("ContactFlow").and_then(Value::as_object)
        && inner.contains_key("Content")
    {
        let contact_flow = root.key("ContactFlow");
        let content_path = contact_flow.key("Content");
        let doc = from_content(inner.get("Content"), &content_path)?;
        return Ok(wrap(doc, Wrapper::DescribeContactFlow(top)));
    }
    if !top.contains_key("Actions") {
        if top.contains_key("Content") {
            let doc = from_content(top.get("Content"), &root.key("Content"))?;
            return Ok(wrap(doc, Wrapper::CreateContactFlow(top)));
        }
        if top.contains_key("modules") {
            return Err(ParseError::Legacy);
        }
    }
    read_flow(top)
}

/// Reads the flow held as a string in a wrapper's `Content`.
fn from_content(content: Option<&Value>, path: &JsonPath) -> Result<FlowDocument, ParseError> {
    let Some(Value::String(text)) = content else {
        let found = content.map_or("nothing", kind_of);
        return Err(ParseError::shape(path, format!("expected the flow as a JSON string, found {found}")));
    };
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let ParseError::Syntax { line, column, message } = ParseError::from_serde(&e) else {
            return ParseError::shape(path, e.to_string());
        };
        ParseError::shape(path, format!("the embedded flow is not valid JSON: line {line}, column {column}: {message}"))
    })?;
    from_value(value).map_err(|e| match e {
        ParseError::Shape { path: inner, message } => {
            ParseError::Shape { path: format!("{path} → {inner}"), message }
        }
        other => other,
    })
}

/// The flow's type, name, description and status as its file says them: `Metadata` first, the
/// wrapper's `Type`, `Name`, `Description` and `Status` where metadata is silent.
pub(crate) struct FlowInfo {
    pub flow_type: Option<FlowType>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub status: Option<FlowStatus>,
}

pub(crate) fn flow_info(metadata: &Map<String, Value>, wrapper: Option<&Wrapper>) -> FlowInfo {
    let outer = match wrapper {
        Some(Wrapper::DescribeContactFlow(outer)) => outer.get("ContactFlow").and_then(Value::as_object),
        Some(Wrapper::CreateContactFlow(outer)) => Some(outer),
        None => None,
    };
    let text = |meta_key: &str, wrapper_key: &str| {
        metadata
            .get(meta_key)
            .and_then(Value::as_str)
            .or_else(|| outer.and_then(|o| o.get(wrapper_key)).and_then(Value::as_str))
    };
    FlowInfo {
        flow_type: text("type", "Type").map(FlowType::parse),
        name: text("name", "Name").map(str::to_owned),
        description: text("description", "Description").map(str::to_owned),
        status: text("status", "Status").and_then(FlowStatus::parse),
    }
}

/// Puts a wrapper around a document read from its `Content`.
fn wrap(mut doc: FlowDocument, wrapper: Wrapper) -> FlowDocument {
    let info = flow_info(&doc.metadata, Some(&wrapper));
    doc.flow.flow_type = info.flow_type;
    doc.flow.name = info.name;
    doc.flow.description = info.description;
    doc.flow.status = info.status;
    doc.envelope.wrapper = Some(wrapper);
    doc
}

fn read_flow(mut top: Map<String, Value>) -> Result<FlowDocument, ParseError> {
    let root = JsonPath::default();
    let start = match top.get("StartAction") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(ActionId::from_import(id.as_str())),
        Some(other) => {
            return Err(ParseError::shape(
                &root.key("StartAction"),
                format!("expected an identifier string, found {}", kind_of(other)),
            ));
        }
    };
    let actions_value = top.get_mut("Actions").map_or(Value::Null, Value::take);
    let Value::Array(raw_actions) = actions_value else {
        let found =
            if actions_value.is_null() && !top.contains_key("Actions") { "nothing" } else { kind_of(&actions_value) };
        return Err(ParseError::shape(&root.key("Actions"), format!("expected the list of actions, found {found}")));
    };
    let mut metadata = match top.get_mut("Metadata").map(Value::take) {
        None => Map::new(),
        Some(Value::Object(map)) => map,
        Some(other) => {
            return Err(ParseError::shape(
                &root.key("Metadata"),
                format!("expected an object, found {}", kind_of(&other)),
            ));
        }
    };
    let actions_path = root.key("Actions");
    let mut actions = Vec::with_capacity(raw_actions.len());
    for (i, value) in raw_actions.into_iter().enumerate() {
        actions.push(read_action(value, &actions_path.index(i))?);
    }
    let mut envelope = Envelope { top, ..Envelope::default() };
    attach_action_metadata(&mut metadata, &mut actions, &mut envelope)?;
    let info = flow_info(&metadata, None);
    let flow = Flow {
        flow_type: info.flow_type,
        name: info.name,
        description: info.description,
        status: info.status,
        start,
        actions,
    };
    Ok(FlowDocument { flow, metadata, envelope })
}

/// Moves each `ActionMetadata` entry onto its action, remembering the file's order; entries of
/// no action are kept aside verbatim. An empty object stays in `metadata` to hold the key's place.
fn attach_action_metadata(
    metadata: &mut Map<String, Value>,
    actions: &mut [Action],
    envelope: &mut Envelope,
) -> Result<(), ParseError> {
    let action_metadata = match metadata.get_mut("ActionMetadata") {
        None => return Ok(()),
        Some(Value::Object(map)) => std::mem::take(map),
        Some(other) => {
            let root = JsonPath::default();
            let metadata = root.key("Metadata");
            let path = metadata.key("ActionMetadata");
            return Err(ParseError::shape(&path, format!("expected an object, found {}", kind_of(other))));
        }
    };
    let mut first_with_id: HashMap<&str, usize> = HashMap::with_capacity(actions.len());
    for (i, action) in actions.iter().enumerate() {
        first_with_id.entry(action.id.as_str()).or_insert(i);
    }
    let mut owners = Vec::with_capacity(action_metadata.len());
    envelope.action_metadata_order.reserve_exact(action_metadata.len());
    for (key, value) in action_metadata {
        match (first_with_id.get(key.as_str()), value) {
            (Some(&index), Value::Object(designer)) => {
                owners.push((index, designer));
                envelope.action_metadata_order.push(key);
            }
            (_, value) => {
                envelope.action_metadata_order.push(key.clone());
                envelope.stray_action_metadata.insert(key, value);
            }
        }
    }
    for (index, designer) in owners {
        if let Some(action) = actions.get_mut(index) {
            action.designer = designer;
        }
    }
    Ok(())
}

fn read_action(value: Value, path: &JsonPath) -> Result<Action, ParseError> {
    let Value::Object(source) = value else {
        return Err(ParseError::shape(path, format!("expected an action object, found {}", kind_of(&value))));
    };
    let id = required_text(&source, "Identifier", path)?;
    let type_name = required_text(&source, "Type", path)?;
    let empty = Map::new();
    let params = match field(&source, "Parameters") {
        None => &empty,
        Some(Value::Object(params)) => params,
        Some(other) => {
            return Err(ParseError::shape(
                &path.key("Parameters"),
                format!("expected an object, found {}", kind_of(other)),
            ));
        }
    };
    let kind = read_kind(type_name, params);
    let transitions = match field(&source, "Transitions") {
        None => Transitions::default(),
        Some(value) => read_transitions(value, &path.key("Transitions"))?,
    };
    let id = ActionId::from_import(id);
    Ok(Action { id, kind, transitions, designer: Map::new(), source })
}

fn required_text<'a>(object: &'a Map<String, Value>, key: &str, path: &JsonPath) -> Result<&'a str, ParseError> {
    match field(object, key) {
        Some(Value::String(text)) => Ok(text),
        None => Err(ParseError::shape(path, format!("missing {key}"))),
        Some(other) => Err(ParseError::shape(&path.key(key), format!("expected a string, found {}", kind_of(other)))),
    }
}

/// Reads a `Transitions` object.
pub(crate) fn read_transitions(value: &Value, path: &JsonPath) -> Result<Transitions, ParseError> {
    let Value::Object(map) = value else {
        return Err(ParseError::shape(path, format!("expected an object, found {}", kind_of(value))));
    };
    let next = match field(map, "NextAction") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(ActionId::from_import(id.as_str())),
        Some(other) => {
            return Err(ParseError::shape(
                &path.key("NextAction"),
                format!("expected an identifier string, found {}", kind_of(other)),
            ));
        }
    };
    let errors_path = path.key("Errors");
    let errors = list(map, "Errors", path)?
        .iter()
        .enumerate()
        .map(|(i, entry)| {
            let path = errors_path.index(i);
            let entry = entry_object(entry, &path)?;
            let error_type = required_text(entry, "ErrorType", &path)?.to_owned();
            let next = ActionId::from_import(required_text(entry, "NextAction", &path)?);
            Ok(ErrorBranch { error_type, next })
        })
        .collect::<Result<Vec<_>, ParseError>>()?;
    let conditions = list(map, "Conditions", path)?
        .iter()
        .enumerate()
        .map(|(i, entry)| read_condition_branch(entry, &path.key("Conditions").index(i)))
        .collect::<Result<Vec<_>, ParseError>>()?;
    Ok(Transitions { next, errors, conditions })
}

/// Whether a `Transitions` value reads as `transitions` ([`read_transitions`] without error,
/// and equal), found without building anything: export asks it of every block it writes.
pub(crate) fn transitions_read_as(value: &Value, transitions: &Transitions) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    let next_is = match field(map, "NextAction") {
        None | Some(Value::Null) => transitions.next.is_none(),
        Some(Value::String(id)) => transitions.next.as_ref().is_some_and(|next| next.as_str() == id),
        Some(_) => false,
    };
    let (Ok(errors), Ok(conditions)) =
        (list(map, "Errors", &JsonPath::default()), list(map, "Conditions", &JsonPath::default()))
    else {
        return false;
    };
    let error_is = |entry: &Value, branch: &ErrorBranch| {
        entry.as_object().is_some_and(|entry| {
            text_is(entry, "ErrorType", &branch.error_type) && text_is(entry, "NextAction", branch.next.as_str())
        })
    };
    let condition_is = |entry: &Value, branch: &ConditionBranch| {
        entry.as_object().is_some_and(|entry| {
            text_is(entry, "NextAction", branch.next.as_str())
                && field(entry, "Condition")
                    .and_then(Value::as_object)
                    .is_some_and(|c| condition_reads_as(c, &branch.condition))
        })
    };
    next_is
        && errors.len() == transitions.errors.len()
        && conditions.len() == transitions.conditions.len()
        && errors.iter().zip(&transitions.errors).all(|(entry, branch)| error_is(entry, branch))
        && conditions.iter().zip(&transitions.conditions).all(|(entry, branch)| condition_is(entry, branch))
}

/// Whether `object[key]` is the string `text`.
fn text_is(object: &Map<String, Value>, key: &str, text: &str) -> bool {
    matches!(field(object, key), Some(Value::String(found)) if found == text)
}

/// Whether a condition object reads ([`read_condition`]) as `condition`.
fn condition_reads_as(object: &Map<String, Value>, condition: &Condition) -> bool {
    let operands = field(object, "Operands").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    operands == condition.operands.as_slice()
        && Operator::parse(field(object, "Operator").and_then(Value::as_str).unwrap_or_default()) == condition.operator
}

fn read_condition_branch(entry: &Value, path: &JsonPath) -> Result<ConditionBranch, ParseError> {
    let entry = entry_object(entry, path)?;
    let next = ActionId::from_import(required_text(entry, "NextAction", path)?);
    let condition = match field(entry, "Condition") {
        Some(Value::Object(condition)) => condition,
        None => return Err(ParseError::shape(path, "missing Condition")),
        Some(other) => {
            return Err(ParseError::shape(
                &path.key("Condition"),
                format!("expected an object, found {}", kind_of(other)),
            ));
        }
    };
    Ok(ConditionBranch { condition: read_condition(condition), next })
}

/// Reads a condition leniently: what it means is the validator's business, not the reader's.
pub(crate) fn read_condition(condition: &Map<String, Value>) -> Condition {
    let operator = Operator::parse(field(condition, "Operator").and_then(Value::as_str).unwrap_or_default());
    let operands = field(condition, "Operands").and_then(Value::as_array).cloned().unwrap_or_default();
    Condition { operator, operands }
}

fn list<'a>(map: &'a Map<String, Value>, key: &str, path: &JsonPath) -> Result<&'a [Value], ParseError> {
    match field(map, key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(ParseError::shape(&path.key(key), format!("expected a list, found {}", kind_of(other)))),
    }
}

fn entry_object<'a>(entry: &'a Value, path: &JsonPath) -> Result<&'a Map<String, Value>, ParseError> {
    entry.as_object().ok_or_else(|| ParseError::shape(path, format!("expected an object, found {}", kind_of(entry))))
}
