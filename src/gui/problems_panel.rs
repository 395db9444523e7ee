//! The Problems tab: every finding of the live validation, one row each. A click on a row
//! reveals its block; "Fix" applies the validator's repair. Keeps no state of its own.

use egui::RichText;

use crate::gui::context::FrameContext;
use crate::gui::intent::Intent;
use crate::model::{Action, FlowDocument};
use crate::validation::{Diagnostic, Fix, Report, Severity};
use crate::words::count;

/// Draws the report: a header with the counts, then one row per finding.
pub fn ui(ui: &mut egui::Ui, cx: &FrameContext<'_>) {
    #[cfg(feature = "aws")]
    remote_findings_ui(ui, cx.remote_findings);
    let report = cx.report;
    ui.label(RichText::new(summary(report)).strong());
    if report.diagnostics.is_empty() {
        return;
    }
    ui.separator();
    let mut intents = Vec::new();
    egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
        for (index, diagnostic) in report.diagnostics.iter().enumerate() {
            ui.push_id(index, |ui| row_ui(ui, cx.doc, diagnostic, &mut intents));
        }
    });
    cx.send_all(intents);
}

/// Amazon Connect's own findings on the flow at the last publish, above the validator's.
#[cfg(feature = "aws")]
fn remote_findings_ui(ui: &mut egui::Ui, findings: &[String]) {
    if findings.is_empty() {
        return;
    }
    ui.label(RichText::new("Amazon Connect refused this flow at the last publish:").strong());
    for finding in findings {
        ui.horizontal(|ui| {
            severity_ui(ui, Severity::Error);
            ui.monospace("Amazon Connect")
                .on_hover_text("Found by Amazon Connect's own validation, not by whisperwire");
            ui.add(egui::Label::new(finding.as_str()).wrap());
        });
    }
    ui.separator();
}

/// "2 errors, 1 warning" (notes only when there are some), or "No problems found.".
pub fn summary(report: &Report) -> String {
    if report.diagnostics.is_empty() {
        return "No problems found.".to_owned();
    }
    let mut parts = vec![count(report.errors(), "error"), count(report.warnings(), "warning")];
    let notes = report.count(Severity::Note);
    if notes > 0 {
        parts.push(count(notes, "note"));
    }
    parts.join(", ")
}

fn row_ui(ui: &mut egui::Ui, doc: &FlowDocument, diagnostic: &Diagnostic, intents: &mut Vec<Intent>) {
    ui.horizontal(|ui| {
        severity_ui(ui, diagnostic.severity);
        ui.monospace(diagnostic.rule.code()).on_hover_text(diagnostic.rule.name());
        // Before the message, which wraps to what is left: the button is never pushed out.
        if let Some(fix) = &diagnostic.fix {
            fix_button_ui(ui, fix, intents);
        }
        match &diagnostic.action {
            Some(id) => {
                let block = doc.flow.action(id).map_or("A block no longer in the flow", Action::display_name);
                let text = format!("{block}: {}", diagnostic.message);
                let row = ui
                    .add(egui::Button::selectable(false, text).wrap())
                    .on_hover_text("Select this block and show it on the canvas");
                if row.clicked() {
                    intents.push(Intent::Reveal(id.clone()));
                }
            }
            None => {
                ui.add(egui::Label::new(format!("Flow: {}", diagnostic.message)).wrap());
            }
        }
    });
}

/// The severity's icon in its colour, named on hover.
pub(crate) fn severity_ui(ui: &mut egui::Ui, severity: Severity) {
    let visuals = ui.visuals();
    let (icon, colour) = match severity {
        Severity::Error => ("❌", visuals.error_fg_color),
        Severity::Warning => ("⚠", visuals.warn_fg_color),
        Severity::Note => ("ℹ", visuals.weak_text_color()),
    };
    ui.label(RichText::new(icon).color(colour)).on_hover_text(severity.as_str());
}

/// "Fix: <label>": applies the fix's edit as one undo step.
pub(crate) fn fix_button_ui(ui: &mut egui::Ui, fix: &Fix, intents: &mut Vec<Intent>) {
    if ui.button(format!("Fix: {}", fix.label)).clicked() {
        intents.push(Intent::edit(fix.edit.clone()));
    }
}

#[cfg(test)]
mod tests {
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::instance::Instance;
    use crate::model::ActionId;
    use crate::validation::{Context, validate};
    use crate::workspace::folder::sample_workspace;

    struct Panel {
        doc: FlowDocument,
        report: Report,
        intents: Vec<Intent>,
    }

    fn with_mistakes() -> Panel {
        let root = sample_workspace().unwrap();
        let instance = Instance::load(&root.join("instance.json")).unwrap();
        let doc = crate::flow_json::load(&root.join("flows/with-mistakes.json")).unwrap();
        let report = validate(&doc, Context { instance: Some(&instance), flow_name: None, published_before: false });
        Panel { doc, report, intents: Vec::new() }
    }

    fn harness(panel: Panel) -> Harness<'static, Panel> {
        Harness::builder()
            .with_size(egui::vec2(1200.0, 800.0))
            .build_ui_state(|ui, panel: &mut Panel| ui_of(ui, panel), panel)
    }

    fn ui_of(ui: &mut egui::Ui, panel: &mut Panel) {
        let cx = FrameContext::new(&panel.doc, &panel.report);
        super::ui(ui, &cx);
        panel.intents.extend(cx.into_intents());
    }

    fn call_block() -> ActionId {
        ActionId::from_import("bdfaef42-8c7d-4431-b331-dab129ea3a7b")
    }

    #[test]
    fn clicking_a_row_reveals_its_block() {
        let panel = with_mistakes();
        let diagnostic = panel.report.for_action(&call_block()).find(|d| d.fix.is_some()).unwrap().clone();
        let mut harness = harness(panel);
        harness.get_by_role_and_label(Role::Button, &format!("Call phone number: {}", diagnostic.message)).click();
        harness.run();
        assert_eq!(harness.state().intents, [Intent::Reveal(call_block())]);
    }

    #[test]
    fn fix_pushes_the_fix_edit() {
        let panel = with_mistakes();
        let fix = panel.report.for_action(&call_block()).find_map(|d| d.fix.clone()).unwrap();
        let mut harness = harness(panel);
        harness.get_by_role_and_label(Role::Button, &format!("Fix: {}", fix.label)).click();
        harness.run();
        assert_eq!(harness.state().intents, [Intent::edit(fix.edit.clone())]);
        let mut fixed = harness.state().doc.clone();
        fixed.apply(fix.edit).unwrap();
        let kind = &fixed.flow.action(&call_block()).unwrap().kind;
        assert_eq!(
            kind,
            &crate::model::ActionKind::CompleteOutboundCall {
                caller_id: crate::model::CallerId::Number("+442071838750".into())
            }
        );
    }

    #[test]
    fn header_counts_errors_and_warnings() {
        let panel = with_mistakes();
        let expected = summary(&panel.report);
        assert!(expected.contains("error"), "{expected}");
        let harness = harness(panel);
        harness.get_by_label(&expected);
    }

    #[test]
    fn an_empty_report_says_no_problems_found() {
        let panel =
            Panel { doc: FlowDocument::new_outbound_whisper("empty"), report: Report::default(), intents: Vec::new() };
        let harness = harness(panel);
        harness.get_by_label("No problems found.");
    }

    #[test]
    fn counts_are_pluralised() {
        let mut report = Report::default();
        let diagnostic = Diagnostic {
            rule: crate::validation::Rule::Unreachable,
            severity: Severity::Warning,
            action: None,
            message: "m".into(),
            fix: None,
        };
        report.diagnostics.push(diagnostic.clone());
        assert_eq!(summary(&report), "0 errors, 1 warning");
        report.diagnostics.push(Diagnostic { severity: Severity::Error, ..diagnostic.clone() });
        report.diagnostics.push(Diagnostic { severity: Severity::Error, ..diagnostic.clone() });
        report.diagnostics.push(Diagnostic { severity: Severity::Note, ..diagnostic });
        assert_eq!(summary(&report), "2 errors, 1 warning, 1 note");
    }
}
