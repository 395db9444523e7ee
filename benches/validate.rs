//! Validating a 250-action outbound whisper flow after one edit (budget ≤ 1 ms, DESIGN.md §6),
//! and chains of 1,000, 8,000 and 10,000 real-looking actions (budget: linear, 10,000 actions
//! ≤ 100 ms). Run with `cargo bench --bench validate`.

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

/// A chain of `n` blocks of the kinds real outbound whisper flows hold (attributes, a Lambda,
/// attribute checks with both branches wired, logging, voice, recording), then Call phone number
/// with the caller ID from an attribute, a prompt and End. Every Error branch goes to the End.
fn chain(n: usize) -> FlowDocument {
    let id = |i: usize| format!("3f1c{i:04x}-6b7d-4a2e-9c41-{i:012x}");
    let end = id(n - 1);
    let mut actions: Vec<Value> = Vec::with_capacity(n);
    for i in 0..n {
        let next = id(i + 1);
        let on_error = json!([{"NextAction": end, "ErrorType": "NoMatchingError"}]);
        let (kind, params, transitions) = match (i, i % 6) {
            (i, _) if i == n - 1 => ("EndFlowExecution", json!({}), json!({})),
            (i, _) if i == n - 2 => (
                "MessageParticipant",
                json!({"Text": "Connecting you now."}),
                json!({"NextAction": next, "Errors": on_error}),
            ),
            (i, _) if i == n - 3 => (
                "CompleteOutboundCall",
                json!({"CallerId": {"Number": "$.Attributes.callerId"}}),
                json!({"NextAction": next}),
            ),
            (_, 0) => (
                "UpdateContactAttributes",
                json!({"Attributes": {"callerId": "$.External.caller_id", format!("k{i}"): "value"}, "TargetContact": "Current"}),
                json!({"NextAction": next, "Errors": on_error}),
            ),
            (_, 1) => (
                "InvokeLambdaFunction",
                json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:pick", "InvocationTimeLimitSeconds": "3"}),
                json!({"NextAction": next, "Errors": on_error}),
            ),
            (_, 2) => (
                "Compare",
                json!({"ComparisonValue": "$.External.tier"}),
                json!({"NextAction": next, "Conditions": [{"NextAction": next, "Condition": {"Operator": "NumberGreaterThan", "Operands": ["$.Attributes.threshold"]}}], "Errors": [{"NextAction": next, "ErrorType": "NoMatchingCondition"}]}),
            ),
            (_, 3) => {
                ("UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Enabled"}), json!({"NextAction": next}))
            }
            (_, 4) => {
                ("UpdateContactTextToSpeechVoice", json!({"TextToSpeechVoice": "Joanna"}), json!({"NextAction": next}))
            }
            _ => (
                "UpdateContactRecordingBehavior",
                json!({"RecordingBehavior": {"RecordedParticipants": ["Agent", "Customer"]}}),
                json!({"NextAction": next}),
            ),
        };
        actions.push(json!({"Parameters": params, "Identifier": id(i), "Type": kind, "Transitions": transitions}));
    }
    let flow = json!({"Version": "2019-10-30", "StartAction": id(0), "Metadata": {"name": "chain", "type": "outboundWhisper", "status": "saved"}, "Actions": actions});
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
    let context = Context { instance: instance.as_ref(), flow_name: None, published_before: false };
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

/// Validation time must grow linearly with the number of actions.
fn bench_sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate chain");
    group.sample_size(10);
    for n in [1_000, 8_000, 10_000] {
        let doc = chain(n);
        let report = validate(&doc, Context::default());
        assert!(!report.has(whisperwire::validation::Rule::UnknownType), "{:?}", report.diagnostics);
        group.bench_function(format!("{n} actions"), |b| {
            b.iter(|| black_box(validate(black_box(&doc), Context::default())));
        });
    }
    group.finish();
}

criterion_group!(benches, bench, bench_sizes);
criterion_main!(benches);
