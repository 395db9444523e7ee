//! The node canvas: an egui-snarl view of the open flow. The document stays the single source
//! of truth: the snarl graph is rebuilt from it whenever it changes, and what the user does on
//! the canvas (wire, move, select, add, delete) comes back as intents. Lives while the window
//! does.

pub mod branches;
mod overview;
mod viewer;

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Vec2};
use egui_snarl::ui::{SnarlStyle, SnarlWidget, get_selected_nodes};
use egui_snarl::{NodeId, Snarl};

use super::context::FrameContext;
use super::intent::Intent;
use crate::model::{ActionId, Edit, FlowDocument, Position};
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
    /// A flow just opened: fitted if it can be read that way, else at a readable scale from
    /// the Entry point.
    Open,
}

pub struct Canvas {
    /// Blocks to outline as a path (the steps of the last test call).
    pub highlight: Vec<ActionId>,
    snarl: Snarl<Node>,
    /// The editor revision the graph was built from.
    built_from: Option<u64>,
    /// Which blocks the graph holds (the visible ones and their neighbours), by action index.
    shown: Vec<bool>,
    /// Graph → screen transform of the last frame.
    to_screen: TSTransform,
    /// The snarl selection seen last frame, to notice the user's changes.
    seen_selection: Vec<NodeId>,
    request: Option<ViewRequest>,
    /// Node sizes on screen last frame (graph units), for centring and fitting.
    sizes: Vec<Vec2>,
    /// Where the canvas was on screen last frame.
    screen: Rect,
    /// The overview was drawn last frame (the graph's own transform is stale).
    overview: bool,
}

/// The size assumed for a block not drawn yet.
const DEFAULT_NODE_SIZE: Vec2 = Vec2::new(220.0, 90.0);

/// The widget's id: selection is read back through it.
fn widget_id() -> egui::Id {
    egui::Id::new("whisperwire-canvas")
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            highlight: Vec::new(),
            snarl: Snarl::new(),
            built_from: None,
            shown: Vec::new(),
            to_screen: TSTransform::IDENTITY,
            seen_selection: Vec::new(),
            request: Some(ViewRequest::Open),
            sizes: Vec::new(),
            screen: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            overview: false,
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

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &FrameContext<'_>) {
        let screen = ui.available_rect_before_wrap();
        self.screen = screen;
        let mut view = self.request.take().and_then(|request| self.view_for(&request, cx, screen));
        if view.unwrap_or(self.to_screen).scaling < overview::DETAIL_SCALE {
            let outcome = overview::ui(ui, cx, view.unwrap_or(self.to_screen), screen, &self.sizes, &self.highlight);
            self.to_screen = outcome.to_screen;
            self.overview = true;
            if let Some(id) = outcome.clicked {
                cx.send(Intent::Reveal(id));
            }
            return;
        }
        if std::mem::take(&mut self.overview) {
            view = Some(view.unwrap_or(self.to_screen));
        }
        let shown = self.visible_blocks(cx, view.unwrap_or(self.to_screen), screen);
        if self.built_from != Some(cx.revision) || shown != self.shown {
            self.rebuild(cx, shown);
        }
        let style = SnarlStyle { centering: Some(false), ..SnarlStyle::new() };
        let mut viewer = Viewer::new(cx, view, &self.highlight);
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
            cx.send(Intent::AddBlock { type_name: drop.0.clone(), at });
        }
        self.sync_selection(ui.ctx(), cx);
        if !ui.input(|i| i.pointer.any_down()) {
            self.commit_moves(cx);
        }
    }

    /// The blocks to give the graph: those on screen (with a margin) and the blocks wired to
    /// them, so that wires leaving the screen are still drawn. Drawing only what is visible is
    /// what keeps a frame cheap with hundreds of blocks.
    fn visible_blocks(&self, cx: &FrameContext<'_>, to_screen: TSTransform, screen: Rect) -> Vec<bool> {
        let actions = &cx.doc.flow.actions;
        let margin = 150.0 / to_screen.scaling.max(0.01);
        let view = (to_screen.inverse() * screen).expand(margin);
        let mut shown: Vec<bool> = actions
            .iter()
            .enumerate()
            .map(|(i, action)| {
                let size = self.sizes.get(i + 1).copied().unwrap_or(DEFAULT_NODE_SIZE);
                view.intersects(Rect::from_min_size(pos2(action.position().unwrap_or_default()), size))
            })
            .collect();
        let on_screen = shown.clone();
        let index = block_index(cx.doc);
        let index_of = |id: &ActionId| index.get(id.as_str()).copied();
        for (i, action) in actions.iter().enumerate() {
            for (_, target) in action.transitions.targets() {
                let Some(t) = index_of(target) else { continue };
                if on_screen.get(i).copied().unwrap_or(false) || on_screen.get(t).copied().unwrap_or(false) {
                    for k in [i, t] {
                        if let Some(slot) = shown.get_mut(k) {
                            *slot = true;
                        }
                    }
                }
            }
        }
        if let Some(start) = cx.doc.flow.start.as_ref().and_then(index_of)
            && let Some(slot) = shown.get_mut(start)
        {
            *slot = true;
        }
        shown
    }

    /// Rebuilds the graph from the document: node i+1 is action i, node 0 the Entry point, for
    /// every frame and every culling, so selection and drags keep their node. Blocks not
    /// `shown` are left out. Positions of a drag in progress carry over.
    fn rebuild(&mut self, cx: &FrameContext<'_>, shown: Vec<bool>) {
        let doc = cx.doc;
        let same_document = self.built_from == Some(cx.revision);
        let carried = |node: NodeId, from_doc: Pos2| {
            if same_document { self.snarl.get_node_info(node).map_or(from_doc, |n| n.pos) } else { from_doc }
        };
        let mut snarl = Snarl::new();
        let entry = carried(NodeId(0), pos2(doc.entry_point_position().unwrap_or_default()));
        let entry_node = snarl.insert_node(entry, Node::EntryPoint);
        let mut nodes = Vec::with_capacity(doc.flow.actions.len());
        for (i, action) in doc.flow.actions.iter().enumerate() {
            let at = carried(NodeId(i + 1), pos2(action.position().unwrap_or_default()));
            nodes.push(snarl.insert_node(at, Node::Block(action.id.clone())));
        }
        for (i, &node) in nodes.iter().enumerate() {
            if !shown.get(i).copied().unwrap_or(false) {
                snarl.remove_node(node);
            }
        }
        let index = block_index(doc);
        let node_of = |id: &ActionId| {
            let i = *index.get(id.as_str())?;
            shown.get(i).copied().unwrap_or(false).then(|| nodes.get(i).copied()).flatten()
        };
        if let Some(start) = doc.flow.start.as_ref().and_then(node_of) {
            snarl.connect(
                egui_snarl::OutPinId { node: entry_node, output: 0 },
                egui_snarl::InPinId { node: start, input: 0 },
            );
        }
        for ((action, &node), _) in doc.flow.actions.iter().zip(&nodes).zip(&shown).filter(|(_, shown)| **shown) {
            for (output, branch) in branches::branches(action).iter().enumerate() {
                if let Some(target) = action.transitions.target(branch).and_then(node_of) {
                    snarl
                        .connect(egui_snarl::OutPinId { node, output }, egui_snarl::InPinId { node: target, input: 0 });
                }
            }
        }
        self.sizes.resize(doc.flow.actions.len() + 1, DEFAULT_NODE_SIZE);
        self.snarl = snarl;
        self.shown = shown;
        self.built_from = Some(cx.revision);
    }

    /// Adopts a selection the user made on the canvas.
    fn sync_selection(&mut self, ctx: &egui::Context, cx: &FrameContext<'_>) {
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
        // Selected blocks scrolled out of the graph stay selected.
        let culled = cx
            .selection
            .iter()
            .filter(|id| cx.doc.flow.index_of(id).is_some_and(|i| !self.shown.get(i).copied().unwrap_or(false)));
        let ids: Vec<ActionId> = culled.cloned().chain(ids).collect();
        if ids != cx.selection {
            cx.send(Intent::Select(ids));
        }
    }

    /// Once a drag is released, the moved blocks become one `Move` edit (one undo step).
    fn commit_moves(&self, cx: &FrameContext<'_>) {
        let doc = cx.doc;
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
            cx.send(Intent::edit(Edit::Batch(moves)));
        }
    }

    /// The transform that shows what `request` asks for.
    fn view_for(&self, request: &ViewRequest, cx: &FrameContext<'_>, screen: Rect) -> Option<TSTransform> {
        let doc = cx.doc;
        let rect_of = |node: usize, pos: Option<Position>| {
            Some(Rect::from_min_size(pos2(pos?), self.sizes.get(node).copied().unwrap_or(DEFAULT_NODE_SIZE)))
        };
        let entry = rect_of(0, doc.entry_point_position());
        let blocks = doc.flow.actions.iter().enumerate().filter_map(|(i, a)| rect_of(i + 1, a.position()));
        match request {
            ViewRequest::Reveal(id) => {
                let index = doc.flow.index_of(id)?;
                let rect = rect_of(index + 1, doc.flow.actions.get(index)?.position())?;
                let scaling = self.to_screen.scaling.max(0.9);
                Some(TSTransform::new(screen.center().to_vec2() - rect.center().to_vec2() * scaling, scaling))
            }
            ViewRequest::Open => {
                let fitted = self.view_for(&ViewRequest::Fit, cx, screen)?;
                if fitted.scaling >= overview::DETAIL_SCALE {
                    return Some(fitted);
                }
                let scaling = 0.6;
                let anchor = entry.map_or(Pos2::ZERO, |r| r.left_center());
                let target = Pos2::new(screen.left() + 40.0, screen.center().y);
                Some(TSTransform::new(target.to_vec2() - anchor.to_vec2() * scaling, scaling))
            }
            ViewRequest::Fit => {
                let bounds = entry.into_iter().chain(blocks).reduce(Rect::union)?;
                let margin = 40.0;
                let scale_x = (screen.width() - 2.0 * margin) / bounds.width().max(1.0);
                let scale_y = (screen.height() - 2.0 * margin) / bounds.height().max(1.0);
                let scaling = scale_x.min(scale_y).clamp(0.02, 1.0);
                Some(TSTransform::new(screen.center().to_vec2() - bounds.center().to_vec2() * scaling, scaling))
            }
        }
    }
}

/// Each identifier's block, by position in the action list (the first, for duplicates).
pub(super) fn block_index(doc: &FlowDocument) -> std::collections::HashMap<&str, usize> {
    let mut index = std::collections::HashMap::with_capacity(doc.flow.actions.len());
    for (i, action) in doc.flow.actions.iter().enumerate() {
        index.entry(action.id.as_str()).or_insert(i);
    }
    index
}

/// The edit made by dragging a wire from output `output` of `from` to block `to` (or by
/// dropping the wire with `None`): what the canvas does when the user wires two blocks.
pub fn wire_edit(doc: &FlowDocument, from: &Node, output: usize, to: Option<ActionId>) -> Option<Edit> {
    match from {
        Node::EntryPoint => Some(Edit::SetStart(to)),
        Node::Block(id) => {
            let action = doc.flow.action(id)?;
            let branch = branches::branches(action).into_iter().nth(output)?;
            Some(branches::wire(action, &branch, to.as_ref()))
        }
    }
}

#[expect(clippy::cast_possible_truncation, reason = "canvas coordinates fit in f32")]
pub(super) fn pos2(p: Position) -> Pos2 {
    Pos2::new(p.x as f32, p.y as f32)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::gui::editor::Editor;

    /// `n` blocks in a row, 300 apart, each wired to the next.
    fn row(n: usize) -> Editor {
        let actions: Vec<_> = (0..n)
            .map(|i| {
                let next = if i + 1 < n { json!({"NextAction": format!("b{}", i + 1)}) } else { json!({}) };
                json!({"Identifier": format!("b{i}"), "Type": "UpdateFlowLoggingBehavior", "Parameters": {}, "Transitions": next})
            })
            .collect();
        let metadata: serde_json::Map<_, _> =
            (0..n).map(|i| (format!("b{i}"), json!({"position": {"x": 300 * i, "y": 0}}))).collect();
        let flow = json!({"StartAction": "b0", "Metadata": {"ActionMetadata": metadata}, "Actions": actions});
        Editor::new(None, crate::flow_json::from_value(flow).unwrap(), None)
    }

    #[test]
    fn only_visible_blocks_and_their_neighbours_are_given_to_the_graph() {
        let editor = row(100);
        let canvas = Canvas::default();
        let screen = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 600.0));
        let view = TSTransform::new(Vec2::new(-3000.0, 0.0), 1.0); // blocks 10..13 on screen
        let cx = FrameContext::of(&editor, "row", crate::gui::commands::CommandState::default());
        let shown = canvas.visible_blocks(&cx, view, screen);
        let indices: Vec<usize> = shown.iter().enumerate().filter(|(_, s)| **s).map(|(i, _)| i).collect();
        // On screen with the margin: blocks 9 to 13; their neighbours 8 and 14; and block 0.
        assert_eq!(indices, [0, 8, 9, 10, 11, 12, 13, 14]);
    }

    #[test]
    fn a_fitted_big_flow_is_drawn_as_the_overview_and_a_small_one_in_detail() {
        let ctx = egui::Context::default();
        for (n, fit, overview) in [(200, true, true), (3, true, false), (200, false, false)] {
            let editor = row(n);
            let mut canvas = Canvas::default();
            if fit {
                canvas.fit(); // else: as just opened, at a readable scale from the Entry point
            }
            for _ in 0..3 {
                let cx = FrameContext::of(&editor, "row", crate::gui::commands::CommandState::default());
                let mut output = ctx.run_ui(egui::RawInput::default(), |ui| canvas.ui(ui, &cx));
                output.textures_delta.clear();
            }
            assert_eq!(canvas.overview, overview, "{n} blocks, fitted: {fit}");
        }
    }
}
