//! Flow-type rules: which blocks each flow type may hold (the table in [`super::block_support`]),
//! and Call phone number only in outbound whisper flows. Also which type a flow is checked as
//! when its file records none.

use std::collections::HashSet;

use super::block_support::{self, Support};
use super::{Context, Findings, Fix, Rule, Severity};
use crate::instance::Instance;
use crate::model::{Action, ActionKind, Edit, FlowDocument, FlowType};

/// The types documented as allowed in an outbound whisper flow, derived from the block-support
/// table (kept for callers that want a list; the table is the one place).
pub const OUTBOUND_WHISPER_ALLOWED: &[&str] = block_support::OUTBOUND_WHISPER_ALLOWED;

/// Why the rules check a flow as the type they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeSource {
    /// `Metadata.type` (or the API wrapper's `Type`).
    Recorded,
    /// Given for this run (`validate --flow-type`), the file recording none.
    Given,
    /// A queue of the instance names the flow as its outbound whisper flow.
    NamedByQueue(String),
    /// The flow has a Call phone number block, which only outbound whisper flows allow.
    HasCallBlock,
}

/// The flow's type as the rules see it, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EffectiveType {
    pub flow_type: FlowType,
    pub source: TypeSource,
}

/// Whether a queue of `instance` names `flow_name` as its outbound whisper flow: then the flow is
/// an outbound whisper flow, whatever its file says (or does not say).
pub fn named_as_outbound_whisper(instance: &Instance, flow_name: &str) -> Option<String> {
    instance.queues_with_whisper_flow(flow_name).next().map(|queue| queue.name.clone())
}

/// The type a flow is checked as: the recorded one; else the one given for the run; else
/// outbound whisper when a queue names it as its outbound whisper flow or when it has a Call
/// phone number block; else none (the flow-type rules are skipped).
pub fn effective_type(doc: &FlowDocument, context: Context<'_>, given: Option<&FlowType>) -> Option<EffectiveType> {
    if let Some(flow_type) = &doc.flow.flow_type {
        return Some(EffectiveType { flow_type: flow_type.clone(), source: TypeSource::Recorded });
    }
    if let Some(flow_type) = given {
        return Some(EffectiveType { flow_type: flow_type.clone(), source: TypeSource::Given });
    }
    let name = doc.flow.name.as_deref().or(context.flow_name);
    if let (Some(instance), Some(name)) = (context.instance, name)
        && let Some(queue) = named_as_outbound_whisper(instance, name)
    {
        return Some(EffectiveType { flow_type: FlowType::OutboundWhisper, source: TypeSource::NamedByQueue(queue) });
    }
    let has_call = doc.flow.actions.iter().any(|a| matches!(a.kind, ActionKind::CompleteOutboundCall { .. }));
    has_call.then_some(EffectiveType { flow_type: FlowType::OutboundWhisper, source: TypeSource::HasCallBlock })
}

pub(super) fn check(doc: &FlowDocument, effective: Option<&EffectiveType>, out: &mut Findings<'_>) {
    let Some(effective) = effective else {
        out.push(
            Rule::FlowTypeUnknown,
            Severity::Note,
            None,
            "the flow's type is not recorded (Metadata.type): the rules for block types were skipped; give it with --flow-type"
                .into(),
        );
        return;
    };
    note_source(&effective.source, out);
    let flow_type = &effective.flow_type;
    let mut noted = HashSet::new();
    for action in &doc.flow.actions {
        if matches!(action.kind, ActionKind::CompleteOutboundCall { .. }) {
            if *flow_type != FlowType::OutboundWhisper {
                let message = format!(
                    "Call phone number is only allowed in outbound whisper flows, and this is {}",
                    a_flow(flow_type)
                );
                out.push(Rule::CallOutsideOutboundWhisper, Severity::Error, Some(&action.id), message);
            }
            continue;
        }
        match block_support::support_of(action, flow_type) {
            Some((_, Support::Allowed)) | None => {}
            Some((row, Support::Refused)) => refused(action, row, flow_type, out),
            Some((row, Support::Unverified)) => {
                if noted.insert((row.type_name, row.variant)) {
                    let message = format!(
                        "AWS's pages do not say whether '{}' ({}) is available in {}; Amazon Connect will refuse the flow on publish if it is not",
                        row.block,
                        row.type_name,
                        a_flow(flow_type)
                    );
                    out.push(Rule::BlockNotAllowed, Severity::Note, Some(&action.id), message);
                }
            }
        }
    }
}

fn note_source(source: &TypeSource, out: &mut Findings<'_>) {
    let message = match source {
        TypeSource::Recorded | TypeSource::Given => return,
        TypeSource::NamedByQueue(queue) => format!(
            "the flow's type is not recorded (Metadata.type); it is checked as an outbound whisper flow because queue '{queue}' uses it as its outbound whisper flow"
        ),
        TypeSource::HasCallBlock => "the flow's type is not recorded (Metadata.type); it is checked as an outbound whisper flow because it has a Call phone number block".into(),
    };
    out.push(Rule::FlowTypeUnknown, Severity::Note, None, message);
}

fn refused(action: &Action, row: &block_support::BlockSupport, flow_type: &FlowType, out: &mut Findings<'_>) {
    let message = format!(
        "'{}' is not allowed in {} (AWS: {})",
        row.block,
        a_flow(flow_type),
        row.source.split(';').next().unwrap_or(row.source)
    );
    if matches!(action.kind, ActionKind::DisconnectParticipant) && *flow_type == FlowType::OutboundWhisper {
        let fix = Fix {
            label: "use End flow / Resume instead".into(),
            replacement: None,
            edit: Edit::SetKind { id: action.id.clone(), kind: ActionKind::EndFlowExecution },
        };
        out.push_with_fix(Rule::BlockNotAllowed, Severity::Error, Some(&action.id), message, fix);
    } else {
        out.push(Rule::BlockNotAllowed, Severity::Error, Some(&action.id), message);
    }
}

/// "an outbound whisper flow", "a customer queue flow": the type's label with its article.
fn a_flow(flow_type: &FlowType) -> String {
    let label = flow_type.label().to_lowercase();
    let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {label}")
}
