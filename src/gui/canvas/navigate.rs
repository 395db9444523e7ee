//! Moving the selection with the arrow keys, along the wires: Right follows the first branch
//! that leads somewhere, Left goes back to a block that leads here, Up and Down step through
//! the blocks the same source leads to. Pure, so it is tested without a window.

use super::{Node, branches};
use crate::model::{ActionId, FlowDocument};

/// A direction key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Left,
    Right,
    Up,
    Down,
}

/// The blocks `node` leads to, in branch order, without repeats.
fn targets(doc: &FlowDocument, node: &Node) -> Vec<ActionId> {
    let mut found: Vec<ActionId> = Vec::new();
    let mut add = |id: &ActionId| {
        if doc.flow.action(id).is_some() && !found.contains(id) {
            found.push(id.clone());
        }
    };
    match node {
        Node::EntryPoint => {
            if let Some(start) = &doc.flow.start {
                add(start);
            }
        }
        Node::Block(id) => {
            if let Some(action) = doc.flow.action(id) {
                for branch in branches::branches(action) {
                    if let Some(target) = action.transitions.target(&branch) {
                        add(target);
                    }
                }
            }
        }
    }
    found
}

/// The first node that leads to `id`: the Entry point, or the first block with a wire to it.
fn source(doc: &FlowDocument, id: &ActionId) -> Option<Node> {
    if doc.flow.start.as_ref() == Some(id) {
        return Some(Node::EntryPoint);
    }
    doc.flow.incoming(id).into_iter().next().map(|(from, _)| Node::Block(from))
}

/// Where the selection goes from `current` (nothing selected: the Entry point's first block).
pub fn step(doc: &FlowDocument, current: Option<&ActionId>, step: Step) -> Option<ActionId> {
    let Some(current) = current else {
        return targets(doc, &Node::EntryPoint)
            .into_iter()
            .next()
            .or_else(|| doc.flow.actions.first().map(|a| a.id.clone()));
    };
    match step {
        Step::Right => targets(doc, &Node::Block(current.clone())).into_iter().next(),
        Step::Left => match source(doc, current)? {
            Node::Block(from) => Some(from),
            Node::EntryPoint => None,
        },
        Step::Up | Step::Down => {
            let siblings = targets(doc, &source(doc, current)?);
            let at = siblings.iter().position(|s| s == current)?;
            let next = if step == Step::Down { at.checked_add(1) } else { at.checked_sub(1) };
            siblings.get(next?).cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn id(s: &str) -> ActionId {
        ActionId::from_import(s)
    }

    /// lambda → (Success) call → end; lambda → (Error) fallback.
    fn flow() -> FlowDocument {
        crate::flow_json::from_value(json!({"StartAction": "lambda", "Actions": [
            {"Identifier": "lambda", "Type": "InvokeLambdaFunction", "Parameters": {"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": "3"},
             "Transitions": {"NextAction": "call", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "fallback"}]}},
            {"Identifier": "call", "Type": "CompleteOutboundCall", "Parameters": {}, "Transitions": {"NextAction": "end"}},
            {"Identifier": "fallback", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}},
            {"Identifier": "end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
        ]}))
        .unwrap()
    }

    #[test]
    fn arrows_follow_the_wires() {
        let doc = flow();
        assert_eq!(step(&doc, None, Step::Right), Some(id("lambda")));
        assert_eq!(step(&doc, Some(&id("lambda")), Step::Right), Some(id("call")));
        assert_eq!(step(&doc, Some(&id("call")), Step::Right), Some(id("end")));
        assert_eq!(step(&doc, Some(&id("end")), Step::Left), Some(id("call")));
        assert_eq!(step(&doc, Some(&id("call")), Step::Down), Some(id("fallback")));
        assert_eq!(step(&doc, Some(&id("fallback")), Step::Up), Some(id("call")));
        assert_eq!(step(&doc, Some(&id("lambda")), Step::Left), None);
        assert_eq!(step(&doc, Some(&id("end")), Step::Right), None);
    }
}
