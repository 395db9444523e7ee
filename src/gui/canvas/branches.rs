//! Which output pins a block has, what they are called, and the edit that wires one: the rules
//! of the Connect designer, free of egui so they can be unit-tested.

use crate::model::{Action, ActionKind, Branch, Edit, NO_MATCHING_CONDITION};

/// The outputs a block shows, in pin order.
pub fn branches(action: &Action) -> Vec<Branch> {
    let transitions = &action.transitions;
    let conditions = (0..transitions.conditions.len()).map(Branch::Condition);
    let mut list: Vec<Branch> = match &action.kind {
        kind if kind.is_terminal() => Vec::new(),
        ActionKind::Compare { .. } => conditions.chain([Branch::Error(NO_MATCHING_CONDITION.into())]).collect(),
        // A Loop always offers its two branches, wired or not.
        ActionKind::Loop { .. } => vec![Branch::Case("ContinueLooping".into()), Branch::Case("DoneLooping".into())],
        ActionKind::Other { .. } => {
            let next = transitions.next.is_some() || transitions.is_empty();
            next.then_some(Branch::Next).into_iter().chain(conditions).collect()
        }
        kind => std::iter::once(Branch::Next)
            .chain(kind.error_types().iter().map(|t| Branch::Error((*t).to_owned())))
            .collect(),
    };
    // Error branches the file has beyond the block's usual ones stay visible and editable.
    for error in &transitions.errors {
        let branch = Branch::Error(error.error_type.clone());
        if !list.contains(&branch) {
            list.push(branch);
        }
    }
    list
}

/// How the designer labels a branch (see [`Action::branch_label`]).
pub fn label(action: &Action, branch: &Branch) -> String {
    action.branch_label(branch)
}

/// The edit that wires `branch` of `action` to `to` (or unwires it). As in the Connect
/// designer's exports, "No match" of Check contact attributes and "Complete" of Loop also set
/// the block's `NextAction`.
pub fn wire(action: &Action, branch: &Branch, to: Option<&crate::model::ActionId>) -> Edit {
    let set = |branch: Branch| Edit::SetTarget { from: action.id.clone(), branch, to: to.cloned() };
    let mirrors_next = match (&action.kind, branch) {
        (ActionKind::Compare { .. }, Branch::Error(kind)) => kind == NO_MATCHING_CONDITION,
        (ActionKind::Loop { .. }, Branch::Case(value)) => value == "DoneLooping",
        _ => false,
    };
    if mirrors_next { Edit::Batch(vec![set(branch.clone()), set(Branch::Next)]) } else { set(branch.clone()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActionId, CallerId, Condition, ConditionBranch, Operator, Position};

    fn action(kind: ActionKind) -> Action {
        Action::with_id(ActionId::from_import("a"), kind, Position::default())
    }

    #[test]
    fn call_phone_number_has_only_success() {
        let call = action(ActionKind::CompleteOutboundCall { caller_id: CallerId::None });
        assert_eq!(branches(&call), [Branch::Next]);
    }

    #[test]
    fn lambda_has_success_and_error_and_end_has_none() {
        let lambda = action(ActionKind::new_block("InvokeLambdaFunction").unwrap());
        assert_eq!(branches(&lambda).iter().map(|b| label(&lambda, b)).collect::<Vec<_>>(), ["Success", "Error"]);
        assert!(branches(&action(ActionKind::EndFlowExecution)).is_empty());
    }

    #[test]
    fn a_new_loop_offers_looping_and_complete_and_wiring_complete_sets_next_too() {
        let mut doc = crate::model::FlowDocument::new_outbound_whisper("t");
        let looping =
            Action::with_id(ActionId::from_import("loop"), ActionKind::new_block("Loop").unwrap(), Position::default());
        let end = Action::with_id(ActionId::from_import("end"), ActionKind::EndFlowExecution, Position::default());
        doc.apply(Edit::Batch(vec![
            Edit::InsertAction { index: 0, action: Box::new(looping) },
            Edit::InsertAction { index: 1, action: Box::new(end) },
        ]))
        .unwrap();
        let looping = doc.flow.action(&ActionId::from_import("loop")).unwrap().clone();
        let list = branches(&looping);
        assert_eq!(list.iter().map(|b| label(&looping, b)).collect::<Vec<_>>(), ["Looping", "Complete"]);
        doc.apply(wire(&looping, &list[1], Some(&ActionId::from_import("end")))).unwrap();
        let wired = &doc.flow.action(&ActionId::from_import("loop")).unwrap().transitions;
        assert_eq!(wired.next, Some(ActionId::from_import("end")));
        assert_eq!(wired.conditions[0].condition, Condition::new(Operator::Equals, "DoneLooping"));
    }

    #[test]
    fn compare_shows_its_conditions_then_no_match_and_wiring_no_match_sets_next_too() {
        let mut compare = action(ActionKind::Compare { comparison_value: Some("$.Attributes.tier".into()) });
        compare.transitions.conditions.push(ConditionBranch {
            condition: Condition::new(Operator::Equals, "VIP"),
            next: ActionId::from_import("vip"),
        });
        let list = branches(&compare);
        assert_eq!(list.iter().map(|b| label(&compare, b)).collect::<Vec<_>>(), ["= VIP", "No match"]);
        let Edit::Batch(edits) = wire(&compare, &list[1], Some(&ActionId::from_import("b"))) else { panic!() };
        assert_eq!(edits.len(), 2);
    }
}
