//! Journeys on the canvas itself, with the pointer where an admin would put it: a click on a
//! card's blank area, a drag by its header, a wire dropped on a card's body, the palette's
//! placement, Arrange, Find, and a flow built with the keyboard alone. Cards and pins are found
//! by their AccessKit labels, and their rectangles are screen coordinates.

use egui::accesskit::Role;
use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::kittest::{NodeT, Queryable};

use super::canvas::layout::Cards;
use super::canvas::{self, Node};
use super::commands::UiCommand;
use super::tests::{App, apply, click, ids, open};
use crate::model::{ActionId, FlowDocument};
use crate::test_support::sample_copy;

/// The screen rectangle of the card whose accessible label starts with `title`.
fn card(harness: &App, title: &str) -> egui::Rect {
    harness
        .get_all_by_role(Role::Button)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(&format!("{title},")) || l.starts_with(&format!("{title};")))
        })
        .unwrap_or_else(|| panic!("no card {title}"))
        .rect()
}

/// The screen rectangle of a branch pin, by its label's start (`"Success of Call phone number"`).
fn pin(harness: &App, start: &str) -> egui::Rect {
    harness
        .get_all_by_role(Role::Button)
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.starts_with(start)))
        .unwrap_or_else(|| panic!("no pin {start}"))
        .rect()
}

fn press(harness: &mut App, at: Pos2) {
    harness.hover_at(at);
    harness.step();
    harness.drag_at(at);
    harness.step();
}

/// Drags from `from` to `to` in a few moves, as a hand would, then releases.
fn drag(harness: &mut App, from: Pos2, to: Pos2) {
    press(harness, from);
    for step in 1..=4 {
        harness.hover_at(from + (to - from) * (step as f32 / 4.0));
        harness.step();
    }
    harness.drop_at(to);
    harness.run();
}

fn doc(harness: &App) -> &FlowDocument {
    &harness.state().editor.as_ref().unwrap().doc
}

fn cards(doc: &FlowDocument) -> Cards {
    Cards::of(doc, |a| canvas::card_size(a, None))
}

fn id_of(doc: &FlowDocument, block_name: &str) -> ActionId {
    doc.flow.actions.iter().find(|a| a.display_name() == block_name).unwrap().id.clone()
}

#[test]
fn a_click_on_a_cards_blank_area_selects_it() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let rect = card(&harness, "End flow / Resume");
    let blank = Pos2::new(rect.center().x, rect.bottom() - 4.0);
    press(&mut harness, blank);
    harness.drop_at(blank);
    harness.step();
    harness.run();
    let end = id_of(doc(&harness), "End flow / Resume");
    assert_eq!(harness.state().editor.as_ref().unwrap().selection, [end]);
}

#[test]
fn dragging_a_card_by_its_header_moves_it_in_one_undo_step() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let before = doc(&harness).clone();
    let rect = card(&harness, "Play prompt");
    let header = rect.left_top() + Vec2::new(60.0, 12.0);
    drag(&mut harness, header, header + Vec2::new(120.0, 60.0));
    let prompt = id_of(doc(&harness), "Play prompt");
    let moved = doc(&harness).flow.action(&prompt).unwrap().position().unwrap();
    let was = before.flow.action(&prompt).unwrap().position().unwrap();
    let scale = f64::from(harness.state().canvas.scale());
    assert!(
        ((moved.x - was.x) * scale - 120.0).abs() < 2.0 && ((moved.y - was.y) * scale - 60.0).abs() < 2.0,
        "{was:?} → {moved:?}"
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(*doc(&harness), before, "one undo step puts it back");
}

#[test]
fn a_wire_dropped_on_a_cards_body_connects_to_its_entry() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let prompt = id_of(doc(&harness), "Play prompt");
    let set = id_of(doc(&harness), "Set contact attributes");
    let from = pin(&harness, "Error of Play prompt").center();
    let body = card(&harness, "Set contact attributes");
    drag(&mut harness, from, Pos2::new(body.center().x, body.bottom() - 6.0));
    let action = doc(&harness).flow.action(&prompt).unwrap();
    let error = action.transitions.errors.first().unwrap();
    assert_eq!(error.next, set, "the Error branch now leads to Set contact attributes");
}

#[test]
fn three_palette_clicks_and_a_save_place_three_blocks_that_overlap_nothing() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    for _ in 0..3 {
        click(&mut harness, Role::Button, "Play prompt");
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    let path = harness.state().editor.as_ref().unwrap().path.clone().unwrap();
    let saved = crate::flow_json::load(&path).unwrap();
    assert_eq!(saved.flow.actions.len(), 7);
    assert_eq!(cards(&saved).overlaps(), Vec::<(usize, usize)>::new());
}

#[test]
fn arrange_leaves_no_overlap_in_one_undo_step() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    // Pile every block on the Entry point, as a hand-made import might.
    let pile: Vec<_> = ids(&harness)
        .into_iter()
        .map(|id| crate::model::Edit::Move { id, to: crate::model::Position { x: 40.0, y: 40.0 } })
        .collect();
    apply(&mut harness, super::intent::Intent::edit(crate::model::Edit::Batch(pile)));
    assert!(!cards(doc(&harness)).overlaps().is_empty());
    let piled = doc(&harness).clone();
    apply(&mut harness, UiCommand::Arrange.into());
    assert_eq!(cards(doc(&harness)).overlaps(), Vec::<(usize, usize)>::new());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(*doc(&harness), piled);
}

#[test]
fn find_selects_each_match_in_turn() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Find block").type_text("outboundCallerId");
    harness.run();
    let mut seen = Vec::new();
    for _ in 0..2 {
        harness.key_press(Key::Enter);
        harness.run();
        seen.push(harness.state().editor.as_ref().unwrap().selection.clone());
    }
    let doc = doc(&harness);
    let expected = [vec![id_of(doc, "Set contact attributes")], vec![id_of(doc, "Call phone number")]];
    assert_eq!(seen, expected);
}

#[test]
fn every_card_and_pin_says_what_it_is_and_where_it_leads() {
    let (_dir, root) = sample_copy();
    let harness = open(&root);
    harness.get_by_label("Entry point");
    harness.get_by_label_contains(
        "Call phone number, Caller ID from $.Attributes.outboundCallerId; Success goes to Play prompt",
    );
    harness.get_by_label_contains("Start of Entry point: Start goes to Set contact attributes");
}

#[test]
fn arrow_keys_walk_the_wires() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let names = |h: &App| -> Vec<String> {
        let editor = h.state().editor.as_ref().unwrap();
        editor.selection.iter().map(|id| editor.doc.flow.action(id).unwrap().display_name().to_owned()).collect()
    };
    for (key, expected) in [
        (Key::ArrowRight, "Set contact attributes"),
        (Key::ArrowRight, "Call phone number"),
        (Key::ArrowRight, "Play prompt"),
        (Key::ArrowLeft, "Call phone number"),
    ] {
        harness.key_press(key);
        harness.run();
        assert_eq!(names(&harness), [expected]);
    }
}

#[test]
fn a_flow_is_built_with_the_keyboard_alone() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_role_and_label(Role::TextInput, "Flow name").type_text("Keyboard whisper");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    for block in ["call phone", "play", "end flow"] {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::B);
        harness.run();
        harness.get_by_role_and_label(Role::TextInput, "Block to add").type_text(block);
        harness.run();
        harness.key_press(Key::Enter);
        harness.run();
    }
    // The prompt's Error branch joins the success path: select it and connect.
    harness.key_press(Key::ArrowLeft);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let doc = doc(&harness);
    assert_eq!(doc.flow.name.as_deref(), Some("Keyboard whisper"));
    let (call, prompt, end) =
        (id_of(doc, "Call phone number"), id_of(doc, "Play prompt"), id_of(doc, "End flow / Resume"));
    assert_eq!(doc.flow.start.as_ref(), Some(&call));
    assert_eq!(doc.flow.action(&call).unwrap().transitions.next.as_ref(), Some(&prompt));
    let prompt = doc.flow.action(&prompt).unwrap();
    assert_eq!(prompt.transitions.next.as_ref(), Some(&end));
    assert_eq!(prompt.transitions.errors.first().map(|e| &e.next), Some(&end));
    assert_eq!(cards(doc).overlaps(), Vec::<(usize, usize)>::new());
    let _ = Node::EntryPoint;
}

#[test]
fn compare_with_the_saved_version_lists_the_changes_and_marks_the_block() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let call = id_of(doc(&harness), "Call phone number");
    let number = crate::model::CallerId::Number("+12065550100".into());
    let edit = crate::model::Edit::SetKind {
        id: call,
        kind: crate::model::ActionKind::CompleteOutboundCall { caller_id: number },
    };
    apply(&mut harness, super::intent::Intent::edit(edit));
    click(&mut harness, Role::Button, "File");
    click(&mut harness, Role::Button, "Compare with saved version");
    harness.get_by_role_and_label(Role::Button, "Changes");
    harness.get_by_label_contains("Compared with the saved file");
    let row = harness.get_by_label_contains("+12065550100");
    row.click();
    harness.run();
    assert_eq!(harness.state().editor.as_ref().unwrap().selection, [id_of(doc(&harness), "Call phone number")]);
    harness.get_by_label_contains("Call phone number, Caller ID: (206) 555-0100");
    assert!(
        harness.query_all_by_label_contains("; compared: changed").count() == 1,
        "exactly the edited block is marked"
    );
    click(&mut harness, Role::Button, "Clear comparison");
    assert!(harness.state().comparison.is_none());
    assert!(harness.query_all_by_label_contains("; compared:").next().is_none());
}

/// A copy of the samples whose first flow does not record its type.
fn sample_without_type() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (dir, root) = sample_copy();
    let path = root.join("flows/caller-id-from-attribute.json");
    let mut value: serde_json::Value = serde_json::from_str(&crate::test_support::read(&path)).unwrap();
    value["Metadata"].as_object_mut().unwrap().remove("type");
    crate::test_support::write(&path, &serde_json::to_string_pretty(&value).unwrap());
    (dir, root, path)
}

#[test]
fn a_flow_without_a_type_is_asked_for_one_and_the_answer_is_saved() {
    let (_dir, root, path) = sample_without_type();
    let mut harness = open(&root);
    harness.get_by_label_contains("Queue 'UK Support' uses it as its outbound whisper flow.");
    click(&mut harness, Role::Button, "Set type");
    assert_eq!(doc(&harness).flow.flow_type, Some(crate::model::FlowType::OutboundWhisper));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(crate::test_support::read(&path).contains("\"type\": \"outboundWhisper\""));
}

#[test]
fn the_type_is_asked_only_once_a_session() {
    let (_dir, root, _path) = sample_without_type();
    let mut harness = open(&root);
    click(&mut harness, Role::Button, "Not now");
    assert_eq!(doc(&harness).flow.flow_type, None);
    apply(&mut harness, super::intent::SystemCommand::Open(root.clone()).into());
    assert_eq!(doc(&harness).flow.name.as_deref(), Some("caller-id-from-attribute"), "the same flow, opened afresh");
    assert!(harness.query_by_label("Set type").is_none(), "not asked again");
}

/// The card rectangles, in graph units, of the blocks not in `before`.
fn new_cards(harness: &App, before: &[ActionId]) -> Vec<egui::Rect> {
    let doc = doc(harness);
    let all = cards(doc);
    doc.flow.actions.iter().zip(&all.blocks).filter(|(a, _)| !before.contains(&a.id)).map(|(_, r)| *r).collect()
}

#[test]
fn copies_are_pasted_whole_into_free_space_in_view() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let originals = ids(&harness);
    apply(&mut harness, super::intent::Intent::Select(originals.iter().take(3).cloned().collect()));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::C);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::V);
    harness.run();
    let copies = new_cards(&harness, &originals);
    assert_eq!(copies.len(), 3);
    assert_eq!(cards(doc(&harness)).overlaps(), Vec::<(usize, usize)>::new(), "no copy on another card");
    let view = harness.state().canvas.view();
    assert!(copies.iter().all(|r| view.contains_rect(*r)), "the copies are in view: {copies:?} in {view:?}");
}

#[test]
fn arrange_wraps_a_long_flow_and_shows_it_whole() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    // Each palette click adds a block after the selected one and selects it: a long chain.
    let first = ids(&harness)[0].clone();
    apply(&mut harness, super::intent::Intent::Select(vec![first]));
    for _ in 0..24 {
        click(&mut harness, Role::Button, "Set contact attributes");
    }
    apply(&mut harness, UiCommand::Arrange.into());
    let arranged = cards(doc(&harness));
    assert_eq!(arranged.overlaps(), Vec::<(usize, usize)>::new());
    let bounds = arranged.bounds();
    assert!(bounds.width() < 12.0 * canvas::layout::COLUMN_STEP, "wrapped into bands: {bounds:?}");
    assert!(harness.state().canvas.view().contains_rect(bounds), "fitted in view after Arrange");
}

/// The screen rectangle of the mini-map, when shown.
fn minimap(harness: &App) -> Option<egui::Rect> {
    harness.query_by_role_and_label(Role::Button, "Mini-map").map(|n| n.rect())
}

#[test]
fn a_block_added_in_view_never_lands_under_the_mini_map_and_the_map_folds() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    for _ in 0..8 {
        apply(&mut harness, UiCommand::ZoomIn.into());
    }
    let map = minimap(&harness).expect("zoomed in, the flow overflows the view and the map shows");
    apply(&mut harness, super::intent::Intent::Select(Vec::new()));
    let before = ids(&harness);
    for _ in 0..6 {
        click(&mut harness, Role::Button, "Play prompt");
        apply(&mut harness, super::intent::Intent::Select(Vec::new()));
    }
    let map_in_graph = harness.state().canvas.graph_rect(map);
    for card in new_cards(&harness, &before) {
        assert!(!card.intersects(map_in_graph), "{card:?} is under the mini-map {map_in_graph:?}");
    }
    click(&mut harness, Role::Button, "Fold the mini-map");
    assert!(minimap(&harness).is_none());
    click(&mut harness, Role::Button, "Show the mini-map");
    assert!(minimap(&harness).is_some());
}

#[test]
fn a_card_held_under_the_pointer_tells_its_keyboard_paths() {
    let (_dir, root) = sample_copy();
    let mut harness = open(&root);
    let rect = card(&harness, "End flow / Resume");
    harness.hover_at(rect.center());
    for _ in 0..40 {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let tip = harness
        .query_all_by_role(Role::Label)
        .filter_map(|n| n.accesskit_node().value().or(n.accesskit_node().label()))
        .find(|text| text.contains("edit its properties"))
        .expect("a tooltip naming the keys");
    assert!(tip.contains("Enter") && tip.contains("Right arrow"), "{tip}");
}

#[test]
fn the_flow_type_question_keeps_the_keyboard_from_the_canvas_behind_it() {
    let (_dir, root, _path) = sample_without_type();
    let mut harness = open(&root);
    harness.get_by_role_and_label(Role::Button, "Set type");
    // A block selected behind the question: the canvas's keys must not reach it.
    let first = ids(&harness)[0].clone();
    harness.state_mut().editor.as_mut().unwrap().selection = vec![first.clone()];
    let before = doc(&harness).clone();
    for key in [Key::Delete, Key::ArrowRight, Key::ArrowDown] {
        harness.key_press(key);
        harness.run();
    }
    assert_eq!(*doc(&harness), before, "nothing deleted behind the dialog");
    assert_eq!(harness.state().editor.as_ref().unwrap().selection, [first], "the selection did not walk");
    harness.get_by_role_and_label(Role::Button, "Set type");
}
