//! Headless checks that the window holds still: panels keep the size the user gave them (and
//! get it back on the next start), their grips drag, typing moves nothing, and every label the
//! main views show can be drawn by the window's fonts.

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use super::DesignerApp;
use super::intent::Intent;
use super::session::Session;
use super::settings::Settings;
use super::tests::{App, apply, click};
use crate::model::ActionId;
use crate::test_support::sample_copy;

fn open_with(root: &std::path::Path, settings: Settings, size: egui::Vec2) -> App {
    let (session, editor) = Session::open(root).unwrap();
    let app = DesignerApp::new(session, editor, settings);
    let mut harness = Harness::builder().with_size(size).build_ui_state(|ui, app: &mut DesignerApp| app.frame(ui), app);
    harness.run();
    harness
}

fn open_at(root: &std::path::Path, size: egui::Vec2) -> App {
    open_with(root, Settings::default(), size)
}

fn default_size() -> egui::Vec2 {
    egui::vec2(1280.0, 800.0)
}

/// The rectangle a panel took in the last frame.
fn panel_rect(harness: &App, id: &str) -> egui::Rect {
    egui::containers::panel::PanelState::load(&harness.ctx, egui::Id::new(id)).unwrap().outer_rect
}

/// Drags from `from` to `to` in a few pointer moves, one frame each.
fn drag(harness: &mut App, from: egui::Pos2, to: egui::Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from.lerp(to, step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

#[test]
fn the_bottom_panel_keeps_its_height_with_the_test_call_tab_open_and_the_pointer_moving() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at(&root, default_size());
    click(&mut harness, Role::Button, "Test call");
    let before = panel_rect(&harness, "bottom");
    for frame in 0..100 {
        let x = 20.0 + (frame * 12 % 1240) as f32;
        let y = before.top() + 10.0 + (frame * 7 % 200) as f32;
        harness.hover_at(egui::pos2(x, y.min(before.bottom() - 4.0)));
        harness.step();
    }
    assert_eq!(panel_rect(&harness, "bottom"), before);
    click(&mut harness, Role::Button, "Call");
    harness.run();
    assert_eq!(panel_rect(&harness, "bottom"), before, "the outcome appearing moves nothing");
    click(&mut harness, Role::Button, "Problems");
    assert_eq!(panel_rect(&harness, "bottom"), before);
}

#[test]
fn the_grip_drags_the_bottom_panel_and_the_size_survives_a_restart() {
    let (_dir, root) = sample_copy();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("whisperwire/settings.json");
    let mut harness = open_with(&root, Settings::load_from(file.clone()), default_size());
    let before = panel_rect(&harness, "bottom");
    let grip = harness.get_by_label("Drag to resize the panel").rect().center();
    drag(&mut harness, grip, grip - egui::vec2(0.0, 100.0));
    let after = panel_rect(&harness, "bottom");
    assert!((after.height() - before.height() - 100.0).abs() <= 2.0, "{before:?} → {after:?}");
    assert!((harness.state().settings.panels.bottom_height - after.height()).abs() < 0.5);
    drop(harness);

    let again = open_with(&root, Settings::load_from(file), default_size());
    assert!((panel_rect(&again, "bottom").height() - after.height()).abs() < 0.5);
}

#[test]
fn the_side_panel_edges_drag_and_the_side_panels_can_be_hidden_and_shown() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at(&root, default_size());
    let side = panel_rect(&harness, "side");
    let edge = egui::pos2(side.right() - 1.0, side.center().y + 60.0);
    drag(&mut harness, edge, edge + egui::vec2(50.0, 0.0));
    assert!((panel_rect(&harness, "side").width() - side.width() - 50.0).abs() <= 2.0);

    let canvas_before = panel_rect(&harness, "properties").left() - panel_rect(&harness, "side").right();
    click(&mut harness, Role::Button, "Hide the properties");
    click(&mut harness, Role::Button, "Hide the flow list and blocks");
    assert!(!harness.state().settings.panels.properties_shown && !harness.state().settings.panels.flows_shown);
    assert!(harness.query_by_role_and_label(Role::Button, "Call phone number").is_none(), "the palette is hidden");
    let canvas = panel_rect(&harness, "properties hidden").left() - panel_rect(&harness, "side hidden").right();
    assert!(canvas > canvas_before + 400.0, "{canvas_before} → {canvas}");
    click(&mut harness, Role::Button, "Show the properties");
    click(&mut harness, Role::Button, "Show the flow list and blocks");
    harness.get_by_role_and_label(Role::Button, "Call phone number");
}

#[test]
fn typing_in_the_properties_does_not_move_the_value_field() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at(&root, default_size());
    let set = ActionId::from_import("6caf76a5-7035-48ae-8280-ad3729a6f2e7");
    apply(&mut harness, Intent::Select(vec![set.clone()]));
    let value = |harness: &App| harness.get_all_by_role_and_label(Role::TextInput, "Value").next().unwrap().rect();
    let before = value(&harness);
    let findings = |harness: &App| harness.state().editor.as_ref().unwrap().report.for_action(&set).count();
    let findings_before = findings(&harness);
    harness.get_all_by_role_and_label(Role::TextInput, "Value").next().unwrap().click();
    harness.run();
    harness.get_all_by_role_and_label(Role::TextInput, "Value").next().unwrap().type_text("x");
    harness.run();
    assert_ne!(findings(&harness), findings_before, "the typing changed the findings");
    assert_eq!(value(&harness), before);
    harness.get_by_role_and_label(Role::TextInput, "Block name").type_text(" bad:name");
    harness.run();
    assert_eq!(value(&harness), before, "a name error moves nothing either");
}

/// Every label, value and description the window exposes, and every text it painted in the
/// last frame (icons included), with what none of the fonts draws.
fn missing_glyphs(harness: &App) -> Vec<(String, Vec<char>)> {
    let mut texts = Vec::new();
    collect_texts(&harness.root(), &mut texts);
    for clipped in &harness.output().shapes {
        painted_texts(&clipped.shape, &mut texts);
    }
    texts
        .into_iter()
        .filter_map(|text| {
            let missing = super::glyphs::missing(&harness.ctx, &text);
            (!missing.is_empty()).then_some((text, missing))
        })
        .collect()
}

fn collect_texts(node: &egui_kittest::Node<'_>, texts: &mut Vec<String>) {
    let ak = node.accesskit_node();
    texts.extend([ak.label(), ak.value(), ak.description()].into_iter().flatten());
    for child in node.children() {
        collect_texts(&child, texts);
    }
}

fn painted_texts(shape: &egui::Shape, texts: &mut Vec<String>) {
    match shape {
        egui::Shape::Text(text) => texts.push(text.galley.job.text.clone()),
        egui::Shape::Vec(shapes) => shapes.iter().for_each(|shape| painted_texts(shape, texts)),
        _ => {}
    }
}

#[test]
fn no_label_of_the_main_views_has_a_glyph_the_fonts_lack() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at(&root, default_size());
    let mut missing = missing_glyphs(&harness);
    harness.get_by_label_contains("with-mistakes\n").click();
    harness.run();
    missing.extend(missing_glyphs(&harness));
    let ids: Vec<ActionId> =
        harness.state().editor.as_ref().unwrap().doc.flow.actions.iter().map(|a| a.id.clone()).collect();
    for id in ids {
        apply(&mut harness, Intent::Select(vec![id]));
        missing.extend(missing_glyphs(&harness));
    }
    click(&mut harness, Role::Button, "Test call");
    click(&mut harness, Role::Button, "Call");
    missing.extend(missing_glyphs(&harness));
    click(&mut harness, Role::Button, "Flow");
    click(&mut harness, Role::Button, "Queues…");
    missing.extend(missing_glyphs(&harness));
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    harness.run();
    missing.extend(missing_glyphs(&harness));
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn the_properties_fit_their_panel_at_the_default_size() {
    let (_dir, root) = sample_copy();
    let mut harness = open_at(&root, default_size());
    harness.get_by_label_contains("with-mistakes\n").click();
    harness.run();
    let ids: Vec<ActionId> =
        harness.state().editor.as_ref().unwrap().doc.flow.actions.iter().map(|a| a.id.clone()).collect();
    for id in ids {
        apply(&mut harness, Intent::Select(vec![id.clone()]));
        let panel = panel_rect(&harness, "properties");
        for role in [Role::Button, Role::TextInput, Role::ComboBox, Role::CheckBox] {
            for node in harness.query_all_by_role(role).filter(|n| n.rect().left() >= panel.left()) {
                assert!(
                    node.rect().right() <= panel.right() + 0.5,
                    "{id:?}: {:?} {:?} in {panel:?}",
                    node.accesskit_node().label(),
                    node.rect()
                );
            }
        }
    }
}
