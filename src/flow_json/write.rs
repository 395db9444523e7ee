//! `FlowDocument` → flow-language JSON. Starts from what the file held and writes back only
//! what the document changed, so an untouched document exports equal to its file, key order
//! included. New flows and blocks get the Connect designer's layout.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::ser::Formatter;
use serde_json::{Map, Value};

use super::field;
use super::fingerprint::FingerprintFormatter;
use super::params::{kind_reads_as, write_kind};
use super::read::{flow_info, read_condition, transitions_read_as};
use crate::model::{Action, ActionId, Condition, FLOW_LANGUAGE_VERSION, FlowDocument, Transitions, Wrapper};

/// The document as a JSON value, in its wrapper if it came in one.
pub fn to_value(doc: &FlowDocument) -> Value {
    match &doc.envelope.wrapper {
        None => serde_json::to_value(FlowOut::new(doc)).unwrap_or_default(),
        Some(wrapper) => wrapped(doc, wrapper),
    }
}

/// The flow object itself (what the API's `Content` holds), without any wrapper.
pub fn flow_value(doc: &FlowDocument) -> Value {
    serde_json::to_value(FlowOut::new(doc)).unwrap_or_default()
}

/// Writes the flow object (no wrapper) as compact JSON, as the API's `Content` holds it.
pub fn write_flow(writer: &mut impl std::io::Write, doc: &FlowDocument) {
    // Serializing maps with string keys into a writer that never fails cannot fail.
    let _written = serde_json::to_writer(writer, &FlowOut::new(doc));
}

/// The canonical text: two-space indented JSON, then a newline.
pub(crate) fn canonical_string(doc: &FlowDocument) -> String {
    let text = match &doc.envelope.wrapper {
        None => serde_json::to_string_pretty(&FlowOut::new(doc)),
        Some(wrapper) => serde_json::to_string_pretty(&wrapped(doc, wrapper)),
    };
    let mut text = text.unwrap_or_default();
    text.push('\n');
    text
}

/// The canonical text and the fingerprint of what it holds ([`super::fingerprint`]), written in
/// one pass: `fmt` checks its output against its input with it.
/// `size_hint` is the expected length of the text (the input's, for `fmt`), reserved at once.
pub(crate) fn canonical_string_with_fingerprint(doc: &FlowDocument, size_hint: usize) -> (String, Option<u64>) {
    let mut out = Vec::with_capacity(size_hint.saturating_add(1));
    let (formatter, fingerprint) = FingerprintFormatter::new(CanonicalFormatter::default());
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    let written = match &doc.envelope.wrapper {
        None => FlowOut::new(doc).serialize(&mut serializer),
        Some(wrapper) => wrapped(doc, wrapper).serialize(&mut serializer),
    };
    if written.is_err() {
        return (canonical_string(doc), None);
    }
    out.push(b'\n');
    // serde_json writes valid UTF-8 only.
    let text = String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
    (text, fingerprint.get())
}

/// `serde_json`'s `PrettyFormatter` with its two-space indent, writing the same bytes: each
/// separator, line break and indent in one write instead of one per level.
#[derive(Default)]
struct CanonicalFormatter {
    depth: usize,
    has_value: bool,
}

/// A comma, a line break and the indent of 64 levels: the breaks are slices of it.
const BREAK: [u8; 130] = {
    let mut text = [b' '; 130];
    text[0] = b',';
    text[1] = b'\n';
    text
};

impl CanonicalFormatter {
    /// Writes a line break and the indent of `depth`, after a comma unless `first`.
    fn line_break<W: ?Sized + std::io::Write>(writer: &mut W, depth: usize, first: bool) -> std::io::Result<()> {
        let start = usize::from(first);
        if let Some(text) = BREAK.get(start..2 + 2 * depth) {
            return writer.write_all(text);
        }
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        (0..depth).try_for_each(|_| writer.write_all(b"  "))
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            Self::line_break(writer, self.depth, true)?;
        }
        writer.write_all(bracket)
    }
}

impl Formatter for CanonicalFormatter {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        Self::line_break(writer, self.depth, first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        Self::line_break(writer, self.depth, first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The wrapper with the flow, as compact JSON text, in its `Content`.
fn wrapped(doc: &FlowDocument, wrapper: &Wrapper) -> Value {
    let content = Value::String(serde_json::to_string(&FlowOut::new(doc)).unwrap_or_default());
    match wrapper {
        Wrapper::DescribeContactFlow(outer) => {
            let mut outer = outer.clone();
            if let Some(Value::Object(inner)) = outer.get_mut("ContactFlow") {
                inner.insert("Content".into(), content);
            }
            Value::Object(outer)
        }
        Wrapper::CreateContactFlow(outer) => {
            let mut outer = outer.clone();
            outer.insert("Content".into(), content);
            Value::Object(outer)
        }
    }
}

/// The flow object as it will be written: the top-level keys in order (with `Metadata` and
/// `Actions` as placeholders) and the patched metadata. Actions and their designer metadata
/// are borrowed from the document while serializing, so export copies only what changed.
struct FlowOut<'a> {
    doc: &'a FlowDocument,
    shell: Map<String, Value>,
    metadata: Map<String, Value>,
}

impl<'a> FlowOut<'a> {
    fn new(doc: &'a FlowDocument) -> Self {
        let mut shell = doc.envelope.top.clone();
        if shell.is_empty() {
            // A flow made here: the Connect designer's key order.
            shell.insert("Version".into(), Value::String(FLOW_LANGUAGE_VERSION.into()));
            if doc.flow.start.is_some() {
                shell.insert("StartAction".into(), Value::Null);
            }
            shell.insert("Metadata".into(), Value::Null);
        }
        let read_start = shell.get("StartAction").and_then(Value::as_str);
        if read_start != doc.flow.start.as_ref().map(ActionId::as_str) {
            match &doc.flow.start {
                Some(start) => {
                    shell.insert("StartAction".into(), Value::String(start.as_str().to_owned()));
                }
                None => {
                    shell.shift_remove("StartAction");
                }
            }
        }
        let metadata = metadata_shell(doc);
        if !shell.contains_key("Metadata") && !metadata.is_empty() {
            shell.insert("Metadata".into(), Value::Null);
        }
        if !shell.contains_key("Actions") {
            shell.insert("Actions".into(), Value::Null);
        }
        Self { doc, shell, metadata }
    }
}

impl Serialize for FlowOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.shell.len()))?;
        for (key, value) in &self.shell {
            match key.as_str() {
                "Metadata" => map.serialize_entry(key, &MetadataOut { doc: self.doc, metadata: &self.metadata })?,
                "Actions" => map.serialize_entry(key, &ActionsOut(self.doc))?,
                _ => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

/// `Metadata`, with `ActionMetadata` drawn from the actions while serializing.
struct MetadataOut<'a> {
    doc: &'a FlowDocument,
    metadata: &'a Map<String, Value>,
}

impl Serialize for MetadataOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.metadata.len()))?;
        for (key, value) in self.metadata {
            if key == "ActionMetadata" {
                map.serialize_entry(key, &ActionMetadataOut(action_metadata_entries(self.doc)))?;
            } else {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

struct ActionMetadataOut<'a>(Vec<(&'a str, MetaEntry<'a>)>);

enum MetaEntry<'a> {
    Designer(&'a Map<String, Value>),
    Stray(&'a Value),
}

impl Serialize for ActionMetadataOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, entry) in &self.0 {
            match entry {
                MetaEntry::Designer(designer) => map.serialize_entry(key, designer)?,
                MetaEntry::Stray(value) => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

struct ActionsOut<'a>(&'a FlowDocument);

impl Serialize for ActionsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.flow.actions.len()))?;
        for action in &self.0.flow.actions {
            seq.serialize_element(&action_out(action))?;
        }
        seq.end()
    }
}

/// `Metadata` with the flow's name, description, type and status written where they changed,
/// and an `ActionMetadata` placeholder where one is due.
fn metadata_shell(doc: &FlowDocument) -> Map<String, Value> {
    let mut metadata = doc.metadata.clone();
    let read = flow_info(&doc.metadata, doc.envelope.wrapper.as_ref());
    let flow = &doc.flow;
    set_meta(&mut metadata, "type", read.flow_type.as_ref(), flow.flow_type.as_ref(), |t| t.designer_name().to_owned());
    set_meta(&mut metadata, "name", read.name.as_ref(), flow.name.as_ref(), Clone::clone);
    set_meta(&mut metadata, "description", read.description.as_ref(), flow.description.as_ref(), Clone::clone);
    set_meta(&mut metadata, "status", read.status.as_ref(), flow.status.as_ref(), |s| s.designer_name().to_owned());
    let any_designer = doc.flow.actions.iter().any(|a| !a.designer.is_empty());
    if !metadata.contains_key("ActionMetadata") && any_designer {
        metadata.insert("ActionMetadata".into(), Value::Null);
    }
    metadata
}

/// Writes a metadata field when the document's value differs in meaning from what the file said.
fn set_meta<T: PartialEq>(
    metadata: &mut Map<String, Value>,
    key: &str,
    read: Option<&T>,
    now: Option<&T>,
    text: impl Fn(&T) -> String,
) {
    if read == now {
        return;
    }
    match now {
        Some(value) => {
            metadata.insert(key.to_owned(), Value::String(text(value)));
        }
        None => {
            metadata.shift_remove(key);
        }
    }
}

/// `ActionMetadata` entries in the file's order, then those of blocks added since.
fn action_metadata_entries(doc: &FlowDocument) -> Vec<(&str, MetaEntry<'_>)> {
    let envelope = &doc.envelope;
    let mut by_id: HashMap<&str, &Action> = HashMap::with_capacity(doc.flow.actions.len());
    for action in &doc.flow.actions {
        by_id.entry(action.id.as_str()).or_insert(action);
    }
    let mut out = Vec::with_capacity(doc.flow.actions.len());
    for key in &envelope.action_metadata_order {
        if let Some(action) = by_id.remove(key.as_str()) {
            out.push((key.as_str(), MetaEntry::Designer(&action.designer)));
        } else if let Some(stray) = envelope.stray_action_metadata.get(key) {
            out.push((key.as_str(), MetaEntry::Stray(stray)));
        }
    }
    for action in &doc.flow.actions {
        if by_id.remove(action.id.as_str()).is_some() && !action.designer.is_empty() {
            out.push((action.id.as_str(), MetaEntry::Designer(&action.designer)));
        }
    }
    out
}

/// An action as it will be written: borrowed from the file when nothing changed.
fn action_out(action: &Action) -> Cow<'_, Map<String, Value>> {
    if action.source.is_empty() {
        return Cow::Owned(new_action_map(action));
    }
    if unchanged(action) {
        return Cow::Borrowed(&action.source);
    }
    Cow::Owned(patched_action(action))
}

/// Whether the typed view still says what the action's source says.
fn unchanged(action: &Action) -> bool {
    let source = &action.source;
    let empty = Map::new();
    let params = field(source, "Parameters").and_then(Value::as_object).unwrap_or(&empty);
    field(source, "Identifier").and_then(Value::as_str) == Some(action.id.as_str())
        && field(source, "Type").and_then(Value::as_str) == Some(action.kind.type_name())
        && kind_reads_as(action.kind.type_name(), params, &action.kind)
        && transitions_unchanged(source, &action.transitions)
}

/// Whether an action object's `Transitions` (or their absence) still say `transitions`.
fn transitions_unchanged(object: &Map<String, Value>, transitions: &Transitions) -> bool {
    match field(object, "Transitions") {
        Some(t) => transitions_read_as(t, transitions),
        None => transitions.is_empty(),
    }
}

fn patched_action(action: &Action) -> Map<String, Value> {
    let mut object = action.source.clone();
    if field(&object, "Identifier").and_then(Value::as_str) != Some(action.id.as_str()) {
        object.insert("Identifier".into(), Value::String(action.id.as_str().to_owned()));
    }
    if field(&object, "Type").and_then(Value::as_str) != Some(action.kind.type_name()) {
        object.insert("Type".into(), Value::String(action.kind.type_name().to_owned()));
    }
    let had_params = object.contains_key("Parameters");
    let mut params = match field(&object, "Parameters") {
        Some(Value::Object(params)) => params.clone(),
        _ => Map::new(),
    };
    write_kind(&action.kind, &mut params);
    if had_params || !params.is_empty() {
        object.insert("Parameters".into(), Value::Object(params));
    }
    if !transitions_unchanged(&object, &action.transitions) {
        let old = field(&object, "Transitions").and_then(Value::as_object);
        let transitions = transitions_value(&action.transitions, old);
        object.insert("Transitions".into(), Value::Object(transitions));
    }
    object
}

/// A block made in whisperwire, laid out as the current Connect designer writes it.
fn new_action_map(action: &Action) -> Map<String, Value> {
    let mut params = Map::new();
    write_kind(&action.kind, &mut params);
    let mut object = Map::new();
    object.insert("Parameters".into(), Value::Object(params));
    object.insert("Identifier".into(), Value::String(action.id.as_str().to_owned()));
    object.insert("Type".into(), Value::String(action.kind.type_name().to_owned()));
    object.insert("Transitions".into(), Value::Object(transitions_value(&action.transitions, None)));
    object
}

/// Writes transitions, reusing the file's entries (and their unknown keys) where they match.
fn transitions_value(transitions: &Transitions, old: Option<&Map<String, Value>>) -> Map<String, Value> {
    let mut map = old.cloned().unwrap_or_default();
    match &transitions.next {
        Some(next) => {
            map.insert("NextAction".into(), Value::String(next.as_str().to_owned()));
        }
        None => {
            map.shift_remove("NextAction");
        }
    }
    let old_list = |key: &str| old.and_then(|o| o.get(key)).and_then(Value::as_array).cloned().unwrap_or_default();
    let old_errors = old_list("Errors");
    let errors: Vec<Value> = transitions
        .errors
        .iter()
        .map(|branch| {
            let reused =
                old_errors.iter().find(|e| e.get("ErrorType").and_then(Value::as_str) == Some(&branch.error_type));
            let mut entry = reused.and_then(Value::as_object).cloned().unwrap_or_default();
            entry.insert("NextAction".into(), Value::String(branch.next.as_str().to_owned()));
            entry.insert("ErrorType".into(), Value::String(branch.error_type.clone()));
            Value::Object(entry)
        })
        .collect();
    let old_conditions = old_list("Conditions");
    let conditions: Vec<Value> = transitions
        .conditions
        .iter()
        .enumerate()
        .map(|(i, branch)| {
            let mut entry = old_conditions.get(i).and_then(Value::as_object).cloned().unwrap_or_default();
            entry.insert("NextAction".into(), Value::String(branch.next.as_str().to_owned()));
            let old_condition = field(&entry, "Condition").and_then(Value::as_object).map(read_condition);
            if old_condition.as_ref() != Some(&branch.condition) {
                entry.insert("Condition".into(), condition_value(&branch.condition));
            }
            Value::Object(entry)
        })
        .collect();
    for (key, list) in [("Conditions", conditions), ("Errors", errors)] {
        if list.is_empty() && !map.contains_key(key) {
            continue;
        }
        map.insert(key.into(), Value::Array(list));
    }
    map
}

fn condition_value(condition: &Condition) -> Value {
    let mut map = Map::new();
    map.insert("Operator".into(), Value::String(condition.operator.as_str().to_owned()));
    map.insert("Operands".into(), Value::Array(condition.operands.clone()));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::json;

    use super::*;

    fn written(value: &Value) -> String {
        let mut out = Vec::new();
        value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, CanonicalFormatter::default())).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_canonical_formatter_writes_what_the_pretty_one_does() {
        let mut deep = json!([1, {}, []]);
        for i in 0..80 {
            deep = if i % 2 == 0 { json!({"k": deep, "e": [], "o": {}}) } else { json!([deep, "x"]) };
        }
        let values = [json!({}), json!([]), json!({"a": [1, {"b": null}], "c": {"d": [[]]}}), json!("s"), deep];
        for value in values {
            assert_eq!(written(&value), serde_json::to_string_pretty(&value).unwrap());
        }
    }
}
