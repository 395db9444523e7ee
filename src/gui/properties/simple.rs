//! The small forms: Check contact attributes, Loop, recording, logging, the blocks without
//! parameters, and the read-only view of blocks whisperwire does not model.

use super::form::{Form, note_ui, warning_ui};
use crate::model::{Action, ActionId, ActionKind, Condition, ConditionBranch, Edit, Operator};

/// "Check contact attributes": the value checked and its conditions, in order (the first true
/// one wins). In the flow language a condition always leads somewhere, so a new condition is
/// added with the block it leads to; its wire can then be moved on the canvas.
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
    for index in 0..action.transitions.conditions.len() {
        condition_row_ui(ui, form, index);
    }
    new_condition_ui(ui, form);
}

/// One condition: its operator, its value, where it leads, and a remove button.
fn condition_row_ui(ui: &mut egui::Ui, form: &mut Form<'_>, index: usize) {
    let action = form.action;
    let Some(branch) = action.transitions.conditions.get(index) else { return };
    let number = index + 1;
    ui.horizontal(|ui| {
        let label = ui.label(format!("{number}."));
        if let Some(operator) = operator_ui(ui, (action.id.as_str(), index), &branch.condition.operator, label.id) {
            let mut transitions = action.transitions.clone();
            if let Some(changed) = transitions.conditions.get_mut(index) {
                changed.condition.operator = operator;
            }
            form.push(Edit::SetTransitions { id: action.id.clone(), transitions }, None);
        }
        let operand = branch.condition.operand_text().unwrap_or_default();
        if let Some(text) = form.cell_ui(ui, label.id, &format!("condition {number}"), operand) {
            let mut transitions = action.transitions.clone();
            if let Some(changed) = transitions.conditions.get_mut(index) {
                changed.condition.operands = vec![serde_json::Value::String(text)];
            }
            form.push(Edit::SetTransitions { id: action.id.clone(), transitions }, Some("condition value"));
        }
        let target = form.doc.flow.action(&branch.next).map_or(branch.next.as_str(), Action::display_name);
        ui.label(format!("goes to {target}"));
        if ui.button("Remove").on_hover_text(format!("Remove condition {number}")).clicked() {
            let mut transitions = action.transitions.clone();
            transitions.conditions.remove(index);
            form.push(Edit::SetTransitions { id: action.id.clone(), transitions }, None);
        }
    });
}

/// The operator drop-down; the new operator when one is picked.
fn operator_ui(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    current: &Operator,
    label: egui::Id,
) -> Option<Operator> {
    let mut picked = None;
    egui::ComboBox::from_id_salt(("operator", salt))
        .selected_text(operator_name(current))
        .show_ui(ui, |ui| {
            for operator in Operator::KNOWN {
                if ui.selectable_label(&operator == current, operator_name(&operator)).clicked() {
                    picked = Some(operator);
                }
            }
        })
        .response
        .labelled_by(label);
    picked.filter(|p| p != current)
}

fn operator_name(operator: &Operator) -> &str {
    match operator {
        Operator::Equals => "Equals",
        Operator::TextStartsWith => "Starts with",
        Operator::TextEndsWith => "Ends with",
        Operator::TextContains => "Contains",
        Operator::NumberGreaterThan => "Is greater than",
        Operator::NumberGreaterOrEqualTo => "Is greater or equal to",
        Operator::NumberLessThan => "Is less than",
        Operator::NumberLessOrEqualTo => "Is less or equal to",
        Operator::Other(name) => name,
    }
}

/// The draft of a condition being added, kept in egui's memory for the block.
#[derive(Clone, Default)]
struct NewCondition {
    operator: Option<Operator>,
    value: String,
    target: Option<ActionId>,
}

fn new_condition_ui(ui: &mut egui::Ui, form: &mut Form<'_>) {
    let action = form.action;
    let memory = egui::Id::new(("new condition", action.id.as_str()));
    let mut draft: NewCondition = ui.data_mut(|d| d.get_temp(memory)).unwrap_or_default();
    let operator = draft.operator.clone().unwrap_or(Operator::Equals);
    let mut add = false;
    ui.horizontal(|ui| {
        let label = ui.label("New condition");
        if let Some(picked) = operator_ui(ui, (action.id.as_str(), "new"), &operator, label.id) {
            draft.operator = Some(picked);
        }
        ui.add(egui::TextEdit::singleline(&mut draft.value).desired_width(90.0)).labelled_by(label.id);
    });
    ui.horizontal(|ui| {
        let label = ui.label("goes to");
        let chosen = draft
            .target
            .as_ref()
            .and_then(|id| form.doc.flow.action(id))
            .map_or("choose a block", Action::display_name);
        egui::ComboBox::from_id_salt(("new condition target", action.id.as_str()))
            .selected_text(chosen)
            .show_ui(ui, |ui| {
                for other in form.doc.flow.actions.iter().filter(|a| a.id != action.id) {
                    if ui.selectable_label(draft.target.as_ref() == Some(&other.id), other.display_name()).clicked() {
                        draft.target = Some(other.id.clone());
                    }
                }
            })
            .response
            .labelled_by(label.id);
        add = ui
            .add_enabled(draft.target.is_some() && !draft.value.is_empty(), egui::Button::new("Add condition"))
            .clicked();
    });
    if add && let Some(target) = draft.target.take() {
        let mut transitions = action.transitions.clone();
        let condition = Condition::new(operator, std::mem::take(&mut draft.value));
        transitions.conditions.push(ConditionBranch { condition, next: target });
        form.push(Edit::SetTransitions { id: action.id.clone(), transitions }, None);
        draft = NewCondition::default();
    }
    ui.data_mut(|d| d.insert_temp(memory, draft));
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
