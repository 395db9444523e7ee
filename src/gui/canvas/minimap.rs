//! The mini-map: the whole flow in small, with the part in view outlined. A click or a drag on
//! it moves the view there. It sits in a corner of the canvas, the one where it hides the
//! fewest cards (and it moves only when it starts to hide one and another corner hides less),
//! and it folds down to a small button.

use egui::{Pos2, Rect, Sense, Stroke, Vec2};

use super::layout::Cards;
use crate::gui::glyphs;
use crate::gui::theme;
use crate::model::{Action, ActionId};

/// Size of the mini-map on screen.
const SIZE: Vec2 = Vec2::new(200.0, 130.0);
/// Size of the folded mini-map's button.
const FOLDED: Vec2 = Vec2::new(86.0, 24.0);
/// Space between the mini-map and the canvas's edges.
const MARGIN: f32 = 10.0;

/// A corner of the canvas, in the order they are preferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Corner {
    #[default]
    BottomRight,
    BottomLeft,
    /// Not while the Find bar, which lives there, is open.
    TopRight,
}

impl Corner {
    const ALL: [Corner; 3] = [Corner::BottomRight, Corner::BottomLeft, Corner::TopRight];

    /// Where a box of `size` sits in this corner of `screen`.
    pub fn place(self, screen: Rect, size: Vec2) -> Rect {
        let inner = screen.shrink(MARGIN);
        let min = match self {
            Corner::BottomRight => inner.right_bottom() - size,
            Corner::BottomLeft => Pos2::new(inner.left(), inner.bottom() - size.y),
            Corner::TopRight => Pos2::new(inner.right() - size.x, inner.top()),
        };
        Rect::from_min_size(min, size)
    }
}

/// The mini-map's state: folded or not, and in which corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct MiniMap {
    pub folded: bool,
    pub corner: Corner,
}

/// How much of the cards on `screen` (screen rects) a box at `area` would hide, in square points.
fn hidden(cards_on_screen: &[Rect], area: Rect) -> f32 {
    cards_on_screen.iter().map(|card| card.intersect(area)).filter(Rect::is_positive).map(|r| r.area()).sum()
}

impl MiniMap {
    /// The corner to use now: the current one unless it hides a card and another hides less.
    pub fn choose_corner(&mut self, cards_on_screen: &[Rect], screen: Rect, find_open: bool) {
        let size = if self.folded { FOLDED } else { SIZE };
        let here = hidden(cards_on_screen, self.corner.place(screen, size));
        if here <= 0.0 && !(find_open && self.corner == Corner::TopRight) {
            return;
        }
        let best = Corner::ALL
            .into_iter()
            .filter(|c| !(find_open && *c == Corner::TopRight))
            .map(|c| (c, hidden(cards_on_screen, c.place(screen, size))))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((corner, least)) = best
            && (least < here || self.corner == Corner::TopRight && find_open)
        {
            self.corner = corner;
        }
    }

    /// Where the mini-map (or its folded button) is on `screen`.
    pub fn area(self, screen: Rect) -> Rect {
        self.corner.place(screen, if self.folded { FOLDED } else { SIZE })
    }

    /// Draws the mini-map; returns the graph point to centre the view on, when the user asks.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        (cards, actions): (&Cards, &[Action]),
        selection: &[ActionId],
        view: Rect,
        screen: Rect,
    ) -> Option<Pos2> {
        let area = self.area(screen);
        if self.folded {
            let button = ui.put(area, egui::Button::new("🗺 Mini-map").small());
            button.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, "Show the mini-map"));
            if button.on_hover_text("Show the mini-map").clicked() {
                self.folded = false;
            }
            return None;
        }
        let dark = ui.visuals().dark_mode;
        let response = ui.interact(area, ui.id().with("minimap"), Sense::click_and_drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, "Mini-map"));
        let world = cards.bounds().union(view).expand(40.0);
        let scale = ((area.width() - 8.0) / world.width()).min((area.height() - 8.0) / world.height());
        let offset = area.center().to_vec2() - world.center().to_vec2() * scale;
        let to_map = |p: Pos2| Pos2::new(p.x * scale, p.y * scale) + offset;
        let map_rect = |r: Rect| Rect::from_min_max(to_map(r.min), to_map(r.max));
        let painter = ui.painter_at(area);
        let (backdrop, view_stroke) = theme::minimap(dark);
        painter.rect(area, 4.0, backdrop, Stroke::new(1.0, ui.visuals().weak_text_color()), egui::StrokeKind::Inside);
        painter.rect_filled(map_rect(cards.entry), 1.0, theme::Category::Entry.colour());
        for (rect, action) in cards.blocks.iter().zip(actions) {
            let colour = if selection.contains(&action.id) { theme::SELECTION } else { ui.visuals().weak_text_color() };
            painter.rect_filled(map_rect(*rect), 1.0, colour);
        }
        painter.rect_stroke(map_rect(view), 1.0, view_stroke, egui::StrokeKind::Inside);
        let fold = Rect::from_min_size(area.right_top() + Vec2::new(-22.0, 2.0), Vec2::splat(20.0));
        let fold_button = ui.put(fold, egui::Button::new(glyphs::FOLD).small().frame(false));
        fold_button.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, "Fold the mini-map"));
        if fold_button.on_hover_text("Fold the mini-map to a button").clicked() {
            self.folded = true;
            return None;
        }
        let pressed = response.interact_pointer_pos().filter(|_| response.clicked() || response.dragged())?;
        let on_map = pressed - offset;
        Some(Pos2::new(on_map.x / scale, on_map.y / scale))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Rect {
        Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 600.0))
    }

    #[test]
    fn the_map_moves_only_when_it_hides_a_card_and_another_corner_hides_less() {
        let mut map = MiniMap::default();
        let far = [Rect::from_min_size(Pos2::new(300.0, 200.0), Vec2::new(200.0, 80.0))];
        map.choose_corner(&far, screen(), false);
        assert_eq!(map.corner, Corner::BottomRight, "nothing hidden: it stays");
        let under = [Rect::from_min_size(Pos2::new(850.0, 500.0), Vec2::new(200.0, 80.0))];
        map.choose_corner(&under, screen(), false);
        assert_eq!(map.corner, Corner::BottomLeft);
        let both = [under[0], Rect::from_min_size(Pos2::new(20.0, 480.0), Vec2::new(200.0, 80.0))];
        map.choose_corner(&both, screen(), true);
        assert_ne!(map.corner, Corner::TopRight, "the top right is the Find bar's while it is open");
        map.choose_corner(&both, screen(), false);
        assert_eq!(map.corner, Corner::TopRight);
    }
}
