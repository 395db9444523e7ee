//! The audit view (Flow → Audit instance…): `whisperwire audit`'s matrix in a window, every queue
//! × the scenarios of its outbound whisper flow, each square in the colour and letter of the
//! number the customer sees (the HTML report's), red and crossed for a call that fails. A click
//! on a square opens its flow, sets the Test call tab to that queue and scenario, plays it and
//! outlines the path. The audit runs again when a flow (unsaved edits included), the queues or
//! the saved calls change. `AuditView` lives as long as the window.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{RichText, Sense};

use super::app::{BottomTab, DesignerApp};
use super::editor::Editor;
use super::intent::{Intent, SystemCommand};
use super::session::{FlowSummary, Session};
use super::theme;
use crate::audit::{Audit, AuditFlow, AuditInput, Cell, CellOutcome, FlowGroup, SavedScenario, Severity, letter};
use crate::instance::Instance;
use crate::model::FlowDocument;
use crate::phone::PhoneNumber;
use crate::simulation::Scenario;
use crate::workspace::calls::SavedCall;

/// The id of the audit window.
pub const AUDIT_WINDOW: &str = "audit window";

/// Side of a square of the matrix, in points.
const SQUARE: f32 = 22.0;

/// An audit that took longer than this waits for the edits to settle before it runs again.
const QUICK: Duration = Duration::from_millis(100);
/// How long edits must have settled.
const SETTLE: Duration = Duration::from_millis(400);

/// The view's state.
#[derive(Default)]
pub struct AuditView {
    pub open: bool,
    /// What the shown audit was run on.
    seen: Option<Seen>,
    audit: Option<Audit>,
    /// Each audited flow's file, by name: where a click takes the designer.
    files: BTreeMap<String, PathBuf>,
    /// The flows as their files hold them, read when the flow list changes.
    on_disk: BTreeMap<PathBuf, FlowDocument>,
    /// Flow files that could not be read for the audit.
    unreadable: Vec<String>,
    /// How long the last audit took.
    cost: Duration,
    /// Since when the inputs differ from the shown audit's, while waiting for them to settle.
    changed_at: Option<Instant>,
    /// A square was clicked: the window folds to its title bar, so the path shows on the canvas.
    fold: bool,
    /// The presented numbers of the shown audit in E.164 order (the legend), found once per run.
    numbers: Vec<PhoneNumber>,
}

/// The inputs an audit was run on.
#[derive(Clone, PartialEq)]
struct Seen {
    flows: Vec<FlowSummary>,
    /// The open flow's file and revision.
    open: Option<(Option<PathBuf>, u64)>,
    /// Flows left with unsaved changes: file and revision.
    unsaved: Vec<(Option<PathBuf>, u64)>,
    instance: Option<Instance>,
    saved: Vec<(String, SavedCall)>,
}

impl Seen {
    fn of(session: &Session, editor: Option<&Editor>) -> Self {
        Self {
            flows: session.flows.clone(),
            open: editor.map(|e| (e.path.clone(), e.revision())),
            unsaved: session.unsaved().map(|e| (e.path.clone(), e.revision())).collect(),
            instance: session.instance.as_deref().cloned(),
            saved: session.saved_calls.clone(),
        }
    }

    /// Whether `session` and `editor` are still what this audit was run on (checked every frame
    /// the view is open, without copying anything).
    fn matches(&self, session: &Session, editor: Option<&Editor>) -> bool {
        self.flows == session.flows
            && self.open == editor.map(|e| (e.path.clone(), e.revision()))
            && self
                .unsaved
                .iter()
                .map(|(p, r)| (p.as_deref(), *r))
                .eq(session.unsaved().map(|e| (e.path.as_deref(), e.revision())))
            && self.instance.as_ref() == session.instance.as_deref()
            && self.saved == session.saved_calls
    }
}

impl AuditView {
    /// The audit shown, if it was run.
    pub fn audit(&self) -> Option<&Audit> {
        self.audit.as_ref()
    }

    /// Runs the audit again when its inputs changed: at once when it is quick, else once the
    /// edits have settled for a moment.
    fn refresh(&mut self, ctx: &egui::Context, session: &Session, editor: Option<&Editor>) {
        if self.seen.as_ref().is_some_and(|seen| seen.matches(session, editor)) {
            self.changed_at = None;
            return;
        }
        if self.audit.is_some() && self.cost > QUICK {
            let since = *self.changed_at.get_or_insert_with(Instant::now);
            if since.elapsed() < SETTLE {
                ctx.request_repaint_after(SETTLE.saturating_sub(since.elapsed()));
                return;
            }
        }
        self.changed_at = None;
        let seen = Seen::of(session, editor);
        if self.seen.as_ref().is_none_or(|old| old.flows != seen.flows) {
            self.read_flows(session);
        }
        let started = Instant::now();
        self.run(session, editor);
        self.cost = started.elapsed();
        self.seen = Some(seen);
    }

    /// Reads the workspace's flows from their files (the open flow and unsaved ones are taken
    /// from their editors instead).
    fn read_flows(&mut self, session: &Session) {
        self.on_disk.clear();
        self.unreadable.clear();
        for flow in &session.flows {
            match crate::flow_json::load(&flow.path) {
                Ok(doc) => {
                    self.on_disk.insert(flow.path.clone(), doc);
                }
                // A new flow the window has not saved yet has no file: its editor has it.
                Err(_) if !flow.path.exists() => {}
                Err(error) => self.unreadable.push(error.to_string()),
            }
        }
    }

    fn run(&mut self, session: &Session, editor: Option<&Editor>) {
        let Some(instance) = session.instance.as_deref() else {
            self.audit = None;
            return;
        };
        let mut flows: Vec<(String, Option<PathBuf>, &FlowDocument, bool)> = Vec::new();
        let editing = |path: &Path| {
            editor
                .filter(|e| e.path.as_deref() == Some(path))
                .or_else(|| session.unsaved().find(|e| e.path.as_deref() == Some(path)))
        };
        for summary in &session.flows {
            let published_before = session.linked(Some(&summary.path)).is_some_and(|h| h.published_before);
            match editing(&summary.path) {
                Some(e) => flows.push((e.flow_name(), e.path.clone(), &e.doc, published_before)),
                None => {
                    if let Some(doc) = self.on_disk.get(&summary.path) {
                        flows.push((summary.name.clone(), Some(summary.path.clone()), doc, published_before));
                    }
                }
            }
        }
        // A new flow, not in the list until its first save.
        for e in editor.into_iter().chain(session.unsaved()) {
            if !flows.iter().any(|(_, path, ..)| path.is_some() && *path == e.path) {
                flows.push((e.flow_name(), e.path.clone(), &e.doc, false));
            }
        }
        let audit_flows: Vec<AuditFlow<'_>> = flows
            .iter()
            .map(|(name, _, doc, published_before)| AuditFlow {
                name,
                file: None,
                doc,
                published_before: *published_before,
            })
            .collect();
        let saved: Vec<SavedScenario> = session
            .saved_calls
            .iter()
            .map(|(stem, call)| SavedScenario {
                name: call.name.clone().unwrap_or_else(|| stem.clone()),
                flow: call.flow.clone(),
                scenario: call.scenario.clone(),
            })
            .collect();
        let audit = Audit::run(&AuditInput { instance, flows: &audit_flows, saved: &saved, dial: &[] });
        self.numbers = numbers(&audit).into_iter().cloned().collect();
        self.audit = Some(audit);
        self.files = flows.into_iter().filter_map(|(name, path, ..)| Some((name, path?))).collect();
    }
}

impl DesignerApp {
    /// The audit window, while it is open.
    pub(super) fn audit_window(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        if !self.panels.audit.open {
            return;
        }
        let view = &mut self.panels.audit;
        view.refresh(ctx, &self.session, self.editor.as_ref());
        let id = egui::Id::new(AUDIT_WINDOW);
        if std::mem::take(&mut view.fold) {
            let mut folding =
                egui::collapsing_header::CollapsingState::load_with_default_open(ctx, id.with("collapsing"), true);
            folding.set_open(false);
            folding.store(ctx);
        }
        let title = match view.audit.as_ref().map(|a| &a.summary) {
            Some(s) if s.passed => "Audit instance: PASS".to_owned(),
            Some(s) => format!("Audit instance: FAIL, {} fail", crate::words::count(s.failed, "call")),
            None => "Audit instance".to_owned(),
        };
        let mut open = true;
        egui::Window::new(title)
            .id(id)
            .open(&mut open)
            .default_size([600.0, 560.0])
            .default_pos(ctx.content_rect().right_top() + egui::vec2(-630.0, 40.0))
            .show(ctx, |ui| view_ui(ui, view, intents));
        self.panels.audit.open = open;
    }

    /// Opens the flow of a square clicked in the audit view, sets the Test call tab to its queue
    /// and scenario and plays it, which outlines its path on the canvas.
    pub(super) fn play_audit_call(&mut self, flow: &Path, scenario: Scenario) {
        self.switch_to(flow);
        if self.editor.as_ref().and_then(|e| e.path.as_deref()) != Some(flow) {
            return;
        }
        self.panels.test_call.play(scenario);
        self.panels.bottom = BottomTab::TestCall;
        self.panels.audit.fold = true;
    }
}

fn view_ui(ui: &mut egui::Ui, view: &AuditView, intents: &mut Vec<Intent>) {
    let Some(audit) = &view.audit else {
        ui.label("The audit needs the workspace's instance.json, with its queues.");
        return;
    };
    verdict_ui(ui, audit);
    for problem in &view.unreadable {
        ui.colored_label(ui.visuals().error_fg_color, format!("Not audited: {problem}"));
    }
    let numbers: Vec<&PhoneNumber> = view.numbers.iter().collect();
    legend_ui(ui, &numbers);
    ui.add_space(6.0);
    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        if audit.flows.is_empty() {
            ui.label("No queue plays an outbound whisper flow of this workspace.");
        }
        for group in &audit.flows {
            group_ui(ui, audit, group, (view.files.get(&group.name), &numbers), intents);
            ui.add_space(10.0);
        }
        findings_ui(ui, audit);
    });
}

fn verdict_ui(ui: &mut egui::Ui, audit: &Audit) {
    let s = &audit.summary;
    let (text, colour) = if s.passed {
        ("PASS: no call fails and no finding is an error".to_owned(), ui.visuals().text_color())
    } else {
        (
            format!(
                "FAIL: {} fail{} (disconnected, agent in After Contact Work), {}",
                crate::words::count(s.failed, "call"),
                if s.failed == 1 { "s" } else { "" },
                crate::words::count(s.errors, "error finding")
            ),
            ui.visuals().error_fg_color,
        )
    };
    ui.label(RichText::new(text).strong().color(colour));
    ui.weak(format!(
        "{} queues · {} calls: {} connected, {} failed, {} not simulated. Click a square to play that call in the Test call tab.",
        s.queues,
        s.cells,
        s.connected,
        s.failed,
        s.stopped + s.not_played
    ));
}

/// The presented numbers in E.164 order, as the HTML report letters them.
fn numbers(audit: &Audit) -> Vec<&PhoneNumber> {
    let mut numbers: Vec<&PhoneNumber> = audit.cells.iter().filter_map(|c| c.outcome.caller_id()).collect();
    numbers.sort();
    numbers.dedup();
    numbers
}

fn legend_ui(ui: &mut egui::Ui, numbers: &[&PhoneNumber]) {
    // Each square stays on the line of its words: an item is placed whole, at its measured width.
    let item =
        |ui: &mut egui::Ui, (fill, ink): (egui::Color32, egui::Color32), mark: &str, crossed: bool, text: String| {
            let galley = egui::WidgetText::from(text).into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Body,
            );
            let width = SQUARE + ui.spacing().item_spacing.x + galley.size().x + 8.0;
            ui.allocate_ui(egui::vec2(width, SQUARE), |ui| {
                ui.horizontal(|ui| {
                    square(ui, fill, ink, mark, crossed);
                    ui.label(galley);
                });
            });
        };
    ui.horizontal_wrapped(|ui| {
        for (index, number) in numbers.iter().enumerate() {
            let text = format!("{} ({})", number.international(), number.region().unwrap_or("-"));
            item(ui, theme::audit_number(index), &letter(index), false, text);
        }
        item(ui, theme::audit_failed(), "", true, "call fails".to_owned());
        item(ui, theme::audit_not_simulated(ui.visuals()), "?", false, "not simulated".to_owned());
    });
}

/// Paints one square; a crossed one for a failed call.
fn square(ui: &mut egui::Ui, fill: egui::Color32, ink: egui::Color32, mark: &str, crossed: bool) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(SQUARE, SQUARE), Sense::click());
    let painter = ui.painter();
    let visuals = ui.style().interact(&response);
    painter.rect_filled(rect, 3.0, fill);
    if response.hovered() {
        painter.rect_stroke(rect.expand(1.5), 3.0, visuals.fg_stroke, egui::StrokeKind::Outside);
    }
    if crossed {
        let inner = rect.shrink(6.0);
        let stroke = egui::Stroke::new(2.5, ink);
        painter.line_segment([inner.left_top(), inner.right_bottom()], stroke);
        painter.line_segment([inner.right_top(), inner.left_bottom()], stroke);
    } else if !mark.is_empty() {
        painter.text(rect.center(), egui::Align2::CENTER_CENTER, mark, egui::FontId::proportional(12.0), ink);
    }
    response
}

/// One flow's matrix; `file` is where the flow is, `numbers` the presented numbers in legend order.
fn group_ui(
    ui: &mut egui::Ui,
    audit: &Audit,
    group: &FlowGroup,
    (file, numbers): (Option<&PathBuf>, &[&PhoneNumber]),
    intents: &mut Vec<Intent>,
) {
    ui.strong(format!("Flow {}", group.name));
    let names: Vec<&str> =
        group.scenarios.iter().map(|id| audit.scenario(id).map_or(id.as_str(), |s| s.name.as_str())).collect();
    let cells = audit.group_cells(group);
    let columns = names.len();
    // Rows of a fixed pitch, of which only those in view are laid out: an instance of thousands
    // of queues costs a frame what the rows on screen cost. The queue column is as wide as the
    // widest queue name, measured once per audit and flow.
    let gap = 3.0;
    let pitch = SQUARE + gap;
    let name_width = queue_column_width(ui, group);
    let row_width = name_width + gap + columns as f32 * pitch;
    ui.scope(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(gap, gap);
        ui.horizontal(|ui| {
            ui.add_sized([name_width, SQUARE], egui::Label::new(""));
            for (i, name) in names.iter().enumerate() {
                ui.add_sized([SQUARE, SQUARE], egui::Label::new(RichText::new((i + 1).to_string()).weak()))
                    .on_hover_text(*name);
            }
        });
        let rows = group.queues.len();
        let std::ops::Range { start: first, end: last } = in_view(ui, pitch, rows);
        // What is above and below the view is room, not rows.
        let room = |ui: &mut egui::Ui, count: usize| {
            if count > 0 {
                ui.allocate_space(egui::vec2(row_width, count as f32 * pitch - gap));
            }
        };
        room(ui, first);
        for (row, queue) in group.queues.iter().enumerate().take(last).skip(first) {
            ui.horizontal(|ui| {
                // Queue names read from the left, like the report's.
                let size = egui::vec2(name_width, SQUARE);
                ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.set_min_size(size);
                    ui.add(egui::Label::new(queue.as_str()).truncate());
                });
                let row_cells = cells.iter().skip(row * columns).take(columns);
                for (cell, name) in row_cells.zip(&names) {
                    if cell_ui(ui, cell, name, numbers).clicked()
                        && let (Some(file), Some(scenario)) = (file, audit.scenario(&cell.scenario))
                    {
                        let scenario = Scenario { queue: cell.queue.clone(), ..scenario.call.clone() };
                        intents.push(
                            SystemCommand::PlayAuditCall { flow: file.clone(), scenario: Box::new(scenario) }.into(),
                        );
                    }
                }
            });
        }
        room(ui, rows - last);
    });
    let key: Vec<String> = names.iter().enumerate().map(|(i, name)| format!("{} {name}", i + 1)).collect();
    ui.add(egui::Label::new(RichText::new(key.join(" · ")).weak()).wrap());
    if !group.unreached_blocks.is_empty() {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("No scenario reaches Call phone number {}", group.unreached_blocks.join(", ")),
        );
    }
}

/// Which of `count` lines of `pitch` points, laid out from the cursor down, the view shows.
fn in_view(ui: &egui::Ui, pitch: f32, count: usize) -> std::ops::Range<usize> {
    let top = ui.cursor().top();
    let clip = ui.clip_rect();
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 0..=count")]
    let line = |y: f32| (((y - top) / pitch).max(0.0).min(count as f32)) as usize;
    let first = line(clip.top());
    first..line(clip.bottom() + pitch).max(first)
}

/// The width of a flow's queue column: its widest queue name, at most 320 points, measured the
/// first time the flow's matrix is drawn with these queues and kept in egui's memory.
fn queue_column_width(ui: &egui::Ui, group: &FlowGroup) -> f32 {
    let id = egui::Id::new(("audit queue column", &group.name, &group.queues));
    if let Some(width) = ui.ctx().data(|d| d.get_temp::<f32>(id)) {
        return width;
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let colour = ui.visuals().text_color();
    let widest = ui.fonts_mut(|fonts| {
        group
            .queues
            .iter()
            .map(|queue| fonts.layout_no_wrap(queue.clone(), font.clone(), colour).size().x)
            .fold(0.0, f32::max)
    });
    let width = (widest + 4.0).clamp(SQUARE, 320.0);
    ui.ctx().data_mut(|d| d.insert_temp(id, width));
    width
}

/// One square: its colour and letter, the outcome, reason and path on hover, and a screen-reader
/// label naming its queue and scenario.
fn cell_ui(ui: &mut egui::Ui, cell: &Cell, scenario: &str, numbers: &[&PhoneNumber]) -> egui::Response {
    let (fill, ink, mark, crossed) = match &cell.outcome {
        CellOutcome::Connected { caller_id, .. } => {
            let index = numbers.iter().position(|n| *n == caller_id).unwrap_or(0);
            let (fill, ink) = theme::audit_number(index);
            (fill, ink, letter(index), false)
        }
        CellOutcome::Failed { .. } => {
            let (fill, ink) = theme::audit_failed();
            (fill, ink, String::new(), true)
        }
        CellOutcome::Stopped { .. } | CellOutcome::NotPlayed { .. } => {
            let (fill, ink) = theme::audit_not_simulated(ui.visuals());
            (fill, ink, "?".to_owned(), false)
        }
    };
    let label = format!("{} × {scenario}", cell.queue);
    let response = square(ui, fill, ink, &mark, crossed);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &label));
    // Worked out only while hovered: a big instance has thousands of squares.
    response.on_hover_ui(|ui| {
        let path: Vec<String> = cell
            .path
            .iter()
            .map(|step| match &step.branch {
                Some(branch) => format!("{} → {branch}", step.block),
                None => step.block.clone(),
            })
            .collect();
        ui.label(format!("{label}\n{}\nPath: {}", cell.outcome.describe(), path.join(", ")));
    })
}

fn findings_ui(ui: &mut egui::Ui, audit: &Audit) {
    egui::CollapsingHeader::new(format!("Findings ({})", audit.findings.len())).default_open(true).show(ui, |ui| {
        // One line each, the whole message on hover; like the matrix, only the lines in view
        // are laid out (an instance of thousands of queues has thousands of findings).
        let pitch = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let count = audit.findings.len();
        let std::ops::Range { start: first, end: last } = in_view(ui, pitch, count);
        let width = ui.available_width();
        let room = |ui: &mut egui::Ui, lines: usize| {
            if lines > 0 {
                ui.allocate_space(egui::vec2(width, lines as f32 * pitch - ui.spacing().item_spacing.y));
            }
        };
        room(ui, first);
        for finding in &audit.findings[first..last] {
            let colour = match finding.severity {
                Severity::Error => ui.visuals().error_fg_color,
                Severity::Warning => ui.visuals().warn_fg_color,
                Severity::Info => ui.visuals().weak_text_color(),
            };
            let size = egui::vec2(width, ui.spacing().interact_size.y);
            ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.set_min_size(size);
                ui.label(RichText::new(format!("{} {}", finding.severity.as_str(), finding.code.code())).color(colour));
                ui.add(egui::Label::new(&finding.message).truncate());
            });
        }
        room(ui, count - last);
    });
}
