//! The node canvas, drawn with egui's painter. The document stays the single source of truth:
//! each frame draws it as cards and wires, and what the user does (select, move, wire, add,
//! zoom) comes back as intents. A drag moves a preview; releasing it is one `Edit`, one undo
//! step. Lives while the window does; [`Canvas::reset`] when another flow opens.
//!
//! Why not egui-snarl any more: its nodes are widgets laid out in a scaled layer, so their
//! titles took text selection instead of drags, only the small entry pin took a wire, wires
//! ended at a card's top edge behind other cards, and tests saw graph rather than screen
//! coordinates. Painting the cards and taking input on them ourselves fixes each of those.

pub mod branches;
mod cards;
mod find;
pub mod layout;
mod minimap;
pub mod navigate;
mod overview;
mod wires;
mod wiring;

use egui::emath::TSTransform;
use egui::{Pos2, Rect, Sense, Vec2};

use self::cards::{CardResponse, Content, Look};
use self::layout::Cards;
use self::wires::WireKind;
use super::context::FrameContext;
use super::intent::Intent;
use crate::model::{Action, ActionId, Edit, FlowDocument, Position};

pub use self::find::matches as find_matches;
pub use self::overview::DETAIL_SCALE;

/// What a canvas node stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    EntryPoint,
    Block(ActionId),
}

/// A block dragged from the palette.
#[derive(Debug, Clone)]
pub struct PaletteDrop(pub String);

/// A branch pin: the node and the index of its branch.
pub type Pin = (Node, usize);

/// A view change asked for by the app.
#[derive(Debug, Clone, PartialEq)]
enum ViewRequest {
    Reveal(ActionId),
    Fit,
    /// A flow just opened: whole when it can be read that way, else readable from the Entry point.
    Open,
    /// Zoom by this factor around the middle of the view.
    Zoom(f32),
}

/// What the pointer is doing on the canvas.
#[derive(Debug, Clone, PartialEq)]
enum Drag {
    /// Cards being moved, by this much so far (graph units).
    Move { nodes: Vec<Node>, offset: Vec2 },
    /// A wire pulled out of a branch pin, now at this graph point.
    Wire { from: Pin, to: Pos2 },
    /// A rubber band from this screen point.
    Band { start: Pos2 },
}

/// A wire dropped on empty canvas: the block list is offered there.
#[derive(Debug, Clone, PartialEq)]
struct PendingWire {
    from: Pin,
    at: Pos2,
}

/// The smallest and largest zoom; 100% is where text is drawn at its design size.
pub const MIN_SCALE: f32 = 0.01;
pub const MAX_SCALE: f32 = 2.0;
/// The zoom at which titles are 13 px and body text 12 px: the least a flow opens at.
pub const READABLE_SCALE: f32 = 0.93;
/// One notch of the wheel (with Ctrl) zooms by this factor.
const ZOOM_STEP: f32 = 1.1;

pub struct Canvas {
    /// Blocks to outline as a path (the steps of the last test call).
    pub highlight: Vec<ActionId>,
    /// Whether the mini-map is shown (View menu).
    pub minimap: bool,
    /// Its corner and whether it is folded.
    map: minimap::MiniMap,
    /// Where it was on screen last frame, if shown: new blocks are not placed under it.
    map_area: Option<Rect>,
    /// Graph → screen.
    to_screen: TSTransform,
    /// Where the canvas was on screen last frame.
    screen: Rect,
    request: Option<ViewRequest>,
    drag: Option<Drag>,
    pending: Option<PendingWire>,
    find: find::FindBar,
    /// Every card and every wire, computed once per document revision.
    cards: Cards,
    wiring: wiring::Wiring,
    built_from: Option<u64>,
}

impl Default for Canvas {
    fn default() -> Self {
        Self {
            highlight: Vec::new(),
            minimap: true,
            map: minimap::MiniMap::default(),
            map_area: None,
            to_screen: TSTransform::IDENTITY,
            screen: Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0)),
            request: Some(ViewRequest::Open),
            drag: None,
            pending: None,
            find: find::FindBar::default(),
            cards: Cards::default(),
            wiring: wiring::Wiring::default(),
            built_from: None,
        }
    }
}

/// The widget's id (the canvas background).
fn widget_id() -> egui::Id {
    egui::Id::new("whisperwire-canvas")
}

/// The size of a block's card, from what it shows.
pub fn card_size(action: &Action, instance: Option<&crate::instance::Instance>) -> Vec2 {
    layout::card_size(&cards::summary(action, instance), branches::branches(action).len())
}

impl Canvas {
    /// Forgets the view (another flow was opened) and shows the new one as it opens.
    pub fn reset(&mut self) {
        let (minimap, map) = (self.minimap, self.map);
        *self = Self { minimap, map, ..Self::default() };
    }

    pub fn reveal(&mut self, id: ActionId) {
        self.request = Some(ViewRequest::Reveal(id));
    }

    /// Shows the flow as when it opens: whole if readable that way, else from the Entry point.
    pub fn show_from_start(&mut self) {
        self.request = Some(ViewRequest::Open);
    }

    pub fn fit(&mut self) {
        self.request = Some(ViewRequest::Fit);
    }

    pub fn zoom(&mut self, factor: f32) {
        self.request = Some(ViewRequest::Zoom(factor));
    }

    pub fn open_find(&mut self) {
        self.find.open();
    }

    /// The zoom in force (1.0 is 100%).
    pub fn scale(&self) -> f32 {
        self.to_screen.scaling
    }

    /// What lies under a rectangle of the screen, in graph units.
    pub fn graph_rect(&self, screen: Rect) -> Rect {
        self.to_screen.inverse() * screen
    }

    /// The part of the flow in view, in graph units.
    pub fn view(&self) -> Rect {
        self.to_screen.inverse() * self.screen
    }

    /// Where a new block goes: to the right of `after` (the selected block, or the Entry point),
    /// else into the first free spot in view; never on another block.
    pub fn placement(&self, doc: &FlowDocument, after: Option<&Node>, size: Vec2) -> Position {
        let cards = self.cards_of(doc);
        let at = match after.and_then(|node| cards.rect(doc, node)) {
            Some(rect) => layout::free_spot_after(&cards, rect, size),
            None => layout::free_spot_in_view(&cards, self.view(), size, &self.covered_view()),
        };
        layout::position(at)
    }

    /// How far to move pasted copies whose cards span `group` (graph units) so they land whole
    /// in free space in view, on no other card and not under the mini-map.
    pub fn paste_offset(&self, doc: &FlowDocument, group: Rect) -> Vec2 {
        let at = layout::free_spot_in_view(&self.cards_of(doc), self.view(), group.size(), &self.covered_view());
        at - group.min
    }

    /// The parts of the view covered by the canvas's own boxes (the mini-map), in graph units.
    fn covered_view(&self) -> Vec<Rect> {
        self.map_area.map(|area| self.to_screen.inverse() * area).into_iter().collect()
    }

    /// Arrange (View menu): the flow laid out left to right, as one edit.
    pub fn arrange(&self, doc: &FlowDocument) -> Edit {
        layout::arrange(doc, &self.cards_of(doc), self.screen.size())
    }

    /// The cards of `doc` sized as drawn (the instance only changes a caller ID's wording, not
    /// how many lines it takes, so none is needed here).
    fn cards_of(&self, doc: &FlowDocument) -> Cards {
        if self.cards.blocks.len() == doc.flow.actions.len() && self.built_from.is_some() {
            let mut cards = self.cards.clone();
            cards.entry =
                Rect::from_min_size(layout::pos2(doc.entry_point_position().unwrap_or_default()), layout::entry_size());
            for (rect, action) in cards.blocks.iter_mut().zip(&doc.flow.actions) {
                *rect = Rect::from_min_size(layout::pos2(action.position().unwrap_or_default()), rect.size());
            }
            return cards;
        }
        Cards::of(doc, |a| card_size(a, None))
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, cx: &FrameContext<'_>) {
        let screen = ui.available_rect_before_wrap();
        self.screen = screen;
        if self.built_from != Some(cx.revision) || self.cards.blocks.len() != cx.doc.flow.actions.len() {
            self.cards = Cards::of(cx.doc, |a| card_size(a, cx.instance));
            self.wiring = wiring::Wiring::of(cx.doc);
            self.built_from = Some(cx.revision);
        }
        let background = ui.interact(screen, widget_id(), Sense::click_and_drag());
        if let Some(request) = self.request.take()
            && let Some(view) = self.view_for(&request, cx.doc, screen)
        {
            self.to_screen = view;
        }
        self.pan_and_zoom(ui, &background);
        let painter = ui.painter_at(screen);
        painter.rect_filled(screen, 0.0, ui.visuals().extreme_bg_color);
        if self.to_screen.scaling < DETAIL_SCALE {
            overview::paint(ui, &painter, cx, (&self.cards, &self.wiring), self.to_screen, &self.highlight);
            if background.clicked()
                && let Some(at) = background.interact_pointer_pos()
                && let Some(action) = self
                    .cards
                    .block_at(overview::graph_point(self.to_screen, at))
                    .and_then(|i| cx.doc.flow.actions.get(i))
            {
                cx.send(Intent::Reveal(action.id.clone()));
            }
        } else {
            self.detail_ui(ui, cx, &painter, &background);
        }
        self.palette_drop(ui, cx, screen);
        self.map_area = None;
        if self.minimap && !screen.contains_rect(self.to_screen * self.cards.bounds()) {
            let on_screen: Vec<Rect> =
                self.cards.blocks.iter().map(|r| self.to_screen * *r).filter(|r| screen.intersects(*r)).collect();
            self.map.choose_corner(&on_screen, screen, self.find.is_open());
            self.map_area = Some(self.map.area(screen));
            let view = self.view();
            if let Some(centre) = self.map.ui(ui, (&self.cards, &cx.doc.flow.actions), cx.selection, view, screen) {
                self.centre_on(centre);
            }
        }
        self.find.ui(ui, cx, screen);
        self.pending_ui(ui, cx);
        Self::keys(ui, cx);
    }

    /// The cards, wires and pins at a readable zoom, and what the pointer does with them.
    fn detail_ui(
        &mut self,
        ui: &egui::Ui,
        cx: &FrameContext<'_>,
        painter: &egui::Painter,
        background: &egui::Response,
    ) {
        let screen = painter.clip_rect();
        let moved = match &self.drag {
            Some(Drag::Move { nodes, offset }) => Some((nodes.clone(), *offset)),
            _ => None,
        };
        let offset_of = |node: &Node| {
            moved.as_ref().filter(|(nodes, _)| nodes.contains(node)).map_or(Vec2::ZERO, |(_, offset)| *offset)
        };
        // Every card on screen, with its content and rect (graph units, drag applied).
        let mut shown: Vec<(Node, Content, Rect)> = Vec::new();
        let entry = self.cards.entry.translate(offset_of(&Node::EntryPoint));
        if screen.intersects(self.to_screen * entry) {
            shown.push((Node::EntryPoint, Content::of_entry(cx), entry));
        }
        for (i, (action, rect)) in cx.doc.flow.actions.iter().zip(&self.cards.blocks).enumerate() {
            let rect = rect.translate(block_offset(moved.as_ref(), cx, i));
            if screen.intersects(self.to_screen * rect) {
                let node = Node::Block(action.id.clone());
                shown.push((node, Content::of_block(action, cx, &self.wiring.index), rect));
            }
        }
        let responses: Vec<CardResponse> = shown
            .iter()
            .map(|(node, content, rect)| cards::interact(ui, node, content, (*rect, self.to_screen), mark_of(cx, node)))
            .collect();
        let drop_target = self.wire_target(cx.doc);
        let looks: Vec<Look> = shown.iter().map(|(node, _, _)| self.look(cx, node, drop_target.as_ref())).collect();
        // Cards, then wires over them (no wire hides behind a card), then the words of every
        // card that nothing lies over, on plates, so wires pass under the words. A card under
        // another keeps its words below the wires: painted later, they would show through.
        let covered = covered_cards(&shown.iter().map(|(_, _, rect)| *rect).collect::<Vec<_>>());
        for (((_, content, rect), look), covered) in shown.iter().zip(&looks).zip(&covered) {
            cards::paint_body(ui, painter, content, self.to_screen * *rect, look);
            if *covered {
                cards::paint_words(ui, painter, content, self.to_screen * *rect, look, false);
            }
        }
        self.paint_wires(cx, painter, moved.as_ref());
        for (((_, content, rect), look), covered) in shown.iter().zip(&looks).zip(&covered) {
            if !covered {
                cards::paint_words(ui, painter, content, self.to_screen * *rect, look, true);
            }
        }
        for ((node, content, rect), look) in shown.iter().zip(&looks) {
            cards::paint_pins(painter, node, content, self.to_screen * *rect, look);
        }
        for ((node, _, _), response) in shown.iter().zip(&responses) {
            self.card_input(ui, cx, node, response);
        }
        self.background_input(ui, cx, background);
        self.paint_drag(ui, cx, painter);
    }

    fn look(&self, cx: &FrameContext<'_>, node: &Node, drop_target: Option<&ActionId>) -> Look {
        let id = match node {
            Node::Block(id) => Some(id),
            Node::EntryPoint => None,
        };
        Look {
            selected: id.is_some_and(|id| cx.selection.contains(id)),
            on_path: id.is_some_and(|id| self.highlight.contains(id)),
            drop_target: id.is_some() && id == drop_target,
            marker: id.and_then(|id| cx.markers.get(id).copied()),
            mark: mark_of(cx, node),
            dark: cx.dark_mode,
        }
    }

    /// Every wire whose ends are known, over the cards.
    fn paint_wires(&self, cx: &FrameContext<'_>, painter: &egui::Painter, moved: Option<&(Vec<Node>, Vec2)>) {
        let actions = &cx.doc.flow.actions;
        let block_rect = |i: usize| Some(self.cards.blocks.get(i)?.translate(block_offset(moved, cx, i)));
        let scale = self.to_screen.scaling;
        if let Some(start) = &cx.doc.flow.start
            && let Some(to) = self.wiring.start.and_then(block_rect)
        {
            let offset = moved.filter(|(nodes, _)| nodes.contains(&Node::EntryPoint)).map_or(Vec2::ZERO, |(_, by)| *by);
            let from = self.cards.entry.translate(offset);
            let kind = if self.highlight.first() == Some(start) { WireKind::OnPath } else { WireKind::Success };
            let (a, b) = (layout::branch_pin(from, 1, 0), layout::entry_pin(to));
            wires::paint(painter, self.to_screen * a, self.to_screen * b, kind, scale, cx.dark_mode);
        }
        for (i, (action, outputs)) in actions.iter().zip(&self.wiring.outputs).enumerate() {
            let Some(from) = block_rect(i) else { continue };
            for (pin, output) in outputs.iter().enumerate() {
                let Some((target, to)) = output.to.and_then(|t| Some((&actions.get(t)?.id, block_rect(t)?))) else {
                    continue;
                };
                let on_path = self.on_path(&action.id, target);
                let kind = match output.branch {
                    _ if on_path => WireKind::OnPath,
                    crate::model::Branch::Error(_) => WireKind::Error,
                    _ => WireKind::Success,
                };
                let (a, b) = (layout::branch_pin(from, outputs.len(), pin), layout::entry_pin(to));
                wires::paint(painter, self.to_screen * a, self.to_screen * b, kind, scale, cx.dark_mode);
            }
        }
    }

    /// Whether the test call's path went from `from` straight to `to`.
    fn on_path(&self, from: &ActionId, to: &ActionId) -> bool {
        self.highlight.windows(2).any(|pair| pair.first() == Some(from) && pair.get(1) == Some(to))
    }

    /// Clicks and drags on one card and its pins.
    fn card_input(&mut self, ui: &egui::Ui, cx: &FrameContext<'_>, node: &Node, response: &CardResponse) {
        let scale = self.to_screen.scaling;
        for (output, pin) in response.pins.iter().enumerate() {
            if pin.drag_started() {
                self.drag = Some(Drag::Wire { from: (node.clone(), output), to: self.graph_pointer(ui) });
            }
            if pin.dragged()
                && let Some(Drag::Wire { to, .. }) = &mut self.drag
            {
                *to = self.to_screen.inverse() * pin.interact_pointer_pos().unwrap_or_default();
            }
            if pin.drag_stopped() {
                self.drop_wire(cx);
            }
        }
        let card = &response.card;
        if card.clicked() {
            Self::click(ui, cx, node);
        }
        if card.drag_started() {
            let nodes = match node {
                Node::Block(id) if cx.selection.contains(id) => cx.selection.iter().cloned().map(Node::Block).collect(),
                Node::Block(id) => {
                    cx.send(Intent::Select(vec![id.clone()]));
                    vec![node.clone()]
                }
                Node::EntryPoint => vec![Node::EntryPoint],
            };
            self.drag = Some(Drag::Move { nodes, offset: Vec2::ZERO });
        }
        if card.dragged()
            && let Some(Drag::Move { offset, .. }) = &mut self.drag
        {
            *offset += card.drag_delta() / scale;
        }
        if card.drag_stopped() {
            self.drop_move(cx);
        }
    }

    /// A click on a card selects it; Ctrl or Shift adds it to the selection.
    fn click(ui: &egui::Ui, cx: &FrameContext<'_>, node: &Node) {
        let Node::Block(id) = node else {
            cx.send(Intent::Select(Vec::new()));
            return;
        };
        let modifiers = ui.input(|i| i.modifiers);
        let mut selection = if modifiers.command || modifiers.shift { cx.selection.to_vec() } else { Vec::new() };
        if let Some(at) = selection.iter().position(|s| s == id).filter(|_| modifiers.command || modifiers.shift) {
            selection.remove(at);
        } else if !selection.contains(id) {
            selection.push(id.clone());
        }
        cx.send(Intent::Select(selection));
    }

    /// A click on empty canvas clears the selection; Shift-drag draws a rubber band.
    fn background_input(&mut self, ui: &egui::Ui, cx: &FrameContext<'_>, background: &egui::Response) {
        if background.clicked() {
            self.pending = None;
            if !cx.selection.is_empty() {
                cx.send(Intent::Select(Vec::new()));
            }
        }
        let shift = ui.input(|i| i.modifiers.shift);
        if background.drag_started() && shift {
            self.drag = background.interact_pointer_pos().map(|start| Drag::Band { start });
        }
        if background.drag_stopped()
            && let Some(Drag::Band { start }) = self.drag.take()
            && let Some(end) = background.interact_pointer_pos()
        {
            let band = self.to_screen.inverse() * Rect::from_two_pos(start, end);
            let ids = cx
                .doc
                .flow
                .actions
                .iter()
                .zip(&self.cards.blocks)
                .filter(|(_, rect)| band.intersects(**rect))
                .map(|(a, _)| a.id.clone())
                .collect();
            cx.send(Intent::Select(ids));
        }
    }

    /// The wire or rubber band being dragged.
    fn paint_drag(&self, ui: &egui::Ui, cx: &FrameContext<'_>, painter: &egui::Painter) {
        match &self.drag {
            Some(Drag::Wire { from, to }) => {
                let Some(rect) = self.cards.rect(cx.doc, &from.0) else { return };
                let count = match &from.0 {
                    Node::EntryPoint => 1,
                    Node::Block(id) => cx.doc.flow.action(id).map_or(1, |a| branches::branches(a).len()),
                };
                let a = self.to_screen * layout::branch_pin(rect, count, from.1);
                let b = self.to_screen * *to;
                wires::paint(painter, a, b, WireKind::Pulled, self.to_screen.scaling, cx.dark_mode);
            }
            Some(Drag::Band { start }) => {
                if let Some(end) = ui.input(|i| i.pointer.hover_pos()) {
                    let (fill, stroke) = super::theme::rubber_band();
                    painter.rect(Rect::from_two_pos(*start, end), 0.0, fill, stroke, egui::StrokeKind::Inside);
                }
            }
            _ => {}
        }
    }

    /// The block a dragged wire is over: where it will connect.
    fn wire_target(&self, doc: &FlowDocument) -> Option<ActionId> {
        let Some(Drag::Wire { to, .. }) = &self.drag else { return None };
        let i = self.cards.block_at(*to)?;
        doc.flow.actions.get(i).map(|a| a.id.clone())
    }

    /// A wire released: on a block, it connects to that block's entry; on empty canvas, the
    /// block list is offered there.
    fn drop_wire(&mut self, cx: &FrameContext<'_>) {
        let target = self.wire_target(cx.doc);
        let Some(Drag::Wire { from, to }) = self.drag.take() else { return };
        match target {
            Some(target) => {
                if let Some(edit) = wire_edit(cx.doc, &from.0, from.1, Some(target)) {
                    cx.send(Intent::edit(edit));
                }
            }
            None => self.pending = Some(PendingWire { from, at: to }),
        }
    }

    /// Moved cards released: one undo step for all of them.
    fn drop_move(&mut self, cx: &FrameContext<'_>) {
        let Some(Drag::Move { nodes, offset }) = self.drag.take() else { return };
        if offset.length() < 0.5 {
            return;
        }
        let moves: Vec<Edit> = nodes
            .iter()
            .filter_map(|node| {
                let rect = self.cards.rect(cx.doc, node)?;
                let to = layout::position(rect.min + offset);
                Some(match node {
                    Node::EntryPoint => Edit::MoveEntryPoint { to },
                    Node::Block(id) => Edit::Move { id: id.clone(), to },
                })
            })
            .collect();
        if !moves.is_empty() {
            cx.send(Intent::edit(Edit::Batch(moves)));
        }
    }

    /// The block list offered where a wire was dropped on empty canvas.
    fn pending_ui(&mut self, ui: &egui::Ui, cx: &FrameContext<'_>) {
        let Some(pending) = self.pending.clone() else { return };
        let at = self.to_screen * pending.at;
        let mut close = ui.input(|i| i.key_pressed(egui::Key::Escape));
        egui::Area::new(egui::Id::new("canvas-wire-drop")).fixed_pos(at).order(egui::Order::Foreground).show(
            ui.ctx(),
            |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.label(egui::RichText::new("Add and connect a block").strong());
                    for (type_name, name) in crate::gui::describe::palette_types(cx.doc.flow.flow_type.as_ref()) {
                        if ui.button(name).clicked() {
                            let at = Some(layout::position(pending.at - Vec2::new(0.0, layout::HEADER_HEIGHT / 2.0)));
                            cx.send(Intent::AddBlock {
                                type_name: type_name.to_owned(),
                                at,
                                from: Some(pending.from.clone()),
                            });
                            close = true;
                        }
                    }
                    close |= ui.button("Cancel").clicked();
                });
            },
        );
        if close {
            self.pending = None;
        }
    }

    /// A block dragged from the palette and released over the canvas lands where it was released.
    fn palette_drop(&self, ui: &egui::Ui, cx: &FrameContext<'_>, screen: Rect) {
        let released = ui.input(|i| i.pointer.any_released());
        let Some(pointer) = ui.ctx().pointer_interact_pos().filter(|p| released && screen.contains(*p)) else {
            return;
        };
        if let Some(drop) = egui::DragAndDrop::take_payload::<PaletteDrop>(ui.ctx()) {
            let at = Some(layout::position(self.to_screen.inverse() * pointer));
            cx.send(Intent::AddBlock { type_name: drop.0.clone(), at, from: None });
        }
    }

    /// Arrow keys move the selection along the wires; Enter goes to the block's properties.
    fn keys(ui: &egui::Ui, cx: &FrameContext<'_>) {
        if ui.ctx().memory(|m| m.focused().is_some()) {
            return;
        }
        let steps = [
            (egui::Key::ArrowRight, navigate::Step::Right),
            (egui::Key::ArrowLeft, navigate::Step::Left),
            (egui::Key::ArrowUp, navigate::Step::Up),
            (egui::Key::ArrowDown, navigate::Step::Down),
        ];
        for (key, step) in steps {
            if ui.input(|i| i.key_pressed(key))
                && let Some(next) = navigate::step(cx.doc, cx.selection.first(), step)
            {
                cx.send(Intent::Reveal(next));
            }
        }
        if !cx.selection.is_empty() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            ui.ctx().memory_mut(|m| m.request_focus(super::context::properties_focus_id()));
        }
    }

    /// Drag pans; a plain wheel pans; Ctrl + wheel zooms 10% a notch around the pointer; a pinch
    /// zooms as much as the fingers did.
    fn pan_and_zoom(&mut self, ui: &egui::Ui, background: &egui::Response) {
        let panning = background.dragged() && !matches!(self.drag, Some(Drag::Band { .. }));
        if panning && !ui.input(|i| i.modifiers.shift) {
            self.to_screen.translation += background.drag_delta();
        }
        let Some(pointer) = ui.input(|i| i.pointer.hover_pos()).filter(|_| background.contains_pointer()) else {
            return;
        };
        let (factor, scroll) = ui.input(|i| {
            let mut factor = 1.0_f32;
            for event in &i.events {
                match event {
                    egui::Event::MouseWheel { unit, delta, modifiers, .. } if modifiers.command || modifiers.ctrl => {
                        let notches = match unit {
                            egui::MouseWheelUnit::Point => delta.y / 50.0,
                            egui::MouseWheelUnit::Line | egui::MouseWheelUnit::Page => delta.y,
                        };
                        factor *= ZOOM_STEP.powf(notches.clamp(-5.0, 5.0));
                    }
                    egui::Event::Zoom(pinch) => factor *= pinch,
                    _ => {}
                }
            }
            let scroll = if i.modifiers.command || i.modifiers.ctrl { Vec2::ZERO } else { i.smooth_scroll_delta };
            (factor, scroll)
        });
        if (factor - 1.0).abs() > f32::EPSILON {
            self.zoom_around(pointer, factor);
        } else {
            self.to_screen.translation += scroll;
        }
    }

    fn zoom_around(&mut self, around: Pos2, factor: f32) {
        let scaling = (self.to_screen.scaling * factor).clamp(MIN_SCALE, MAX_SCALE);
        let graph = self.to_screen.inverse() * around;
        self.to_screen = TSTransform::new(around.to_vec2() - graph.to_vec2() * scaling, scaling);
    }

    fn centre_on(&mut self, graph: Pos2) {
        let scaling = self.to_screen.scaling;
        self.to_screen = TSTransform::new(self.screen.center().to_vec2() - graph.to_vec2() * scaling, scaling);
    }

    fn graph_pointer(&self, ui: &egui::Ui) -> Pos2 {
        self.to_screen.inverse() * ui.input(|i| i.pointer.interact_pos()).unwrap_or_default()
    }

    /// The transform that shows what `request` asks for.
    fn view_for(&self, request: &ViewRequest, doc: &FlowDocument, screen: Rect) -> Option<TSTransform> {
        let margin = 30.0;
        let fit_scale = |bounds: Rect| {
            let x = (screen.width() - 2.0 * margin) / bounds.width().max(1.0);
            let y = (screen.height() - 2.0 * margin) / bounds.height().max(1.0);
            x.min(y)
        };
        let centred = |point: Pos2, scaling: f32| {
            TSTransform::new(screen.center().to_vec2() - point.to_vec2() * scaling, scaling)
        };
        match request {
            ViewRequest::Reveal(id) => {
                let rect = *self.cards.blocks.get(doc.flow.index_of(id)?)?;
                let scaling = self.to_screen.scaling.max(READABLE_SCALE);
                let shown = TSTransform { scaling, ..self.to_screen } * rect;
                let room = screen.shrink(margin);
                if shown.width() > room.width() || shown.height() > room.height() {
                    return Some(centred(rect.center(), scaling));
                }
                // The least move that brings the whole card into view.
                let dx = (room.left() - shown.left()).max(0.0) + (room.right() - shown.right()).min(0.0);
                let dy = (room.top() - shown.top()).max(0.0) + (room.bottom() - shown.bottom()).min(0.0);
                Some(TSTransform::new(self.to_screen.translation + Vec2::new(dx, dy), scaling))
            }
            ViewRequest::Open => {
                // Whole when it fits at a readable zoom (at most 100%), else at 100% from the
                // Entry point; either way from the top left, where a flow starts.
                let bounds = self.cards.bounds();
                let fitted = fit_scale(bounds);
                let (anchor, scaling) = if fitted >= READABLE_SCALE {
                    (bounds.left_top(), fitted.min(1.0))
                } else {
                    (self.cards.entry.left_top(), 1.0)
                };
                let corner = Pos2::new(screen.left() + margin, screen.top() + margin);
                Some(TSTransform::new(corner.to_vec2() - anchor.to_vec2() * scaling, scaling))
            }
            ViewRequest::Fit => {
                let bounds = self.cards.bounds();
                Some(centred(bounds.center(), fit_scale(bounds).clamp(MIN_SCALE, 1.0)))
            }
            ViewRequest::Zoom(factor) => {
                let mut zoomed = self.clone_view();
                zoomed.zoom_around(screen.center(), *factor);
                Some(zoomed.to_screen)
            }
        }
    }

    fn clone_view(&self) -> Self {
        Self { to_screen: self.to_screen, screen: self.screen, ..Self::default() }
    }
}

/// For each card (in paint order), whether a card painted after it overlaps it. Cards are
/// sorted by their left edge so each is compared only with those that can reach it.
fn covered_cards(rects: &[Rect]) -> Vec<bool> {
    let mut order: Vec<usize> = (0..rects.len()).collect();
    order.sort_by(|&a, &b| rects[a].left().total_cmp(&rects[b].left()));
    let mut covered = vec![false; rects.len()];
    for (k, &i) in order.iter().enumerate() {
        for &j in &order[k + 1..] {
            if rects[j].left() > rects[i].right() {
                break;
            }
            if rects[i].intersects(rects[j]) {
                // The one painted first lies under the other.
                covered[i.min(j)] = true;
            }
        }
    }
    covered
}

/// How a block differs from the compared version, when comparing (moves aside).
fn mark_of(cx: &FrameContext<'_>, node: &Node) -> Option<crate::diff::BlockMark> {
    let Node::Block(id) = node else { return None };
    cx.marks?.get(id).copied().filter(|mark| *mark != crate::diff::BlockMark::Moved)
}

/// How far the drag in progress has moved block `i` (nothing when it is not being moved).
fn block_offset(moved: Option<&(Vec<Node>, Vec2)>, cx: &FrameContext<'_>, i: usize) -> Vec2 {
    let Some((nodes, offset)) = moved else { return Vec2::ZERO };
    let Some(action) = cx.doc.flow.actions.get(i) else { return Vec2::ZERO };
    let dragged = nodes.iter().any(|node| matches!(node, Node::Block(id) if *id == action.id));
    if dragged { *offset } else { Vec2::ZERO }
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::gui::commands::CommandState;
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

    fn frames(canvas: &mut Canvas, editor: &Editor, count: usize) {
        let ctx = egui::Context::default();
        let input = || egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 600.0))),
            ..egui::RawInput::default()
        };
        for _ in 0..count {
            let cx = FrameContext::of(editor, "row", CommandState::default());
            let mut output = ctx.run_ui(input(), |ui| canvas.ui(ui, &cx));
            output.textures_delta.clear();
        }
    }

    #[test]
    fn a_small_flow_opens_whole_at_a_readable_zoom_and_a_big_one_readable_from_the_entry_point() {
        for (n, whole) in [(3, true), (40, false)] {
            let editor = row(n);
            let mut canvas = Canvas::default();
            frames(&mut canvas, &editor, 2);
            assert!(canvas.scale() >= READABLE_SCALE && canvas.scale() <= 1.0, "{n}: {}", canvas.scale());
            let bounds = canvas.cards.bounds();
            assert_eq!(canvas.view().contains_rect(bounds), whole, "{n} blocks");
        }
    }

    #[test]
    fn fit_shows_the_whole_flow_however_big() {
        let editor = row(200);
        let mut canvas = Canvas::default();
        frames(&mut canvas, &editor, 1);
        canvas.fit();
        frames(&mut canvas, &editor, 1);
        assert!(canvas.view().contains_rect(canvas.cards.bounds()));
        assert!(canvas.scale() < DETAIL_SCALE, "so big a flow is shown as the overview");
    }

    /// `shape` with its nested lists opened, in paint order.
    fn open(shape: egui::Shape, into: &mut Vec<egui::Shape>) {
        match shape {
            egui::Shape::Vec(list) => list.into_iter().for_each(|s| open(s, into)),
            other => into.push(other),
        }
    }

    /// Every shape painted in one frame of `editor` at `scaling`, nested lists opened.
    fn painted(editor: &Editor, scaling: f32) -> (Canvas, Vec<egui::Shape>) {
        let ctx = egui::Context::default();
        let mut canvas =
            Canvas { request: None, to_screen: TSTransform::new(Vec2::new(30.0, 40.0), scaling), ..Canvas::default() };
        canvas.minimap = false;
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
            ..egui::RawInput::default()
        };
        let cx = FrameContext::of(editor, "pins", CommandState::default());
        let mut output = ctx.run_ui(input, |ui| canvas.ui(ui, &cx));
        output.textures_delta.clear();
        let mut flat = Vec::new();
        output.shapes.into_iter().for_each(|c| open(c.shape, &mut flat));
        (canvas, flat)
    }

    /// A block with a Success and an Error branch, each wired: the case where a wire seemed to
    /// leave the wrong pin when zoomed out.
    fn two_branches() -> Editor {
        let flow = json!({"StartAction": "set", "Metadata": {"ActionMetadata": {
            "set": {"position": {"x": 200, "y": 0}}, "ok": {"position": {"x": 520, "y": -60}},
            "bad": {"position": {"x": 520, "y": 160}}}}, "Actions": [
            {"Identifier": "set", "Type": "UpdateContactAttributes", "Parameters": {"Attributes": {"k": "v"}},
             "Transitions": {"NextAction": "ok", "Errors": [{"ErrorType": "NoMatchingError", "NextAction": "bad"}]}},
            {"Identifier": "ok", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}},
            {"Identifier": "bad", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]});
        Editor::new(None, crate::flow_json::from_value(flow).unwrap(), None)
    }

    /// Where the card geometry puts the pins, on screen: (branch pins, entry pins).
    fn expected_pins(canvas: &Canvas, editor: &Editor) -> (Vec<Pos2>, Vec<Pos2>) {
        let mut out = vec![canvas.to_screen * layout::branch_pin(canvas.cards.entry, 1, 0)];
        let mut entries = Vec::new();
        for (action, rect) in editor.doc.flow.actions.iter().zip(&canvas.cards.blocks) {
            let count = branches::branches(action).len();
            out.extend((0..count).map(|i| canvas.to_screen * layout::branch_pin(*rect, count, i)));
            entries.push(canvas.to_screen * layout::entry_pin(*rect));
        }
        (out, entries)
    }

    fn near(points: &[Pos2], p: Pos2) -> bool {
        points.iter().any(|q| q.distance(p) < 0.5)
    }

    #[test]
    fn pins_and_wire_ends_follow_the_card_geometry_at_every_zoom() {
        let editor = two_branches();
        for scaling in [0.5, 1.0, 1.6] {
            let (canvas, shapes) = painted(&editor, scaling);
            let (branch_pins, entry_pins) = expected_pins(&canvas, &editor);
            let circles: Vec<Pos2> = shapes
                .iter()
                .filter_map(|s| if let egui::Shape::Circle(c) = s { Some(c.center) } else { None })
                .collect();
            for pin in branch_pins.iter().chain(&entry_pins) {
                assert!(near(&circles, *pin), "at {scaling}: no pin painted at {pin:?}; painted {circles:?}");
            }
            // Success wires are curves; the Error wire is dashed: segments from its pin.
            let starts: Vec<Pos2> = shapes
                .iter()
                .filter_map(|s| match s {
                    egui::Shape::CubicBezier(c) => Some(c.points[0]),
                    egui::Shape::LineSegment { points, .. } => Some(points[0]),
                    _ => None,
                })
                .collect();
            let ends: Vec<Pos2> = shapes
                .iter()
                .filter_map(|s| if let egui::Shape::CubicBezier(c) = s { Some(c.points[3]) } else { None })
                .collect();
            assert_eq!(ends.len(), 2, "at {scaling}: the Start and Success wires");
            for (i, pin) in branch_pins.iter().enumerate() {
                assert!(near(&starts, *pin), "at {scaling}: no wire leaves branch pin {i} at {pin:?}");
            }
            for end in ends {
                assert!(near(&entry_pins, end), "at {scaling}: a wire ends at {end:?}, not at an entry pin");
            }
        }
    }

    #[test]
    fn words_are_painted_over_the_wires_on_plates() {
        let editor = two_branches();
        let (_, shapes) = painted(&editor, 1.0);
        let last_wire = shapes.iter().rposition(|s| matches!(s, egui::Shape::CubicBezier(_))).unwrap();
        let label = shapes
            .iter()
            .position(|s| matches!(s, egui::Shape::Text(t) if t.galley.text() == "Error"))
            .expect("the Error branch's label");
        assert!(label > last_wire, "the label is painted after the wires");
        assert!(matches!(shapes[label - 1], egui::Shape::Rect(_)), "on a plate");
    }

    #[test]
    fn overview_wires_leave_the_pins_of_their_branches() {
        let editor = two_branches();
        let (canvas, shapes) = painted(&editor, 0.3);
        let (branch_pins, entry_pins) = expected_pins(&canvas, &editor);
        let wires: Vec<[Pos2; 4]> = shapes
            .iter()
            .filter_map(|s| if let egui::Shape::CubicBezier(c) = s { Some(c.points) } else { None })
            .collect();
        assert_eq!(wires.len(), 3, "Start, Success and Error");
        for [from, _, _, to] in wires {
            assert!(near(&branch_pins, from), "{from:?} is no branch pin");
            assert!(near(&entry_pins, to), "{to:?} is no entry pin");
        }
    }

    /// Blocks at `positions`, unwired.
    fn placed(positions: &[(i32, i32)]) -> Editor {
        let actions: Vec<_> = (0..positions.len())
            .map(|i| json!({"Identifier": format!("b{i}"), "Type": "UpdateFlowLoggingBehavior", "Parameters": {}, "Transitions": {}}))
            .collect();
        let metadata: serde_json::Map<_, _> = positions
            .iter()
            .enumerate()
            .map(|(i, (x, y))| (format!("b{i}"), json!({"position": {"x": x, "y": y}})))
            .collect();
        let flow = json!({"Metadata": {"ActionMetadata": metadata}, "Actions": actions});
        Editor::new(None, crate::flow_json::from_value(flow).unwrap(), None)
    }

    #[test]
    fn a_new_block_is_never_placed_under_the_mini_map() {
        // The view (1,000 × 600 at 100%) is full but for its lower right corner, where the
        // mini-map sits; one block far away makes the flow overflow, so the map is shown.
        let mut positions = vec![(3000, 3000)];
        for x in [40, 280, 520] {
            positions.extend([40, 140, 240, 340, 440, 540].map(|y| (x, y)));
        }
        positions.extend([40, 140, 240, 340].map(|y| (760, y)));
        let editor = placed(&positions);
        let mut canvas = Canvas::default();
        frames(&mut canvas, &editor, 1);
        canvas.to_screen = TSTransform::IDENTITY;
        frames(&mut canvas, &editor, 1);
        let map = canvas.graph_rect(canvas.map_area.expect("the map is shown"));
        let size = card_size(&editor.doc.flow.actions[0], None);
        let at = layout::pos2(canvas.placement(&editor.doc, None, size));
        assert!(!Rect::from_min_size(at, size).intersects(map), "{at:?} is under the map {map:?}");
    }

    #[test]
    fn zoom_steps_are_gentle_and_clamped() {
        let mut canvas = Canvas::default();
        canvas.zoom_around(Pos2::new(100.0, 100.0), ZOOM_STEP);
        assert!((canvas.scale() - 1.1).abs() < 1e-4);
        for _ in 0..200 {
            canvas.zoom_around(Pos2::ZERO, 1.0 / ZOOM_STEP);
        }
        assert!((canvas.scale() - MIN_SCALE).abs() < f32::EPSILON);
    }
}
