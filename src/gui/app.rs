//! `DesignerApp`: the window. One frame: panels read the session and the open flow, push
//! intents, and the app applies them all at the end of the frame (`apply.rs`). Lives as long as
//! the window.

use super::canvas::Canvas;
use super::commands::{CommandState, UiCommand};
use super::compare::Comparison;
use super::context::FrameContext;
use super::dialogs::{self, Dialog};
use super::editor::Editor;
use super::editor::Seen;
use super::intent::Intent;
use super::session::Session;
use super::settings::Settings;
use super::{compare, menu, panels, problems_panel, properties, queues, status_bar, test_call, theme};
use crate::model::{Action, FlowType};
use crate::workspace::file_base::{FileBase, OnDisk};
use crate::workspace::recovery;

/// The id of the Queues window.
pub const QUEUES_WINDOW: &str = "queues window";

/// How close to its deadline an autosave is done at once.
const AUTOSAVE_SLACK: std::time::Duration = std::time::Duration::from_millis(500);

/// The tabs of the bottom panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BottomTab {
    #[default]
    Problems,
    TestCall,
    Changes,
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
    /// Flow → Audit instance….
    pub audit: super::audit::AuditView,
}

pub struct DesignerApp {
    pub session: Session,
    pub editor: Option<Editor>,
    /// The open flow compared with another version of it (File → Compare with…).
    pub comparison: Option<Comparison>,
    /// Flows whose missing type was asked for this session, by name.
    asked_type: std::collections::BTreeSet<String>,
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
    /// Pull and publish: the dialog, where to connect, Amazon Connect's last findings.
    #[cfg(feature = "aws")]
    pub connect: super::connect::ConnectState,
    /// Each flow's editor revision last written to its recovery copy, by recovery key.
    pub(super) autosaved: std::collections::BTreeMap<String, u64>,
    autosave_clock: std::time::Instant,
    /// This window's recovery session (its own folder of copies), started with the first copy.
    pub(super) recovery: Option<recovery::RecoverySession>,
    /// How often the open flow's file is looked at for outside changes.
    pub disk_check_every: std::time::Duration,
    disk_clock: std::time::Instant,
    /// Set by the user's "Overwrite" / "Save anyway": the next save skips the guard once.
    pub(super) overwrite_once: bool,
    /// Whether the phone-number formats are still to be loaded, on a thread of their own once
    /// the first frame is on screen (`phone::warm_up`): they cost tens of milliseconds and about
    /// 11 MB, which the first frame does not need.
    warm_up_pending: bool,
}

impl DesignerApp {
    pub fn new(session: Session, editor: Option<Editor>, settings: Settings) -> Self {
        let mut app = Self {
            session,
            editor,
            comparison: None,
            asked_type: std::collections::BTreeSet::new(),
            canvas: Canvas::default(),
            panels: PanelState::default(),
            dialog: None,
            clipboard: Vec::new(),
            settings,
            message: None,
            closing: false,
            startup_probe: None,
            autosave_every: std::time::Duration::from_secs(3),
            #[cfg(feature = "aws")]
            connect: super::connect::ConnectState::default(),
            autosaved: std::collections::BTreeMap::new(),
            autosave_clock: std::time::Instant::now(),
            recovery: None,
            disk_check_every: std::time::Duration::from_secs(1),
            disk_clock: std::time::Instant::now(),
            overwrite_once: false,
            warm_up_pending: true,
        };
        app.follow_link();
        app.offer_recovery();
        app.ask_flow_type();
        app
    }

    /// Draws one frame and applies what the user asked for. `eframe::App::ui` and the headless
    /// tests both call this.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let mut intents = Vec::new();
        let commands = self.command_state();
        self.check_close_request(ui.ctx(), &mut intents);
        // A modal dialog takes the keyboard: no command acts behind it.
        if !self.modal_open() {
            menu::shortcuts(ui.ctx(), commands, &mut intents);
        }
        egui::Panel::top("menu").show(ui, |ui| menu::ui(ui, commands, &mut intents));
        if let Some(holder) = &self.session.read_only {
            egui::Panel::top("read-only").show(ui, |ui| {
                let text = format!(
                    "Read-only: {holder} is writing this workspace. You can look and try things here, but not save."
                );
                ui.label(egui::RichText::new(text).color(ui.visuals().warn_fg_color));
            });
        }
        egui::Panel::bottom("status")
            .show(ui, |ui| status_bar::ui(ui, &self.session, self.editor.as_ref(), self.message.as_deref()));
        let flow_name = self.editor.as_ref().map(Editor::flow_name).unwrap_or_default();
        if let (Some(comparison), Some(editor)) = (&mut self.comparison, &self.editor) {
            comparison.refresh(&editor.doc, editor.revision());
        }
        let cx = self.editor.as_ref().map(|editor| {
            let cx = FrameContext::of(editor, &flow_name, commands)
                .with_saved_calls(&self.session.saved_calls)
                .with_dark_mode(self.settings.dark_mode)
                .with_marks(self.comparison.as_ref().map(Comparison::marks));
            #[cfg(feature = "aws")]
            let cx = cx.with_remote_findings(self.connect.findings.get(&flow_name).map_or(&[], Vec::as_slice));
            cx
        });
        let around = panels::Around {
            settings: &mut self.settings,
            panels: &mut self.panels,
            session: &self.session,
            editor: self.editor.as_ref(),
            comparison: self.comparison.as_ref(),
        };
        if panels::around_ui(ui, around, cx.as_ref(), &mut intents) {
            intents.push(UiCommand::ClearComparison.into());
        }
        self.canvas.highlight = self.panels.test_call.path();
        egui::CentralPanel::default().show(ui, |ui| match &cx {
            Some(cx) => self.canvas.ui(ui, cx),
            None => empty_ui(ui),
        });
        dialogs::ui(ui.ctx(), &mut self.dialog, cx.as_ref(), &mut intents);
        #[cfg(feature = "aws")]
        super::connect::ui(ui.ctx(), &mut self.connect.dialog, &mut intents);
        intents.extend(cx.map(FrameContext::into_intents).unwrap_or_default());
        self.queues_window(ui.ctx(), &mut intents);
        self.audit_window(ui.ctx(), &mut intents);
        for intent in intents {
            self.apply(intent, ui.ctx());
        }
        self.follow_link();
        self.autosave(ui.ctx());
        self.watch_disk(ui.ctx());
        if let Some(started) = self.startup_probe.take() {
            eprintln!("startup_ms={:.1}", started.elapsed().as_secs_f64() * 1000.0);
            if let Some(memory) = crate::workspace::process::resident_memory() {
                eprintln!("{memory}");
            }
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if self.warm_up_pending && ui.ctx().cumulative_pass_nr() > 0 {
            self.warm_up_pending = false;
            std::thread::spawn(crate::phone::warm_up);
        }
    }

    /// Whether a modal dialog is open (this window's or a pull or publish dialog).
    pub fn modal_open(&self) -> bool {
        #[cfg(feature = "aws")]
        if self.connect.dialog.is_some() {
            return true;
        }
        self.dialog.is_some()
    }

    /// What the command table needs to know this frame.
    pub fn command_state(&self) -> CommandState {
        let editor = self.editor.as_ref();
        CommandState {
            flow_open: editor.is_some(),
            can_undo: editor.is_some_and(Editor::can_undo),
            can_redo: editor.is_some_and(Editor::can_redo),
            has_selection: editor.is_some_and(|e| !e.selection.is_empty()),
            dark_mode: self.settings.dark_mode,
            minimap: self.canvas.minimap,
            comparing: self.comparison.is_some(),
            workspace_open: self.session.root.is_some(),
            unsaved: self.has_unsaved(),
        }
    }

    /// The open flow takes what the workspace's link records of its file, whatever changed this
    /// frame: another flow opened, a save under another name, a pull or a publish.
    fn follow_link(&mut self) {
        if let Some(editor) = &mut self.editor {
            editor.set_linked(self.session.linked(editor.path.as_deref()));
        }
    }

    /// While flows have unsaved changes (the open one, those left open in the session, new
    /// flows included), writes a recovery copy of each to this window's recovery session every
    /// few seconds, so that a crash loses at most those seconds.
    fn autosave(&mut self, ctx: &egui::Context) {
        let due = |e: &&Editor| e.is_dirty() && self.autosaved.get(&e.recovery_key()) != Some(&e.revision());
        let editors: Vec<&Editor> = self.editor.iter().chain(self.session.unsaved()).filter(due).collect();
        let Some(first) = editors.first() else { return };
        // Close to the deadline it is due now: egui takes its predicted frame time off a wait,
        // and would turn a shorter one into repaints at once until the deadline passed.
        let wait = self.autosave_every.saturating_sub(self.autosave_clock.elapsed());
        if wait > AUTOSAVE_SLACK {
            ctx.request_repaint_after(wait);
            return;
        }
        self.autosave_clock = std::time::Instant::now();
        if self.recovery.is_none() {
            let home = recovery::home_for(self.session.root.as_deref(), first.path.as_deref());
            self.recovery = home.and_then(|home| recovery::RecoverySession::start(&home).ok());
        }
        let Some(session) = &self.recovery else { return };
        let mut written = Vec::new();
        for editor in editors {
            let note = recovery::CopyNote {
                flow: editor.flow_name(),
                file: editor.path.clone(),
                new: !editor.is_on_disk(),
                blocks: editor.doc.flow.actions.len(),
                saved_at: recovery::now_secs(),
                base_sha256: editor.disk.as_ref().map(|d| d.sha256.clone()),
            };
            let key = editor.recovery_key();
            if session.write(&key, &editor.doc, &note).is_ok() {
                written.push((key, editor.revision()));
            }
        }
        self.autosaved.extend(written);
    }

    /// Offers the recovery copies left in this workspace (or beside the open file) by a window
    /// that ended without saving: new flows included.
    pub fn offer_recovery(&mut self) {
        // A read-only window could not save what it recovered: the writing one offers it.
        if self.session.read_only.is_some() {
            return;
        }
        let path = self.editor.as_ref().and_then(|e| e.path.clone());
        let Some(home) = recovery::home_for(self.session.root.as_deref(), path.as_deref()) else { return };
        let copies = recovery::left_behind(&home);
        if !copies.is_empty() && self.dialog.is_none() {
            self.dialog = Some(Dialog::Recover { copies });
        }
    }

    /// Looks at the open flow's file every second or so: an outside change to a flow without
    /// unsaved changes is read again (with a note); with unsaved changes, or a deleted file,
    /// the window says so and offers the choices.
    fn watch_disk(&mut self, ctx: &egui::Context) {
        let Some(editor) = &self.editor else { return };
        let (Some(path), Some(base)) = (editor.path.clone(), editor.disk.clone()) else { return };
        // Looked at on frames the window draws anyway (the pointer, a key, focus coming back
        // after a `git pull` in a terminal), at most once a second: an idle window costs nothing.
        if self.disk_clock.elapsed() < self.disk_check_every {
            return;
        }
        self.disk_clock = std::time::Instant::now();
        if matches!(self.dialog, Some(Dialog::ChangedOnDisk { .. })) {
            return;
        }
        // What was looked at last (reported or not), else the base: each change is told once.
        let change = match &editor.disk_seen {
            Some(Seen::Gone) if !path.exists() => return,
            Some(Seen::File(seen)) => seen.check(&path),
            _ => base.check(&path),
        };
        let kind = match change {
            OnDisk::Same => return,
            OnDisk::Changed(bytes) => {
                let seen = FileBase::of(&path, &bytes);
                if seen.sha256 == base.sha256 {
                    // Back to what the window read (a revert): nothing to tell.
                    self.set_seen(Some(Seen::File(seen)));
                    return;
                }
                if !editor.is_dirty() {
                    self.reload_from(&path, &bytes);
                    ctx.request_repaint();
                    return;
                }
                self.set_seen(Some(Seen::File(seen)));
                dialogs::DiskChange::Changed
            }
            OnDisk::Deleted | OnDisk::FolderGone => {
                self.set_seen(Some(Seen::Gone));
                dialogs::DiskChange::Deleted
            }
        };
        let flow = self.editor.as_ref().map(Editor::flow_name).unwrap_or_default();
        if self.dialog.is_none() {
            self.dialog = Some(Dialog::ChangedOnDisk { flow, kind, then: None });
        }
        ctx.request_repaint();
    }

    fn set_seen(&mut self, seen: Option<Seen>) {
        if let Some(editor) = &mut self.editor {
            editor.disk_seen = seen;
        }
    }

    /// Replaces the open flow with what its file holds now (`bytes`).
    pub(super) fn reload_from(&mut self, path: &std::path::Path, bytes: &[u8]) {
        match crate::workspace::file_base::from_bytes(path, bytes) {
            Ok((doc, disk)) => {
                let linked = self.session.linked(Some(path));
                let mut editor = Editor::from_file(path.to_owned(), doc, disk, self.session.instance.clone());
                editor.set_linked(linked);
                self.editor = Some(editor);
                self.canvas.reset();
                self.comparison = None;
                self.message = Some(format!("Reloaded {}: it was changed outside whisperwire", path.display()));
                self.session.refresh();
            }
            Err(error) => {
                self.message =
                    Some(format!("{} changed outside whisperwire and cannot be read: {error}", path.display()));
            }
        }
    }

    /// Asks, once per flow and session, the type of a flow whose file does not record one; the
    /// answer is an edit, written with the next save. A queue naming the flow as its outbound
    /// whisper flow, or a Call phone number block, makes outbound whisper the proposal.
    pub fn ask_flow_type(&mut self) {
        let Some(editor) = self.editor.as_ref().filter(|e| e.doc.flow.flow_type.is_none()) else { return };
        if self.dialog.is_some() || !self.asked_type.insert(editor.flow_name()) {
            return;
        }
        let name = editor.flow_name();
        let queue = editor.instance().and_then(|i| crate::validation::flow_type::named_as_outbound_whisper(i, &name));
        let has_call = editor.doc.flow.actions.iter().any(|a| a.kind.type_name() == "CompleteOutboundCall");
        let (choice, reason) = match (queue, has_call) {
            (Some(queue), _) => {
                (FlowType::OutboundWhisper, format!("Queue '{queue}' uses it as its outbound whisper flow."))
            }
            (None, true) => (FlowType::OutboundWhisper, "It has a Call phone number block.".to_owned()),
            (None, false) => (FlowType::OutboundWhisper, String::new()),
        };
        self.dialog = Some(Dialog::FlowType { flow: name, choice, reason });
    }

    /// Removes the recovery copy of the open flow (after a save or a discard).
    pub fn drop_recovery(&mut self) {
        if let Some(key) = self.editor.as_ref().map(Editor::recovery_key) {
            self.drop_recovery_of(&key);
        }
    }

    /// Removes the recovery copy called `key` (a flow saved or discarded).
    pub(super) fn drop_recovery_of(&mut self, key: &str) {
        if let Some(session) = &self.recovery {
            session.remove(key);
        }
        self.autosaved.remove(key);
    }

    fn queues_window(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let Some(instance) = self.session.instance.as_ref().filter(|_| self.panels.show_queues) else {
            return;
        };
        let flows = self.session.flow_states();
        let mut open = self.panels.show_queues;
        egui::Window::new("Queues")
            .id(egui::Id::new(QUEUES_WINDOW))
            .open(&mut open)
            .default_width(queues::VIEW_WIDTH)
            .show(ctx, |ui| {
                queues::ui(ui, instance, &flows, &mut self.panels.queues, intents);
            });
        self.panels.show_queues = open;
    }

    /// Closing the window with unsaved changes (in any flow) asks first, once for all of them.
    fn check_close_request(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        if ctx.input(|i| i.viewport().close_requested()) && !self.closing && self.has_unsaved() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            intents.push(UiCommand::Quit.into());
        }
    }

    pub fn set_theme(&self, ctx: &egui::Context) {
        theme::apply(ctx, self.settings.dark_mode);
    }
}

/// The Problems, Test call and Changes tabs under the canvas. Whether the user cleared the
/// comparison.
pub(super) fn bottom_tabs_ui(
    ui: &mut egui::Ui,
    cx: &FrameContext<'_>,
    panels: &mut PanelState,
    comparison: Option<&Comparison>,
) -> bool {
    let mut clear = false;
    ui.horizontal(|ui| {
        ui.selectable_value(&mut panels.bottom, BottomTab::Problems, "Problems");
        ui.selectable_value(&mut panels.bottom, BottomTab::TestCall, "Test call");
        if comparison.is_some() {
            ui.selectable_value(&mut panels.bottom, BottomTab::Changes, "Changes");
        }
    });
    ui.separator();
    match (panels.bottom, comparison) {
        (BottomTab::Changes, Some(comparison)) => clear = compare::ui(ui, cx, comparison),
        (BottomTab::TestCall, _) => test_call::ui(ui, cx, &mut panels.test_call),
        _ => problems_panel::ui(ui, cx),
    }
    clear
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
