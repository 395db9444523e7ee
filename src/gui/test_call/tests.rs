//! Journeys through the Test call tab on the sample workspace: fill in the call like an agent,
//! press Call, and check what the customer's phone shows, the intents pushed, the saved calls'
//! PASS/FAIL and the matrix.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::outcome::CALL_FAILED;
use super::{Context, TestCallState, steps};
use crate::gui::context::FrameContext;
use crate::gui::intent::{Intent, SystemCommand};
use crate::instance::Instance;
use crate::model::{ActionId, ActionKind, CallerId, Edit, FlowDocument};
use crate::phone::PhoneNumber;
use crate::simulation::{CallResult, Initiation, LambdaMock, Scenario};
use crate::workspace::calls::{Expectation, SavedCall, SourceKind, list_calls};
use crate::workspace::folder::sample_workspace;

/// What the app holds around the tab, reduced to what the tab reads.
struct Bench {
    doc: FlowDocument,
    flow: String,
    instance: Option<Instance>,
    saved: Vec<(String, SavedCall)>,
    revision: u64,
    state: TestCallState,
    /// Every intent pushed, in order.
    pushed: Vec<Intent>,
}

impl Bench {
    /// A sample flow with the sample instance and no saved calls.
    fn sample(flow: &str) -> Self {
        let root = sample_workspace().unwrap();
        let instance = Instance::load(&root.join("instance.json")).unwrap();
        let doc = crate::flow_json::load(&root.join("flows").join(format!("{flow}.json"))).unwrap();
        Self {
            doc,
            flow: flow.to_owned(),
            instance: Some(instance),
            saved: Vec::new(),
            revision: 0,
            state: TestCallState::default(),
            pushed: Vec::new(),
        }
    }

    /// With the sample workspace's saved calls, as the app loads them.
    fn with_sample_calls(mut self) -> Self {
        self.saved = sample_calls();
        self
    }

    fn frame(&mut self, ui: &mut egui::Ui) {
        let report = crate::validation::Report::default();
        let mut cx =
            FrameContext::new(&self.doc, &report).with_instance(self.instance.as_ref()).with_saved_calls(&self.saved);
        cx.flow_name = &self.flow;
        cx.revision = self.revision;
        super::ui(ui, &cx, &mut self.state);
        self.pushed.extend(cx.into_intents());
    }

    fn trace_actions(&self) -> Vec<ActionId> {
        let outcome = self.state.outcome().unwrap();
        outcome.trace.iter().map(|step| ActionId::from_import(&step.action)).collect()
    }
}

fn sample_calls() -> Vec<(String, SavedCall)> {
    let root = sample_workspace().unwrap();
    list_calls(&root)
        .unwrap()
        .into_iter()
        .map(|path| {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, SavedCall::load(&path).unwrap())
        })
        .collect()
}

fn harness(bench: Bench) -> Harness<'static, Bench> {
    Harness::builder()
        .with_size(egui::vec2(1800.0, 1100.0))
        .build_ui_state(|ui, bench: &mut Bench| bench.frame(ui), bench)
}

fn click(harness: &mut Harness<'_, Bench>, role: Role, label: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

fn choose(harness: &mut Harness<'_, Bench>, combo: &str, item: &str) {
    click(harness, Role::ComboBox, combo);
    click(harness, Role::Button, item);
}

fn type_into(harness: &mut Harness<'_, Bench>, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

/// Fills in queue, number and country as the agent would.
fn dial(harness: &mut Harness<'_, Bench>, queue: &str, number: &str, country: &str) {
    choose(harness, "Queue", queue);
    type_into(harness, Role::TextInput, "Number to dial", number);
    choose(harness, "Country", country);
}

fn call(harness: &mut Harness<'_, Bench>) {
    click(harness, Role::Button, "Call");
}

const STATIC_CALL: &str = "cbf27734-ac10-4525-8b66-402800e03d2c";

#[test]
fn a_us_customer_called_from_us_sales_sees_the_seattle_number_of_the_block() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    harness.get_by_label("E.164: +12065550123");
    call(&mut harness);

    harness.get_by_label("(206) 555-0100");
    harness.get_by_label("From: the number set in the Call phone number block");
    harness.get_by_label("Acme Sales");
    harness.get_by_label_contains("caller ID name delivery is not guaranteed");
    assert!(!harness.state().state.path().is_empty());
    assert!(harness.state().pushed.is_empty());
}

#[test]
fn a_lambda_reply_that_is_not_e164_falls_back_to_the_queue_number() {
    let mut harness = harness(Bench::sample("caller-id-from-lambda"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    choose(&mut harness, "pick-caller-id", "not-e164");
    call(&mut harness);

    harness.get_by_label("(206) 555-0100");
    let source = harness.get_by_label_contains("From: the queue's outbound caller ID number, because");
    let text = source.value().unwrap_or_default();
    assert!(text.contains("206-555-0100"), "the reason quotes the Lambda's value: {text}");
    let Some(CallResult::Connected(shown)) = harness.state().state.outcome().map(|o| &o.result) else {
        panic!("not connected");
    };
    assert_eq!(shown.number.as_str(), "+12065550100", "US Sales's number");
}

#[test]
fn collections_with_a_failing_lambda_fails_the_call_and_says_why() {
    let mut harness = harness(Bench::sample("caller-id-from-lambda"));
    dial(&mut harness, "Collections", "(206) 555-0123", "US");
    choose(&mut harness, "pick-caller-id", "Fails");
    call(&mut harness);

    harness.get_by_label(CALL_FAILED);
    let reason = harness.get_by_label_contains("Reason: ");
    let text = reason.value().unwrap_or_default();
    assert!(text.contains("queue 'Collections' has none"), "{text}");
}

#[test]
fn a_saved_call_passes_then_fails_when_the_flow_changes() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    call(&mut harness);
    type_into(&mut harness, Role::TextInput, "Test call name", "us-sales-seattle");
    click(&mut harness, Role::Button, "Save as test call");

    let Some(Intent::System(SystemCommand::SaveTestCall { name, call: saved })) =
        harness.state().pushed.last().cloned()
    else {
        panic!("no SaveTestCall in {:?}", harness.state().pushed);
    };
    assert_eq!(name, "us-sales-seattle");
    assert_eq!(saved.flow, "static-caller-id");
    assert_eq!(
        saved.expect,
        Expectation::Connected {
            caller_id: PhoneNumber::parse_e164("+12065550100").unwrap(),
            source: SourceKind::Block,
            name: Some("Acme Sales".into()),
        }
    );
    assert_eq!(
        (saved.scenario.queue.as_str(), saved.scenario.dial.as_str(), saved.scenario.region.as_deref()),
        ("US Sales", "(206) 555-0123", Some("US"))
    );

    harness.state_mut().saved.push((name, *saved));
    harness.run();
    harness.get_by_label("1 passed, 0 failed");
    harness.get_by_label("PASS");

    let toll_free = ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+18005550199".into()) };
    let bench = harness.state_mut();
    bench.doc.apply(Edit::SetKind { id: ActionId::from_import(STATIC_CALL), kind: toll_free }).unwrap();
    bench.revision += 1;
    harness.run();
    harness.get_by_label("FAIL");
    harness.get_by_label("callerId: expected \"+12065550100\", got \"+18005550199\"");
    harness.get_by_label("(800) 555-0199");
}

#[test]
fn clicking_a_step_reveals_its_block() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    call(&mut harness);
    let actions = harness.state().trace_actions();
    assert!(actions.len() >= 2, "{actions:?}");
    assert!(actions.contains(&ActionId::from_import(STATIC_CALL)));
    let bench = harness.state();
    let step = &bench.state.outcome().unwrap().trace[1];
    let title = steps::title(1, step, &bench.doc);
    click(&mut harness, Role::Button, &title);
    assert_eq!(harness.state().pushed, [Intent::Reveal(actions[1].clone())]);
    assert_eq!(harness.state().state.path(), actions[..2]);
}

#[test]
fn stepping_back_and_forward_moves_the_path_and_reveals_each_block() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    call(&mut harness);
    let actions = harness.state().trace_actions();
    let last = actions.len() - 1;
    assert_eq!(harness.state().state.path(), actions, "the whole path before stepping");
    assert!(harness.get_by_role_and_label(Role::Button, "Step forward ▶").accesskit_node().is_disabled());

    click(&mut harness, Role::Button, "◀ Step back");
    click(&mut harness, Role::Button, "◀ Step back");
    assert_eq!(harness.state().state.path(), actions[..last - 1]);
    click(&mut harness, Role::Button, "Step forward ▶");
    assert_eq!(harness.state().state.path(), actions[..last]);
    let reveals = [actions[last - 1].clone(), actions[last - 2].clone(), actions[last - 1].clone()];
    assert_eq!(harness.state().pushed, reveals.map(Intent::Reveal));
}

#[test]
fn the_matrix_has_one_row_per_queue_using_the_flow_and_saved_scenario() {
    let mut harness = harness(Bench::sample("caller-id-from-lambda").with_sample_calls());
    click(&mut harness, Role::Button, "Run caller-ID matrix");
    let rows = harness.state().state.matrix.as_ref().unwrap().rows();
    let cells: Vec<(&str, &str, &str)> =
        rows.iter().map(|r| (r.queue.as_str(), r.scenario.as_str(), r.outcome)).collect();
    assert_eq!(
        cells,
        [
            ("Collections", "collections-lambda-default", "connected"),
            ("Collections", "collections-lambda-fails", "failed")
        ]
    );
    harness.get_by_label("Outcome");
    harness.get_by_label("connected");
    harness.get_by_label("failed");

    click(&mut harness, Role::Button, "Export CSV");
    let Some(Intent::System(SystemCommand::ExportMatrix { flow, csv })) = harness.state().pushed.last() else {
        panic!("no export in {:?}", harness.state().pushed);
    };
    assert_eq!(flow, "caller-id-from-lambda");
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(csv.starts_with("queue,scenario,callerId,display,source,outcome\n"), "{csv}");
}

#[test]
fn without_saved_calls_the_matrix_plays_the_call_in_the_form() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    type_into(&mut harness, Role::TextInput, "Number to dial", "(206) 555-0123");
    click(&mut harness, Role::Button, "Run caller-ID matrix");
    let rows = harness.state().state.matrix.as_ref().unwrap().rows();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].queue, "US Sales");
    assert_eq!(rows[0].scenario, "current call");
    assert_eq!(rows[0].caller_id.as_deref(), Some("+12065550100"));
}

#[test]
fn saved_calls_of_the_flow_pass_and_load_into_the_form() {
    let mut harness = harness(Bench::sample("caller-id-from-lambda").with_sample_calls());
    harness.get_by_label("2 passed, 0 failed");
    assert_eq!(harness.get_all_by_label("PASS").count(), 2);
    assert!(harness.query_by_label("uk-support-attribute").is_none(), "calls of other flows are not listed");

    harness.get_all_by_role_and_label(Role::Button, "Load").nth(1).unwrap().click();
    harness.run();
    let dialled = harness.get_by_role_and_label(Role::TextInput, "Number to dial").value();
    assert_eq!(dialled.as_deref(), Some("(206) 555-0123"));
    assert_eq!(harness.get_by_role_and_label(Role::ComboBox, "pick-caller-id").value().as_deref(), Some("Fails"));
    call(&mut harness);
    harness.get_by_label(CALL_FAILED);
}

#[test]
fn a_number_the_softphone_cannot_dial_is_a_message_not_a_crash() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    type_into(&mut harness, Role::TextInput, "Number to dial", "1-800-FLOWERS");
    harness.get_by_label_contains("contains letters");
    call(&mut harness);
    harness.get_by_label("The call cannot be placed");
    harness.get_by_label_contains("the softphone cannot dial");
    assert!(harness.state().state.path().is_empty());
    let save = harness.get_by_role_and_label(Role::Button, "Save as test call");
    assert!(save.accesskit_node().is_disabled());
}

#[test]
fn without_an_instance_it_only_says_what_is_missing() {
    let mut bench = Bench::sample("static-caller-id");
    bench.instance = None;
    let harness = harness(bench);
    harness.get_by_label("Test calls need the workspace's instance.json.");
    assert!(harness.query_by_role(Role::Button).is_none());
    assert!(harness.query_by_role(Role::TextInput).is_none());
}

#[test]
fn callback_and_preset_attributes_go_into_the_scenario() {
    let mut harness = harness(Bench::sample("caller-id-from-attribute"));
    click(&mut harness, Role::RadioButton, "Callback");
    click(&mut harness, Role::Button, "Add attribute");
    type_into(&mut harness, Role::TextInput, "Key", "tier");
    type_into(&mut harness, Role::TextInput, "Value", "gold");
    let bench = harness.state();
    let instance = bench.instance.as_ref().unwrap();
    let cx = Context { doc: &bench.doc, flow_name: &bench.flow, instance };
    let scenario = bench.state.form.scenario(&cx);
    assert_eq!(scenario.initiation, Initiation::Callback);
    assert_eq!(scenario.attributes.get("tier").map(String::as_str), Some("gold"));
    assert_eq!(scenario.queue, "UK Support", "the queue that uses the flow");
    assert_eq!(scenario.region.as_deref(), Some("US"), "the instance's default country");
}

#[test]
fn each_lambda_answers_its_default_mock_reply_until_changed() {
    let bench = Bench::sample("caller-id-from-lambda");
    let instance = bench.instance.as_ref().unwrap();
    let cx = Context { doc: &bench.doc, flow_name: &bench.flow, instance };
    let scenario = bench.state.form.scenario(&cx);
    let default = instance.lambda("pick-caller-id").unwrap().mock_reply("default").unwrap().clone();
    assert_eq!(scenario.lambdas.get("pick-caller-id"), Some(&LambdaMock::Reply(default)));
    assert_eq!(scenario.queue, "Collections");
}

#[test]
fn loading_a_saved_scenario_gives_it_back_unchanged() {
    let root = sample_workspace().unwrap();
    let instance = Instance::load(&root.join("instance.json")).unwrap();
    for (name, saved) in sample_calls() {
        let doc = crate::flow_json::load(&root.join("flows").join(format!("{}.json", saved.flow))).unwrap();
        let cx = Context { doc: &doc, flow_name: &saved.flow, instance: &instance };
        let mut form = super::form::CallForm::default();
        form.load(&saved.scenario, &cx);
        assert_eq!(form.scenario(&cx), saved.scenario, "{name}");
    }
}

#[test]
fn a_reply_keeps_json_objects_and_sends_everything_else_as_text() {
    let bench = Bench::sample("caller-id-from-lambda");
    let instance = bench.instance.as_ref().unwrap();
    let cx = Context { doc: &bench.doc, flow_name: &bench.flow, instance };
    let reply = serde_json::json!({"caller_id": "+12065550100", "nested": {"n": 1}, "count": 3});
    let scenario = Scenario {
        queue: "Collections".into(),
        dial: "+12065550123".into(),
        lambdas: [("pick-caller-id".to_owned(), LambdaMock::Reply(reply.as_object().unwrap().clone()))].into(),
        ..Scenario::default()
    };
    let mut form = super::form::CallForm::default();
    form.load(&scenario, &cx);
    let again = form.scenario(&cx);
    let expected = serde_json::json!({"caller_id": "+12065550100", "nested": {"n": 1}, "count": "3"});
    assert_eq!(again.lambdas.get("pick-caller-id"), Some(&LambdaMock::Reply(expected.as_object().unwrap().clone())));
}

#[test]
fn a_typed_reply_with_a_number_the_instance_does_not_own_stops_the_call() {
    let mut harness = harness(Bench::sample("caller-id-from-lambda"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    let value = harness.get_by_role_and_label(Role::TextInput, "Value").value();
    assert_eq!(value.as_deref(), Some("+12065550100"), "prefilled from the default mock reply");
    harness.get_by_role_and_label(Role::TextInput, "Value").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    type_into(&mut harness, Role::TextInput, "Value", "+14155550100");
    call(&mut harness);

    let stopped = harness.get_by_label_contains("Stopped: ");
    let text = stopped.value().unwrap_or_default();
    assert!(text.contains("+14155550100 is not a number claimed or ported"), "{text}");
    let scenario = &harness.state().state.last.as_ref().unwrap().scenario;
    let reply = serde_json::json!({"caller_id": "+14155550100"});
    assert_eq!(scenario.lambdas.get("pick-caller-id"), Some(&LambdaMock::Reply(reply.as_object().unwrap().clone())));
}

#[test]
fn enter_in_the_name_field_saves_the_test_call() {
    let mut harness = harness(Bench::sample("static-caller-id"));
    dial(&mut harness, "US Sales", "(206) 555-0123", "US");
    call(&mut harness);
    type_into(&mut harness, Role::TextInput, "Test call name", "seattle");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let saved = harness
        .state()
        .pushed
        .iter()
        .any(|i| matches!(i, Intent::System(SystemCommand::SaveTestCall { name, .. }) if name == "seattle"));
    assert!(saved, "{:?}", harness.state().pushed);
}
