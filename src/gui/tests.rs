//! Headless journeys through the whole designer window with `egui_kittest`: widgets are found by
//! role and label, as a screen reader would, and the assertions look at the document, the
//! report and the files on disk. Wires are made through `canvas::wire_edit`, the function the
//! canvas calls when a wire is dropped on a block.

use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::DesignerApp;
use super::canvas::{Node, wire_edit};
use super::intent::{Intent, SystemCommand};
use super::session::Session;
use super::settings::Settings;
use crate::model::{ActionId, ActionKind, CallerId, FlowStatus, FlowType, Namespace};
use crate::test_support::{read, sample_copy, write};
use crate::validation::Rule;

pub(super) type App = Harness<'static, DesignerApp>;

pub(super) fn open(root: &Path) -> App {
    let (session, editor) = Session::open(root).unwrap();
    let app = DesignerApp::new(session, editor, Settings::default());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1400.0, 1100.0))
        .build_ui_state(|ui, app: &mut DesignerApp| app.frame(ui), app);
    harness.run();
    harness
}

pub(super) fn click(harness: &mut App, role: Role, label: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
}

pub(super) fn apply(harness: &mut App, intent: Intent) {
    harness.state_mut().apply(intent, &egui::Context::default());
    harness.run();
}

pub(super) fn ids(harness: &App) -> Vec<ActionId> {
    harness.state().editor.as_ref().unwrap().doc.flow.actions.iter().map(|a| a.id.clone()).collect()
}

/// Drops a wire from output `output` of `from` onto block `to`.
fn wire(harness: &mut App, from: &Node, output: usize, to: &ActionId) {
    let edit = wire_edit(&harness.state().editor.as_ref().unwrap().doc, from, output, Some(to.clone())).unwrap();
    apply(harness, Intent::edit(edit));
}

fn report_has(harness: &App, rule: Rule) -> bool {
    harness.state().editor.as_ref().unwrap().report.has(rule)
}

/// Creates an outbound whisper flow named `name` through "Create contact flow ⏷", as an admin does.
pub(super) fn new_flow(harness: &mut App, name: &str) {
    click(harness, Role::Button, "Create contact flow ⏷");
    click(harness, Role::Button, "Create outbound whisper flow");
    harness.get_by_role_and_label(Role::TextInput, "Flow name").type_text(name);
    harness.run();
    click(harness, Role::Button, "Create");
}

/// Creates "Sales whisper" through the drop-down and wires Entry → Call → Prompt → End from the
/// palette. Returns the three block ids.
fn new_wired_flow(harness: &mut App) -> [ActionId; 3] {
    new_flow(harness, "Sales whisper");
    for block in ["Call phone number", "Play prompt", "End flow / Resume"] {
        click(harness, Role::Button, block);
    }
    let [call, prompt, end]: [ActionId; 3] = ids(harness).try_into().unwrap();
    wire(harness, &Node::EntryPoint, 0, &call);
    wire(harness, &Node::Block(call.clone()), 0, &prompt);
    wire(harness, &Node::Block(prompt.clone()), 0, &end);
    [call, prompt, end]
}

#[test]
fn creating_an_outbound_whisper_flow_from_the_drop_down() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    new_flow(&mut harness, "Sales whisper");
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc.flow.name.as_deref(), Some("Sales whisper"));
    assert_eq!(editor.doc.flow.flow_type, Some(FlowType::OutboundWhisper));
    assert!(editor.doc.flow.actions.is_empty());
    assert_eq!(editor.path.as_deref(), Some(root.join("flows/Sales-whisper.json").as_path()));
    harness.get_by_label("Entry point");
}

#[test]
fn the_palette_offers_only_blocks_outbound_whisper_flows_allow() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.get_by_role_and_label(Role::Button, "Call phone number");
    assert!(harness.query_by_role_and_label(Role::Button, "Disconnect / hang up").is_none());
    harness.get_by_role_and_label(Role::TextInput, "Search blocks").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Search blocks").type_text("lambda");
    harness.run();
    assert!(harness.query_by_role_and_label(Role::Button, "Play prompt").is_none());
    harness.get_by_role_and_label(Role::Button, "Invoke AWS Lambda function");
}

#[test]
fn adding_and_wiring_entry_call_prompt_end_gives_a_correct_flow() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, prompt, end] = new_wired_flow(&mut harness);
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc.flow.start.as_ref(), Some(&call));
    assert_eq!(editor.doc.flow.action(&call).unwrap().transitions.next.as_ref(), Some(&prompt));
    assert_eq!(editor.doc.flow.action(&prompt).unwrap().transitions.next.as_ref(), Some(&end));
    let errors: Vec<_> =
        editor.report.diagnostics.iter().filter(|d| d.severity == crate::validation::Severity::Error).collect();
    assert!(errors.iter().all(|d| d.rule == Rule::MissingParameter), "only the empty prompt text is left: {errors:?}");
    // A branch holds one wire: wiring it again replaces the target.
    wire(&mut harness, &Node::Block(call.clone()), 0, &end);
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc.flow.action(&call).unwrap().transitions.next.as_ref(), Some(&end));
    assert!(report_has(&harness, Rule::Unreachable), "the prompt is now cut off");
}

#[test]
fn an_external_caller_id_problem_appears_and_disappears_as_the_lambda_is_added() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, _prompt, end] = new_wired_flow(&mut harness);
    apply(&mut harness, Intent::Select(vec![call.clone()]));
    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    click(&mut harness, Role::RadioButton, "Use attribute");
    click(&mut harness, Role::ComboBox, "Namespace");
    click(&mut harness, Role::Button, "External");
    harness.get_by_role_and_label(Role::TextInput, "Attribute key").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Attribute key").type_text("caller_id");
    harness.run();
    let kind = &harness.state().editor.as_ref().unwrap().doc.flow.action(&call).unwrap().kind;
    let ActionKind::CompleteOutboundCall { caller_id: CallerId::Attribute(attribute) } = kind else {
        panic!("{kind:?}")
    };
    assert_eq!((attribute.namespace, attribute.key.as_str()), (Namespace::External, "caller_id"));
    assert!(report_has(&harness, Rule::ExternalWithoutLambda));
    assert!(harness.get_all_by_label_contains("$.External only holds the reply of the last Lambda").next().is_some());

    click(&mut harness, Role::Button, "Invoke AWS Lambda function");
    let lambda = ids(&harness).last().cloned().unwrap();
    wire(&mut harness, &Node::EntryPoint, 0, &lambda);
    wire(&mut harness, &Node::Block(lambda.clone()), 0, &call);
    wire(&mut harness, &Node::Block(lambda), 1, &end);
    assert!(!report_has(&harness, Rule::ExternalWithoutLambda));
}

#[test]
fn publishing_is_blocked_by_errors_then_publishes_and_saves() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, prompt, _end] = new_wired_flow(&mut harness);
    click(&mut harness, Role::Button, "Publish");
    harness.get_by_label_contains("Fix these");
    assert_eq!(harness.state().editor.as_ref().unwrap().doc.flow.status, Some(FlowStatus::Saved));
    click(&mut harness, Role::Button, "OK");

    apply(&mut harness, Intent::Select(vec![prompt]));
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak").click();
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak").type_text("Connecting you now.");
    harness.run();
    apply(&mut harness, Intent::Select(vec![call]));
    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    click(&mut harness, Role::ComboBox, "Number");
    click(&mut harness, Role::Button, "(206) 555-0100 · US · Seattle sales");
    assert!(
        harness.state().editor.as_ref().unwrap().report.can_publish(),
        "{:?}",
        harness.state().editor.as_ref().unwrap().report
    );

    click(&mut harness, Role::Button, "Publish");
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc.flow.status, Some(FlowStatus::Published));
    assert!(!editor.is_dirty());
    let saved = read(&root.join("flows/Sales-whisper.json"));
    assert!(saved.contains("\"status\": \"published\"") && saved.contains("\"+12065550100\""), "{saved}");
}

#[test]
fn a_published_flow_can_be_assigned_to_a_queue() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Flow");
    click(&mut harness, Role::Button, "Queues…");
    click(&mut harness, Role::ComboBox, "Collections Outbound whisper flow");
    assert!(
        harness.query_by_role_and_label(Role::Button, "with-mistakes").is_none(),
        "unpublished flows are not offered"
    );
    click(&mut harness, Role::Button, "static-caller-id");
    let instance = crate::instance::Instance::load(&root.join("instance.json")).unwrap();
    assert_eq!(instance.queue("Collections").unwrap().outbound_whisper_flow.as_deref(), Some("static-caller-id"));
}

#[test]
fn undo_and_redo_with_the_keyboard() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let before = harness.state().editor.as_ref().unwrap().doc.clone();
    click(&mut harness, Role::Button, "Play prompt");
    let after = harness.state().editor.as_ref().unwrap().doc.clone();
    assert_eq!(after.flow.actions.len(), before.flow.actions.len() + 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().editor.as_ref().unwrap().doc, before);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().editor.as_ref().unwrap().doc, after);
}

#[test]
fn saving_and_reopening_gives_the_same_document() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    new_wired_flow(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let editor = harness.state().editor.as_ref().unwrap();
    assert!(!editor.is_dirty());
    let path = editor.path.clone().unwrap();
    let reopened = crate::flow_json::load(&path).unwrap();
    assert_eq!(crate::flow_json::to_value(&reopened), crate::flow_json::to_value(&editor.doc));
    assert!(
        harness.state().session.flows.iter().any(|f| f.name == "Sales whisper"),
        "the flow list shows the new file"
    );
}

#[test]
fn unsaved_changes_are_never_dropped_silently() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let first = harness.state().editor.as_ref().unwrap().flow_name();
    click(&mut harness, Role::Button, "Play prompt");
    // Opening the workspace again would drop the session's flows: it asks first.
    apply(&mut harness, SystemCommand::Open(root.clone()).into());
    harness.get_by_label(&format!("“{first}” has changes that are not saved."));
    click(&mut harness, Role::Button, "Cancel");
    assert_eq!(harness.state().editor.as_ref().unwrap().doc.flow.actions.len(), 5);
    apply(&mut harness, SystemCommand::Open(root.clone()).into());
    click(&mut harness, Role::Button, "Don't save");
    assert_eq!(harness.state().editor.as_ref().unwrap().doc.flow.actions.len(), 4);
    let on_disk = crate::flow_json::load(&root.join(format!("flows/{first}.json"))).unwrap();
    assert_eq!(on_disk.flow.actions.len(), 4, "the discarded change never reached the file");
}

#[test]
fn deleting_the_selection_with_the_delete_key_unwires_it() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, prompt, _end] = new_wired_flow(&mut harness);
    apply(&mut harness, Intent::Select(vec![prompt.clone()]));
    harness.key_press(Key::Delete);
    harness.run();
    let editor = harness.state().editor.as_ref().unwrap();
    assert!(editor.doc.flow.action(&prompt).is_none());
    assert_eq!(editor.doc.flow.action(&call).unwrap().transitions.next, None);
}

#[test]
fn a_problem_click_selects_its_block_and_a_fix_applies_in_one_click() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.get_by_label_contains("with-mistakes\n").click();
    harness.run();
    let row = harness
        .get_all_by_label_contains("is not allowed in an outbound whisper flow")
        .find(|n| n.accesskit_node().role() == Role::Button);
    let row = row.expect("the problem's row is a button");
    row.scroll_to_me();
    harness.run();
    let row = harness
        .get_all_by_label_contains("is not allowed in an outbound whisper flow")
        .find(|n| n.accesskit_node().role() == Role::Button);
    row.unwrap().click();
    harness.run();
    let editor = harness.state().editor.as_ref().unwrap();
    let selected: Vec<_> = editor
        .selection
        .iter()
        .filter_map(|id| editor.doc.flow.action(id))
        .map(crate::model::Action::block_name)
        .collect();
    assert_eq!(selected, ["Disconnect / hang up"]);
    harness.get_by_role_and_label(Role::Button, "Fix: use +442071838750").scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Fix: use +442071838750").click();
    harness.run();
    let editor = harness.state().editor.as_ref().unwrap();
    assert!(!editor.report.has(Rule::CallerIdNotE164));
    let fixed =
        editor.doc.flow.actions.iter().any(|a| {
            a.kind == ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+442071838750".into()) }
        });
    assert!(fixed);
}

#[test]
fn naming_a_block_keeps_its_wires_and_shows_the_name_on_the_canvas() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, prompt, _end] = new_wired_flow(&mut harness);
    apply(&mut harness, Intent::Select(vec![call.clone()]));
    let field = harness.get_by_role_and_label(Role::TextInput, "Block name");
    field.click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Block name").type_text("Present Seattle number");
    harness.run();
    click(&mut harness, Role::Button, "Rename");
    let editor = harness.state().editor.as_ref().unwrap();
    let named = ActionId::from_import("Present Seattle number");
    assert_eq!(editor.doc.flow.start.as_ref(), Some(&named));
    assert_eq!(editor.doc.flow.action(&named).unwrap().transitions.next.as_ref(), Some(&prompt));
    assert_eq!(editor.selection, std::slice::from_ref(&named));
    let exported = crate::flow_json::to_value(&editor.doc);
    assert_eq!(exported["Metadata"]["ActionMetadata"]["Present Seattle number"]["isFriendlyName"], true);
    assert!(harness.get_all_by_label("Present Seattle number").next().is_some(), "the canvas shows the name");
    assert!(editor.doc.flow.action(&call).is_none());
}

#[test]
fn copy_and_paste_duplicate_blocks_with_their_inner_wires() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, prompt, end] = new_wired_flow(&mut harness);
    apply(&mut harness, Intent::Select(vec![call.clone(), prompt.clone()]));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::C);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::V);
    harness.run();
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc.flow.actions.len(), 5);
    let pasted: Vec<_> = editor.selection.iter().map(|id| editor.doc.flow.action(id).unwrap()).collect();
    assert_eq!(pasted.len(), 2);
    assert!(pasted.iter().all(|a| a.id != call && a.id != prompt), "fresh identifiers");
    let pasted_call = pasted.iter().find(|a| a.kind.type_name() == "CompleteOutboundCall").unwrap();
    let pasted_prompt = pasted.iter().find(|a| a.kind.type_name() == "MessageParticipant").unwrap();
    assert_eq!(pasted_call.transitions.next.as_ref(), Some(&pasted_prompt.id), "the wire between them follows");
    assert_eq!(pasted_prompt.transitions.next, None, "the wire to the block left behind does not");
    assert!(editor.doc.flow.action(&end).unwrap().transitions.is_empty());
}

#[test]
fn a_test_call_from_the_toolbar_shows_the_caller_id_highlights_the_path_and_saves_as_a_passing_test() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.get_by_label_contains("static-caller-id\n").click();
    harness.run();
    click(&mut harness, Role::Button, "Place a test call");
    harness.get_by_role_and_label(Role::TextInput, "Number to dial").scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Number to dial").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Number to dial").type_text("(206) 555-0123");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Call").scroll_to_me();
    harness.run();
    click(&mut harness, Role::Button, "Call");
    harness.get_by_label("(206) 555-0100");
    let path = harness.state().canvas.highlight.clone();
    assert_eq!(path.len(), 4, "the call went through every block: {path:?}");

    harness.get_by_role_and_label(Role::TextInput, "Test call name").scroll_to_me();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Test call name").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Test call name").type_text("seattle customer");
    harness.run();
    harness.get_by_role_and_label(Role::Button, "Save as test call").scroll_to_me();
    harness.run();
    click(&mut harness, Role::Button, "Save as test call");
    let saved = crate::workspace::calls::SavedCall::load(&root.join("calls/seattle-customer.json")).unwrap();
    assert_eq!(saved.flow, "static-caller-id");
    assert!(harness.state().session.saved_calls.iter().any(|(name, _)| name == "seattle-customer"));
    harness.run();
    assert!(harness.get_all_by_label("PASS").count() >= 2, "the new call and the sample's pass");
}

/// A window that adds a block and dies before saving, leaving its recovery copy (a dropped
/// harness is a crash: its session's lock goes, its copies stay). Returns the copy.
pub(super) fn crash_with_an_unsaved_block(root: &Path) -> std::path::PathBuf {
    let mut harness = open(root);
    harness.state_mut().autosave_every = std::time::Duration::ZERO;
    click(&mut harness, Role::Button, "Play prompt");
    harness.run();
    let copies = recovery_copies(&harness);
    assert_eq!(copies.len(), 1, "{copies:?}");
    drop(harness);
    copies.into_iter().next().unwrap()
}

/// The recovery copies this window has written.
pub(super) fn recovery_copies(harness: &App) -> Vec<std::path::PathBuf> {
    let Some(session) = harness.state().recovery.as_ref() else { return Vec::new() };
    let mut copies: Vec<_> = std::fs::read_dir(session.dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().ends_with(".note.json"))
        .collect();
    copies.sort();
    copies
}

#[test]
fn starting_over_a_crash_offers_the_recovery_copy() {
    let (_dir, root) = sample_copy();
    let copy = crash_with_an_unsaved_block(&root);
    let flow = root.join("flows/caller-id-from-attribute.json");

    let mut harness = open(&root);
    harness.get_by_label_contains("ended without saving these flows");
    harness.get_by_label_contains("unsaved changes · 5 blocks");
    click(&mut harness, Role::Button, "Recover “caller-id-from-attribute”");
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc.flow.actions.len(), 5);
    assert!(editor.is_dirty(), "recovered changes still need saving");
    assert!(!copy.exists(), "this window keeps the work from here");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(crate::flow_json::load(&flow).unwrap().flow.actions.len(), 5);
    assert!(recovery_copies(&harness).is_empty(), "saving removes the copy");
}

#[test]
fn a_discarded_recovery_copy_is_deleted() {
    let (_dir, root) = sample_copy();
    let copy = crash_with_an_unsaved_block(&root);
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Discard “caller-id-from-attribute”");
    assert!(!copy.exists());
    assert_eq!(harness.state().editor.as_ref().unwrap().doc.flow.actions.len(), 4);
}

#[test]
fn unsaved_changes_are_autosaved_to_a_recovery_copy() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.state_mut().autosave_every = std::time::Duration::ZERO;
    click(&mut harness, Role::Button, "Play prompt");
    let path = harness.state().editor.as_ref().unwrap().path.clone().unwrap();
    let copies = recovery_copies(&harness);
    assert_eq!(copies.len(), 1);
    assert!(copies[0].starts_with(root.join(".whisperwire/recovery")), "{copies:?}");
    let copy = crate::flow_json::load(&copies[0]).unwrap();
    assert_eq!(copy.flow.actions.len(), 5, "the copy holds the unsaved block");
    assert_eq!(crate::flow_json::load(&path).unwrap().flow.actions.len(), 4, "the file itself is untouched");
    assert!(
        crate::workspace::folder::Workspace::open(&root).unwrap().unreadable.is_empty(),
        "the copy is not taken for a flow"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(recovery_copies(&harness).is_empty());
}

#[test]
fn a_save_that_fails_says_why_and_keeps_the_changes() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Play prompt");
    // A file stands where the folder should be: the write cannot happen (as with a read-only
    // folder or a full disk, which root in this sandbox cannot simulate).
    let impossible = root.join("instance.json").join("flow.json");
    apply(&mut harness, SystemCommand::SaveAs(impossible).into());
    let app = harness.state();
    assert!(app.message.as_deref().is_some_and(|m| m.contains("cannot")), "{:?}", app.message);
    let editor = app.editor.as_ref().unwrap();
    assert!(editor.is_dirty());
    assert_eq!(editor.doc.flow.actions.len(), 5);
}

/// The window at the default size the designer opens at.
fn open_at_default_size(root: &Path) -> App {
    let (session, editor) = Session::open(root).unwrap();
    let app = DesignerApp::new(session, editor, Settings::default());
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(|ui, app: &mut DesignerApp| app.frame(ui), app);
    harness.run();
    harness
}

fn editor(harness: &App) -> &super::editor::Editor {
    harness.state().editor.as_ref().unwrap()
}

fn type_into(harness: &mut App, role: Role, label: &str, text: &str) {
    harness.get_by_role_and_label(role, label).click();
    harness.run();
    harness.get_by_role_and_label(role, label).type_text(text);
    harness.run();
}

/// The flow list's line of `flow` and the status bar both say `state`.
fn assert_state(harness: &App, flow: &str, state: &str) {
    harness.get_by_label_contains(&format!("{flow}\nOutbound whisper flow · {state}"));
    harness.get_by_label(state);
}

#[test]
fn a_flow_goes_from_new_to_saved_to_published_and_an_edited_save_has_unpublished_changes() {
    let (_dir, root) = sample_copy();
    let file = root.join("flows/Sales-whisper.json");
    let mut harness = open(&root);
    let [call, prompt, _end] = new_wired_flow(&mut harness);
    assert_state(&harness, "Sales whisper", "New, not saved");
    assert!(harness.query_by_label("Saved").is_none() && harness.query_by_label("No unsaved changes").is_none());
    assert!(!file.exists());
    harness.get_by_label(&format!("{} (no file yet)", file.display()));

    apply(&mut harness, Intent::Select(vec![prompt.clone()]));
    type_into(&mut harness, Role::MultilineTextInput, "Text to speak", "Connecting you now.");
    apply(&mut harness, Intent::Select(vec![call]));
    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    click(&mut harness, Role::ComboBox, "Number");
    click(&mut harness, Role::Button, "(206) 555-0100 · US · Seattle sales");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(read(&file).contains("\"status\": \"saved\""));
    assert_state(&harness, "Sales whisper", "Saved, never published");
    harness.get_by_label(&file.display().to_string());
    assert!(harness.query_by_label("Unsaved changes").is_none());

    click(&mut harness, Role::Button, "Publish");
    assert!(read(&file).contains("\"status\": \"published\""));
    assert_state(&harness, "Sales whisper", "Published");

    apply(&mut harness, Intent::Select(vec![prompt]));
    type_into(&mut harness, Role::MultilineTextInput, "Text to speak", " Thank you.");
    assert_state(&harness, "Sales whisper", "Published");
    harness.get_by_label("Unsaved changes");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let saved = read(&file);
    assert!(saved.contains("\"status\": \"saved\"") && saved.contains("Thank you."), "{saved}");
    assert_state(&harness, "Sales whisper", "Published, with unpublished changes");
    assert_eq!(editor(&harness).doc.flow.status, Some(FlowStatus::Saved), "the window says what the file says");
    apply(&mut harness, Intent::Select(Vec::new()));
    harness.get_by_label("Status: Published, with unpublished changes");

    click(&mut harness, Role::Button, "Publish");
    assert!(read(&file).contains("\"status\": \"published\""));
    assert_state(&harness, "Sales whisper", "Published");
    assert!(!editor(&harness).is_dirty());
}

#[test]
fn saving_a_published_flow_without_changes_keeps_it_published() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let path = editor(&harness).path.clone().unwrap();
    assert_eq!(editor(&harness).doc.flow.status, Some(FlowStatus::Published));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(read(&path).contains("\"status\": \"published\""));
    harness.get_by_label("Published");
}

#[test]
fn enter_in_the_create_dialog_creates_the_flow() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Create contact flow ⏷");
    click(&mut harness, Role::Button, "Create outbound whisper flow");
    harness.get_by_role_and_label(Role::TextInput, "Flow name").type_text("Support whisper");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_role_and_label(Role::TextInput, "Flow name").is_none(), "the dialog closed");
    assert_eq!(editor(&harness).doc.flow.name.as_deref(), Some("Support whisper"));
}

#[test]
fn enter_in_the_open_dialog_opens_the_typed_path() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    let path = root.join("flows/static-caller-id.json");
    harness
        .get_by_role_and_label(Role::TextInput, "Workspace folder or flow file")
        .type_text(&path.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(editor(&harness).path.as_deref(), Some(path.as_path()));
}

#[test]
fn undo_history_comes_back_when_switching_back_to_a_flow() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let first = editor(&harness).flow_name();
    click(&mut harness, Role::Button, "Play prompt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label_contains("static-caller-id\n").click();
    harness.run();
    assert_eq!(editor(&harness).flow_name(), "static-caller-id");
    assert!(!editor(&harness).can_undo());
    harness.get_by_label_contains(&format!("{first}\n")).click();
    harness.run();
    assert_eq!(editor(&harness).flow_name(), first);
    assert_eq!(editor(&harness).doc.flow.actions.len(), 5);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(editor(&harness).doc.flow.actions.len(), 4, "the added block is undone");
}

#[test]
fn a_flow_changed_on_disk_meanwhile_is_read_again_rather_than_kept() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let path = editor(&harness).path.clone().unwrap();
    click(&mut harness, Role::Button, "Play prompt");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label_contains("static-caller-id\n").click();
    harness.run();
    let mut changed = crate::flow_json::load(&path).unwrap();
    changed.flow.description = Some("changed by someone else".into());
    write(&path, &crate::flow_json::to_canonical_string(&changed));
    harness.get_by_label_contains(&format!("{}\n", crate::workspace::names::stem_of(&path))).click();
    harness.run();
    assert_eq!(editor(&harness).doc.flow.description.as_deref(), Some("changed by someone else"));
    assert!(!editor(&harness).can_undo());
}

#[test]
fn ticking_the_caller_id_with_no_number_asks_for_one_instead_of_c04() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let [call, _prompt, _end] = new_wired_flow(&mut harness);
    apply(&mut harness, Intent::Select(vec![call.clone()]));
    click(&mut harness, Role::CheckBox, "Caller ID number to display");
    assert!(!report_has(&harness, Rule::CallerIdNotE164));
    let editor = editor(&harness);
    assert!(editor.report.for_action(&call).any(|d| d.rule == Rule::MissingParameter));
    assert!(harness.get_all_by_label_contains("choose a number").next().is_some());
}

#[test]
fn attribute_keys_and_values_are_wide_enough_for_a_phone_number() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at_default_size(&root);
    let set = ActionId::from_import("6caf76a5-7035-48ae-8280-ad3729a6f2e7");
    apply(&mut harness, Intent::Select(vec![set]));
    let value = harness.get_all_by_role_and_label(Role::TextInput, "Value").next().unwrap();
    assert!(value.rect().width() >= 160.0, "{:?}", value.rect());
    let key = harness.get_all_by_role_and_label(Role::TextInput, "Key").next().unwrap();
    assert!(key.rect().width() >= 120.0, "{:?}", key.rect());
}

/// The stored outer rectangle of a panel.
fn panel_rect(harness: &App, id: &str) -> egui::Rect {
    egui::containers::panel::PanelState::load(&harness.ctx, egui::Id::new(id)).unwrap().outer_rect
}

#[test]
fn the_side_panels_keep_their_width_whatever_is_selected() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at_default_size(&root);
    let widths = |harness: &App| (panel_rect(harness, "side").width(), panel_rect(harness, "properties").width());
    let before = widths(&harness);
    for id in ids(&harness) {
        apply(&mut harness, Intent::Select(vec![id]));
        harness.run();
        assert_eq!(widths(&harness), before);
    }
    harness.get_by_label_contains("with-mistakes\n").click();
    harness.run();
    for id in ids(&harness) {
        apply(&mut harness, Intent::Select(vec![id]));
        harness.run();
        assert_eq!(widths(&harness), before);
    }
}

#[test]
fn the_problems_panel_shows_six_rows_and_a_resize_grip() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at_default_size(&root);
    harness.get_by_label_contains("with-mistakes\n").click();
    harness.run();
    let bottom = panel_rect(&harness, "bottom");
    let count = editor(&harness).report.diagnostics.len();
    assert!(count >= 6, "the sample has {count} findings");
    let rows = editor(&harness)
        .report
        .diagnostics
        .iter()
        .filter(|d| {
            let row = harness.get_all_by_label_contains(&d.message).find(|n| bottom.contains_rect(n.rect()));
            row.is_some()
        })
        .count();
    assert!(rows >= 6, "{rows} rows visible in {bottom:?}");
    harness.get_by_label("Drag to resize the panel");
}

#[test]
fn the_queues_window_fits_its_columns() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at_default_size(&root);
    click(&mut harness, Role::Button, "Flow");
    click(&mut harness, Role::Button, "Queues…");
    harness.run();
    let window = harness.ctx.memory(|m| m.area_rect(egui::Id::new(super::app::QUEUES_WINDOW))).unwrap();
    let header = harness.get_by_label("Outbound whisper flow");
    assert!(window.contains_rect(header.rect()), "{:?} in {window:?}", header.rect());
    for combo in harness.get_all_by_role(Role::ComboBox).filter(|c| c.rect().min.x > window.min.x) {
        assert!(combo.rect().max.x <= window.max.x, "{:?} in {window:?}", combo.rect());
    }
}

#[test]
fn blocks_are_shown_by_name_not_by_identifier() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let call = ActionId::from_import("3f0c9931-918c-40bf-9670-c342c6cce996");
    apply(&mut harness, Intent::Select(vec![call.clone()]));
    let field = harness.get_by_role_and_label(Role::TextInput, "Block name");
    assert_eq!(field.value().as_deref(), Some("Call phone number"));
    assert!(harness.query_by_label_contains(call.as_str()).is_none(), "no identifier in the window");
    let rename = harness.get_by_role_and_label(Role::Button, "Rename");
    assert!(rename.accesskit_node().is_disabled(), "nothing to rename yet");
}
