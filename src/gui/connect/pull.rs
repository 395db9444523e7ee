//! The Pull dialog: which instance (id or ARN), region and profile, which flows, and which side
//! wins a conflict (a flow or queue field changed here and in Amazon Connect: yours, unless the
//! box is ticked); then the pull on a worker with its progress and Cancel; then what it did:
//! written, kept, in conflict, renamed, drafts. Lives while shown.

use std::path::PathBuf;

use super::job::{Job, Poll, running_ui};
use super::{ConnectCommand, field_ui, non_empty, window};
use crate::connect::pull::pull;
use crate::connect::{ConnectError, PullOptions, PullReport, Settings};
use crate::gui::glyphs::displayable;
use crate::gui::intent::Intent;
use crate::words::count;
use crate::workspace::link::Link;

/// The check box that takes Amazon Connect's side in conflicts (and lets a workspace linked to
/// another instance be linked to this one).
pub const FORCE: &str = "In a conflict, take Amazon Connect's version";

/// What the user typed and ticked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Form {
    instance: String,
    region: String,
    profile: String,
    all_types: bool,
    force: bool,
}

enum Stage {
    Form,
    Running(Job<Result<PullReport, ConnectError>>),
    Done(Box<Result<PullReport, ConnectError>>),
}

pub struct PullDialog {
    root: PathBuf,
    form: Form,
    /// The window's connection settings (a test's stand-in); the form's region and profile
    /// override theirs.
    base: Settings,
    stage: Stage,
    /// The instance field asks for the keyboard once, when the dialog opens.
    focus: bool,
}

/// The dialog's width at every stage, so it does not jump as its content changes.
const DIALOG_WIDTH: f32 = 520.0;

/// What was clicked this frame.
enum Click {
    Nothing,
    Pull,
    Cancel,
    Close,
    Again,
}

impl PullDialog {
    /// The dialog for the workspace at `root`, filled in from its link when it has one.
    pub fn new(root: PathBuf, link: Option<&Link>, base: &Settings) -> Self {
        let form = link.map_or_else(
            || Form { region: base.region.clone().unwrap_or_default(), ..Form::default() },
            |link| Form {
                instance: link.instance_id.clone(),
                region: link.region.clone(),
                profile: link.profile.clone().unwrap_or_default(),
                all_types: link.all_types,
                force: false,
            },
        );
        Self { root, form, base: base.clone(), stage: Stage::Form, focus: true }
    }

    /// Draws the dialog; whether it stays open.
    pub fn ui(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) -> bool {
        self.poll(intents);
        let mut click = Click::Nothing;
        window("Pull from Amazon Connect").show(ctx, |ui| {
            ui.set_width(DIALOG_WIDTH);
            if let Stage::Running(_) = &self.stage {
                ui.label(format!("Pulling instance {} into {}", self.form.instance.trim(), self.root.display()));
            }
            click = match &self.stage {
                Stage::Form => form_ui(ui, &mut self.form, &self.root, std::mem::take(&mut self.focus)),
                Stage::Running(job) if running_ui(ui, &job.state(ctx), job.is_cancelled()) => Click::Cancel,
                Stage::Running(_) => Click::Nothing,
                Stage::Done(result) => done_ui(ui, result),
            };
        });
        match click {
            Click::Nothing => true,
            Click::Close => false,
            Click::Again => {
                self.stage = Stage::Form;
                true
            }
            Click::Cancel => {
                if let Stage::Running(job) = &self.stage {
                    job.cancel();
                }
                true
            }
            Click::Pull => {
                self.start(ctx);
                true
            }
        }
    }

    fn start(&mut self, ctx: &egui::Context) {
        let mut settings = self.base.clone();
        settings.region = non_empty(&self.form.region);
        settings.profile = non_empty(&self.form.profile);
        let options = PullOptions {
            instance: self.form.instance.trim().to_owned(),
            settings,
            all_types: self.form.all_types,
            force: self.form.force,
        };
        let root = self.root.clone();
        self.stage = Stage::Running(Job::start(ctx, move |progress| pull(&root, &options, progress)));
    }

    /// Takes the worker's answer when it comes; the workspace is then read again (a stopped or
    /// failed pull may have written some files already).
    fn poll(&mut self, intents: &mut Vec<Intent>) {
        let Stage::Running(job) = &self.stage else { return };
        let result = match job.poll() {
            Poll::Running => return,
            Poll::Done(result) => result,
            Poll::Lost => Err(ConnectError::Workspace("the pull stopped unexpectedly".into())),
        };
        let message = match &result {
            // The status bar has room for a few words: the dialog lists the conflicts.
            Ok(report) if report.refused() => format!(
                "Pulled {}; {} (yours kept)",
                count(flow_count(report), "flow"),
                count(report.conflicts.len() + report.queue_conflicts.len(), "conflict")
            ),
            Ok(report) => format!("Pulled {}", count(flow_count(report), "flow")),
            Err(_) => "The pull did not finish".to_owned(),
        };
        intents.push(ConnectCommand::Reload { message }.into());
        self.stage = Stage::Done(Box::new(result));
    }
}

fn form_ui(ui: &mut egui::Ui, form: &mut Form, root: &std::path::Path, focus: bool) -> Click {
    egui::Grid::new("pull form").num_columns(2).spacing([12.0, 6.0]).show(ui, |ui| {
        let instance = field_ui(ui, "Instance id or ARN", &mut form.instance, "the instance id, or its ARN");
        if focus {
            instance.request_focus();
        }
        field_ui(ui, "Region", &mut form.region, "the profile's region, or AWS_REGION");
        field_ui(ui, "Profile", &mut form.profile, "the default profile");
    });
    ui.add_space(2.0);
    ui.checkbox(&mut form.all_types, "All flow types")
        .on_hover_text("Every flow of the instance, not only outbound whisper flows");
    ui.checkbox(&mut form.force, FORCE).on_hover_text(
        "A flow or queue setting changed both here and in Amazon Connect since the last pull takes Amazon \
         Connect's version (unticked: yours is kept and listed). Edits made only here are always kept.",
    );
    ui.add_space(4.0);
    ui.label(
        egui::RichText::new(format!(
            "Writes the flows, instance.json and the link file into {}. Credentials come from the AWS \
             profile or environment; none are stored.",
            root.display()
        ))
        .weak(),
    );
    ui.add_space(6.0);
    let mut click = Click::Nothing;
    ui.horizontal(|ui| {
        let ready = !form.instance.trim().is_empty();
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.add_enabled(ready, egui::Button::new("Pull")).clicked() || (ready && enter) {
            click = Click::Pull;
        }
        if ui.button("Cancel").clicked() {
            click = Click::Close;
        }
    });
    click
}

fn done_ui(ui: &mut egui::Ui, result: &Result<PullReport, ConnectError>) -> Click {
    let mut click = Click::Nothing;
    match result {
        Ok(report) => {
            egui::ScrollArea::vertical().max_height(360.0).auto_shrink([false, true]).show(ui, |ui| {
                for (tone, line) in report_lines(report) {
                    let text = egui::RichText::new(displayable(&line));
                    let text = match tone {
                        Tone::Plain => text,
                        Tone::Warn => text.color(ui.visuals().warn_fg_color),
                    };
                    ui.add(egui::Label::new(text).wrap());
                }
                for warning in &report.warnings {
                    let text = egui::RichText::new(format!("⚠ {warning}")).color(ui.visuals().warn_fg_color);
                    ui.add(egui::Label::new(text).wrap());
                }
            });
        }
        Err(ConnectError::Cancelled) => {
            ui.label("Pull stopped. Files already written stay, and the link file records them.");
        }
        Err(error) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("Pull failed: {}", super::sentence(error)));
        }
    }
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let close = ui.button("Close");
        crate::gui::dialogs::hold_focus(ui, &close);
        if close.clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            click = Click::Close;
        }
        if result.is_err() && ui.button("Try again").clicked() {
            click = Click::Again;
        }
    });
    click
}

/// How a line of the report is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tone {
    Plain,
    /// Something the user should look at: a conflict, a file left alone.
    Warn,
}

/// The flows the pull read: written, unchanged, kept or in conflict.
fn flow_count(report: &PullReport) -> usize {
    report.written.len() + report.unchanged.len() + report.kept_local.len() + report.conflicts.len()
}

/// What a pull did, in a few lines.
fn report_lines(report: &PullReport) -> Vec<(Tone, String)> {
    let plain = |text: String| (Tone::Plain, text);
    let mut lines = vec![plain(format!("Pulled instance {} ({}).", report.instance_id, report.region))];
    let mut flows = vec![format!("{} written", report.written.len()), format!("{} unchanged", report.unchanged.len())];
    if !report.kept_local.is_empty() {
        flows.push(format!("{} kept (edited here)", report.kept_local.len()));
    }
    if !report.conflicts.is_empty() {
        flows.push(format!("{} in conflict", report.conflicts.len()));
    }
    lines.push(plain(format!("Flows: {}.", flows.join(", "))));
    if !report.conflicts.is_empty() || !report.queue_conflicts.is_empty() {
        let items: Vec<&str> = report.conflicts.iter().chain(&report.queue_conflicts).map(String::as_str).collect();
        lines.push((
            Tone::Warn,
            format!(
                "Changed here and in Amazon Connect since the last pull, so yours were kept: {}. To take Amazon \
                 Connect's, tick “{FORCE}” and pull again; to send yours, publish and choose “Use mine”.",
                items.join(", ")
            ),
        ));
    }
    if !report.kept_local.is_empty() || !report.queues_kept.is_empty() {
        let items: Vec<&str> = report.kept_local.iter().chain(&report.queues_kept).map(String::as_str).collect();
        lines.push(plain(format!(
            "Edited here and not in Amazon Connect, so kept for the next publish: {}.",
            items.join(", ")
        )));
    }
    for (wanted, got) in &report.renamed {
        lines.push((
            Tone::Warn,
            format!(
                "{wanted} is not linked to this flow, so it was left alone; the flow was written to {got} instead."
            ),
        ));
    }
    if !report.drafts.is_empty() {
        lines.push(plain(format!(
            "Saved in Amazon Connect but not published (the files hold the saved version): {}.",
            report.drafts.join(", ")
        )));
    }
    if !report.gone.is_empty() {
        lines.push(plain(format!("No longer in Amazon Connect (their files stay): {}.", report.gone.join(", "))));
    }
    lines.push(plain(format!(
        "Also read: {}, {}, {}, {}.",
        count(report.numbers, "phone number"),
        count(report.queues, "queue"),
        count(report.lambdas, "Lambda function"),
        count(report.prompts, "prompt")
    )));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_names_kept_flows_and_counts_the_inventory() {
        let report = PullReport {
            instance_id: "i-1".into(),
            region: "eu-west-2".into(),
            written: vec!["flows/a.json".into()],
            unchanged: vec!["flows/b.json".into(), "flows/c.json".into()],
            kept_local: vec!["flows/d.json".into()],
            numbers: 2,
            queues: 1,
            ..PullReport::default()
        };
        let lines: Vec<String> = report_lines(&report).into_iter().map(|(_, line)| line).collect();
        assert_eq!(lines[1], "Flows: 1 written, 2 unchanged, 1 kept (edited here).");
        assert!(lines[2].contains("flows/d.json"), "{lines:?}");
        assert_eq!(lines.last().unwrap(), "Also read: 2 phone numbers, 1 queue, 0 Lambda functions, 0 prompts.");
    }

    #[test]
    fn conflicts_renamed_files_and_drafts_each_get_their_line() {
        let report = PullReport {
            conflicts: vec!["flows/a.json".into()],
            queue_conflicts: vec!["queue \"US Sales\": caller ID name".into()],
            renamed: vec![("flows/b.json".into(), "flows/b-2.json".into())],
            drafts: vec!["Sales whisper".into()],
            ..PullReport::default()
        };
        let lines = report_lines(&report);
        assert_eq!(lines[1].1, "Flows: 0 written, 0 unchanged, 1 in conflict.");
        let (tone, conflict) = &lines[2];
        assert_eq!(*tone, Tone::Warn);
        assert!(
            conflict.contains("so yours were kept: flows/a.json, queue \"US Sales\": caller ID name."),
            "{conflict}"
        );
        assert!(conflict.contains(FORCE), "{conflict}");
        assert_eq!(
            lines[3].1,
            "flows/b.json is not linked to this flow, so it was left alone; the flow was written to flows/b-2.json instead."
        );
        assert_eq!(
            lines[4].1,
            "Saved in Amazon Connect but not published (the files hold the saved version): Sales whisper."
        );
    }
}
