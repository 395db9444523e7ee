//! The window's panels at the sizes the user gave them: the flow list on the left, the
//! properties on the right, the tabs at the bottom. A panel's size changes only when its edge
//! (or the grip on it) is dragged; what it holds is laid out inside that size and scrolls or is
//! clipped, it never resizes the panel. The sizes, and whether the side panels are shown, are
//! remembered in the settings file (`PanelSizes`).

use serde::{Deserialize, Serialize};

use super::{glyphs, theme};

/// The sizes the user gave the panels, in points, and which side panels are shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PanelSizes {
    pub flows_width: f32,
    pub properties_width: f32,
    pub bottom_height: f32,
    pub flows_shown: bool,
    pub properties_shown: bool,
}

impl Default for PanelSizes {
    fn default() -> Self {
        Self {
            flows_width: 230.0,
            properties_width: 360.0,
            bottom_height: 230.0,
            flows_shown: true,
            properties_shown: true,
        }
    }
}

/// Which edge of the window a panel sits on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
    Bottom,
}

/// A panel: its id (egui keeps its rectangle under it), its side, and the sizes it may take.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub id: &'static str,
    pub side: Side,
    pub min: f32,
    pub max: f32,
    /// Said by the grip's tooltip and to screen readers.
    pub grip_label: &'static str,
}

/// The flow list and block palette.
pub const FLOWS: Spec =
    Spec { id: "side", side: Side::Left, min: 180.0, max: 480.0, grip_label: "Resize the flow list" };
/// The properties of the selected block.
pub const PROPERTIES: Spec =
    Spec { id: "properties", side: Side::Right, min: 300.0, max: 720.0, grip_label: "Resize the properties" };
/// Problems, Test call and Changes.
pub const BOTTOM: Spec =
    Spec { id: "bottom", side: Side::Bottom, min: 120.0, max: 900.0, grip_label: "Drag to resize the panel" };

/// The canvas keeps at least this much room whatever the panels' sizes.
const CANVAS_MIN: f32 = 160.0;

/// Width of the strip a hidden side panel leaves, with the button that shows it again.
pub const HIDDEN_WIDTH: f32 = 26.0;

impl Spec {
    fn panel(self, size: f32) -> egui::Panel {
        let panel = match self.side {
            Side::Left => egui::Panel::left(self.id),
            Side::Right => egui::Panel::right(self.id),
            Side::Bottom => egui::Panel::bottom(self.id),
        };
        panel.resizable(false).exact_size(size)
    }

    /// `size` within the panel's range and leaving the canvas its room in `available`.
    fn clamp(self, size: f32, available: egui::Rect) -> f32 {
        let room = match self.side {
            Side::Left | Side::Right => available.width(),
            Side::Bottom => available.height(),
        };
        let max = self.max.min(room - CANVAS_MIN).max(self.min);
        size.clamp(self.min, max)
    }
}

/// Shows the panel of `spec` at `*size`; dragging its edge or grip changes `*size`. Returns
/// true when a drag ended (the new size is worth saving).
pub fn show(ui: &mut egui::Ui, spec: Spec, size: &mut f32, add: impl FnOnce(&mut egui::Ui)) -> bool {
    let available = ui.available_rect_before_wrap();
    *size = spec.clamp(*size, available);
    let response = spec.panel(*size).show(ui, |ui| fixed_ui(ui, add)).response;
    resize_ui(ui, spec, response.rect, available, size)
}

/// The strip a hidden side panel leaves: one button that shows the panel again. Returns true
/// when it was clicked.
pub fn hidden_ui(ui: &mut egui::Ui, spec: Spec, tooltip: &str) -> bool {
    let id = format!("{} hidden", spec.id);
    let panel = match spec.side {
        Side::Left => egui::Panel::left(id),
        Side::Right | Side::Bottom => egui::Panel::right(id),
    };
    let glyph = if spec.side == Side::Left { "⏵" } else { "⏴" };
    panel.resizable(false).exact_size(HIDDEN_WIDTH).show(ui, |ui| labelled_button_ui(ui, None, glyph, tooltip)).inner
}

/// A small button in the top right corner of a side panel, over what it holds, that hides
/// the panel; true when clicked.
pub fn hide_button_ui(ui: &mut egui::Ui, spec: Spec, tooltip: &str) -> bool {
    let glyph = if spec.side == Side::Left { "⏴" } else { "⏵" };
    let corner = ui.max_rect().right_top();
    let rect =
        egui::Rect::from_min_size(corner - egui::vec2(HIDDEN_WIDTH - 4.0, 0.0), egui::vec2(HIDDEN_WIDTH - 6.0, 22.0));
    labelled_button_ui(ui, Some(rect), glyph, tooltip)
}

/// A button showing `glyph`, named `tooltip` on hover and to screen readers; true when clicked.
fn labelled_button_ui(ui: &mut egui::Ui, at: Option<egui::Rect>, glyph: &str, tooltip: &str) -> bool {
    let add = |ui: &mut egui::Ui| glyphs::icon_button(ui, glyph, tooltip, tooltip);
    let response = match at {
        Some(rect) => ui.scope_builder(egui::UiBuilder::new().max_rect(rect), add).inner,
        None => add(ui),
    };
    response.clicked()
}

/// Draws `add` inside exactly the room the panel has: what does not fit is clipped at the
/// panel's edge (lists and forms scroll inside), and the panel is told it holds exactly its
/// room, never more, so it never grows.
pub fn fixed_ui(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui)) {
    let rect = ui.available_rect_before_wrap();
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(*ui.layout()));
    child.shrink_clip_rect(rect);
    add(&mut child);
    ui.allocate_rect(rect, egui::Sense::hover());
}

/// The draggable edge of the panel at `rect`, with a grip in its middle; both resize it.
fn resize_ui(ui: &mut egui::Ui, spec: Spec, rect: egui::Rect, available: egui::Rect, size: &mut f32) -> bool {
    let radius = ui.style().interaction.resize_grab_radius_side;
    let (edge, grip) = match spec.side {
        Side::Bottom => (
            egui::Rect::from_x_y_ranges(rect.x_range(), egui::Rangef::point(rect.top()).expand(radius)),
            egui::Rect::from_center_size(egui::pos2(rect.center().x, rect.top() + 2.0), egui::vec2(44.0, 4.0)),
        ),
        Side::Left | Side::Right => {
            let x = if spec.side == Side::Left { rect.right() } else { rect.left() };
            (
                egui::Rect::from_x_y_ranges(egui::Rangef::point(x).expand(radius), rect.y_range()),
                egui::Rect::from_center_size(egui::pos2(x, rect.center().y), egui::vec2(4.0, 44.0)),
            )
        }
    };
    let id = egui::Id::new(spec.id).with("resize");
    let edge_response = ui.interact(edge, id.with("edge"), egui::Sense::drag());
    let grip_response = ui.interact(grip.expand(5.0), id.with("grip"), egui::Sense::drag());
    let grip_response = grip_response.on_hover_text(spec.grip_label);
    grip_response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Other, true, spec.grip_label));
    let active =
        edge_response.hovered() || edge_response.dragged() || grip_response.hovered() || grip_response.dragged();
    let cursor =
        if spec.side == Side::Bottom { egui::CursorIcon::ResizeVertical } else { egui::CursorIcon::ResizeHorizontal };
    if active {
        ui.ctx().set_cursor_icon(cursor);
    }
    let visuals = ui.visuals();
    let colour = if active { visuals.widgets.hovered.fg_stroke.color } else { theme::grip_colour(visuals) };
    ui.painter().rect_filled(grip, 2.0, colour);
    let dragged = edge_response.dragged() || grip_response.dragged();
    if dragged && let Some(pointer) = ui.ctx().pointer_interact_pos() {
        let wanted = match spec.side {
            Side::Bottom => available.bottom() - pointer.y,
            Side::Left => pointer.x - available.left(),
            Side::Right => available.right() - pointer.x,
        };
        let clamped = spec.clamp(wanted, available);
        if (clamped - *size).abs() >= 0.5 {
            *size = clamped;
            ui.ctx().request_repaint();
        }
    }
    edge_response.drag_stopped() || grip_response.drag_stopped()
}

/// What the panels around the canvas draw, and where they keep what they remember.
pub struct Around<'a> {
    pub settings: &'a mut super::Settings,
    pub panels: &'a mut super::app::PanelState,
    pub session: &'a super::session::Session,
    pub editor: Option<&'a super::editor::Editor>,
    pub comparison: Option<&'a super::compare::Comparison>,
}

/// The bottom tabs, the flow list and the properties, each at the size the user gave it;
/// a size changed by a drag, or a side panel hidden or shown, is saved in the settings.
/// Whether the user cleared the comparison.
pub fn around_ui(
    ui: &mut egui::Ui,
    around: Around<'_>,
    cx: Option<&super::context::FrameContext<'_>>,
    intents: &mut Vec<super::intent::Intent>,
) -> bool {
    let Around { settings, panels, session, editor, comparison } = around;
    let mut clear = false;
    let mut sizes = settings.panels;
    let mut save = false;
    if let Some(cx) = cx {
        save |= show(ui, BOTTOM, &mut sizes.bottom_height, |ui| {
            clear = super::app::bottom_tabs_ui(ui, cx, panels, comparison);
        });
    }
    if sizes.flows_shown {
        save |= show(ui, FLOWS, &mut sizes.flows_width, |ui| {
            super::side_panel::ui(ui, session, editor, &mut panels.palette_search, intents);
            sizes.flows_shown = !hide_button_ui(ui, FLOWS, "Hide the flow list and blocks");
        });
    } else {
        sizes.flows_shown = hidden_ui(ui, FLOWS, "Show the flow list and blocks");
    }
    if let Some(cx) = cx {
        if sizes.properties_shown {
            save |= show(ui, PROPERTIES, &mut sizes.properties_width, |ui| {
                super::properties::ui(ui, cx, &mut panels.properties);
                sizes.properties_shown = !hide_button_ui(ui, PROPERTIES, "Hide the properties");
            });
        } else {
            sizes.properties_shown = hidden_ui(ui, PROPERTIES, "Show the properties");
        }
    }
    save |= sizes.flows_shown != settings.panels.flows_shown;
    save |= sizes.properties_shown != settings.panels.properties_shown;
    settings.panels = sizes;
    if save {
        settings.save();
    }
    clear
}
