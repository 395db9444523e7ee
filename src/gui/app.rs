//! `DesignerApp`: the window. One frame: panels read the session and the open flow, push
//! intents, and the app applies them all at the end of the frame (`apply.rs`). Lives as long as
//! the window.

use super::canvas::Canvas;
use super::dialogs::{self, Dialog};
use super::editor::Editor;
use super::intent::Intent;
use super::session::Session;
use super::settings::Settings;
use super::{menu, problems_panel, properties, queues, side_panel, status_bar, theme};
use crate::model::Action;

/// UI state of the panels: what they remember between frames.
#[derive(Default)]
pub struct PanelState {
    pub properties: properties::PropertiesState,
    pub queues: queues::QueuesState,
    pub palette_search: String,
    pub show_queues: bool,
}

pub struct DesignerApp {
    pub session: Session,
    pub editor: Option<Editor>,
    pub canvas: Canvas,
    pub panels: PanelState,
    pub dialog: Option<Dialog>,
    pub clipboard: Vec<Action>,
    pub settings: Settings,
    /// The last thing the app has to tell (saved, could not save…), shown in the status bar.
    pub message: Option<String>,
    /// Set once the user agreed to close with unsaved changes.
    pub closing: bool,
}

impl DesignerApp {
    pub fn new(session: Session, editor: Option<Editor>, settings: Settings) -> Self {
        Self {
            session,
            editor,
            canvas: Canvas::default(),
            panels: PanelState::default(),
            dialog: None,
            clipboard: Vec::new(),
            settings,
            message: None,
            closing: false,
        }
    }

    /// Draws one frame and applies what the user asked for. `eframe::App::ui` and the headless
    /// tests both call this.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let mut intents = Vec::new();
        self.check_close_request(ui.ctx(), &mut intents);
        menu::shortcuts(ui.ctx(), self.editor.as_ref(), &mut intents);
        egui::Panel::top("menu")
            .show(ui, |ui| menu::ui(ui, self.editor.as_ref(), self.settings.dark_mode, &mut intents));
        egui::Panel::bottom("status")
            .show(ui, |ui| status_bar::ui(ui, &self.session, self.editor.as_ref(), self.message.as_deref()));
        if let Some(editor) = &self.editor {
            egui::Panel::bottom("problems").resizable(true).default_size(160.0).show(ui, |ui| {
                problems_panel::ui(ui, &editor.doc, &editor.report, &mut intents);
            });
        }
        egui::Panel::left("side").default_size(240.0).show(ui, |ui| {
            side_panel::ui(ui, &self.session, self.editor.as_ref(), &mut self.panels.palette_search, &mut intents);
        });
        if let Some(editor) = &self.editor {
            egui::Panel::right("properties").default_size(320.0).show(ui, |ui| {
                let (selected, instance) = (editor.selection.first(), self.session.instance.as_ref());
                let state = &mut self.panels.properties;
                properties::ui(ui, &editor.doc, selected, instance, &editor.report, state, &mut intents);
            });
        }
        egui::CentralPanel::default().show(ui, |ui| match &self.editor {
            Some(editor) => self.canvas.ui(ui, editor, &mut intents),
            None => empty_ui(ui),
        });
        self.queues_window(ui.ctx(), &mut intents);
        dialogs::ui(ui.ctx(), &mut self.dialog, &mut intents);
        for intent in intents {
            self.apply(intent, ui.ctx());
        }
    }

    fn queues_window(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let Some(instance) = &self.session.instance else {
            return;
        };
        let flows = self.session.flow_statuses();
        let mut open = self.panels.show_queues;
        egui::Window::new("Queues").open(&mut open).default_width(640.0).show(ctx, |ui| {
            queues::ui(ui, instance, &flows, &mut self.panels.queues, intents);
        });
        self.panels.show_queues = open;
    }

    /// Closing the window with unsaved changes asks first.
    fn check_close_request(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing {
            let dirty = self.editor.as_ref().is_some_and(Editor::is_dirty);
            if dirty {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                intents.push(Intent::Quit);
            }
        }
    }

    pub fn set_theme(&self, ctx: &egui::Context) {
        theme::apply(ctx, self.settings.dark_mode);
    }
}

fn empty_ui(ui: &mut egui::Ui) {
    ui.centered_and_justified(|ui| {
        ui.label(
            "No flow is open. Choose Create contact flow ⏷, then Create outbound whisper flow, or open a workspace.",
        );
    });
}

impl eframe::App for DesignerApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }
}
