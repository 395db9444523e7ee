//! The zoomed-out view. Below the scale where a card's text can be read, blocks are drawn as
//! plain boxes with their wires (and their names while those still fit): cheap enough for
//! thousands of blocks. A click on a box zooms in on it.

use egui::emath::TSTransform;
use egui::{Align2, FontId, Pos2, Rect, Stroke, Vec2};

use super::layout::{self, Cards};
use super::wiring::Wiring;
use crate::gui::context::FrameContext;
use crate::gui::theme;
use crate::model::ActionId;
use crate::validation::Severity;

/// Below this scale the overview is drawn instead of the cards.
pub const DETAIL_SCALE: f32 = 0.45;

pub(super) fn paint(
    ui: &egui::Ui,
    painter: &egui::Painter,
    cx: &FrameContext<'_>,
    (cards, wiring): (&Cards, &Wiring),
    to_screen: TSTransform,
    highlight: &[ActionId],
) {
    let screen = painter.clip_rect();
    let rects: Vec<Rect> = cards.blocks.iter().map(|r| to_screen * *r).collect();
    let entry = to_screen * cards.entry;
    let wire_stroke = Stroke::new(1.5, ui.visuals().weak_text_color());
    // Curves only where they can be seen; far out, a straight segment looks the same.
    let curved = to_screen.scaling >= 0.25;
    // Ends from the cards' geometry in graph units, as the detailed view takes them: a wire
    // leaves the pin of its branch and arrives at the entry pin, at every zoom.
    let wire = |from: Pos2, to: Pos2| {
        let (a, b) = (to_screen * from, to_screen * to);
        if !screen.intersects(Rect::from_two_pos(a, b)) {
            return;
        }
        if curved {
            let bend = Vec2::new(((b.x - a.x).abs() * 0.5).max(20.0), 0.0);
            let points = [a, a + bend, b - bend, b];
            let shape = egui::epaint::CubicBezierShape::from_points_stroke(
                points,
                false,
                egui::Color32::TRANSPARENT,
                wire_stroke,
            );
            painter.add(shape);
        } else {
            painter.line_segment([a, b], wire_stroke);
        }
    };
    if let Some(start) = wiring.start.and_then(|i| cards.blocks.get(i)) {
        wire(layout::branch_pin(cards.entry, 1, 0), layout::entry_pin(*start));
    }
    for (outputs, from) in wiring.outputs.iter().zip(&cards.blocks) {
        for (pin, output) in outputs.iter().enumerate() {
            if let Some(to) = output.to.and_then(|i| cards.blocks.get(i)) {
                wire(layout::branch_pin(*from, outputs.len(), pin), layout::entry_pin(*to));
            }
        }
    }
    let titles = to_screen.scaling >= 0.25;
    let font = FontId::proportional(super::layout::font_size(14.0 * to_screen.scaling.max(0.25)));
    let plain = Stroke::new(1.0, ui.visuals().weak_text_color());
    block(painter, ui, entry, "Entry point", plain, titles, &font);
    for (action, rect) in cx.doc.flow.actions.iter().zip(&rects) {
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
                None => plain,
            }
        };
        block(painter, ui, *rect, action.display_name(), stroke, titles, &font);
    }
    painter.text(
        screen.left_top() + Vec2::splat(8.0),
        Align2::LEFT_TOP,
        "Overview: zoom in (Ctrl + scroll) or click a block to edit it",
        FontId::proportional(13.0),
        ui.visuals().weak_text_color(),
    );
}

fn block(painter: &egui::Painter, ui: &egui::Ui, rect: Rect, title: &str, stroke: Stroke, titles: bool, font: &FontId) {
    if !painter.clip_rect().intersects(rect) {
        return;
    }
    // Rounded corners only where they show: far out, square boxes tessellate much faster.
    let rounding = if rect.width() > 40.0 { 4.0 } else { 0.0 };
    painter.rect(rect, rounding, ui.visuals().widgets.noninteractive.bg_fill, stroke, egui::StrokeKind::Inside);
    if titles {
        let at = rect.left_top() + Vec2::new(6.0, 4.0);
        painter.text(at, Align2::LEFT_TOP, title, font.clone(), ui.visuals().text_color());
    }
}

/// The graph point under a screen point.
pub(super) fn graph_point(to_screen: TSTransform, screen_point: Pos2) -> Pos2 {
    to_screen.inverse() * screen_point
}
