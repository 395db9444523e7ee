//! Publishing rules: a queue may only use a published flow, and a flow with errors cannot be
//! published.

use super::{Context, Findings, Rule, Severity};
use crate::instance::Instance;
use crate::model::{FlowDocument, FlowStatus};

pub(super) fn check_queues(doc: &FlowDocument, context: Context<'_>, instance: &Instance, out: &mut Findings<'_>) {
    let Some(name) = doc.flow.name.as_deref().or(context.flow_name) else {
        return;
    };
    if doc.flow.status == Some(FlowStatus::Published) {
        return;
    }
    if context.published_before {
        for queue in instance.queues_with_whisper_flow(name) {
            let message = format!(
                "queue '{}' runs the published version of this flow, not these saved changes, until they are published",
                queue.name
            );
            out.push(Rule::QueueRunsPublishedVersion, Severity::Warning, None, message);
        }
        return;
    }
    for queue in instance.queues_with_whisper_flow(name) {
        let message = format!(
            "queue '{}' uses this flow as its outbound whisper flow, but the flow was never published; only published flows can be a \
             queue's outbound whisper flow",
            queue.name
        );
        out.push(Rule::QueueUsesUnpublishedFlow, Severity::Error, None, message);
    }
}

/// Runs last: a flow marked published must have no errors.
pub(super) fn check_status(doc: &FlowDocument, out: &mut Findings<'_>) {
    let blockers = out.publishing_blockers();
    if doc.flow.status == Some(FlowStatus::Published) && blockers > 0 {
        let message =
            format!("the flow is marked published but has {blockers} error(s) that keep a flow from being published");
        out.push(Rule::PublishedWithErrors, Severity::Error, None, message);
    }
}
