//! The workspace browser: a flow list on the left, the selected flow's blocks in the middle.
//! Lives as long as the window.

use egui::RichText;

use crate::model::{ActionKind, CallerId, FlowDocument};
use crate::workspace::folder::{FlowFile, Opened};

pub struct Browser {
    opened: Opened,
    selected: usize,
}

impl Browser {
    pub fn new(opened: Opened) -> Self {
        Self {
            opened,
            selected: 0,
        }
    }

    pub fn title(&self) -> String {
        super::title_of(&self.opened)
    }

    fn flows(&self) -> &[FlowFile] {
        match &self.opened {
            Opened::Workspace(ws) => &ws.flows,
            Opened::Flow(flow) => std::slice::from_ref(&**flow),
        }
    }

    /// Draws the whole window's content.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        egui::Panel::left("flows")
            .default_size(260.0)
            .show(ui, |ui| self.flow_list_ui(ui));
        egui::CentralPanel::default().show(ui, |ui| {
            if let Some(flow) = self.flows().get(self.selected) {
                egui::ScrollArea::vertical().show(ui, |ui| flow_ui(ui, &flow.doc));
            } else {
                ui.label("This workspace has no flows yet.");
            }
        });
    }

    fn flow_list_ui(&mut self, ui: &mut egui::Ui) {
        ui.heading("Flows");
        let mut clicked = None;
        for (i, flow) in self.flows().iter().enumerate() {
            let status = flow.doc.flow.status.map_or("—", |s| s.label());
            let text = format!("{}\n{} · {status}", flow.name(), flow_type_label(&flow.doc));
            if ui.selectable_label(i == self.selected, text).clicked() {
                clicked = Some(i);
            }
        }
        if let Some(i) = clicked {
            self.selected = i;
        }
        if let Opened::Workspace(ws) = &self.opened {
            for error in &ws.unreadable {
                ui.colored_label(super::theme::ERROR, error.to_string());
            }
        }
    }
}

fn flow_type_label(doc: &FlowDocument) -> &str {
    doc.flow
        .flow_type
        .as_ref()
        .map_or("Unknown type", |t| t.label())
}

fn flow_ui(ui: &mut egui::Ui, doc: &FlowDocument) {
    ui.heading(doc.display_name());
    ui.label(flow_type_label(doc));
    if let Some(description) = &doc.flow.description {
        ui.label(RichText::new(description).italics());
    }
    ui.separator();
    egui::Grid::new("blocks")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.strong("Block");
            ui.strong("Settings");
            ui.strong("Next");
            ui.end_row();
            for action in &doc.flow.actions {
                let start = doc.flow.start.as_ref() == Some(&action.id);
                let name = if start {
                    format!("▶ {}", action.block_name())
                } else {
                    action.block_name().to_owned()
                };
                ui.label(name).on_hover_text(action.id.as_str());
                ui.label(summary(&action.kind));
                let next: Vec<String> = action
                    .transitions
                    .targets()
                    .map(|(branch, to)| {
                        let target = doc
                            .flow
                            .action(to)
                            .map_or("missing block", |a| a.block_name());
                        format!("{branch}: {target}")
                    })
                    .collect();
                ui.label(next.join("\n"));
                ui.end_row();
            }
        });
}

/// One line on what a block is set to do.
fn summary(kind: &ActionKind) -> String {
    match kind {
        ActionKind::CompleteOutboundCall { caller_id } => match caller_id {
            CallerId::None => "Caller ID: the queue's number".into(),
            CallerId::Number(number) => format!("Caller ID: {number}"),
            CallerId::Attribute(attribute) => format!(
                "Caller ID: attribute {} ({})",
                attribute.key,
                attribute.namespace.label()
            ),
            CallerId::Path(path) => format!("Caller ID: {path}"),
            CallerId::Unreadable(_) => "Caller ID: unreadable".into(),
        },
        ActionKind::MessageParticipant(message) => message
            .text
            .as_deref()
            .or(message.ssml.as_deref())
            .or(message.prompt_id.as_deref())
            .map_or_else(String::new, |t| format!("“{t}”")),
        ActionKind::InvokeLambdaFunction(call) => {
            call.function_name().unwrap_or("no function").to_owned()
        }
        ActionKind::UpdateContactAttributes { attributes, .. } => attributes
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect::<Vec<_>>()
            .join(", "),
        ActionKind::Compare { comparison_value } => comparison_value.clone().unwrap_or_default(),
        ActionKind::UpdateFlowLoggingBehavior { flow_logging } => {
            flow_logging.clone().unwrap_or_default()
        }
        _ => String::new(),
    }
}

impl eframe::App for Browser {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

#[cfg(test)]
mod tests {
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::workspace::folder::{Workspace, sample_workspace};

    #[test]
    fn browsing_the_sample_shows_each_flows_caller_id() {
        let workspace = Workspace::open(&sample_workspace().unwrap()).unwrap();
        let mut harness = Harness::new_ui_state(
            |ui, browser: &mut Browser| browser.show(ui),
            Browser::new(Opened::Workspace(Box::new(workspace))),
        );
        harness.run();
        harness
            .get_by_label_contains("static-caller-id\nOutbound whisper flow · Published")
            .click();
        harness.run();
        harness.get_by_label("Caller ID: +12065550100");
        harness
            .get_by_label_contains("caller-id-from-lambda")
            .click();
        harness.run();
        harness.get_by_label("Caller ID: attribute caller_id (External)");
    }
}
