//! Modal dialogs: the new flow's name, unsaved changes, why publishing is blocked, the typed
//! path (with a native "Browse…" on a worker thread) for Open and Save as, and the keyboard
//! shortcuts. A dialog takes the keyboard while shown (the app gives no command behind it, and a
//! dialog without a field holds the focus on a button, so the canvas's keys do not act either).
//! Enter gives a dialog's default button (Create, Open, Save, OK). Lives while shown.

use std::path::PathBuf;

use super::block_dialogs;
use super::commands::UiCommand;
use super::context::FrameContext;
use super::files::{Answer, Browse, Pick};
use super::intent::{Intent, SystemCommand};
use crate::workspace::recovery::LeftCopy;

pub enum Dialog {
    NewFlow {
        name: String,
    },
    /// `flows` have unsaved changes: save them before `then`? `all`: they are every flow with
    /// unsaved changes (else the open one only).
    Unsaved {
        flows: Vec<String>,
        all: bool,
        then: Box<Intent>,
    },
    /// Help → Keyboard shortcuts.
    KeyboardShortcuts,
    PublishBlocked {
        errors: Vec<String>,
    },
    /// Recovery copies left by a window that ended without saving: what each is, and the
    /// choice to open or discard it.
    Recover {
        copies: Vec<LeftCopy>,
    },
    /// The open flow's file changed or went away outside the window (`then` is `None`), or a
    /// save found it so (`then`: the save to do again once the user agreed).
    ChangedOnDisk {
        flow: String,
        kind: DiskChange,
        then: Option<Box<Intent>>,
    },
    /// A message to read in full (why a save did not happen).
    Notice {
        title: String,
        text: String,
    },
    /// The flow's file records no type: which is it?
    FlowType {
        flow: String,
        choice: crate::model::FlowType,
        /// Why the proposal is what it is, or empty.
        reason: String,
    },
    /// Add a block by typing its name (keyboard-only building).
    AddBlock {
        search: String,
    },
    /// Wire a branch of the selected block to a chosen block.
    ConnectBranch {
        branch: usize,
        target: Option<crate::model::ActionId>,
    },
    Path {
        purpose: PathPurpose,
        text: String,
        browse: Option<Browse>,
        note: Option<String>,
        start_in: Option<PathBuf>,
    },
}

/// What happened to a flow's file outside the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChange {
    /// Something else wrote it (a `git pull`, another editor, another window).
    Changed,
    /// It was deleted.
    Deleted,
    /// A new flow's file name is taken by a file already there.
    Exists,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathPurpose {
    Open,
    SaveAs,
    Compare,
}

impl Dialog {
    pub fn path(purpose: PathPurpose, start_in: Option<PathBuf>) -> Self {
        Self::Path { purpose, text: String::new(), browse: None, note: None, start_in }
    }
}

/// Shows the open dialog, if any; closing it sets `dialog` to `None`. `cx` is the open flow's
/// frame context (the block dialogs need it).
pub fn ui(ctx: &egui::Context, dialog: &mut Option<Dialog>, cx: Option<&FrameContext<'_>>, intents: &mut Vec<Intent>) {
    let Some(current) = dialog else { return };
    let close = match current {
        Dialog::FlowType { flow, choice, reason } => {
            modal(ctx, "Flow type", |ui| block_dialogs::flow_type_ui(ui, flow, choice, reason, intents))
        }
        Dialog::AddBlock { search } => match cx {
            Some(cx) => modal(ctx, "Add block", |ui| block_dialogs::add_block_ui(ui, cx, search, intents)),
            None => true,
        },
        Dialog::ConnectBranch { branch, target } => match cx {
            Some(cx) => {
                modal(ctx, "Connect branch", |ui| block_dialogs::connect_branch_ui(ui, cx, branch, target, intents))
            }
            None => true,
        },
        Dialog::NewFlow { name } => new_flow_ui(ctx, name, intents),
        Dialog::Unsaved { flows, all, then } => unsaved_ui(ctx, flows, *all, then, intents),
        Dialog::KeyboardShortcuts => shortcuts_ui(ctx),
        Dialog::PublishBlocked { errors } => publish_blocked_ui(ctx, errors),
        Dialog::Recover { copies } => recover_ui(ctx, copies, intents),
        Dialog::ChangedOnDisk { flow, kind, then } => changed_on_disk_ui(ctx, flow, *kind, then.as_deref(), intents),
        Dialog::Notice { title, text } => notice_ui(ctx, title, text),
        Dialog::Path { purpose, text, browse, note, start_in } => {
            path_ui(ctx, *purpose, text, browse, note, start_in.as_ref(), intents)
        }
    };
    if close {
        *dialog = None;
    }
}

fn modal(ctx: &egui::Context, title: &str, add: impl FnOnce(&mut egui::Ui) -> bool) -> bool {
    let mut close = false;
    egui::Window::new(title).collapsible(false).resizable(false).anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0]).show(
        ctx,
        |ui| {
            close = add(ui);
        },
    );
    close
}

fn new_flow_ui(ctx: &egui::Context, name: &mut String, intents: &mut Vec<Intent>) -> bool {
    modal(ctx, "Create outbound whisper flow", |ui| {
        let label = ui.label("Flow name");
        let field = ui.text_edit_singleline(name).labelled_by(label.id);
        field.request_focus();
        let entered = enter_pressed(ui);
        let valid = !name.trim().is_empty();
        let mut close = false;
        ui.horizontal(|ui| {
            if valid && (ui.add_enabled(valid, egui::Button::new("Create")).clicked() || entered) {
                intents.push(SystemCommand::NewFlow { name: name.trim().to_owned() }.into());
                close = true;
            }
            close |= ui.button("Cancel").clicked();
        });
        close
    })
}

/// Enter was pressed this frame: a dialog with a default button gives it. (The dialog's field
/// asks for the focus every frame, so it never reports losing it to Enter.)
fn enter_pressed(ui: &egui::Ui) -> bool {
    ui.input(|i| i.key_pressed(egui::Key::Enter) && i.modifiers.is_none())
}

/// Gives `button` the keyboard when nothing in the dialog has it: keys then go to the dialog,
/// not to the canvas behind it.
pub(super) fn hold_focus(ui: &egui::Ui, button: &egui::Response) {
    if ui.memory(|m| m.focused().is_none()) {
        button.request_focus();
    }
}

fn unsaved_ui(ctx: &egui::Context, flows: &[String], all: bool, then: &Intent, intents: &mut Vec<Intent>) -> bool {
    modal(ctx, "Unsaved changes", |ui| {
        match flows {
            [flow] => ui.label(format!("“{flow}” has changes that are not saved.")),
            _ => ui.label(format!("{} have changes that are not saved:", crate::words::count(flows.len(), "flow"))),
        };
        if flows.len() > 1 {
            for flow in flows {
                ui.label(format!("• {flow}"));
            }
        }
        let (save, discard): (Intent, Intent) = if all {
            (UiCommand::SaveAll.into(), SystemCommand::DiscardAll.into())
        } else {
            (UiCommand::Save.into(), SystemCommand::DiscardChanges.into())
        };
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.button(if flows.len() > 1 { "Save all" } else { "Save" }).clicked() {
                intents.extend([save, then.clone()]);
                close = true;
            }
            if ui.button("Don't save").clicked() {
                intents.extend([discard, then.clone()]);
                close = true;
            }
            let cancel = ui.button("Cancel");
            hold_focus(ui, &cancel);
            close |= cancel.clicked();
        });
        close
    })
}

/// Help → Keyboard shortcuts: every command with keys, from the command table (the canvas's
/// own keys included). Esc, Enter or Close closes it.
fn shortcuts_ui(ctx: &egui::Context) -> bool {
    modal(ctx, "Keyboard shortcuts", |ui| {
        ui.label("On the canvas (when no field has the keyboard), and everywhere else:");
        egui::ScrollArea::vertical().max_height(480.0).show(ui, |ui| {
            egui::Grid::new("keyboard shortcuts").num_columns(2).striped(true).show(ui, |ui| {
                for &command in UiCommand::ALL {
                    let Some(shortcut) = command.shortcut() else { continue };
                    ui.monospace(super::menu::shortcut_text(ctx, command, shortcut));
                    ui.label(command.text()).on_hover_text(command.tooltip());
                    ui.end_row();
                }
                ui.monospace("Tab");
                ui.label("Next field in the properties panel");
                ui.end_row();
            });
        });
        ui.add_space(6.0);
        let close = ui.button("Close");
        hold_focus(ui, &close);
        close.clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) || enter_pressed(ui)
    })
}

fn recover_ui(ctx: &egui::Context, copies: &mut Vec<LeftCopy>, intents: &mut Vec<Intent>) -> bool {
    modal(ctx, "Recover unsaved work", |ui| {
        ui.set_max_width(520.0);
        ui.label(
            "A whisperwire window ended without saving these flows. Open one to keep working on it, or discard it.",
        );
        ui.add_space(4.0);
        let mut done = None;
        egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
            for (index, left) in copies.iter().enumerate() {
                let note = &left.note;
                let what = if note.new { "new flow, never saved" } else { "unsaved changes" };
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(&note.flow).strong());
                    ui.label(format!("{what} · {} · {}", crate::words::count(note.blocks, "block"), note.when()));
                });
                ui.horizontal(|ui| {
                    if ui.button(format!("Recover “{}”", note.flow)).clicked() {
                        intents.push(SystemCommand::Recover(left.copy.clone()).into());
                        done = Some((index, true));
                    }
                    if ui.button(format!("Discard “{}”", note.flow)).clicked() {
                        intents.push(SystemCommand::DiscardRecovery(left.copy.clone()).into());
                        done = Some((index, false));
                    }
                });
                ui.separator();
            }
        });
        if let Some((index, recovered)) = done {
            copies.remove(index);
            // One flow at a time is open: recovering one closes the list (the others stay for later).
            if recovered {
                return true;
            }
        }
        if copies.is_empty() {
            return true;
        }
        let later = ui.button("Later").on_hover_text("Keep the copies; they are offered again next time");
        hold_focus(ui, &later);
        later.clicked()
    })
}

fn changed_on_disk_ui(
    ctx: &egui::Context,
    flow: &str,
    kind: DiskChange,
    then: Option<&Intent>,
    intents: &mut Vec<Intent>,
) -> bool {
    let title = match kind {
        DiskChange::Changed => "Changed on disk",
        DiskChange::Deleted => "Deleted on disk",
        DiskChange::Exists => "File already exists",
    };
    modal(ctx, title, |ui| {
        ui.set_max_width(520.0);
        ui.label(match (kind, then.is_some()) {
            (DiskChange::Changed, true) => format!(
                "The file of “{flow}” was changed outside whisperwire since you opened it (a git pull, another editor \
                 or window). Saving would write over that change."
            ),
            (DiskChange::Changed, false) => format!(
                "The file of “{flow}” was changed outside whisperwire (a git pull, another editor or window), and you \
                 have unsaved changes here."
            ),
            (DiskChange::Deleted, _) => {
                format!("The file of “{flow}” was deleted outside whisperwire. Saving would create it again.")
            }
            (DiskChange::Exists, _) => {
                format!("A file already exists where “{flow}” would be saved. Saving would replace it.")
            }
        });
        let mut close = false;
        ui.horizontal_wrapped(|ui| {
            if kind == DiskChange::Changed
                && ui.button("Compare").on_hover_text("Show what differs between the file and this window").clicked()
            {
                intents.push(UiCommand::CompareWithSaved.into());
                close = true;
            }
            if let Some(then) = then {
                let label = if kind == DiskChange::Deleted { "Save anyway" } else { "Overwrite" };
                if ui.button(label).clicked() {
                    intents.extend([SystemCommand::AllowOverwrite.into(), then.clone()]);
                    close = true;
                }
            } else {
                let keep =
                    ui.button("Keep mine").on_hover_text("Keep editing; the next save writes this window's version");
                hold_focus(ui, &keep);
                if keep.clicked() {
                    intents.push(SystemCommand::KeepMine.into());
                    close = true;
                }
                if kind == DiskChange::Changed
                    && ui
                        .button("Take theirs")
                        .on_hover_text("Read the file again; this window's unsaved changes are dropped")
                        .clicked()
                {
                    intents.push(SystemCommand::TakeTheirs.into());
                    close = true;
                }
            }
            if then.is_some() {
                let cancel = ui.button("Cancel");
                hold_focus(ui, &cancel);
                close |= cancel.clicked();
            }
        });
        close
    })
}

fn notice_ui(ctx: &egui::Context, title: &str, text: &str) -> bool {
    modal(ctx, title, |ui| {
        ui.set_max_width(520.0);
        ui.label(text);
        ui.add_space(6.0);
        let ok = ui.button("OK");
        hold_focus(ui, &ok);
        ok.clicked() || enter_pressed(ui)
    })
}

fn publish_blocked_ui(ctx: &egui::Context, errors: &[String]) -> bool {
    modal(ctx, "Cannot publish", |ui| {
        ui.label(format!(
            "Fix these {} error(s) first; Amazon Connect does not publish a flow with errors:",
            errors.len()
        ));
        egui::ScrollArea::vertical().max_height(240.0).show(ui, |ui| {
            for error in errors {
                ui.label(format!("• {error}"));
            }
        });
        let ok = ui.button("OK");
        hold_focus(ui, &ok);
        ok.clicked() || enter_pressed(ui)
    })
}

fn path_ui(
    ctx: &egui::Context,
    purpose: PathPurpose,
    text: &mut String,
    browse: &mut Option<Browse>,
    note: &mut Option<String>,
    start_in: Option<&PathBuf>,
    intents: &mut Vec<Intent>,
) -> bool {
    if let Some(worker) = browse {
        match worker.poll() {
            Answer::Waiting => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Answer::Picked(path) => {
                *text = path.display().to_string();
                *browse = None;
            }
            Answer::Nothing => {
                *note = Some("No file was chosen (or no file dialog is available here): type the path.".into());
                *browse = None;
            }
        }
    }
    let (title, action) = match purpose {
        PathPurpose::Open => ("Open workspace or flow", "Open"),
        PathPurpose::SaveAs => ("Save flow as", "Save"),
        PathPurpose::Compare => ("Compare with a flow file", "Compare"),
    };
    modal(ctx, title, |ui| {
        let label =
            ui.label(if purpose == PathPurpose::Open { "Workspace folder or flow file" } else { "Flow file (.json)" });
        let field = ui.add(egui::TextEdit::singleline(text).desired_width(420.0)).labelled_by(label.id);
        field.request_focus();
        let entered = enter_pressed(ui) && browse.is_none();
        if let Some(note) = note {
            ui.label(note.as_str());
        }
        let mut close = false;
        ui.horizontal(|ui| {
            if ui.add_enabled(browse.is_none(), egui::Button::new("Browse…")).clicked() {
                let pick = match purpose {
                    PathPurpose::SaveAs => Pick::SaveFile,
                    PathPurpose::Open => Pick::Folder,
                    PathPurpose::Compare => Pick::OpenFile,
                };
                *browse = Some(Browse::start(pick, start_in.cloned()));
            }
            let path = PathBuf::from(text.trim());
            let submit = ui.add_enabled(!text.trim().is_empty(), egui::Button::new(action)).clicked();
            if submit || (entered && !text.trim().is_empty()) {
                intents.push(
                    match purpose {
                        PathPurpose::Open => SystemCommand::Open(path),
                        PathPurpose::SaveAs => SystemCommand::SaveAs(path),
                        PathPurpose::Compare => SystemCommand::CompareWith(path),
                    }
                    .into(),
                );
                close = true;
            }
            close |= ui.button("Cancel").clicked();
        });
        close
    })
}
