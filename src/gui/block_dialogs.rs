//! Dialogs about the open flow's blocks and type: *Add block…* (type to filter, Enter adds the
//! first match after the selected block), *Connect branch…* (a branch of the selected block,
//! the block it should lead to, Enter wires it), both so a flow can be built from the keyboard;
//! and the question asked once of a flow whose file records no type.

use super::canvas::{self, Node, branches};
use super::context::FrameContext;
use super::intent::Intent;
use crate::model::{ActionId, Edit, FlowType};
use crate::validation::block_support::FLOW_TYPES;

/// Draws *Add block…*; whether it is done.
pub fn add_block_ui(ui: &mut egui::Ui, cx: &FrameContext<'_>, search: &mut String, intents: &mut Vec<Intent>) -> bool {
    let label = ui.label("Block to add");
    let field = ui.add(egui::TextEdit::singleline(search).hint_text("type to filter").desired_width(260.0));
    let field = field.labelled_by(label.id);
    field.request_focus();
    let wanted = search.trim().to_lowercase();
    let offered: Vec<(&str, &str)> = crate::gui::describe::palette_types(cx.doc.flow.flow_type.as_ref())
        .into_iter()
        .filter(|(_, name)| name.to_lowercase().contains(&wanted))
        .collect();
    let mut chosen = None;
    for (index, (type_name, name)) in offered.iter().enumerate() {
        let text = if index == 0 { format!("{name}  (Enter)") } else { (*name).to_owned() };
        if ui.selectable_label(index == 0, text).clicked() {
            chosen = Some(*type_name);
        }
    }
    if offered.is_empty() {
        ui.weak("No block of that name is allowed in this flow.");
    }
    if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
        chosen = chosen.or_else(|| offered.first().map(|(t, _)| *t));
    }
    if let Some(type_name) = chosen {
        intents.push(Intent::AddBlock { type_name: type_name.to_owned(), at: None, from: None });
        return true;
    }
    ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape))
}

/// Draws *Connect branch…* for the selected block; whether it is done.
pub fn connect_branch_ui(
    ui: &mut egui::Ui,
    cx: &FrameContext<'_>,
    branch: &mut usize,
    target: &mut Option<ActionId>,
    intents: &mut Vec<Intent>,
) -> bool {
    let Some(action) = cx.selection.first().and_then(|id| cx.doc.flow.action(id)) else {
        ui.label("Select the block whose branch you want to connect.");
        return ui.button("Close").clicked();
    };
    let list = branches::branches(action);
    if list.is_empty() {
        ui.label(format!("'{}' has no branches: the flow ends there.", action.display_name()));
        return ui.button("Close").clicked();
    }
    *branch = (*branch).min(list.len() - 1);
    let labels: Vec<String> = list.iter().map(|b| branches::label(action, b)).collect();
    ui.horizontal(|ui| {
        let label = ui.label("Branch");
        egui::ComboBox::from_id_salt("connect-branch")
            .selected_text(labels.get(*branch).cloned().unwrap_or_default())
            .show_ui(ui, |ui| {
                for (i, text) in labels.iter().enumerate() {
                    ui.selectable_value(branch, i, text);
                }
            })
            .response
            .labelled_by(label.id);
    });
    let others: Vec<(&ActionId, &str)> =
        cx.doc.flow.actions.iter().filter(|a| a.id != action.id).map(|a| (&a.id, a.display_name())).collect();
    if target.is_none() {
        *target = others.first().map(|(id, _)| (*id).clone());
    }
    ui.horizontal(|ui| {
        let label = ui.label("Goes to");
        let shown = target.as_ref().and_then(|t| cx.doc.flow.action(t)).map_or("", |a| a.display_name());
        egui::ComboBox::from_id_salt("connect-target")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (id, name) in &others {
                    ui.selectable_value(target, Some((*id).clone()), *name);
                }
            })
            .response
            .labelled_by(label.id);
    });
    let mut done = false;
    ui.horizontal(|ui| {
        let connect = ui.add_enabled(target.is_some(), egui::Button::new("Connect")).clicked();
        if (connect || ui.input(|i| i.key_pressed(egui::Key::Enter)))
            && let Some(edit) = canvas::wire_edit(cx.doc, &Node::Block(action.id.clone()), *branch, target.clone())
        {
            intents.push(Intent::edit(edit));
            done = true;
        }
        done |= ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
    });
    done
}

/// Asks the type of a flow whose file records none; the answer is an edit, saved with the flow.
/// Whether it is done.
pub fn flow_type_ui(
    ui: &mut egui::Ui,
    flow: &str,
    choice: &mut FlowType,
    reason: &str,
    intents: &mut Vec<Intent>,
) -> bool {
    ui.label(format!(
        "“{flow}” does not say which type of flow it is (Metadata.type), so Amazon Connect's rules for its blocks cannot be checked."
    ));
    if !reason.is_empty() {
        ui.label(format!("Proposed: outbound whisper flow. {reason}"));
    }
    ui.horizontal(|ui| {
        let label = ui.label("Flow type");
        egui::ComboBox::from_id_salt("flow-type-choice")
            .selected_text(choice.label())
            .show_ui(ui, |ui| {
                for flow_type in FLOW_TYPES.iter().cloned() {
                    let text = flow_type.label().to_owned();
                    ui.selectable_value(choice, flow_type, text);
                }
            })
            .response
            .labelled_by(label.id);
    });
    let mut done = false;
    ui.horizontal(|ui| {
        let set = ui.button("Set type");
        super::dialogs::hold_focus(ui, &set);
        if set.clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            intents.push(Intent::edit(Edit::SetFlowType(Some(choice.clone()))));
            done = true;
        }
        done |= ui.button("Not now").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
    });
    done
}
