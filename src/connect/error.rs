//! What can go wrong talking to Amazon Connect, each in one sentence an admin can act on, and
//! which exit code it means (README: 1 refused, 2 configuration, credentials, connection).

use aws_sdk_connect::config::http::HttpResponse;
use aws_sdk_connect::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// The raw answers whose HTTP status an error can name.
pub trait HttpStatus {
    fn http_status(&self) -> u16;
}

impl HttpStatus for HttpResponse {
    fn http_status(&self) -> u16 {
        self.status().as_u16()
    }
}

/// The Amazon Connect API operations whisperwire calls; each is also the IAM action
/// `connect:<name>` a policy must allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    DescribeInstance,
    ListContactFlows,
    DescribeContactFlow,
    ListPhoneNumbersV2,
    ListQueues,
    DescribeQueue,
    ListLambdaFunctions,
    ListPrompts,
    UpdateContactFlowContent,
    CreateContactFlow,
    UpdateQueueOutboundCallerConfig,
}

impl Operation {
    /// Every operation, in the order the README lists the IAM actions.
    pub const ALL: [Self; 11] = [
        Self::DescribeInstance,
        Self::ListContactFlows,
        Self::DescribeContactFlow,
        Self::ListPhoneNumbersV2,
        Self::ListQueues,
        Self::DescribeQueue,
        Self::ListLambdaFunctions,
        Self::ListPrompts,
        Self::UpdateContactFlowContent,
        Self::CreateContactFlow,
        Self::UpdateQueueOutboundCallerConfig,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::DescribeInstance => "DescribeInstance",
            Self::ListContactFlows => "ListContactFlows",
            Self::DescribeContactFlow => "DescribeContactFlow",
            Self::ListPhoneNumbersV2 => "ListPhoneNumbersV2",
            Self::ListQueues => "ListQueues",
            Self::DescribeQueue => "DescribeQueue",
            Self::ListLambdaFunctions => "ListLambdaFunctions",
            Self::ListPrompts => "ListPrompts",
            Self::UpdateContactFlowContent => "UpdateContactFlowContent",
            Self::CreateContactFlow => "CreateContactFlow",
            Self::UpdateQueueOutboundCallerConfig => "UpdateQueueOutboundCallerConfig",
        }
    }

    /// The IAM action that allows this call.
    pub fn iam_action(self) -> String {
        format!("connect:{}", self.name())
    }
}

/// A failure talking to Amazon Connect, or a refusal by it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnectError {
    /// No region, an unknown profile, no credentials: the AWS configuration needs fixing.
    #[error("{0}")]
    Config(String),
    /// Amazon Connect could not be reached (no network, a wrong endpoint).
    #[error("{0}")]
    Connection(String),
    /// The credentials were refused, or lack a permission.
    #[error("{message}")]
    AccessDenied { action: String, message: String },
    /// The instance (or a flow or queue) is not there: a wrong id, or the wrong region.
    #[error("{0}")]
    NotFound(String),
    /// Amazon Connect's own validation refused a flow's content.
    #[error("Amazon Connect refused the flow: {}", problems.join("; "))]
    InvalidFlow { problems: Vec<String> },
    /// Someone changed the flow in Amazon Connect since the last pull or publish.
    #[error("{0}")]
    Drift(String),
    /// Amazon Connect's answers made no sense (a paging that never ends).
    #[error("{0}")]
    Protocol(String),
    /// Any other answer from the service.
    #[error("Amazon Connect answered {operation} with {code}: {message}")]
    Service { operation: &'static str, code: String, message: String },
    /// A workspace file could not be read or written.
    #[error("{0}")]
    Workspace(String),
    /// The user stopped the operation.
    #[error("stopped; what was already written is recorded in the link file, nothing more was sent or written")]
    Cancelled,
}

impl ConnectError {
    /// The process exit code this error means (README, "Exit codes"): 1 when the write was
    /// refused (Amazon Connect's own problems with a flow, a conflict), 2 for everything that
    /// went wrong (configuration, credentials, connection, timeouts, the service, the disk, a
    /// stop by the user).
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::InvalidFlow { .. } | Self::Drift(_) => 1,
            _ => 2,
        }
    }

    /// Reads an SDK error of `operation` into one clear sentence.
    pub(super) fn from_sdk<E, R>(operation: Operation, region: &str, error: &SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + HttpStatus + 'static,
    {
        match error {
            SdkError::ServiceError(service) => {
                Self::from_service(operation, region, service.err(), service.raw().http_status())
            }
            SdkError::DispatchFailure(failure) => {
                let detail = DisplayErrorContext(error).to_string();
                if failure.is_user() || detail.contains("credential") {
                    return Self::Config(format!(
                        "no usable AWS credentials for Amazon Connect ({}): set a profile (--profile, AWS_PROFILE), \
                         sign in with `aws sso login`, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                        deepest_cause(error)
                    ));
                }
                Self::Connection(format!(
                    "cannot reach Amazon Connect in {region} ({}); check the network and the region",
                    deepest_cause(error)
                ))
            }
            SdkError::TimeoutError(_) => Self::Connection(format!(
                "Amazon Connect in {region} did not answer {} in time (see --timeout); nothing more was sent",
                operation.name()
            )),
            SdkError::ConstructionFailure(_) => {
                let detail = DisplayErrorContext(error).to_string();
                Self::Config(format!("cannot build the {} request: {}", operation.name(), short(&detail)))
            }
            SdkError::ResponseError(response) => Self::Connection(format!(
                "Amazon Connect's answer to {} was cut off or could not be read (HTTP {}: {})",
                operation.name(),
                response.raw().http_status(),
                deepest_cause(error)
            )),
            _ => Self::Connection(format!(
                "Amazon Connect's answer to {} could not be read ({})",
                operation.name(),
                deepest_cause(error)
            )),
        }
    }

    fn from_service<E: ProvideErrorMetadata>(operation: Operation, region: &str, error: &E, status: u16) -> Self {
        let Some(code) = error.code().filter(|c| !c.is_empty()).map(str::to_owned) else {
            return Self::Service {
                operation: operation.name(),
                code: format!("HTTP {status}"),
                message: "no error code or message".to_owned(),
            };
        };
        let message = error.message().unwrap_or_default().to_owned();
        match code.as_str() {
            "AccessDeniedException" | "AccessDenied" => Self::AccessDenied {
                action: operation.iam_action(),
                message: format!(
                    "access denied: these AWS credentials may not call {} (Amazon Connect said: {message}); \
                     allow that action in the IAM policy",
                    operation.iam_action()
                ),
            },
            "UnrecognizedClientException" | "InvalidSignatureException" | "ExpiredTokenException" => {
                Self::Config(format!("Amazon Connect refused the AWS credentials ({code}): {message}"))
            }
            "ResourceNotFoundException" if operation == Operation::DescribeInstance => Self::NotFound(format!(
                "no Amazon Connect instance with that id in region {region}; check the instance id and --region"
            )),
            "ResourceNotFoundException" => {
                Self::NotFound(format!("Amazon Connect has no such resource ({}): {message}", operation.name()))
            }
            _ => Self::Service {
                operation: operation.name(),
                message: if message.is_empty() { format!("HTTP {status}, no message") } else { message },
                code,
            },
        }
    }
}

/// The innermost cause of an error: the words that say what actually happened ("Connection
/// refused (os error 111)", "no credentials found in chain") without the SDK's layers.
pub(super) fn deepest_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    let text = cause.to_string();
    let text = text.split(". Attempted").next().unwrap_or(&text);
    short(text.trim_end_matches(['.', ':', ' ']))
}

/// The first line of an SDK error's context, without its repetitions.
fn short(detail: &str) -> String {
    let line = detail.lines().next().unwrap_or(detail);
    if line.chars().count() > 300 {
        line.chars().take(300).chain(std::iter::once('…')).collect()
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_an_iam_action() {
        let actions: Vec<String> = Operation::ALL.iter().map(|o| o.iam_action()).collect();
        assert!(actions.contains(&"connect:UpdateContactFlowContent".to_owned()));
        assert!(actions.iter().all(|a| a.starts_with("connect:") && a.len() > 10));
    }

    #[test]
    fn refusals_of_content_exit_1_and_configuration_exits_2() {
        assert_eq!(ConnectError::InvalidFlow { problems: vec!["x".into()] }.exit_code(), 1);
        assert_eq!(ConnectError::Drift("x".into()).exit_code(), 1);
        let service = ConnectError::Service {
            operation: "ListQueues",
            code: "InternalServiceException".into(),
            message: "m".into(),
        };
        assert_eq!(service.exit_code(), 2);
        assert_eq!(ConnectError::Cancelled.exit_code(), 2);
        assert_eq!(ConnectError::Protocol("x".into()).exit_code(), 2);
        assert_eq!(ConnectError::Config("x".into()).exit_code(), 2);
        assert_eq!(ConnectError::Connection("x".into()).exit_code(), 2);
        assert_eq!(ConnectError::AccessDenied { action: "a".into(), message: "m".into() }.exit_code(), 2);
    }
}
