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

/// The groups of Connect's block library, each with its colour band and glyph on a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Interact,
    Check,
    Set,
    Integrate,
    Logic,
    Terminate,
    Entry,
}

impl Category {
    /// The group Connect's block library puts a block type in.
    pub fn of(type_name: &str) -> Self {
        match type_name {
            "MessageParticipant"
            | "CompleteOutboundCall"
            | "GetParticipantInput"
            | "MessageParticipantIteratively"
            | "UpdateContactMediaStreamingBehavior"
            | "ShowView" => Category::Interact,
            "Compare"
            | "CheckHoursOfOperation"
            | "CheckMetricData"
            | "GetMetricData"
            | "DistributeByPercentage"
            | "CheckVoiceId"
            | "CheckOutboundCallStatus" => Category::Check,
            "InvokeLambdaFunction"
            | "CreateCase"
            | "GetCase"
            | "UpdateCase"
            | "CreateTask"
            | "CreateWisdomSession"
            | "GetCustomerProfile"
            | "CreateCustomerProfile"
            | "UpdateCustomerProfile"
            | "InvokeFlowModule" => Category::Integrate,
            "Loop" | "Wait" | "ResumeContact" => Category::Logic,
            "EndFlowExecution"
            | "DisconnectParticipant"
            | "TransferToFlow"
            | "TransferContactToQueue"
            | "TransferParticipantToThirdParty"
            | "EndFlowModuleExecution" => Category::Terminate,
            _ => Category::Set,
        }
    }

    /// A one-character mark drawn in the colour band.
    pub fn glyph(self) -> &'static str {
        match self {
            Category::Interact => "▶",
            Category::Check => "?",
            Category::Set => "=",
            Category::Integrate => "λ",
            Category::Logic => "↻",
            Category::Terminate => "■",
            Category::Entry => "»",
        }
    }

    pub fn colour(self) -> Color32 {
        match self {
            Category::Interact => Color32::from_rgb(56, 132, 214),
            Category::Check => Color32::from_rgb(214, 150, 40),
            Category::Set => Color32::from_rgb(60, 160, 120),
            Category::Integrate => Color32::from_rgb(150, 100, 210),
            Category::Logic => Color32::from_rgb(200, 90, 160),
            Category::Terminate => Color32::from_rgb(200, 70, 70),
            Category::Entry => Color32::from_rgb(110, 120, 135),
        }
    }
}

/// Text drawn on a colour band.
pub const ON_BAND: Color32 = Color32::WHITE;

/// A wire on the success path.
pub fn wire_stroke(dark: bool) -> Stroke {
    Stroke::new(2.0, if dark { Color32::from_rgb(150, 165, 185) } else { Color32::from_rgb(95, 110, 130) })
}

/// A wire leaving an error or "No match" branch.
pub fn error_wire_stroke() -> Stroke {
    Stroke::new(2.0, Color32::from_rgb(225, 105, 80))
}

/// An error branch's pin and label.
pub const ERROR_BRANCH: Color32 = Color32::from_rgb(225, 105, 80);

/// The outline of the block a dragged wire would connect to.
pub fn drop_target_stroke() -> Stroke {
    Stroke::new(3.0, PIN_OUT)
}

/// The rectangle of a rubber-band selection.
pub fn rubber_band() -> (Color32, Stroke) {
    (Color32::from_rgba_unmultiplied(255, 170, 40, 30), Stroke::new(1.0, SELECTION))
}

/// The mini-map's backdrop and its view rectangle, for the dark or the light theme.
pub fn minimap(dark: bool) -> (Color32, Stroke) {
    let backdrop = if dark {
        Color32::from_rgba_unmultiplied(20, 24, 30, 215)
    } else {
        Color32::from_rgba_unmultiplied(246, 247, 249, 230)
    };
    (backdrop, Stroke::new(1.5, SELECTION))
}

/// The grip drawn on the edge of a panel that can be resized: the colour of a widget's text,
/// so it shows in both themes.
pub fn grip_colour(visuals: &egui::Visuals) -> Color32 {
    visuals.widgets.inactive.fg_stroke.color
}

/// The outline and label of a block marked by a comparison.
pub fn compare_stroke(mark: crate::diff::BlockMark) -> Stroke {
    use crate::diff::BlockMark;
    let colour = match mark {
        BlockMark::Added => Color32::from_rgb(90, 200, 110),
        BlockMark::Removed => Color32::from_rgb(225, 105, 80),
        BlockMark::Changed => Color32::from_rgb(240, 190, 60),
        BlockMark::Rewired | BlockMark::Moved => Color32::from_rgb(170, 140, 255),
    };
    Stroke::new(2.5, colour)
}

/// The colour of the audit's `index`th presented number, and the ink of its letter: the HTML
/// report's palette.
pub fn audit_number(index: usize) -> (Color32, Color32) {
    let palette = crate::audit::NUMBER_COLOURS;
    let [r, g, b] = palette.get(index % palette.len()).copied().unwrap_or_default();
    let ink = if crate::audit::dark_ink([r, g, b]) { Color32::BLACK } else { Color32::WHITE };
    (Color32::from_rgb(r, g, b), ink)
}

/// An audited call that fails (red, crossed in white).
pub fn audit_failed() -> (Color32, Color32) {
    let [r, g, b] = crate::audit::FAILED_COLOUR;
    (Color32::from_rgb(r, g, b), Color32::WHITE)
}

/// An audited call not simulated.
pub fn audit_not_simulated(visuals: &egui::Visuals) -> (Color32, Color32) {
    (visuals.widgets.inactive.bg_fill, visuals.text_color())
}

/// Applies the light or dark theme.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_visuals(if dark { egui::Visuals::dark() } else { egui::Visuals::light() });
}
