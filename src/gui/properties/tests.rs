//! Journeys through the properties panel: find widgets by role and label, click and type, then
//! check the intents pushed and the document they make.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use serde_json::Value;

use super::PropertiesState;
use crate::gui::context::FrameContext;
use crate::gui::intent::Intent;
use crate::instance::Instance;
use crate::model::{ActionId, ActionKind, AttributeRef, CallerId, Edit, FlowDocument, Message, Namespace};
use crate::validation::{Context, Report, validate};
use crate::workspace::folder::sample_workspace;

/// What the app holds around the panel, reduced to what the panel reads.
struct Journey {
    doc: FlowDocument,
    instance: Option<Instance>,
    report: Report,
    selected: Option<ActionId>,
    state: PropertiesState,
    /// Every intent pushed, in order.
    pushed: Vec<Intent>,
}

impl Journey {
    /// A sample flow with the sample instance, `selected` selected.
    fn sample(flow: &str, selected: Option<&str>) -> Self {
        let root = sample_workspace().unwrap();
        let instance = Instance::load(&root.join("instance.json")).unwrap();
        let doc = crate::flow_json::load(&root.join("flows").join(format!("{flow}.json"))).unwrap();
        Self::new(doc, Some(instance), selected)
    }

    fn new(doc: FlowDocument, instance: Option<Instance>, selected: Option<&str>) -> Self {
        let report = validate(&doc, Context { instance: instance.as_ref(), flow_name: None, published_before: false });
        Self {
            doc,
            instance,
            report,
            selected: selected.map(ActionId::from_import),
            state: PropertiesState::default(),
            pushed: Vec::new(),
        }
    }

    /// One frame, then the edits applied as the app applies them at the end of a frame.
    fn frame(&mut self, ui: &mut egui::Ui) {
        let selection: Vec<ActionId> = self.selected.iter().cloned().collect();
        let cx =
            FrameContext::new(&self.doc, &self.report).with_instance(self.instance.as_ref()).with_selection(&selection);
        super::ui(ui, &cx, &mut self.state);
        for intent in cx.into_intents() {
            if let Intent::Edit { edit, .. } = &intent {
                self.doc.apply(edit.clone()).unwrap();
            }
            self.pushed.push(intent);
        }
    }

    fn kind(&self) -> &ActionKind {
        &self.action().kind
    }

    fn action(&self) -> &crate::model::Action {
        self.doc.flow.action(self.selected.as_ref().unwrap()).unwrap()
    }

    fn edits(&self) -> Vec<Edit> {
        self.pushed
            .iter()
            .filter_map(|intent| match intent {
                Intent::Edit { edit, .. } => Some(edit.clone()),
                _ => None,
            })
            .collect()
    }
}

fn harness(journey: Journey) -> Harness<'static, Journey> {
    Harness::builder()
        .with_size(egui::vec2(700.0, 1000.0))
        .build_ui_state(|ui, journey: &mut Journey| journey.frame(ui), journey)
}

fn click(harness: &mut Harness<'_, Journey>, role: Role, label: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

fn type_into(harness: &mut Harness<'_, Journey>, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

const STATIC_CALL: &str = "cbf27734-ac10-4525-8b66-402800e03d2c";
const MISTAKEN_CALL: &str = "bdfaef42-8c7d-4431-b331-dab129ea3a7b";
const LAMBDA_FLOW_BARE_CALL: &str = "b459071a-fb8a-4f9e-bf72-c46dca8fbe35";

fn attribute(namespace: Namespace, key: &str) -> ActionKind {
    ActionKind::CompleteOutboundCall { caller_id: CallerId::Attribute(AttributeRef::new(namespace, key)) }
}

#[test]
fn use_attribute_external_and_a_typed_key_write_an_external_caller_id() {
    let journey = Journey::sample("static-caller-id", Some(STATIC_CALL));
    let original = journey.doc.clone();
    let mut harness = harness(journey);
    click(&mut harness, Role::RadioButton, "Use attribute");
    assert_eq!(harness.state().kind(), &attribute(Namespace::UserDefined, ""));
    click(&mut harness, Role::ComboBox, "Namespace");
    click(&mut harness, Role::Button, "External");
    type_into(&mut harness, Role::TextInput, "Attribute key", "caller_id");

    let journey = harness.state();
    assert_eq!(journey.kind(), &attribute(Namespace::External, "caller_id"));
    let designer = &journey.action().designer;
    assert_eq!(designer.get("callerIdSource"), Some(&Value::from("dynamic")));
    assert_eq!(designer.get("setOptionalCallerId"), Some(&Value::Bool(true)));
    assert!(designer.contains_key("position"), "other keys are kept");
    let id = ActionId::from_import(STATIC_CALL);
    assert!(matches!(
        journey.pushed.last(),
        Some(Intent::Edit { merge: Some((merged, "caller_id_key")), .. }) if *merged == id
    ));
    // The same edits on a copy of the document give the same result.
    let mut replayed = original;
    for edit in journey.edits() {
        replayed.apply(edit).unwrap();
    }
    assert_eq!(replayed, journey.doc);
}

#[test]
fn picking_a_number_from_the_drop_down_writes_it_in_e164() {
    let journey = Journey::sample("with-mistakes", Some(MISTAKEN_CALL));
    let mut harness = harness(journey);
    type_into(&mut harness, Role::TextInput, "Search numbers", "london");
    click(&mut harness, Role::ComboBox, "Number");
    assert!(
        harness.query_by_role_and_label(Role::Button, "(206) 555-0100 · US · Seattle sales").is_none(),
        "the search hides numbers that do not match"
    );
    click(&mut harness, Role::Button, "020 7183 8750 · GB · London office");

    let id = ActionId::from_import(MISTAKEN_CALL);
    let expected = ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+442071838750".into()) };
    assert_eq!(harness.state().pushed, [Intent::edit(Edit::SetKind { id, kind: expected.clone() })]);
    assert_eq!(harness.state().kind(), &expected);
}

#[test]
fn a_number_outside_the_instance_is_shown_and_explained() {
    let journey = Journey::sample("with-mistakes", Some(MISTAKEN_CALL));
    let harness = harness(journey);
    let combo = harness.get_by_role_and_label(Role::ComboBox, "Number");
    assert_eq!(combo.value().as_deref(), Some("020 7183 8750 (not in this instance)"));
    harness.get_by_label_contains("which is not an E.164 number");
}

#[test]
fn unticking_caller_id_writes_none_and_ticking_restores_the_number() {
    let journey = Journey::sample("static-caller-id", Some(STATIC_CALL));
    let mut harness = harness(journey);
    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    let journey = harness.state();
    assert_eq!(journey.kind(), &ActionKind::CompleteOutboundCall { caller_id: CallerId::None });
    let designer = &journey.action().designer;
    assert_eq!(designer.get("setOptionalCallerId"), Some(&Value::Bool(false)));
    assert_eq!(designer.get("callerIdSource"), Some(&Value::from("static")));

    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+12065550100".into()) }
    );
}

#[test]
fn an_external_suggestion_comes_from_the_lambda_mock_replies() {
    let journey = Journey::sample("caller-id-from-lambda", Some(LAMBDA_FLOW_BARE_CALL));
    let mut harness = harness(journey);
    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(String::new()) }
    );
    click(&mut harness, Role::RadioButton, "Use attribute");
    click(&mut harness, Role::ComboBox, "Namespace");
    click(&mut harness, Role::Button, "External");
    click(&mut harness, Role::Button, "caller_id");
    assert_eq!(harness.state().kind(), &attribute(Namespace::External, "caller_id"));
    let designer = &harness.state().action().designer;
    assert_eq!(designer.get("callerIdSource"), Some(&Value::from("dynamic")));
}

#[test]
fn a_user_defined_suggestion_comes_from_set_contact_attributes() {
    let journey = Journey::sample("caller-id-from-attribute", Some("3f0c9931-918c-40bf-9670-c342c6cce996"));
    let mut harness = harness(journey);
    harness.get_by_role_and_label(Role::TextInput, "Attribute key").click();
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.key_press(egui::Key::Backspace);
    harness.run();
    assert_eq!(harness.state().kind(), &attribute(Namespace::UserDefined, ""));
    click(&mut harness, Role::Button, "outboundCallerId");
    assert_eq!(harness.state().kind(), &attribute(Namespace::UserDefined, "outboundCallerId"));
}

#[test]
fn the_call_form_says_there_is_no_error_branch() {
    let harness = harness(Journey::sample("static-caller-id", Some(STATIC_CALL)));
    harness.get_by_label_contains("Call phone number has no Error branch");
    harness.get_by_label("Call phone number");
}

#[test]
fn a_finding_fix_pushes_the_fix_edit() {
    let journey = Journey::sample("with-mistakes", Some(MISTAKEN_CALL));
    let id = ActionId::from_import(MISTAKEN_CALL);
    let fix = journey.report.for_action(&id).find_map(|d| d.fix.clone()).unwrap();
    let mut harness = harness(journey);
    click(&mut harness, Role::Button, &format!("Fix: {}", fix.label));
    assert_eq!(harness.state().pushed, [Intent::edit(fix.edit)]);
}

/// A flow with a Check contact attributes block and a block whisperwire does not model.
fn compare_and_voice() -> FlowDocument {
    crate::flow_json::from_str(
        r#"{"Version": "2019-10-30", "StartAction": "cmp",
            "Metadata": {"entryPointPosition": {"x": 0, "y": 0}, "ActionMetadata": {}},
            "Actions": [
              {"Identifier": "cmp", "Type": "Compare",
               "Parameters": {"ComparisonValue": "$.Attributes.CallerId"},
               "Transitions": {"NextAction": "end",
                 "Conditions": [{"NextAction": "voice",
                   "Condition": {"Operator": "TextStartsWith", "Operands": ["+"]}}],
                 "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingCondition"}]}},
              {"Identifier": "voice", "Type": "UpdateContactTextToSpeechVoice",
               "Parameters": {"TextToSpeechVoice": "Joanna", "TextToSpeechEngine": "Neural"},
               "Transitions": {"NextAction": "end"}},
              {"Identifier": "end", "Type": "EndFlowExecution", "Parameters": {},
               "Transitions": {}}
            ]}"#,
    )
    .unwrap()
}

#[test]
fn another_block_shows_its_raw_parameters_read_only() {
    let journey = Journey::new(compare_and_voice(), None, Some("voice"));
    let mut harness = harness(journey);
    harness.get_by_label_contains("whisperwire does not edit this block");
    let value = |harness: &Harness<'_, Journey>| {
        harness.get_by_role_and_label(Role::MultilineTextInput, "Parameters").value().unwrap()
    };
    let before = value(&harness);
    assert!(before.contains(r#""TextToSpeechVoice": "Joanna""#), "{before}");
    type_into(&mut harness, Role::MultilineTextInput, "Parameters", "oops");
    assert_eq!(value(&harness), before);
    assert!(harness.state().pushed.is_empty());
}

#[test]
fn check_contact_attributes_edits_and_adds_conditions() {
    let journey = Journey::new(compare_and_voice(), None, Some("cmp"));
    let mut harness = harness(journey);
    harness.get_by_label("goes to Set voice");
    type_into(&mut harness, Role::TextInput, "Attribute to check", "X");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::Compare { comparison_value: Some("$.Attributes.CallerIdX".into()) }
    );
    type_into(&mut harness, Role::TextInput, "New condition", "44");
    click(&mut harness, Role::ComboBox, "goes to");
    click(&mut harness, Role::Button, "Set voice");
    click(&mut harness, Role::Button, "Add condition");
    let conditions = &harness.state().doc.flow.action(&ActionId::from_import("cmp")).unwrap().transitions.conditions;
    assert_eq!(conditions.len(), 2);
    assert_eq!(conditions[1].condition.operand_text(), Some("44"));
    assert_eq!(conditions[1].next, ActionId::from_import("voice"));
    harness.get_all_by_role_and_label(Role::Button, "Remove").last().unwrap().click();
    harness.run();
    let conditions = &harness.state().doc.flow.action(&ActionId::from_import("cmp")).unwrap().transitions.conditions;
    assert_eq!(conditions.len(), 1);
    assert_eq!(conditions[0].condition.operand_text(), Some("+"));
}

#[test]
fn play_prompt_switches_to_ssml_writing_only_ssml() {
    let journey = Journey::sample("static-caller-id", Some("e0a3a91f-2346-4c13-bc27-ed12b10877a9"));
    let mut harness = harness(journey);
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak");
    click(&mut harness, Role::RadioButton, "SSML");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::MessageParticipant(Message { ssml: Some(String::new()), ..Message::default() })
    );
    type_into(&mut harness, Role::MultilineTextInput, "SSML", "<speak>Hi</speak>");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::MessageParticipant(Message { ssml: Some("<speak>Hi</speak>".into()), ..Message::default() })
    );
}

#[test]
fn set_contact_attributes_adds_a_row_and_changes_the_destination() {
    let journey = Journey::sample("caller-id-from-attribute", Some("6caf76a5-7035-48ae-8280-ad3729a6f2e7"));
    let mut harness = harness(journey);
    click(&mut harness, Role::Button, "Add attribute");
    click(&mut harness, Role::RadioButton, "Related contact");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::UpdateContactAttributes {
            attributes: vec![("outboundCallerId".into(), "+442071838750".into()), (String::new(), String::new()),],
            target_contact: Some("Related".into()),
        }
    );
    assert!(
        harness.get_by_role_and_label(Role::Button, "Add attribute").accesskit_node().is_disabled(),
        "one empty key at a time"
    );
}

#[test]
fn invoke_lambda_changes_the_response_type() {
    let journey = Journey::sample("caller-id-from-lambda", Some("73f80e52-a369-48b5-a441-4c46f147ecf9"));
    let mut harness = harness(journey);
    harness.get_by_role_and_label(Role::ComboBox, "Function");
    click(&mut harness, Role::RadioButton, "JSON");
    let ActionKind::InvokeLambdaFunction(call) = harness.state().kind() else {
        panic!("not a Lambda block");
    };
    assert_eq!(call.response_type.as_deref(), Some("JSON"));
    assert_eq!(call.timeout_secs.as_deref(), Some("3"));
    assert_eq!(call.attributes.len(), 1);
}

#[test]
fn flow_name_typing_is_one_merged_undo_step() {
    let journey = Journey::new(FlowDocument::new_outbound_whisper(""), None, None);
    let mut harness = harness(journey);
    harness.get_by_label("Type: Outbound whisper flow");
    type_into(&mut harness, Role::TextInput, "Name", "Sales");
    harness.get_by_role_and_label(Role::TextInput, "Name").type_text("!");
    harness.run();
    let journey = harness.state();
    assert_eq!(journey.doc.flow.name.as_deref(), Some("Sales!"));
    assert_eq!(journey.pushed.len(), 2);
    assert!(journey.pushed.iter().all(|intent| matches!(intent, Intent::Edit { merge: Some((_, "flow_name")), .. })));
}

#[test]
fn a_number_written_as_its_arn_is_recognised_and_can_be_rewritten_in_e164() {
    let mut journey = Journey::sample("static-caller-id", Some(STATIC_CALL));
    let arn = "arn:aws:connect:us-east-1:111122223333:phone-number/6b0e4a7d-2c91-4f3a-8d5e-1a9c7b3e0f64";
    let id = ActionId::from_import(STATIC_CALL);
    let kind = ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(arn.into()) };
    journey.doc.apply(Edit::SetKind { id, kind }).unwrap();
    let mut harness = harness(journey);
    let combo = harness.get_by_role_and_label(Role::ComboBox, "Number");
    assert_eq!(combo.value().as_deref(), Some("(206) 555-0100 · US · Seattle sales (by id or ARN)"));
    combo.click();
    harness.run();
    click(&mut harness, Role::Button, "(206) 555-0100 · US · Seattle sales");
    assert_eq!(
        harness.state().kind(),
        &ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+12065550100".into()) }
    );
}

#[test]
fn a_system_path_is_shown_under_use_attribute_and_replaced_by_a_namespace() {
    let mut journey = Journey::sample("static-caller-id", Some(STATIC_CALL));
    let id = ActionId::from_import(STATIC_CALL);
    let path = CallerId::Path("$.Queue.OutboundCallerId.Address".into());
    journey.doc.apply(Edit::SetKind { id, kind: ActionKind::CompleteOutboundCall { caller_id: path } }).unwrap();
    let mut harness = harness(journey);
    harness.get_by_label_contains("neither a user-defined nor an external attribute");
    let combo = harness.get_by_role_and_label(Role::ComboBox, "Namespace");
    assert_eq!(combo.value().as_deref(), Some("System or other"));
    combo.click();
    harness.run();
    click(&mut harness, Role::Button, "User defined");
    assert_eq!(harness.state().kind(), &attribute(Namespace::UserDefined, ""));
}
