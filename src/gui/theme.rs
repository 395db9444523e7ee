//! Design tokens: every colour, stroke and spacing the designer draws with, and the light and
//! dark themes.
#![expect(clippy::disallowed_methods, reason = "this file is where colours are defined")]

use egui::{Color32, Stroke};

/// A block's entry pin.
pub const PIN_IN: Color32 = Color32::from_rgb(90, 150, 220);
/// A block's branch pins.
pub const PIN_OUT: Color32 = Color32::from_rgb(110, 190, 120);
/// The accent of the selection.
pub const SELECTION: Color32 = Color32::from_rgb(255, 170, 40);

/// The outline of the blocks a test call went through.
pub const PATH: Color32 = Color32::from_rgb(80, 170, 255);

/// The outline of a block on the test call's path.
pub fn path_stroke() -> Stroke {
    Stroke::new(2.0, PATH)
}

/// The outline of a selected block.
pub fn selection_stroke() -> Stroke {
    Stroke::new(2.0, SELECTION)
}

/// The grip drawn on the edge of a panel that can be resized: the colour of a widget's text,
/// so it shows in both themes.
pub fn grip_colour(visuals: &egui::Visuals) -> Color32 {
    visuals.widgets.inactive.fg_stroke.color
}

/// Applies the light or dark theme.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_visuals(if dark { egui::Visuals::dark() } else { egui::Visuals::light() });
}
