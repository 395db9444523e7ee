//! The Publish dialog: on a worker, the workspace is read and validated (flows with errors stop
//! everything before any connection), then Amazon Connect is read and each flow and queue field
//! compared with what the last pull or publish saw. The preview ([`super::preview`]) shows what
//! was changed here (sent), what was changed on both sides (a choice per item, Amazon Connect's
//! side unless the user picks theirs) and what only Amazon Connect changed (left alone). Confirm
//! sends it, on the worker again, and lists what happened to each flow and queue. Lives while
//! shown.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use egui::RichText;

use super::job::{Job, Poll, running_ui};
use super::preview::{self, Groups, up_to_date_line};
use super::{ConnectCommand, window};
use crate::connect::publish::{self, Blocked, Outcome, Prepared};
use crate::connect::{ConnectError, FlowPlan, PublishOptions, PublishPlan, PublishReport, Session, Settings};
use crate::gui::glyphs::displayable;
use crate::gui::intent::Intent;
use crate::words::count;
use crate::workspace::three_way::Change;

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
    /// The conflicts decided for the local side ("Use mine"), by plan item; the others keep
    /// Amazon Connect's side. Kept when the plan is read again.
    forced: BTreeSet<String>,
    save_only: bool,
    stage: Stage,
    /// What the confirmed plan meant to do: the results are read by it.
    expected: Expected,
}

/// What the confirmed plan meant to do with each flow and queue, by name.
#[derive(Debug, Default)]
struct Expected {
    /// Flows and queues it sends (something at least).
    sent: BTreeSet<(Item, String)>,
    /// Flows it found up to date: the results list them on one line.
    up_to_date: Vec<String>,
    /// Flows and queues with a conflict left to Amazon Connect's side, as chosen.
    kept: BTreeSet<(Item, String)>,
}

/// What an outcome is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Flow,
    Queue,
}

impl Expected {
    fn of(groups: &Groups<'_>, forced: &BTreeSet<String>) -> Self {
        let flow = |f: &&FlowPlan| (Item::Flow, f.name.clone());
        let (forced_flows, kept_flows): (Vec<&FlowPlan>, Vec<&FlowPlan>) =
            groups.conflicts.iter().partition(|f| forced.contains(&f.item()));
        let mut expected = Self {
            sent: groups.flows.iter().chain(&forced_flows).map(flow).collect(),
            up_to_date: groups.up_to_date.iter().map(|name| (*name).to_owned()).collect(),
            kept: kept_flows.iter().map(flow).collect(),
        };
        for queue in groups.queues() {
            let name = (Item::Queue, queue.name.clone());
            let kept_here = queue.fields.iter().any(|f| f.change == Change::Conflict && !forced.contains(&f.item));
            if groups.queue_sends(queue, forced) {
                expected.sent.insert(name.clone());
            }
            if kept_here || groups.holding(queue, forced).is_some() {
                expected.kept.insert(name);
            }
        }
        expected
    }

    /// Whether `outcome` is a flow the plan found up to date (and nothing went wrong with it).
    fn quiet(&self, outcome: &Outcome) -> bool {
        outcome.result.is_ok() && self.up_to_date.contains(&outcome.name)
    }

    /// Whether the plan sends something of `outcome`'s flow or queue.
    fn sent(&self, item: Item, outcome: &Outcome) -> bool {
        self.sent.contains(&(item, outcome.name.clone()))
    }

    /// Whether `outcome` is of something the plan left alone (nothing sent, nothing wrong).
    fn aside(&self, item: Item, outcome: &Outcome) -> bool {
        (outcome.result.is_ok() && !self.sent(item, outcome)) || self.kept(item, outcome)
    }

    /// Whether `outcome` is the refusal of a conflict the user chose to leave to Amazon Connect.
    fn kept(&self, item: Item, outcome: &Outcome) -> bool {
        matches!(outcome.result, Err(ConnectError::Drift(_))) && self.kept.contains(&(item, outcome.name.clone()))
    }
}

/// The dialog's width at every stage, so it does not jump as its content changes.
const DIALOG_WIDTH: f32 = 700.0;
/// The height of the scrolled lists of the preview and the results.
const LIST_HEIGHT: f32 = 400.0;

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
            forced: BTreeSet::new(),
            save_only: false,
            stage: Stage::Failed(ConnectError::Cancelled),
            expected: Expected::default(),
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
            forced: BTreeSet::new(),
            save_only: false,
            stage: Stage::Failed(error),
            expected: Expected::default(),
        }
    }

    fn plan(&mut self, ctx: &egui::Context) {
        let options =
            PublishOptions { flows: self.flows.clone(), save_only: self.save_only, ..PublishOptions::default() };
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
        // Only the conflicts still in the plan: a choice left from an earlier plan decides nothing.
        let items: BTreeSet<String> = Groups::of(&planned.plan).items().into_iter().collect();
        let forced: BTreeSet<String> = self.forced.intersection(&items).cloned().collect();
        self.expected = Expected::of(&Groups::of(&planned.plan), &forced);
        planned.prepared.options.force_items = forced;
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
                Stage::Preview(planned) => preview_ui(ui, planned, &mut self.forced, &mut self.save_only),
                Stage::Done(report) => done_ui(ui, report, &self.expected, self.save_only),
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
                let message = summary(&report, &self.expected, self.save_only);
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
    egui::ScrollArea::vertical().max_height(LIST_HEIGHT).show(ui, |ui| {
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
    let close = ui.button("Close");
    crate::gui::dialogs::hold_focus(ui, &close);
    if close.clicked() { Click::Close } else { Click::Nothing }
}

fn preview_ui(ui: &mut egui::Ui, planned: &Planned, forced: &mut BTreeSet<String>, save_only: &mut bool) -> Click {
    let plan = &planned.plan;
    let link = &planned.prepared.link;
    let groups = Groups::of(plan);
    ui.label(format!("Amazon Connect instance {} ({})", link.instance_id, link.region));
    ui.separator();
    egui::ScrollArea::vertical().max_height(LIST_HEIGHT).auto_shrink([false, true]).show(ui, |ui| {
        preview::ui(ui, &groups, plan, *save_only, forced);
    });
    let sends = groups.sends(forced);
    // Flows and queues Amazon Connect already holds are recorded, even when nothing is sent.
    let records = !groups.adopted.is_empty() || !plan.adopted_queues.is_empty();
    if !sends {
        ui.add_space(4.0);
        let text = if records {
            "Nothing to send: Confirm records what Amazon Connect already holds."
        } else if !groups.items().is_empty() {
            "Nothing to send with these choices: every conflict keeps Amazon Connect's version."
        } else if !groups.not_sent.is_empty() || groups.queues().next().is_some() {
            "Nothing can be sent: the lists above say why."
        } else {
            "Nothing to send: Amazon Connect already has these flows and queue settings."
        };
        ui.add(egui::Label::new(text).wrap());
    }
    ui.separator();
    let mut click = Click::Nothing;
    let items = groups.items();
    if items.len() > 1 {
        let all_mine = items.iter().all(|item| forced.contains(item));
        let (label, hint) = if all_mine {
            ("Keep Amazon Connect's for all conflicts", "Choose Amazon Connect's side in every conflict above")
        } else {
            ("Use mine for all conflicts", "Choose your side in every conflict above")
        };
        if ui.button(label).on_hover_text(hint).clicked() {
            if all_mine {
                forced.retain(|item| !items.contains(item));
            } else {
                forced.extend(items.iter().cloned());
            }
        }
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
    let confirm = if *save_only { "Confirm and save" } else { "Confirm and publish" };
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let button = ui
            .add_enabled(sends || records, egui::Button::new(confirm))
            .on_disabled_hover_text("Nothing would be sent")
            .on_hover_text("Send these changes to Amazon Connect");
        if button.clicked() {
            click = Click::Confirm;
        }
        let cancel = ui.button("Cancel").on_hover_text("Close without sending anything");
        crate::gui::dialogs::hold_focus(ui, &cancel);
        if cancel.clicked() {
            click = Click::Close;
        }
    });
    click
}

/// "Published 2 flows and 1 queue.", and how many were not sent.
fn summary(report: &PublishReport, expected: &Expected, save_only: bool) -> String {
    let sent = |outcomes: &[Outcome], item: Item| {
        let done = |o: &&Outcome| (o.result.is_ok() || expected.kept(item, o)) && expected.sent(item, o);
        outcomes.iter().filter(done).count()
    };
    let failed = |outcomes: &[Outcome], item: Item| {
        outcomes.iter().filter(|o| o.result.is_err() && !expected.kept(item, o)).count()
    };
    let failed = failed(&report.flows, Item::Flow) + failed(&report.queues, Item::Queue);
    let verb = if save_only { "Saved" } else { "Published" };
    let queues = match sent(&report.queues, Item::Queue) {
        0 => String::new(),
        n => format!(" and {}", count(n, "queue")),
    };
    let mut line = format!("{verb} {}{queues} to Amazon Connect.", count(sent(&report.flows, Item::Flow), "flow"));
    if failed > 0 {
        let _ = write!(line, " {failed} not sent: see why below.");
    }
    line
}

fn done_ui(ui: &mut egui::Ui, report: &PublishReport, expected: &Expected, save_only: bool) -> Click {
    ui.label(RichText::new(summary(report, expected, save_only)).strong());
    ui.separator();
    egui::ScrollArea::vertical().max_height(LIST_HEIGHT).auto_shrink([false, true]).show(ui, |ui| {
        // What was sent or went wrong first, then what was left alone.
        let outcomes = || {
            let flows = report.flows.iter().filter(|o| !expected.quiet(o)).map(|o| (Item::Flow, o));
            flows.chain(report.queues.iter().map(|o| (Item::Queue, o)))
        };
        for (item, outcome) in outcomes().filter(|(item, o)| !expected.aside(*item, o)) {
            outcome_ui(ui, outcome, item, expected);
        }
        for (item, outcome) in outcomes().filter(|(item, o)| expected.aside(*item, o)) {
            outcome_ui(ui, outcome, item, expected);
        }
        let names: Vec<&str> = report.flows.iter().filter(|o| expected.quiet(o)).map(|o| o.name.as_str()).collect();
        if !names.is_empty() {
            ui.label(RichText::new(up_to_date_line(&names)).weak());
        }
    });
    if report.flows.iter().any(|o| matches!(o.result, Err(ConnectError::InvalidFlow { .. }))) {
        ui.label(RichText::new("Amazon Connect's findings are also in the Problems panel of each flow.").weak());
    }
    close_ui(ui)
}

fn outcome_ui(ui: &mut egui::Ui, outcome: &Outcome, item: Item, expected: &Expected) {
    let name = match item {
        Item::Flow => outcome.name.clone(),
        Item::Queue => format!("Queue {}", outcome.name),
    };
    let (plain, weak, error) = (ui.visuals().text_color(), ui.visuals().weak_text_color(), ui.visuals().error_fg_color);
    match &outcome.result {
        Ok(done) if expected.sent(item, outcome) => line_ui(ui, &format!("✔ {name}: {done}"), plain),
        Ok(done) => line_ui(ui, &format!("{name}: {done}"), weak),
        Err(_) if expected.kept(item, outcome) && item == Item::Flow => line_ui(
            ui,
            &format!("{name}: Amazon Connect's version kept, as chosen; nothing sent (pull to take it)"),
            weak,
        ),
        Err(refusal) if expected.kept(item, outcome) => {
            line_ui(ui, &format!("{name}: {}", super::sentence(refusal)), weak);
        }
        Err(ConnectError::InvalidFlow { problems }) => {
            line_ui(ui, &format!("✖ {name}: Amazon Connect refused the flow:"), error);
            for problem in problems {
                line_ui(ui, &format!("    • {problem}"), error);
            }
        }
        Err(failure) => line_ui(ui, &format!("✖ {name}: {}", super::sentence(failure)), error),
    }
}

/// A line of the results, wrapped at the dialog's width, in the window's glyphs.
fn line_ui(ui: &mut egui::Ui, text: &str, colour: egui::Color32) {
    ui.add(egui::Label::new(RichText::new(displayable(text)).color(colour)).wrap());
}

fn failed_ui(ui: &mut egui::Ui, error: &ConnectError) -> Click {
    line_ui(ui, &format!("Nothing was sent: {}", super::sentence(error)), ui.visuals().error_fg_color);
    ui.add_space(6.0);
    let mut click = Click::Nothing;
    ui.horizontal(|ui| {
        if ui.button("Try again").clicked() {
            click = Click::Replan;
        }
        let close = ui.button("Close");
        crate::gui::dialogs::hold_focus(ui, &close);
        if close.clicked() {
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
    fn the_summary_counts_what_was_sent_not_what_was_up_to_date_left_alone_or_kept() {
        let report = PublishReport {
            flows: vec![
                Outcome { name: "a".into(), result: Ok("published".into()) },
                Outcome { name: "b".into(), result: Ok("already up to date in Amazon Connect".into()) },
                Outcome { name: "c".into(), result: Err(ConnectError::Drift("d".into())) },
                Outcome { name: "d".into(), result: Ok("changed in Amazon Connect; nothing sent".into()) },
                Outcome { name: "e".into(), result: Err(ConnectError::Drift("kept".into())) },
            ],
            queues: vec![Outcome { name: "q".into(), result: Ok("caller ID name a → b".into()) }],
        };
        let expected = Expected {
            sent: [(Item::Flow, "a"), (Item::Flow, "c"), (Item::Queue, "q")].map(|(i, n)| (i, n.to_owned())).into(),
            up_to_date: vec!["b".to_owned()],
            kept: BTreeSet::from([(Item::Flow, "e".to_owned())]),
        };
        assert_eq!(
            summary(&report, &expected, false),
            "Published 1 flow and 1 queue to Amazon Connect. 1 not sent: see why below."
        );
    }
}
