//! Builders of small flows for unit tests (test builds only).

use serde_json::{Value, json};

use crate::flow_json;
use crate::instance::Instance;
use crate::model::FlowDocument;
use crate::workspace::folder::sample_workspace;

/// The sample workspace's instance.
pub fn sample_instance() -> Instance {
    Instance::load(&sample_workspace().unwrap().join("instance.json")).unwrap()
}

pub fn block(id: &str, type_name: &str, params: Value, transitions: Value) -> Value {
    let mut action = serde_json::Map::new();
    action.insert("Identifier".into(), id.into());
    action.insert("Type".into(), type_name.into());
    action.insert("Parameters".into(), params);
    action.insert("Transitions".into(), transitions);
    Value::Object(action)
}

pub fn next(id: &str) -> Value {
    json!({"NextAction": id})
}

pub fn with_error(id: &str, error: &str) -> Value {
    json!({"NextAction": id, "Errors": [{"ErrorType": "NoMatchingError", "NextAction": error}]})
}

pub fn call(id: &str, number: Option<&str>, to: &str) -> Value {
    let params = number.map_or(json!({}), |n| json!({"CallerId": {"Number": n}}));
    block(id, "CompleteOutboundCall", params, next(to))
}

pub fn prompt(id: &str, to: &str) -> Value {
    block(id, "MessageParticipant", json!({"Text": "Hello"}), next(to))
}

pub fn end(id: &str) -> Value {
    block(id, "EndFlowExecution", json!({}), json!({}))
}

/// Sets one attribute; its Error branch ends the flow.
pub fn set_attribute(id: &str, key: &str, value: &str, to: &str) -> Value {
    block(
        id,
        "UpdateContactAttributes",
        json!({"Attributes": {key: value}, "TargetContact": "Current"}),
        with_error(to, "end"),
    )
}

pub fn lambda(id: &str, to: &str, error: &str) -> Value {
    let params = json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id", "InvocationTimeLimitSeconds": "3"});
    block(id, "InvokeLambdaFunction", params, with_error(to, error))
}

/// A flow named `name`, of `flow_type`, starting at `start`.
pub fn flow_of(name: &str, flow_type: &str, status: &str, start: &str, actions: Vec<Value>) -> FlowDocument {
    let mut flow = json!({
        "Version": "2019-10-30",
        "StartAction": start,
        "Metadata": {"name": name, "type": flow_type, "status": status},
    });
    flow["Actions"] = Value::Array(actions);
    flow_json::from_value(flow).unwrap()
}

pub fn flow(start: &str, actions: Vec<Value>) -> FlowDocument {
    flow_of("test-flow", "outboundWhisper", "saved", start, actions)
}

/// A copy of the sample workspace in a temporary folder (kept while the `TempDir` lives).
pub fn sample_copy() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&sample_workspace().unwrap(), dir.path());
    let root = dir.path().to_owned();
    (dir, root)
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() { copy_dir(&path, &target) } else { std::fs::copy(&path, &target).map(|_| ()).unwrap() }
    }
}

/// A file's text, for tests that look at what was saved.
pub fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Writes a file as a test's fixture (a recovery copy left by a crash, say), creating its
/// folder when missing.
pub fn write(path: &std::path::Path, text: &str) {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

/// The local stand-in of the Amazon Connect API, for the designer's pull and publish journeys.
#[cfg(feature = "aws")]
#[path = "../tests/connect_standin/mod.rs"]
pub mod connect_standin;
