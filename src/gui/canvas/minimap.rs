//! The mini-map in the canvas's lower right corner: the whole flow in small, with the part in
//! view outlined. A click or a drag on it moves the view there.

use egui::{Pos2, Rect, Sense, Stroke, Vec2};

use super::layout::Cards;
use crate::gui::theme;
use crate::model::{Action, ActionId};

/// Size of the mini-map on screen.
const SIZE: Vec2 = Vec2::new(200.0, 130.0);

/// Draws the mini-map; returns the graph point to centre the view on, when the user asks.
pub(super) fn ui(
    ui: &egui::Ui,
    cards: &Cards,
    actions: &[Action],
    selection: &[ActionId],
    view: Rect,
    screen: Rect,
) -> Option<Pos2> {
    let area = Rect::from_min_size(screen.right_bottom() - SIZE - Vec2::splat(10.0), SIZE);
    let response = ui.interact(area, ui.id().with("minimap"), Sense::click_and_drag());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, "Mini-map"));
    let world = cards.bounds().union(view).expand(40.0);
    let scale = ((area.width() - 8.0) / world.width()).min((area.height() - 8.0) / world.height());
    let offset = area.center().to_vec2() - world.center().to_vec2() * scale;
    let to_map = |p: Pos2| Pos2::new(p.x * scale, p.y * scale) + offset;
    let map_rect = |r: Rect| Rect::from_min_max(to_map(r.min), to_map(r.max));
    let painter = ui.painter_at(area);
    let (backdrop, view_stroke) = theme::minimap();
    painter.rect(area, 4.0, backdrop, Stroke::new(1.0, ui.visuals().weak_text_color()), egui::StrokeKind::Inside);
    painter.rect_filled(map_rect(cards.entry), 1.0, theme::Category::Entry.colour());
    for (rect, action) in cards.blocks.iter().zip(actions) {
        let colour = if selection.contains(&action.id) { theme::SELECTION } else { ui.visuals().weak_text_color() };
        painter.rect_filled(map_rect(*rect), 1.0, colour);
    }
    painter.rect_stroke(map_rect(view), 1.0, view_stroke, egui::StrokeKind::Inside);
    let pressed = response.interact_pointer_pos().filter(|_| response.clicked() || response.dragged())?;
    let on_map = pressed - offset;
    Some(Pos2::new(on_map.x / scale, on_map.y / scale))
}
