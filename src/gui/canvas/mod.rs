//! The node canvas: an egui-snarl view of the open flow. The document stays the single source
//! of truth: the snarl graph is rebuilt from it whenever it changes, and what the user does on
//! the canvas (wire, move, select, add, delete) comes back as intents. Lives while the window
//! does.

pub mod branches;
mod viewer;

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Vec2};
use egui_snarl::ui::{SnarlStyle, SnarlWidget, get_selected_nodes};
use egui_snarl::{NodeId, Snarl};

use super::editor::Editor;
use super::intent::Intent;
use crate::model::{ActionId, Edit, Position};
use viewer::Viewer;

/// What a canvas node stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    EntryPoint,
    Block(ActionId),
}

/// A block dragged from the palette.
#[derive(Debug, Clone)]
pub struct PaletteDrop(pub String);

/// A view change asked for by the app.
#[derive(Debug, Clone, PartialEq)]
enum ViewRequest {
    Reveal(ActionId),
    Fit,
}

pub struct Canvas {
    snarl: Snarl<Node>,
    /// The editor revision the graph was built from.
    built_from: Option<u64>,
    /// Graph → screen transform of the last frame.
    to_screen: TSTransform,
    /// The snarl selection seen last frame, to notice the user's changes.
    seen_selection: Vec<NodeId>,
    request: Option<ViewRequest>,
    /// Node sizes on screen last frame (graph units), for centring and fitting.
    sizes: Vec<Vec2>,
    /// Where the canvas was on screen last frame.
    screen: Rect,
}

/// The widget's id: selection is read back through it.
fn widget_id() -> egui::Id {
    egui::Id::new("whisperwire-canvas")
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            snarl: Snarl::new(),
            built_from: None,
            to_screen: TSTransform::IDENTITY,
            seen_selection: Vec::new(),
            request: Some(ViewRequest::Fit),
            sizes: Vec::new(),
            screen: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
        }
    }
}

impl Canvas {
    /// Forgets the graph (another flow was opened) and fits the new one in view.
    pub fn reset(&mut self) {
        *self = Self::default();
    }

    pub fn reveal(&mut self, id: ActionId) {
        self.request = Some(ViewRequest::Reveal(id));
    }

    pub fn fit(&mut self) {
        self.request = Some(ViewRequest::Fit);
    }

    /// The middle of the visible canvas, in flow coordinates (where "Add block" puts a block).
    pub fn centre(&self) -> Position {
        let p = self.to_screen.inverse() * self.screen.center();
        Position { x: f64::from(p.x), y: f64::from(p.y) }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, editor: &Editor, intents: &mut Vec<Intent>) {
        if self.built_from != Some(editor.revision()) {
            self.rebuild(editor);
        }
        let screen = ui.available_rect_before_wrap();
        self.screen = screen;
        let view = self.request.take().and_then(|request| self.view_for(&request, editor, screen));
        let style = SnarlStyle { centering: Some(false), ..SnarlStyle::new() };
        let mut viewer = Viewer::new(editor, view, intents);
        let response = SnarlWidget::new().id(widget_id()).style(style).show(&mut self.snarl, &mut viewer, ui);
        self.to_screen = viewer.to_screen;
        for (node, size) in viewer.sizes {
            if let Some(slot) = self.sizes.get_mut(node.0) {
                *slot = size;
            }
        }
        if let Some(drop) = response.dnd_release_payload::<PaletteDrop>()
            && let Some(pointer) = ui.ctx().pointer_interact_pos()
        {
            let p = self.to_screen.inverse() * pointer;
            let at = Some(Position { x: f64::from(p.x), y: f64::from(p.y) });
            intents.push(Intent::AddBlock { type_name: drop.0.clone(), at });
        }
        self.sync_selection(ui.ctx(), editor, intents);
        if !ui.input(|i| i.pointer.any_down()) {
            self.commit_moves(editor, intents);
        }
    }

    /// Rebuilds the graph from the document: node i+1 is action i, node 0 the Entry point.
    fn rebuild(&mut self, editor: &Editor) {
        let doc = &editor.doc;
        let mut snarl = Snarl::new();
        let entry = doc.entry_point_position().unwrap_or_default();
        let entry_node = snarl.insert_node(pos2(entry), Node::EntryPoint);
        let mut nodes = Vec::with_capacity(doc.flow.actions.len());
        for action in &doc.flow.actions {
            let at = action.position().unwrap_or_default();
            nodes.push(snarl.insert_node(pos2(at), Node::Block(action.id.clone())));
        }
        let node_of = |id: &ActionId| doc.flow.index_of(id).and_then(|i| nodes.get(i).copied());
        if let Some(start) = doc.flow.start.as_ref().and_then(node_of) {
            snarl.connect(
                egui_snarl::OutPinId { node: entry_node, output: 0 },
                egui_snarl::InPinId { node: start, input: 0 },
            );
        }
        for (action, &node) in doc.flow.actions.iter().zip(&nodes) {
            for (output, branch) in branches::branches(action).iter().enumerate() {
                if let Some(target) = action.transitions.target(branch).and_then(node_of) {
                    snarl
                        .connect(egui_snarl::OutPinId { node, output }, egui_snarl::InPinId { node: target, input: 0 });
                }
            }
        }
        let count = doc.flow.actions.len() + 1;
        self.sizes.resize(count, Vec2::new(200.0, 80.0));
        self.snarl = snarl;
        self.built_from = Some(editor.revision());
    }

    /// Adopts a selection the user made on the canvas.
    fn sync_selection(&mut self, ctx: &egui::Context, editor: &Editor, intents: &mut Vec<Intent>) {
        let selected = get_selected_nodes(widget_id(), ctx);
        if selected == self.seen_selection {
            return;
        }
        self.seen_selection.clone_from(&selected);
        let ids: Vec<ActionId> = selected
            .iter()
            .filter_map(|node| match self.snarl.get_node(*node) {
                Some(Node::Block(id)) => Some(id.clone()),
                _ => None,
            })
            .collect();
        if ids != editor.selection {
            intents.push(Intent::Select(ids));
        }
    }

    /// Once a drag is released, the moved blocks become one `Move` edit (one undo step).
    fn commit_moves(&self, editor: &Editor, intents: &mut Vec<Intent>) {
        let doc = &editor.doc;
        let mut moves = Vec::new();
        for (_, pos, node) in self.snarl.nodes_pos_ids() {
            let to = Position { x: f64::from(pos.x), y: f64::from(pos.y) };
            match node {
                Node::EntryPoint if doc.entry_point_position().map(pos2) != Some(pos) => {
                    moves.push(Edit::MoveEntryPoint { to });
                }
                Node::Block(id) => {
                    let now = doc.flow.action(id).and_then(crate::model::Action::position).map(pos2);
                    if now != Some(pos) {
                        moves.push(Edit::Move { id: id.clone(), to });
                    }
                }
                Node::EntryPoint => {}
            }
        }
        if !moves.is_empty() {
            intents.push(Intent::edit(Edit::Batch(moves)));
        }
    }

    /// The transform that shows what `request` asks for.
    fn view_for(&self, request: &ViewRequest, editor: &Editor, screen: Rect) -> Option<TSTransform> {
        let rect_of = |node: NodeId| {
            let pos = self.snarl.get_node_info(node)?.pos;
            Some(Rect::from_min_size(pos, self.sizes.get(node.0).copied().unwrap_or(Vec2::new(200.0, 80.0))))
        };
        match request {
            ViewRequest::Reveal(id) => {
                let index = editor.doc.flow.index_of(id)?;
                let rect = rect_of(NodeId(index + 1))?;
                let scaling = self.to_screen.scaling.max(0.8);
                Some(TSTransform::new(screen.center().to_vec2() - rect.center().to_vec2() * scaling, scaling))
            }
            ViewRequest::Fit => {
                let bounds = self.snarl.node_ids().filter_map(|(node, _)| rect_of(node)).reduce(Rect::union)?;
                let margin = 40.0;
                let scale_x = (screen.width() - 2.0 * margin) / bounds.width().max(1.0);
                let scale_y = (screen.height() - 2.0 * margin) / bounds.height().max(1.0);
                let scaling = scale_x.min(scale_y).clamp(0.2, 1.0);
                Some(TSTransform::new(screen.center().to_vec2() - bounds.center().to_vec2() * scaling, scaling))
            }
        }
    }
}

/// The edit made by dragging a wire from output `output` of `from` to block `to` (or by
/// dropping the wire with `None`): what the canvas does when the user wires two blocks.
pub fn wire_edit(editor: &Editor, from: &Node, output: usize, to: Option<ActionId>) -> Option<Edit> {
    match from {
        Node::EntryPoint => Some(Edit::SetStart(to)),
        Node::Block(id) => {
            let action = editor.doc.flow.action(id)?;
            let branch = branches::branches(action).into_iter().nth(output)?;
            Some(branches::wire(action, &branch, to.as_ref()))
        }
    }
}

#[expect(clippy::cast_possible_truncation, reason = "canvas coordinates fit in f32")]
fn pos2(p: Position) -> Pos2 {
    Pos2::new(p.x as f32, p.y as f32)
}
