//! Import + export of the whole corpus against a bare `serde_json::Value` parse + print of the
//! same files (budget: at most 2×, DESIGN.md §6). Run with `cargo bench --bench roundtrip`.

mod common;

use common::median;
use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group};
use whisperwire::flow_json;

/// The corpus when this clone sits beside `shared/`, else the bundled samples.
fn inputs() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../shared/corpus/flows");
    let dir = if corpus.is_dir() { corpus } else { root.join("samples/flows") };
    let mut files = Vec::new();
    let mut pending = vec![dir];
    while let Some(folder) = pending.pop() {
        for path in std::fs::read_dir(&folder).into_iter().flatten().flatten().map(|e| e.path()) {
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
        .iter()
        .filter_map(|p: &PathBuf| std::fs::read(p).ok())
        .filter(|bytes| flow_json::from_slice(bytes).is_ok())
        .collect()
}

fn bare(inputs: &[Vec<u8>]) -> usize {
    inputs
        .iter()
        .filter_map(|bytes| serde_json::from_slice::<serde_json::Value>(bytes).ok())
        .map(|value| serde_json::to_string_pretty(&value).map_or(0, |s| s.len()))
        .sum()
}

fn whisperwire(inputs: &[Vec<u8>]) -> usize {
    inputs
        .iter()
        .filter_map(|bytes| flow_json::from_slice(bytes).ok())
        .map(|doc| flow_json::to_canonical_string(&doc).len())
        .sum()
}

fn roundtrip(c: &mut Criterion) {
    let inputs = inputs();
    let mut group = c.benchmark_group("corpus");
    group.bench_function("serde_json Value parse+print", |b| {
        b.iter(|| bare(black_box(&inputs)));
    });
    group.bench_function("whisperwire import+export", |b| {
        b.iter(|| whisperwire(black_box(&inputs)));
    });
    group.finish();
}

criterion_group!(benches, roundtrip);

#[expect(clippy::print_stdout, reason = "the benchmark reports its ratio on stdout")]
fn main() {
    if std::env::var_os("SUMMARY_ONLY").is_none() {
        benches();
    }
    let inputs = inputs();
    let bytes: usize = inputs.iter().map(Vec::len).sum();
    let base = median(101, || bare(&inputs));
    let ours = median(101, || whisperwire(&inputs));
    let docs: Vec<_> = inputs.iter().filter_map(|b| flow_json::from_slice(b).ok()).collect();
    let import = median(101, || inputs.iter().filter_map(|b| flow_json::from_slice(b).ok()).count());
    let export = median(101, || docs.iter().map(|d| flow_json::to_canonical_string(d).len()).sum::<usize>());
    let parse =
        median(101, || inputs.iter().filter_map(|b| serde_json::from_slice::<serde_json::Value>(b).ok()).count());
    eprintln!("breakdown: bare parse {parse:?}; import {import:?}; export {export:?}");
    let ratio = ours.as_secs_f64() / base.as_secs_f64();
    println!(
        "corpus: {} files, {bytes} bytes; bare Value parse+print {base:?}, import+export {ours:?}: ratio {ratio:.2} (budget 2.00)",
        inputs.len()
    );
    if std::env::var_os("SUMMARY_ONLY").is_none() {
        Criterion::default().configure_from_args().final_summary();
    }
}
