//! Amazon Connect through the official AWS SDK: `pull` an instance into a workspace and
//! `publish` a workspace's flows and queue settings back, with whisperwire's validation,
//! semantic diff and drift check in front of every write.
//!
//! The only room that opens sockets (DESIGN.md §2), and only when the user asked. Each
//! [`Session`] owns a single-threaded Tokio runtime for the SDK; callers stay synchronous (the
//! CLI blocks, the designer calls from a worker thread). Configuration and credentials come from
//! `aws-config`'s standard chain (environment, shared files, SSO, profiles, and
//! `AWS_ENDPOINT_URL_CONNECT`); whisperwire never writes or prints credentials.

mod error;
pub mod publish;
pub mod pull;
mod remote;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_connect::Client;
use aws_sdk_connect::config::{ProvideCredentials as _, Region};

pub use error::{ConnectError, Operation};
pub use publish::{FlowPlan, FlowStep, PublishOptions, PublishPlan, PublishReport, QueuePlan};
pub use pull::{PullOptions, PullReport};
pub use remote::{FlowState, RemoteFlow};

/// How many describe calls run at once: enough to hide latency (200 flows at 50 ms in well
/// under 3 s), few enough to stay near Amazon Connect's per-account API rates; throttled calls
/// are retried by the SDK's standard retry.
pub const IN_FLIGHT: usize = 8;

/// The longest one API operation may take, retries included, unless `--timeout` says otherwise.
pub const DEFAULT_DEADLINE: Duration = Duration::from_mins(1);
/// The longest a connection may take to open.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest one attempt may take, from sending the request to the last byte of the answer
/// (a server that accepts and never answers is given up on after this).
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(20);
/// Attempts per operation: the first and two retries of throttled or failed calls. Creating a
/// flow is never retried by the SDK: an answer lost on the way would create it twice.
pub const MAX_ATTEMPTS: u32 = 3;

/// Where to reach Amazon Connect: the named profile and region, when not the chain's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    pub region: Option<String>,
    pub profile: Option<String>,
    /// The overall deadline of one API operation, retries included ([`DEFAULT_DEADLINE`]).
    pub deadline: Option<Duration>,
    /// Whether Ctrl+C stops the operation cleanly (the command line); the designer has its own
    /// Cancel.
    pub interruptible: bool,
    /// Unit tests of the designer reach the stand-in this way: they run in one process, where
    /// environment variables (`AWS_ENDPOINT_URL_CONNECT`, keys) cannot be set per test. The
    /// command line is tested through the environment, as users configure it.
    #[cfg(test)]
    pub stand_in: Option<StandInAccess>,
}

impl Settings {
    pub fn new(region: Option<String>, profile: Option<String>) -> Self {
        Self {
            region,
            profile,
            deadline: None,
            interruptible: false,
            #[cfg(test)]
            stand_in: None,
        }
    }
}

/// A stand-in's endpoint and the static test credentials it accepts (unit tests only).
#[cfg(test)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StandInAccess {
    pub endpoint: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

/// Progress of a long operation, and the way to stop it. The designer's worker thread shares
/// one with the window; the CLI uses [`Progress::quiet`].
#[derive(Debug, Clone, Default)]
pub struct Progress {
    inner: Arc<ProgressInner>,
}

#[derive(Debug, Default)]
struct ProgressInner {
    cancelled: AtomicBool,
    state: std::sync::Mutex<ProgressState>,
}

/// What a [`Progress`] says now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProgressState {
    /// What is being done: "Reading flows", "Publishing Sales whisper", …
    pub stage: String,
    pub done: usize,
    pub total: usize,
}

impl Progress {
    /// A progress nobody watches.
    pub fn quiet() -> Self {
        Self::default()
    }

    /// Asks the operation to stop at its next step; what was written stays written and the link
    /// says so.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::Relaxed)
    }

    pub fn state(&self) -> ProgressState {
        self.inner.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn stage(&self, stage: &str, total: usize) {
        if let Ok(mut state) = self.inner.state.lock() {
            *state = ProgressState { stage: stage.to_owned(), done: 0, total };
        }
    }

    fn step(&self) {
        if let Ok(mut state) = self.inner.state.lock() {
            state.done += 1;
        }
    }

    fn check(&self) -> Result<(), ConnectError> {
        if self.is_cancelled() { Err(ConnectError::Cancelled) } else { Ok(()) }
    }
}

/// A connection to Amazon Connect in one region: the SDK client and the runtime it runs on.
pub struct Session {
    runtime: tokio::runtime::Runtime,
    client: Client,
    region: String,
    profile: Option<String>,
    interruptible: bool,
    /// Set by the caller's [`Progress`] so a hung request ends at once when cancelled.
    cancel: Progress,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("region", &self.region).field("profile", &self.profile).finish_non_exhaustive()
    }
}

impl Session {
    /// Loads the AWS configuration (standard chain, `settings` overriding profile and region)
    /// and builds the client. Opens no connection yet.
    pub fn open(settings: &Settings) -> Result<Self, ConnectError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| ConnectError::Config(format!("cannot start the AWS SDK's runtime: {e}")))?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &settings.region {
            loader = loader.region(Region::new(region.clone()));
        }
        loader = loader.timeout_config(timeouts(settings.deadline.unwrap_or(DEFAULT_DEADLINE))).retry_config(
            RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS).with_max_backoff(Duration::from_secs(5)),
        );
        #[cfg(test)]
        if let Some(stand_in) = &settings.stand_in {
            let credentials = aws_sdk_connect::config::Credentials::new(
                &stand_in.access_key_id,
                &stand_in.secret_access_key,
                None,
                None,
                "whisperwire-tests",
            );
            loader = loader.endpoint_url(&stand_in.endpoint).credentials_provider(credentials);
        }
        let config = runtime.block_on(loader.load());
        let Some(region) = config.region().map(ToString::to_string) else {
            return Err(ConnectError::Config(
                "no AWS region: pass --region, set AWS_REGION, or give the profile a region".to_owned(),
            ));
        };
        // Credentials are resolved now, so a missing or broken profile gets its own sentence
        // before any request (the SDK would otherwise report the last provider it tried).
        let Some(provider) = config.credentials_provider() else {
            return Err(ConnectError::Config("no AWS credentials provider is configured".to_owned()));
        };
        if let Err(error) = runtime.block_on(provider.provide_credentials()) {
            let whose = settings.profile.as_ref().map_or_else(
                || "the standard chain (environment, ~/.aws files, SSO, instance role)".to_owned(),
                |p| format!("profile {p:?}"),
            );
            return Err(ConnectError::Config(format!(
                "no usable AWS credentials from {whose} ({}); set a profile (--profile, AWS_PROFILE), sign in with \
                 `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                error::deepest_cause(&error)
            )));
        }
        let client = Client::new(&config);
        Ok(Self {
            runtime,
            client,
            region,
            profile: settings.profile.clone(),
            interruptible: settings.interruptible,
            cancel: Progress::quiet(),
        })
    }

    /// Lets `progress`'s Cancel end a request in flight, not only between requests.
    pub fn watch(&mut self, progress: &Progress) {
        self.cancel = progress.clone();
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// Runs `future` to its end, or until the user cancels (the designer's Cancel, or Ctrl+C on
    /// the command line): then the request in flight is dropped and the answer is
    /// [`ConnectError::Cancelled`].
    fn block_on<T, F: Future<Output = Result<T, ConnectError>>>(&self, future: F) -> Result<T, ConnectError> {
        let cancel = self.cancel.clone();
        let interruptible = self.interruptible;
        self.runtime.block_on(async move {
            let cancelled = async {
                loop {
                    if cancel.is_cancelled() {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            };
            let interrupted = async {
                if interruptible && tokio::signal::ctrl_c().await.is_ok() {
                    cancel.cancel();
                    return;
                }
                std::future::pending::<()>().await;
            };
            tokio::select! {
                result = future => result,
                () = cancelled => Err(ConnectError::Cancelled),
                () = interrupted => Err(ConnectError::Cancelled),
            }
        })
    }
}

/// The SDK's timeouts for an operation deadline: connect and attempt timeouts never longer than
/// the deadline itself.
fn timeouts(deadline: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT.min(deadline))
        .read_timeout(ATTEMPT_TIMEOUT.min(deadline))
        .operation_attempt_timeout(ATTEMPT_TIMEOUT.min(deadline))
        .operation_timeout(deadline)
        .build()
}

/// The instance id in an instance ARN (`arn:aws:connect:REGION:ACCOUNT:instance/ID`) with the
/// ARN's region, or the text itself (an id) with none.
pub fn parse_instance(text: &str) -> (String, Option<String>) {
    let text = text.trim();
    let mut parts = text.splitn(6, ':');
    if let (Some("arn"), Some(_), Some("connect"), Some(region), Some(_), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        && let Some(id) = resource.strip_prefix("instance/")
    {
        let id = id.split('/').next().unwrap_or(id);
        return (id.to_owned(), Some(region.to_owned()).filter(|r| !r.is_empty()));
    }
    (text.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_arn_gives_its_id_and_region() {
        let arn = "arn:aws:connect:eu-west-2:123456789012:instance/11111111-2222-3333-4444-555555555555";
        assert_eq!(
            parse_instance(arn),
            ("11111111-2222-3333-4444-555555555555".to_owned(), Some("eu-west-2".to_owned()))
        );
        assert_eq!(parse_instance(" abc "), ("abc".to_owned(), None));
    }
}
