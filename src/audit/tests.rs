//! The audit on the sample workspace and on instances built for one rule each: failing queues,
//! static numbers, Lambda failures, every caller-ID source exercised by the generated
//! scenarios, the findings, and the JSON and HTML renderings.

use serde_json::{Value, json};

use super::{Audit, AuditFlow, AuditInput, CellOutcome, Exercise, FindingCode, Origin, SavedScenario, Severity};
use crate::instance::{Instance, Queue};
use crate::model::FlowDocument;
use crate::phone::PhoneNumber;
use crate::simulation::{self, CallResult, CallerIdSource, Initiation, LambdaMock, Scenario};
use crate::test_support::{block, call, end, flow_of, lambda, prompt, sample_instance, set_attribute};
use crate::workspace::calls::SavedCall;
use crate::workspace::folder::{Workspace, sample_workspace};

/// The sample workspace, read as `whisperwire audit` reads it.
struct Sample {
    workspace: Workspace,
    saved: Vec<SavedScenario>,
}

impl Sample {
    fn open() -> Self {
        let workspace = Workspace::open(&sample_workspace().unwrap()).unwrap();
        let saved = crate::workspace::calls::list_calls(&workspace.root)
            .unwrap()
            .into_iter()
            .map(|path| {
                let call = SavedCall::load(&path).unwrap();
                let name = path.file_stem().unwrap().to_string_lossy().into_owned();
                SavedScenario { name, flow: call.flow, scenario: call.scenario }
            })
            .collect();
        Self { workspace, saved }
    }

    fn audit_with(&self, instance: &Instance) -> Audit {
        let names: Vec<String> = self.workspace.flows.iter().map(crate::workspace::FlowFile::name).collect();
        let flows: Vec<AuditFlow<'_>> = self
            .workspace
            .flows
            .iter()
            .zip(&names)
            .map(|(f, name)| AuditFlow { name, file: None, doc: &f.doc, published_before: false })
            .collect();
        Audit::run(&AuditInput { instance, flows: &flows, saved: &self.saved, dial: &[] })
    }

    fn audit(&self) -> Audit {
        self.audit_with(self.workspace.instance.as_ref().unwrap())
    }
}

fn queue(name: &str, number: Option<&str>, flow: &str) -> Queue {
    Queue {
        id: None,
        arn: None,
        name: name.into(),
        outbound_caller_id_number: number.map(|n| PhoneNumber::parse_e164(n).unwrap()),
        outbound_caller_id_name: None,
        outbound_whisper_flow: Some(flow.into()),
        outbound_flow_id: None,
    }
}

/// The sample instance's numbers and Lambda, with only `queues`.
fn instance_with(queues: Vec<Queue>) -> Instance {
    Instance { queues, ..sample_instance() }
}

fn published(name: &str, start: &str, actions: Vec<Value>) -> FlowDocument {
    flow_of(name, "outboundWhisper", "published", start, actions)
}

/// Audits the one flow `doc` (named "f") for `queues`, no saved calls.
fn audit_one(doc: &FlowDocument, queues: Vec<Queue>) -> Audit {
    let instance = instance_with(queues);
    let flows = [AuditFlow { name: "f", file: Some("flows/f.json"), doc, published_before: false }];
    Audit::run(&AuditInput { instance: &instance, flows: &flows, saved: &[], dial: &[] })
}

fn outcome<'a>(audit: &'a Audit, queue: &str, scenario: &str) -> &'a CellOutcome {
    &audit.cell(queue, &format!("f#{scenario}")).unwrap_or_else(|| panic!("no cell {queue} × {scenario}")).outcome
}

fn connected(outcome: &CellOutcome) -> (&str, &CallerIdSource) {
    match outcome {
        CellOutcome::Connected { caller_id, source, .. } => (caller_id.as_str(), source),
        other => panic!("not connected: {other:?}"),
    }
}

fn is_queue_fallback(source: &CallerIdSource, why: &str) -> bool {
    matches!(source, CallerIdSource::Queue { why: reason } if reason.contains(why))
}

fn ids(audit: &Audit) -> Vec<&str> {
    audit.scenarios.iter().map(|s| s.id.as_str()).collect()
}

#[test]
fn on_the_sample_collections_calls_fail_with_the_after_contact_work_reason() {
    let audit = Sample::open().audit();
    let failed = audit.cell("Collections", "caller-id-from-lambda#saved:collections-lambda-fails").unwrap();
    let CellOutcome::Failed { reason, disconnected, agent_state } = &failed.outcome else { panic!("{failed:?}") };
    assert!(reason.contains("queue 'Collections' has none"), "{reason}");
    assert!(*disconnected);
    assert_eq!(*agent_state, "AfterContactWork");
    let finding = audit
        .findings
        .iter()
        .find(|f| f.code == FindingCode::FailingCalls && f.queue.as_deref() == Some("Collections"))
        .unwrap();
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(finding.block.as_deref(), Some("b459071a-fb8a-4f9e-bf72-c46dca8fbe35"));
    assert!(finding.scenarios.iter().any(|s| s.ends_with("saved:collections-lambda-fails")), "{finding:?}");
    assert!(!audit.passed());
}

#[test]
fn on_the_sample_the_published_static_flow_shows_its_number_in_every_cell() {
    let audit = Sample::open().audit();
    let group = audit.flows.iter().find(|g| g.name == "static-caller-id").unwrap();
    assert_eq!(group.queues, ["US Sales"]);
    let cells = audit.group_cells(group);
    assert_eq!(cells.len(), 2, "the saved call and the UK: {:?}", group.scenarios);
    let saved = audit.scenario("static-caller-id#saved:us-sales-static").unwrap();
    let also: Vec<&str> = saved.also.iter().map(|a| a.name.as_str()).collect();
    assert!(also.iter().any(|n| n.starts_with("baseline")) && also.contains(&"callback"), "{also:?}");
    for cell in cells {
        let (number, source) = connected(&cell.outcome);
        assert_eq!(number, "+12065550100", "{}", cell.scenario);
        assert!(matches!(source, CallerIdSource::Block { action } if action.starts_with("cbf27734")));
    }
}

#[test]
fn every_cell_is_what_the_simulator_says_for_that_queue_and_scenario() {
    let sample = Sample::open();
    let audit = sample.audit();
    let instance = sample.workspace.instance.as_ref().unwrap();
    assert!(!audit.cells.is_empty());
    for cell in &audit.cells {
        let scenario = audit.scenario(&cell.scenario).unwrap();
        let doc = &sample.workspace.flow(&scenario.flow).unwrap().doc;
        let played = Scenario { queue: cell.queue.clone(), ..scenario.call.clone() };
        let outcome = simulation::simulate(doc, instance, &played).unwrap();
        assert_eq!(cell.path, outcome.trace, "{}", cell.scenario);
        match (&outcome.result, &cell.outcome) {
            (CallResult::Connected(shown), CellOutcome::Connected { caller_id, display, source, .. }) => {
                assert_eq!((&shown.number, &shown.display, &shown.source), (caller_id, display, source));
            }
            (CallResult::Failed { reason: a }, CellOutcome::Failed { reason: b, .. })
            | (CallResult::Stopped { reason: a }, CellOutcome::Stopped { reason: b }) => assert_eq!(a, b),
            (simulated, audited) => panic!("{}: simulator {simulated:?}, audit {audited:?}", cell.scenario),
        }
    }
}

#[test]
fn a_queue_without_a_number_and_an_attribute_path_fails_where_the_attribute_is_not_e164_or_unset() {
    let doc = published("f", "call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("Bare", None, "f")]);
    for scenario in ["baseline", "attribute:callerId:not-e164"] {
        let CellOutcome::Failed { reason, agent_state, .. } = outcome(&audit, "Bare", scenario) else {
            panic!("{scenario}: {:?}", outcome(&audit, "Bare", scenario))
        };
        assert!(reason.contains("queue 'Bare' has none: the call attempt fails"), "{reason}");
        assert_eq!(*agent_state, "AfterContactWork");
    }
    let (number, source) = connected(outcome(&audit, "Bare", "attribute:callerId:e164"));
    assert_eq!(number, "+18005550199", "the instance's first number in the first dialled country");
    assert!(matches!(source, CallerIdSource::Attribute { path, .. } if path == "$.Attributes.callerId"));
    let failing = audit.findings.iter().find(|f| f.code == FindingCode::FailingCalls).unwrap();
    assert_eq!((failing.queue.as_deref(), failing.block.as_deref()), (Some("Bare"), Some("call")));
    assert!(failing.message.contains("After Contact Work"), "{}", failing.message);
    assert!(!audit.passed());
}

#[test]
fn a_user_attribute_is_exercised_set_to_a_claimed_number_to_a_value_not_e164_and_unset() {
    let doc = published("f", "call", vec![call("call", Some("$.Attributes.callerId"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("UK", Some("+442071838750"), "f")]);
    let (_, unset) = connected(outcome(&audit, "UK", "baseline"));
    assert!(is_queue_fallback(unset, "$.Attributes.callerId is not set"), "{unset:?}");
    let (_, not_e164) = connected(outcome(&audit, "UK", "attribute:callerId:not-e164"));
    assert!(is_queue_fallback(not_e164, "is not an E.164 number"), "{not_e164:?}");
    let (number, claimed) = connected(outcome(&audit, "UK", "attribute:callerId:e164"));
    assert_eq!(number, "+18005550199");
    assert!(matches!(claimed, CallerIdSource::Attribute { .. }));
    let kinds: Vec<Exercise> = audit.scenarios.iter().map(|s| s.exercises).collect();
    assert!(kinds.contains(&Exercise::AttributeE164) && kinds.contains(&Exercise::AttributeNotE164));
}

#[test]
fn a_static_number_is_exercised_from_every_queue() {
    let doc = published("f", "call", vec![call("call", Some("+442071838750"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("A", Some("+12065550100"), "f"), queue("B", None, "f")]);
    for cell in &audit.cells {
        let (number, source) = connected(&cell.outcome);
        assert_eq!(number, "+442071838750");
        assert_eq!(source, &CallerIdSource::Block { action: "call".into() });
    }
    assert!(audit.passed());
}

#[test]
fn an_external_attribute_gets_each_mock_reply_a_reply_without_the_key_a_failure_and_a_timeout() {
    let sample = Sample::open();
    let mut instance = sample.workspace.instance.clone().unwrap();
    instance.queues.push(queue("Backed", Some("+12065550100"), "caller-id-from-lambda"));
    let audit = sample.audit_with(&instance);
    let id = |s: &str| format!("caller-id-from-lambda#lambda:pick-caller-id:{s}");
    // A scenario that plays like an earlier one is found under it.
    let column = |s: &str| audit.column_of(&id(s)).unwrap_or_else(|| panic!("{s}: {:?}", ids(&audit))).id.clone();
    let cell = |s: &str| &audit.cell("Backed", &column(s)).unwrap().outcome;
    let (uk, source) = connected(cell("reply:uk"));
    assert_eq!(uk, "+442071838750");
    assert!(matches!(source, CallerIdSource::Attribute { path, .. } if path == "$.External.caller_id"));
    assert!(is_queue_fallback(connected(cell("reply:not-e164")).1, "is not an E.164 number"));
    assert!(is_queue_fallback(connected(cell("without-keys")).1, "$.External.caller_id is not set"));
    // A failing or silent Lambda takes the Error branch to the Call phone number without a
    // number: the queue's number when it has one...
    for failure in ["error", "timeout"] {
        assert!(is_queue_fallback(connected(cell(failure)).1, "sets no caller ID"), "{failure}");
    }
    // ...and the failure when it has none, as the simulator says.
    let collections = audit.cell("Collections", &column("error")).unwrap();
    assert!(matches!(&collections.outcome, CellOutcome::Failed { reason, .. } if reason.contains("has none")));
    assert_eq!(column("error"), "caller-id-from-lambda#saved:collections-lambda-fails", "the saved call fails it");
    let scenario = audit.scenario(&id("timeout")).unwrap();
    assert_eq!(scenario.call.lambdas.get("pick-caller-id"), Some(&LambdaMock::Timeout));
    assert!(scenario.what_if);
}

#[test]
fn a_prompt_before_the_call_presents_the_queue_number() {
    let doc =
        published("f", "hello", vec![prompt("hello", "call"), call("call", Some("+442071838750"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("US", Some("+12065550100"), "f")]);
    let (number, source) = connected(outcome(&audit, "US", "baseline"));
    assert_eq!(number, "+12065550100");
    assert!(is_queue_fallback(source, "a Play prompt placed the call"), "{source:?}");
}

#[test]
fn callback_and_each_country_of_the_instance_get_a_scenario_each() {
    let doc = published("f", "call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("US", None, "f")]);
    let dialled: Vec<Option<&str>> = audit.dialled.iter().map(|d| d.country.as_deref()).collect();
    assert_eq!(dialled, [Some("US"), Some("GB")], "the default country first");
    let baseline = audit.scenario("f#baseline").unwrap();
    assert_eq!(
        baseline.also.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        ["f#callback"],
        "plays like a direct dial"
    );
    let abroad = format!("f#dial:{}", audit.dialled[1].number);
    let CellOutcome::Connected { display, .. } = &audit.cell("US", &abroad).unwrap().outcome else { panic!() };
    assert_eq!(display, "+1 206-555-0100", "a customer in the UK sees the international format");
    let international = audit.findings.iter().find(|f| f.code == FindingCode::InternationalCallerId).unwrap();
    assert_eq!(international.severity, Severity::Info);
    assert!(international.message.contains("dialled in GB"), "{}", international.message);
}

#[test]
fn numbers_given_to_dial_replace_the_default_countries() {
    let doc = published("f", "call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    let instance = instance_with(vec![queue("US", None, "f")]);
    let flows = [AuditFlow { name: "f", file: None, doc: &doc, published_before: false }];
    let dial = [PhoneNumber::parse_e164("+33142685300").unwrap()];
    let audit = Audit::run(&AuditInput { instance: &instance, flows: &flows, saved: &[], dial: &dial });
    assert_eq!(audit.dialled.len(), 1);
    assert_eq!(audit.scenario("f#baseline").unwrap().call.dial, "+33142685300");
    assert_eq!(audit.column_of("f#callback").map(|s| s.id.as_str()), Some("f#baseline"));
}

#[test]
fn every_call_phone_number_block_is_reached_even_when_it_takes_two_changes_at_once() {
    // Callback calls go through the Lambda; only when it also fails does the call reach "rescue".
    let check = block(
        "how",
        "Compare",
        json!({"ComparisonValue": "$.InitiationMethod"}),
        json!({"Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "plain"}],
               "Conditions": [{"NextAction": "ask", "Condition": {"Operator": "Equals", "Operands": ["CALLBACK"]}}]}),
    );
    let doc = published(
        "f",
        "how",
        vec![
            check,
            lambda("ask", "plain", "rescue"),
            call("plain", Some("+12065550100"), "end"),
            call("rescue", Some("+442071838750"), "end"),
            end("end"),
        ],
    );
    let audit = audit_one(&doc, vec![queue("US", Some("+12065550100"), "f")]);
    assert!(audit.flows[0].unreached_blocks.is_empty(), "{:?}", ids(&audit));
    let combined = audit.scenarios.iter().find(|s| s.exercises == Exercise::Combined).unwrap();
    assert_eq!(combined.call.initiation, Initiation::Callback);
    let (number, _) = connected(&audit.cell("US", &combined.id).unwrap().outcome);
    assert_eq!(number, "+442071838750");
}

#[test]
fn a_checked_attribute_is_preset_to_each_value_its_conditions_compare_with() {
    let check = block(
        "tier",
        "Compare",
        json!({"ComparisonValue": "$.Attributes.tier"}),
        json!({"Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "plain"}],
               "Conditions": [{"NextAction": "vip", "Condition": {"Operator": "Equals", "Operands": ["VIP"]}}]}),
    );
    let doc = published(
        "f",
        "tier",
        vec![check, call("plain", None, "end"), call("vip", Some("+442071838750"), "end"), end("end")],
    );
    let audit = audit_one(&doc, vec![queue("US", Some("+12065550100"), "f")]);
    let (number, source) = connected(outcome(&audit, "US", "attribute:tier=VIP"));
    assert_eq!((number, source), ("+442071838750", &CallerIdSource::Block { action: "vip".into() }));
    assert!(is_queue_fallback(connected(outcome(&audit, "US", "baseline")).1, "sets no caller ID"));
    assert!(audit.flows[0].unreached_blocks.is_empty());
}

#[test]
fn a_block_no_scenario_can_reach_is_a_warning() {
    let check = block(
        "agent",
        "Compare",
        json!({"ComparisonValue": "$.Agent.UserName"}),
        json!({"Errors": [{"ErrorType": "NoMatchingCondition", "NextAction": "plain"}],
               "Conditions": [{"NextAction": "special", "Condition": {"Operator": "Equals", "Operands": ["boss"]}}]}),
    );
    let doc = published(
        "f",
        "agent",
        vec![check, call("plain", None, "end"), call("special", Some("+442071838750"), "end"), end("end")],
    );
    let audit = audit_one(&doc, vec![queue("US", Some("+12065550100"), "f")]);
    assert_eq!(audit.flows[0].unreached_blocks, ["special"]);
    let finding = audit.findings.iter().find(|f| f.code == FindingCode::BlockNotReached).unwrap();
    assert_eq!((finding.severity, finding.block.as_deref()), (Severity::Warning, Some("special")));
    assert!(audit.passed(), "a warning does not fail the audit");
}

#[test]
fn generated_scenarios_that_play_alike_from_every_queue_are_merged() {
    // The flow sets the attribute itself: what the contact held before makes no difference.
    let doc = published(
        "f",
        "set",
        vec![
            set_attribute("set", "callerId", "+442071838750", "call"),
            call("call", Some("$.Attributes.callerId"), "end"),
            end("end"),
        ],
    );
    let audit = audit_one(&doc, vec![queue("UK", Some("+442071838750"), "f")]);
    assert!(audit.scenario("f#attribute:callerId:e164").is_none(), "{:?}", ids(&audit));
    let baseline = audit.scenario("f#baseline").unwrap();
    let also: Vec<&str> = baseline.also.iter().map(|a| a.id.as_str()).collect();
    assert!(also.contains(&"f#attribute:callerId:not-e164") && also.contains(&"f#attribute:callerId:e164"), "{also:?}");
    assert_eq!(audit.column_of("f#attribute:callerId:e164").map(|s| s.id.as_str()), Some("f#baseline"));
}

#[test]
fn a_saved_call_is_a_column_for_every_queue_of_its_flow_and_is_never_merged() {
    let doc = published("f", "call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    let instance = instance_with(vec![queue("A", None, "f"), queue("B", None, "f")]);
    let flows = [AuditFlow { name: "f", file: None, doc: &doc, published_before: false }];
    let scenario = Scenario { queue: "A".into(), dial: "+12065550123".into(), ..Scenario::default() };
    let saved = [SavedScenario { name: "mine".into(), flow: "f".into(), scenario }];
    let audit = Audit::run(&AuditInput { instance: &instance, flows: &flows, saved: &saved, dial: &[] });
    let first = &audit.scenarios[0];
    assert_eq!((first.id.as_str(), first.origin), ("f#saved:mine", Origin::Saved));
    assert!(audit.cell("B", "f#saved:mine").is_some());
    assert!(first.also.iter().any(|a| a.id == "f#baseline"), "the baseline plays like it: {:?}", first.also);
}

#[test]
fn two_saved_calls_of_one_name_are_two_columns() {
    let doc = published("f", "call", vec![call("call", Some("+12065550100"), "end"), end("end")]);
    let instance = instance_with(vec![queue("A", None, "f")]);
    let flows = [AuditFlow { name: "f", file: None, doc: &doc, published_before: false }];
    let scenario = |dial: &str| Scenario { queue: "A".into(), dial: dial.into(), ..Scenario::default() };
    let saved = [
        SavedScenario { name: "same".into(), flow: "f".into(), scenario: scenario("+12065550123") },
        SavedScenario { name: "same".into(), flow: "f".into(), scenario: scenario("+442079460000") },
    ];
    let audit = Audit::run(&AuditInput { instance: &instance, flows: &flows, saved: &saved, dial: &[] });
    assert_eq!(ids(&audit)[..2], ["f#saved:same", "f#saved:same~2"]);
    let abroad = audit.cell("A", "f#saved:same~2").unwrap();
    assert!(matches!(&abroad.outcome, CellOutcome::Connected { display, .. } if display == "+1 206-555-0100"));
}

#[test]
fn queues_whose_flow_is_missing_unpublished_of_another_type_or_not_set_are_findings() {
    let draft = flow_of("draft", "outboundWhisper", "saved", "end", vec![end("end")]);
    let inbound = flow_of("inbound", "contactFlow", "published", "end", vec![end("end")]);
    let mut no_flow = queue("None", Some("+12065550100"), "x");
    no_flow.outbound_whisper_flow = None;
    let instance = instance_with(vec![
        queue("Gone", Some("+12065550100"), "nowhere"),
        queue("Draft", Some("+12065550100"), "draft"),
        queue("Inbound", Some("+12065550100"), "inbound"),
        no_flow,
    ]);
    let flows = [
        AuditFlow { name: "draft", file: None, doc: &draft, published_before: false },
        AuditFlow { name: "inbound", file: None, doc: &inbound, published_before: false },
    ];
    let audit = Audit::run(&AuditInput { instance: &instance, flows: &flows, saved: &[], dial: &[] });
    let of = |queue: &str| -> Vec<(FindingCode, Severity)> {
        let about = audit.findings.iter().filter(|f| f.queue.as_deref() == Some(queue));
        about.filter(|f| f.severity != Severity::Info).map(|f| (f.code, f.severity)).collect()
    };
    assert_eq!(of("Gone"), [(FindingCode::WhisperFlowMissing, Severity::Error)]);
    assert_eq!(of("Draft"), [(FindingCode::WhisperFlowUnpublished, Severity::Error)]);
    assert_eq!(of("Inbound"), [(FindingCode::WhisperFlowWrongType, Severity::Error)]);
    assert_eq!(of("None"), [(FindingCode::NoWhisperFlow, Severity::Warning)]);
    assert_eq!(
        audit.flows.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
        ["draft"],
        "the inbound flow is not played"
    );
    let again = [AuditFlow { published_before: true, ..flows[0] }];
    let audit = Audit::run(&AuditInput { instance: &instance, flows: &again, saved: &[], dial: &[] });
    let draft = audit.findings.iter().find(|f| f.queue.as_deref() == Some("Draft")).unwrap();
    assert_eq!((draft.code, draft.severity), (FindingCode::WhisperFlowUnpublished, Severity::Warning));
}

#[test]
fn numbers_the_instance_has_not_claimed_are_errors_for_the_queue_and_the_block() {
    let doc = published("f", "call", vec![call("call", Some("+12025550173"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("Stray", Some("+12025550188"), "f")]);
    let unclaimed: Vec<(Option<&str>, Option<&str>)> = audit
        .findings
        .iter()
        .filter(|f| f.code == FindingCode::NumberNotClaimed)
        .map(|f| (f.queue.as_deref(), f.block.as_deref()))
        .collect();
    assert_eq!(unclaimed, [(None, Some("call")), (Some("Stray"), None)]);
    assert!(audit.findings.iter().any(|f| f.code == FindingCode::NotSimulated), "the simulator stops on the block");
    assert!(!audit.queues[0].caller_id_number_claimed);
}

#[test]
fn several_queues_presenting_one_number_and_a_caller_id_name_are_notes() {
    let doc = published("f", "call", vec![call("call", None, "end"), end("end")]);
    let mut named = queue("Sales", Some("+12065550100"), "f");
    named.outbound_caller_id_name = Some("Acme".into());
    let audit = audit_one(&doc, vec![named, queue("Billing", Some("+12065550100"), "f")]);
    let shared = audit.findings.iter().find(|f| f.code == FindingCode::SharedCallerId).unwrap();
    assert_eq!(shared.severity, Severity::Info);
    assert!(shared.message.contains("'Billing', 'Sales'"), "{}", shared.message);
    let name = audit.findings.iter().find(|f| f.code == FindingCode::CallerIdName).unwrap();
    assert_eq!((name.queue.as_deref(), name.severity), (Some("Sales"), Severity::Info));
    assert!(name.message.contains("not guaranteed"), "{}", name.message);
    assert!(audit.passed());
}

#[test]
fn findings_come_errors_first_and_their_codes_are_stable() {
    let audit = Sample::open().audit();
    let severities: Vec<Severity> = audit.findings.iter().map(|f| f.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
    let codes: Vec<&str> = FindingCode::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(codes, ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "A08", "A09", "A10", "A11"]);
}

#[test]
fn the_json_document_has_schema_version_1_queues_scenarios_cells_and_findings() {
    let audit = Sample::open().audit();
    let json = serde_json::to_value(&audit).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    assert_eq!(json["queues"].as_array().unwrap().len(), 3);
    let cells = json["cells"].as_array().unwrap();
    let expected: usize = audit.flows.iter().map(|g| g.queues.len() * g.scenarios.len()).sum();
    assert_eq!(cells.len(), expected);
    let failed = cells.iter().find(|c| c["outcome"]["result"] == "failed").unwrap();
    assert_eq!(failed["outcome"]["agentState"], "AfterContactWork");
    assert_eq!(failed["outcome"]["disconnected"], true);
    let connected = cells.iter().find(|c| c["outcome"]["result"] == "connected").unwrap();
    for key in ["callerId", "national", "display", "source"] {
        assert!(connected["outcome"].get(key).is_some(), "{key}: {connected}");
    }
    assert!(json["scenarios"][0]["call"].get("queue").is_none());
    assert!(json["findings"].as_array().unwrap().iter().any(|f| f["code"] == "A01" && f["severity"] == "error"));
}

#[test]
fn the_html_report_has_one_svg_cell_per_queue_and_scenario_and_no_outside_reference() {
    let audit = Sample::open().audit();
    let html = super::to_html(&audit);
    let expected: usize = audit.flows.iter().map(|g| g.queues.len() * g.scenarios.len()).sum();
    assert_eq!(html.matches("<rect class=\"cell ").count(), expected);
    assert_eq!(html.matches("data-result=\"failed\"").count(), audit.summary.failed);
    assert_eq!(
        html.matches("<path class=\"cross\"").count(),
        audit.summary.failed + 1,
        "each failure, and the legend's"
    );
    for outside in ["<script", "<link", "src=", "url(", "@import", "href=\"http", "href='http", "xlink:href"] {
        assert!(!html.contains(outside), "{outside}");
    }
    assert!(html.contains("prefers-color-scheme: dark") && html.contains("@media print"));
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    assert!(html.contains("Path: Invoke AWS Lambda function [Error] → Call phone number"), "cell titles give the path");
}

#[test]
fn names_from_the_instance_are_escaped_in_html_and_made_printable_in_text() {
    let doc = published("f", "call", vec![call("call", None, "end"), end("end")]);
    let mut hostile = queue("<script>alert(1)</script>", None, "f");
    hostile.outbound_caller_id_name = Some("\"><img src=x onerror=alert(1)>\u{1b}[2J".into());
    let audit = audit_one(&doc, vec![hostile]);
    let html = super::to_html(&audit);
    assert!(!html.contains("<script>") && !html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let text = super::to_text(&audit);
    assert!(!text.contains('\u{1b}'), "{text}");
}

#[test]
fn the_text_shows_each_queues_calls_the_findings_and_the_verdict() {
    let text = super::to_text(&Sample::open().audit());
    assert!(text.starts_with("Caller-ID audit of 3 queues: 3 flows played"), "{text}");
    assert!(text.contains("queue Collections: caller ID number none, name \"Acme Collections\""), "{text}");
    assert!(text.contains("CALL FAILS"), "{text}");
    assert!(
        text.contains("  error    A01  queue 'Collections', flow 'caller-id-from-lambda', Call phone number ("),
        "{text}"
    );
    assert!(text.contains("scenarios: collections-lambda-fails; "), "{text}");
    assert!(text.trim_end().lines().last().unwrap().starts_with("FAIL: "), "{text}");
}

#[test]
fn a_flow_no_queue_plays_is_not_in_the_matrix() {
    let doc = published("f", "call", vec![call("call", None, "end"), end("end")]);
    let mut elsewhere = queue("Other", Some("+12065550100"), "f");
    elsewhere.outbound_whisper_flow = Some("g".into());
    let audit = audit_one(&doc, vec![elsewhere]);
    assert!(audit.flows.is_empty() && audit.cells.is_empty());
    assert_eq!(audit.summary.cells, 0);
    let text = super::to_text(&audit);
    assert!(text.contains("Queues not played"), "{text}");
}

#[test]
fn a_lambda_unknown_to_the_instance_still_gets_its_failure_and_timeout() {
    let unknown = block(
        "ask",
        "InvokeLambdaFunction",
        json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:1:function:mystery", "InvocationTimeLimitSeconds": "3"}),
        json!({"NextAction": "call", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "call"}]}),
    );
    let doc = published("f", "ask", vec![unknown, call("call", Some("$.External.number"), "end"), end("end")]);
    let audit = audit_one(&doc, vec![queue("US", Some("+12065550100"), "f")]);
    let key = "arn:aws:lambda:us-east-1:1:function:mystery";
    let baseline = outcome(&audit, "US", "baseline");
    assert!(matches!(baseline, CellOutcome::Stopped { reason } if reason.contains("no mock reply")), "{baseline:?}");
    assert!(is_queue_fallback(connected(outcome(&audit, "US", &format!("lambda:{key}:error"))).1, "is not set"));
    let without = outcome(&audit, "US", &format!("lambda:{key}:without-keys"));
    assert!(is_queue_fallback(connected(without).1, "$.External.number is not set"));
    assert!(audit.findings.iter().any(|f| f.code == FindingCode::NotSimulated));
}

#[test]
fn numbers_are_lettered_a_to_z_then_aa() {
    let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].into_iter().map(super::letter).collect();
    assert_eq!(letters, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
}
