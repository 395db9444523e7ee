//! Headless journeys for several flows open at once and for a window that holds still: modal
//! dialogs take the keyboard, the dirty flag follows the saved content, Compare follows a save,
//! the keyboard's paths are written down (Help → Keyboard shortcuts), the flow list is sorted.

use std::path::Path;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use super::commands::UiCommand;
use super::dialogs::Dialog;
use super::tests::{App, apply, click, new_flow, open, recovery_copies};
use crate::test_support::sample_copy;

fn blocks(harness: &App) -> usize {
    harness.state().editor.as_ref().unwrap().doc.flow.actions.len()
}

fn open_flow(harness: &App) -> String {
    harness.state().editor.as_ref().unwrap().flow_name()
}

fn is_dirty(harness: &App) -> bool {
    harness.state().editor.as_ref().unwrap().is_dirty()
}

/// Clicks the flow list's line of `flow`.
fn switch_to(harness: &mut App, flow: &str) {
    harness.get_by_label_contains(&format!("{flow}\nOutbound whisper flow")).click();
    harness.run();
}

fn keys(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Moves the pointer over the button `label`, then clicks it.
fn press(harness: &mut App, label: &str) {
    harness.get_by_role_and_label(Role::Button, label).hover();
    harness.run();
    click(harness, Role::Button, label);
}

fn blocks_in_file(path: &Path) -> usize {
    crate::flow_json::load(path).unwrap().flow.actions.len()
}

#[test]
fn no_shortcut_acts_while_a_modal_dialog_is_open() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Play prompt");
    let before = harness.state().editor.as_ref().unwrap().doc.clone();
    let selection = harness.state().editor.as_ref().unwrap().selection.clone();

    // Quitting with unsaved changes asks; behind the question, nothing moves.
    keys(&mut harness, Modifiers::COMMAND, Key::Q);
    assert!(matches!(harness.state().dialog, Some(Dialog::Unsaved { .. })));
    for (modifiers, key) in [
        (Modifiers::COMMAND, Key::B),
        (Modifiers::COMMAND, Key::N),
        (Modifiers::COMMAND, Key::Z),
        (Modifiers::COMMAND, Key::A),
        (Modifiers::NONE, Key::Delete),
        (Modifiers::NONE, Key::ArrowLeft),
        (Modifiers::NONE, Key::F1),
    ] {
        keys(&mut harness, modifiers, key);
        assert!(matches!(harness.state().dialog, Some(Dialog::Unsaved { .. })), "{key:?} replaced the dialog");
    }
    let editor = harness.state().editor.as_ref().unwrap();
    assert_eq!(editor.doc, before, "no edit behind the dialog");
    assert_eq!(editor.selection, selection, "the selection did not move behind the dialog");
    assert!(!harness.state().closing);

    // A dialog with a field keeps its keys too: Ctrl+B does not replace "new flow" by "Add block".
    click(&mut harness, Role::Button, "Cancel");
    keys(&mut harness, Modifiers::COMMAND, Key::N);
    assert!(matches!(harness.state().dialog, Some(Dialog::NewFlow { .. })));
    keys(&mut harness, Modifiers::COMMAND, Key::B);
    assert!(matches!(harness.state().dialog, Some(Dialog::NewFlow { .. })));
    assert_eq!(harness.state().editor.as_ref().unwrap().doc, before);
}

#[test]
fn undoing_back_to_the_saved_state_is_clean() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Play prompt");
    harness.get_by_label("Unsaved changes");
    keys(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(!is_dirty(&harness));
    assert!(harness.query_by_label("Unsaved changes").is_none(), "the status bar says it too");
    keys(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert!(is_dirty(&harness), "redoing the edit is a change again");
}

#[test]
fn two_flows_edited_without_saving_keep_their_edits_when_switched_and_save_all_writes_both() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.state_mut().autosave_every = std::time::Duration::ZERO;
    assert_eq!(open_flow(&harness), "caller-id-from-attribute");
    let attribute = blocks(&harness);
    click(&mut harness, Role::Button, "Play prompt");

    switch_to(&mut harness, "caller-id-from-lambda");
    assert!(harness.state().dialog.is_none(), "switching never asks");
    assert_eq!(open_flow(&harness), "caller-id-from-lambda");
    let lambda = blocks(&harness);
    click(&mut harness, Role::Button, "Play prompt");
    click(&mut harness, Role::Button, "Play prompt");

    for _ in 0..2 {
        switch_to(&mut harness, "caller-id-from-attribute");
        assert!(harness.state().dialog.is_none());
        assert_eq!(blocks(&harness), attribute + 1);
        assert!(is_dirty(&harness) && harness.state().editor.as_ref().unwrap().can_undo());
        switch_to(&mut harness, "caller-id-from-lambda");
        assert_eq!(blocks(&harness), lambda + 2);
    }
    // The list marks both; each has its recovery copy.
    harness.get_by_label_contains("• caller-id-from-attribute\n");
    harness.get_by_label_contains("• caller-id-from-lambda\n");
    assert!(harness.query_by_label_contains("• static-caller-id\n").is_none());
    assert_eq!(recovery_copies(&harness).len(), 2);

    // Quitting asks once, naming both; Save all writes both, then the window closes.
    keys(&mut harness, Modifiers::COMMAND, Key::Q);
    harness.get_by_label("2 flows have changes that are not saved:");
    harness.get_by_label("• caller-id-from-attribute");
    harness.get_by_label("• caller-id-from-lambda");
    click(&mut harness, Role::Button, "Save all");
    assert_eq!(blocks_in_file(&root.join("flows/caller-id-from-attribute.json")), attribute + 1);
    assert_eq!(blocks_in_file(&root.join("flows/caller-id-from-lambda.json")), lambda + 2);
    assert!(harness.state().closing, "all saved: the window closes");
    assert!(recovery_copies(&harness).is_empty(), "saved flows need no recovery copy");
}

#[test]
fn file_save_all_saves_a_new_flow_left_for_another() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    new_flow(&mut harness, "Sales whisper");
    click(&mut harness, Role::Button, "Play prompt");
    switch_to(&mut harness, "static-caller-id");
    assert!(harness.state().dialog.is_none());
    // The new flow is still in the list, unsaved, and comes back as it was.
    switch_to(&mut harness, "Sales whisper");
    assert_eq!((open_flow(&harness).as_str(), blocks(&harness)), ("Sales whisper", 1));
    switch_to(&mut harness, "static-caller-id");
    apply(&mut harness, UiCommand::SaveAll.into());
    assert_eq!(blocks_in_file(&root.join("flows/Sales-whisper.json")), 1);
    assert!(!harness.state().has_unsaved());
}

#[test]
fn compare_with_the_saved_file_shows_no_change_after_a_save() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Play prompt");
    apply(&mut harness, UiCommand::CompareWithSaved.into());
    harness.get_by_label_contains("1 change ·");
    keys(&mut harness, Modifiers::COMMAND, Key::S);
    harness.get_by_label("No change in meaning.");

    // A new flow's first save writes a Version it did not have: that is no change either.
    new_flow(&mut harness, "Sales whisper");
    click(&mut harness, Role::Button, "Play prompt");
    keys(&mut harness, Modifiers::COMMAND, Key::S);
    apply(&mut harness, UiCommand::CompareWithSaved.into());
    harness.get_by_label("No change in meaning.");
    harness.get_by_label_contains("0 changes ·");
}

#[test]
fn the_keyboard_shortcuts_window_lists_enter_to_properties_and_the_arrow_keys() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    keys(&mut harness, Modifiers::NONE, Key::F1);
    assert!(matches!(harness.state().dialog, Some(Dialog::KeyboardShortcuts)));
    for label in ["Go to properties", "Next block", "Previous block", "Branch above", "Branch below", "Save all"] {
        harness.get_by_label(label);
    }
    for keys in ["Enter (canvas)", "Right arrow (canvas)", "Left arrow (canvas)", "Up arrow (canvas)"] {
        harness.get_by_label(keys);
    }
    // The window appears under a pointer that was elsewhere: it comes over the button first.
    press(&mut harness, "Close");
    assert!(harness.state().dialog.is_none());
    // The Edit menu shows them, with their keys.
    press(&mut harness, "Edit");
    harness.get_by_role_and_label(Role::Button, "Go to properties Enter (canvas)");
    harness.get_by_role_and_label(Role::Button, "Next block Right arrow (canvas)");
}

#[test]
fn the_flow_list_is_sorted_ignoring_case() {
    let (_dir, root) = sample_copy();
    let text = crate::test_support::read(&root.join("flows/static-caller-id.json"));
    crate::test_support::write(&root.join("flows/UK-support.json"), &text.replace("static-caller-id", "UK support"));
    let harness = open(&root);
    let names: Vec<&str> = harness.state().session.flows.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["caller-id-from-attribute", "caller-id-from-lambda", "static-caller-id", "UK support", "with-mistakes"]
    );
}

#[test]
fn save_all_saves_every_flow_it_can_and_then_asks_about_the_one_changed_on_disk() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let attribute = blocks(&harness);
    click(&mut harness, Role::Button, "Play prompt");
    switch_to(&mut harness, "caller-id-from-lambda");
    let lambda = blocks(&harness);
    click(&mut harness, Role::Button, "Play prompt");
    switch_to(&mut harness, "static-caller-id");
    // Another program (a `git pull`) changes the first flow's file meanwhile.
    let changed = root.join("flows/caller-id-from-attribute.json");
    let theirs = std::fs::read_to_string(&changed).unwrap().replace("Connecting you", "Now connecting you");
    std::fs::write(&changed, &theirs).unwrap();
    apply(&mut harness, UiCommand::SaveAll.into());
    assert_eq!(blocks_in_file(&root.join("flows/caller-id-from-lambda.json")), lambda + 1, "saved");
    assert_eq!(std::fs::read_to_string(&changed).unwrap(), theirs, "not written over");
    assert_eq!(open_flow(&harness), "caller-id-from-attribute", "the flow that asks is shown");
    assert!(matches!(harness.state().dialog, Some(Dialog::ChangedOnDisk { .. })));
    assert_eq!(blocks(&harness), attribute + 1, "with its edit");
}
