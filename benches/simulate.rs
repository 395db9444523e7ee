//! One simulated call on `samples/flows/caller-id-from-lambda.json` (budget ≤ 50 µs) and a
//! 10,000-call caller-ID matrix (budget ≤ 1 s), DESIGN.md §6. Run with
//! `cargo bench --bench simulate`; `SUMMARY_ONLY=1` prints only the figures.

mod common;

use common::median;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group};
use serde_json::{Map, Value};
use whisperwire::flow_json;
use whisperwire::instance::{Instance, Queue};
use whisperwire::model::FlowDocument;
use whisperwire::phone::{self, PhoneNumber};
use whisperwire::simulation::{self, LambdaMock, Scenario};

const FLOW: &str = "caller-id-from-lambda";
/// Queues using the flow in the matrix instance (the sample's Collections included).
const MATRIX_QUEUES: usize = 1_000;
/// Calls per timed run when measuring one call, so the clock's resolution does not matter.
const CALLS_PER_RUN: u32 = 1_000;

struct Fixture {
    doc: FlowDocument,
    instance: Instance,
    /// The sample instance plus generated queues on the Lambda flow.
    big_instance: Instance,
    one: Scenario,
    scenarios: Vec<(String, Scenario)>,
}

fn fixture() -> Fixture {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let doc = flow_json::load(&root.join(format!("flows/{FLOW}.json"))).unwrap_or_default();
    let instance = Instance::load(&root.join("instance.json")).unwrap_or_default();
    let big_instance = with_generated_queues(&instance);
    let one = scenario("Collections", "(206) 555-0123", Some("US"), None);
    let mut reply = Map::new();
    reply.insert("caller_id".into(), Value::from("+18005550199"));
    let scenarios = vec![
        scenario("", "(206) 555-0123", Some("US"), None),
        scenario("", "020 7946 0000", Some("GB"), None),
        scenario("", "+12065550123", None, Some(LambdaMock::Named("uk".into()))),
        scenario("", "+442079460000", None, Some(LambdaMock::Named("uk".into()))),
        scenario("", "2065550123", None, Some(LambdaMock::Named("not-e164".into()))),
        scenario("", "+12065550123", None, Some(LambdaMock::Error)),
        scenario("", "+442079460000", None, Some(LambdaMock::Timeout)),
        scenario("", "+12065550123", None, Some(LambdaMock::Reply(reply))),
        scenario("", "+1 (206) 555-0199", None, None),
        scenario("", "0044 20 7946 0000", None, None),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, s)| (format!("scenario-{i}"), s))
    .collect();
    Fixture { doc, instance, big_instance, one, scenarios }
}

fn scenario(queue: &str, dial: &str, region: Option<&str>, lambda: Option<LambdaMock>) -> Scenario {
    let mut scenario =
        Scenario { queue: queue.into(), dial: dial.into(), region: region.map(str::to_owned), ..Scenario::default() };
    if let Some(mock) = lambda {
        scenario.lambdas.insert("pick-caller-id".into(), mock);
    }
    scenario
}

/// The sample instance with queues `Q0001`… on the Lambda flow, their caller ID numbers taken
/// in turn from the instance's numbers and none.
fn with_generated_queues(instance: &Instance) -> Instance {
    let mut big = instance.clone();
    let mut numbers: Vec<Option<PhoneNumber>> = instance.phone_numbers.iter().map(|n| Some(n.number.clone())).collect();
    numbers.push(None);
    let existing = big.queues_with_whisper_flow(FLOW).count();
    for i in 0..MATRIX_QUEUES.saturating_sub(existing) {
        big.queues.push(Queue {
            id: None,
            arn: None,
            name: format!("Q{i:04}"),
            outbound_caller_id_number: numbers.get(i % numbers.len()).cloned().flatten(),
            outbound_caller_id_name: Some(format!("Queue {i}")),
            outbound_whisper_flow: Some(FLOW.into()),
            outbound_flow_id: None,
        });
    }
    big
}

fn bench(c: &mut Criterion) {
    let f = fixture();
    c.bench_function("simulate one call (caller-id-from-lambda)", |b| {
        b.iter(|| simulation::simulate(black_box(&f.doc), &f.instance, black_box(&f.one)));
    });
    let mut group = c.benchmark_group("matrix");
    group.sample_size(10);
    group.bench_function("10,000 calls", |b| {
        b.iter(|| simulation::matrix(black_box(&f.doc), FLOW, &f.big_instance, &f.scenarios));
    });
    group.finish();
}

criterion_group!(benches, bench);

#[expect(clippy::print_stdout, reason = "the benchmark reports its figures on stdout")]
fn main() {
    phone::warm_up();
    if std::env::var_os("SUMMARY_ONLY").is_none() {
        benches();
    }
    let f = fixture();
    let outcome = simulation::simulate(&f.doc, &f.instance, &f.one);
    assert!(
        matches!(&outcome, Ok(o) if matches!(o.result, simulation::CallResult::Connected(_))),
        "the benchmark call is meant to connect: {outcome:?}"
    );
    let per_call = median(101, || {
        (0..CALLS_PER_RUN).filter(|_| simulation::simulate(black_box(&f.doc), &f.instance, &f.one).is_ok()).count()
    }) / CALLS_PER_RUN;
    let rows = simulation::matrix(&f.doc, FLOW, &f.big_instance, &f.scenarios);
    let outcomes =
        ["connected", "failed", "stopped", "error"].map(|o| (o, rows.iter().filter(|r| r.outcome == o).count()));
    let matrix = median(11, || simulation::matrix(&f.doc, FLOW, &f.big_instance, &f.scenarios));
    println!("simulate one call: {:.1} µs (budget 50 µs)", per_call.as_secs_f64() * 1e6);
    println!("matrix: {} calls ({outcomes:?}) in {:.1} ms (budget 1000 ms)", rows.len(), matrix.as_secs_f64() * 1e3);
    if std::env::var_os("SUMMARY_ONLY").is_none() {
        Criterion::default().configure_from_args().final_summary();
    }
}
