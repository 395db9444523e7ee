//! The Problems tab: every finding of the live validation, one row each. A click on a row
//! reveals its block; "Fix" applies the validator's repair. Only the rows in view (and a few
//! screens around them) are laid out, so a flow with thousands of findings costs no more a
//! frame than one with a dozen; what it remembers between frames (each row's height, where
//! each row's block is) is a hint kept in egui's memory, never what a row shows.

use egui::RichText;

use crate::gui::context::FrameContext;
use crate::gui::intent::Intent;
use crate::model::{Action, ActionId, FlowDocument};
use crate::validation::{Diagnostic, Fix, Report, Severity};
use crate::words::count;

/// How far beyond the part of the list in view rows are still laid out, above and below: a
/// short list is laid out whole (and a screen reader sees every row of it).
const OVERSCAN: f32 = 600.0;

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
    let memory = ui.id().with("problem rows");
    let mut rows: Rows = ui.data_mut(|d| d.remove_temp(memory)).unwrap_or_default();
    rows.refresh(cx, ui.available_width());
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show_viewport(ui, |ui, viewport| rows.ui(ui, viewport, cx, &mut intents));
    ui.data_mut(|d| d.insert_temp(memory, rows));
    cx.send_all(intents);
}

/// What the list remembers between frames: each row's height as last laid out (rows out of
/// view keep the space they took), and each row's block by position in the action list.
#[derive(Clone, Default)]
struct Rows {
    /// The report and the width the heights were measured for.
    measured_for: (usize, f32),
    heights: Vec<Option<f32>>,
    /// The document the block positions were found in: (revision, flow name, block count).
    indexed_for: Option<(u64, String, usize)>,
    blocks: Vec<Option<usize>>,
}

impl Rows {
    fn refresh(&mut self, cx: &FrameContext<'_>, width: f32) {
        let diagnostics = &cx.report.diagnostics;
        if self.measured_for != (diagnostics.len(), width) {
            self.measured_for = (diagnostics.len(), width);
            self.heights = vec![None; diagnostics.len()];
        }
        let blocks = cx.doc.flow.actions.len();
        let indexed = self.indexed_for.as_ref().is_some_and(|(revision, name, count)| {
            (*revision, name.as_str(), *count) == (cx.revision, cx.flow_name, blocks)
        });
        if !indexed || self.blocks.len() != diagnostics.len() {
            // Each identifier's block (the first, for duplicates, as `Flow::action` finds).
            let mut index = std::collections::HashMap::with_capacity(cx.doc.flow.actions.len());
            for (i, action) in cx.doc.flow.actions.iter().enumerate() {
                index.entry(action.id.as_str()).or_insert(i);
            }
            self.blocks =
                diagnostics.iter().map(|d| d.action.as_ref().and_then(|id| index.get(id.as_str()).copied())).collect();
            self.indexed_for = Some((cx.revision, cx.flow_name.to_owned(), blocks));
        }
    }

    /// The rows near `viewport` (in the list's own coordinates), and room for the others.
    fn ui(&mut self, ui: &mut egui::Ui, viewport: egui::Rect, cx: &FrameContext<'_>, intents: &mut Vec<Intent>) {
        let spacing = ui.spacing().item_spacing.y;
        let shown = viewport.min.y - OVERSCAN..=viewport.max.y + OVERSCAN;
        let mut estimate = ui.spacing().interact_size.y;
        let (mut y, mut skipped) = (0.0, 0.0);
        for (index, diagnostic) in cx.report.diagnostics.iter().enumerate() {
            let mut height = self.heights.get(index).copied().flatten().unwrap_or(estimate);
            if y + height < *shown.start() || y > *shown.end() {
                skipped += height + spacing;
                // The same widget ids as when every row is laid out.
                ui.skip_ahead_auto_ids(1);
            } else {
                if skipped > 0.0 {
                    ui.add_space(skipped);
                    skipped = 0.0;
                }
                let block = self.block(cx.doc, index, diagnostic.action.as_ref());
                height = ui.push_id(index, |ui| row_ui(ui, block, diagnostic, intents)).response.rect.height();
                if let Some(slot) = self.heights.get_mut(index) {
                    *slot = Some(height);
                }
                estimate = height;
            }
            y += height + spacing;
        }
        if skipped > 0.0 {
            ui.add_space(skipped - spacing);
        }
    }

    /// The block row `index` names, found where it was at the last edit (checked), else searched.
    fn block<'d>(&self, doc: &'d FlowDocument, index: usize, id: Option<&ActionId>) -> Option<&'d Action> {
        let id = id?;
        let hint = self.blocks.get(index).copied().flatten().and_then(|i| doc.flow.actions.get(i));
        hint.filter(|a| &a.id == id).or_else(|| doc.flow.action(id))
    }
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

/// One finding; `block` is the block it names, when that is still in the flow.
fn row_ui(ui: &mut egui::Ui, block: Option<&Action>, diagnostic: &Diagnostic, intents: &mut Vec<Intent>) {
    ui.horizontal(|ui| {
        severity_ui(ui, diagnostic.severity);
        ui.monospace(diagnostic.rule.code()).on_hover_text(diagnostic.rule.name());
        // Before the message, which wraps to what is left: the button is never pushed out.
        if let Some(fix) = &diagnostic.fix {
            fix_button_ui(ui, fix, intents);
        }
        match &diagnostic.action {
            Some(id) => {
                let block = block.map_or("A block no longer in the flow", Action::display_name);
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
    fn a_long_list_lays_out_only_the_rows_near_the_view() {
        let mut panel = with_mistakes();
        let template = panel.report.for_action(&call_block()).next().unwrap().clone();
        panel.report.diagnostics = (0..2_000)
            .map(|i| Diagnostic { message: format!("finding number {i}"), fix: None, ..template.clone() })
            .collect();
        let mut harness = harness(panel);
        harness.run();
        assert!(harness.query_by_label_contains("finding number 0").is_some());
        assert!(harness.query_by_label_contains("finding number 1999").is_none(), "far below the view");
        let laid_out = harness.get_all_by_label_contains("finding number").count();
        assert!((10..200).contains(&laid_out), "{laid_out} rows laid out");
        harness.get_by_role_and_label(Role::Button, "Call phone number: finding number 3").click();
        harness.run();
        assert_eq!(harness.state().intents, [Intent::Reveal(call_block())]);
        // Scrolled to the end, the last rows are there.
        harness.event(egui::Event::PointerMoved(egui::pos2(600.0, 400.0)));
        for _ in 0..4 {
            let delta = egui::vec2(0.0, -20_000.0);
            let (unit, modifiers, phase) = (egui::MouseWheelUnit::Point, egui::Modifiers::NONE, egui::TouchPhase::Move);
            harness.event(egui::Event::MouseWheel { unit, delta, modifiers, phase });
            // The wheel scrolls smoothly, over several frames.
            harness.run_steps(10);
        }
        assert!(harness.query_by_label_contains("finding number 1999").is_some());
        assert!(harness.query_by_label_contains("finding number 0").is_none());
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
