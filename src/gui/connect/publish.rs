//! The Publish preview: on a worker, the workspace is read and validated (flows with errors
//! stop everything before any connection), then Amazon Connect is read to say, per flow, what
//! publishing changes (its semantic diff), which flows are new and which were changed in
//! Amazon Connect meanwhile (drift), and which queue settings change. Confirm sends it, on the
//! worker again, and lists what happened to each flow and queue. Lives while shown.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use egui::RichText;

use super::job::{Job, Poll, running_ui};
use super::{ConnectCommand, window};
use crate::connect::publish::{self, Blocked, Outcome, Prepared};
use crate::connect::{ConnectError, FlowPlan, FlowStep, PublishOptions, PublishPlan, PublishReport, Session, Settings};
use crate::diff::{FlowDiff, change_line};
use crate::gui::glyphs::displayable;
use crate::gui::intent::Intent;
use crate::words::count;

/// A plan read from Amazon Connect, with what it takes to carry it out.
struct Planned {
    session: Session,
    prepared: Prepared,
    plan: PublishPlan,
}

/// What the planning worker found.
enum Planning {
    /// Flows with validation errors: nothing may be sent.
    Blocked(Vec<Blocked>),
    Planned(Box<Planned>),
}

enum Stage {
    Planning(Job<Result<Planning, ConnectError>>),
    Blocked(Vec<Blocked>),
    Preview(Box<Planned>),
    Sending(Job<PublishReport>),
    Done(PublishReport),
    Failed(ConnectError),
}

pub struct PublishDialog {
    root: PathBuf,
    /// The flows to publish by name or file stem; empty: every flow of the workspace.
    flows: Vec<String>,
    base: Settings,
    force: bool,
    save_only: bool,
    stage: Stage,
    /// The flows the confirmed plan found up to date: the results list them on one line.
    up_to_date: Vec<String>,
}

/// The dialog's width at every stage, so it does not jump as its content changes.
const DIALOG_WIDTH: f32 = 640.0;

/// What was clicked this frame.
enum Click {
    Nothing,
    Close,
    /// Stop the worker.
    Cancel,
    /// Read the plan again (an option changed, or after a failure).
    Replan,
    Confirm,
}

impl PublishDialog {
    /// Opens the preview and starts planning at once.
    pub fn start(ctx: &egui::Context, root: PathBuf, flows: Vec<String>, base: Settings) -> Self {
        let mut dialog = Self {
            root,
            flows,
            base,
            force: false,
            save_only: false,
            stage: Stage::Failed(ConnectError::Cancelled),
            up_to_date: Vec::new(),
        };
        dialog.plan(ctx);
        dialog
    }

    /// The dialog for a workspace no pull has linked yet: it says what to do first.
    pub fn not_linked(root: PathBuf) -> Self {
        let error = ConnectError::Config(
            "this workspace is not linked to an Amazon Connect instance yet; choose Amazon Connect ➡ Pull from \
             instance… first"
                .to_owned(),
        );
        Self {
            root,
            flows: Vec::new(),
            base: Settings::default(),
            force: false,
            save_only: false,
            stage: Stage::Failed(error),
            up_to_date: Vec::new(),
        }
    }

    fn plan(&mut self, ctx: &egui::Context) {
        let options = PublishOptions {
            flows: self.flows.clone(),
            force: self.force,
            save_only: self.save_only,
            ..PublishOptions::default()
        };
        let (root, base) = (self.root.clone(), self.base.clone());
        self.stage = Stage::Planning(Job::start(ctx, move |progress| {
            let prepared = publish::prepare(&root, &options)?;
            if !prepared.blocked.is_empty() {
                return Ok(Planning::Blocked(prepared.blocked));
            }
            let session = Session::open(&super::with_access(prepared.settings(), &base))?;
            let plan = publish::plan(&session, &prepared, progress)?;
            Ok(Planning::Planned(Box::new(Planned { session, prepared, plan })))
        }));
    }

    fn confirm(&mut self, ctx: &egui::Context) {
        let Stage::Preview(planned) = std::mem::replace(&mut self.stage, Stage::Failed(ConnectError::Cancelled)) else {
            return;
        };
        let mut planned = *planned;
        self.up_to_date =
            planned.plan.flows.iter().filter(|f| f.step == FlowStep::UpToDate).map(|f| f.name.clone()).collect();
        self.stage = Stage::Sending(Job::start(ctx, move |progress| {
            publish::execute(&planned.session, &mut planned.prepared, &planned.plan, progress)
        }));
    }

    /// Draws the dialog; whether it stays open.
    pub fn ui(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) -> bool {
        if !self.poll(intents) {
            return false;
        }
        let title = if self.save_only { "Save to Amazon Connect" } else { "Publish to Amazon Connect" };
        let mut click = Click::Nothing;
        window(title).show(ctx, |ui| {
            ui.set_width(DIALOG_WIDTH);
            click = match &self.stage {
                Stage::Planning(job) => running(ui, &job.state(ctx), job.is_cancelled()),
                Stage::Sending(job) => running(ui, &job.state(ctx), job.is_cancelled()),
                Stage::Blocked(blocked) => blocked_ui(ui, blocked),
                Stage::Preview(planned) => preview_ui(ui, planned, &mut self.force, &mut self.save_only),
                Stage::Done(report) => done_ui(ui, report, &self.up_to_date, self.save_only),
                Stage::Failed(error) => failed_ui(ui, error),
            };
        });
        match click {
            Click::Nothing => true,
            Click::Close => false,
            Click::Cancel => {
                match &self.stage {
                    Stage::Planning(job) => job.cancel(),
                    Stage::Sending(job) => job.cancel(),
                    _ => {}
                }
                true
            }
            Click::Replan => {
                self.plan(ctx);
                true
            }
            Click::Confirm => {
                self.confirm(ctx);
                true
            }
        }
    }

    /// Takes a worker's answer when it comes. Whether the dialog stays open (a planning the
    /// user cancelled closes it: nothing was sent).
    fn poll(&mut self, intents: &mut Vec<Intent>) -> bool {
        match &self.stage {
            Stage::Planning(job) => match job.poll() {
                Poll::Running => {}
                _ if job.is_cancelled() => return false,
                Poll::Done(Ok(Planning::Blocked(blocked))) => self.stage = Stage::Blocked(blocked),
                Poll::Done(Ok(Planning::Planned(planned))) => self.stage = Stage::Preview(planned),
                Poll::Done(Err(error)) => self.stage = Stage::Failed(error),
                Poll::Lost => self.stage = Stage::Failed(lost()),
            },
            Stage::Sending(job) => {
                let report = match job.poll() {
                    Poll::Running => return true,
                    Poll::Done(report) => report,
                    Poll::Lost => PublishReport {
                        flows: vec![Outcome { name: "publish".into(), result: Err(lost()) }],
                        queues: Vec::new(),
                    },
                };
                intents.push(ConnectCommand::Findings(findings(&report)).into());
                let message = summary(&report, &self.up_to_date, self.save_only);
                intents.push(ConnectCommand::Reload { message }.into());
                self.stage = Stage::Done(report);
            }
            _ => {}
        }
        true
    }
}

fn lost() -> ConnectError {
    ConnectError::Workspace("the worker stopped unexpectedly; nothing more was sent".into())
}

/// Amazon Connect's own findings, by flow name: what the Problems panel shows.
fn findings(report: &PublishReport) -> BTreeMap<String, Vec<String>> {
    report
        .flows
        .iter()
        .filter_map(|outcome| match &outcome.result {
            Err(ConnectError::InvalidFlow { problems }) => Some((outcome.name.clone(), problems.clone())),
            _ => None,
        })
        .collect()
}

fn running(ui: &mut egui::Ui, state: &crate::connect::ProgressState, cancelled: bool) -> Click {
    if running_ui(ui, state, cancelled) { Click::Cancel } else { Click::Nothing }
}

fn blocked_ui(ui: &mut egui::Ui, blocked: &[Blocked]) -> Click {
    ui.label("These flows have errors, so nothing was sent to Amazon Connect. Fix them first (the Problems panel lists them):");
    egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
        for flow in blocked {
            ui.label(RichText::new(&flow.name).strong()).on_hover_text(&flow.key);
            for error in &flow.errors {
                ui.colored_label(ui.visuals().error_fg_color, format!("  • {error}"));
            }
        }
    });
    close_ui(ui)
}

fn close_ui(ui: &mut egui::Ui) -> Click {
    ui.add_space(6.0);
    if ui.button("Close").clicked() { Click::Close } else { Click::Nothing }
}

fn preview_ui(ui: &mut egui::Ui, planned: &Planned, force: &mut bool, save_only: &mut bool) -> Click {
    let plan = &planned.plan;
    let link = &planned.prepared.link;
    ui.label(format!("Amazon Connect instance {} ({})", link.instance_id, link.region));
    ui.separator();
    egui::ScrollArea::vertical().max_height(360.0).auto_shrink([false, true]).show(ui, |ui| {
        for flow in plan.flows.iter().filter(|f| f.step != FlowStep::UpToDate) {
            flow_ui(ui, flow, *save_only, *force);
        }
        let up_to_date: Vec<&str> =
            plan.flows.iter().filter(|f| f.step == FlowStep::UpToDate).map(|f| f.name.as_str()).collect();
        if !up_to_date.is_empty() {
            ui.label(RichText::new(up_to_date_line(&up_to_date)).weak());
        }
        for queue in &plan.queues {
            for line in publish::queue_lines(queue, &planned.prepared.options) {
                ui.label(displayable(&line));
            }
        }
        for note in &plan.notes {
            ui.label(RichText::new(format!("Note: {note}")).weak());
        }
        if !plan.sends_anything() {
            ui.label("Nothing to send: Amazon Connect already has these flows and queue settings.");
        }
    });
    ui.separator();
    let mut click = Click::Nothing;
    if plan.conflicts() > 0 && ui.checkbox(force, "Overwrite changes made in Amazon Connect").changed() {
        click = Click::Replan;
    }
    if ui
        .checkbox(save_only, "Save only (don't publish)")
        .on_hover_text(
            "Save the flows in Amazon Connect without publishing them: queues keep using the published version",
        )
        .changed()
    {
        click = Click::Replan;
    }
    let sends = plan.sends_anything();
    let confirm = if *save_only { "Confirm and save" } else { "Confirm and publish" };
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let button = ui
            .add_enabled(sends, egui::Button::new(confirm))
            .on_disabled_hover_text("Nothing would be sent")
            .on_hover_text("Send these changes to Amazon Connect");
        if button.clicked() {
            click = Click::Confirm;
        }
        if ui.button("Cancel").on_hover_text("Close without sending anything").clicked() {
            click = Click::Close;
        }
    });
    click
}

/// "Already up to date in Amazon Connect: a, b and 3 more flows" (a long list would hide the
/// flows that change).
fn up_to_date_line(names: &[&str]) -> String {
    const SHOWN: usize = 3;
    let mut line = format!(
        "Already up to date in Amazon Connect: {}",
        names.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ")
    );
    if names.len() > SHOWN {
        let _ = write!(line, " and {} more", names.len() - SHOWN);
    }
    line
}

/// One flow of the preview: what will happen to it, and its changes.
fn flow_ui(ui: &mut egui::Ui, flow: &FlowPlan, save_only: bool, force: bool) {
    let changes = flow.diff.as_ref().map(FlowDiff::semantic_count).unwrap_or_default();
    let verb = if save_only { "save" } else { "publish" };
    let (what, colour) = match flow.step {
        FlowStep::Create => {
            (format!("new flow: will be created and {}", if save_only { "saved" } else { "published" }), None)
        }
        FlowStep::Update => (format!("will {verb} {}", count(changes, "change")), None),
        FlowStep::PublishDraft => (format!("its saved draft will be published ({})", count(changes, "change")), None),
        FlowStep::UpToDate => ("already up to date in Amazon Connect".to_owned(), Some(ui.visuals().weak_text_color())),
        FlowStep::RemoteChanged => (
            "changed in Amazon Connect since the last pull: left alone (pull to take it)".to_owned(),
            Some(ui.visuals().weak_text_color()),
        ),
        FlowStep::Adopt => (
            flow.note.clone().unwrap_or_else(|| "already in Amazon Connect: recorded".to_owned()),
            Some(ui.visuals().weak_text_color()),
        ),
        FlowStep::Conflict if force => (
            format!(
                "changed in Amazon Connect since the last pull or publish: your version will replace it, and \
                 what was changed there will be lost ({}):",
                count(changes, "change")
            ),
            Some(ui.visuals().warn_fg_color),
        ),
        FlowStep::Conflict => (
            format!(
                "changed in Amazon Connect since the last pull or publish: not sent unless “Overwrite changes made in \
                 Amazon Connect” is ticked. Amazon Connect's version differs from yours by {}:",
                count(changes, "change")
            ),
            Some(ui.visuals().warn_fg_color),
        ),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&flow.name).strong());
        let text = RichText::new(what);
        ui.label(match colour {
            Some(colour) => text.color(colour),
            None => text,
        });
    });
    if let Some(diff) = flow.diff.as_ref().filter(|_| flow.step != FlowStep::UpToDate) {
        for change in diff.semantic() {
            ui.label(format!("    {}", displayable(&change_line(change))));
        }
    }
}

/// Whether `outcome` is a flow the plan found up to date (and nothing went wrong with it).
fn quiet(outcome: &Outcome, up_to_date: &[String]) -> bool {
    outcome.result.is_ok() && up_to_date.contains(&outcome.name)
}

/// "Published 2 flows and 1 queue.", and how many were not sent.
fn summary(report: &PublishReport, up_to_date: &[String], save_only: bool) -> String {
    let sent = |outcomes: &[Outcome]| outcomes.iter().filter(|o| o.result.is_ok() && !quiet(o, up_to_date)).count();
    let failed = report.flows.iter().chain(&report.queues).filter(|o| o.result.is_err()).count();
    let verb = if save_only { "Saved" } else { "Published" };
    let queues = match sent(&report.queues) {
        0 => String::new(),
        n => format!(" and {}", count(n, "queue")),
    };
    let mut line = format!("{verb} {}{queues} to Amazon Connect.", count(sent(&report.flows), "flow"));
    if failed > 0 {
        let _ = write!(line, " {failed} not sent: see why below.");
    }
    line
}

fn done_ui(ui: &mut egui::Ui, report: &PublishReport, up_to_date: &[String], save_only: bool) -> Click {
    ui.label(RichText::new(summary(report, up_to_date, save_only)).strong());
    ui.separator();
    egui::ScrollArea::vertical().max_height(360.0).auto_shrink([false, true]).show(ui, |ui| {
        for outcome in report.flows.iter().filter(|o| !quiet(o, up_to_date)) {
            outcome_ui(ui, outcome, "");
        }
        for outcome in &report.queues {
            outcome_ui(ui, outcome, "Queue ");
        }
        let names: Vec<&str> = report.flows.iter().filter(|o| quiet(o, up_to_date)).map(|o| o.name.as_str()).collect();
        if !names.is_empty() {
            ui.label(RichText::new(up_to_date_line(&names)).weak());
        }
    });
    if report.flows.iter().any(|o| matches!(o.result, Err(ConnectError::InvalidFlow { .. }))) {
        ui.label(RichText::new("Amazon Connect's findings are also in the Problems panel of each flow.").weak());
    }
    close_ui(ui)
}

fn outcome_ui(ui: &mut egui::Ui, outcome: &Outcome, prefix: &str) {
    match &outcome.result {
        Ok(done) => {
            ui.label(format!("✔ {prefix}{}: {done}", outcome.name));
        }
        Err(ConnectError::InvalidFlow { problems }) => {
            let colour = ui.visuals().error_fg_color;
            ui.colored_label(colour, format!("✖ {prefix}{}: Amazon Connect refused the flow:", outcome.name));
            for problem in problems {
                ui.colored_label(colour, format!("    • {problem}"));
            }
        }
        Err(error) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("✖ {prefix}{}: {}", outcome.name, super::sentence(error)),
            );
        }
    }
}

fn failed_ui(ui: &mut egui::Ui, error: &ConnectError) -> Click {
    ui.colored_label(ui.visuals().error_fg_color, format!("Nothing was sent: {}", super::sentence(error)));
    ui.add_space(6.0);
    let mut click = Click::Nothing;
    ui.horizontal(|ui| {
        if ui.button("Try again").clicked() {
            click = Click::Replan;
        }
        if ui.button("Close").clicked() {
            click = Click::Close;
        }
    });
    click
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_amazon_connects_refusals_become_findings() {
        let report = PublishReport {
            flows: vec![
                Outcome { name: "a".into(), result: Ok("published".into()) },
                Outcome { name: "b".into(), result: Err(ConnectError::InvalidFlow { problems: vec!["p".into()] }) },
                Outcome { name: "c".into(), result: Err(ConnectError::Drift("d".into())) },
            ],
            queues: Vec::new(),
        };
        assert_eq!(findings(&report), BTreeMap::from([("b".to_owned(), vec!["p".to_owned()])]));
    }

    #[test]
    fn the_summary_counts_what_was_sent_not_what_was_up_to_date() {
        let report = PublishReport {
            flows: vec![
                Outcome { name: "a".into(), result: Ok("published".into()) },
                Outcome { name: "b".into(), result: Ok("already up to date in Amazon Connect".into()) },
                Outcome { name: "c".into(), result: Err(ConnectError::Drift("d".into())) },
            ],
            queues: vec![Outcome { name: "q".into(), result: Ok("caller ID name a → b".into()) }],
        };
        assert_eq!(
            summary(&report, &["b".to_owned()], false),
            "Published 1 flow and 1 queue to Amazon Connect. 1 not sent: see why below."
        );
    }

    #[test]
    fn many_up_to_date_flows_take_one_line() {
        assert_eq!(up_to_date_line(&["a"]), "Already up to date in Amazon Connect: a");
        assert_eq!(
            up_to_date_line(&["a", "b", "c", "d", "e"]),
            "Already up to date in Amazon Connect: a, b, c and 2 more"
        );
    }
}
