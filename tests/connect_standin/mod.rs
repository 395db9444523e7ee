//! A local stand-in of the Amazon Connect REST API (restJson1), for tests: one instance, its
//! flows, phone numbers, queues, Lambda functions and prompts, served over HTTP/1.1 on
//! 127.0.0.1. Lives as long as its [`StandIn`]; dropping it stops the server. Every request is
//! recorded with its `SigV4` signature checked for real. Shapes follow `aws-sdk-connect` 1.220's
//! serialisers and deserialisers.
//!
//! Besides the happy path it plays a hostile, real-world service on demand: it throttles, denies,
//! fails with any status, fails reads after an accepted write, answers list calls with a
//! `NextToken` that cycles forever, cuts an answer in half after applying the call, or reads
//! requests and never answers them (see the knobs on [`StandIn`]).
//!
//! Included with `#[path]` by the lib's unit tests, the integration tests and a bench; each uses
//! a different part of it.
#![allow(dead_code, reason = "each includer uses a different part of the stand-in")]

mod http;
mod ops;
pub mod sigv4;

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The stand-in's instance.
pub const INSTANCE_ID: &str = "11111111-2222-3333-4444-555555555555";
pub const REGION: &str = "eu-west-2";
pub const ACCOUNT_ID: &str = "123456789012";
/// Static test credentials; requests must be signed with them.
pub const ACCESS_KEY_ID: &str = "AKIASTANDIN000000000";
pub const SECRET_ACCESS_KEY: &str = "standin/SECRET/0000000000000000000000000";
/// The caller named in `AccessDeniedException` messages.
pub const CALLER_ARN: &str = "arn:aws:iam::123456789012:user/test";

/// Environment variables a child process must not inherit when it talks to the stand-in.
pub const ENV_TO_REMOVE: &[&str] = &[
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE",
    "AWS_SESSION_TOKEN",
    "AWS_ENDPOINT_URL",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_DEFAULT_REGION",
    "AWS_ROLE_ARN",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_USE_FIPS_ENDPOINT",
    "AWS_USE_DUALSTACK_ENDPOINT",
];

/// A flow as the stand-in holds it, in Connect's saved/published model: a flow has a published
/// version once it was ever published, and may have an unpublished draft (saved content) on top.
///
/// - `status == "PUBLISHED"`: `content` is the published version; `saved_content`, if any, is a
///   draft saved on top of it (`id:$SAVED`) and not published.
/// - `status == "SAVED"`: never published; `content` is the saved content and `saved_content`
///   is `None`.
///
/// Publishing (an update on the plain id) replaces `content`, makes the status `PUBLISHED` and
/// drops the draft; saving (an update on `id:$SAVED`) sets the draft of a published flow and
/// replaces the content of a never-published one.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteFlow {
    pub id: String,
    pub arn: String,
    /// Any text: Connect does not restrict it, and flows made outside `CreateContactFlow` may
    /// share a name.
    pub name: String,
    /// `OUTBOUND_WHISPER`, `CONTACT_FLOW`, …
    pub flow_type: String,
    /// `PUBLISHED` (published at least once) or `SAVED` (never published).
    pub status: String,
    /// `ACTIVE` or `ARCHIVED`.
    pub state: String,
    pub description: String,
    /// The published version when `PUBLISHED`, the saved content when `SAVED`: what
    /// `DescribeContactFlow` on the plain id answers.
    pub content: String,
    /// Lowercase hex SHA-256 of `content`.
    pub sha256: String,
    /// A draft saved through `id:$SAVED` on top of the published version and not published;
    /// always `None` while the flow was never published.
    pub saved_content: Option<String>,
    /// Seconds since the Unix epoch, millisecond precision; rises with every change.
    pub last_modified_secs: f64,
}

impl RemoteFlow {
    /// Whether a version of the flow was ever published.
    pub fn is_published(&self) -> bool {
        self.status == "PUBLISHED"
    }

    /// Publishes `content`: it becomes the published version and the draft is gone.
    fn publish(&mut self, content: &str) {
        content.clone_into(&mut self.content);
        self.sha256 = sigv4::sha256_hex(content.as_bytes());
        "PUBLISHED".clone_into(&mut self.status);
        self.saved_content = None;
    }

    /// Saves `content` without publishing: the draft of a published flow, the content of a
    /// never-published one.
    fn save(&mut self, content: &str) {
        if self.is_published() {
            self.saved_content = Some(content.to_owned());
        } else {
            content.clone_into(&mut self.content);
            self.sha256 = sigv4::sha256_hex(content.as_bytes());
        }
    }
}

/// A claimed phone number.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteNumber {
    pub id: String,
    pub arn: String,
    /// E.164.
    pub number: String,
    /// `DID`, `TOLL_FREE`, …
    pub number_type: String,
    /// ISO 3166-1 alpha-2, e.g. `US`.
    pub country: String,
}

/// A queue and its outbound caller configuration.
#[derive(Clone, Debug, PartialEq)]
pub struct RemoteQueue {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// `STANDARD` or `AGENT`.
    pub queue_type: String,
    pub caller_id_number_id: Option<String>,
    pub caller_id_name: Option<String>,
    pub outbound_flow_id: Option<String>,
    pub last_modified_secs: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct RemotePrompt {
    pub id: String,
    pub arn: String,
    pub name: String,
}

/// One request the stand-in answered, as it arrived.
#[derive(Clone, Debug)]
pub struct Request {
    /// `DescribeContactFlow`, …, or `Unknown` for a route the stand-in does not serve.
    pub operation: String,
    pub method: String,
    /// As sent, still percent-encoded (`/contact-flows/…/abc%3A%24SAVED/content`).
    pub path: String,
    /// As sent (without `?`), still percent-encoded.
    pub query: String,
    /// Names in lowercase, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The HTTP status answered; `0` when the request was never answered (silence).
    pub status: u16,
    /// The `SigV4` check: `Err` says what did not match.
    pub signature: Result<(), String>,
}

impl Request {
    /// The decoded query parameters, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        sigv4::query_pairs(&self.query)
    }

    /// The first value of a header (name in lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Calls of one operation that fail as a test arranged.
struct Failure {
    left: u32,
    status: u16,
    code: String,
}

/// Failures armed by the next successful call of another operation.
struct ArmedFailure {
    /// The operation whose success arms them.
    after: String,
    operation: String,
    times: u32,
}

/// Which instance a stand-in plays: its id, region and account. Two stand-ins of different
/// identities also hand out different resource ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    pub instance_id: String,
    pub region: String,
    pub account: String,
    /// Where its resource-id counter starts.
    pub first_id: u64,
}

impl Default for Identity {
    fn default() -> Self {
        Self {
            instance_id: INSTANCE_ID.to_owned(),
            region: REGION.to_owned(),
            account: ACCOUNT_ID.to_owned(),
            first_id: 0,
        }
    }
}

impl Identity {
    pub fn instance_arn(&self) -> String {
        format!("arn:aws:connect:{}:{}:instance/{}", self.region, self.account, self.instance_id)
    }
}

/// Everything the stand-in knows, behind one lock.
struct State {
    identity: Identity,
    flows: Vec<RemoteFlow>,
    numbers: Vec<RemoteNumber>,
    queues: Vec<RemoteQueue>,
    lambdas: Vec<String>,
    prompts: Vec<RemotePrompt>,
    page_size: usize,
    latency: Duration,
    throttles: BTreeMap<String, u32>,
    denied: BTreeSet<String>,
    rejection: Option<Vec<String>>,
    /// Requests are read and recorded but never answered.
    silent: bool,
    /// List operations whose `NextToken` cycles forever.
    cycling: BTreeSet<String>,
    failures: BTreeMap<String, Failure>,
    armed: Vec<ArmedFailure>,
    /// Operations whose next answer is cut in half.
    cuts: BTreeSet<String>,
    requests: Vec<Request>,
    next_id: u64,
    last_stamp_secs: f64,
}

impl State {
    fn new_id(&mut self, kind: u16) -> String {
        self.next_id += 1;
        format!("{kind:04x}{:04x}-5afe-4000-8000-{:012x}", self.next_id >> 48, self.next_id & 0xffff_ffff_ffff)
    }

    /// Now, in epoch seconds to the millisecond, always later than the previous stamp.
    fn stamp(&mut self) -> f64 {
        let now_millis = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
        let now = f64::from(u32::try_from(now_millis / 1000).unwrap_or(u32::MAX))
            + f64::from(u32::try_from(now_millis % 1000).unwrap_or(0)) / 1000.0;
        let stamp = if now > self.last_stamp_secs { now } else { self.last_stamp_secs + 0.001 };
        self.last_stamp_secs = stamp;
        stamp
    }

    fn flow_mut(&mut self, id: &str) -> Option<&mut RemoteFlow> {
        self.flows.iter_mut().find(|f| f.id == id)
    }

    /// Changes one flow and stamps it; nothing if there is no such flow.
    fn change_flow(&mut self, id: &str, change: impl FnOnce(&mut RemoteFlow)) {
        let stamp = self.stamp();
        if let Some(flow) = self.flow_mut(id) {
            change(flow);
            flow.last_modified_secs = stamp;
        }
    }

    /// The failure arranged for the next call of `operation`, if any; counts it.
    fn take_failure(&mut self, operation: &str) -> Option<(u16, String)> {
        let failure = self.failures.get_mut(operation).filter(|f| f.left > 0)?;
        failure.left -= 1;
        Some((failure.status, failure.code.clone()))
    }

    /// `operation` succeeded: the failures armed to follow it now apply.
    fn succeeded(&mut self, operation: &str) {
        let (fired, waiting): (Vec<ArmedFailure>, Vec<ArmedFailure>) =
            std::mem::take(&mut self.armed).into_iter().partition(|armed| armed.after == operation);
        self.armed = waiting;
        for armed in fired {
            let failure = Failure { left: armed.times, status: 500, code: "InternalServiceException".to_owned() };
            self.failures.insert(armed.operation, failure);
        }
    }
}

/// What the server threads share with the handle.
struct Shared {
    state: Mutex<State>,
    /// Signalled (with `state` locked) when silence ends or the stand-in stops.
    wake: Condvar,
    stopping: AtomicBool,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    connections: Mutex<Vec<(TcpStream, JoinHandle<()>)>>,
    keys: sigv4::SigningKeys,
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_silent(&self) -> bool {
        self.state().silent
    }

    /// Blocks while the stand-in is silent and running.
    fn hold_while_silent(&self) {
        let state = self.state();
        let _state = self
            .wake
            .wait_while(state, |state| state.silent && !self.stopping.load(Ordering::SeqCst))
            .unwrap_or_else(PoisonError::into_inner);
    }
}

/// The running stand-in. Dropping it stops the server and closes its connections.
pub struct StandIn {
    identity: Identity,
    shared: Arc<Shared>,
    addr: SocketAddr,
    acceptor: Option<JoinHandle<()>>,
}

impl StandIn {
    /// Starts a stand-in on an ephemeral port of 127.0.0.1.
    ///
    /// # Panics
    /// If no port can be bound or no thread spawned ([`StandIn::try_start`] says why instead).
    pub fn start() -> StandIn {
        match StandIn::try_start() {
            Ok(standin) => standin,
            Err(error) => panic!("cannot start the Connect stand-in: {error}"),
        }
    }

    pub fn try_start() -> std::io::Result<StandIn> {
        StandIn::try_start_as(Identity::default())
    }

    /// Starts a stand-in playing the instance `identity` describes.
    ///
    /// # Panics
    /// As [`StandIn::start`].
    pub fn start_as(identity: Identity) -> StandIn {
        match StandIn::try_start_as(identity) {
            Ok(standin) => standin,
            Err(error) => panic!("cannot start the Connect stand-in: {error}"),
        }
    }

    pub fn try_start_as(identity: Identity) -> std::io::Result<StandIn> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                identity: identity.clone(),
                flows: Vec::new(),
                numbers: Vec::new(),
                queues: Vec::new(),
                lambdas: Vec::new(),
                prompts: Vec::new(),
                page_size: 100,
                latency: Duration::ZERO,
                throttles: BTreeMap::new(),
                denied: BTreeSet::new(),
                rejection: None,
                silent: false,
                cycling: BTreeSet::new(),
                failures: BTreeMap::new(),
                armed: Vec::new(),
                cuts: BTreeSet::new(),
                requests: Vec::new(),
                next_id: identity.first_id,
                last_stamp_secs: 0.0,
            }),
            wake: Condvar::new(),
            stopping: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            connections: Mutex::new(Vec::new()),
            keys: sigv4::SigningKeys {
                access_key_id: ACCESS_KEY_ID.to_owned(),
                secret_access_key: SECRET_ACCESS_KEY.to_owned(),
                region: identity.region.clone(),
                service: "connect".to_owned(),
            },
        });
        let for_acceptor = Arc::clone(&shared);
        let acceptor = std::thread::Builder::new()
            .name("connect-standin-accept".to_owned())
            .spawn(move || accept_loop(&for_acceptor, &listener))?;
        Ok(StandIn { identity, shared, addr, acceptor: Some(acceptor) })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn instance_id(&self) -> &str {
        &self.identity.instance_id
    }

    pub fn instance_arn(&self) -> String {
        self.identity.instance_arn()
    }

    pub fn region(&self) -> &str {
        &self.identity.region
    }

    /// The keys requests must be signed with.
    pub fn keys(&self) -> &sigv4::SigningKeys {
        &self.shared.keys
    }

    /// Environment for a child process that should reach the stand-in and nothing else; also
    /// remove [`ENV_TO_REMOVE`] (or use [`StandIn::configure`]).
    pub fn env(&self) -> Vec<(String, String)> {
        let nowhere = "/nonexistent/whisperwire-connect-standin";
        [
            ("AWS_ENDPOINT_URL_CONNECT", self.endpoint()),
            ("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID.to_owned()),
            ("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY.to_owned()),
            ("AWS_REGION", self.identity.region.clone()),
            ("AWS_CONFIG_FILE", format!("{nowhere}/config")),
            ("AWS_SHARED_CREDENTIALS_FILE", format!("{nowhere}/credentials")),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value))
        .collect()
    }

    /// Sets [`StandIn::env`] on `command` and removes [`ENV_TO_REMOVE`].
    pub fn configure<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        for name in ENV_TO_REMOVE {
            command.env_remove(name);
        }
        command.envs(self.env())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state()
    }

    /// Adds a flow; returns its id. `status` is `PUBLISHED` (published, no draft) or `SAVED`
    /// (never published). Any name is taken, the name of another flow too.
    pub fn add_flow(&self, name: &str, flow_type: &str, status: &str, content: &str) -> String {
        let mut state = self.state();
        let id = state.new_id(0xf10);
        let last_modified_secs = state.stamp();
        let arn = format!("{}/contact-flow/{id}", state.identity.instance_arn());
        state.flows.push(RemoteFlow {
            arn,
            id: id.clone(),
            name: name.to_owned(),
            flow_type: flow_type.to_owned(),
            status: status.to_owned(),
            state: "ACTIVE".to_owned(),
            description: String::new(),
            content: content.to_owned(),
            sha256: sigv4::sha256_hex(content.as_bytes()),
            saved_content: None,
            last_modified_secs,
        });
        id
    }

    pub fn flow(&self, id: &str) -> Option<RemoteFlow> {
        self.state().flows.iter().find(|f| f.id == id).cloned()
    }

    pub fn flows(&self) -> Vec<RemoteFlow> {
        self.state().flows.clone()
    }

    /// The flows named exactly `name`, in the order they were made (names need not be unique).
    pub fn flow_by_name(&self, name: &str) -> Vec<RemoteFlow> {
        self.state().flows.iter().filter(|f| f.name == name).cloned().collect()
    }

    /// Someone edited and published the flow in the console: new content, hash and time, status
    /// `PUBLISHED`; any unpublished draft is gone.
    pub fn edit_flow_remotely(&self, id: &str, content: &str) {
        self.state().change_flow(id, |flow| flow.publish(content));
    }

    /// Someone pressed Save in the console (as an update on `id:$SAVED`): the draft of a
    /// published flow, the content of a never-published one; new time.
    pub fn save_flow_draft_remotely(&self, id: &str, content: &str) {
        self.state().change_flow(id, |flow| flow.save(content));
    }

    /// Someone renamed the flow in the console (any text, another flow's name too); new time.
    pub fn rename_flow_remotely(&self, id: &str, name: &str) {
        self.state().change_flow(id, |flow| name.clone_into(&mut flow.name));
    }

    /// Claims a phone number for the instance; returns its `PhoneNumberId`.
    pub fn add_number(&self, e164: &str, number_type: &str, country: &str) -> String {
        let mut state = self.state();
        let id = state.new_id(0x9e0);
        let arn = format!("arn:aws:connect:{}:{}:phone-number/{id}", state.identity.region, state.identity.account);
        state.numbers.push(RemoteNumber {
            arn,
            id: id.clone(),
            number: e164.to_owned(),
            number_type: number_type.to_owned(),
            country: country.to_owned(),
        });
        id
    }

    /// Adds a `STANDARD` queue; returns its id.
    pub fn add_queue(
        &self,
        name: &str,
        caller_id_number_id: Option<&str>,
        caller_id_name: Option<&str>,
        outbound_flow_id: Option<&str>,
    ) -> String {
        let mut state = self.state();
        let id = state.new_id(0x0e0);
        let last_modified_secs = state.stamp();
        let arn = format!("{}/queue/{id}", state.identity.instance_arn());
        state.queues.push(RemoteQueue {
            arn,
            id: id.clone(),
            name: name.to_owned(),
            queue_type: "STANDARD".to_owned(),
            caller_id_number_id: caller_id_number_id.map(str::to_owned),
            caller_id_name: caller_id_name.map(str::to_owned),
            outbound_flow_id: outbound_flow_id.map(str::to_owned),
            last_modified_secs,
        });
        id
    }

    pub fn queue(&self, id: &str) -> Option<RemoteQueue> {
        self.state().queues.iter().find(|q| q.id == id).cloned()
    }

    pub fn queues(&self) -> Vec<RemoteQueue> {
        self.state().queues.clone()
    }

    /// An admin set the queue's outbound caller configuration in the console: all three fields
    /// as given (`None` clears), new time.
    pub fn set_queue_caller_remotely(
        &self,
        id: &str,
        number_id: Option<&str>,
        name: Option<&str>,
        flow_id: Option<&str>,
    ) {
        let mut state = self.state();
        let stamp = state.stamp();
        if let Some(queue) = state.queues.iter_mut().find(|q| q.id == id) {
            queue.caller_id_number_id = number_id.map(str::to_owned);
            queue.caller_id_name = name.map(str::to_owned);
            queue.outbound_flow_id = flow_id.map(str::to_owned);
            queue.last_modified_secs = stamp;
        }
    }

    /// Associates a Lambda function with the instance.
    pub fn add_lambda(&self, arn: &str) {
        self.state().lambdas.push(arn.to_owned());
    }

    /// Adds a prompt; returns its id.
    pub fn add_prompt(&self, name: &str) -> String {
        let mut state = self.state();
        let id = state.new_id(0x960);
        let arn = format!("{}/prompt/{id}", state.identity.instance_arn());
        state.prompts.push(RemotePrompt { arn, id: id.clone(), name: name.to_owned() });
        id
    }

    /// List operations answer at most `n` items per page (fewer if the request's `MaxResults`
    /// is smaller) and a `NextToken` while more remain. At least 1.
    pub fn set_page_size(&self, n: usize) {
        self.state().page_size = n.max(1);
    }

    /// Every response is delayed by `latency`.
    pub fn set_latency(&self, latency: Duration) {
        self.state().latency = latency;
    }

    /// The next `times` calls of `operation` (e.g. `"ListContactFlows"`) answer 429
    /// `ThrottlingException`.
    pub fn throttle(&self, operation: &str, times: u32) {
        self.state().throttles.insert(operation.to_owned(), times);
    }

    /// Every call of `operation` answers 403 `AccessDeniedException`, worded like IAM's.
    pub fn deny(&self, operation: &str) {
        self.state().denied.insert(operation.to_owned());
    }

    /// The next `UpdateContactFlowContent` or `CreateContactFlow` answers 400
    /// `InvalidContactFlowException` with these problems.
    pub fn reject_content(&self, problems: &[&str]) {
        self.state().rejection = Some(problems.iter().map(|p| (*p).to_owned()).collect());
    }

    /// While `silent`, every request is read and recorded (with `status` 0) but never answered:
    /// its connection stays open without a byte sent until silence ends or the stand-in is
    /// dropped, and is then closed without an answer. Nothing is applied.
    pub fn set_silent(&self, silent: bool) {
        self.state().silent = silent;
        self.shared.wake.notify_all();
    }

    /// The list `operation` (e.g. `"ListContactFlows"`) answers forever: every page holds the
    /// first page's items; the first page (no token) ends with `NextToken` `cycle-A`, a request
    /// with `cycle-A` gets a page ending `cycle-B`, and `cycle-B` one ending `cycle-A` again.
    pub fn cycle_tokens(&self, operation: &str) {
        self.state().cycling.insert(operation.to_owned());
    }

    /// The next `times` calls of `operation` answer `status` with error code `code` (e.g. 500
    /// `InternalServiceException`) and change nothing.
    pub fn fail_next(&self, operation: &str, times: u32, status: u16, code: &str) {
        let failure = Failure { left: times, status, code: code.to_owned() };
        self.state().failures.insert(operation.to_owned(), failure);
    }

    /// After the next call of `trigger` that succeeds (e.g. `"UpdateContactFlowContent"`), the
    /// next `times` calls of `operation` (e.g. `"DescribeContactFlow"`) answer 500
    /// `InternalServiceException`: a write accepted, then the service fails.
    pub fn fail_after(&self, trigger: &str, operation: &str, times: u32) {
        let armed = ArmedFailure { after: trigger.to_owned(), operation: operation.to_owned(), times };
        self.state().armed.push(armed);
    }

    /// The next call of `operation` is applied for real, whatever it answers, but the answer is
    /// cut: status line and headers with the whole body's `Content-Length`, half the body, then
    /// the connection is closed. Retries are served normally (a retried `CreateContactFlow`
    /// meets `DuplicateResourceException`).
    pub fn cut_answer(&self, operation: &str) {
        self.state().cuts.insert(operation.to_owned());
    }

    /// Every request so far, in the order they were answered.
    pub fn requests(&self) -> Vec<Request> {
        self.state().requests.clone()
    }

    /// The requests for one operation.
    pub fn requests_for(&self, operation: &str) -> Vec<Request> {
        self.state().requests.iter().filter(|r| r.operation == operation).cloned().collect()
    }

    /// The highest number of requests being answered at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        {
            // Under the lock, so that a connection about to hold for silence sees it.
            let _state = self.shared.state();
            self.shared.stopping.store(true, Ordering::SeqCst);
        }
        self.shared.wake.notify_all();
        // Wake the acceptor, which then sees `stopping`.
        let _ = TcpStream::connect(self.addr);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let connections = std::mem::take(&mut *self.shared.connections.lock().unwrap_or_else(PoisonError::into_inner));
        for (stream, _) in &connections {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        for (_, thread) in connections {
            let _ = thread.join();
        }
    }
}

fn accept_loop(shared: &Arc<Shared>, listener: &TcpListener) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let _ = stream.set_nodelay(true);
        let Ok(for_drop) = stream.try_clone() else { continue };
        let for_thread = Arc::clone(shared);
        let spawned = std::thread::Builder::new().name("connect-standin-conn".to_owned()).spawn(move || {
            serve_connection(&for_thread, &stream);
            // The handle keeps a clone for `Drop`; only a shutdown tells the client it is over.
            let _ = stream.shutdown(std::net::Shutdown::Both);
        });
        if let Ok(thread) = spawned {
            shared.connections.lock().unwrap_or_else(PoisonError::into_inner).push((for_drop, thread));
        }
    }
}

/// Answers requests on one connection until the client closes it (keep-alive), the stand-in
/// stops, or an answer is cut or withheld.
fn serve_connection(shared: &Shared, stream: &TcpStream) {
    let (Ok(mut writer), Ok(reading)) = (stream.try_clone(), stream.try_clone()) else { return };
    let mut reader = BufReader::new(reading);
    loop {
        let request = match http::read_request(&mut reader, &mut writer, || !shared.is_silent()) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(error) => {
                if error.kind() == std::io::ErrorKind::InvalidData {
                    let body = ops::error_body("SerializationException", &error.to_string(), &[]);
                    let response = http::Response { status: 400, headers: Vec::new(), body };
                    let _ = http::write_response(&mut writer, &response, true);
                }
                return;
            }
        };
        let close = request.wants_close();
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let delivery = ops::answer(shared, &request);
        let written = match &delivery {
            http::Delivery::Full(response) => http::write_response(&mut writer, response, close),
            http::Delivery::Cut(response) => http::write_cut_response(&mut writer, response),
            http::Delivery::Withheld => Ok(()),
        };
        shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        match delivery {
            http::Delivery::Full(_) if written.is_ok() && !close && !shared.stopping.load(Ordering::SeqCst) => {}
            http::Delivery::Withheld => {
                shared.hold_while_silent();
                return;
            }
            _ => return,
        }
    }
}
