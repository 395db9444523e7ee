//! The REST routes of the Connect operations the stand-in serves and their answers, in the
//! JSON shapes `aws-sdk-connect` reads (`protocol_serde/shape_*.rs`). Errors follow restJson1:
//! status from the model, `x-amzn-ErrorType` header and `{"__type", "Message"}` body.
//!
//! | Operation                         | Route                                                      |
//! |-----------------------------------|------------------------------------------------------------|
//! | `DescribeInstance`                | `GET /instance/{InstanceId}`                               |
//! | `ListLambdaFunctions`             | `GET /instance/{InstanceId}/lambda-functions`              |
//! | `ListContactFlows`                | `GET /contact-flows-summary/{InstanceId}`                  |
//! | `DescribeContactFlow`             | `GET /contact-flows/{InstanceId}/{ContactFlowId}`          |
//! | `CreateContactFlow`               | `PUT /contact-flows/{InstanceId}`                          |
//! | `UpdateContactFlowContent`        | `POST /contact-flows/{InstanceId}/{ContactFlowId}/content` |
//! | `ListPhoneNumbersV2`              | `POST /phone-number/list`                                  |
//! | `ListQueues`                      | `GET /queues-summary/{InstanceId}`                         |
//! | `DescribeQueue`                   | `GET /queues/{InstanceId}/{QueueId}`                       |
//! | `UpdateQueueOutboundCallerConfig` | `POST /queues/{InstanceId}/{QueueId}/outbound-caller-config` |
//! | `ListPrompts`                     | `GET /prompts-summary/{InstanceId}`                        |
//!
//! Flows follow Connect's saved/published model (see [`RemoteFlow`]): `DescribeContactFlow` on
//! the plain id answers `content` with the flow's status; on `id:$SAVED` (or its ARN form) the
//! draft with status `SAVED` if there is one, else the same as the plain id.
//! `UpdateContactFlowContent` on the plain id publishes; on `id:$SAVED` it saves a draft (the
//! content itself while the flow was never published).

use serde_json::{Map, Value, json};

use super::http::{Delivery, RawRequest, Response};
use super::sigv4::{self, SignedRequest};
use super::{RemoteFlow, Request, Shared, State};

/// The operations served, by their model names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operation {
    DescribeInstance,
    ListContactFlows,
    DescribeContactFlow,
    CreateContactFlow,
    UpdateContactFlowContent,
    ListPhoneNumbersV2,
    ListQueues,
    DescribeQueue,
    UpdateQueueOutboundCallerConfig,
    ListLambdaFunctions,
    ListPrompts,
}

impl Operation {
    fn name(self) -> &'static str {
        match self {
            Operation::DescribeInstance => "DescribeInstance",
            Operation::ListContactFlows => "ListContactFlows",
            Operation::DescribeContactFlow => "DescribeContactFlow",
            Operation::CreateContactFlow => "CreateContactFlow",
            Operation::UpdateContactFlowContent => "UpdateContactFlowContent",
            Operation::ListPhoneNumbersV2 => "ListPhoneNumbersV2",
            Operation::ListQueues => "ListQueues",
            Operation::DescribeQueue => "DescribeQueue",
            Operation::UpdateQueueOutboundCallerConfig => "UpdateQueueOutboundCallerConfig",
            Operation::ListLambdaFunctions => "ListLambdaFunctions",
            Operation::ListPrompts => "ListPrompts",
        }
    }
}

/// A matched route: the operation and its decoded path labels.
struct Route {
    operation: Operation,
    /// `InstanceId` label, when the path has one.
    instance: Option<String>,
    /// `ContactFlowId` or `QueueId` label.
    id: Option<String>,
}

/// Matches method and path (segments already percent-decoded) to an operation.
fn route(method: &str, segments: &[String]) -> Option<Route> {
    let strs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (operation, instance, id) = match (method, strs.as_slice()) {
        ("GET", ["instance", instance]) => (Operation::DescribeInstance, Some(instance), None),
        ("GET", ["instance", instance, "lambda-functions"]) => (Operation::ListLambdaFunctions, Some(instance), None),
        ("GET", ["contact-flows-summary", instance]) => (Operation::ListContactFlows, Some(instance), None),
        ("GET", ["contact-flows", instance, flow]) => (Operation::DescribeContactFlow, Some(instance), Some(flow)),
        ("PUT", ["contact-flows", instance]) => (Operation::CreateContactFlow, Some(instance), None),
        ("POST", ["contact-flows", instance, flow, "content"]) => {
            (Operation::UpdateContactFlowContent, Some(instance), Some(flow))
        }
        ("POST", ["phone-number", "list"]) => (Operation::ListPhoneNumbersV2, None, None),
        ("GET", ["queues-summary", instance]) => (Operation::ListQueues, Some(instance), None),
        ("GET", ["queues", instance, queue]) => (Operation::DescribeQueue, Some(instance), Some(queue)),
        ("POST", ["queues", instance, queue, "outbound-caller-config"]) => {
            (Operation::UpdateQueueOutboundCallerConfig, Some(instance), Some(queue))
        }
        ("GET", ["prompts-summary", instance]) => (Operation::ListPrompts, Some(instance), None),
        _ => return None,
    };
    Some(Route { operation, instance: instance.map(|s| (*s).to_owned()), id: id.map(|s| (*s).to_owned()) })
}

/// A modelled error.
struct ApiError {
    status: u16,
    code: String,
    message: String,
    /// The `problems` of an `InvalidContactFlowException`.
    problems: Vec<String>,
}

impl ApiError {
    fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError { status, code: code.into(), message: message.into(), problems: Vec::new() }
    }

    fn not_found(what: &str) -> ApiError {
        ApiError::new(404, "ResourceNotFoundException", format!("{what} not found"))
    }

    fn invalid_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "InvalidParameterException", message)
    }
}

/// `{"__type": code, "Message": message}`, and `"problems": [{"message": …}]` if there are any.
pub fn error_body(code: &str, message: &str, problems: &[String]) -> String {
    let mut body = Map::new();
    body.insert("__type".to_owned(), code.into());
    body.insert("Message".to_owned(), message.into());
    if !problems.is_empty() {
        let problems = problems.iter().map(|message| json!({"message": message})).collect();
        body.insert("problems".to_owned(), Value::Array(problems));
    }
    Value::Object(body).to_string()
}

fn error_response(error: &ApiError) -> Response {
    Response {
        status: error.status,
        headers: vec![
            ("Content-Type".to_owned(), "application/json".to_owned()),
            ("x-amzn-ErrorType".to_owned(), error.code.clone()),
        ],
        body: error_body(&error.code, &error.message, &error.problems),
    }
}

/// Answers one request, records it, and waits out the configured latency; while the stand-in
/// is silent, only records it (status 0) and withholds the answer.
pub fn answer(shared: &Shared, raw: &RawRequest) -> Delivery {
    let segments: Vec<String> =
        raw.raw_path().split('/').filter(|s| !s.is_empty()).map(|s| sigv4::percent_decode(s, false)).collect();
    let matched = route(&raw.method, &segments);
    let signed = SignedRequest {
        method: &raw.method,
        raw_path: raw.raw_path(),
        raw_query: raw.raw_query(),
        headers: &raw.headers,
        body: &raw.body,
    };
    let signature = sigv4::verify(&signed, &shared.keys);
    let body_text = String::from_utf8_lossy(&raw.body).into_owned();
    let query = sigv4::query_pairs(raw.raw_query());

    let operation = matched.as_ref().map_or("Unknown", |r| r.operation.name());
    let record = |status: u16, signature: Result<(), String>, body: String| Request {
        operation: operation.to_owned(),
        method: raw.method.clone(),
        path: raw.raw_path().to_owned(),
        query: raw.raw_query().to_owned(),
        headers: raw.headers.clone(),
        body,
        status,
        signature,
    };

    let mut state = shared.state();
    if state.silent {
        state.requests.push(record(0, signature, body_text));
        return Delivery::Withheld;
    }
    let result = match (&matched, &signature) {
        (None, _) => Err(ApiError::new(
            404,
            "UnknownOperationException",
            format!("the stand-in serves no {} {}", raw.method, raw.raw_path()),
        )),
        (Some(_), Err(problem)) => Err(ApiError::new(403, "InvalidSignatureException", problem.clone())),
        (Some(route), Ok(())) => serve(&mut state, route, &query, &body_text),
    };
    if result.is_ok() {
        state.succeeded(operation);
    }
    let cut = state.cuts.remove(operation);
    let response = match result {
        Ok(body) => Response {
            status: 200,
            headers: vec![("Content-Type".to_owned(), "application/json".to_owned())],
            body: body.to_string(),
        },
        Err(error) => error_response(&error),
    };
    state.requests.push(record(response.status, signature, body_text));
    let latency = state.latency;
    let request_id = format!("00000000-5afe-4000-8000-{:012x}", state.requests.len());
    drop(state);
    std::thread::sleep(latency);
    let mut response = response;
    response.headers.push(("x-amzn-RequestId".to_owned(), request_id));
    if cut { Delivery::Cut(response) } else { Delivery::Full(response) }
}

/// The failure modes tests arranged, then the operation itself.
fn serve(state: &mut State, route: &Route, query: &[(String, String)], body: &str) -> Result<Value, ApiError> {
    let name = route.operation.name();
    if state.denied.contains(name) {
        let resource = match (&route.operation, &route.id) {
            (Operation::DescribeContactFlow | Operation::UpdateContactFlowContent, Some(id)) => {
                format!("{}/contact-flow/{}", state.identity.instance_arn(), bare_flow_id(id).0)
            }
            (Operation::DescribeQueue | Operation::UpdateQueueOutboundCallerConfig, Some(id)) => {
                format!("{}/queue/{id}", state.identity.instance_arn())
            }
            _ => state.identity.instance_arn(),
        };
        return Err(ApiError::new(
            403,
            "AccessDeniedException",
            format!(
                "User: {} is not authorized to perform: connect:{name} on resource: {resource} \
                 because no identity-based policy allows the connect:{name} action",
                super::CALLER_ARN
            ),
        ));
    }
    if let Some(left) = state.throttles.get_mut(name).filter(|left| **left > 0) {
        *left -= 1;
        return Err(ApiError::new(429, "ThrottlingException", "Rate exceeded"));
    }
    if let Some((status, code)) = state.take_failure(name) {
        let message = format!("the service failed the request ({code}), as the test arranged");
        return Err(ApiError::new(status, code, message));
    }
    if let Some(instance) = &route.instance
        && *instance != state.identity.instance_id
        && *instance != state.identity.instance_arn()
    {
        return Err(ApiError::not_found(&format!("instance {instance:?}")));
    }
    let json_body = || -> Result<Value, ApiError> {
        if body.trim().is_empty() {
            return Ok(json!({}));
        }
        serde_json::from_str(body).map_err(|e| ApiError::new(400, "SerializationException", e.to_string()))
    };
    let id = route.id.as_deref().unwrap_or_default();
    match route.operation {
        Operation::DescribeInstance => Ok(describe_instance(state)),
        Operation::ListContactFlows => list_contact_flows(state, query),
        Operation::DescribeContactFlow => describe_contact_flow(state, id),
        Operation::CreateContactFlow => create_contact_flow(state, &json_body()?),
        Operation::UpdateContactFlowContent => update_contact_flow_content(state, id, &json_body()?),
        Operation::ListPhoneNumbersV2 => list_phone_numbers(state, &json_body()?),
        Operation::ListQueues => list_queues(state, query),
        Operation::DescribeQueue => describe_queue(state, id),
        Operation::UpdateQueueOutboundCallerConfig => update_queue_caller_config(state, id, &json_body()?),
        Operation::ListLambdaFunctions => list_lambdas(state, query),
        Operation::ListPrompts => list_prompts(state, query),
    }
}

fn describe_instance(state: &State) -> Value {
    json!({"Instance": {
        "Id": state.identity.instance_id,
        "Arn": state.identity.instance_arn(),
        "IdentityManagementType": "CONNECT_MANAGED",
        "InstanceAlias": "whisperwire-standin",
        "CreatedTime": 1_700_000_000.0,
        "ServiceRole": format!("arn:aws:iam::{}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_standin", state.identity.account),
        "InstanceStatus": "ACTIVE",
        "InboundCallsEnabled": true,
        "OutboundCallsEnabled": true,
        "InstanceAccessUrl": "https://whisperwire-standin.my.connect.aws",
        "Tags": {}
    }})
}

/// The first values of `name` in the query.
fn query_values<'q>(query: &'q [(String, String)], name: &str) -> Vec<&'q str> {
    query.iter().filter(|(n, _)| n == name).map(|(_, v)| v.as_str()).collect()
}

/// One page of `items` from the offset in `token`: the page and the token of the next one. For
/// an operation whose tokens cycle, always the first page, with `cycle-A` or `cycle-B`.
fn paginate<T: Clone>(
    state: &State,
    items: &[T],
    operation: &str,
    token: Option<&str>,
    max_results: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let (page_size, cycling) = (state.page_size, state.cycling.contains(operation));
    let start = match token {
        Some(token) if !cycling => token
            .strip_prefix(operation)
            .and_then(|rest| rest.strip_prefix(":page-from:"))
            .and_then(|n| n.parse::<usize>().ok())
            .ok_or_else(|| ApiError::invalid_parameter(format!("invalid NextToken {token:?}")))?,
        _ => 0,
    };
    let limit = match max_results {
        None => page_size,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n > 0 => n.min(page_size),
            _ => return Err(ApiError::invalid_parameter(format!("invalid MaxResults {text:?}"))),
        },
    };
    let end = start.saturating_add(limit).min(items.len());
    let page = items.get(start..end).unwrap_or_default().to_vec();
    if cycling {
        let next = match token {
            None | Some("cycle-B") => "cycle-A",
            Some("cycle-A") => "cycle-B",
            Some(token) => return Err(ApiError::invalid_parameter(format!("invalid NextToken {token:?}"))),
        };
        return Ok((page, Some(next.to_owned())));
    }
    let next = (end < items.len()).then(|| format!("{operation}:page-from:{end}"));
    Ok((page, next))
}

/// A list response: `{list_key: page, "NextToken"?: …}`.
fn list_response(list_key: &str, page: Vec<Value>, next: Option<String>) -> Value {
    let mut body = Map::new();
    body.insert(list_key.to_owned(), Value::Array(page));
    if let Some(next) = next {
        body.insert("NextToken".to_owned(), next.into());
    }
    Value::Object(body)
}

/// A GET list: filter, paginate with `nextToken`/`maxResults`, answer under `list_key`.
fn list_from_query(
    state: &State,
    query: &[(String, String)],
    operation: Operation,
    list_key: &str,
    items: &[Value],
) -> Result<Value, ApiError> {
    let token = query_values(query, "nextToken").first().copied();
    let max_results = query_values(query, "maxResults").first().copied();
    let (page, next) = paginate(state, items, operation.name(), token, max_results)?;
    Ok(list_response(list_key, page, next))
}

fn list_contact_flows(state: &State, query: &[(String, String)]) -> Result<Value, ApiError> {
    let types = query_values(query, "contactFlowTypes");
    let items: Vec<Value> = state
        .flows
        .iter()
        .filter(|f| types.is_empty() || types.contains(&f.flow_type.as_str()))
        .map(|f| {
            json!({
                "Id": f.id, "Arn": f.arn, "Name": f.name, "ContactFlowType": f.flow_type,
                "ContactFlowState": f.state, "ContactFlowStatus": f.status
            })
        })
        .collect();
    list_from_query(state, query, Operation::ListContactFlows, "ContactFlowSummaryList", &items)
}

/// A `ContactFlowId` label: the bare id (from an id or an ARN) and whether it names `$SAVED`.
fn bare_flow_id(label: &str) -> (&str, bool) {
    let (id, saved) = match label.strip_suffix(":$SAVED") {
        Some(id) => (id, true),
        None => (label, false),
    };
    (id.rsplit('/').next().unwrap_or(id), saved)
}

/// The `DescribeContactFlow` answer: on `$SAVED` the draft (status `SAVED`) if there is one,
/// else the content with the flow's status.
fn flow_json(flow: &RemoteFlow, saved: bool) -> Value {
    let (content, status) = match (&flow.saved_content, saved) {
        (Some(content), true) => (content.as_str(), "SAVED"),
        _ => (flow.content.as_str(), flow.status.as_str()),
    };
    json!({"ContactFlow": {
        "Arn": flow.arn,
        "Id": flow.id,
        "Name": flow.name,
        "Type": flow.flow_type,
        "State": flow.state,
        "Status": status,
        "Description": flow.description,
        "Content": content,
        "Tags": {},
        "FlowContentSha256": sigv4::sha256_hex(content.as_bytes()),
        "LastModifiedTime": flow.last_modified_secs,
        "LastModifiedRegion": super::REGION
    }})
}

fn describe_contact_flow(state: &State, label: &str) -> Result<Value, ApiError> {
    let (id, saved) = bare_flow_id(label);
    let flow = state.flows.iter().find(|f| f.id == id).ok_or_else(|| ApiError::not_found(&format!("flow {id:?}")))?;
    Ok(flow_json(flow, saved))
}

fn string_member<'b>(body: &'b Value, key: &str) -> Option<&'b str> {
    body.get(key).and_then(Value::as_str)
}

/// The rejection a test arranged, else a check that the content is JSON.
fn check_content(state: &mut State, content: &str) -> Result<(), ApiError> {
    let problems = match state.rejection.take() {
        Some(problems) => problems,
        None if serde_json::from_str::<Value>(content).is_err() => vec!["Invalid flow content: not JSON".to_owned()],
        None => return Ok(()),
    };
    Err(ApiError {
        status: 400,
        code: "InvalidContactFlowException".to_owned(),
        message: "The flow is not valid.".to_owned(),
        problems,
    })
}

fn create_contact_flow(state: &mut State, body: &Value) -> Result<Value, ApiError> {
    let (Some(name), Some(flow_type), Some(content)) =
        (string_member(body, "Name"), string_member(body, "Type"), string_member(body, "Content"))
    else {
        return Err(ApiError::invalid_parameter("Name, Type and Content are required"));
    };
    if state.flows.iter().any(|f| f.name == name) {
        return Err(ApiError::new(409, "DuplicateResourceException", format!("a flow named {name:?} exists")));
    }
    check_content(state, content)?;
    let status = string_member(body, "Status").unwrap_or("PUBLISHED");
    let id = state.new_id(0xf10);
    let last_modified_secs = state.stamp();
    let flow = RemoteFlow {
        arn: format!("{}/contact-flow/{id}", state.identity.instance_arn()),
        id,
        name: name.to_owned(),
        flow_type: flow_type.to_owned(),
        status: status.to_owned(),
        state: "ACTIVE".to_owned(),
        description: string_member(body, "Description").unwrap_or_default().to_owned(),
        content: content.to_owned(),
        sha256: sigv4::sha256_hex(content.as_bytes()),
        saved_content: None,
        last_modified_secs,
    };
    let answer = json!({"ContactFlowId": flow.id, "ContactFlowArn": flow.arn, "FlowContentSha256": flow.sha256});
    state.flows.push(flow);
    Ok(answer)
}

/// On the plain id publishes (content replaced, status `PUBLISHED`, draft dropped); on
/// `id:$SAVED` saves (the draft of a published flow, the content of a never-published one).
fn update_contact_flow_content(state: &mut State, label: &str, body: &Value) -> Result<Value, ApiError> {
    let (id, saved) = bare_flow_id(label);
    let Some(content) = string_member(body, "Content") else {
        return Err(ApiError::invalid_parameter("Content is required"));
    };
    if !state.flows.iter().any(|f| f.id == id) {
        return Err(ApiError::not_found(&format!("flow {id:?}")));
    }
    check_content(state, content)?;
    state.change_flow(id, |flow| if saved { flow.save(content) } else { flow.publish(content) });
    Ok(json!({}))
}

fn list_phone_numbers(state: &State, body: &Value) -> Result<Value, ApiError> {
    let target = string_member(body, "TargetArn");
    let instance = string_member(body, "InstanceId");
    let instance_arn = state.identity.instance_arn();
    if target.is_some_and(|t| t != instance_arn)
        || instance.is_some_and(|i| i != state.identity.instance_id && i != instance_arn)
    {
        return Err(ApiError::not_found(&format!("target {:?}", target.or(instance).unwrap_or_default())));
    }
    let strings = |key: &str| -> Vec<String> {
        body.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect()
    };
    let (countries, types) = (strings("PhoneNumberCountryCodes"), strings("PhoneNumberTypes"));
    let prefix = string_member(body, "PhoneNumberPrefix").unwrap_or_default();
    let items: Vec<Value> = state
        .numbers
        .iter()
        .filter(|n| countries.is_empty() || countries.contains(&n.country))
        .filter(|n| types.is_empty() || types.contains(&n.number_type))
        .filter(|n| n.number.trim_start_matches('+').starts_with(prefix.trim_start_matches('+')))
        .map(|n| {
            json!({
                "PhoneNumberId": n.id, "PhoneNumberArn": n.arn, "PhoneNumber": n.number,
                "PhoneNumberCountryCode": n.country, "PhoneNumberType": n.number_type,
                "TargetArn": instance_arn, "InstanceId": state.identity.instance_id
            })
        })
        .collect();
    let max_results = body.get("MaxResults").map(Value::to_string);
    let (page, next) = paginate(
        state,
        &items,
        Operation::ListPhoneNumbersV2.name(),
        string_member(body, "NextToken"),
        max_results.as_deref(),
    )?;
    Ok(list_response("ListPhoneNumbersSummaryList", page, next))
}

fn list_queues(state: &State, query: &[(String, String)]) -> Result<Value, ApiError> {
    let types = query_values(query, "queueTypes");
    let items: Vec<Value> = state
        .queues
        .iter()
        .filter(|q| types.is_empty() || types.contains(&q.queue_type.as_str()))
        .map(|q| {
            json!({
                "Id": q.id, "Arn": q.arn, "Name": q.name, "QueueType": q.queue_type,
                "LastModifiedTime": q.last_modified_secs, "LastModifiedRegion": super::REGION
            })
        })
        .collect();
    list_from_query(state, query, Operation::ListQueues, "QueueSummaryList", &items)
}

fn describe_queue(state: &State, id: &str) -> Result<Value, ApiError> {
    let queue =
        state.queues.iter().find(|q| q.id == id).ok_or_else(|| ApiError::not_found(&format!("queue {id:?}")))?;
    let mut caller = Map::new();
    for (key, value) in [
        ("OutboundCallerIdName", &queue.caller_id_name),
        ("OutboundCallerIdNumberId", &queue.caller_id_number_id),
        ("OutboundFlowId", &queue.outbound_flow_id),
    ] {
        if let Some(value) = value {
            caller.insert(key.to_owned(), value.as_str().into());
        }
    }
    Ok(json!({"Queue": {
        "Name": queue.name,
        "QueueArn": queue.arn,
        "QueueId": queue.id,
        "Description": "",
        "OutboundCallerConfig": caller,
        "HoursOfOperationId": "0000aaaa-5afe-4000-8000-000000000000",
        "MaxContacts": 0,
        "Status": "ENABLED",
        "Tags": {},
        "LastModifiedTime": queue.last_modified_secs,
        "LastModifiedRegion": super::REGION
    }}))
}

/// Replaces the whole outbound caller configuration: a member absent from the body is cleared.
/// This is the conservative reading of the API (its reference does not say omitted members are
/// kept), so a client that means to keep a member must send it.
fn update_queue_caller_config(state: &mut State, id: &str, body: &Value) -> Result<Value, ApiError> {
    let Some(config) = body.get("OutboundCallerConfig").filter(|c| c.is_object()) else {
        return Err(ApiError::invalid_parameter("OutboundCallerConfig is required"));
    };
    let stamp = state.stamp();
    let queue =
        state.queues.iter_mut().find(|q| q.id == id).ok_or_else(|| ApiError::not_found(&format!("queue {id:?}")))?;
    let member = |key: &str| string_member(config, key).map(str::to_owned);
    queue.caller_id_name = member("OutboundCallerIdName");
    queue.caller_id_number_id = member("OutboundCallerIdNumberId");
    queue.outbound_flow_id = member("OutboundFlowId");
    queue.last_modified_secs = stamp;
    Ok(json!({}))
}

fn list_lambdas(state: &State, query: &[(String, String)]) -> Result<Value, ApiError> {
    let items: Vec<Value> = state.lambdas.iter().map(|arn| Value::from(arn.as_str())).collect();
    list_from_query(state, query, Operation::ListLambdaFunctions, "LambdaFunctions", &items)
}

fn list_prompts(state: &State, query: &[(String, String)]) -> Result<Value, ApiError> {
    let items: Vec<Value> = state.prompts.iter().map(|p| json!({"Id": p.id, "Arn": p.arn, "Name": p.name})).collect();
    list_from_query(state, query, Operation::ListPrompts, "PromptSummaryList", &items)
}
