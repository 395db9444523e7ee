//! `DesignerApp`: the window. One frame: panels read the session and the open flow, push
//! intents, and the app applies them all at the end of the frame (`apply.rs`). Lives as long as
//! the window.

use super::canvas::Canvas;
use super::dialogs::{self, Dialog};
use super::editor::Editor;
use super::intent::Intent;
use super::session::Session;
use super::settings::Settings;
use super::{menu, problems_panel, properties, queues, side_panel, status_bar, test_call, theme};
use crate::model::Action;
use crate::workspace::recovery;

/// The tabs of the bottom panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BottomTab {
    #[default]
    Problems,
    TestCall,
}

/// UI state of the panels: what they remember between frames.
#[derive(Default)]
pub struct PanelState {
    pub properties: properties::PropertiesState,
    pub test_call: test_call::TestCallState,
    pub bottom: BottomTab,
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
    /// Set by `--bench-startup`: when the process started. The first frame reports the time
    /// since and closes the window.
    pub startup_probe: Option<std::time::Instant>,
    /// How often a recovery copy of unsaved changes is written.
    pub autosave_every: std::time::Duration,
    /// The editor revision last written to the recovery copy, and when.
    autosaved: Option<u64>,
    autosave_clock: std::time::Instant,
}

impl DesignerApp {
    pub fn new(session: Session, editor: Option<Editor>, settings: Settings) -> Self {
        let mut app = Self {
            session,
            editor,
            canvas: Canvas::default(),
            panels: PanelState::default(),
            dialog: None,
            clipboard: Vec::new(),
            settings,
            message: None,
            closing: false,
            startup_probe: None,
            autosave_every: std::time::Duration::from_secs(3),
            autosaved: None,
            autosave_clock: std::time::Instant::now(),
        };
        app.offer_recovery();
        app
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
            // The test call needs room for its form, outcome and steps side by side.
            let min_height = if self.panels.bottom == BottomTab::TestCall { 300.0 } else { 120.0 };
            egui::Panel::bottom("bottom").resizable(true).default_size(220.0).min_size(min_height).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut self.panels.bottom, BottomTab::Problems, "Problems");
                    ui.selectable_value(&mut self.panels.bottom, BottomTab::TestCall, "Test call");
                });
                ui.separator();
                match self.panels.bottom {
                    BottomTab::Problems => problems_panel::ui(ui, &editor.doc, &editor.report, &mut intents),
                    BottomTab::TestCall => {
                        let (name, instance, calls) =
                            (editor.flow_name(), self.session.instance.as_ref(), &self.session.saved_calls);
                        let state = &mut self.panels.test_call;
                        test_call::ui(ui, &editor.doc, &name, instance, calls, editor.revision(), state, &mut intents);
                    }
                }
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
        self.canvas.highlight = self.panels.test_call.path();
        egui::CentralPanel::default().show(ui, |ui| match &self.editor {
            Some(editor) => self.canvas.ui(ui, editor, &mut intents),
            None => empty_ui(ui),
        });
        self.queues_window(ui.ctx(), &mut intents);
        dialogs::ui(ui.ctx(), &mut self.dialog, &mut intents);
        for intent in intents {
            self.apply(intent, ui.ctx());
        }
        self.autosave(ui.ctx());
        if let Some(started) = self.startup_probe.take() {
            eprintln!("startup_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0);
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// While the open flow has unsaved changes, writes a recovery copy beside it every few
    /// seconds, so that a crash loses at most those seconds.
    fn autosave(&mut self, ctx: &egui::Context) {
        let Some(editor) = &self.editor else { return };
        let Some(path) = &editor.path else { return };
        if !editor.is_dirty() || self.autosaved == Some(editor.revision()) {
            return;
        }
        let wait = self.autosave_every.saturating_sub(self.autosave_clock.elapsed());
        if !wait.is_zero() {
            ctx.request_repaint_after(wait);
            return;
        }
        if recovery::write(path, &editor.doc).is_ok() {
            self.autosaved = Some(editor.revision());
        }
        self.autosave_clock = std::time::Instant::now();
    }

    /// Offers the recovery copy of the open flow, when one was left behind.
    pub fn offer_recovery(&mut self) {
        let Some(editor) = &self.editor else { return };
        let Some(path) = &editor.path else { return };
        let Some(recovery) = recovery::offer(path) else { return };
        self.dialog = Some(Dialog::Recover { recovery, flow: editor.flow_name() });
    }

    /// Removes the recovery copy of the open flow (after a save or a discard).
    pub fn drop_recovery(&mut self) {
        if let Some(path) = self.editor.as_ref().and_then(|e| e.path.as_ref()) {
            recovery::drop_for(path);
        }
        self.autosaved = None;
    }

    fn queues_window(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let Some(instance) = self.session.instance.as_ref().filter(|_| self.panels.show_queues) else {
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
