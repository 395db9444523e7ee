//! The menu bar, the toolbar ("Create contact flow ⏷", test call, Publish) and the keyboard
//! shortcuts, all drawn from the command table ([`super::commands`]).

use egui::Modifiers;

use super::commands::{CommandState, Menu, UiCommand};
use super::intent::Intent;

pub fn ui(ui: &mut egui::Ui, state: CommandState, intents: &mut Vec<Intent>) {
    egui::MenuBar::new().ui(ui, |ui| {
        for &menu in Menu::ALL {
            ui.menu_button(menu.title(), |ui| {
                for command in menu.commands() {
                    command_ui(ui, command, state, intents);
                }
            });
        }
        ui.separator();
        ui.menu_button("Create contact flow ⏷", |ui| {
            if toolbar_button_ui(ui, UiCommand::NewFlow, state, intents) {
                ui.close();
            }
        });
        for command in [UiCommand::TestCall, UiCommand::Publish] {
            toolbar_button_ui(ui, command, state, intents);
        }
    });
}

/// One command as a toolbar button: its text and tooltip, no shortcut. Whether it was clicked.
fn toolbar_button_ui(ui: &mut egui::Ui, command: UiCommand, state: CommandState, intents: &mut Vec<Intent>) -> bool {
    let button = egui::Button::new(command.text());
    let clicked = ui.add_enabled(command.is_enabled(state), button).on_hover_text(command.tooltip()).clicked();
    if clicked {
        intents.push(command.into());
    }
    clicked
}

/// One command as a menu entry: a button with its shortcut, or a check box for a setting.
pub fn command_ui(ui: &mut egui::Ui, command: UiCommand, state: CommandState, intents: &mut Vec<Intent>) {
    let enabled = command.is_enabled(state);
    let clicked = if let Some(mut checked) = command.is_checked(state) {
        ui.add_enabled(enabled, egui::Checkbox::new(&mut checked, command.text())).clicked()
    } else {
        let mut button = egui::Button::new(command.text());
        if let Some(shortcut) = command.shortcut() {
            button = button.shortcut_text(shortcut_text(ui.ctx(), command, shortcut));
        }
        ui.add_enabled(enabled, button).on_hover_text(command.tooltip()).clicked()
    };
    if clicked {
        intents.push(command.into());
        ui.close();
    }
}

/// How a command's keys are written in menus and the shortcuts window; the canvas's keys say
/// where they work.
pub fn shortcut_text(ctx: &egui::Context, command: UiCommand, shortcut: egui::KeyboardShortcut) -> String {
    let keys = match shortcut.logical_key {
        egui::Key::ArrowRight => "Right arrow".to_owned(),
        egui::Key::ArrowLeft => "Left arrow".to_owned(),
        egui::Key::ArrowUp => "Up arrow".to_owned(),
        egui::Key::ArrowDown => "Down arrow".to_owned(),
        _ => ctx.format_shortcut(&shortcut),
    };
    if command.canvas_key() { format!("{keys} (canvas)") } else { keys }
}

fn modifier_count(modifiers: Modifiers) -> usize {
    [modifiers.alt, modifiers.shift, modifiers.command || modifiers.ctrl].into_iter().filter(|m| *m).count()
}

/// Turns the keyboard shortcuts of every enabled command into intents.
pub fn shortcuts(ctx: &egui::Context, state: CommandState, intents: &mut Vec<Intent>) {
    let typing = ctx.egui_wants_keyboard_input();
    // egui matches modifiers loosely (Ctrl+Shift+Z also matches Ctrl+Z): try the shortcuts with
    // more modifiers first.
    // The canvas reads its own keys (Enter, the arrows) when it has the keyboard.
    let mut commands: Vec<(UiCommand, egui::KeyboardShortcut)> = UiCommand::ALL
        .iter()
        .copied()
        .filter(|c| !c.canvas_key())
        .filter_map(|c| c.shortcut().map(|s| (c, s)))
        .collect();
    commands.sort_by_key(|(_, shortcut)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
    for (command, shortcut) in commands {
        if (typing && command.acts_on_canvas()) || !command.is_enabled(state) {
            continue;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
            intents.push(command.into());
        }
    }
    if !typing && state.flow_open {
        // The windowing layer turns Ctrl+C / Ctrl+V into copy and paste events.
        ctx.input(|i| {
            for event in &i.events {
                match event {
                    egui::Event::Copy => intents.push(UiCommand::Copy.into()),
                    egui::Event::Paste(_) => intents.push(UiCommand::Paste.into()),
                    _ => {}
                }
            }
        });
    }
}
