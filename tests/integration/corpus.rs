//! The shared corpus of real exports: lossless round-trip, clear errors for the broken ones, no
//! panic on any truncation.

use serde_json::Value;
use whisperwire::flow_json::{self, ParseError};

use crate::support::{corpus_dir, corpus_files};

#[test]
fn every_valid_corpus_flow_round_trips_exactly() {
    let Some(dir) = corpus_dir() else { return };
    let mut round_tripped = 0;
    for path in corpus_files(&dir) {
        let bytes = std::fs::read(&path).unwrap();
        let Ok(input) = serde_json::from_slice::<Value>(&bytes) else {
            continue;
        };
        let doc = match flow_json::from_value(input.clone()) {
            Ok(doc) => doc,
            Err(ParseError::Legacy) => continue,
            Err(e) => panic!("{}: valid JSON was refused: {e}", path.display()),
        };
        let output = flow_json::to_value(&doc);
        assert_eq!(output, input, "{}: export differs from the file", path.display());
        // Equal as values is not enough: the author's key order must survive too.
        assert_eq!(
            serde_json::to_string(&output).unwrap(),
            serde_json::to_string(&input).unwrap(),
            "{}: key order changed",
            path.display()
        );
        round_tripped += 1;
    }
    assert!(round_tripped >= 60, "only {round_tripped} corpus flows round-tripped");
}

#[test]
fn corpus_flows_load_with_their_types() {
    let Some(dir) = corpus_dir() else { return };
    let doc = flow_json::load(&dir.join("GoodMeasuresLLC__connect___0x_gm_outbound.json")).unwrap();
    assert_eq!(doc.flow.actions.len(), 12);
    let calls = doc.flow.actions.iter().filter(|a| a.kind.type_name() == "CompleteOutboundCall").count();
    assert_eq!(calls, 1);
    let wrapped = dir.join("wrapped/aws-samples__amazon-connect-gitlab-cicd-terraform__acme_outbound_flow1_AUTO.json");
    let doc = flow_json::load(&wrapped).unwrap();
    assert_eq!(doc.flow.flow_type, Some(whisperwire::model::FlowType::OutboundWhisper));
    assert_eq!(doc.flow.name.as_deref(), Some("acme_outbound_flow1_AUTO"));
    assert_eq!(doc.flow.actions.len(), 2);
}

#[test]
fn the_flow_broken_by_its_author_gives_file_line_and_column() {
    let Some(dir) = corpus_dir() else { return };
    let path = dir.join("GoodMeasuresLLC__connect__sample_ab_test.json");
    let err = flow_json::load(&path).unwrap_err().to_string();
    assert!(err.starts_with(&format!("{}:90:11: expected `,`", path.display())), "{err}");
}

#[test]
fn the_pre_2019_format_is_recognised() {
    let Some(dir) = corpus_dir() else { return };
    let path = dir.join("legacy/amazon-connect__amazon-connect-snippets__001_Context_Tracking_-_Queue.json");
    let err = flow_json::load(&path).unwrap_err().to_string();
    assert!(err.contains("pre-2019") && err.contains("export it again"), "{err}");
}

#[test]
fn files_that_are_not_json_get_a_clear_error() {
    let Some(dir) = corpus_dir() else { return };
    for name in
        ["wrapped/GoodMeasuresLLC__connect___0x_gm_outbound.tf", "wrapped/jarrod-west__siqc__whisper_flows.yaml"]
    {
        let path = dir.join(name);
        let err = flow_json::load(&path).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:1:", path.display())), "{err}");
    }
}

/// Truncating a file anywhere must give an error (or, rarely, a valid document), never a panic.
#[test]
fn truncated_corpus_files_never_panic() {
    let Some(dir) = corpus_dir() else { return };
    for path in corpus_files(&dir) {
        let bytes = std::fs::read(&path).unwrap();
        let len = bytes.len();
        let mut cuts: Vec<usize> = (1..16).map(|i| len * i / 16).collect();
        cuts.extend([0, 1, 2, len.saturating_sub(1), len.saturating_sub(2)]);
        for cut in cuts {
            let slice = bytes.get(..cut).unwrap();
            let outcome = std::panic::catch_unwind(|| flow_json::from_slice(slice).map(|d| flow_json::to_value(&d)));
            assert!(outcome.is_ok(), "{} cut at {cut}: panicked", path.display());
        }
    }
}
