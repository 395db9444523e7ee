//! Every wire of the flow by position in the action list: each block's output pins and where
//! they lead, and where the Entry point starts. Found with the cards once per document
//! revision, so a frame draws thousands of wires without searching the flow for their ends.

use std::collections::HashMap;

use super::branches;
use crate::model::{ActionId, Branch, FlowDocument};

/// One output pin: its branch, and the block it leads to.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Output {
    pub branch: Branch,
    /// The block wired to it; `None` when it is not wired or leads to no block of the flow.
    pub to: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Wiring {
    /// Each identifier's block (the first, for duplicates).
    pub index: HashMap<ActionId, usize>,
    /// The block the Entry point leads to.
    pub start: Option<usize>,
    /// Each block's output pins, in pin order (what the cards and the overview show).
    pub outputs: Vec<Vec<Output>>,
}

impl Wiring {
    pub fn of(doc: &FlowDocument) -> Self {
        let mut index = HashMap::with_capacity(doc.flow.actions.len());
        for (i, action) in doc.flow.actions.iter().enumerate() {
            index.entry(action.id.clone()).or_insert(i);
        }
        let find = |id: &ActionId| index.get(id).copied();
        let outputs = doc
            .flow
            .actions
            .iter()
            .map(|action| {
                let list = branches::branches(action);
                let to = |branch: &Branch| action.transitions.target(branch).and_then(find);
                list.into_iter().map(|branch| Output { to: to(&branch), branch }).collect()
            })
            .collect();
        let start = doc.flow.start.as_ref().and_then(find);
        Self { index, start, outputs }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn outputs_follow_the_pins() {
        let doc = crate::flow_json::from_value(json!({"StartAction": "a", "Actions": [
            {"Identifier": "a", "Type": "InvokeLambdaFunction", "Parameters": {"LambdaFunctionARN": "arn", "InvocationTimeLimitSeconds": "3"},
             "Transitions": {"NextAction": "b", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "gone"}]}},
            {"Identifier": "b", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}},
            {"Identifier": "b", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
        ]}))
        .unwrap();
        let wiring = Wiring::of(&doc);
        assert_eq!(wiring.start, Some(0));
        let to: Vec<_> = wiring.outputs[0].iter().map(|o| o.to).collect();
        assert_eq!(to, [Some(1), None], "the first of two blocks named b; a missing block is no end");
        assert!(wiring.outputs[1].is_empty());
    }
}
