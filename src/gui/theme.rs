//! Design tokens: every colour, stroke and spacing the designer draws with.
#![expect(
    clippy::disallowed_methods,
    reason = "this file is where colours are defined"
)]

use egui::Color32;

/// Text and markers for errors.
pub const ERROR: Color32 = Color32::from_rgb(200, 60, 60);
