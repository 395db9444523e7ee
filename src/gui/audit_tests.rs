//! The audit view in the whole window, headless (`egui_kittest`): Flow → Audit instance… shows
//! the matrix, a click on a square opens its flow and plays the call in the Test call tab with
//! its path outlined, and the matrix follows edits to the queues and the flows.

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

use super::app::BottomTab;
use super::intent::{Intent, SystemCommand};
use super::tests::{App, apply, click, open};
use crate::model::{ActionKind, CallerId, Edit};
use crate::phone::PhoneNumber;
use crate::test_support::sample_copy;

fn open_audit(harness: &mut App) {
    click(harness, Role::Button, "Flow");
    click(harness, Role::Button, "Audit instance…");
}

fn audit(harness: &App) -> &crate::audit::Audit {
    harness.state().panels.audit.audit().unwrap()
}

#[test]
fn the_audit_view_shows_the_matrix_and_a_click_plays_the_call_with_its_path() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    open_audit(&mut harness);
    harness.get_by_label_contains("FAIL: 4 calls fail");
    let cells = audit(&harness).cells.len();
    let squares = harness.query_all_by_label_contains(" × ").count();
    assert_eq!(squares, cells, "one square per queue × scenario");
    harness.get_by_label_contains("Findings (");

    click(&mut harness, Role::Button, "Collections × collections-lambda-fails");
    let app = harness.state();
    let editor = app.editor.as_ref().unwrap();
    assert_eq!(editor.path.as_deref(), Some(root.join("flows/caller-id-from-lambda.json").as_path()));
    assert_eq!(app.panels.bottom, BottomTab::TestCall);
    let path: Vec<&str> = app.canvas.highlight.iter().map(crate::model::ActionId::as_str).collect();
    assert_eq!(
        path,
        ["73f80e52-a369-48b5-a441-4c46f147ecf9", "b459071a-fb8a-4f9e-bf72-c46dca8fbe35"],
        "the Lambda fails, then the Call phone number without a number"
    );
    harness.get_by_label_contains("Call failed: call disconnected, agent placed in After Contact Work");
    // The form holds the square's queue (its note under the drop-down says which).
    harness.get_by_label_contains("Collections: no outbound caller ID number");
    // The window folds to its title bar so the path shows; the title keeps the verdict.
    assert!(harness.query_by_label_contains(" × ").is_none());
    harness.get_by_label("Audit instance: FAIL, 4 calls fail");
}

#[test]
fn a_square_of_another_flow_opens_that_flow_and_plays_its_scenario_from_its_queue() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    open_audit(&mut harness);
    let abroad = audit(&harness)
        .scenarios
        .iter()
        .find(|s| s.flow == "static-caller-id" && s.id.contains("#dial:"))
        .map(|s| s.name.clone())
        .unwrap();
    click(&mut harness, Role::Button, &format!("US Sales × {abroad}"));
    assert_eq!(
        harness.state().editor.as_ref().unwrap().path.as_deref(),
        Some(root.join("flows/static-caller-id.json").as_path())
    );
    harness.get_by_label("+1 206-555-0100");
    assert_eq!(harness.state().canvas.highlight.len(), 4, "every block of the flow");
}

#[test]
fn the_matrix_follows_the_queues_and_unsaved_edits_of_a_flow() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    open_audit(&mut harness);
    assert_eq!(audit(&harness).summary.failed, 4);
    // Collections gets a number of its own: no call fails any more.
    let mut collections = harness.state().session.instance.as_ref().unwrap().queue("Collections").unwrap().clone();
    collections.outbound_caller_id_number = Some(PhoneNumber::parse_e164("+18005550199").unwrap());
    apply(&mut harness, SystemCommand::UpdateQueue { name: "Collections".into(), queue: Box::new(collections) }.into());
    harness.run();
    assert_eq!(audit(&harness).summary.failed, 0);
    harness.get_by_label_contains("PASS: no call fails");
    // An unsaved edit of the open flow shows at once: US Sales' flow now presents London.
    click(&mut harness, Role::Button, "US Sales × us-sales-static");
    let editor = harness.state().editor.as_ref().unwrap();
    let call = editor.doc.flow.actions.iter().find(|a| a.kind.type_name() == "CompleteOutboundCall").unwrap();
    let edit = Edit::SetKind {
        id: call.id.clone(),
        kind: ActionKind::CompleteOutboundCall { caller_id: CallerId::Number("+442071838750".into()) },
    };
    apply(&mut harness, Intent::edit(edit));
    harness.run();
    let square = audit(&harness).cell("US Sales", "static-caller-id#saved:us-sales-static").unwrap();
    assert_eq!(square.outcome.caller_id().map(PhoneNumber::as_str), Some("+442071838750"));
}

#[test]
fn a_matrix_of_a_thousand_queues_lays_out_only_the_rows_in_view_and_scrolls_to_the_last() {
    let (_dir, root) = sample_copy();
    let path = root.join("instance.json");
    let mut instance: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let template = instance["queues"][0].clone();
    let queues = instance["queues"].as_array_mut().unwrap();
    for i in 0..1_000 {
        let mut queue = template.clone();
        queue["id"] = serde_json::json!(format!("00000000-0000-4000-8000-{i:012}"));
        queue["arn"] = serde_json::json!(format!("arn:aws:connect:us-east-1:111122223333:instance/x/queue/q{i}"));
        queue["name"] = serde_json::json!(format!("Bulk queue {i:04}"));
        queues.push(queue);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&instance).unwrap()).unwrap();
    let mut harness = open(&root);
    open_audit(&mut harness);
    harness.run();
    let cells = audit(&harness).cells.len();
    let squares = harness.query_all_by_label_contains(" × ").count();
    assert!(cells > 2_000, "{cells} calls audited");
    assert!((1..400).contains(&squares), "{squares} squares laid out of {cells}");
    let row = |harness: &App, queue: &str| harness.query_all_by_label_contains(&format!("{queue} × ")).count();
    assert_eq!(row(&harness, "Bulk queue 0999"), 0, "far below the view");
    // Scrolled to the end, the last queue's squares are there and can be played.
    let first = harness.get_all_by_label_contains(" × ").next().unwrap().rect().center();
    harness.event(egui::Event::PointerMoved(egui::pos2(first.x as f32, first.y as f32)));
    // Below the matrix come the findings, one or more per queue: the wheel goes a screen at a time.
    for _ in 0..60 {
        let delta = egui::vec2(0.0, -600.0);
        let (unit, modifiers, phase) = (egui::MouseWheelUnit::Point, egui::Modifiers::NONE, egui::TouchPhase::Move);
        harness.event(egui::Event::MouseWheel { unit, delta, modifiers, phase });
        harness.run_steps(10);
        if row(&harness, "Bulk queue 0999") > 0 {
            break;
        }
    }
    assert!(row(&harness, "Bulk queue 0999") > 0, "the last queue's row is in view after scrolling");
    assert_eq!(row(&harness, "Bulk queue 0000"), 0);
}
