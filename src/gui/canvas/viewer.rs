//! How each canvas node looks and what the user's gestures on it mean: the `SnarlViewer` of the
//! flow. Lives for one frame; it only reads the document and pushes intents.

use egui::emath::TSTransform;
use egui::{RichText, Ui, Vec2};
use egui_snarl::ui::{PinInfo, SnarlViewer};
use egui_snarl::{InPin, NodeId, OutPin, Snarl};

use super::{Node, branches};
use crate::gui::editor::Editor;
use crate::gui::intent::Intent;
use crate::gui::{describe, theme};
use crate::model::{Action, ActionId, Edit, Position};
use crate::validation::Severity;

pub(super) struct Viewer<'a> {
    editor: &'a Editor,
    /// Blocks on the path of the last test call.
    highlight: &'a [ActionId],
    /// A transform to impose this frame (reveal, fit), then the one in force.
    pub view: Option<TSTransform>,
    pub to_screen: TSTransform,
    /// Each node's size this frame, in graph units.
    pub sizes: Vec<(NodeId, Vec2)>,
    intents: &'a mut Vec<Intent>,
}

impl<'a> Viewer<'a> {
    pub fn new(
        editor: &'a Editor,
        view: Option<TSTransform>,
        highlight: &'a [ActionId],
        intents: &'a mut Vec<Intent>,
    ) -> Self {
        Self { editor, highlight, view, to_screen: TSTransform::IDENTITY, sizes: Vec::new(), intents }
    }

    fn action(&self, node: &Node) -> Option<&'a Action> {
        match node {
            Node::Block(id) => self.editor.doc.flow.action(id),
            Node::EntryPoint => None,
        }
    }

    fn block_id(snarl: &Snarl<Node>, node: NodeId) -> Option<ActionId> {
        match snarl.get_node(node) {
            Some(Node::Block(id)) => Some(id.clone()),
            _ => None,
        }
    }

    /// The edit wiring output `pin` of `node` to `to`.
    fn wire(&self, snarl: &Snarl<Node>, from: &OutPin, to: Option<ActionId>) -> Option<Edit> {
        super::wire_edit(self.editor, snarl.get_node(from.id.node)?, from.id.output, to)
    }

    /// A plain click on a block selects it (snarl itself selects with Shift only); Ctrl adds it.
    fn select_on_click(&mut self, response: &egui::Response, id: &ActionId) {
        if !response.clicked() {
            return;
        }
        let modifiers = response.ctx.input(|i| i.modifiers);
        let mut selection = if modifiers.command { self.editor.selection.clone() } else { Vec::new() };
        if !selection.contains(id) {
            selection.push(id.clone());
        }
        self.intents.push(Intent::Select(selection));
    }

    /// The worst finding of a block, and how many it has.
    fn marker(&self, id: &ActionId) -> Option<(Severity, usize)> {
        self.editor.markers.get(id).copied()
    }
}

impl SnarlViewer<Node> for Viewer<'_> {
    fn title(&mut self, node: &Node) -> String {
        match node {
            Node::EntryPoint => "Entry point".into(),
            Node::Block(_) => self.action(node).map_or_else(|| "Missing block".into(), |a| a.display_name().to_owned()),
        }
    }

    fn show_header(
        &mut self,
        node: NodeId,
        _inputs: &[InPin],
        _outputs: &[OutPin],
        ui: &mut Ui,
        snarl: &mut Snarl<Node>,
    ) {
        let Some(kind) = snarl.get_node(node).cloned() else {
            return;
        };
        let title = self.title(&kind);
        ui.horizontal(|ui| {
            let title = ui.add(egui::Label::new(RichText::new(title).strong()).sense(egui::Sense::click()));
            if let Node::Block(id) = &kind {
                self.select_on_click(&title, id);
            }
            if let Node::Block(id) = &kind
                && let Some((severity, count)) = self.marker(id)
            {
                let colour = match severity {
                    Severity::Error => ui.visuals().error_fg_color,
                    _ => ui.visuals().warn_fg_color,
                };
                let noun = if severity == Severity::Error { "problem" } else { "warning" };
                ui.label(RichText::new(format!("⚠ {count}")).color(colour))
                    .on_hover_text(format!("{count} {noun}(s): see the Problems tab"));
            }
        });
    }

    fn node_frame(
        &mut self,
        default: egui::Frame,
        node: NodeId,
        _: &[InPin],
        _: &[OutPin],
        snarl: &Snarl<Node>,
    ) -> egui::Frame {
        let id = Self::block_id(snarl, node);
        if id.as_ref().is_some_and(|id| self.editor.selection.contains(id)) {
            default.stroke(theme::selection_stroke())
        } else if id.as_ref().is_some_and(|id| self.highlight.contains(id)) {
            default.stroke(theme::path_stroke())
        } else {
            default
        }
    }

    fn inputs(&mut self, node: &Node) -> usize {
        usize::from(matches!(node, Node::Block(_)))
    }

    fn show_input(
        &mut self,
        _pin: &InPin,
        _ui: &mut Ui,
        _snarl: &mut Snarl<Node>,
    ) -> impl egui_snarl::ui::SnarlPin + 'static {
        PinInfo::circle().with_fill(theme::PIN_IN)
    }

    fn outputs(&mut self, node: &Node) -> usize {
        match node {
            Node::EntryPoint => 1,
            Node::Block(_) => self.action(node).map_or(0, |a| branches::branches(a).len()),
        }
    }

    fn show_output(
        &mut self,
        pin: &OutPin,
        ui: &mut Ui,
        snarl: &mut Snarl<Node>,
    ) -> impl egui_snarl::ui::SnarlPin + 'static {
        let node = snarl.get_node(pin.id.node).cloned();
        let label = match &node {
            Some(Node::EntryPoint) | None => "Start".to_owned(),
            Some(block) => self
                .action(block)
                .and_then(|a| {
                    let branch = branches::branches(a).into_iter().nth(pin.id.output)?;
                    Some(branches::label(a, &branch))
                })
                .unwrap_or_default(),
        };
        ui.label(label);
        PinInfo::circle().with_fill(theme::PIN_OUT)
    }

    fn has_body(&mut self, node: &Node) -> bool {
        matches!(node, Node::Block(_))
    }

    fn show_body(&mut self, node: NodeId, _: &[InPin], _: &[OutPin], ui: &mut Ui, snarl: &mut Snarl<Node>) {
        let Some(kind) = snarl.get_node(node).cloned() else {
            return;
        };
        if let Some(action) = self.action(&kind) {
            let summary = action.kind.summary();
            if !summary.is_empty() {
                ui.set_max_width(190.0);
                let body = ui.add(egui::Label::new(RichText::new(summary).small()).sense(egui::Sense::click()));
                self.select_on_click(&body, &action.id);
            }
        }
    }

    fn final_node_rect(&mut self, node: NodeId, rect: egui::Rect, _ui: &mut Ui, _snarl: &mut Snarl<Node>) {
        self.sizes.push((node, rect.size()));
    }

    fn connect(&mut self, from: &OutPin, to: &InPin, snarl: &mut Snarl<Node>) {
        let Some(target) = Self::block_id(snarl, to.id.node) else {
            return;
        };
        if let Some(edit) = self.wire(snarl, from, Some(target)) {
            self.intents.push(Intent::edit(edit));
        }
    }

    fn disconnect(&mut self, from: &OutPin, _to: &InPin, snarl: &mut Snarl<Node>) {
        if let Some(edit) = self.wire(snarl, from, None) {
            self.intents.push(Intent::edit(edit));
        }
    }

    fn drop_outputs(&mut self, pin: &OutPin, snarl: &mut Snarl<Node>) {
        self.disconnect(pin, &snarl.in_pin(egui_snarl::InPinId { node: pin.id.node, input: 0 }), snarl);
    }

    fn drop_inputs(&mut self, pin: &InPin, snarl: &mut Snarl<Node>) {
        let edits: Vec<Edit> =
            pin.remotes.iter().filter_map(|remote| self.wire(snarl, &snarl.out_pin(*remote), None)).collect();
        if !edits.is_empty() {
            self.intents.push(Intent::edit(Edit::Batch(edits)));
        }
    }

    fn has_graph_menu(&mut self, _pos: egui::Pos2, _snarl: &mut Snarl<Node>) -> bool {
        true
    }

    fn show_graph_menu(&mut self, pos: egui::Pos2, ui: &mut Ui, _snarl: &mut Snarl<Node>) {
        ui.label(RichText::new("Add block").strong());
        let at = Position { x: f64::from(pos.x), y: f64::from(pos.y) };
        for (type_name, name) in describe::palette_types(self.editor.doc.flow.flow_type.as_ref()) {
            if ui.button(name).clicked() {
                self.intents.push(Intent::AddBlock { type_name: type_name.to_owned(), at: Some(at) });
                ui.close();
            }
        }
    }

    fn has_node_menu(&mut self, node: &Node) -> bool {
        matches!(node, Node::Block(_))
    }

    fn show_node_menu(&mut self, node: NodeId, _: &[InPin], _: &[OutPin], ui: &mut Ui, snarl: &mut Snarl<Node>) {
        let Some(id) = Self::block_id(snarl, node) else {
            return;
        };
        if ui.button("Connect the Entry point here").clicked() {
            self.intents.push(Intent::edit(Edit::SetStart(Some(id.clone()))));
            ui.close();
        }
        if ui.button("Delete block").clicked() {
            self.intents.push(Intent::Delete(vec![id]));
            ui.close();
        }
    }

    fn current_transform(&mut self, to_global: &mut TSTransform, _snarl: &mut Snarl<Node>) {
        if let Some(view) = self.view.take() {
            *to_global = view;
        }
        self.to_screen = *to_global;
    }
}
