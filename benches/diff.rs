//! The semantic diff of two 250-action flows (budget ≤ 5 ms, DESIGN.md §6), and of the same
//! shape at 10× and 100× that size to show it stays linear. Run with `cargo bench --bench diff`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use whisperwire::diff::diff;
use whisperwire::flow_json;
use whisperwire::model::FlowDocument;

/// An `n`-block outbound whisper flow laid out in a grid: a Lambda, attribute blocks, a Compare
/// every fifth block, an unmodelled Wait every seventh, Call phone number, a prompt and End.
/// `edited` moves every block, changes every tenth block's parameters, rewires five branches
/// and swaps five blocks for new ones.
fn flow(n: usize, edited: bool) -> FlowDocument {
    let id = |i: usize| if edited && i % 50 == 7 { format!("new{i}") } else { format!("b{i}") };
    let tail = |i: usize| if edited && i % 50 == 3 { id(n - 1) } else { id(i + 1) };
    let value = |i: usize| if edited && i.is_multiple_of(10) { format!("v{i}-edited") } else { format!("v{i}") };
    let mut actions = Vec::with_capacity(n);
    let mut layout = serde_json::Map::new();
    for i in 0..n {
        let (kind, params, transitions) = match i {
            0 => (
                "InvokeLambdaFunction",
                json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:pick", "InvocationTimeLimitSeconds": "3"}),
                json!({"NextAction": tail(i), "Errors": [{"ErrorType": "NoMatchingError", "NextAction": id(n - 1)}]}),
            ),
            _ if i == n - 1 => ("EndFlowExecution", json!({}), json!({})),
            _ if i == n - 2 => {
                ("MessageParticipant", json!({"Text": "Connecting you now."}), json!({"NextAction": tail(i)}))
            }
            _ if i == n - 3 => (
                "CompleteOutboundCall",
                json!({"CallerId": {"Number": if edited { "+12065550142" } else { "+12065550100" }}}),
                json!({"NextAction": tail(i)}),
            ),
            _ if i.is_multiple_of(5) => (
                "Compare",
                json!({"ComparisonValue": "$.External.tier"}),
                json!({"NextAction": tail(i), "Conditions": [{"NextAction": tail(i), "Condition": {"Operator": "Equals", "Operands": [value(i)]}}],
                    "Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": tail(i)}]}),
            ),
            _ if i.is_multiple_of(7) => {
                ("Wait", json!({"TimeLimitSeconds": value(i), "Events": ["a", "b"]}), json!({"NextAction": tail(i)}))
            }
            _ => (
                "UpdateContactAttributes",
                json!({"Attributes": {format!("k{i}"): value(i)}, "TargetContact": "Current"}),
                json!({"NextAction": tail(i), "Errors": [{"ErrorType": "NoMatchingError", "NextAction": id(n - 1)}]}),
            ),
        };
        actions.push(json!({"Parameters": params, "Identifier": id(i), "Type": kind, "Transitions": transitions}));
        let shift = if edited { 25.0 } else { 0.0 };
        layout.insert(
            id(i),
            json!({"position": {"x": 200.0 + (i % 20) as f64 * 300.0 + shift, "y": 40.0 + (i / 20) as f64 * 180.0}}),
        );
    }
    let flow = json!({"Version": "2019-10-30", "StartAction": "b0", "Actions": actions,
        "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": Value::Object(layout), "type": "outboundWhisper", "name": "big"}});
    flow_json::from_value(flow).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    for n in [250, 2_500, 25_000] {
        let old = flow(n, false);
        let new = flow(n, true);
        assert_eq!((old.flow.actions.len(), new.flow.actions.len()), (n, n));
        let changes = diff(&old, &new);
        assert!(
            changes.semantic_count() > n / 5 && changes.moved_count() > n * 4 / 5,
            "{} changes",
            changes.changes.len()
        );
        // The ids the benchmark script reads: `diff 250 actions, many changes`, …
        c.bench_function(&format!("diff {n} actions, many changes"), |b| {
            b.iter(|| black_box(diff(black_box(&old), black_box(&new))));
        });
        let same = old.clone();
        c.bench_function(&format!("diff {n} actions, identical"), |b| {
            b.iter(|| black_box(diff(black_box(&old), black_box(&same))));
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
