//! `whisperwire fmt` of an ~8 MB flow against the floor: a bare `serde_json::Value` parse and
//! pretty print of the same bytes (budget ≤ 1.5×, DESIGN.md §6). Peak memory is measured on the
//! real binary by `scripts/benchmarks.py` (with `examples/bare_json.rs` as the floor). Run with
//! `cargo bench --bench fmt`.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use whisperwire::flow_json;

/// A flow of about `bytes` bytes of pretty JSON: a chain of attribute blocks with designer
/// metadata, the shape of a large real export.
fn big_flow_bytes(bytes: usize) -> Vec<u8> {
    let mut actions = Vec::new();
    let mut metadata = serde_json::Map::new();
    let mut i = 0;
    let mut size = 0;
    while size < bytes {
        let id = format!("7d2e{i:04x}-1b3c-4d5e-8f60-{i:012x}");
        let next = format!("7d2e{:04x}-1b3c-4d5e-8f60-{:012x}", i + 1, i + 1);
        let action = json!({
            "Parameters": {"Attributes": {"callerId": "$.External.caller_id", format!("note{i}"): "a value of some length, like the ones real flows hold"}, "TargetContact": "Current"},
            "Identifier": id,
            "Type": "UpdateContactAttributes",
            "Transitions": {"NextAction": next, "Errors": [{"NextAction": next, "ErrorType": "NoMatchingError"}], "Conditions": []}
        });
        size += action.to_string().len() * 3 / 2 + 120;
        metadata.insert(id, json!({"position": {"x": 200.4 + f64::from(i % 40) * 300.0, "y": 40 + (i / 40) * 180}, "dynamicParams": []}));
        actions.push(action);
        i += 1;
    }
    let flow = json!({"Version": "2019-10-30", "StartAction": "7d2e0000-1b3c-4d5e-8f60-000000000000", "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": metadata, "name": "big", "type": "outboundWhisper", "status": "saved"}, "Actions": actions});
    let mut text = serde_json::to_vec_pretty(&flow).unwrap_or_default();
    text.push(b'\n');
    text
}

fn bench(c: &mut Criterion) {
    let bytes = big_flow_bytes(8 * 1024 * 1024);
    let mut group = c.benchmark_group("fmt 8 MB");
    group.sample_size(10);
    group.bench_function("serde_json Value parse+print", |b| {
        b.iter(|| {
            let value: Value = serde_json::from_slice(black_box(&bytes)).unwrap_or_default();
            black_box(serde_json::to_string_pretty(&value).unwrap_or_default())
        });
    });
    group.bench_function("whisperwire fmt", |b| b.iter(|| black_box(flow_json::format(black_box(&bytes)).ok())));
    group.finish();
    let size = bytes.len();
    eprintln!("fmt 8 MB: input {size} bytes");
    interleaved(&bytes);
}

/// The ratio measured the way a load that comes and goes cannot skew: the floor and `fmt` take
/// turns, 15 rounds each, and the medians are compared (criterion times one, then the other).
/// Printed as `fmt_interleaved bare_ms=… fmt_ms=… ratio=…` for `scripts/benchmarks.py`.
fn interleaved(bytes: &[u8]) {
    let mut bare = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..15 {
        let start = Instant::now();
        let value: Value = serde_json::from_slice(black_box(bytes)).unwrap_or_default();
        black_box(serde_json::to_string_pretty(&value).unwrap_or_default());
        drop(value);
        bare.push(start.elapsed().as_secs_f64() * 1e3);
        let start = Instant::now();
        black_box(flow_json::format(black_box(bytes)).ok());
        ours.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times.get(times.len() / 2).copied().unwrap_or_default()
    };
    let (bare, ours) = (median(&mut bare), median(&mut ours));
    eprintln!("fmt_interleaved bare_ms={bare:.1} fmt_ms={ours:.1} ratio={:.3}", ours / bare);
}

criterion_group!(benches, bench);
criterion_main!(benches);
