//! The small forms: Check contact attributes, Loop, recording, logging, the blocks without
//! parameters, and the read-only view of blocks whisperwire does not model.

use super::form::{Form, note_ui, warning_ui};
use crate::model::{Action, ActionKind};

/// "Check contact attributes": the value checked; its conditions read-only.
pub(super) fn compare_ui(ui: &mut egui::Ui, form: &mut Form<'_>, comparison_value: Option<&str>) {
    let current = comparison_value.unwrap_or("");
    if let Some(text) = form.text_row_ui(ui, "Attribute to check", "comparison_value", current) {
        let kind = ActionKind::Compare { comparison_value: (!text.is_empty()).then_some(text) };
        form.type_kind(kind, "comparison_value");
    }
    note_ui(ui, "A JSONPath, such as $.Attributes.tier or $.External.caller_id.");
    ui.add_space(6.0);
    ui.strong("Conditions");
    let action = form.action;
    if action.transitions.conditions.is_empty() {
        note_ui(ui, "No conditions: every contact takes the No match branch.");
    }
    for (index, branch) in action.transitions.conditions.iter().enumerate() {
        let condition = &branch.condition;
        let operand = condition
            .operand_text()
            .map_or_else(|| serde_json::Value::from(condition.operands.clone()).to_string(), str::to_owned);
        let target = form.doc.flow.action(&branch.next).map_or(branch.next.as_str(), Action::block_name);
        ui.label(format!("{}. {} {operand}  →  {target}", index + 1, condition.operator.short_display()));
    }
    note_ui(
        ui,
        "Conditions are shown read-only: whisperwire does not edit them yet. Change them in the \
         Amazon Connect designer.",
    );
}

/// "Loop": how many times.
pub(super) fn loop_ui(ui: &mut egui::Ui, form: &mut Form<'_>, loop_count: Option<&str>) {
    let parsed = loop_count.and_then(|t| t.trim().parse::<u8>().ok());
    let mut count = parsed.unwrap_or(1).min(100);
    let changed = ui
        .horizontal(|ui| {
            let label = ui.label("Loop count");
            ui.add(egui::DragValue::new(&mut count).range(0..=100)).labelled_by(label.id).changed()
        })
        .inner;
    match (loop_count, parsed) {
        (None, _) => note_ui(ui, "Not set: pick a count of 0 to 100."),
        (Some(text), Some(value)) if value <= 100 && text == value.to_string() => {}
        (Some(text), _) => warning_ui(ui, format!("The block holds “{text}”: Amazon Connect allows 0 to 100.")),
    }
    if changed {
        let kind = ActionKind::Loop { loop_count: Some(count.to_string()) };
        form.type_kind(kind, "loop_count");
    }
}

/// "Set recording and analytics behavior": who is recorded.
pub(super) fn recording_ui(ui: &mut egui::Ui, form: &mut Form<'_>, recorded_participants: Option<&[String]>) {
    let list = recorded_participants.unwrap_or_default();
    let mut agent = list.iter().any(|p| p == "Agent");
    let mut customer = list.iter().any(|p| p == "Customer");
    let changed = ui
        .horizontal(|ui| {
            ui.label("Record:");
            let a = ui.checkbox(&mut agent, "Agent").changed();
            let c = ui.checkbox(&mut customer, "Customer").changed();
            a || c
        })
        .inner;
    if recorded_participants.is_none() {
        note_ui(ui, "Not set.");
    }
    note_ui(
        ui,
        "Analytics settings, if any, are kept as imported. Analytics needs both participants \
         recorded.",
    );
    if changed {
        let mut participants: Vec<String> = [("Agent", agent), ("Customer", customer)]
            .into_iter()
            .filter(|(_, on)| *on)
            .map(|(name, _)| name.to_owned())
            .collect();
        participants.extend(list.iter().filter(|p| *p != "Agent" && *p != "Customer").cloned());
        form.set_kind(ActionKind::UpdateContactRecordingBehavior { recorded_participants: Some(participants) });
    }
}

/// "Set logging behavior": on or off.
pub(super) fn logging_ui(ui: &mut egui::Ui, form: &mut Form<'_>, flow_logging: Option<&str>) {
    let mut chosen = None;
    ui.horizontal(|ui| {
        ui.label("Flow logging:");
        for value in ["Enabled", "Disabled"] {
            if ui.radio(flow_logging == Some(value), value).clicked() && flow_logging != Some(value) {
                chosen = Some(value);
            }
        }
    });
    match flow_logging {
        None => note_ui(ui, "Not set."),
        Some("Enabled" | "Disabled") => {}
        Some(other) => warning_ui(ui, format!("Unknown value “{other}”.")),
    }
    if let Some(chosen) = chosen {
        form.set_kind(ActionKind::UpdateFlowLoggingBehavior { flow_logging: Some(chosen.to_owned()) });
    }
}

/// "End flow / Resume".
pub(super) fn end_flow_ui(ui: &mut egui::Ui) {
    note_ui(
        ui,
        "Ends the outbound whisper: the call goes on to the agent. This block has no \
         parameters and no branches.",
    );
}

/// "Disconnect / hang up".
pub(super) fn disconnect_ui(ui: &mut egui::Ui) {
    note_ui(
        ui,
        "Hangs up the call. This block has no parameters and no branches. Amazon Connect does \
         not list it for outbound whisper flows: end them with End flow / Resume.",
    );
}

/// Any block whisperwire does not model: its parameters, read-only.
pub(super) fn other_ui(ui: &mut egui::Ui, action: &Action) {
    ui.label(format!("Type: {}", action.kind.type_name()));
    note_ui(ui, "whisperwire does not edit this block; its parameters are kept exactly as imported");
    let json = action.raw_parameters().map_or_else(
        || "(no parameters)".to_owned(),
        |parameters| serde_json::to_string_pretty(parameters).unwrap_or_else(|e| e.to_string()),
    );
    let label = ui.label("Parameters");
    let mut text = json.as_str();
    ui.add(
        egui::TextEdit::multiline(&mut text)
            .id_salt(("raw-parameters", action.id.as_str()))
            .code_editor()
            .desired_width(f32::INFINITY),
    )
    .labelled_by(label.id);
}
