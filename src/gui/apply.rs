//! Applying intents: the one place where the document, the undo history, the selection, the
//! files on disk and the dialogs change.

use std::path::PathBuf;
use std::sync::Arc;

use egui::Rect;

use super::app::DesignerApp;
use super::canvas::{self, Node, Pin};
use super::commands::UiCommand;
use super::compare::Comparison;
use super::dialogs::{Dialog, DiskChange, PathPurpose};
use super::editor::Editor;
use super::intent::{Intent, SystemCommand};
use super::session::Session;
use crate::model::{Action, ActionId, ActionKind, Edit, FlowDocument, FlowStatus, Position};
use crate::workspace::calls::{self, SavedCall};
use crate::workspace::file_base::{self, FileBase, OnDisk};
use crate::workspace::recovery;

impl DesignerApp {
    pub fn apply(&mut self, intent: Intent, ctx: &egui::Context) {
        match intent {
            Intent::Command(command) => self.command(command, ctx),
            Intent::Edit { edit, merge } => self.edit(edit, merge),
            Intent::Select(ids) => self.select(ids),
            Intent::Reveal(id) => {
                self.select(vec![id.clone()]);
                self.canvas.reveal(id);
            }
            Intent::AddBlock { type_name, at, from } => self.add_block(&type_name, at, from.as_ref()),
            Intent::System(command) => self.system(command),
        }
    }

    /// A command from the command table; it reads what it acts on (the selection) now.
    fn command(&mut self, command: UiCommand, ctx: &egui::Context) {
        match command {
            UiCommand::NewFlow => self.dialog = Some(Dialog::NewFlow { name: String::new() }),
            UiCommand::Open => self.dialog = Some(Dialog::path(PathPurpose::Open, self.session.root.clone())),
            UiCommand::Save => {
                self.save(None);
            }
            UiCommand::SaveAll => self.save_all(),
            UiCommand::SaveAs => self.dialog = Some(Dialog::path(PathPurpose::SaveAs, self.session.root.clone())),
            UiCommand::CompareWithSaved => self.compare_with_saved(),
            UiCommand::CompareWith => self.dialog = Some(Dialog::path(PathPurpose::Compare, self.session.root.clone())),
            UiCommand::ClearComparison => self.stop_comparing(),
            UiCommand::Quit => self.unless_unsaved(UiCommand::Quit.into(), |app| {
                app.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }),
            UiCommand::Undo => self.with_editor(Editor::undo),
            UiCommand::Redo => self.with_editor(Editor::redo),
            UiCommand::Copy => self.copy(ctx),
            UiCommand::Paste => self.paste(),
            UiCommand::SelectAll => {
                let all = self
                    .editor
                    .as_ref()
                    .map(|e| e.doc.flow.actions.iter().map(|a| a.id.clone()).collect())
                    .unwrap_or_default();
                self.select(all);
            }
            UiCommand::Delete => {
                if let Some(editor) = &self.editor {
                    let edit = Edit::delete_actions(&editor.doc, &editor.selection);
                    self.edit(edit, None);
                }
            }
            UiCommand::AddBlock => self.dialog = Some(Dialog::AddBlock { search: String::new() }),
            UiCommand::ConnectBranch => self.dialog = self.editor.as_ref().map(connect_branch_dialog),
            UiCommand::FindBlock => self.canvas.open_find(),
            UiCommand::GoToProperties => {
                ctx.memory_mut(|m| m.request_focus(super::context::properties_focus_id()));
            }
            UiCommand::NextBlock => self.step(canvas::navigate::Step::Right),
            UiCommand::PreviousBlock => self.step(canvas::navigate::Step::Left),
            UiCommand::BranchAbove => self.step(canvas::navigate::Step::Up),
            UiCommand::BranchBelow => self.step(canvas::navigate::Step::Down),
            UiCommand::FitView => self.canvas.fit(),
            UiCommand::ZoomIn => self.canvas.zoom(1.1),
            UiCommand::ZoomOut => self.canvas.zoom(1.0 / 1.1),
            UiCommand::Arrange => {
                if let Some(editor) = &self.editor {
                    let edit = self.canvas.arrange(&editor.doc);
                    self.edit(edit, None);
                    self.canvas.fit();
                }
            }
            UiCommand::MiniMap => self.canvas.minimap = !self.canvas.minimap,
            UiCommand::DarkTheme => {
                self.settings.dark_mode = !self.settings.dark_mode;
                self.settings.save();
                self.set_theme(ctx);
            }
            UiCommand::TestCall => self.panels.bottom = super::app::BottomTab::TestCall,
            #[cfg(feature = "aws")]
            UiCommand::Publish if self.is_linked() => self.connect_command(command, ctx),
            UiCommand::Publish => self.publish(),
            UiCommand::Queues => self.panels.show_queues = true,
            UiCommand::AuditInstance => self.panels.audit.open = true,
            UiCommand::KeyboardShortcuts => self.dialog = Some(Dialog::KeyboardShortcuts),
            #[cfg(feature = "aws")]
            UiCommand::PullFromInstance | UiCommand::PublishToConnect | UiCommand::PromoteTo => {
                self.connect_command(command, ctx);
            }
        }
    }

    /// Internal work a panel or a dialog asked for.
    fn system(&mut self, command: SystemCommand) {
        match command {
            SystemCommand::NewFlow { name } => {
                let again = SystemCommand::NewFlow { name: name.clone() };
                self.unless_unkeepable(again.into(), |app| app.new_flow(&name));
            }
            SystemCommand::SwitchFlow(index) => {
                self.unless_unkeepable(SystemCommand::SwitchFlow(index).into(), |app| app.switch_flow(index));
            }
            SystemCommand::SwitchTo(path) => {
                self.unless_unkeepable(SystemCommand::SwitchTo(path.clone()).into(), |app| app.switch_to(&path));
            }
            SystemCommand::Open(path) => {
                self.unless_unsaved(SystemCommand::Open(path.clone()).into(), |app| app.open(&path));
            }
            SystemCommand::SaveAs(path) => {
                self.save(Some(&path));
            }
            SystemCommand::CompareWith(path) => self.compare_with(&path),
            SystemCommand::UpdateQueue { name, queue } => self.update_queue(&name, *queue),
            SystemCommand::SaveTestCall { name, call } => self.save_test_call(&name, &call),
            SystemCommand::ExportMatrix { flow, csv } => self.export_matrix(&flow, &csv),
            SystemCommand::PlayAuditCall { flow, scenario } => {
                let again = SystemCommand::PlayAuditCall { flow: flow.clone(), scenario: scenario.clone() };
                self.unless_unkeepable(again.into(), |app| app.play_audit_call(&flow, *scenario));
            }
            SystemCommand::DiscardChanges => {
                if let Some(editor) = &mut self.editor {
                    editor.discard();
                }
                self.drop_recovery();
            }
            SystemCommand::DiscardAll => {
                if let Some(editor) = &mut self.editor {
                    editor.discard();
                }
                self.drop_recovery();
                for key in self.session.discard_unsaved() {
                    self.drop_recovery_of(&key);
                }
            }
            SystemCommand::Recover(copy) => {
                self.unless_unsaved(SystemCommand::Recover(copy.clone()).into(), |app| app.recover(&copy));
            }
            SystemCommand::DiscardRecovery(copy) => recovery::discard(&copy),
            SystemCommand::AllowOverwrite => self.overwrite_once = true,
            SystemCommand::KeepMine => self.keep_mine(),
            SystemCommand::TakeTheirs => {
                if let Some(path) = self.editor.as_ref().and_then(|e| e.path.clone()) {
                    match crate::flow_json::read_limited(&path) {
                        Ok(bytes) => self.reload_from(&path, &bytes),
                        Err(error) => self.message = Some(error.to_string()),
                    }
                }
            }
            #[cfg(feature = "aws")]
            SystemCommand::Connect(command) => self.connect_system(command),
        }
    }

    fn with_editor(&mut self, change: impl FnOnce(&mut Editor)) {
        if let Some(editor) = &mut self.editor {
            change(editor);
        }
    }

    fn edit(&mut self, edit: Edit, merge: Option<super::intent::MergeKey>) {
        let Some(editor) = &mut self.editor else {
            return;
        };
        let renamed_to = match &edit {
            Edit::RenameAction { to, .. } => Some(to.clone()),
            _ => None,
        };
        match editor.apply(edit, merge) {
            // A renamed block stays selected under its new name.
            Ok(()) => editor.selection.extend(renamed_to),
            Err(error) => self.message = Some(format!("Not done: {error}")),
        }
    }

    /// Moves the selection along the wires, as the arrow keys do on the canvas.
    fn step(&mut self, step: canvas::navigate::Step) {
        let Some(editor) = &self.editor else { return };
        if let Some(next) = canvas::navigate::step(&editor.doc, editor.selection.first(), step) {
            self.apply(Intent::Reveal(next), &egui::Context::default());
        }
    }

    fn select(&mut self, ids: Vec<ActionId>) {
        if let Some(editor) = &mut self.editor {
            editor.selection = ids;
            editor.seal();
        }
    }

    /// Adds a block where it was dropped, or after the selected block (wired from its first
    /// free branch; the Entry point of a flow that leads nowhere yet), else in free space in
    /// view: never on another block. One undo step.
    fn add_block(&mut self, type_name: &str, at: Option<Position>, from: Option<&Pin>) {
        let Some(kind) = ActionKind::new_block(type_name) else {
            return;
        };
        let Some(editor) = &self.editor else { return };
        let doc = &editor.doc;
        let after = match from {
            Some((node, _)) => Some(node.clone()),
            None => editor
                .selection
                .first()
                .map(|id| Node::Block(id.clone()))
                .or_else(|| doc.flow.start.is_none().then_some(Node::EntryPoint)),
        };
        let mut action = Action::new(kind, Position::default());
        let size = canvas::card_size(&action, editor.instance());
        action.set_position(at.unwrap_or_else(|| self.canvas.placement(doc, after.as_ref(), size)));
        let id = action.id.clone();
        let wire = match (from, &after) {
            (Some((node, output)), _) => canvas::wire_edit(doc, node, *output, Some(id.clone())),
            (None, Some(node)) if at.is_none() => first_free_branch(doc, node, &id),
            _ => None,
        };
        let mut edits = vec![Edit::InsertAction { index: usize::MAX, action: Box::new(action) }];
        edits.extend(wire);
        self.edit(Edit::Batch(edits), None);
        self.select(vec![id.clone()]);
        self.canvas.reveal(id);
    }

    /// Copies the selected blocks. They also go to the system clipboard as Connect action JSON:
    /// that is what makes Ctrl+V reach the app (the window sends paste only when the system
    /// clipboard holds text), and it pastes into a text editor as well.
    fn copy(&mut self, ctx: &egui::Context) {
        let Some(editor) = &self.editor else { return };
        self.clipboard = editor.doc.flow.actions.iter().filter(|a| editor.selection.contains(&a.id)).cloned().collect();
        if self.clipboard.is_empty() {
            return;
        }
        let mut copied = FlowDocument::default();
        copied.flow.actions.clone_from(&self.clipboard);
        let actions = crate::flow_json::flow_value(&copied).get("Actions").cloned().unwrap_or_default();
        ctx.copy_text(serde_json::to_string_pretty(&actions).unwrap_or_default());
        self.message = Some(format!("Copied {} block(s)", self.clipboard.len()));
    }

    /// Pastes copies with new identifiers, together as they were copied, into free space in
    /// view; wires between pasted blocks follow them, wires to blocks left behind are dropped.
    fn paste(&mut self) {
        let Some(editor) = &self.editor else { return };
        if self.clipboard.is_empty() {
            return;
        }
        let instance = editor.instance();
        let group = self
            .clipboard
            .iter()
            .map(|a| {
                Rect::from_min_size(
                    canvas::layout::pos2(a.position().unwrap_or_default()),
                    canvas::card_size(a, instance),
                )
            })
            .reduce(Rect::union)
            .unwrap_or(Rect::NOTHING);
        let shift = self.canvas.paste_offset(&editor.doc, group);
        let fresh: Vec<(ActionId, ActionId)> =
            self.clipboard.iter().map(|a| (a.id.clone(), ActionId::generate())).collect();
        let renamed = |id: &ActionId| fresh.iter().find(|(old, _)| old == id).map(|(_, new)| new.clone());
        let mut edits = Vec::new();
        for (action, (_, new_id)) in self.clipboard.iter().zip(&fresh) {
            let position = action.position().unwrap_or_default();
            let mut copy = Action::with_id(
                new_id.clone(),
                action.kind.clone(),
                Position { x: (position.x + f64::from(shift.x)).round(), y: (position.y + f64::from(shift.y)).round() },
            );
            copy.transitions = action.transitions.clone();
            copy.transitions.next = copy.transitions.next.as_ref().and_then(renamed);
            copy.transitions.errors.retain_mut(|e| renamed(&e.next).map(|n| e.next = n).is_some());
            copy.transitions.conditions.retain_mut(|c| renamed(&c.next).map(|n| c.next = n).is_some());
            edits.push(Edit::InsertAction { index: usize::MAX, action: Box::new(copy) });
        }
        self.edit(Edit::Batch(edits), None);
        self.select(fresh.into_iter().map(|(_, new)| new).collect());
    }

    /// Whether any flow, open or left open in the session, has unsaved changes.
    pub fn has_unsaved(&self) -> bool {
        self.editor.as_ref().is_some_and(Editor::is_dirty) || self.session.unsaved().next().is_some()
    }

    /// The names of the flows with unsaved changes: the open one first, then the others.
    pub fn unsaved_flows(&self) -> Vec<String> {
        let open = self.editor.iter().filter(|e| e.is_dirty());
        open.chain(self.session.unsaved()).map(Editor::flow_name).collect()
    }

    /// Runs `proceed` now, or first asks, once for every flow with unsaved changes, whether to
    /// save them (then `intent` again): for what replaces or ends the whole session (quit, open
    /// another workspace, pull).
    pub(super) fn unless_unsaved(&mut self, intent: Intent, proceed: impl FnOnce(&mut Self)) {
        let flows = self.unsaved_flows();
        if flows.is_empty() {
            proceed(self);
        } else if self.dialog.is_none() {
            // A question already asked (a save that found the file changed) stays on screen.
            self.dialog = Some(Dialog::Unsaved { flows, all: true, then: Box::new(intent) });
        }
    }

    /// Runs `proceed` (which leaves the open flow for another) now: the session keeps the open
    /// flow's unsaved changes. Only a flow that has no path to be kept under (a new flow outside
    /// a workspace) asks first.
    fn unless_unkeepable(&mut self, intent: Intent, proceed: impl FnOnce(&mut Self)) {
        match self.editor.as_ref().filter(|e| !Session::can_keep(e)) {
            None => proceed(self),
            Some(editor) if self.dialog.is_none() => {
                let flows = vec![editor.flow_name()];
                self.dialog = Some(Dialog::Unsaved { flows, all: false, then: Box::new(intent) });
            }
            Some(_) => {}
        }
    }

    fn new_flow(&mut self, name: &str) {
        let path = self.session.path_for_new_flow(name);
        // A new flow of that name already open (unsaved) in this session: go back to it.
        if let Some(path) = path.as_ref().filter(|p| self.session.kept(p).is_some_and(|e| !e.is_on_disk())) {
            self.switch_to(path);
            self.message = Some(format!("'{name}' is already open here, not saved yet"));
            return;
        }
        self.panels.test_call = super::test_call::TestCallState::default();
        self.stop_comparing();
        let doc = FlowDocument::new_outbound_whisper(name);
        self.keep_editor();
        self.editor = Some(Editor::new_unsaved(path, doc, self.session.instance.clone()));
        self.canvas.reset();
        self.message = Some(format!("Created outbound whisper flow '{name}' (not saved yet)"));
    }

    /// Opens the flow at `index` of the list (see [`DesignerApp::switch_to`]).
    pub(super) fn switch_flow(&mut self, index: usize) {
        if let Some(path) = self.session.flows.get(index).map(|f| f.path.clone()) {
            self.switch_to(&path);
        }
    }

    /// Opens the flow at `path`, leaving the open one to the session. A flow left with unsaved
    /// changes (or new) comes back as it was left, file base included; a clean one with the
    /// editor it had (undo history, selection) when its file has not changed since, else fresh
    /// from the file.
    pub(super) fn switch_to(&mut self, path: &std::path::Path) {
        if self.editor.as_ref().and_then(|e| e.path.as_deref()) == Some(path) {
            return;
        }
        let unsaved = self.session.kept(path).is_some_and(|e| e.is_dirty() || !e.is_on_disk());
        let (editor, fresh) = if unsaved {
            (self.session.take(path), false)
        } else {
            match file_base::load(path) {
                Ok((doc, disk)) => {
                    let kept = self.session.take_kept(path, Some(&doc));
                    let fresh = kept.is_none();
                    let mut editor =
                        kept.unwrap_or_else(|| Editor::new(Some(path.to_owned()), doc, self.session.instance.clone()));
                    editor.disk = Some(disk);
                    editor.disk_seen = None;
                    (Some(editor), fresh)
                }
                Err(error) => {
                    self.message = Some(error.to_string());
                    return;
                }
            }
        };
        let Some(mut editor) = editor else { return };
        self.panels.test_call = super::test_call::TestCallState::default();
        self.stop_comparing();
        editor.set_instance(self.session.instance.clone());
        self.keep_editor();
        self.editor = Some(editor);
        self.canvas.reset();
        if fresh {
            self.offer_recovery();
            self.ask_flow_type();
        }
    }

    /// Saves every flow with unsaved changes, the open one last. A flow that cannot be saved
    /// without a question (or at all) is opened, with the question, and the others wait.
    fn save_all(&mut self) {
        if self.session.read_only.is_some() {
            self.save(None);
            return;
        }
        let mut count = 0;
        // A flow whose save must first ask (its file changed on disk) is passed over; the others
        // are saved, then the first one passed over is shown with its question.
        let mut asking: Option<(Option<PathBuf>, Dialog)> = None;
        if self.editor.as_ref().is_some_and(Editor::is_dirty) {
            let path = self.editor.as_ref().and_then(|e| e.path.clone());
            if self.save(None) {
                count += 1;
            } else if let Some(dialog) = self.dialog.take() {
                asking = Some((path, dialog));
            } else {
                return;
            }
        }
        let paths: Vec<PathBuf> = self.session.unsaved().filter_map(|e| e.path.clone()).collect();
        for path in paths {
            let Some(kept) = self.session.take(&path) else { continue };
            // Saved as if open: the open flow and its comparison step aside meanwhile.
            let open = self.editor.replace(kept);
            let comparison = self.comparison.take();
            let saved = self.save(None);
            let kept = std::mem::replace(&mut self.editor, open);
            self.comparison = comparison;
            if let Some(kept) = kept {
                self.session.keep(kept);
            }
            if saved {
                count += 1;
            } else if let Some(dialog) = self.dialog.take() {
                asking.get_or_insert((Some(path), dialog));
            } else {
                // Refused outright (the error is in the message): stop there, on that flow.
                self.switch_to(&path);
                return;
            }
        }
        if let Some((path, dialog)) = asking {
            let open = self.editor.as_ref().and_then(|e| e.path.clone());
            if let Some(path) = path.filter(|p| Some(p) != open.as_ref()) {
                self.switch_to(&path);
            }
            self.dialog = Some(dialog);
            if count > 0 {
                self.message = Some(format!("Saved {}; this one asks first", crate::words::count(count, "flow")));
            }
            return;
        }
        if count > 1 {
            self.message = Some(format!("Saved {}", crate::words::count(count, "flow")));
        }
    }

    /// Leaves the open flow: the session keeps its editor (unsaved changes included) for when
    /// it is opened again.
    fn keep_editor(&mut self) {
        if let Some(editor) = self.editor.take() {
            self.session.keep(editor);
        }
    }

    pub fn open(&mut self, path: &std::path::Path) {
        self.panels.test_call = super::test_call::TestCallState::default();
        self.stop_comparing();
        // This window's own lock must not make the workspace it opens again read-only.
        self.session.release_lock();
        match Session::open(path) {
            Ok((session, editor)) => {
                self.session = session;
                self.editor = editor;
                self.canvas.reset();
                self.settings.last_path = Some(path.to_owned());
                self.settings.save();
                self.offer_recovery();
                self.ask_flow_type();
                self.message = Some(format!("Opened {}", path.display()));
            }
            Err(error) => {
                self.session.relock();
                self.message = Some(error.to_string());
            }
        }
    }

    /// Saves the open flow (to `to`, else to its file, else asks where). A published flow
    /// edited since it was published is saved as "saved", as Connect does.
    /// Whether it was written.
    fn save(&mut self, to: Option<&PathBuf>) -> bool {
        let status = self.editor.as_ref().and_then(Editor::status_to_save);
        let then = to.map_or_else(|| UiCommand::Save.into(), |to| SystemCommand::SaveAs(to.clone()).into());
        self.save_with_status(to, status, then)
    }

    /// Writes the open flow with `status` in its metadata; the status is set back when the
    /// write fails, so the window never says what the file does not. Whether it was written.
    /// A file that no longer holds what the window read (changed or deleted outside it), or a
    /// file already there for a new flow, is not written over without asking; a folder that is
    /// gone is not recreated.
    /// `then` is what to do again once the user said yes to a question the guard asked.
    fn save_with_status(&mut self, to: Option<&PathBuf>, status: Option<FlowStatus>, then: Intent) -> bool {
        if let Some(holder) = &self.session.read_only {
            self.dialog = Some(Dialog::Notice {
                title: "Read-only window".into(),
                text: format!(
                    "Not saved: {holder} is writing this workspace. This window is read-only so the two cannot \
                     overwrite each other's work; close the other one, then open the workspace again here."
                ),
            });
            return false;
        }
        let Some(editor) = &mut self.editor else {
            return false;
        };
        let Some(path) = to.cloned().or_else(|| editor.path.clone()) else {
            self.dialog = Some(Dialog::path(PathPurpose::SaveAs, self.session.root.clone()));
            return false;
        };
        let own_file = editor.path.as_deref() == Some(path.as_path()) && editor.is_on_disk();
        if !std::mem::take(&mut self.overwrite_once) {
            match guard(own_file.then_some(editor.disk.as_ref()).flatten(), &path) {
                Guard::Go => {}
                Guard::Ask(kind) => {
                    self.dialog =
                        Some(Dialog::ChangedOnDisk { flow: editor.flow_name(), kind, then: Some(Box::new(then)) });
                    return false;
                }
                Guard::Refuse(why) => {
                    self.message = Some(format!("Not saved: {why}"));
                    self.dialog = Some(Dialog::Notice { title: "Not saved".into(), text: why });
                    return false;
                }
            }
        }
        let was_dirty = editor.is_dirty();
        let old_key = editor.recovery_key();
        let before = editor.set_status(status);
        let saved =
            if own_file { file_base::save(&path, &editor.doc) } else { file_base::save_new(&path, &editor.doc) };
        match saved {
            Ok(disk) => {
                editor.saved_to(path.clone(), disk);
                self.drop_recovery_of(&old_key);
                if let Some(root) = &self.session.root
                    && let Err(error) = crate::workspace::gitignore::ensure(root)
                {
                    self.message = Some(format!("Saved {}; .gitignore not updated: {error}", path.display()));
                } else {
                    self.message = Some(format!("Saved {}", path.display()));
                }
                self.session.refresh();
                self.compare_with_saved_again();
                true
            }
            Err(error) => {
                editor.set_status(before);
                if !was_dirty {
                    editor.mark_saved();
                }
                self.message = Some(format!("Not saved: {error}"));
                self.dialog = Some(Dialog::Notice { title: "Not saved".into(), text: error.to_string() });
                false
            }
        }
    }

    /// Publishes the open flow: refused, with the list, while errors remain; else saved with
    /// the status "published".
    fn publish(&mut self) {
        let Some(editor) = &self.editor else { return };
        let blockers: Vec<String> = editor
            .report
            .publishing_blockers()
            .map(|d| {
                let block = d
                    .action
                    .as_ref()
                    .and_then(|id| editor.doc.flow.action(id))
                    .map(|a| format!("{}: ", a.display_name()));
                format!("{}{}", block.unwrap_or_default(), d.message)
            })
            .collect();
        if !blockers.is_empty() {
            self.dialog = Some(Dialog::PublishBlocked { errors: blockers });
            return;
        }
        if self.save_with_status(None, Some(FlowStatus::Published), UiCommand::Publish.into())
            && let Some(editor) = &mut self.editor
        {
            editor.mark_published();
            let path = editor.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default();
            self.message = Some(format!("Published {path}"));
        }
    }

    fn update_queue(&mut self, name: &str, queue: crate::instance::Queue) {
        let Some(instance) = self.session.instance.as_mut().map(Arc::make_mut) else {
            return;
        };
        let Some(slot) = instance.queues.iter_mut().find(|q| q.name == name) else {
            return;
        };
        *slot = queue;
        self.message = Some(match self.session.save_instance() {
            Ok(()) => "Saved the queue settings to instance.json".into(),
            Err(error) => format!("Queue settings not saved: {error}"),
        });
        if let Some(editor) = &mut self.editor {
            editor.set_instance(self.session.instance.clone());
        }
    }

    /// Opens a recovery copy left by a window that ended without saving, as unsaved changes of
    /// its flow (a new flow stays new). Its base is what the file held when that editing began,
    /// so a file changed since is not written over without asking.
    fn recover(&mut self, copy: &std::path::Path) {
        let Some(note) = recovery::note_of(copy) else {
            self.message = Some(format!("The recovery copy {} is gone", copy.display()));
            return;
        };
        match recovery::load(copy) {
            Ok(doc) => {
                self.keep_editor();
                let instance = self.session.instance.clone();
                let mut recovered = if note.new {
                    Editor::new_unsaved(note.file.clone(), doc, instance)
                } else {
                    let mut editor = Editor::new(note.file.clone(), doc, instance);
                    editor.disk = note.base_sha256.clone().map(FileBase::recorded);
                    editor
                };
                recovered.set_linked(self.session.linked(note.file.as_deref()));
                recovered.mark_unsaved();
                self.editor = Some(recovered);
                self.canvas.reset();
                // This window keeps the work from here (its own copy); the old one goes.
                recovery::discard(copy);
                self.message = Some(format!("Recovered “{}”: save it to keep it", note.flow));
            }
            Err(error) => self.message = Some(format!("The recovery copy cannot be read: {error}")),
        }
    }

    /// After an outside change the user chose to keep this window's version: the file as it is
    /// now becomes the base, so the next save writes over it without asking again.
    fn keep_mine(&mut self) {
        let Some(editor) = &mut self.editor else { return };
        let Some(path) = editor.path.clone() else { return };
        editor.disk = FileBase::read(&path);
        editor.disk_seen = None;
        self.message = Some("Keeping this window's version: the next save writes it".into());
    }

    /// Saves a test call as `calls/<name>.json` in the workspace.
    fn save_test_call(&mut self, name: &str, call: &SavedCall) {
        let Some(root) = &self.session.root else {
            self.message = Some("Open a workspace folder to save test calls in its calls/ folder".into());
            return;
        };
        self.message = Some(match calls::save_call(root, name, call) {
            Ok(path) => {
                self.session.refresh_calls();
                format!("Saved test call {}", path.display())
            }
            Err(error) => format!("Test call not saved: {error:#}"),
        });
    }

    /// Writes a caller-ID matrix as CSV in the workspace's `calls/` folder.
    fn export_matrix(&mut self, flow: &str, csv: &str) {
        let Some(root) = &self.session.root else {
            self.message = Some("Open a workspace folder to export the matrix into".into());
            return;
        };
        self.message = Some(match calls::export_matrix(root, flow, csv) {
            Ok(path) => format!("Exported {}", path.display()),
            Err(error) => format!("Matrix not exported: {error:#}"),
        });
    }

    /// Compares the open flow with its saved file: what the unsaved changes mean.
    fn compare_with_saved(&mut self) {
        match self.editor.as_ref().and_then(|e| e.path.clone()).filter(|p| p.is_file()) {
            Some(path) => self.compare_with(&path),
            None => self.message = Some("This flow has no saved file yet: there is nothing to compare with".into()),
        }
    }

    /// Compares the open flow with the flow in `file`.
    fn compare_with(&mut self, file: &std::path::Path) {
        let Some(editor) = &self.editor else { return };
        match crate::flow_json::load(file) {
            Ok(old) => {
                let saved = editor.path.as_deref() == Some(file);
                let against = if saved { "the saved file".to_owned() } else { file.display().to_string() };
                let mut comparison = Comparison::new(against, old, &editor.doc, editor.revision());
                comparison.with_saved = saved;
                self.comparison = Some(comparison);
                self.panels.bottom = super::app::BottomTab::Changes;
            }
            Err(error) => self.message = Some(format!("Cannot compare: {error}")),
        }
    }

    /// After a save, a comparison with the saved file compares with what was just written.
    fn compare_with_saved_again(&mut self) {
        if self.comparison.as_ref().is_some_and(|c| c.with_saved) {
            let bottom = self.panels.bottom;
            self.compare_with_saved();
            self.panels.bottom = bottom;
        }
    }

    fn stop_comparing(&mut self) {
        self.comparison = None;
        if self.panels.bottom == super::app::BottomTab::Changes {
            self.panels.bottom = super::app::BottomTab::Problems;
        }
    }
}

/// What a save may do to the file at `path`.
enum Guard {
    Go,
    /// Ask first: the file changed or was deleted outside the window, or a new flow's file exists.
    Ask(DiskChange),
    /// Never: the folder is gone.
    Refuse(String),
}

/// The save guard: `base` is what the flow's own file held when read or last written (`None`
/// for a file the flow does not own yet: a new flow's first save, or Save As).
fn guard(base: Option<&FileBase>, path: &std::path::Path) -> Guard {
    match base {
        Some(base) => match base.check(path) {
            OnDisk::Same => Guard::Go,
            OnDisk::Changed(_) => Guard::Ask(DiskChange::Changed),
            OnDisk::Deleted => Guard::Ask(DiskChange::Deleted),
            OnDisk::FolderGone => Guard::Refuse(folder_gone(path)),
        },
        None if path.exists() => Guard::Ask(DiskChange::Exists),
        None => Guard::Go,
    }
}

pub(super) fn folder_gone(path: &std::path::Path) -> String {
    let folder = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
    format!(
        "the folder {folder} is gone (renamed or removed outside whisperwire); it is not recreated, so nothing lands \
         where you did not put it. Use File → Save As to choose where to save this flow."
    )
}

/// The edit wiring the first branch of `node` that leads nowhere to `to`, if it has one.
fn first_free_branch(doc: &FlowDocument, node: &Node, to: &ActionId) -> Option<Edit> {
    let output = match node {
        Node::EntryPoint => doc.flow.start.is_none().then_some(0)?,
        Node::Block(id) => {
            let action = doc.flow.action(id)?;
            canvas::branches::branches(action).iter().position(|b| action.transitions.target(b).is_none())?
        }
    };
    canvas::wire_edit(doc, node, output, Some(to.clone()))
}

/// *Connect branch…* for the selected block: its first branch that leads nowhere, proposed to
/// lead where its first wired branch leads (an Error branch usually joins the success path).
fn connect_branch_dialog(editor: &Editor) -> Dialog {
    let action = editor.selection.first().and_then(|id| editor.doc.flow.action(id));
    let list = action.map(canvas::branches::branches).unwrap_or_default();
    let free = action.and_then(|a| list.iter().position(|b| a.transitions.target(b).is_none()));
    let target = action.and_then(|a| list.iter().find_map(|b| a.transitions.target(b)).cloned());
    Dialog::ConnectBranch { branch: free.unwrap_or(0), target }
}
