//! The outcome of the last call, big and clear: the customer's phone ringing with the caller ID
//! it shows, where that number came from, or why the call failed or the simulator stopped.

use egui::RichText;

use crate::simulation::{CALLER_ID_NAME_CAVEAT, CallOutcome, CallResult, CallerIdShown, ScenarioError};

/// What failing calls say first, as Amazon Connect's behaviour reads.
pub(super) const CALL_FAILED: &str = "Call failed: call disconnected, agent placed in After Contact Work";

/// Draws the outcome, or why the call could not be placed at all.
pub(super) fn ui(ui: &mut egui::Ui, result: &Result<CallOutcome, ScenarioError>) {
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(error) => {
            let colour = ui.visuals().error_fg_color;
            ui.label(RichText::new("The call cannot be placed").strong().color(colour));
            ui.add(egui::Label::new(error.to_string()).wrap());
            return;
        }
    };
    match &outcome.result {
        CallResult::Connected(shown) => {
            ui.label(RichText::new("Connected: the customer's phone rings").strong());
            phone_ui(ui, shown);
            ui.add(egui::Label::new(format!("From: {}", shown.source.describe())).wrap());
        }
        CallResult::Failed { reason } => {
            let colour = ui.visuals().error_fg_color;
            ui.add(egui::Label::new(RichText::new(CALL_FAILED).size(16.0).strong().color(colour)).wrap());
            ui.add(egui::Label::new(format!("Reason: {reason}")).wrap());
        }
        CallResult::Stopped { reason } => {
            let colour = ui.visuals().warn_fg_color;
            ui.add(egui::Label::new(RichText::new(format!("Stopped: {reason}")).strong().color(colour)).wrap());
        }
    }
    let dialled = &outcome.dialled;
    let country = dialled.region().map(|code| format!(", {code}")).unwrap_or_default();
    ui.weak(format!("Dialled {dialled}{country}"));
}

/// A phone's incoming-call screen: the caller ID as the phone shows it, its country and the
/// caller ID name, which may not arrive.
fn phone_ui(ui: &mut egui::Ui, shown: &CallerIdShown) {
    // As wide as a phone, or as the column when it is narrower.
    let width = (ui.available_width() - 44.0).clamp(160.0, 240.0);
    let visuals = ui.visuals();
    let frame = egui::Frame::new()
        .fill(visuals.extreme_bg_color)
        .stroke(egui::Stroke::new(2.0, visuals.widgets.noninteractive.fg_stroke.color))
        .corner_radius(18.0)
        .inner_margin(egui::Margin::symmetric(20, 14));
    frame.show(ui, |ui| {
        ui.set_width(width);
        ui.vertical_centered(|ui| {
            ui.weak("Incoming call");
            ui.label(RichText::new(&shown.display).size(26.0).strong());
            if let Some(country) = &shown.country {
                ui.weak(format!("{} · {country}", shown.number));
            } else {
                ui.weak(shown.number.as_str());
            }
            ui.add_space(4.0);
            match &shown.name {
                Some(name) => {
                    ui.label(RichText::new(name).size(16.0));
                }
                None => {
                    ui.weak("No caller ID name");
                }
            }
        });
    });
    if shown.name.is_some() {
        let caveat = format!("ℹ Caller ID name: {CALLER_ID_NAME_CAVEAT}.");
        ui.add(egui::Label::new(RichText::new(caveat).weak()).wrap());
    }
}
