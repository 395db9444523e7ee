//! The caller-ID audit of a whole instance, DESIGN.md §6: 500 queues × 50 scenarios ≤ 1 s. The
//! instance is the sample one with queues added up to 500, spread over the sample's three
//! published flows, their caller ID numbers taken in turn from the instance's numbers and none;
//! each flow gets saved test calls (customers in France) until it has 50 columns, generated
//! scenarios included. Also: the same at 10× the queues, and the HTML and JSON of the 500.
//! Run with `cargo bench --bench audit`; `SUMMARY_ONLY=1` prints only the figures.

mod common;

use common::median;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group};
use whisperwire::audit::{self, Audit, AuditFlow, AuditInput, SavedScenario};
use whisperwire::flow_json;
use whisperwire::instance::{Instance, Queue};
use whisperwire::model::FlowDocument;
use whisperwire::phone::{self, PhoneNumber};
use whisperwire::simulation::{LambdaMock, Scenario};

const FLOWS: [&str; 3] = ["static-caller-id", "caller-id-from-attribute", "caller-id-from-lambda"];
/// Queues in the instance (the sample's three included).
const QUEUES: usize = 500;
/// Columns wanted per flow.
const COLUMNS: usize = 50;

struct Fixture {
    docs: Vec<(String, FlowDocument)>,
    instance: Instance,
    saved: Vec<SavedScenario>,
}

impl Fixture {
    fn new(queues: usize) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let docs = FLOWS
            .iter()
            .map(|name| {
                ((*name).to_owned(), flow_json::load(&root.join(format!("flows/{name}.json"))).unwrap_or_default())
            })
            .collect();
        let instance = with_queues(&Instance::load(&root.join("instance.json")).unwrap_or_default(), queues);
        let mut fixture = Self { docs, instance, saved: Vec::new() };
        fixture.fill_columns();
        fixture
    }

    fn run(&self) -> Audit {
        let flows: Vec<AuditFlow<'_>> =
            self.docs.iter().map(|(name, doc)| AuditFlow { name, file: None, doc, published_before: false }).collect();
        Audit::run(&AuditInput { instance: &self.instance, flows: &flows, saved: &self.saved, dial: &[] })
    }

    /// Adds saved calls to each flow until it has [`COLUMNS`] columns (a generated scenario that
    /// plays like a saved call is merged into it, so this takes a few rounds).
    fn fill_columns(&mut self) {
        let mut next = 0;
        for _ in 0..8 {
            let audit = self.run();
            let mut short = false;
            for group in &audit.flows {
                for _ in group.scenarios.len()..COLUMNS {
                    short = true;
                    next += 1;
                    self.saved.push(saved_call(&group.name, next));
                }
            }
            if !short {
                return;
            }
        }
    }
}

/// A customer in France (a different number each time), the Lambda answering its London reply
/// every other call.
fn saved_call(flow: &str, n: usize) -> SavedScenario {
    let dial = format!("+336123{:05}", 45_000 + n);
    let mut scenario = Scenario { queue: String::new(), dial, region: Some("FR".into()), ..Scenario::default() };
    if n.is_multiple_of(2) {
        scenario.lambdas.insert("pick-caller-id".into(), LambdaMock::Named("uk".into()));
    }
    SavedScenario { name: format!("france-{n:03}"), flow: flow.to_owned(), scenario }
}

/// The sample instance with queues `Q0001`… up to `total`, on the three flows in turn.
fn with_queues(instance: &Instance, total: usize) -> Instance {
    let mut big = instance.clone();
    let mut numbers: Vec<Option<PhoneNumber>> = instance.phone_numbers.iter().map(|n| Some(n.number.clone())).collect();
    numbers.push(None);
    for i in 0..total.saturating_sub(instance.queues.len()) {
        big.queues.push(Queue {
            id: None,
            arn: None,
            name: format!("Q{i:04}"),
            outbound_caller_id_number: numbers.get(i % numbers.len()).cloned().flatten(),
            outbound_caller_id_name: Some(format!("Line {i}")),
            outbound_whisper_flow: FLOWS.get(i % FLOWS.len()).map(|f| (*f).to_owned()),
            outbound_flow_id: None,
        });
    }
    big
}

/// `500 queues × 50 scenarios = 25,000 calls (…)`.
fn shape(audit: &Audit) -> String {
    let columns: Vec<usize> = audit.flows.iter().map(|g| g.scenarios.len()).collect();
    let s = &audit.summary;
    format!(
        "{} queues × {columns:?} scenarios = {} calls ({} connected, {} failed, {} not simulated), {} findings",
        audit.flows.iter().map(|g| g.queues.len()).sum::<usize>(),
        s.cells,
        s.connected,
        s.failed,
        s.stopped + s.not_played,
        audit.findings.len()
    )
}

fn bench(c: &mut Criterion) {
    let fixture = Fixture::new(QUEUES);
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("500 queues × 50 scenarios", |b| b.iter(|| black_box(fixture.run())));
    group.finish();
}

criterion_group!(benches, bench);

#[expect(clippy::print_stdout, reason = "the benchmark reports its figures on stdout")]
fn main() {
    phone::warm_up();
    if std::env::var_os("SUMMARY_ONLY").is_none() {
        benches();
    }
    let fixture = Fixture::new(QUEUES);
    let audit = fixture.run();
    assert!(audit.flows.iter().all(|g| g.scenarios.len() == COLUMNS), "{}", shape(&audit));
    let time = median(11, || fixture.run());
    println!("audit: {} in {:.0} ms (budget 1000 ms)", shape(&audit), time.as_secs_f64() * 1e3);
    let html = audit::to_html(&audit);
    let html_time = median(5, || audit::to_html(&audit));
    let json_time = median(5, || serde_json::to_string_pretty(&audit).map_or(0, |j| j.len()));
    let json = serde_json::to_string_pretty(&audit).map_or(0, |j| j.len());
    println!(
        "report of the 500: HTML {:.1} MB in {:.0} ms, JSON {:.1} MB in {:.0} ms",
        html.len() as f64 / 1e6,
        html_time.as_secs_f64() * 1e3,
        json as f64 / 1e6,
        json_time.as_secs_f64() * 1e3
    );
    if std::env::var_os("AUDIT_TEN_TIMES").is_some() {
        let big = Fixture::new(QUEUES * 10);
        let audit = big.run();
        let time = median(3, || big.run());
        println!("audit at 10×: {} in {:.0} ms", shape(&audit), time.as_secs_f64() * 1e3);
    }
    if std::env::var_os("SUMMARY_ONLY").is_none() {
        Criterion::default().configure_from_args().final_summary();
    }
}
