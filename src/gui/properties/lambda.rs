//! The "Invoke AWS Lambda function" form: function, timeout, response type and invocation
//! attributes.

use super::attributes::pairs_ui;
use super::form::{Form, note_ui, warning_ui};
use crate::model::{ActionKind, LambdaCall};

const RESPONSE_TYPES: [(&str, &str); 2] = [("STRING_MAP", "String map"), ("JSON", "JSON")];

pub(super) fn ui(ui: &mut egui::Ui, form: &mut Form<'_>, call: &LambdaCall) {
    function_ui(ui, form, call);
    ui.add_space(6.0);
    timeout_ui(ui, form, call);
    ui.add_space(6.0);
    response_type_ui(ui, form, call);
    ui.add_space(6.0);
    ui.label("Invocation attributes (sent to the function)");
    if let Some(change) = pairs_ui(ui, form, "lambda_attributes", &call.attributes, "attribute") {
        let kind = ActionKind::InvokeLambdaFunction(LambdaCall { attributes: change.pairs, ..call.clone() });
        if change.typed {
            form.type_kind(kind, "lambda_attributes");
        } else {
            form.set_kind(kind);
        }
    }
    if let Some(kind) = &call.invocation_type {
        note_ui(ui, format!("Invocation type: {kind} (kept as imported)."));
    }
}

fn with(call: &LambdaCall, change: impl FnOnce(&mut LambdaCall)) -> ActionKind {
    let mut call = call.clone();
    change(&mut call);
    ActionKind::InvokeLambdaFunction(call)
}

fn function_ui(ui: &mut egui::Ui, form: &mut Form<'_>, call: &LambdaCall) {
    let arn = call.function_arn.as_deref().unwrap_or("");
    if let Some(instance) = form.instance {
        let known = instance.lambda(arn);
        let selected_text = match known {
            Some(lambda) => lambda.name.clone(),
            None if arn.is_empty() => "Choose a function…".to_owned(),
            None => format!("{} (not in this instance)", call.function_name().unwrap_or(arn)),
        };
        let mut picked = None;
        ui.horizontal(|ui| {
            let label = ui.label("Function");
            egui::ComboBox::from_id_salt(("lambda-function", form.action.id.as_str()))
                .selected_text(selected_text)
                .show_ui(ui, |ui| {
                    if instance.lambdas.is_empty() {
                        ui.weak("instance.json lists no Lambda functions.");
                    }
                    for lambda in &instance.lambdas {
                        let chosen = known.is_some_and(|k| k.arn == lambda.arn);
                        if ui.selectable_label(chosen, &lambda.name).on_hover_text(&lambda.arn).clicked() {
                            picked = Some(lambda.arn.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if let Some(picked) = picked
            && picked != arn
        {
            form.set_kind(with(call, |c| c.function_arn = Some(picked)));
        }
    }
    if let Some(text) = form.text_row_ui(ui, "Function ARN", "function_arn", arn) {
        let kind = with(call, |c| {
            c.function_arn = (!text.is_empty()).then_some(text);
        });
        form.type_kind(kind, "function_arn");
    }
}

fn timeout_ui(ui: &mut egui::Ui, form: &mut Form<'_>, call: &LambdaCall) {
    let written = call.timeout_secs.as_deref();
    let parsed = written.and_then(|t| t.trim().parse::<u8>().ok());
    let mut timeout_secs = parsed.unwrap_or(3).clamp(1, 8);
    let changed = ui
        .horizontal(|ui| {
            let label = ui.label("Timeout");
            let response =
                ui.add(egui::DragValue::new(&mut timeout_secs).range(1..=8).suffix(" s")).labelled_by(label.id);
            response.changed()
        })
        .inner;
    match (written, parsed) {
        (None, _) => note_ui(ui, "Not set: pick a timeout of 1 to 8 seconds."),
        (Some(text), Some(value)) if (1..=8).contains(&value) && text == value.to_string() => {}
        (Some(text), _) => warning_ui(ui, format!("The block holds “{text}”: Amazon Connect allows 1 to 8 seconds.")),
    }
    if changed {
        let kind = with(call, |c| c.timeout_secs = Some(timeout_secs.to_string()));
        form.type_kind(kind, "timeout_secs");
    }
}

fn response_type_ui(ui: &mut egui::Ui, form: &mut Form<'_>, call: &LambdaCall) {
    let current = call.response_type.as_deref();
    let mut chosen = None;
    ui.horizontal(|ui| {
        ui.label("Response type:");
        for (value, label) in RESPONSE_TYPES {
            if ui.radio(current == Some(value), label).clicked() && current != Some(value) {
                chosen = Some(value);
            }
        }
    });
    match current {
        None => note_ui(ui, "Not set."),
        Some(value) if RESPONSE_TYPES.iter().any(|(v, _)| *v == value) => {}
        Some(other) => warning_ui(ui, format!("Unknown response type “{other}”.")),
    }
    if let Some(chosen) = chosen {
        form.set_kind(with(call, |c| c.response_type = Some(chosen.to_owned())));
    }
}
