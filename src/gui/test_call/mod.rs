//! The Test call tab: a call placed the way an agent's softphone would, played through the open
//! flow by the simulator, its outcome shown as the customer's phone would show it, step by
//! step; saved test calls with PASS/FAIL, and the caller-ID matrix. Pushes `Intent`s (reveal a
//! block, save a call, export the matrix); `TestCallState` (the form, the last call, the cached
//! results) lives as long as the window.

mod form;
mod matrix;
mod outcome;
mod pairs;
mod saved;
mod steps;
#[cfg(test)]
mod tests;

use self::form::CallForm;
use self::matrix::MatrixRun;
use self::saved::SavedRuns;
use crate::gui::context::FrameContext;
use crate::gui::intent::Intent;
use crate::instance::Instance;
use crate::model::{ActionId, FlowDocument};
use crate::simulation::{self, CallOutcome, Scenario, ScenarioError};
use crate::workspace::calls::SavedCall;

/// What the tab remembers between frames.
#[derive(Default)]
pub struct TestCallState {
    form: CallForm,
    /// The flow the results below belong to.
    flow: Option<String>,
    /// The document revision and the instance the results below were computed with.
    seen: Option<Seen>,
    last: Option<LastCall>,
    /// The current step of the last call's trace, for stepping; the last step when not stepping.
    cursor: usize,
    /// The name typed for "Save as test call".
    save_name: String,
    saved: SavedRuns,
    matrix: Option<MatrixRun>,
    /// A call to put in the form and play at the next frame (a square of the audit view).
    pending: Option<Scenario>,
}

struct Seen {
    revision: u64,
    instance: Instance,
}

/// The last call placed: its scenario, and what the simulator made of it.
struct LastCall {
    scenario: Scenario,
    result: Result<CallOutcome, ScenarioError>,
}

/// What every part of the tab reads.
struct Context<'a> {
    doc: &'a FlowDocument,
    flow_name: &'a str,
    instance: &'a Instance,
}

impl TestCallState {
    /// The blocks the current call went through (for the canvas path highlight); empty before a call.
    pub fn path(&self) -> Vec<ActionId> {
        let Some(outcome) = self.outcome() else {
            return Vec::new();
        };
        outcome
            .trace
            .iter()
            .take(self.cursor.saturating_add(1))
            .map(|step| ActionId::from_import(&step.action))
            .collect()
    }

    /// Puts `scenario` in the form and plays it when the tab next draws.
    pub fn play(&mut self, scenario: Scenario) {
        self.pending = Some(scenario);
    }

    fn outcome(&self) -> Option<&CallOutcome> {
        self.last.as_ref().and_then(|last| last.result.as_ref().ok())
    }

    fn trace_len(&self) -> usize {
        self.outcome().map_or(0, |outcome| outcome.trace.len())
    }

    /// Plays `scenario` and makes it the last call, its whole path shown.
    fn place_call(&mut self, cx: &Context<'_>, scenario: Scenario) {
        let result = simulation::simulate(cx.doc, cx.instance, &scenario);
        self.last = Some(LastCall { scenario, result });
        self.cursor = self.trace_len().saturating_sub(1);
    }

    /// Forgets the results of another flow, and re-runs the last call, the saved calls and the
    /// matrix when the document or the instance changed.
    fn refresh(&mut self, cx: &Context<'_>, revision: u64, saved_calls: &[(String, SavedCall)]) {
        if self.flow.as_deref() != Some(cx.flow_name) {
            self.flow = Some(cx.flow_name.to_owned());
            self.form.forget_queue();
            self.last = None;
            self.matrix = None;
            self.seen = None;
        }
        let fresh = self.seen.as_ref().is_some_and(|seen| seen.revision == revision && seen.instance == *cx.instance);
        if !fresh {
            self.rerun(cx);
            self.saved.invalidate();
            self.seen = Some(Seen { revision, instance: cx.instance.clone() });
        }
        self.saved.refresh(cx, saved_calls);
    }

    fn rerun(&mut self, cx: &Context<'_>) {
        let at_end = self.cursor.saturating_add(1) >= self.trace_len();
        if let Some(last) = &mut self.last {
            last.result = simulation::simulate(cx.doc, cx.instance, &last.scenario);
        }
        let last_step = self.trace_len().saturating_sub(1);
        self.cursor = if at_end { last_step } else { self.cursor.min(last_step) };
        if let Some(matrix) = &mut self.matrix {
            matrix.rerun(cx);
        }
    }
}

/// Draws the tab: the call form, the outcome and its steps, saving, saved calls and the matrix.
pub fn ui(ui: &mut egui::Ui, frame: &FrameContext<'_>, state: &mut TestCallState) {
    let Some(instance) = frame.instance else {
        ui.label("Test calls need the workspace's instance.json.");
        return;
    };
    let cx = Context { doc: frame.doc, flow_name: frame.flow_name, instance };
    let saved_calls = frame.saved_calls;
    state.refresh(&cx, frame.revision, saved_calls);
    if let Some(scenario) = state.pending.take() {
        state.form.load(&scenario, &cx);
        state.place_call(&cx, scenario);
    }
    let mut intents = Vec::new();
    ui.columns_const(|[inputs, result, tests]| {
        scrolled(inputs, "test-call-inputs", |ui| inputs_ui(ui, &cx, state));
        scrolled(result, "test-call-outcome", |ui| result_ui(ui, &cx, state, &mut intents));
        scrolled(tests, "test-call-saved", |ui| tests_ui(ui, &cx, saved_calls, state, &mut intents));
    });
    frame.send_all(intents);
}

fn scrolled(ui: &mut egui::Ui, salt: &str, add_contents: impl FnOnce(&mut egui::Ui)) {
    egui::ScrollArea::vertical().id_salt(salt).auto_shrink([false, false]).show(ui, add_contents);
}

fn inputs_ui(ui: &mut egui::Ui, cx: &Context<'_>, state: &mut TestCallState) {
    if state.form.ui(ui, cx) {
        let scenario = state.form.scenario(cx);
        state.place_call(cx, scenario);
    }
}

fn result_ui(ui: &mut egui::Ui, cx: &Context<'_>, state: &mut TestCallState, intents: &mut Vec<Intent>) {
    let Some(last) = &state.last else {
        ui.weak("Fill in the call and press Call: the outcome and each step of the flow show here.");
        return;
    };
    outcome::ui(ui, &last.result);
    if let Ok(outcome) = &last.result {
        ui.separator();
        steps::ui(ui, cx.doc, &outcome.trace, &mut state.cursor, intents);
    }
}

fn tests_ui(
    ui: &mut egui::Ui,
    cx: &Context<'_>,
    saved_calls: &[(String, SavedCall)],
    state: &mut TestCallState,
    intents: &mut Vec<Intent>,
) {
    saved::save_ui(ui, cx, state.last.as_ref(), &mut state.save_name, saved_calls, intents);
    ui.separator();
    if let Some(scenario) = state.saved.ui(ui) {
        state.form.load(&scenario, cx);
    }
    ui.separator();
    matrix::ui(ui, cx, &mut state.matrix, &state.saved, &state.form, intents);
}
