//! Validating a 250-action outbound whisper flow after one edit (budget ≤ 1 ms, DESIGN.md §6).
//! Run with `cargo bench --bench validate`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use whisperwire::flow_json;
use whisperwire::instance::Instance;
use whisperwire::model::{ActionId, ActionKind, Edit, FlowDocument, Message};
use whisperwire::validation::{Context, validate};

/// A 250-block flow: a Lambda, then 240 blocks of attribute setting and branching on the reply
/// (every third block a Compare whose branches join again), the caller ID set from the reply,
/// Call phone number, prompts and End.
fn big_flow() -> FlowDocument {
    let id = |i: usize| format!("b{i}");
    let mut actions: Vec<Value> = vec![json!({
        "Identifier": id(0), "Type": "InvokeLambdaFunction",
        "Parameters": {"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id", "InvocationTimeLimitSeconds": "3"},
        "Transitions": {"NextAction": id(1), "Errors": [{"ErrorType": "NoMatchingError", "NextAction": id(249)}]}
    })];
    for i in 1..=240 {
        actions.push(if i % 3 == 0 {
            json!({"Identifier": id(i), "Type": "Compare", "Parameters": {"ComparisonValue": "$.External.tier"},
                "Transitions": {"NextAction": id(i + 2), "Conditions": [{"NextAction": id(i + 1), "Condition": {"Operator": "Equals", "Operands": ["gold"]}}],
                    "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": id(i + 2)}]}})
        } else {
            json!({"Identifier": id(i), "Type": "UpdateContactAttributes", "Parameters": {"Attributes": {format!("k{i}"): "v"}, "TargetContact": "Current"},
                "Transitions": {"NextAction": id(i + 1), "Errors": [{"ErrorType": "NoMatchingError", "NextAction": id(249)}]}})
        });
    }
    actions.push(json!({"Identifier": id(241), "Type": "UpdateContactAttributes", "Parameters": {"Attributes": {"callerId": "$.External.caller_id"}},
        "Transitions": {"NextAction": id(242), "Errors": [{"ErrorType": "NoMatchingError", "NextAction": id(249)}]}}));
    actions.push(json!({"Identifier": id(242), "Type": "CompleteOutboundCall", "Parameters": {"CallerId": {"Number": "$.Attributes.callerId"}},
        "Transitions": {"NextAction": id(243)}}));
    for i in 243..=248 {
        actions.push(json!({"Identifier": id(i), "Type": "MessageParticipant", "Parameters": {"Text": format!("Prompt {i}")}, "Transitions": {"NextAction": id(i + 1)}}));
    }
    actions.push(json!({"Identifier": id(249), "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}));
    let flow = json!({"Version": "2019-10-30", "StartAction": id(0), "Metadata": {"name": "big", "type": "outboundWhisper", "status": "saved"}, "Actions": actions});
    flow_json::from_value(flow).unwrap_or_default()
}

fn edit_of(i: usize) -> Edit {
    let text = format!("Prompt {i} (edited)");
    Edit::SetKind {
        id: ActionId::from_import("b245"),
        kind: ActionKind::MessageParticipant(Message { text: Some(text), ..Message::default() }),
    }
}

fn bench(c: &mut Criterion) {
    let instance = Instance::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/instance.json")).ok();
    let context = Context { instance: instance.as_ref(), flow_name: None };
    let mut doc = big_flow();
    assert_eq!(doc.flow.actions.len(), 250);
    let report = validate(&doc, context);
    assert!(!report.has_errors(), "the benchmark flow is meant to be correct: {:?}", report.diagnostics);
    let mut i = 0;
    c.bench_function("validate 250 actions after one edit", |b| {
        b.iter(|| {
            i += 1;
            let _undo = doc.apply(edit_of(i));
            black_box(validate(black_box(&doc), context))
        });
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
