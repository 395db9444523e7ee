//! The zoomed-out view. Below the scale where a block's text can be read, blocks are drawn by
//! the canvas itself as plain boxes with their wires: cheap enough for thousands of blocks. The
//! view pans and zooms like the detailed one, and a click on a block zooms in on it.

use egui::emath::TSTransform;
use egui::epaint::CubicBezierShape;
use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke, Vec2};

use super::{DEFAULT_NODE_SIZE, pos2};
use crate::gui::context::FrameContext;
use crate::gui::theme;
use crate::model::ActionId;
use crate::validation::Severity;

/// Below this scale the overview is drawn instead of the editable graph.
pub const DETAIL_SCALE: f32 = 0.5;

/// What happened in the overview this frame.
pub(super) struct Outcome {
    pub to_screen: TSTransform,
    /// A block the user clicked: the canvas zooms in on it.
    pub clicked: Option<ActionId>,
}

pub(super) fn ui(
    ui: &mut egui::Ui,
    cx: &FrameContext<'_>,
    mut to_screen: TSTransform,
    screen: Rect,
    sizes: &[Vec2],
    highlight: &[ActionId],
) -> Outcome {
    let response = ui.interact(screen, ui.id().with("overview"), Sense::click_and_drag());
    to_screen = pan_and_zoom(ui, &response, to_screen);
    let painter = ui.painter_at(screen);
    painter.rect_filled(screen, 0.0, ui.visuals().extreme_bg_color);
    let doc = cx.doc;
    let rect_of =
        |i: usize, at: Pos2| to_screen * Rect::from_min_size(at, sizes.get(i).copied().unwrap_or(DEFAULT_NODE_SIZE));
    let rects: Vec<Rect> = doc
        .flow
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| rect_of(i + 1, pos2(a.position().unwrap_or_default())))
        .collect();
    let entry = rect_of(0, pos2(doc.entry_point_position().unwrap_or_default()));
    let wire_stroke = Stroke::new(1.5, ui.visuals().weak_text_color());
    let index = super::block_index(doc);
    let index_of = |id: &ActionId| index.get(id.as_str()).copied();
    // Curves only where they can be seen; far out, a straight segment looks the same.
    let curved = to_screen.scaling >= 0.25;
    let wire = |from: Rect, to: Rect| {
        if !screen.intersects(from.union(to)) {
            return;
        }
        let (a, b) = (from.right_center(), to.left_center());
        if curved {
            let bend = Vec2::new(((b.x - a.x).abs() * 0.5).max(20.0), 0.0);
            let points = [a, a + bend, b - bend, b];
            painter.add(CubicBezierShape::from_points_stroke(points, false, egui::Color32::TRANSPARENT, wire_stroke));
        } else {
            painter.line_segment([a, b], wire_stroke);
        }
    };
    if let Some(start) = doc.flow.start.as_ref().and_then(index_of).and_then(|i| rects.get(i)) {
        wire(entry, *start);
    }
    for (action, from) in doc.flow.actions.iter().zip(&rects) {
        for (_, target) in action.transitions.targets() {
            if let Some(to) = index_of(target).and_then(|i| rects.get(i)) {
                wire(*from, *to);
            }
        }
    }
    let titles = to_screen.scaling >= 0.25;
    let font = FontId::proportional(14.0 * to_screen.scaling.max(0.25));
    block(&painter, ui, entry, "Entry point", Stroke::new(1.0, ui.visuals().weak_text_color()), titles, &font);
    for (action, rect) in doc.flow.actions.iter().zip(&rects) {
        if !screen.intersects(*rect) {
            continue;
        }
        let worst = cx.markers.get(&action.id).map(|(severity, _)| *severity);
        let stroke = if cx.selection.contains(&action.id) {
            theme::selection_stroke()
        } else if highlight.contains(&action.id) {
            theme::path_stroke()
        } else {
            match worst {
                Some(Severity::Error) => Stroke::new(1.5, ui.visuals().error_fg_color),
                Some(_) => Stroke::new(1.5, ui.visuals().warn_fg_color),
                None => Stroke::new(1.0, ui.visuals().weak_text_color()),
            }
        };
        block(&painter, ui, *rect, action.display_name(), stroke, titles, &font);
    }
    painter.text(
        screen.left_top() + Vec2::splat(8.0),
        Align2::LEFT_TOP,
        "Overview: zoom in (Ctrl + scroll) or click a block to edit it",
        FontId::proportional(12.0),
        ui.visuals().weak_text_color(),
    );
    let clicked = response
        .clicked()
        .then(|| response.interact_pointer_pos())
        .flatten()
        .and_then(|at| rects.iter().position(|r| r.contains(at)))
        .and_then(|i| doc.flow.actions.get(i))
        .map(|a| a.id.clone());
    Outcome { to_screen, clicked }
}

fn block(painter: &egui::Painter, ui: &egui::Ui, rect: Rect, title: &str, stroke: Stroke, titles: bool, font: &FontId) {
    if !painter.clip_rect().intersects(rect) {
        return;
    }
    // Rounded corners only where they show: far out, square boxes tessellate much faster.
    let rounding = if rect.width() > 40.0 { 4.0 } else { 0.0 };
    painter.rect(rect, rounding, ui.visuals().widgets.noninteractive.bg_fill, stroke, egui::StrokeKind::Inside);
    if titles {
        painter.text(
            rect.left_top() + Vec2::new(6.0, 4.0),
            Align2::LEFT_TOP,
            title,
            font.clone(),
            ui.visuals().text_color(),
        );
    }
}

/// Drag pans; Ctrl + scroll (or a pinch) zooms around the pointer; a plain scroll pans.
fn pan_and_zoom(ui: &egui::Ui, response: &egui::Response, mut to_screen: TSTransform) -> TSTransform {
    if response.dragged() {
        to_screen.translation += response.drag_delta();
    }
    if !response.hovered() {
        return to_screen;
    }
    let (zoom, scroll, pointer) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
    if (zoom - 1.0).abs() > f32::EPSILON {
        let around = pointer.unwrap_or(response.rect.center());
        let scaling = (to_screen.scaling * zoom).clamp(0.02, 2.0);
        let graph = to_screen.inverse() * around;
        to_screen = TSTransform::new(around.to_vec2() - graph.to_vec2() * scaling, scaling);
    } else {
        to_screen.translation += scroll;
    }
    to_screen
}
