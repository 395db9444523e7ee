//! The properties panel: the flow's name and description when nothing is selected, else the
//! selected block's identifier, findings and form. Reads the document and pushes `Intent`s;
//! `PropertiesState` (text being typed, the number search) lives as long as the window.

mod attributes;
mod call_phone_number;
mod form;
mod lambda;
mod prompt;
mod simple;
#[cfg(test)]
mod tests;

use egui::RichText;

use self::call_phone_number::CallerIdState;
use self::form::{DraftKey, Form, note_ui};
use crate::gui::context::FrameContext;
use crate::gui::drafts::Drafts;
use crate::gui::intent::Intent;
use crate::gui::problems_panel::{fix_button_ui, severity_ui};
use crate::model::{Action, ActionId, ActionKind, Edit};
use crate::validation::{Diagnostic, Report};

/// The panel's own state: what is being typed, and the caller ID form's search.
#[derive(Debug, Default)]
pub struct PropertiesState {
    /// The block the drafts belong to (`None`: the flow).
    shown: Option<ActionId>,
    drafts: Drafts<DraftKey>,
    caller_id: CallerIdState,
}

/// Draws the properties of the selected block, or of the flow when none is.
pub fn ui(ui: &mut egui::Ui, cx: &FrameContext<'_>, state: &mut PropertiesState) {
    let selected = cx.selection.first();
    if state.shown.as_ref() != selected {
        state.shown = selected.cloned();
        state.drafts.clear();
        state.caller_id.clear_search();
    }
    let mut intents = Vec::new();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        if let Some(action) = selected.and_then(|id| cx.doc.flow.action(id)) {
            let (doc, instance) = (cx.doc, cx.instance);
            let mut form = Form { doc, action, instance, drafts: &mut state.drafts, intents: &mut intents };
            block_ui(ui, &mut form, cx.report, &mut state.caller_id);
        } else {
            if selected.is_some() {
                note_ui(ui, "The selected block is no longer in the flow.");
            }
            flow_ui(ui, cx, &mut state.drafts, &mut intents);
        }
    });
    cx.send_all(intents);
}

/// The merge key of typing in the flow's own fields (no block has an empty identifier that
/// also has these fields).
fn flow_key() -> ActionId {
    ActionId::from_import("")
}

fn flow_ui(ui: &mut egui::Ui, cx: &FrameContext<'_>, drafts: &mut Drafts<DraftKey>, intents: &mut Vec<Intent>) {
    ui.heading("Flow");
    let flow = &cx.doc.flow;
    let name = flow.name.as_deref().unwrap_or("");
    let typed = ui
        .horizontal(|ui| {
            let label = ui.label("Name");
            drafts.edit_ui(
                ui,
                (None, "name".into()),
                name,
                |text| egui::TextEdit::singleline(text).id_salt("flow-name").hint_text("Untitled flow"),
                &[label.id],
            )
        })
        .inner;
    if let Some(text) = typed {
        let edit = Edit::SetName((!text.is_empty()).then_some(text));
        intents.push(Intent::typing(edit, &flow_key(), "flow_name"));
    }
    let description = flow.description.as_deref().unwrap_or("");
    let label = ui.label("Description");
    let typed = drafts.edit_ui(
        ui,
        (None, "description".into()),
        description,
        |text| egui::TextEdit::multiline(text).id_salt("flow-description").desired_rows(3).desired_width(f32::INFINITY),
        &[label.id],
    );
    if let Some(text) = typed {
        let edit = Edit::SetDescription((!text.is_empty()).then_some(text));
        intents.push(Intent::typing(edit, &flow_key(), "flow_description"));
    }
    let flow_type = flow.flow_type.as_ref().map_or("Unknown", |t| t.label());
    ui.label(format!("Type: {flow_type}"));
    ui.label(format!("Status: {}", cx.state.label()));
    let findings: Vec<&Diagnostic> = cx.report.diagnostics.iter().filter(|d| d.action.is_none()).collect();
    findings_ui(ui, &findings, intents);
}

fn block_ui(ui: &mut egui::Ui, form: &mut Form<'_>, report: &Report, caller_id: &mut CallerIdState) {
    let action = form.action;
    ui.heading(action.display_name());
    if action.display_name() != action.block_name() {
        ui.label(action.block_name());
    }
    name_ui(ui, action, form.intents);
    ui.separator();
    form_ui(ui, form, caller_id);
    // Below the form: findings come and go as the user types, and nothing above the field
    // being typed in may move.
    let findings: Vec<&Diagnostic> = report.for_action(&action.id).collect();
    if !findings.is_empty() {
        ui.separator();
        findings_ui(ui, &findings, form.intents);
    }
}

/// The block's name, as the Connect designer shows it: the name the user gave it (its
/// identifier, marked `isFriendlyName`), else its type's. Renaming makes the name its
/// identifier and rewires every branch that leads to it.
fn name_ui(ui: &mut egui::Ui, action: &Action, intents: &mut Vec<Intent>) {
    let name = action.display_name();
    let draft_id = egui::Id::new(("block name", action.id.as_str()));
    let mut draft = ui.data_mut(|d| d.get_temp::<String>(draft_id)).unwrap_or_else(|| name.to_owned());
    let mut rename = false;
    ui.horizontal(|ui| {
        let label = ui.label("Block name");
        let field =
            egui::TextEdit::singleline(&mut draft).id(crate::gui::context::properties_focus_id()).desired_width(150.0);
        let field = ui.add(field).labelled_by(label.id);
        rename = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        rename |= ui.add_enabled(draft != name, egui::Button::new("Rename")).clicked();
    });
    let checked = ActionId::new(draft.trim());
    // The line under the field is kept whether or not it has something to say, so that the
    // form below does not move while the user types a name.
    let error = match &checked {
        Err(error) if draft != name => error.to_string(),
        _ => String::new(),
    };
    let colour = ui.visuals().error_fg_color;
    ui.add(egui::Label::new(egui::RichText::new(error).color(colour).small()).truncate());
    if rename
        && draft != name
        && let Ok(to) = checked
        && to != action.id
    {
        intents.push(Intent::edit(Edit::RenameAction { from: action.id.clone(), to }));
        ui.data_mut(|d| d.remove::<String>(draft_id));
        return;
    }
    ui.data_mut(|d| d.insert_temp(draft_id, draft));
}

/// The findings about one block (or the flow), each with its fix.
fn findings_ui(ui: &mut egui::Ui, findings: &[&Diagnostic], intents: &mut Vec<Intent>) {
    if findings.is_empty() {
        return;
    }
    ui.add_space(6.0);
    for (index, diagnostic) in findings.iter().enumerate() {
        ui.push_id(("finding", index), |ui| {
            ui.horizontal_wrapped(|ui| {
                severity_ui(ui, diagnostic.severity);
                ui.label(RichText::new(diagnostic.rule.code()).monospace());
                ui.label(&diagnostic.message);
            });
            if let Some(fix) = &diagnostic.fix {
                fix_button_ui(ui, fix, intents);
            }
        });
    }
}

/// The form of the block's type.
fn form_ui(ui: &mut egui::Ui, form: &mut Form<'_>, caller_id: &mut CallerIdState) {
    let action: &Action = form.action;
    match &action.kind {
        ActionKind::CompleteOutboundCall { caller_id: current } => {
            call_phone_number::ui(ui, form, current, caller_id);
        }
        ActionKind::UpdateContactAttributes { attributes, target_contact } => {
            attributes::ui(ui, form, attributes, target_contact.as_deref());
        }
        ActionKind::InvokeLambdaFunction(call) => lambda::ui(ui, form, call),
        ActionKind::MessageParticipant(message) => prompt::ui(ui, form, message),
        ActionKind::Compare { comparison_value } => {
            simple::compare_ui(ui, form, comparison_value.as_deref());
        }
        ActionKind::Loop { loop_count } => simple::loop_ui(ui, form, loop_count.as_deref()),
        ActionKind::UpdateContactRecordingBehavior { recorded_participants } => {
            simple::recording_ui(ui, form, recorded_participants.as_deref());
        }
        ActionKind::UpdateFlowLoggingBehavior { flow_logging } => {
            simple::logging_ui(ui, form, flow_logging.as_deref());
        }
        ActionKind::EndFlowExecution => simple::end_flow_ui(ui),
        ActionKind::DisconnectParticipant => simple::disconnect_ui(ui),
        ActionKind::Other { .. } => simple::other_ui(ui, action),
    }
}
