//! Saved test calls: "Save as test call" for the last call, and the workspace's saved calls of
//! this flow, each played and checked (PASS/FAIL), again whenever the flow or the instance
//! changes. `SavedRuns` caches the results in `TestCallState`.

use egui::RichText;

use super::{Context, LastCall};
use crate::gui::intent::{Intent, SystemCommand};
use crate::simulation::{self, Scenario};
use crate::workspace::calls::{Expectation, RunResult, SavedCall};
use crate::workspace::names::file_stem;

/// The saved calls of the flow and their results, as of the last refresh.
#[derive(Debug, Default)]
pub(super) struct SavedRuns {
    /// (file stem, call), in the order the app gives them.
    calls: Vec<(String, SavedCall)>,
    results: Vec<RunResult>,
    stale: bool,
}

impl SavedRuns {
    /// Plays the calls again at the next refresh.
    pub(super) fn invalidate(&mut self) {
        self.stale = true;
    }

    /// Plays the flow's saved calls when they or the flow changed since the last time.
    pub(super) fn refresh(&mut self, cx: &Context<'_>, saved_calls: &[(String, SavedCall)]) {
        let mine = saved_calls.iter().filter(|(_, call)| call.flow == cx.flow_name);
        let unchanged = mine.clone().eq(self.calls.iter());
        if unchanged && !self.stale {
            return;
        }
        self.calls = mine.cloned().collect();
        self.results = self.calls.iter().map(|(_, call)| run(cx, call)).collect();
        self.stale = false;
    }

    /// The saved scenarios of the flow, named by file stem.
    pub(super) fn scenarios(&self) -> Vec<(String, Scenario)> {
        self.calls.iter().map(|(name, call)| (name.clone(), call.scenario.clone())).collect()
    }

    /// Draws the list; the scenario to load into the form, when asked.
    pub(super) fn ui(&self, ui: &mut egui::Ui) -> Option<Scenario> {
        ui.strong("Saved test calls of this flow");
        if self.calls.is_empty() {
            ui.weak("None yet: place a call, then save it as a test call.");
            return None;
        }
        ui.label(summary(&self.results));
        let mut load = None;
        for (index, ((name, call), result)) in self.calls.iter().zip(&self.results).enumerate() {
            ui.push_id(("saved", index), |ui| {
                if row_ui(ui, call.name.as_deref().unwrap_or(name), call, result) {
                    load = Some(call.scenario.clone());
                }
            });
        }
        load
    }
}

fn run(cx: &Context<'_>, call: &SavedCall) -> RunResult {
    match simulation::simulate(cx.doc, cx.instance, &call.scenario) {
        Ok(outcome) => match call.expect.check(&outcome) {
            Ok(()) => RunResult::Pass,
            Err(mismatches) => RunResult::Fail(mismatches),
        },
        Err(error) => RunResult::Error(error.to_string()),
    }
}

/// "2 passed, 1 failed", with ", 1 error" when some could not be played.
fn summary(results: &[RunResult]) -> String {
    let count = |wanted: fn(&RunResult) -> bool| results.iter().filter(|r| wanted(r)).count();
    let passed = count(|r| matches!(r, RunResult::Pass));
    let failed = count(|r| matches!(r, RunResult::Fail(_)));
    let errors = count(|r| matches!(r, RunResult::Error(_)));
    match errors {
        0 => format!("{passed} passed, {failed} failed"),
        1 => format!("{passed} passed, {failed} failed, 1 error"),
        _ => format!("{passed} passed, {failed} failed, {errors} errors"),
    }
}

/// One saved call: its result, name, description and what went wrong; true when "Load" is clicked.
fn row_ui(ui: &mut egui::Ui, name: &str, call: &SavedCall, result: &RunResult) -> bool {
    let visuals = ui.visuals();
    let (status, colour) = match result {
        RunResult::Pass => ("PASS", visuals.strong_text_color()),
        RunResult::Fail(_) => ("FAIL", visuals.error_fg_color),
        RunResult::Error(_) => ("ERROR", visuals.warn_fg_color),
    };
    let load = ui
        .horizontal(|ui| {
            ui.label(RichText::new(status).monospace().strong().color(colour));
            ui.label(name);
            ui.button("Load").on_hover_text(format!("Put the scenario of “{name}” in the call form")).clicked()
        })
        .inner;
    ui.indent("details", |ui| {
        if let Some(description) = &call.description {
            ui.add(egui::Label::new(RichText::new(description).weak()).wrap());
        }
        match result {
            RunResult::Pass => {}
            RunResult::Fail(mismatches) => {
                for mismatch in mismatches {
                    ui.add(egui::Label::new(mismatch.to_string()).wrap());
                }
            }
            RunResult::Error(error) => {
                ui.add(egui::Label::new(error.as_str()).wrap());
            }
        }
    });
    load
}

/// "Save as test call": the last call and its outcome as the expectation, under a name.
pub(super) fn save_ui(
    ui: &mut egui::Ui,
    cx: &Context<'_>,
    last: Option<&LastCall>,
    name: &mut String,
    saved_calls: &[(String, SavedCall)],
    intents: &mut Vec<Intent>,
) {
    let outcome = last.and_then(|last| last.result.as_ref().ok().map(|outcome| (&last.scenario, outcome)));
    let clicked = ui
        .horizontal(|ui| {
            let label = ui.label("Test call name");
            let field = egui::TextEdit::singleline(name).id_salt("test-call-save-name").desired_width(160.0);
            let field = ui.add(field).labelled_by(label.id);
            // Enter in the name field saves, as the button does.
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let ready = outcome.is_some() && !file_stem(name).is_empty();
            let button = ui
                .add_enabled(ready, egui::Button::new("Save as test call"))
                .on_hover_text("Save the last call, expecting exactly its outcome, in calls/ (or press Enter)")
                .on_disabled_hover_text("Place a call and give it a name first.");
            button.clicked() || (ready && entered)
        })
        .inner;
    let stem = file_stem(name);
    if !stem.is_empty() && saved_calls.iter().any(|(saved, _)| *saved == stem) {
        ui.weak(format!("Saving replaces the test call “{stem}”."));
    }
    if let (true, Some((scenario, outcome))) = (clicked, outcome) {
        let call = SavedCall {
            name: None,
            flow: cx.flow_name.to_owned(),
            description: None,
            scenario: scenario.clone(),
            expect: Expectation::from_outcome(outcome),
        };
        intents.push(SystemCommand::SaveTestCall { name: name.trim().to_owned(), call: Box::new(call) }.into());
        name.clear();
    }
}
