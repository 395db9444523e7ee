//! Structure rules: the Entry point, branch targets, identifiers, block types, size limits,
//! unconnected branches and unreachable blocks.

use std::collections::HashSet;
use std::io::Write;

use super::block_support;
use super::paths::Analysis;
use super::{Findings, Fix, Rule, Severity};
use crate::flow_json;
use crate::model::{ActionKind, Branch, Edit, FlowDocument, IncomingIndex, NO_MATCHING_CONDITION, NO_MATCHING_ERROR};

/// Amazon Connect's limit on the number of actions in one flow.
pub const MAX_ACTIONS: usize = 250;
/// Amazon Connect's limit on a flow's content, in characters.
pub const MAX_CONTENT_CHARS: usize = 256_000;

pub(super) fn check(doc: &FlowDocument, out: &mut Findings<'_>) {
    check_start(doc, out);
    check_identifiers(doc, out);
    check_targets(doc, out);
    check_types(doc, out);
    check_branches(doc, out);
    check_size(doc, out);
}

fn check_start(doc: &FlowDocument, out: &mut Findings<'_>) {
    match &doc.flow.start {
        None => out.push(
            Rule::StartMissing,
            Severity::Error,
            None,
            "the Entry point is not connected to any block (StartAction is missing)".into(),
        ),
        Some(start) if !out.exists(start) => out.push(
            Rule::StartUnknown,
            Severity::Error,
            None,
            format!("the Entry point leads to {start:?}, which is not a block of this flow"),
        ),
        Some(_) => {}
    }
}

fn check_identifiers(doc: &FlowDocument, out: &mut Findings<'_>) {
    let mut seen = HashSet::with_capacity(doc.flow.actions.len());
    for action in &doc.flow.actions {
        if !seen.insert(action.id.as_str()) {
            let message = format!(
                "identifier {:?} is used by more than one block; identifiers must be unique in a flow",
                action.id
            );
            out.push(Rule::DuplicateId, Severity::Error, Some(&action.id), message);
        }
        if let Err(error) = action.id.check() {
            out.push(Rule::InvalidId, Severity::Error, Some(&action.id), error.to_string());
        }
    }
}

fn check_targets(doc: &FlowDocument, out: &mut Findings<'_>) {
    for action in &doc.flow.actions {
        for (branch, target) in action.transitions.targets() {
            if out.exists(target) {
                continue;
            }
            let message = format!("branch '{branch}' leads to {target:?}, which is not a block of this flow");
            let fix = Fix {
                label: format!("disconnect branch '{branch}'"),
                replacement: None,
                edit: Edit::SetTarget { from: action.id.clone(), branch, to: None },
            };
            out.push_with_fix(Rule::DanglingTarget, Severity::Error, Some(&action.id), message, fix);
        }
    }
}

/// A type the block-support table does not hold: a warning, not an error. Connect adds action
/// types every few months, so an unknown type may be new rather than wrong; the block is kept
/// verbatim.
fn check_types(doc: &FlowDocument, out: &mut Findings<'_>) {
    for action in &doc.flow.actions {
        let type_name = action.kind.type_name();
        if !block_support::is_documented(type_name) {
            let message = format!(
                "{type_name:?} is not an action type whisperwire knows from AWS's documentation; the block is kept as it is, but \
                 if Amazon Connect does not support it the flow will be refused on publish"
            );
            out.push(Rule::UnknownType, Severity::Warning, Some(&action.id), message);
        }
    }
}

/// Block types whose Error branch Amazon Connect publishes unconnected. In the corpus of real
/// exports, Play prompt's Error branch is unwired in 141 of 174 blocks and Set voice's in 9 of
/// 11, while every other block type with error branches has them wired in every export (Set
/// contact attributes 39 of 39, Invoke AWS Lambda function 56 of 56).
const ERROR_BRANCH_OPTIONAL: [&str; 2] = ["MessageParticipant", "UpdateContactTextToSpeechVoice"];

/// Whether Amazon Connect requires `branch` of a block of `kind` wired before it publishes the
/// flow: every branch of a modelled block but the Error branches named above (and a Loop's,
/// checked with its parameters). One rule for every block; the designer shows the same answer
/// on the branch's pin.
pub fn branch_required(kind: &ActionKind, branch: &Branch) -> bool {
    if kind.is_terminal() || matches!(kind, ActionKind::Other { .. } | ActionKind::Loop { .. }) {
        return false;
    }
    match branch {
        Branch::Next => true,
        Branch::Error(error_type) => {
            kind.error_types().contains(&error_type.as_str()) && !branch_optional(kind, branch)
        }
        Branch::Condition(_) | Branch::Case(_) => false,
    }
}

/// Whether `branch` is one Amazon Connect lets a block of `kind` leave unwired, though it could
/// be wired: the Error branches named above.
pub fn branch_optional(kind: &ActionKind, branch: &Branch) -> bool {
    matches!(branch, Branch::Error(e) if e == NO_MATCHING_ERROR) && ERROR_BRANCH_OPTIONAL.contains(&kind.type_name())
}

/// S10: a branch Amazon Connect requires, not wired.
fn check_branches(doc: &FlowDocument, out: &mut Findings<'_>) {
    for action in &doc.flow.actions {
        let kind = &action.kind;
        let branches =
            std::iter::once(Branch::Next).chain(kind.error_types().iter().map(|e| Branch::Error((*e).to_owned())));
        for branch in branches.filter(|b| branch_required(kind, b)) {
            if action.transitions.target(&branch).is_some() {
                continue;
            }
            let name = if branch == Branch::Error(NO_MATCHING_CONDITION.into()) {
                "No match".into()
            } else {
                branch.to_string()
            };
            let message = format!("branch '{name}' is not connected; every branch must lead to a block");
            out.push(Rule::UnconnectedBranch, Severity::Error, Some(&action.id), message);
        }
    }
}

fn check_size(doc: &FlowDocument, out: &mut Findings<'_>) {
    let count = doc.flow.actions.len();
    if count > MAX_ACTIONS {
        let message = format!(
            "the flow has {count} blocks; Amazon Connect allows at most {MAX_ACTIONS}: split it into modules or flows"
        );
        out.push(Rule::TooManyActions, Severity::Error, None, message);
    }
    let chars = content_chars(doc);
    if chars > MAX_CONTENT_CHARS {
        let message =
            format!("the flow's content is {chars} characters; Amazon Connect accepts at most {MAX_CONTENT_CHARS}");
        out.push(Rule::ContentTooLarge, Severity::Error, None, message);
    }
}

/// The length in characters of the flow as the API's `Content` (compact JSON), counted
/// without building the string.
fn content_chars(doc: &FlowDocument) -> usize {
    struct CharCounter(usize);
    impl Write for CharCounter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.iter().filter(|b| (**b & 0xC0) != 0x80).count();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = CharCounter(0);
    flow_json::write_flow(&mut counter, doc);
    counter.0
}

/// Blocks no path from the Entry point reaches.
pub(super) fn check_reachability(doc: &FlowDocument, analysis: &Analysis, out: &mut Findings<'_>) {
    if doc.flow.start.as_ref().is_none_or(|s| !out.exists(s)) {
        return; // Everything is unreachable; the start rules already say why.
    }
    let mut incoming = None;
    for (i, action) in doc.flow.actions.iter().enumerate() {
        if analysis.reachable(i) {
            continue;
        }
        // Built once, on the first unreachable block: each fix then costs its own wires only.
        let incoming = incoming.get_or_insert_with(|| IncomingIndex::new(&doc.flow));
        let message = "this block is not reachable from the Entry point".to_owned();
        let fix = Fix {
            label: "delete the block".into(),
            replacement: None,
            edit: Edit::delete_actions_indexed(doc, std::slice::from_ref(&action.id), incoming),
        };
        out.push_with_fix(Rule::Unreachable, Severity::Warning, Some(&action.id), message, fix);
    }
}
