//! Find block (Ctrl+F): a bar over the canvas that finds blocks by name, type or parameter
//! text; Enter (or "Next") selects the next match and centres it. The bar keeps what was typed
//! and which match is current while the canvas lives.

use crate::gui::context::FrameContext;
use crate::gui::intent::Intent;
use crate::model::{ActionId, FlowDocument};

#[derive(Debug, Default)]
pub struct FindBar {
    pub open: bool,
    pub text: String,
    /// The match last shown, as an index into the matches.
    current: usize,
    focus: bool,
}

/// The blocks matching `text` (case-insensitive) in their name, type, identifier, summary or
/// parameters, in flow order.
pub fn matches(doc: &FlowDocument, text: &str) -> Vec<ActionId> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return Vec::new();
    }
    doc.flow
        .actions
        .iter()
        .filter(|action| {
            let parameters = action.raw_parameters().map(|p| serde_json::Value::Object(p.clone()).to_string());
            [
                Some(action.display_name().to_owned()),
                Some(action.block_name().to_owned()),
                Some(action.id.as_str().to_owned()),
                Some(action.kind.summary()),
                parameters,
            ]
            .into_iter()
            .flatten()
            .any(|field| field.to_lowercase().contains(&wanted))
        })
        .map(|action| action.id.clone())
        .collect()
}

impl FindBar {
    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// Draws the bar at the top right of the canvas.
    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &FrameContext<'_>, screen: egui::Rect) {
        if !self.open {
            return;
        }
        let found = matches(cx.doc, &self.text);
        let at = screen.right_top() + egui::vec2(-340.0, 8.0);
        egui::Area::new(egui::Id::new("canvas-find")).fixed_pos(at).order(egui::Order::Foreground).show(
            ui.ctx(),
            |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        let label = ui.label("Find block");
                        let field = ui
                            .add(egui::TextEdit::singleline(&mut self.text).desired_width(150.0))
                            .labelled_by(label.id);
                        if std::mem::take(&mut self.focus) {
                            field.request_focus();
                        }
                        if field.changed() {
                            self.current = 0;
                        }
                        let entered = field.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
                            || field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                        let counter = match (found.len(), self.text.trim().is_empty()) {
                            (_, true) => String::new(),
                            (0, false) => "no match".into(),
                            (n, false) => format!("{} of {n}", self.current.min(n - 1) + 1),
                        };
                        ui.label(counter);
                        if (ui.add_enabled(!found.is_empty(), egui::Button::new("Next")).clicked() || entered)
                            && !found.is_empty()
                        {
                            self.show(cx, &found);
                            field.request_focus();
                        }
                        if crate::gui::glyphs::icon_button(ui, crate::gui::glyphs::CLOSE, "Close", "Close (Esc)")
                            .clicked()
                            || ui.input(|i| i.key_pressed(egui::Key::Escape))
                        {
                            self.open = false;
                        }
                    });
                });
            },
        );
    }

    /// Selects and centres the current match, and moves on to the next one.
    fn show(&mut self, cx: &FrameContext<'_>, found: &[ActionId]) {
        let index = self.current % found.len();
        if let Some(id) = found.get(index) {
            cx.send(Intent::Reveal(id.clone()));
        }
        self.current = (index + 1) % found.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_found_by_name_type_or_parameter_text() {
        let root = crate::workspace::folder::sample_workspace().unwrap();
        let doc = crate::flow_json::load(&root.join("flows/caller-id-from-attribute.json")).unwrap();
        assert_eq!(matches(&doc, "call phone").len(), 1);
        assert_eq!(matches(&doc, "outboundCallerId").len(), 2, "set and read");
        assert_eq!(matches(&doc, "CONNECTING YOU").len(), 1);
        assert!(matches(&doc, "  ").is_empty());
        assert!(matches(&doc, "nothing like it").is_empty());
    }
}
