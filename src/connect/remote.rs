//! The Amazon Connect calls themselves: list and describe with the SDK's paginators, describes
//! with bounded concurrency ([`super::IN_FLIGHT`]), and the three writes. Everything here
//! returns plain data; deciding what to do with it is `pull`'s and `publish`'s job.

use std::future::Future;
use std::sync::Arc;

use aws_sdk_connect::Client;
use aws_sdk_connect::primitives::{DateTime, DateTimeFormat};
use aws_sdk_connect::types::{ContactFlowStatus, ContactFlowType, OutboundCallerConfig, QueueType};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::{ConnectError, IN_FLIGHT, Operation, Progress, Session};
use crate::workspace::aws_import::NumberFields;

/// A flow as `DescribeContactFlow` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFlow {
    pub id: String,
    pub arn: String,
    pub name: String,
    pub flow_type: String,
    pub status: String,
    pub content: String,
    pub sha256: String,
    pub last_modified: Option<String>,
}

/// A flow as `ListContactFlows` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSummary {
    pub id: String,
    pub name: String,
    pub archived: bool,
}

/// A standard queue as `DescribeQueue` gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RemoteQueue {
    pub id: String,
    pub arn: Option<String>,
    pub name: String,
    pub caller_id: CallerConfig,
}

/// A queue's outbound caller configuration, by ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CallerConfig {
    pub name: Option<String>,
    pub number_id: Option<String>,
    pub flow_id: Option<String>,
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
    pub sha256: Option<String>,
}

fn text(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}

fn time(value: Option<&DateTime>) -> Option<String> {
    value.and_then(|t| t.fmt(DateTimeFormat::DateTime).ok())
}

impl Session {
    fn fail<E, R>(&self, operation: Operation) -> impl Fn(aws_sdk_connect::error::SdkError<E, R>) -> ConnectError + '_
    where
        E: aws_sdk_connect::error::ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug + 'static,
    {
        move |error| ConnectError::from_sdk(operation, &self.region, &error)
    }

    /// The instance's ARN; also proves the credentials, region and instance id are right.
    pub(super) fn describe_instance(&self, instance_id: &str) -> Result<String, ConnectError> {
        let call = self.client.describe_instance().instance_id(instance_id).send();
        let output = self.block_on(call).map_err(self.fail(Operation::DescribeInstance))?;
        Ok(text(output.instance().and_then(|i| i.arn())))
    }

    /// Outbound whisper flows, or every flow with `all_types`, every page.
    pub(super) fn list_flows(&self, instance_id: &str, all_types: bool) -> Result<Vec<FlowSummary>, ConnectError> {
        self.block_on(async {
            let mut request = self.client.list_contact_flows().instance_id(instance_id);
            if !all_types {
                request = request.contact_flow_types(ContactFlowType::OutboundWhisper);
            }
            let mut pages = request.into_paginator().items().send();
            let mut flows = Vec::new();
            while let Some(item) = pages.next().await {
                let flow = item.map_err(self.fail(Operation::ListContactFlows))?;
                flows.push(FlowSummary {
                    id: text(flow.id()),
                    name: text(flow.name()),
                    archived: flow.contact_flow_state().is_some_and(|s| s.as_str() == "ARCHIVED"),
                });
            }
            Ok(flows)
        })
    }

    /// One flow, as published (or as saved, for a flow never published).
    pub(super) fn describe_flow(&self, instance_id: &str, flow_id: &str) -> Result<RemoteFlow, ConnectError> {
        let region = self.region.clone();
        self.block_on(describe_flow(self.client.clone(), region, instance_id.to_owned(), flow_id.to_owned()))
    }

    /// Many flows, a few at a time.
    pub(super) fn describe_flows(
        &self,
        instance_id: &str,
        ids: Vec<String>,
        progress: &Progress,
    ) -> Result<Vec<RemoteFlow>, ConnectError> {
        let (client, region, instance) = (self.client.clone(), self.region.clone(), instance_id.to_owned());
        self.block_on(bounded(ids, progress, move |id| {
            describe_flow(client.clone(), region.clone(), instance.clone(), id)
        }))
    }

    /// The phone numbers claimed to the instance, every page.
    pub(super) fn list_numbers(&self, instance_id: &str) -> Result<Vec<NumberFields>, ConnectError> {
        self.block_on(async {
            let mut pages =
                self.client.list_phone_numbers_v2().instance_id(instance_id).into_paginator().items().send();
            let mut numbers = Vec::new();
            while let Some(item) = pages.next().await {
                let n = item.map_err(self.fail(Operation::ListPhoneNumbersV2))?;
                numbers.push(NumberFields {
                    id: n.phone_number_id().map(str::to_owned),
                    arn: n.phone_number_arn().map(str::to_owned),
                    number: n.phone_number().map(str::to_owned),
                    country: n.phone_number_country_code().map(|c| c.as_str().to_owned()),
                    number_type: n.phone_number_type().map(|t| t.as_str().to_owned()),
                    description: n.phone_number_description().map(str::to_owned),
                });
            }
            Ok(numbers)
        })
    }

    /// The standard queues, each described (a few at a time) for its outbound caller config.
    pub(super) fn queues(&self, instance_id: &str, progress: &Progress) -> Result<Vec<RemoteQueue>, ConnectError> {
        let ids = self.block_on(async {
            let request = self.client.list_queues().instance_id(instance_id).queue_types(QueueType::Standard);
            let mut pages = request.into_paginator().items().send();
            let mut ids = Vec::new();
            while let Some(item) = pages.next().await {
                ids.push(text(item.map_err(self.fail(Operation::ListQueues))?.id()));
            }
            Ok::<_, ConnectError>(ids)
        })?;
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
        self.block_on(async {
            let mut pages =
                self.client.list_lambda_functions().instance_id(instance_id).into_paginator().items().send();
            let mut arns = Vec::new();
            while let Some(item) = pages.next().await {
                arns.push(item.map_err(self.fail(Operation::ListLambdaFunctions))?);
            }
            Ok(arns)
        })
    }

    pub(super) fn list_prompts(&self, instance_id: &str) -> Result<Vec<RemotePrompt>, ConnectError> {
        self.block_on(async {
            let mut pages = self.client.list_prompts().instance_id(instance_id).into_paginator().items().send();
            let mut prompts = Vec::new();
            while let Some(item) = pages.next().await {
                let p = item.map_err(self.fail(Operation::ListPrompts))?;
                prompts.push(RemotePrompt {
                    id: p.id().map(str::to_owned),
                    arn: p.arn().map(str::to_owned),
                    name: text(p.name()),
                });
            }
            Ok(prompts)
        })
    }

    /// Replaces a flow's content: published, or with `save_only` saved on `<id>:$SAVED` without
    /// publishing.
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
        self.block_on(call).map(|_| ()).map_err(|error| match error.as_service_error() {
            Some(aws_sdk_connect::operation::update_contact_flow_content::UpdateContactFlowContentError::InvalidContactFlowException(
                invalid,
            )) => invalid_flow(invalid),
            _ => ConnectError::from_sdk(Operation::UpdateContactFlowContent, &self.region, &error),
        })
    }

    /// Creates a flow, published (or saved with `save_only`).
    pub(super) fn create_flow(
        &self,
        instance_id: &str,
        name: &str,
        flow_type: &str,
        content: &str,
        save_only: bool,
    ) -> Result<Created, ConnectError> {
        let status = if save_only { ContactFlowStatus::Saved } else { ContactFlowStatus::Published };
        let call = self
            .client
            .create_contact_flow()
            .instance_id(instance_id)
            .name(name)
            .r#type(ContactFlowType::from(flow_type))
            .status(status)
            .content(content)
            .send();
        let output = self.block_on(call).map_err(|error| match error.as_service_error() {
            Some(
                aws_sdk_connect::operation::create_contact_flow::CreateContactFlowError::InvalidContactFlowException(
                    invalid,
                ),
            ) => invalid_flow(invalid),
            _ => ConnectError::from_sdk(Operation::CreateContactFlow, &self.region, &error),
        })?;
        Ok(Created {
            id: text(output.contact_flow_id()),
            arn: text(output.contact_flow_arn()),
            sha256: output.flow_content_sha256().map(str::to_owned),
        })
    }

    /// Sets a queue's whole outbound caller configuration.
    pub(super) fn update_queue_caller(
        &self,
        instance_id: &str,
        queue_id: &str,
        config: &CallerConfig,
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
        self.block_on(call).map(|_| ()).map_err(self.fail(Operation::UpdateQueueOutboundCallerConfig))
    }
}

fn invalid_flow(error: &aws_sdk_connect::types::error::InvalidContactFlowException) -> ConnectError {
    let mut problems: Vec<String> = error.problems().iter().filter_map(|p| p.message().map(str::to_owned)).collect();
    if problems.is_empty() {
        problems.push(error.message().unwrap_or("the flow is not valid").to_owned());
    }
    ConnectError::InvalidFlow { problems }
}

async fn describe_flow(
    client: Client,
    region: String,
    instance: String,
    id: String,
) -> Result<RemoteFlow, ConnectError> {
    let output = client
        .describe_contact_flow()
        .instance_id(instance)
        .contact_flow_id(&id)
        .send()
        .await
        .map_err(|e| ConnectError::from_sdk(Operation::DescribeContactFlow, &region, &e))?;
    let Some(flow) = output.contact_flow() else {
        return Err(ConnectError::NotFound(format!("Amazon Connect described flow {id} without the flow")));
    };
    let content = text(flow.content());
    let sha256 = flow
        .flow_content_sha256()
        .map_or_else(|| crate::workspace::link::sha256_hex(content.as_bytes()), str::to_owned);
    Ok(RemoteFlow {
        id: flow.id().map_or(id, str::to_owned),
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
        caller_id: CallerConfig {
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
