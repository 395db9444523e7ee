//! The last call's trace as a list of steps, with a cursor to step through it: each step
//! reveals its block on the canvas, and the canvas highlights the path up to the cursor.

use egui::RichText;

use crate::gui::intent::Intent;
use crate::model::{Action, ActionId, FlowDocument};
use crate::simulation::Step;

/// Draws the step buttons and the list; `cursor` is the current step's index.
pub(super) fn ui(ui: &mut egui::Ui, doc: &FlowDocument, trace: &[Step], cursor: &mut usize, intents: &mut Vec<Intent>) {
    if trace.is_empty() {
        ui.weak("The call went through no block.");
        return;
    }
    ui.horizontal(|ui| {
        ui.strong("Steps");
        let back = ui.add_enabled(*cursor > 0, egui::Button::new("◀ Step back"));
        ui.label(format!("{} of {}", cursor.saturating_add(1).min(trace.len()), trace.len()));
        let forward = ui.add_enabled(cursor.saturating_add(1) < trace.len(), egui::Button::new("Step forward ▶"));
        if back.clicked() {
            move_to(cursor.saturating_sub(1), trace, cursor, intents);
        }
        if forward.clicked() {
            move_to(cursor.saturating_add(1), trace, cursor, intents);
        }
    });
    for (index, step) in trace.iter().enumerate() {
        ui.push_id(("step", index), |ui| step_ui(ui, doc, index, step, cursor, trace, intents));
    }
}

/// Makes `index` the current step and reveals its block.
fn move_to(index: usize, trace: &[Step], cursor: &mut usize, intents: &mut Vec<Intent>) {
    let Some(step) = trace.get(index) else {
        return;
    };
    *cursor = index;
    intents.push(Intent::Reveal(ActionId::from_import(&step.action)));
}

fn step_ui(
    ui: &mut egui::Ui,
    doc: &FlowDocument,
    index: usize,
    step: &Step,
    cursor: &mut usize,
    trace: &[Step],
    intents: &mut Vec<Intent>,
) {
    let reached = index <= *cursor;
    let mut text = RichText::new(title(index, step, doc));
    if !reached {
        text = text.weak();
    }
    let row = ui
        .add(egui::Button::selectable(index == *cursor, text).wrap())
        .on_hover_text("Show this block on the canvas and make it the current step");
    if row.clicked() {
        move_to(index, trace, cursor, intents);
    }
    ui.indent("details", |ui| {
        if !step.attributes_changed.is_empty() {
            let set: Vec<String> =
                step.attributes_changed.iter().map(|(key, value)| format!("{key} = {value}")).collect();
            ui.add(egui::Label::new(format!("sets {}", set.join(", "))).wrap());
        }
        if !step.note.is_empty() {
            ui.add(egui::Label::new(RichText::new(&step.note).weak()).wrap());
        }
    });
}

/// "2. Call phone number: Success": the number, the block (its own name when it has one) and
/// the branch taken.
pub(super) fn title(index: usize, step: &Step, doc: &FlowDocument) -> String {
    let named = doc.flow.action(&ActionId::from_import(&step.action)).map(Action::display_name);
    let block = match named {
        Some(name) if name != step.block => format!("{} “{name}”", step.block),
        _ => step.block.clone(),
    };
    let number = index.saturating_add(1);
    match &step.branch {
        Some(branch) => format!("{number}. {block}: {branch}"),
        None => format!("{number}. {block}"),
    }
}
