//! The caller-ID matrix of the open flow: every queue that uses it, times the saved scenarios
//! of the flow (or the call in the form when there are none), as a table; "Export CSV" asks the
//! app to write it. The last matrix is kept in `TestCallState` and replayed when the flow changes.

use egui::RichText;

use super::Context;
use super::form::CallForm;
use super::saved::SavedRuns;
use crate::gui::intent::{Intent, SystemCommand};
use crate::simulation::{MatrixRow, Scenario, matrix, to_csv};

/// The name of the form's scenario in a matrix of a flow without saved calls.
const FORM_SCENARIO: &str = "current call";

/// A matrix and the scenarios it was played with.
#[derive(Debug)]
pub(super) struct MatrixRun {
    scenarios: Vec<(String, Scenario)>,
    rows: Vec<MatrixRow>,
}

impl MatrixRun {
    fn new(cx: &Context<'_>, scenarios: Vec<(String, Scenario)>) -> Self {
        let rows = matrix(cx.doc, cx.flow_name, cx.instance, &scenarios);
        Self { scenarios, rows }
    }

    pub(super) fn rows(&self) -> &[MatrixRow] {
        &self.rows
    }

    /// Plays the same scenarios again (the flow or the instance changed).
    pub(super) fn rerun(&mut self, cx: &Context<'_>) {
        self.rows = matrix(cx.doc, cx.flow_name, cx.instance, &self.scenarios);
    }
}

/// Draws the matrix section: the button, then the table and "Export CSV" once run.
pub(super) fn ui(
    ui: &mut egui::Ui,
    cx: &Context<'_>,
    run: &mut Option<MatrixRun>,
    saved: &SavedRuns,
    form: &CallForm,
    intents: &mut Vec<Intent>,
) {
    ui.strong("Caller-ID matrix");
    let mut scenarios = saved.scenarios();
    let from_form = scenarios.is_empty();
    let hover = if from_form {
        "Play the call in the form from every queue that uses this flow"
    } else {
        "Play every saved test call of this flow from every queue that uses it"
    };
    if ui.button("Run caller-ID matrix").on_hover_text(hover).clicked() {
        if from_form {
            scenarios.push((FORM_SCENARIO.to_owned(), form.scenario(cx)));
        }
        *run = Some(MatrixRun::new(cx, scenarios));
    }
    let Some(run) = run else {
        return;
    };
    if run.rows().is_empty() {
        ui.weak(format!("No queue uses “{}” as its outbound whisper flow: set one in Flow, Queues….", cx.flow_name));
        return;
    }
    table_ui(ui, run.rows());
    if ui.button("Export CSV").on_hover_text("Write the matrix as CSV next to the test calls").clicked() {
        intents.push(SystemCommand::ExportMatrix { flow: cx.flow_name.to_owned(), csv: to_csv(run.rows()) }.into());
    }
}

fn table_ui(ui: &mut egui::Ui, rows: &[MatrixRow]) {
    egui::Grid::new("caller-id-matrix").num_columns(5).striped(true).show(ui, |ui| {
        for header in ["Queue", "Scenario", "Caller ID", "Source", "Outcome"] {
            ui.strong(header);
        }
        ui.end_row();
        for row in rows {
            ui.label(&row.queue);
            ui.label(&row.scenario);
            match (&row.display, &row.caller_id) {
                (Some(display), Some(e164)) => ui.label(display).on_hover_text(e164),
                _ => ui.weak("-"),
            };
            ui.add(egui::Label::new(&row.source).wrap());
            ui.label(outcome_text(ui, row.outcome));
            ui.end_row();
        }
    });
}

fn outcome_text(ui: &egui::Ui, outcome: &str) -> RichText {
    let visuals = ui.visuals();
    let text = RichText::new(outcome);
    match outcome {
        "connected" => text,
        "failed" | "error" => text.color(visuals.error_fg_color),
        _ => text.color(visuals.warn_fg_color),
    }
}
