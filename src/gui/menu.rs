//! The menu bar, the "Create contact flow ⏷" drop-down and the keyboard shortcuts, from one list
//! of commands: every action is in a menu with its shortcut.

use egui::{Key, KeyboardShortcut, Modifiers};

use super::editor::Editor;
use super::intent::{Ask, Intent};

/// A menu entry: its label, its shortcut, and what it asks for.
struct Command {
    label: &'static str,
    shortcut: Option<KeyboardShortcut>,
    intent: fn() -> Intent,
    /// Needs an open flow.
    needs_flow: bool,
}

const fn command(
    label: &'static str,
    modifiers: Modifiers,
    key: Key,
    intent: fn() -> Intent,
    needs_flow: bool,
) -> Command {
    Command { label, shortcut: Some(KeyboardShortcut::new(modifiers, key)), intent, needs_flow }
}

const CTRL_SHIFT: Modifiers = Modifiers { shift: true, ..Modifiers::COMMAND };

const FILE: &[Command] = &[
    command("Create outbound whisper flow…", Modifiers::COMMAND, Key::N, || Intent::Ask(Ask::NewFlowName), false),
    command("Open…", Modifiers::COMMAND, Key::O, || Intent::Ask(Ask::OpenPath), false),
    command("Save", Modifiers::COMMAND, Key::S, || Intent::Save, true),
    command("Save as…", CTRL_SHIFT, Key::S, || Intent::Ask(Ask::SaveAsPath), true),
    command("Quit", Modifiers::COMMAND, Key::Q, || Intent::Quit, false),
];

const EDIT: &[Command] = &[
    command("Undo", Modifiers::COMMAND, Key::Z, || Intent::Undo, true),
    command("Redo", CTRL_SHIFT, Key::Z, || Intent::Redo, true),
    command("Copy", Modifiers::COMMAND, Key::C, || Intent::Copy, true),
    command("Paste", Modifiers::COMMAND, Key::V, || Intent::Paste, true),
    command("Select all", Modifiers::COMMAND, Key::A, || Intent::SelectAll, true),
    command("Delete", Modifiers::NONE, Key::Delete, || Intent::Delete(Vec::new()), true),
];

const VIEW: &[Command] = &[command("Fit to view", Modifiers::COMMAND, Key::Num0, || Intent::FitView, true)];

const FLOW: &[Command] = &[
    command("Publish", CTRL_SHIFT, Key::P, || Intent::Publish, true),
    Command { label: "Queues…", shortcut: None, intent: || Intent::Ask(Ask::Queues), needs_flow: false },
];

/// Commands acting on the canvas selection; a focused text field keeps these keys.
fn is_canvas_command(label: &str) -> bool {
    matches!(label, "Copy" | "Paste" | "Select all" | "Delete" | "Undo" | "Redo")
}

pub fn ui(ui: &mut egui::Ui, editor: Option<&Editor>, dark_mode: bool, intents: &mut Vec<Intent>) {
    egui::MenuBar::new().ui(ui, |ui| {
        for (title, commands) in [("File", FILE), ("Edit", EDIT), ("View", VIEW), ("Flow", FLOW)] {
            ui.menu_button(title, |ui| {
                for command in commands {
                    command_ui(ui, command, editor, intents);
                }
                if title == "View" {
                    let mut dark = dark_mode;
                    if ui.checkbox(&mut dark, "Dark theme").changed() {
                        intents.push(Intent::SetDarkMode(dark));
                    }
                }
            });
        }
        ui.separator();
        ui.menu_button("Create contact flow ⏷", |ui| {
            if ui.button("Create outbound whisper flow").clicked() {
                intents.push(Intent::Ask(Ask::NewFlowName));
                ui.close();
            }
        });
        if ui
            .add_enabled(editor.is_some(), egui::Button::new("Place a test call"))
            .on_hover_text("Play the flow for a test call")
            .clicked()
        {
            intents.push(Intent::Ask(Ask::TestCall));
        }
        let publish = editor.is_some_and(|e| e.report.can_publish());
        if ui
            .add_enabled(editor.is_some(), egui::Button::new("Publish"))
            .on_hover_text(if publish { "Publish this flow" } else { "Errors remain: publishing will list them" })
            .clicked()
        {
            intents.push(Intent::Publish);
        }
    });
}

fn command_ui(ui: &mut egui::Ui, command: &Command, editor: Option<&Editor>, intents: &mut Vec<Intent>) {
    let enabled = match (command.label, editor) {
        (_, None) => !command.needs_flow,
        ("Undo", Some(e)) => e.can_undo(),
        ("Redo", Some(e)) => e.can_redo(),
        ("Copy" | "Delete", Some(e)) => !e.selection.is_empty(),
        _ => true,
    };
    let mut button = egui::Button::new(command.label);
    if let Some(shortcut) = command.shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
    }
    if ui.add_enabled(enabled, button).clicked() {
        intents.push(resolve((command.intent)(), editor));
        ui.close();
    }
}

/// Fills in what a command needs from the editor (the selection to delete).
fn resolve(intent: Intent, editor: Option<&Editor>) -> Intent {
    match intent {
        Intent::Delete(_) => Intent::Delete(editor.map(|e| e.selection.clone()).unwrap_or_default()),
        other => other,
    }
}

fn modifier_count(modifiers: Modifiers) -> usize {
    [modifiers.alt, modifiers.shift, modifiers.command || modifiers.ctrl].into_iter().filter(|m| *m).count()
}

/// Turns the keyboard shortcuts of every command into intents.
pub fn shortcuts(ctx: &egui::Context, editor: Option<&Editor>, intents: &mut Vec<Intent>) {
    let typing = ctx.egui_wants_keyboard_input();
    // egui matches modifiers loosely (Ctrl+Shift+Z also matches Ctrl+Z): try the shortcuts with
    // more modifiers first.
    let mut commands: Vec<&Command> = FILE.iter().chain(EDIT).chain(VIEW).chain(FLOW).collect();
    commands.sort_by_key(|c| std::cmp::Reverse(c.shortcut.map_or(0, |s| modifier_count(s.modifiers))));
    for command in commands {
        let Some(shortcut) = command.shortcut else { continue };
        if (typing && is_canvas_command(command.label)) || (command.needs_flow && editor.is_none()) {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            intents.push(resolve((command.intent)(), editor));
        }
    }
    if !typing && editor.is_some() {
        // The windowing layer turns Ctrl+C / Ctrl+V into copy and paste events.
        ctx.input(|i| {
            for event in &i.events {
                match event {
                    egui::Event::Copy => intents.push(Intent::Copy),
                    egui::Event::Paste(_) => intents.push(Intent::Paste),
                    _ => {}
                }
            }
        });
    }
}
