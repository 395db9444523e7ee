//! `whisperwire pull` of 200 flows (and 2,000, ten times more) against the Connect stand-in
//! answering every request in 50 ms: the real binary, the real SDK, bounded concurrency
//! (budget ≤ 3 s for 200 flows, DESIGN.md §6; sequential calls would take 10 s or more). Prints
//! one `pull_flows=N seconds=S requests=R in_flight=M` line per size for
//! `scripts/benchmarks.py`, and how long the same pull takes again when nothing changed (it
//! writes nothing). Run with `cargo bench --bench pull`.
#![expect(clippy::unwrap_used, reason = "a benchmark fails by panicking")]
#![expect(clippy::print_stdout, reason = "the benchmark's report is its output")]

use std::process::Command;
use std::time::{Duration, Instant};

#[path = "../tests/connect_standin/mod.rs"]
mod standin;

use standin::StandIn;

const FLOW: &str = r#"{"Version":"2019-10-30","StartAction":"call","Metadata":{"entryPointPosition":{"x":40,"y":40},"ActionMetadata":{"call":{"position":{"x":190,"y":40}},"end":{"position":{"x":430,"y":40}}},"type":"outboundWhisper","status":"published"},"Actions":[{"Parameters":{"CallerId":{"Number":"+12065550100"}},"Identifier":"call","Type":"CompleteOutboundCall","Transitions":{"NextAction":"end","Errors":[{"NextAction":"end","ErrorType":"NoMatchingError"}]}},{"Parameters":{},"Identifier":"end","Type":"EndFlowExecution","Transitions":{}}]}"#;

fn main() {
    for flows in [200, 2000] {
        let standin = StandIn::start();
        let number = standin.add_number("+12065550100", "DID", "US");
        let mut first = None;
        for i in 0..flows {
            let id = standin.add_flow(&format!("Whisper {i:04}"), "OUTBOUND_WHISPER", "PUBLISHED", FLOW);
            first.get_or_insert(id);
        }
        for i in 0..10 {
            standin.add_queue(&format!("Queue {i}"), Some(&number), Some("Acme"), first.as_deref());
        }
        standin.set_latency(Duration::from_millis(50));
        let dir = tempfile::tempdir().unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_whisperwire"));
        standin.configure(&mut command);
        command.args(["pull", "--instance-id", standin.instance_id(), dir.path().to_str().unwrap()]);
        let start = Instant::now();
        let output = command.output().unwrap();
        let seconds = start.elapsed().as_secs_f64();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let written = std::fs::read_dir(dir.path().join("flows")).unwrap().count();
        assert_eq!(written, flows);
        let requests = standin.requests().len();
        // The same pull again, nothing changed on either side: it must write nothing.
        let again = Instant::now();
        let output = command.output().unwrap();
        let again_seconds = again.elapsed().as_secs_f64();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(!String::from_utf8_lossy(&output.stdout).contains("wrote "), "an unchanged pull writes nothing");
        println!(
            "pull_flows={flows} seconds={seconds:.2} requests={requests} in_flight={} sequential_seconds={:.1} again_seconds={again_seconds:.2}",
            standin.max_in_flight(),
            requests as f64 * 0.05
        );
    }
}
