//! Wires: from a branch pin on a card's right edge to the entry pin on the left edge of the
//! block it leads to, drawn over the cards so no wire hides behind one. Error branches are
//! drawn dashed in their own colour; the test call's path in the path colour.

use egui::epaint::{CubicBezierShape, PathStroke};
use egui::{Pos2, Rect, Shape, Stroke, Vec2};

use crate::gui::theme;

/// How a wire is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum WireKind {
    Success,
    Error,
    OnPath,
    /// Being dragged by the user.
    Pulled,
}

/// The curve of a wire from `from` (a branch pin) to `to` (an entry pin): it leaves to the
/// right and arrives from the left, and loops around when the target lies behind.
pub(super) fn curve(from: Pos2, to: Pos2, scale: f32) -> [Pos2; 4] {
    let reach = ((to.x - from.x).abs() * 0.5).max(60.0 * scale);
    [from, from + Vec2::new(reach, 0.0), to - Vec2::new(reach, 0.0), to]
}

/// Paints one wire, with an arrowhead at its end, when it crosses `clip`.
pub(super) fn paint(painter: &egui::Painter, from: Pos2, to: Pos2, kind: WireKind, scale: f32, dark: bool) {
    let points = curve(from, to, scale);
    let bounds = Rect::from_points(&points);
    if !painter.clip_rect().intersects(bounds.expand(4.0)) {
        return;
    }
    let stroke = match kind {
        WireKind::Success => theme::wire_stroke(dark),
        WireKind::Error => theme::error_wire_stroke(),
        WireKind::OnPath => Stroke::new(3.0, theme::PATH),
        WireKind::Pulled => Stroke::new(2.5, theme::PIN_OUT),
    };
    let stroke = Stroke::new(stroke.width * scale.clamp(0.6, 1.5), stroke.color);
    let bezier = CubicBezierShape::from_points_stroke(points, false, egui::Color32::TRANSPARENT, stroke);
    if kind == WireKind::Error {
        let flat = bezier.flatten(Some(0.5));
        painter.extend(Shape::dashed_line(&flat, stroke, 8.0 * scale, 5.0 * scale));
    } else {
        painter.add(bezier);
    }
    let size = 7.0 * scale.clamp(0.6, 1.5);
    let tip = to;
    let arrow = vec![tip, tip + Vec2::new(-size, -size * 0.6), tip + Vec2::new(-size, size * 0.6)];
    painter.add(Shape::convex_polygon(arrow, stroke.color, PathStroke::NONE));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wire_leaves_rightwards_and_arrives_from_the_left_even_backwards() {
        let [a, b, c, d] = curve(Pos2::new(500.0, 0.0), Pos2::new(100.0, 50.0), 1.0);
        assert!(b.x > a.x && c.x < d.x);
        assert_eq!((a, d), (Pos2::new(500.0, 0.0), Pos2::new(100.0, 50.0)));
    }
}
