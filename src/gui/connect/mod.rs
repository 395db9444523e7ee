//! The window's side of Amazon Connect (feature `aws`): the *Amazon Connect* menu's Pull dialog
//! and Publish preview, the link summary of the status bar, and Amazon Connect's own findings
//! for the Problems panel. The SDK runs on worker threads ([`job`]); the window only polls.
//! `ConnectState` lives as long as the window; a dialog lives while shown.

mod job;
mod preview;
mod promote;
mod publish;
mod pull;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::app::DesignerApp;
use super::commands::UiCommand;
use super::intent::{Intent, SystemCommand};
use crate::connect::{ConnectError, Settings};
use crate::workspace::link::Link;
use crate::workspace::names;

pub use promote::PromoteDialog;
pub use publish::PublishDialog;
pub use pull::PullDialog;

/// What the window remembers about Amazon Connect.
#[derive(Default)]
pub struct ConnectState {
    /// Where pull and publish connect: region and profile come from the Pull dialog or the
    /// link; unit tests put their stand-in here (`settings.stand_in`).
    pub settings: Settings,
    pub dialog: Option<ConnectDialog>,
    /// Amazon Connect's own findings at the last publish, by flow name; cleared by the next.
    pub findings: BTreeMap<String, Vec<String>>,
}

pub enum ConnectDialog {
    Pull(Box<PullDialog>),
    Publish(Box<PublishDialog>),
    Promote(Box<PromoteDialog>),
}

/// What a Connect dialog asks the app to do once its worker is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectCommand {
    /// The workspace changed on disk: read it again (and reopen the open flow).
    Reload { message: String },
    /// Amazon Connect refused these flows' content, with its findings, by flow name.
    Findings(BTreeMap<String, Vec<String>>),
}

impl From<ConnectCommand> for Intent {
    fn from(command: ConnectCommand) -> Self {
        SystemCommand::Connect(command).into()
    }
}

/// The workspace's link as the status bar shows it; read on open, save, pull and publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkSummary {
    pub instance_id: String,
    pub region: String,
    /// Flows edited here or not yet in Amazon Connect.
    pub differing: usize,
}

impl LinkSummary {
    /// The summary of `link`, the link of the workspace at `root` (whose flow files it hashes).
    pub fn of(link: &Link, root: &Path) -> Self {
        let differing = link.differing_flows(root);
        Self { instance_id: link.instance_id.clone(), region: link.region.clone(), differing }
    }

    /// "Linked to … (eu-west-2) · 2 flows differ", or "· in sync".
    pub fn text(&self) -> String {
        let state = match self.differing {
            0 => "in sync".to_owned(),
            1 => "1 flow differs".to_owned(),
            n => format!("{n} flows differ"),
        };
        format!("Linked to {} ({}) · {state}", self.instance_id, self.region)
    }
}

/// The status bar's words for a workspace without a link.
pub const NOT_LINKED: &str = "Not linked to Amazon Connect";

/// Draws the open Connect dialog, if any; its worker's results come back as intents.
pub fn ui(ctx: &egui::Context, open_dialog: &mut Option<ConnectDialog>, intents: &mut Vec<Intent>) {
    let Some(dialog) = open_dialog else { return };
    let open = match dialog {
        ConnectDialog::Pull(pull) => pull.ui(ctx, intents),
        ConnectDialog::Publish(publish) => publish.ui(ctx, intents),
        ConnectDialog::Promote(promote) => promote.ui(ctx, intents),
    };
    if !open {
        *open_dialog = None;
    }
}

/// A dialog window of the Connect menu, centred, sized to its content.
fn window(title: &str) -> egui::Window<'static> {
    egui::Window::new(title.to_owned())
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .min_width(460.0)
}

/// One row of a form grid: a label and its single-line text field (labelled by it, for screen
/// readers and tests alike).
fn field_ui(ui: &mut egui::Ui, label: &str, text: &mut String, hint: &str) -> egui::Response {
    let label = ui.label(label);
    let field = ui.add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(340.0)).labelled_by(label.id);
    ui.end_row();
    field
}

/// `settings` with the window's way in to Amazon Connect: in unit tests, their stand-in.
#[cfg(test)]
fn with_access(mut settings: Settings, base: &Settings) -> Settings {
    settings.stand_in.clone_from(&base.stand_in);
    settings
}

#[cfg(not(test))]
fn with_access(settings: Settings, _base: &Settings) -> Settings {
    settings
}

/// The error's sentence as the window says it: the command line's flags become the dialogs'
/// fields and check boxes.
pub fn sentence(error: &ConnectError) -> String {
    const WORDS: [(&str, &str); 7] = [
        ("pass --region, ", "fill in Region, "),
        ("(--profile, AWS_PROFILE)", "(the Profile field, or AWS_PROFILE)"),
        ("check the instance id and --region", "check the instance id and the region"),
        ("pass --instance-id with an id or an instance ARN", "type the instance id or ARN"),
        ("pull --force to link it to", "tick “In a conflict, take Amazon Connect's version” to link it to"),
        ("publish --force to", "choose “Use mine” in the preview to"),
        ("pull --force", "a pull with “In a conflict, take Amazon Connect's version” ticked"),
    ];
    WORDS.iter().fold(error.to_string(), |text, (cli, window)| text.replace(cli, window))
}

/// A text box's content, or `None` when empty.
fn non_empty(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

impl DesignerApp {
    /// The Amazon Connect menu's commands, and the Publish command on a linked workspace.
    pub(super) fn connect_command(&mut self, command: UiCommand, ctx: &egui::Context) {
        match command {
            UiCommand::PullFromInstance => self.unless_unsaved(command.into(), Self::open_pull),
            UiCommand::PublishToConnect => {
                self.unless_unsaved(command.into(), |app| app.open_publish(ctx, Vec::new()));
            }
            UiCommand::Publish => self.unless_unsaved(command.into(), |app| {
                let flow = app.editor.as_ref().and_then(|e| e.path.as_deref()).map(names::stem_of);
                app.open_publish(ctx, flow.into_iter().collect());
            }),
            UiCommand::PromoteTo => self.unless_unsaved(command.into(), |app| {
                let Some(root) = app.session.root.clone() else { return };
                let flow = app.editor.as_ref().and_then(|e| e.path.as_deref()).map(names::stem_of);
                app.connect.dialog = Some(ConnectDialog::Promote(Box::new(PromoteDialog::new(root, flow))));
            }),
            _ => {}
        }
    }

    /// Whether the open workspace is linked to an Amazon Connect instance.
    pub(super) fn is_linked(&self) -> bool {
        self.session.link.is_some()
    }

    fn open_pull(&mut self) {
        let Some(root) = self.session.root.clone() else { return };
        let link = Link::load(&root).ok().flatten();
        self.connect.dialog =
            Some(ConnectDialog::Pull(Box::new(PullDialog::new(root, link.as_ref(), &self.connect.settings))));
    }

    fn open_publish(&mut self, ctx: &egui::Context, flows: Vec<String>) {
        let Some(root) = self.session.root.clone() else { return };
        let dialog = if self.is_linked() {
            PublishDialog::start(ctx, root, flows, self.connect.settings.clone())
        } else {
            PublishDialog::not_linked(root)
        };
        self.connect.findings.clear();
        self.connect.dialog = Some(ConnectDialog::Publish(Box::new(dialog)));
    }

    /// What a Connect dialog asked for.
    pub(super) fn connect_system(&mut self, command: ConnectCommand) {
        match command {
            ConnectCommand::Reload { message } => {
                let kept = self.editor.as_ref().is_some_and(super::editor::Editor::is_dirty);
                self.reload_workspace();
                self.message = Some(if kept {
                    format!("{message}; the open flow has unsaved changes, so it was not read again")
                } else {
                    message
                });
            }
            ConnectCommand::Findings(findings) => self.connect.findings = findings,
        }
    }

    /// Reads the workspace again after pull or publish changed its files, and reopens the flow
    /// that was open (the first one when it is gone).
    fn reload_workspace(&mut self) {
        let Some(root) = self.session.root.clone() else { return };
        if self.editor.as_ref().is_some_and(super::editor::Editor::is_dirty) {
            // Edited while the worker ran: the flow list and the link are read again, the open
            // flow and its changes stay.
            self.session.refresh();
            return;
        }
        let was_open: Option<PathBuf> = self.editor.as_ref().and_then(|e| e.path.clone());
        self.open(&root);
        if let Some(index) = was_open.and_then(|path| self.session.flows.iter().position(|f| f.path == path))
            && self.editor.as_ref().and_then(|e| e.path.as_ref()) != self.session.flows.get(index).map(|f| &f.path)
        {
            self.switch_flow(index);
        }
    }
}

#[cfg(test)]
mod promote_tests;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn errors_name_the_dialogs_fields_not_the_command_lines_flags() {
        let error =
            ConnectError::Config("no AWS region: pass --region, set AWS_REGION, or give the profile a region".into());
        assert_eq!(sentence(&error), "no AWS region: fill in Region, set AWS_REGION, or give the profile a region");
        let conflict = ConnectError::Drift(
            "changed here and in Amazon Connect; Connect's value kept (caller ID name); publish --force to send yours"
                .into(),
        );
        assert!(
            sentence(&conflict).ends_with("choose “Use mine” in the preview to send yours"),
            "{}",
            sentence(&conflict)
        );
        let summary = LinkSummary { instance_id: "i".into(), region: "r".into(), differing: 2 };
        assert_eq!(summary.text(), "Linked to i (r) · 2 flows differ");
    }
}
