//! Journeys through the Amazon Connect menu against the local stand-in of the Connect API:
//! pull into an empty folder, edit a flow, preview the publish and confirm it; flows and queue
//! settings changed here and in Amazon Connect, decided item by item; the flow states and the
//! validation a pulled flow's history gives.

use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};

use super::super::intent::Intent;
use super::super::tests::{App, apply, click, open};
use super::preview::{KEEP_THEIRS, USE_MINE};
use crate::connect::StandInAccess;
use crate::flow_json;
use crate::gui::glyphs::displayable;
use crate::instance::Instance;
use crate::model::ActionId;
use crate::model::FlowDocument;
use crate::test_support::connect_standin::{ACCESS_KEY_ID, SECRET_ACCESS_KEY, StandIn};
use crate::test_support::{end, flow_of, prompt, read, write};
use crate::validation::Rule;

/// An outbound whisper flow that says `text` and ends.
fn whisper(text: &str) -> FlowDocument {
    whisper_named("Sales whisper", text)
}

fn whisper_named(name: &str, text: &str) -> FlowDocument {
    let mut say = prompt("say", "end");
    say["Parameters"]["Text"] = text.into();
    flow_of(name, "outboundWhisper", "published", "say", vec![say, end("end")])
}

/// `doc` as Amazon Connect holds it.
fn content(doc: &FlowDocument) -> String {
    flow_json::to_canonical_string(doc)
}

/// The preview's lines for the changes from `old` to `new`.
fn change_lines(old: &FlowDocument, new: &FlowDocument) -> Vec<String> {
    let diff = crate::diff::diff(old, new);
    diff.semantic().map(|c| format!("    {}", displayable(&crate::diff::change_line(c)))).collect()
}

/// The designer on `root`, reaching `standin` for pull and publish.
fn open_with(root: &std::path::Path, standin: &StandIn) -> App {
    let mut harness = open(root);
    let settings = &mut harness.state_mut().connect.settings;
    settings.region = Some(standin.region().to_owned());
    settings.stand_in = Some(StandInAccess {
        endpoint: standin.endpoint(),
        access_key_id: ACCESS_KEY_ID.to_owned(),
        secret_access_key: SECRET_ACCESS_KEY.to_owned(),
    });
    harness
}

/// Steps the window until a button labelled `label` shows (a worker finished), for at most
/// ten seconds.
fn wait_for_button(harness: &mut App, label: &str) {
    for _ in 0..200 {
        harness.step();
        if harness.query_by_role_and_label(Role::Button, label).is_some() {
            harness.run();
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("no {label:?} button after 10 s");
}

/// Clicks a button that starts a worker: the window keeps redrawing (a spinner) until it is done.
fn start(harness: &mut App, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).click();
    harness.step();
}

fn type_into(harness: &mut App, label: &str, text: &str) {
    harness.get_by_role_and_label(Role::TextInput, label).click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, label).type_text(text);
    harness.run();
}

/// Pulls the stand-in's instance into `root` through the Pull dialog (its one flow).
fn pull_ui(harness: &mut App, standin: &StandIn) {
    pull_flows_ui(harness, standin, &["Flows: 1 written, 0 unchanged."]);
}

/// Pulls through the Pull dialog, whose report has lines containing `report`.
fn pull_flows_ui(harness: &mut App, standin: &StandIn, report: &[&str]) {
    click(harness, Role::Button, "Amazon Connect");
    click(harness, Role::Button, "Pull from instance…");
    // A linked workspace's dialog is filled in from its link.
    let field = harness.get_by_role_and_label(Role::TextInput, "Instance id or ARN").value().unwrap_or_default();
    if field.is_empty() {
        type_into(harness, "Instance id or ARN", standin.instance_id());
    }
    start(harness, "Pull");
    wait_for_button(harness, "Close");
    for line in report {
        harness.get_by_label_contains(line);
    }
    click(harness, Role::Button, "Close");
}

/// Opens the Publish preview from the Amazon Connect menu and waits for the plan.
fn preview_ui(harness: &mut App) {
    click(harness, Role::Button, "Amazon Connect");
    start(harness, "Publish to Amazon Connect…");
    wait_for_button(harness, "Confirm and publish");
}

fn confirm_is_enabled(harness: &App) -> bool {
    !harness.get_by_role_and_label(Role::Button, "Confirm and publish").accesskit_node().is_disabled()
}

fn is_chosen(harness: &App, choice: &str) -> bool {
    let radio = harness.get_by_role_and_label(Role::RadioButton, choice);
    radio.accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

/// The path of the workspace's flow file named `name`.
fn flow_path(harness: &App, name: &str) -> std::path::PathBuf {
    harness.state().session.flows.iter().find(|f| f.name == name).unwrap().path.clone()
}

#[test]
fn pulling_an_instance_then_publishing_an_edited_flow_through_the_preview() {
    let standin = StandIn::start();
    let remote = flow_json::to_canonical_string(&whisper("Hello"));
    let id = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &remote);
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_owned();
    let mut harness = open_with(&root, &standin);
    harness.get_by_label_contains("Not linked to Amazon Connect");

    pull_ui(&mut harness, &standin);
    assert!(harness.get_all_by_label_contains("Sales whisper\nOutbound whisper").next().is_some());
    harness.get_by_label_contains(&format!("Linked to {} ({}) · in sync", standin.instance_id(), standin.region()));

    // Edited outside the designer: the prompt says something else.
    let path = harness.state().session.flows[0].path.clone();
    let edited = whisper("Connecting you now.");
    write(&path, &flow_json::to_canonical_string(&edited));
    let expected = crate::diff::diff(&flow_json::from_str(&remote).unwrap(), &edited);
    let change = crate::diff::change_line(expected.semantic().next().unwrap());

    click(&mut harness, Role::Button, "Amazon Connect");
    start(&mut harness, "Publish to Amazon Connect…");
    wait_for_button(&mut harness, "Confirm and publish");
    harness.get_by_label("will publish 1 change");
    harness.get_by_label(&format!("    {}", crate::gui::glyphs::displayable(&change)));
    start(&mut harness, "Confirm and publish");
    wait_for_button(&mut harness, "Close");
    // In the dialog and in the status bar.
    assert_eq!(harness.get_all_by_label("Published 1 flow to Amazon Connect.").count(), 2);
    harness.get_by_label("✔ Sales whisper: published");

    let updates = standin.requests_for("UpdateContactFlowContent");
    assert_eq!(updates.len(), 1, "{updates:?}");
    let body: serde_json::Value = serde_json::from_str(&updates[0].body).unwrap();
    assert_eq!(body["Content"].as_str(), Some(read(&path).as_str()));
    assert_eq!(standin.flow(&id).unwrap().content, read(&path));
    click(&mut harness, Role::Button, "Close");
    harness.get_by_label_contains("· in sync");
}

#[test]
fn publish_on_a_linked_workspace_saves_first_and_shows_amazon_connects_refusal_in_problems() {
    let standin = StandIn::start();
    standin.add_flow(
        "Sales whisper",
        "OUTBOUND_WHISPER",
        "PUBLISHED",
        &flow_json::to_canonical_string(&whisper("Hello")),
    );
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_with(dir.path(), &standin);
    pull_ui(&mut harness, &standin);

    apply(&mut harness, Intent::Select(vec![ActionId::from_import("say")]));
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak").click();
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak").type_text(" Thanks.");
    harness.run();
    standin.reject_content(&["Action say: the prompt is too short"]);
    click(&mut harness, Role::Button, "Publish");
    // Unsaved changes are saved (or dropped) first: publish sends files.
    start(&mut harness, "Save");
    wait_for_button(&mut harness, "Confirm and publish");
    harness.get_by_label("will publish 1 change");
    start(&mut harness, "Confirm and publish");
    wait_for_button(&mut harness, "Close");
    harness.get_by_label("✖ Sales whisper: Amazon Connect refused the flow:");
    click(&mut harness, Role::Button, "Close");
    harness.get_by_label("Amazon Connect refused this flow at the last publish:");
    harness.get_by_label("Action say: the prompt is too short");
    harness.get_by_label_contains("· 1 flow differs");
}

#[test]
fn a_pull_can_be_cancelled_while_it_reads_the_flows() {
    let standin = StandIn::start();
    for i in 0..30 {
        let content = flow_json::to_canonical_string(&whisper(&format!("Hello {i}")));
        standin.add_flow(&format!("Whisper {i}"), "OUTBOUND_WHISPER", "PUBLISHED", &content);
    }
    standin.set_latency(Duration::from_millis(300));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_with(dir.path(), &standin);
    click(&mut harness, Role::Button, "Amazon Connect");
    click(&mut harness, Role::Button, "Pull from instance…");
    type_into(&mut harness, "Instance id or ARN", standin.instance_id());
    start(&mut harness, "Pull");
    // The dialog takes its new size over a few frames.
    for _ in 0..3 {
        harness.step();
    }
    harness.get_by_label_contains("Pulling instance");
    harness.get_by_role_and_label(Role::Button, "Cancel").click();
    harness.step();
    harness.step();
    // The dialog says it is stopping until the step under way ends; on a busy machine that
    // step may already have ended.
    assert!(
        harness.query_by_label("Stopping after the current step…").is_some()
            || harness.query_by_label_contains("Pull stopped.").is_some(),
        "Cancel is acknowledged at once"
    );
    wait_for_button(&mut harness, "Close");
    harness.get_by_label_contains("Pull stopped.");
    assert!(standin.requests_for("DescribeContactFlow").len() < 30, "the pull went on after Cancel");
}

#[test]
fn a_flow_changed_here_and_in_connect_is_sent_only_once_use_mine_is_chosen() {
    let standin = StandIn::start();
    let pulled = whisper("Hello");
    let sales = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content(&pulled));
    let support_pulled = whisper_named("Support whisper", "Hi");
    standin.add_flow("Support whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content(&support_pulled));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_with(dir.path(), &standin);
    pull_flows_ui(&mut harness, &standin, &["Flows: 2 written, 0 unchanged."]);

    // Sales whisper: edited here and, differently, in Amazon Connect. Support whisper: here only.
    let ours = whisper("Connecting you now.");
    write(&flow_path(&harness, "Sales whisper"), &content(&ours));
    let theirs = whisper("Hello from Amazon Connect.");
    standin.edit_flow_remotely(&sales, &content(&theirs));
    write(&flow_path(&harness, "Support whisper"), &content(&whisper_named("Support whisper", "Hi there")));

    preview_ui(&mut harness);
    harness.get_by_label("Changed here: will be published");
    harness.get_by_label("Changed here and in Amazon Connect: choose which to keep");
    harness.get_by_label("changed here and in Amazon Connect since the last pull");
    harness.get_by_label("  Yours since the last pull:");
    harness.get_by_label("  Changed in Amazon Connect since:");
    for line in change_lines(&pulled, &ours).into_iter().chain(change_lines(&pulled, &theirs)) {
        harness.get_by_label(&line);
    }
    assert!(is_chosen(&harness, KEEP_THEIRS), "Amazon Connect's side unless chosen otherwise");
    assert!(confirm_is_enabled(&harness), "Support whisper is sent");

    // The default: only the flow changed here alone is sent.
    start(&mut harness, "Confirm and publish");
    wait_for_button(&mut harness, "Close");
    harness.get_by_label("✔ Support whisper: published");
    harness.get_by_label("Sales whisper: Amazon Connect's version kept, as chosen; nothing sent (pull to take it)");
    assert_eq!(harness.get_all_by_label("Published 1 flow to Amazon Connect.").count(), 2);
    assert_eq!(standin.requests_for("UpdateContactFlowContent").len(), 1);
    assert_eq!(standin.flow(&sales).unwrap().content, content(&theirs));
    click(&mut harness, Role::Button, "Close");

    // Still a conflict: nothing to send until "Use mine".
    preview_ui(&mut harness);
    assert!(!confirm_is_enabled(&harness));
    harness.get_by_label("Nothing to send with these choices: every conflict keeps Amazon Connect's version.");
    click(&mut harness, Role::RadioButton, USE_MINE);
    assert!(is_chosen(&harness, USE_MINE) && confirm_is_enabled(&harness));
    harness.get_by_label_contains("Yours will replace Amazon Connect's version");
    start(&mut harness, "Confirm and publish");
    wait_for_button(&mut harness, "Close");
    harness.get_by_label("✔ Sales whisper: published");
    let updates = standin.requests_for("UpdateContactFlowContent");
    assert_eq!(updates.len(), 2, "{updates:?}");
    let sent = flow_json::from_str(&standin.flow(&sales).unwrap().content).unwrap();
    assert!(change_lines(&ours, &sent).is_empty(), "Amazon Connect holds ours");
}

#[test]
fn a_queue_field_changed_here_and_in_connect_shows_the_three_values_and_the_choice() {
    let standin = StandIn::start();
    let flow = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content(&whisper("Hello")));
    let number = standin.add_number("+12065550100", "DID", "US");
    let queue = standin.add_queue("US Sales", Some(&number), Some("Acme"), Some(&flow));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_owned();
    let mut harness = open_with(&root, &standin);
    pull_ui(&mut harness, &standin);

    let path = root.join("instance.json");
    let mut instance = Instance::load(&path).unwrap();
    let local = instance.queues.iter_mut().find(|q| q.name == "US Sales").unwrap();
    local.outbound_caller_id_name = Some("Acme Sales".into());
    instance.save(&path).unwrap();
    standin.set_queue_caller_remotely(&queue, Some(&number), Some("Acme Inc"), Some(&flow));

    preview_ui(&mut harness);
    harness.get_by_label("Queue \"US Sales\"");
    for cell in ["Field", "Last pulled", "Yours", "Amazon Connect's", "caller ID name"] {
        harness.get_by_label(cell);
    }
    for value in ["\"Acme\"", "\"Acme Sales\"", "\"Acme Inc\""] {
        harness.get_by_label(value);
    }
    assert!(is_chosen(&harness, KEEP_THEIRS) && !confirm_is_enabled(&harness));

    click(&mut harness, Role::RadioButton, USE_MINE);
    start(&mut harness, "Confirm and publish");
    wait_for_button(&mut harness, "Close");
    harness.get_by_label_contains("✔ Queue US Sales: caller ID name");
    assert_eq!(standin.queue(&queue).unwrap().caller_id_name.as_deref(), Some("Acme Sales"));
}

#[test]
fn a_pulled_flow_with_a_draft_in_connect_reads_published_with_unpublished_changes() {
    let standin = StandIn::start();
    let id = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content(&whisper("Hello")));
    standin.save_flow_draft_remotely(&id, &content(&whisper("Hello, draft")));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_with(dir.path(), &standin);
    pull_flows_ui(&mut harness, &standin, &["Saved in Amazon Connect but not published"]);

    harness.get_by_label_contains("Sales whisper\nOutbound whisper flow · Published, with unpublished changes");
    harness.get_by_label("Published, with unpublished changes");
}

#[test]
fn a_pulled_published_flow_saved_with_changes_warns_that_its_queue_runs_the_published_version() {
    let standin = StandIn::start();
    let flow = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content(&whisper("Hello")));
    standin.add_queue("US Sales", None, None, Some(&flow));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_with(dir.path(), &standin);
    pull_ui(&mut harness, &standin);

    apply(&mut harness, Intent::Select(vec![ActionId::from_import("say")]));
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak").click();
    harness.run();
    harness.get_by_role_and_label(Role::MultilineTextInput, "Text to speak").type_text(" Thanks.");
    harness.run();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    harness.run();

    let editor = harness.state().editor.as_ref().unwrap();
    assert!(read(editor.path.as_ref().unwrap()).contains("\"status\": \"saved\""));
    assert!(editor.report.has(Rule::QueueRunsPublishedVersion), "{:?}", editor.report);
    assert!(!editor.report.has(Rule::QueueUsesUnpublishedFlow), "{:?}", editor.report);
    harness.get_by_label_contains("runs the published version of this flow");
    harness.get_by_label_contains("Sales whisper\nOutbound whisper flow · Published, with unpublished changes");
}

#[test]
fn a_pull_keeps_yours_in_a_conflict_until_told_to_take_amazon_connects() {
    let standin = StandIn::start();
    let id = standin.add_flow("Sales whisper", "OUTBOUND_WHISPER", "PUBLISHED", &content(&whisper("Hello")));
    let dir = tempfile::tempdir().unwrap();
    let mut harness = open_with(dir.path(), &standin);
    pull_ui(&mut harness, &standin);
    let path = flow_path(&harness, "Sales whisper");
    let ours = content(&whisper("Connecting you now."));
    write(&path, &ours);
    let theirs = whisper("Hello from Amazon Connect.");
    standin.edit_flow_remotely(&id, &content(&theirs));

    pull_flows_ui(
        &mut harness,
        &standin,
        &["Flows: 0 written, 0 unchanged, 1 in conflict.", "so yours were kept: flows/Sales-whisper.json."],
    );
    assert_eq!(read(&path), ours);
    harness.get_by_label("Pulled 1 flow; 1 conflict (yours kept)");

    click(&mut harness, Role::Button, "Amazon Connect");
    click(&mut harness, Role::Button, "Pull from instance…");
    click(&mut harness, Role::CheckBox, super::pull::FORCE);
    start(&mut harness, "Pull");
    wait_for_button(&mut harness, "Close");
    harness.get_by_label_contains("Flows: 1 written, 0 unchanged.");
    let pulled = flow_json::from_str(&read(&path)).unwrap();
    assert!(change_lines(&theirs, &pulled).is_empty(), "Amazon Connect's version taken");
}
