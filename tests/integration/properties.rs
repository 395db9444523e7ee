//! Property tests: any generated flow survives export and import, and any edit followed by its
//! inverse gives the document back.

use proptest::prelude::*;
use whisperwire::flow_json;
use whisperwire::model::{
    Action, ActionId, ActionKind, AttributeRef, Branch, CallerId, Edit, FlowDocument, FlowStatus, Message, Namespace,
    Position,
};

/// A block kind, with text drawn from a small alphabet (numbers, attribute keys, prompts).
fn kind() -> impl Strategy<Value = ActionKind> {
    let text = "[a-zA-Z0-9 +_.-]{0,12}";
    prop_oneof![
        Just(ActionKind::CompleteOutboundCall { caller_id: CallerId::None }),
        text.prop_map(|n| ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(format!("+1{n}")) }),
        ("[a-zA-Z_][a-zA-Z0-9_]{0,10}", any::<bool>()).prop_map(|(key, external)| {
            let namespace = if external { Namespace::External } else { Namespace::UserDefined };
            ActionKind::CompleteOutboundCall { caller_id: CallerId::Attribute(AttributeRef::new(namespace, key)) }
        }),
        text.prop_map(|t| ActionKind::MessageParticipant(Message { text: Some(t), ..Message::default() })),
        // Attributes are a JSON object: one value per key, so the keys are distinct.
        proptest::collection::btree_map("[a-zA-Z_]{1,8}", text, 0..4).prop_map(|attributes| {
            let attributes = attributes.into_iter().collect();
            ActionKind::UpdateContactAttributes { attributes, target_contact: Some("Current".into()) }
        }),
        (0u8..120).prop_map(|n| ActionKind::Loop { loop_count: Some(n.to_string()) }),
        Just(ActionKind::EndFlowExecution),
        Just(ActionKind::new_block("InvokeLambdaFunction").unwrap_or(ActionKind::EndFlowExecution)),
        "[A-Z][a-zA-Z]{3,12}".prop_map(|type_name| ActionKind::Other { type_name }),
    ]
}

/// A flow of 1 to 12 blocks with wires between them and positions.
fn flow() -> impl Strategy<Value = FlowDocument> {
    proptest::collection::vec((kind(), -500i32..2000, -500i32..2000, proptest::option::of(0usize..12)), 1..12).prop_map(
        |blocks| {
            let mut doc = FlowDocument::new_outbound_whisper("generated");
            let ids: Vec<ActionId> = (0..blocks.len()).map(|i| ActionId::from_import(format!("block-{i}"))).collect();
            for ((kind, x, y, next), id) in blocks.into_iter().zip(&ids) {
                let mut action = Action::with_id(id.clone(), kind, Position { x: f64::from(x), y: f64::from(y) / 2.0 });
                if !action.kind.is_terminal() {
                    action.transitions.next = next.and_then(|n| ids.get(n).cloned());
                }
                doc.flow.actions.push(action);
            }
            doc.flow.start = ids.first().cloned();
            doc.flow.status = Some(FlowStatus::Saved);
            doc
        },
    )
}

/// A block as a round trip must keep it: identifier, kind, next block, position.
type BlockEssence = (String, String, Option<String>, Option<(i64, i64)>);

/// What must survive a round trip: the flow as Amazon Connect sees it, and the layout.
fn essence(doc: &FlowDocument) -> (Vec<BlockEssence>, Option<String>) {
    let actions = doc
        .flow
        .actions
        .iter()
        .map(|a| {
            #[expect(clippy::cast_possible_truncation, reason = "test positions are small")]
            let at = a.position().map(|p| ((p.x * 2.0) as i64, (p.y * 2.0) as i64));
            (a.id.to_string(), format!("{:?}", a.kind), a.transitions.next.as_ref().map(ToString::to_string), at)
        })
        .collect();
    (actions, doc.flow.start.as_ref().map(ToString::to_string))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn any_flow_survives_export_and_import(doc in flow()) {
        let text = flow_json::to_canonical_string(&doc);
        let again = flow_json::from_str(&text).unwrap();
        prop_assert_eq!(essence(&again), essence(&doc));
        prop_assert_eq!(&again.flow.flow_type, &doc.flow.flow_type);
        prop_assert_eq!(flow_json::to_canonical_string(&again), text, "export is stable");
    }

    #[test]
    fn any_edit_followed_by_its_inverse_restores_the_document(
        doc in flow(),
        pick in 0usize..12,
        other in 0usize..12,
        x in -100i32..100,
        which in 0u8..8,
        new_kind in kind(),
    ) {
        let ids: Vec<ActionId> = doc.flow.actions.iter().map(|a| a.id.clone()).collect();
        let id = ids[pick % ids.len()].clone();
        let target = ids[other % ids.len()].clone();
        let edit = match which {
            0 => Edit::SetKind { id, kind: new_kind },
            1 => Edit::SetTarget { from: id, branch: Branch::Next, to: Some(target) },
            2 => Edit::Move { id, to: Position { x: f64::from(x), y: 3.5 } },
            3 => Edit::delete_actions(&doc, &[id]),
            4 => Edit::SetStart(Some(target)),
            5 => Edit::RenameAction { from: id, to: ActionId::from_import("renamed") },
            6 => Edit::SetName(Some(format!("name {x}"))),
            _ => Edit::InsertAction { index: pick, action: Box::new(Action::new(new_kind, Position::default())) },
        };
        let mut changed = doc.clone();
        // A refused edit (e.g. no such branch on that block) must leave the document as it was.
        if let Ok(inverse) = changed.apply(edit) {
            changed.apply(inverse).unwrap();
        }
        prop_assert_eq!(changed, doc);
    }
}
