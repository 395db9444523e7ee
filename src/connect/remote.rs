//! The Amazon Connect calls themselves: lists read page by page (stopping on a repeated page
//! token or after [`MAX_PAGES`]), describes with bounded concurrency ([`super::IN_FLIGHT`]), and
//! the three writes. Everything here returns plain data; deciding what to do with it is
//! `pull`'s and `publish`'s job.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;

use aws_config::retry::RetryConfig;
use aws_sdk_connect::Client;
use aws_sdk_connect::primitives::{DateTime, DateTimeFormat};
use aws_sdk_connect::types::{ContactFlowStatus, ContactFlowType, OutboundCallerConfig, QueueType};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{ConnectError, IN_FLIGHT, Operation, Progress, Session};
use crate::workspace::aws_import::NumberFields;
use crate::workspace::link::{CallerIds, sha256_hex};

/// The most pages whisperwire reads of one list (a page holds up to 100 or 1,000 items).
pub const MAX_PAGES: usize = 2_000;

/// One version of a flow, as `DescribeContactFlow` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFlow {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub flow_type: String,
    /// `PUBLISHED` or `SAVED`, as Connect said it.
    pub status: String,
    pub content: String,
    pub sha256: String,
    pub last_modified: Option<String>,
}

/// A flow as Connect holds it: what queues run, and any saved content that is not live.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowState {
    /// The published version; `None` when the flow was never published.
    pub published: Option<RemoteFlow>,
    /// Saved content that is not published: a draft on top of the published version, or the
    /// only content of a flow never published.
    pub draft: Option<RemoteFlow>,
}

impl FlowState {
    /// The newest content: the draft if there is one, else the published version.
    pub fn latest(&self) -> Option<&RemoteFlow> {
        self.draft.as_ref().or(self.published.as_ref())
    }

    pub fn published_sha256(&self) -> Option<&str> {
        self.published.as_ref().map(|f| f.sha256.as_str())
    }

    pub fn draft_sha256(&self) -> Option<&str> {
        self.draft.as_ref().map(|f| f.sha256.as_str())
    }
}

/// A flow as `ListContactFlows` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSummary {
    pub id: String,
    pub name: String,
    pub flow_type: String,
    pub archived: bool,
}

/// A standard queue as `DescribeQueue` gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteQueue {
    pub id: String,
    pub arn: Option<String>,
    pub name: String,
    pub caller_id: CallerIds,
}

/// A prompt as `ListPrompts` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemotePrompt {
    pub id: Option<String>,
    pub arn: Option<String>,
    pub name: String,
}

/// What `CreateContactFlow` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub id: String,
    pub arn: String,
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

fn time(value: Option<&DateTime>) -> Option<String> {
    value.and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
}

/// Reads every page of a list: `page` gets the token of the page to read (none for the first)
/// and answers its items and the next token. Stops with an error when Connect hands back a
/// token it gave before (a cycle) or after [`MAX_PAGES`] pages, so a broken paging never runs
/// forever nor reads the same items again.
async fn all_pages<T, F, Fut>(operation: Operation, mut page: F) -> Result<Vec<T>, ConnectError>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), ConnectError>>,
{
    let mut items = Vec::new();
    let mut seen = BTreeSet::new();
    let mut token = None;
    for pages in 1..=MAX_PAGES {
        let (mut batch, next) = page(token.take()).await?;
        items.append(&mut batch);
        let Some(next) = next.filter(|t| !t.is_empty()) else { return Ok(items) };
        if !seen.insert(next.clone()) {
            return Err(ConnectError::Protocol(format!(
                "Amazon Connect's pages of {} came round to a page token it gave before (after {pages} pages); \
                 stopped reading, nothing was written",
                operation.name()
            )));
        }
        token = Some(next);
    }
    Err(ConnectError::Protocol(format!(
        "Amazon Connect's list of {} did not end after {MAX_PAGES} pages; stopped reading, nothing was written",
        operation.name()
    )))
}

impl Session {
    fn fail<E, R>(&self, operation: Operation) -> impl Fn(aws_sdk_connect::error::SdkError<E, R>) -> ConnectError + '_
    where
        E: aws_sdk_connect::error::ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + super::error::HttpStatus + 'static,
    {
        move |error| ConnectError::from_sdk(operation, &self.region, &error)
    }

    /// The instance's ARN; also proves the credentials, region and instance id are right.
    pub(super) fn describe_instance(&self, instance_id: &str) -> Result<String, ConnectError> {
        let call = self.client.describe_instance().instance_id(instance_id).send();
        let output = self.block_on(async { call.await.map_err(self.fail(Operation::DescribeInstance)) })?;
        Ok(text(output.instance().and_then(|i| i.arn())))
    }

    /// Outbound whisper flows, or every flow with `all_types`.
    pub(super) fn list_flows(&self, instance_id: &str, all_types: bool) -> Result<Vec<FlowSummary>, ConnectError> {
        self.block_on(all_pages(Operation::ListContactFlows, |token| {
            let mut request = self.client.list_contact_flows().instance_id(instance_id).set_next_token(token);
            if !all_types {
                request = request.contact_flow_types(ContactFlowType::OutboundWhisper);
            }
            async move {
                let page = request.send().await.map_err(self.fail(Operation::ListContactFlows))?;
                let flows = page
                    .contact_flow_summary_list()
                    .iter()
                    .map(|flow| FlowSummary {
                        id: text(flow.id()),
                        name: text(flow.name()),
                        flow_type: flow.contact_flow_type().map(|t| t.as_str().to_owned()).unwrap_or_default(),
                        archived: flow.contact_flow_state().is_some_and(|s| s.as_str() == "ARCHIVED"),
                    })
                    .collect();
                Ok((flows, page.next_token().map(str::to_owned)))
            }
        }))
    }

    /// One flow: its published version and any saved content not published.
    pub(super) fn flow_state(&self, instance_id: &str, flow_id: &str) -> Result<FlowState, ConnectError> {
        let region = self.region.clone();
        self.block_on(flow_state(self.client.clone(), region, instance_id.to_owned(), flow_id.to_owned()))
    }

    /// Many flows, a few at a time; `None` for a flow Connect no longer has (deleted since it
    /// was listed or linked).
    pub(super) fn flow_states(
        &self,
        instance_id: &str,
        ids: Vec<String>,
        progress: &Progress,
    ) -> Result<Vec<Option<FlowState>>, ConnectError> {
        let (client, region, instance) = (self.client.clone(), self.region.clone(), instance_id.to_owned());
        self.block_on(bounded(ids, progress, move |id| {
            let state = flow_state(client.clone(), region.clone(), instance.clone(), id);
            async move {
                match state.await {
                    Ok(state) => Ok(Some(state)),
                    Err(ConnectError::NotFound(_)) => Ok(None),
                    Err(error) => Err(error),
                }
            }
        }))
    }

    /// The phone numbers claimed to the instance.
    pub(super) fn list_numbers(&self, instance_id: &str) -> Result<Vec<NumberFields>, ConnectError> {
        self.block_on(all_pages(Operation::ListPhoneNumbersV2, |token| {
            let request = self.client.list_phone_numbers_v2().instance_id(instance_id).set_next_token(token);
            async move {
                let page = request.send().await.map_err(self.fail(Operation::ListPhoneNumbersV2))?;
                let numbers = page
                    .list_phone_numbers_summary_list()
                    .iter()
                    .map(|n| NumberFields {
                        id: n.phone_number_id().map(str::to_owned),
                        arn: n.phone_number_arn().map(str::to_owned),
                        number: n.phone_number().map(str::to_owned),
                        country: n.phone_number_country_code().map(|c| c.as_str().to_owned()),
                        number_type: n.phone_number_type().map(|t| t.as_str().to_owned()),
                        description: n.phone_number_description().map(str::to_owned),
                    })
                    .collect();
                Ok((numbers, page.next_token().map(str::to_owned)))
            }
        }))
    }

    /// The standard queues, each described (a few at a time) for its outbound caller config.
    pub(super) fn queues(&self, instance_id: &str, progress: &Progress) -> Result<Vec<RemoteQueue>, ConnectError> {
        let ids = self.block_on(all_pages(Operation::ListQueues, |token| {
            let request = self
                .client
                .list_queues()
                .instance_id(instance_id)
                .queue_types(QueueType::Standard)
                .set_next_token(token);
            async move {
                let page = request.send().await.map_err(self.fail(Operation::ListQueues))?;
                let ids = page.queue_summary_list().iter().map(|q| text(q.id())).collect();
                Ok((ids, page.next_token().map(str::to_owned)))
            }
        }))?;
        progress.stage("Reading queues", ids.len());
        self.describe_queues(instance_id, ids, progress)
    }

    /// Queues by id, a few at a time.
    pub(super) fn describe_queues(
        &self,
        instance_id: &str,
        ids: Vec<String>,
        progress: &Progress,
    ) -> Result<Vec<RemoteQueue>, ConnectError> {
        let (client, region, instance) = (self.client.clone(), self.region.clone(), instance_id.to_owned());
        self.block_on(bounded(ids, progress, move |id| {
            describe_queue(client.clone(), region.clone(), instance.clone(), id)
        }))
    }

    /// The ARNs of the Lambda functions the instance may invoke.
    pub(super) fn list_lambdas(&self, instance_id: &str) -> Result<Vec<String>, ConnectError> {
        self.block_on(all_pages(Operation::ListLambdaFunctions, |token| {
            let request = self.client.list_lambda_functions().instance_id(instance_id).set_next_token(token);
            async move {
                let page = request.send().await.map_err(self.fail(Operation::ListLambdaFunctions))?;
                Ok((page.lambda_functions().to_vec(), page.next_token().map(str::to_owned)))
            }
        }))
    }

    pub(super) fn list_prompts(&self, instance_id: &str) -> Result<Vec<RemotePrompt>, ConnectError> {
        self.block_on(all_pages(Operation::ListPrompts, |token| {
            let request = self.client.list_prompts().instance_id(instance_id).set_next_token(token);
            async move {
                let page = request.send().await.map_err(self.fail(Operation::ListPrompts))?;
                let prompts = page
                    .prompt_summary_list()
                    .iter()
                    .map(|p| RemotePrompt {
                        id: p.id().map(str::to_owned),
                        arn: p.arn().map(str::to_owned),
                        name: text(p.name()),
                    })
                    .collect();
                Ok((prompts, page.next_token().map(str::to_owned)))
            }
        }))
    }

    /// Replaces a flow's content: published, or with `save_only` saved on `<id>:$SAVED` without
    /// touching the published version.
    pub(super) fn update_flow_content(
        &self,
        instance_id: &str,
        flow_id: &str,
        content: &str,
        save_only: bool,
    ) -> Result<(), ConnectError> {
        let target = if save_only { format!("{flow_id}:$SAVED") } else { flow_id.to_owned() };
        let call = self
            .client
            .update_contact_flow_content()
            .instance_id(instance_id)
            .contact_flow_id(target)
            .content(content)
            .send();
        self.block_on(async {
            call.await.map(|_| ()).map_err(|error| match error.as_service_error() {
                Some(aws_sdk_connect::operation::update_contact_flow_content::UpdateContactFlowContentError::InvalidContactFlowException(
                    invalid,
                )) => invalid_flow(invalid),
                _ => ConnectError::from_sdk(Operation::UpdateContactFlowContent, &self.region, &error),
            })
        })
    }

    /// Creates a flow, published (or saved with `save_only`). Sent once: the SDK does not retry
    /// it, since an answer lost on the way would create the flow twice; publish looks for it
    /// instead.
    pub(super) fn create_flow(
        &self,
        instance_id: &str,
        name: &str,
        flow_type: &str,
        content: &str,
        save_only: bool,
    ) -> Result<Created, ConnectError> {
        let status = if save_only { ContactFlowStatus::Saved } else { ContactFlowStatus::Published };
        let once = aws_sdk_connect::config::Builder::default().retry_config(RetryConfig::disabled());
        let call = self
            .client
            .create_contact_flow()
            .instance_id(instance_id)
            .name(name)
            .r#type(ContactFlowType::from(flow_type))
            .status(status)
            .content(content)
            .customize()
            .config_override(once)
            .send();
        let output = self.block_on(async {
            call.await.map_err(|error| match error.as_service_error() {
                Some(
                    aws_sdk_connect::operation::create_contact_flow::CreateContactFlowError::InvalidContactFlowException(
                        invalid,
                    ),
                ) => invalid_flow(invalid),
                _ => ConnectError::from_sdk(Operation::CreateContactFlow, &self.region, &error),
            })
        })?;
        Ok(Created { id: text(output.contact_flow_id()), arn: text(output.contact_flow_arn()) })
    }

    /// Sets a queue's whole outbound caller configuration.
    pub(super) fn update_queue_caller(
        &self,
        instance_id: &str,
        queue_id: &str,
        config: &CallerIds,
    ) -> Result<(), ConnectError> {
        let outbound = OutboundCallerConfig::builder()
            .set_outbound_caller_id_name(config.name.clone())
            .set_outbound_caller_id_number_id(config.number_id.clone())
            .set_outbound_flow_id(config.flow_id.clone())
            .build();
        let call = self
            .client
            .update_queue_outbound_caller_config()
            .instance_id(instance_id)
            .queue_id(queue_id)
            .outbound_caller_config(outbound)
            .send();
        self.block_on(async { call.await.map(|_| ()).map_err(self.fail(Operation::UpdateQueueOutboundCallerConfig)) })
    }
}

fn invalid_flow(error: &aws_sdk_connect::types::error::InvalidContactFlowException) -> ConnectError {
    let mut problems: Vec<String> = error.problems().iter().filter_map(|p| p.message().map(str::to_owned)).collect();
    if problems.is_empty() {
        problems.push(error.message().unwrap_or("the flow is not valid").to_owned());
    }
    ConnectError::InvalidFlow { problems }
}

/// A flow's published version and saved content. `$SAVED` is asked first: when Connect says
/// that is the published version, one call is enough; otherwise the plain id tells whether the
/// saved content is a draft over a published version or a flow never published.
async fn flow_state(client: Client, region: String, instance: String, id: String) -> Result<FlowState, ConnectError> {
    let saved = describe_flow(&client, &region, &instance, &format!("{id}:$SAVED"), &id).await?;
    if saved.status.eq_ignore_ascii_case("PUBLISHED") {
        return Ok(FlowState { published: Some(saved), draft: None });
    }
    let current = describe_flow(&client, &region, &instance, &id, &id).await?;
    if !current.status.eq_ignore_ascii_case("PUBLISHED") {
        return Ok(FlowState { published: None, draft: Some(saved) });
    }
    let draft = (saved.sha256 != current.sha256).then_some(saved);
    Ok(FlowState { published: Some(current), draft })
}

async fn describe_flow(
    client: &Client,
    region: &str,
    instance: &str,
    label: &str,
    id: &str,
) -> Result<RemoteFlow, ConnectError> {
    let output = client
        .describe_contact_flow()
        .instance_id(instance)
        .contact_flow_id(label)
        .send()
        .await
        .map_err(|e| ConnectError::from_sdk(Operation::DescribeContactFlow, region, &e))?;
    let Some(flow) = output.contact_flow() else {
        return Err(ConnectError::NotFound(format!("Amazon Connect described flow {id} without the flow")));
    };
    let content = text(flow.content());
    let sha256 = flow.flow_content_sha256().map_or_else(|| sha256_hex(content.as_bytes()), str::to_owned);
    Ok(RemoteFlow {
        id: flow.id().map_or_else(|| id.to_owned(), str::to_owned),
        arn: text(flow.arn()),
        name: text(flow.name()),
        flow_type: flow.r#type().map(|t| t.as_str().to_owned()).unwrap_or_default(),
        status: flow.status().map(|s| s.as_str().to_owned()).unwrap_or_default(),
        content,
        sha256,
        last_modified: time(flow.last_modified_time()),
    })
}

async fn describe_queue(
    client: Client,
    region: String,
    instance: String,
    id: String,
) -> Result<RemoteQueue, ConnectError> {
    let output = client
        .describe_queue()
        .instance_id(instance)
        .queue_id(&id)
        .send()
        .await
        .map_err(|e| ConnectError::from_sdk(Operation::DescribeQueue, &region, &e))?;
    let Some(queue) = output.queue() else {
        return Err(ConnectError::NotFound(format!("Amazon Connect described queue {id} without the queue")));
    };
    let config = queue.outbound_caller_config();
    Ok(RemoteQueue {
        id: queue.queue_id().map_or(id, str::to_owned),
        arn: queue.queue_arn().map(str::to_owned),
        name: text(queue.name()),
        caller_id: CallerIds {
            name: config.and_then(|c| c.outbound_caller_id_name()).map(str::to_owned),
            number_id: config.and_then(|c| c.outbound_caller_id_number_id()).map(str::to_owned),
            flow_id: config.and_then(|c| c.outbound_flow_id()).map(str::to_owned),
        },
    })
}

/// Runs `call` on every item with at most [`IN_FLIGHT`] at once, counting each finished call
/// on `progress`; the results keep the items' order. Stops at the first error or when cancelled.
async fn bounded<T, R, F, Fut>(items: Vec<T>, progress: &Progress, call: F) -> Result<Vec<R>, ConnectError>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> Fut,
    Fut: Future<Output = Result<R, ConnectError>> + Send + 'static,
{
    let permits = Arc::new(Semaphore::new(IN_FLIGHT));
    let mut tasks = JoinSet::new();
    let count = items.len();
    for (index, item) in items.into_iter().enumerate() {
        let permits = Arc::clone(&permits);
        let future = call(item);
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            (index, future.await)
        });
    }
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(count).collect();
    while let Some(joined) = tasks.join_next().await {
        let (index, result) = joined.map_err(|e| ConnectError::Connection(format!("a request task failed: {e}")))?;
        if let Some(slot) = results.get_mut(index) {
            *slot = Some(result?);
        }
        progress.step();
        progress.check()?;
    }
    Ok(results.into_iter().flatten().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_stops_on_a_token_given_before() {
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap_or_else(|e| panic!("{e}"));
        let mut calls = 0;
        let result = runtime.block_on(all_pages(Operation::ListContactFlows, |token| {
            calls += 1;
            let next = match token.as_deref() {
                None | Some("B") => "A",
                _ => "B",
            };
            async move { Ok((vec![1], Some(next.to_owned()))) }
        }));
        let error = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("came round to a page token it gave before (after 3 pages)"), "{error}");
        assert_eq!(calls, 3);
        let pages = runtime.block_on(all_pages(Operation::ListQueues, |token| async move {
            Ok(if token.is_none() { (vec![1, 2], Some("x".to_owned())) } else { (vec![3], Some(String::new())) })
        }));
        assert_eq!(pages.ok(), Some(vec![1, 2, 3]));
    }
}
