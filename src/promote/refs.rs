//! What in a flow can name a resource of its instance, and how it is written: ARNs (Connect's
//! and Lambda's), bare ids, E.164 numbers. Also the walk over the parts of a flow that hold such
//! references (every block's `Parameters` and the designer `Metadata`), read-only or rewriting.
//! Pure: no instance, no workspace.

use serde_json::Value;

/// The kinds of resource a flow may name, each a section of the map file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    PhoneNumber,
    Queue,
    Lambda,
    Prompt,
    Flow,
    Hours,
    Instance,
    /// Any other ARN (a Lex bot, a transfer destination, …): mapped only by the map file.
    Other,
}

impl Kind {
    /// Every kind, in the order the preview and the map file list them.
    pub const ALL: [Kind; 8] = [
        Kind::PhoneNumber,
        Kind::Queue,
        Kind::Lambda,
        Kind::Prompt,
        Kind::Flow,
        Kind::Hours,
        Kind::Instance,
        Kind::Other,
    ];

    /// The kind's section in the map file.
    pub fn map_key(self) -> &'static str {
        match self {
            Kind::PhoneNumber => "phoneNumbers",
            Kind::Queue => "queues",
            Kind::Lambda => "lambdas",
            Kind::Prompt => "prompts",
            Kind::Flow => "flows",
            Kind::Hours => "hours",
            Kind::Instance => "instances",
            Kind::Other => "other",
        }
    }

    /// The kind in words.
    pub fn label(self) -> &'static str {
        match self {
            Kind::PhoneNumber => "phone number",
            Kind::Queue => "queue",
            Kind::Lambda => "Lambda function",
            Kind::Prompt => "prompt",
            Kind::Flow => "flow",
            Kind::Hours => "hours of operation",
            Kind::Instance => "instance",
            Kind::Other => "other resource",
        }
    }
}

/// How a reference is written, so that its replacement is written the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    /// A full ARN; for a Lambda function, with the qualifier (alias or version) it had.
    Arn { qualifier: Option<String> },
    /// A bare id.
    Id,
    /// An E.164 number.
    E164,
}

/// The parts of an ARN, `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    pub partition: &'a str,
    pub service: &'a str,
    pub region: &'a str,
    pub account: &'a str,
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Parses `text` when it is an ARN (no spaces, six parts).
    pub fn parse(text: &'a str) -> Option<Self> {
        if text.chars().any(char::is_whitespace) {
            return None;
        }
        let mut parts = text.splitn(6, ':');
        let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        if partition.is_empty() || service.is_empty() || resource.is_empty() {
            return None;
        }
        Some(Self { partition, service, region, account, resource })
    }

    /// What the ARN names: its kind, the resource's id (a Lambda function: its name), and a
    /// Lambda qualifier.
    pub fn target(&self) -> (Kind, &'a str, Option<&'a str>) {
        match self.service {
            "lambda" => {
                let Some(function) = self.resource.strip_prefix("function:") else {
                    return (Kind::Other, self.resource, None);
                };
                let mut parts = function.splitn(2, ':');
                let name = parts.next().unwrap_or(function);
                (Kind::Lambda, name, parts.next().filter(|q| !q.is_empty()))
            }
            "connect" => (connect_kind(self.resource), last_segment(self.resource), None),
            _ => (Kind::Other, self.resource, None),
        }
    }
}

/// The kind of a Connect ARN's resource path.
fn connect_kind(resource: &str) -> Kind {
    let segments: Vec<&str> = resource.split('/').collect();
    match segments.as_slice() {
        ["instance", _] => Kind::Instance,
        ["phone-number", _] | ["instance", _, "phone-number", _] => Kind::PhoneNumber,
        ["instance", _, "queue", _] => Kind::Queue,
        ["instance", _, "contact-flow" | "flow-module", _] => Kind::Flow,
        ["instance", _, "prompt", _] => Kind::Prompt,
        ["instance", _, "operating-hours", _] => Kind::Hours,
        _ => Kind::Other,
    }
}

fn last_segment(resource: &str) -> &str {
    resource.rsplit('/').next().unwrap_or(resource)
}

/// Where a string sits in a flow: the block it belongs to and the parameter, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site<'a> {
    /// The block's `Identifier`; `None` for flow-level metadata.
    pub action: Option<&'a str>,
    /// `CallerId.Number`, `metadata parameters.LambdaFunctionARN.displayName`, …
    pub parameter: String,
    /// The key the string is the value of (`Number`, `displayName`); `None` in a list.
    pub key: Option<&'a str>,
}

/// Calls `visit` with every string (and where it is) in the parts of `flow` that can name
/// resources: each block's `Parameters`, its `ActionMetadata` entry, and the rest of `Metadata`.
pub fn visit_strings(flow: &Value, visit: &mut dyn FnMut(&Site<'_>, &str)) {
    if let Some(actions) = flow.get("Actions").and_then(Value::as_array) {
        for action in actions {
            let id = action.get("Identifier").and_then(Value::as_str);
            if let Some(params) = action.get("Parameters") {
                walk(params, id, String::new(), None, visit);
            }
        }
    }
    let Some(metadata) = flow.get("Metadata").and_then(Value::as_object) else { return };
    for (key, value) in metadata {
        if key == "ActionMetadata" {
            for (id, entry) in value.as_object().into_iter().flatten() {
                walk(entry, Some(id), "metadata".to_owned(), None, visit);
            }
        } else {
            walk(value, None, format!("Metadata.{key}"), Some(key), visit);
        }
    }
}

fn walk<'a>(
    value: &'a Value,
    action: Option<&'a str>,
    path: String,
    key: Option<&'a str>,
    visit: &mut dyn FnMut(&Site<'_>, &str),
) {
    match value {
        Value::String(text) => visit(&Site { action, parameter: path, key }, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, action, format!("{path}[{i}]"), None, visit);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let inner = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk(v, action, inner, Some(k), visit);
            }
        }
        _ => {}
    }
}

/// Rewrites, in the same parts as [`visit_strings`], every string for which `replace` gives a
/// new value.
pub fn rewrite_strings(flow: &mut Value, replace: &mut dyn FnMut(&Site<'_>, &str) -> Option<String>) {
    if let Some(actions) = flow.get_mut("Actions").and_then(Value::as_array_mut) {
        for action in actions {
            let id = action.get("Identifier").and_then(Value::as_str).map(str::to_owned);
            if let Some(params) = action.get_mut("Parameters") {
                walk_mut(params, id.as_deref(), String::new(), None, replace);
            }
        }
    }
    let Some(metadata) = flow.get_mut("Metadata").and_then(Value::as_object_mut) else { return };
    for (key, value) in metadata.iter_mut() {
        if key == "ActionMetadata" {
            for (id, entry) in value.as_object_mut().into_iter().flatten() {
                walk_mut(entry, Some(id), "metadata".to_owned(), None, replace);
            }
        } else {
            walk_mut(value, None, format!("Metadata.{key}"), Some(key), replace);
        }
    }
}

fn walk_mut(
    value: &mut Value,
    action: Option<&str>,
    path: String,
    key: Option<&str>,
    replace: &mut dyn FnMut(&Site<'_>, &str) -> Option<String>,
) {
    match value {
        Value::String(text) => {
            if let Some(new) = replace(&Site { action, parameter: path, key }, text) {
                *text = new;
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk_mut(item, action, format!("{path}[{i}]"), None, replace);
            }
        }
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                let inner = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                walk_mut(v, action, inner, Some(k), replace);
            }
        }
        _ => {}
    }
}

/// Keys of the designer metadata that show a resource's name next to its id: rewritten when the
/// resource's name differs in the target.
pub const LABEL_KEYS: [&str; 4] = ["displayName", "text", "promptName", "name"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_say_their_kind_and_id() {
        let cases = [
            ("arn:aws:connect:eu-west-2:1:phone-number/p1", Kind::PhoneNumber, "p1"),
            ("arn:aws:connect:eu-west-2:1:instance/i/phone-number/p1", Kind::PhoneNumber, "p1"),
            ("arn:aws:connect:eu-west-2:1:instance/i/queue/q1", Kind::Queue, "q1"),
            ("arn:aws:connect:eu-west-2:1:instance/i/contact-flow/f1", Kind::Flow, "f1"),
            ("arn:aws:connect:eu-west-2:1:instance/i/flow-module/m1", Kind::Flow, "m1"),
            ("arn:aws:connect:eu-west-2:1:instance/i/prompt/x", Kind::Prompt, "x"),
            ("arn:aws:connect:eu-west-2:1:instance/i/operating-hours/h", Kind::Hours, "h"),
            ("arn:aws:connect:eu-west-2:1:instance/i", Kind::Instance, "i"),
            ("arn:aws:connect:eu-west-2:1:instance/i/agent/a", Kind::Other, "a"),
            ("arn:aws:lex:eu-west-2:1:bot-alias/b/a", Kind::Other, "bot-alias/b/a"),
            ("arn:aws:lambda:eu-west-2:1:function:pick", Kind::Lambda, "pick"),
        ];
        for (text, kind, id) in cases {
            let arn = Arn::parse(text).unwrap_or_else(|| panic!("{text} is an ARN"));
            let (k, i, _) = arn.target();
            assert_eq!((k, i), (kind, id), "{text}");
        }
        let qualified = Arn::parse("arn:aws:lambda:r:1:function:pick:live").map(|a| a.target());
        assert_eq!(qualified, Some((Kind::Lambda, "pick", Some("live"))));
        assert_eq!(Arn::parse("arn:aws:connect"), None);
        assert_eq!(Arn::parse("not an arn: at all"), None);
    }

    #[test]
    fn strings_are_visited_in_parameters_and_metadata_only_and_rewritten_in_place() {
        let mut flow = serde_json::json!({
            "StartAction": "a1",
            "Metadata": {"name": "x", "ActionMetadata": {"a1": {"parameters": {"L": {"displayName": "pick"}}}}},
            "Actions": [{"Identifier": "a1", "Type": "InvokeLambdaFunction",
                         "Parameters": {"L": "arn:aws:lambda:r:1:function:pick", "List": ["q"]},
                         "Transitions": {"NextAction": "arn:aws:lambda:r:1:function:pick"}}]
        });
        let mut seen = Vec::new();
        visit_strings(&flow, &mut |site, text| {
            seen.push((site.action.map(str::to_owned), site.parameter.clone(), text.to_owned()));
        });
        assert_eq!(
            seen,
            [
                (Some("a1".to_owned()), "L".to_owned(), "arn:aws:lambda:r:1:function:pick".to_owned()),
                (Some("a1".to_owned()), "List[0]".to_owned(), "q".to_owned()),
                (None, "Metadata.name".to_owned(), "x".to_owned()),
                (Some("a1".to_owned()), "metadata.parameters.L.displayName".to_owned(), "pick".to_owned()),
            ]
        );
        rewrite_strings(&mut flow, &mut |_, text| text.starts_with("arn:").then(|| "new".to_owned()));
        assert_eq!(flow["Actions"][0]["Parameters"]["L"], "new");
        assert_eq!(flow["Actions"][0]["Transitions"]["NextAction"], "arn:aws:lambda:r:1:function:pick");
    }
}
