//! Nothing an admin writes is lost: the designer against real file changes on disk (as a
//! `git pull` makes them), a second window on the same workspace, crashes with new flows, files
//! it may not write, and a folder renamed away.

use std::path::Path;
use std::time::Duration;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use super::tests::{App, click, crash_with_an_unsaved_block, new_flow, open, recovery_copies};
use crate::test_support::sample_copy;

const FLOW: &str = "flows/caller-id-from-attribute.json";

/// A window that looks at its file at every frame.
fn watching(root: &Path) -> App {
    let mut harness = open(root);
    harness.state_mut().disk_check_every = Duration::ZERO;
    harness
}

fn editor(harness: &App) -> &super::editor::Editor {
    harness.state().editor.as_ref().unwrap()
}

/// What `git pull` does to the flow: another description (and so another size).
fn change_on_disk(root: &Path, description: &str) {
    let path = root.join(FLOW);
    let mut theirs = crate::flow_json::load(&path).unwrap();
    theirs.flow.description = Some(description.into());
    std::fs::write(&path, crate::flow_json::to_canonical_string(&theirs)).unwrap();
}

fn description_on_disk(root: &Path) -> Option<String> {
    crate::flow_json::load(&root.join(FLOW)).unwrap().flow.description
}

fn save(harness: &mut App) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
}

#[test]
fn an_outside_change_to_a_flow_without_local_edits_is_read_again_with_a_note() {
    let (_dir, root) = sample_copy();
    let mut harness = watching(&root);
    change_on_disk(&root, "pulled from git, a longer description");
    harness.run();
    assert_eq!(editor(&harness).doc.flow.description.as_deref(), Some("pulled from git, a longer description"));
    assert!(!editor(&harness).is_dirty());
    let message = harness.state().message.clone().unwrap_or_default();
    assert!(message.contains("Reloaded") && message.contains("changed outside whisperwire"), "{message}");
}

#[test]
fn an_outside_change_under_local_edits_is_told_and_take_theirs_reads_the_file() {
    let (_dir, root) = sample_copy();
    let mut harness = watching(&root);
    click(&mut harness, Role::Button, "Play prompt");
    change_on_disk(&root, "pulled from git");
    harness.run();
    harness.get_by_label_contains("was changed outside whisperwire");
    assert_eq!(editor(&harness).doc.flow.actions.len(), 5, "nothing is replaced without asking");
    click(&mut harness, Role::Button, "Take theirs");
    assert_eq!(editor(&harness).doc.flow.description.as_deref(), Some("pulled from git"));
    assert_eq!(editor(&harness).doc.flow.actions.len(), 4);
    assert!(!editor(&harness).is_dirty());
    harness.run();
    assert!(harness.query_by_role_and_label(Role::Button, "Take theirs").is_none(), "told once");
}

#[test]
fn keep_mine_after_an_outside_change_then_save_writes_mine_without_asking_again() {
    let (_dir, root) = sample_copy();
    let mut harness = watching(&root);
    click(&mut harness, Role::Button, "Play prompt");
    change_on_disk(&root, "pulled from git");
    harness.run();
    click(&mut harness, Role::Button, "Keep mine");
    save(&mut harness);
    assert!(harness.query_by_role_and_label(Role::Button, "Overwrite").is_none(), "no second question");
    assert_eq!(crate::flow_json::load(&root.join(FLOW)).unwrap().flow.actions.len(), 5);
}

#[test]
fn a_save_over_a_file_changed_outside_asks_first() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.state_mut().disk_check_every = Duration::from_hours(1);
    click(&mut harness, Role::Button, "Play prompt");
    change_on_disk(&root, "pulled from git");
    save(&mut harness);
    harness.get_by_label_contains("Saving would write over that change");
    assert_eq!(description_on_disk(&root).as_deref(), Some("pulled from git"), "not written yet");
    assert!(editor(&harness).is_dirty());
    click(&mut harness, Role::Button, "Overwrite");
    assert_eq!(crate::flow_json::load(&root.join(FLOW)).unwrap().flow.actions.len(), 5);
    assert!(!editor(&harness).is_dirty());
}

#[test]
fn a_deleted_file_is_told_and_not_recreated_without_asking() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.state_mut().disk_check_every = Duration::from_hours(1);
    std::fs::remove_file(root.join(FLOW)).unwrap();
    save(&mut harness);
    harness.get_by_label_contains("was deleted outside whisperwire");
    assert!(!root.join(FLOW).exists());
    click(&mut harness, Role::Button, "Save anyway");
    assert!(root.join(FLOW).exists());
}

#[test]
fn the_watcher_tells_of_a_deleted_file() {
    let (_dir, root) = sample_copy();
    let mut harness = watching(&root);
    std::fs::remove_file(root.join(FLOW)).unwrap();
    harness.run();
    harness.get_by_label_contains("was deleted outside whisperwire");
    click(&mut harness, Role::Button, "Keep mine");
    assert!(!root.join(FLOW).exists(), "keeping it in the window does not write it");
}

#[test]
fn a_flows_folder_renamed_away_is_not_recreated() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.state_mut().disk_check_every = Duration::from_hours(1);
    click(&mut harness, Role::Button, "Play prompt");
    std::fs::rename(root.join("flows"), root.join("flows-renamed")).unwrap();
    save(&mut harness);
    assert!(!root.join("flows").exists(), "the folder is not recreated with only this flow");
    assert!(harness.get_all_by_label_contains("is gone (renamed or removed outside whisperwire)").next().is_some());
    assert!(editor(&harness).is_dirty(), "the changes are kept in the window");
}

#[test]
fn a_second_window_on_the_workspace_is_read_only_and_keeps_its_own_recovery_copies() {
    let (_dir, root) = sample_copy();
    let mut first = open(&root);
    let mut second = open(&root);
    second.get_by_label_contains("Read-only: the designer (process");
    second.get_by_label_contains("is writing this workspace. You can look and try things here, but not save.");
    for harness in [&mut first, &mut second] {
        harness.state_mut().autosave_every = Duration::ZERO;
        click(harness, Role::Button, "Play prompt");
    }
    let (mine, theirs) = (recovery_copies(&first), recovery_copies(&second));
    assert_eq!((mine.len(), theirs.len()), (1, 1));
    assert_ne!(mine[0].parent(), theirs[0].parent(), "one recovery folder per window");
    // The second window's save is refused, so it cannot write over the first's work.
    save(&mut second);
    second.get_by_label_contains("This window is read-only");
    assert_eq!(crate::flow_json::load(&root.join(FLOW)).unwrap().flow.actions.len(), 4);
    save(&mut first);
    assert_eq!(crate::flow_json::load(&root.join(FLOW)).unwrap().flow.actions.len(), 5);
}

#[test]
fn a_new_flow_is_recovered_after_a_crash_and_a_new_flow_of_its_name_does_not_take_its_copy() {
    let (_dir, root) = sample_copy();
    {
        let mut crashed = open(&root);
        crashed.state_mut().autosave_every = Duration::ZERO;
        new_flow(&mut crashed, "Night whisper");
        click(&mut crashed, Role::Button, "Call phone number");
        click(&mut crashed, Role::Button, "Play prompt");
        assert_eq!(recovery_copies(&crashed).len(), 1);
    }
    let mut harness = open(&root);
    harness.get_by_label_contains("new flow, never saved · 2 blocks");
    click(&mut harness, Role::Button, "Later");
    // Another flow of the same name, its own copy: the crashed one's stays.
    harness.state_mut().autosave_every = Duration::ZERO;
    new_flow(&mut harness, "Night whisper");
    click(&mut harness, Role::Button, "Play prompt");
    let home = root.join(crate::workspace::recovery::WORKSPACE_RECOVERY_DIR);
    let left = crate::workspace::recovery::left_behind(&home);
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].note.blocks, 2);
    // Recovered later, from the list: a new flow with its blocks, still to be saved.
    harness.state_mut().dialog = None;
    super::tests::apply(&mut harness, super::intent::SystemCommand::DiscardChanges.into());
    harness.state_mut().offer_recovery();
    harness.run();
    click(&mut harness, Role::Button, "Recover “Night whisper”");
    let editor = editor(&harness);
    assert_eq!(editor.flow_name(), "Night whisper");
    assert_eq!(editor.doc.flow.actions.len(), 2);
    assert!(!editor.is_on_disk() && editor.is_dirty());
}

#[test]
fn a_recovered_copy_does_not_silently_revert_a_file_changed_after_the_crash() {
    let (_dir, root) = sample_copy();
    crash_with_an_unsaved_block(&root);
    change_on_disk(&root, "pulled from git after the crash");
    let mut harness = open(&root);
    harness.state_mut().disk_check_every = Duration::from_hours(1);
    click(&mut harness, Role::Button, "Recover “caller-id-from-attribute”");
    save(&mut harness);
    harness.get_by_label_contains("Saving would write over that change");
    assert_eq!(description_on_disk(&root).as_deref(), Some("pulled from git after the crash"));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_not_replaced_and_the_whole_reason_is_shown() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.state_mut().disk_check_every = Duration::from_hours(1);
    std::fs::set_permissions(root.join(FLOW), std::fs::Permissions::from_mode(0o444)).unwrap();
    click(&mut harness, Role::Button, "Play prompt");
    save(&mut harness);
    let reason = "the file is read-only (it has no write permission); make it writable, or save a copy";
    assert!(harness.get_all_by_label_contains(reason).next().is_some(), "the dialog shows it whole");
    assert_eq!(crate::flow_json::load(&root.join(FLOW)).unwrap().flow.actions.len(), 4);
    assert!(editor(&harness).is_dirty());
}

#[test]
fn the_first_save_writes_the_workspaces_gitignore() {
    let (_dir, root) = sample_copy();
    assert!(!root.join(".gitignore").exists());
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Play prompt");
    save(&mut harness);
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    for line in crate::workspace::gitignore::LINES {
        assert!(ignore.lines().any(|l| l == line), "{line} in {ignore}");
    }
}

#[test]
fn a_crlf_four_space_file_saved_from_the_window_differs_in_the_edited_line_only() {
    let (_dir, root) = sample_copy();
    let path = root.join(FLOW);
    // Saved, not published: a save of an edit changes no status line.
    let windows = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"status\": \"published\"", "\"status\": \"saved\"")
        .replace("  ", "    ")
        .replace('\n', "\r\n");
    std::fs::write(&path, &windows).unwrap();
    let mut harness = open(&root);
    let edit = crate::model::Edit::SetDescription(Some("Edited in the window".into()));
    super::tests::apply(&mut harness, super::intent::Intent::edit(edit));
    save(&mut harness);
    let saved = std::fs::read_to_string(&path).unwrap();
    let changed = windows.split("\r\n").zip(saved.split("\r\n")).filter(|(a, b)| a != b).count();
    assert_eq!(changed, 1, "{saved}");
    assert_eq!(windows.split("\r\n").count(), saved.split("\r\n").count());
}
