//! The Promote dialog, end to end in the window: choose the target workspace, see the mapping
//! table with the unresolved Lambda highlighted, type its target, preview again, apply.

use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use serde_json::json;

use super::super::tests::{App, click, open};
use crate::test_support::write;

const DEV_LAMBDA: &str = "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id";
const PROD_LAMBDA: &str = "arn:aws:lambda:eu-west-2:444455556666:function:pick-prod";

fn workspaces(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let dev = dir.join("dev");
    let prod = dir.join("prod");
    let flow = json!({
        "Version": "2019-10-30",
        "StartAction": "lambda",
        "Metadata": {"entryPointPosition": {"x": 40, "y": 40},
                     "ActionMetadata": {"lambda": {"position": {"x": 100, "y": 40}}, "end": {"position": {"x": 300, "y": 40}}},
                     "name": "Sales whisper", "type": "outboundWhisper", "status": "published"},
        "Actions": [
            {"Identifier": "lambda", "Type": "InvokeLambdaFunction",
             "Parameters": {"LambdaFunctionARN": DEV_LAMBDA, "InvocationTimeLimitSeconds": "3"},
             "Transitions": {"NextAction": "end", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "end"}]}},
            {"Identifier": "end", "Type": "EndFlowExecution", "Parameters": {}, "Transitions": {}}
        ]
    });
    write(&dev.join("flows/Sales-whisper.json"), &crate::flow_json::canonical_text(&flow));
    let dev_instance = json!({
        "queues": [{"name": "US Sales", "outboundCallerIdName": "Acme Sales", "outboundWhisperFlow": "Sales whisper"}],
        "lambdas": [{"name": "pick-caller-id", "arn": DEV_LAMBDA}]
    });
    write(&dev.join("instance.json"), &dev_instance.to_string());
    let prod_instance =
        json!({"queues": [{"name": "US Sales"}], "lambdas": [{"name": "pick-prod", "arn": PROD_LAMBDA}]});
    write(&prod.join("instance.json"), &prod_instance.to_string());
    (dev, prod)
}

fn is_enabled(harness: &App, label: &str) -> bool {
    !harness.get_by_role_and_label(Role::Button, label).accesskit_node().is_disabled()
}

#[test]
fn an_unresolved_lambda_is_typed_in_the_mapping_table_then_the_promotion_applied() {
    let dir = tempfile::tempdir().unwrap();
    let (dev, prod) = workspaces(dir.path());
    let mut harness = open(&dev);
    click(&mut harness, Role::Button, "Amazon Connect");
    click(&mut harness, Role::Button, "Promote to…");
    harness.get_by_role_and_label(Role::TextInput, "Target workspace").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Target workspace").type_text(prod.to_str().unwrap());
    harness.run();
    click(&mut harness, Role::Button, "Preview");
    harness.get_by_label_contains("the target instance has no Lambda function named \"pick-caller-id\"");
    assert!(!is_enabled(&harness, "Apply"), "refused while a reference is unresolved");

    harness.get_by_role_and_label(Role::TextInput, "pick-caller-id").click();
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "pick-caller-id").type_text("pick-prod");
    harness.run();
    click(&mut harness, Role::Button, "Preview again");
    assert!(is_enabled(&harness, "Apply"));
    click(&mut harness, Role::Button, "Apply");
    harness.get_by_label_contains("Wrote flows/Sales-whisper.json, instance.json");

    let written = std::fs::read_to_string(prod.join("flows/Sales-whisper.json")).unwrap();
    assert!(written.contains(PROD_LAMBDA) && !written.contains(DEV_LAMBDA), "{written}");
    let inventory = crate::instance::Instance::load(&prod.join("instance.json")).unwrap();
    let queue = inventory.queue("US Sales").unwrap();
    assert_eq!(queue.outbound_whisper_flow.as_deref(), Some("Sales whisper"));
    assert_eq!(queue.outbound_caller_id_name.as_deref(), Some("Acme Sales"));
}

#[test]
fn browse_fills_the_target_workspace_and_the_map_file_from_a_file_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let (dev, prod) = workspaces(dir.path());
    let mut harness = open(&dev);
    click(&mut harness, Role::Button, "Amazon Connect");
    click(&mut harness, Role::Button, "Promote to…");
    assert!(is_enabled(&harness, "Browse for the target workspace…"));
    assert!(is_enabled(&harness, "Browse for the map file…"));
    // What a system dialog answers (headless tests have none): the folder, then a file.
    let answer = |harness: &mut App, field: super::promote::Field, path: &std::path::Path| {
        let Some(super::ConnectDialog::Promote(dialog)) = harness.state_mut().connect.dialog.as_mut() else {
            panic!("the Promote dialog is open");
        };
        dialog.browse = Some((field, crate::gui::files::Browse::answered(path.to_owned())));
        harness.run();
    };
    answer(&mut harness, super::promote::Field::Target, &prod);
    let target = harness.get_by_role_and_label(Role::TextInput, "Target workspace");
    assert_eq!(target.accesskit_node().value().as_deref(), prod.to_str());
    let map = dir.path().join("map.json");
    write(&map, r#"{"lambdas": {"pick-caller-id": "pick-prod"}}"#);
    answer(&mut harness, super::promote::Field::MapFile, &map);
    let field = harness.get_by_role_and_label(Role::TextInput, "Map file (optional)");
    assert_eq!(field.accesskit_node().value().as_deref(), map.to_str());
    // The target and the map file the dialog chose are the ones previewed: the Lambda is mapped.
    click(&mut harness, Role::Button, "Preview");
    assert!(is_enabled(&harness, "Apply"), "the map file resolves the Lambda");
    click(&mut harness, Role::Button, "Apply");
    let written = std::fs::read_to_string(prod.join("flows/Sales-whisper.json")).unwrap();
    assert!(written.contains(PROD_LAMBDA), "{written}");
}
