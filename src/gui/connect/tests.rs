//! Journeys through the Amazon Connect menu against the local stand-in of the Connect API:
//! pull into an empty folder, edit a flow, preview the publish and confirm it.

use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::super::intent::Intent;
use super::super::tests::{App, apply, click, open};
use crate::connect::StandInAccess;
use crate::flow_json;
use crate::model::ActionId;
use crate::model::FlowDocument;
use crate::test_support::connect_standin::{ACCESS_KEY_ID, SECRET_ACCESS_KEY, StandIn};
use crate::test_support::{end, flow_of, prompt, read, write};

/// An outbound whisper flow that says `text` and ends.
fn whisper(text: &str) -> FlowDocument {
    let mut say = prompt("say", "end");
    say["Parameters"]["Text"] = text.into();
    flow_of("Sales whisper", "outboundWhisper", "published", "say", vec![say, end("end")])
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

/// Pulls the stand-in's instance into `root` through the Pull dialog.
fn pull_ui(harness: &mut App, standin: &StandIn) {
    click(harness, Role::Button, "Amazon Connect");
    click(harness, Role::Button, "Pull from instance…");
    type_into(harness, "Instance id or ARN", standin.instance_id());
    start(harness, "Pull");
    wait_for_button(harness, "Close");
    harness.get_by_label_contains("Flows: 1 written, 0 unchanged.");
    click(harness, Role::Button, "Close");
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
    harness.get_by_label("Stopping after the current step…");
    wait_for_button(&mut harness, "Close");
    harness.get_by_label_contains("Pull stopped.");
    assert!(standin.requests_for("DescribeContactFlow").len() < 30, "the pull went on after Cancel");
}
