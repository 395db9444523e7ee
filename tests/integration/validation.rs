//! The validator over real exports: it never panics, and the real outbound whisper flows with a
//! Call phone number block give the findings an admin would expect.

use whisperwire::flow_json;
use whisperwire::instance::Instance;
use whisperwire::validation::{Context, Report, Rule, Severity, validate};
use whisperwire::workspace::folder::sample_workspace;

use crate::support::{corpus_dir, corpus_files};

fn findings(report: &Report) -> Vec<(Rule, Severity)> {
    report.diagnostics.iter().map(|d| (d.rule, d.severity)).collect()
}

#[test]
fn every_corpus_flow_validates_without_panic() {
    let Some(dir) = corpus_dir() else { return };
    let instance = Instance::load(&sample_workspace().unwrap().join("instance.json")).unwrap();
    let mut validated = 0;
    for path in corpus_files(&dir) {
        let Ok(doc) = flow_json::load(&path) else {
            continue;
        };
        for context in
            [Context::default(), Context { instance: Some(&instance), flow_name: None, published_before: false }]
        {
            let report = validate(&doc, context);
            assert!(report.diagnostics.iter().all(|d| !d.message.is_empty()), "{}", path.display());
        }
        validated += 1;
    }
    assert!(validated >= 60, "only {validated} corpus flows validated");
}

/// jarrod-west/siqc's callback outbound whisper flow calls with `$.Attributes.CallerId`, which
/// the flow that scheduled the callback sets: a warning (not an error), and the type note.
#[test]
fn siqc_callback_whisper_warns_that_its_caller_id_attribute_comes_from_elsewhere() {
    let Some(dir) = corpus_dir() else { return };
    let doc = flow_json::load(&dir.join("jarrod-west__siqc__CallbackOutboundWhisper.json")).unwrap();
    let report = validate(&doc, Context::default());
    assert_eq!(
        findings(&report),
        [
            (Rule::UserAttributeMaybeUnset, Severity::Warning),
            (Rule::FlowTypeUnknown, Severity::Note),
            (Rule::NoInstance, Severity::Note)
        ]
    );
    assert!(report.diagnostics[0].message.contains("'CallerId'"));
}

/// `GoodMeasures`' outbound flow takes the caller ID from its Lambda (`$.External.caller_id`,
/// after a successful Invoke); when the Lambda fails it plays "Caller Id failed, try again",
/// and that prompt places the call with the queue's number: a warning.
#[test]
fn goodmeasures_outbound_warns_that_its_lambda_failure_prompt_dials_the_queue_number() {
    let Some(dir) = corpus_dir() else { return };
    let doc = flow_json::load(&dir.join("GoodMeasuresLLC__connect___0x_gm_outbound.json")).unwrap();
    let report = validate(&doc, Context::default());
    assert_eq!(
        findings(&report),
        [
            (Rule::PromptDialsQueueNumber, Severity::Warning),
            (Rule::FlowTypeUnknown, Severity::Note),
            (Rule::NoInstance, Severity::Note)
        ]
    );
    assert_eq!(
        report.diagnostics[0].action.as_ref().map(whisperwire::model::ActionId::as_str),
        Some("9caa3ecb-2172-4248-81ba-18983db11176")
    );
    assert!(!report.has(Rule::ExternalWithoutLambda), "the Lambda succeeds on every path to the call");
}

#[test]
fn hand_written_flows_with_invented_types_are_warned_about() {
    let Some(dir) = corpus_dir() else { return };
    let doc =
        flow_json::load(&dir.join("nonconsole/636137__multi-tenancy-amazon-connect__census_ai_main.json")).unwrap();
    let report = validate(&doc, Context::default());
    let unknown: Vec<_> = report.diagnostics.iter().filter(|d| d.rule == Rule::UnknownType).collect();
    assert_eq!(unknown.len(), 4, "Start, SetVoice, CheckAttribute, TransferToQueue");
    assert!(unknown.iter().all(|d| d.severity == Severity::Warning), "not documented is a warning, not an error");
}

/// The errors the corpus had before the block-support table, the reference operands and the
/// tolerant unknown types (issue 12): one dangling branch in a Terraform-templated flow and a
/// 30-second Lambda timeout in a hand-written one. No real flow may get a new error.
const KNOWN_CORPUS_ERRORS: [(&str, Rule); 2] = [
    ("KHamwey__terraform-aws-connect-callcenter__inbound_main.json", Rule::DanglingTarget),
    ("636137__multi-tenancy-amazon-connect__census_ai_main.json", Rule::InvalidParameter),
];

#[test]
fn no_real_flow_gets_an_error_it_did_not_have() {
    let Some(dir) = corpus_dir() else { return };
    let mut validated = 0;
    for path in corpus_files(&dir) {
        let Ok(doc) = flow_json::load(&path) else {
            continue;
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let report = validate(&doc, Context::default());
        for diagnostic in report.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            assert!(
                KNOWN_CORPUS_ERRORS.contains(&(name, diagnostic.rule)),
                "{name}: new error {}: {}",
                diagnostic.rule.code(),
                diagnostic.message
            );
            assert!(!diagnostic.message.contains("not a number"), "{name}: {}", diagnostic.message);
        }
        validated += 1;
    }
    assert!(validated >= 62, "only {validated} corpus flows validated");
}
