//! One card on screen: what it says (name, category, summary, branch labels, problem marker),
//! how it is painted at the current zoom, and the widgets that take clicks and drags on it and
//! on its pins, each with an AccessKit label saying what it is and where it leads.

use std::collections::HashMap;

use egui::emath::TSTransform;
use egui::text::LayoutJob;
use egui::{Align2, FontId, Pos2, Rect, Response, Sense, Stroke, StrokeKind, Vec2};

use super::layout::{self, BODY_SIZE, HEADER_HEIGHT, PADDING, PIN_RADIUS, TITLE_SIZE};
use super::{Node, branches};
use crate::diff::BlockMark;
use crate::gui::context::FrameContext;
use crate::gui::theme::{self, Category};
use crate::instance::Instance;
use crate::model::{Action, ActionId, ActionKind, Branch, CallerId};
use crate::validation::Severity;

/// What a card shows, independent of zoom.
pub(super) struct Content {
    pub title: String,
    pub category: Category,
    pub summary: String,
    /// Each branch: its label, whether it is an error path, and where it leads (a block name).
    pub branches: Vec<BranchRow>,
}

pub(super) struct BranchRow {
    pub label: String,
    pub error: bool,
    pub target: Option<String>,
    /// Amazon Connect publishes the flow with this branch not connected (the validator's rule).
    pub optional: bool,
}

/// The summary a card shows: for Call phone number, the caller ID as the customer will see it.
pub(super) fn summary(action: &Action, instance: Option<&Instance>) -> String {
    match &action.kind {
        ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(text) } => {
            match instance.and_then(|i| i.resolve_number(text)) {
                Some(number) => {
                    let about = number.description.as_deref().unwrap_or(&number.country);
                    format!("Caller ID: {} · {about}", number.number.national())
                }
                None if text.trim().is_empty() => "Caller ID: choose a number".into(),
                None => format!("Caller ID: {text}"),
            }
        }
        ActionKind::CompleteOutboundCall { caller_id: CallerId::Attribute(attribute) } => {
            format!("Caller ID from {}", attribute.to_path())
        }
        ActionKind::CompleteOutboundCall { caller_id: CallerId::Path(path) } => format!("Caller ID from {path}"),
        // The block words the diff and the messages use, on one line.
        _ => crate::model::words::one_line(&action.summary()).into_owned(),
    }
}

impl Content {
    /// `index` finds a block by identifier (the first, for duplicates): a card names the
    /// blocks its branches lead to without searching the flow for each.
    pub fn of_block(action: &Action, cx: &FrameContext<'_>, index: &HashMap<ActionId, usize>) -> Self {
        let name_of = |id: &ActionId| {
            let target = index.get(id).and_then(|i| cx.doc.flow.actions.get(*i));
            target.map_or_else(|| format!("missing block {id}"), |a| a.display_name().to_owned())
        };
        let branches = branches::branches(action)
            .into_iter()
            .map(|branch| BranchRow {
                label: branches::label(action, &branch),
                error: matches!(branch, Branch::Error(_)),
                target: action.transitions.target(&branch).map(name_of),
                optional: crate::validation::structure::branch_optional(&action.kind, &branch),
            })
            .collect();
        Self {
            title: action.display_name().to_owned(),
            category: Category::of(action.kind.type_name()),
            summary: summary(action, cx.instance),
            branches,
        }
    }

    pub fn of_entry(cx: &FrameContext<'_>) -> Self {
        let target = cx.doc.flow.start.as_ref().map(|id| {
            cx.doc.flow.action(id).map_or_else(|| format!("missing block {id}"), |a| a.display_name().to_owned())
        });
        Self {
            title: "Entry point".into(),
            category: Category::Entry,
            summary: String::new(),
            branches: vec![BranchRow { label: "Start".into(), error: false, target, optional: false }],
        }
    }

    /// What a screen reader says about the card: its name, what it does, where each branch leads.
    pub fn spoken(&self) -> String {
        if self.category == Category::Entry {
            return self.title.clone();
        }
        let mut text = self.title.clone();
        if !self.summary.is_empty() {
            text.push_str(", ");
            text.push_str(&self.summary);
        }
        for row in &self.branches {
            text.push_str("; ");
            text.push_str(&row.spoken());
        }
        if self.branches.is_empty() {
            text.push_str("; the flow ends here");
        }
        text
    }
}

impl BranchRow {
    pub fn spoken(&self) -> String {
        match &self.target {
            Some(target) => format!("{} goes to {target}", self.label),
            None if self.optional => format!("{} is not connected (optional)", self.label),
            None => format!("{} is not connected", self.label),
        }
    }
}

/// How a card is drawn this frame.
#[expect(clippy::struct_excessive_bools, reason = "independent facts about one card's look")]
pub(super) struct Look {
    pub selected: bool,
    pub on_path: bool,
    pub drop_target: bool,
    pub marker: Option<(Severity, usize)>,
    /// How the block differs from the compared version, when comparing.
    pub mark: Option<BlockMark>,
    pub dark: bool,
}

/// The widgets of one card: the card itself and one per branch pin.
pub(super) struct CardResponse {
    pub card: Response,
    pub pins: Vec<Response>,
}

/// Registers the card's widgets (the card, then its pins, which sit on top of it). `card` is in
/// graph units: pins are placed by the layout's geometry and then brought to the screen, the
/// same way as the wires' ends, so both agree at every zoom.
pub(super) fn interact(
    ui: &egui::Ui,
    node: &Node,
    content: &Content,
    (card, to_screen): (Rect, TSTransform),
    mark: Option<BlockMark>,
) -> CardResponse {
    let id = egui::Id::new(("canvas-card", node_key(node)));
    let scale = to_screen.scaling;
    let graph_card = card;
    let card = ui.interact(to_screen * graph_card, id, Sense::click_and_drag());
    let mut spoken = content.spoken();
    if let Some(mark) = mark {
        spoken.push_str("; compared: ");
        spoken.push_str(crate::gui::compare::mark_label(mark));
    }
    card.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &spoken));
    let card = card.on_hover_ui(|ui| {
        ui.label(card_hint(ui.ctx(), node));
    });
    let count = content.branches.len();
    let pins = content
        .branches
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let at = to_screen * layout::branch_pin(graph_card, count, i);
            let hit = Rect::from_center_size(at, Vec2::splat((PIN_RADIUS * 2.0 + 8.0) * scale.max(0.6)));
            let pin = ui.interact(hit, id.with(("pin", i)), Sense::click_and_drag());
            let spoken = format!("{} of {}: {}", row.label, content.title, row.spoken());
            pin.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, true, &spoken));
            pin.on_hover_ui(|ui| {
                ui.label(pin_hint(ui.ctx()));
                if row.optional && row.target.is_none() {
                    ui.label("Optional: Amazon Connect publishes the flow with this branch not connected.");
                }
            })
        })
        .collect();
    CardResponse { card, pins }
}

/// What a card's tooltip says: how to work with it, mouse and keyboard, with the keys the
/// menus show.
fn card_hint(ctx: &egui::Context, node: &Node) -> String {
    use crate::gui::commands::UiCommand;
    let key = |command: UiCommand| {
        command.shortcut().map(|s| crate::gui::menu::shortcut_text(ctx, command, s)).unwrap_or_default()
    };
    let mut lines = vec!["Click to select it (Ctrl-click adds it to the selection); drag it to move it.".to_owned()];
    if matches!(node, Node::Block(_)) {
        lines.push(format!("{}: edit its properties", key(UiCommand::GoToProperties)));
    }
    lines.push(format!(
        "{} / {}: follow the wires · {} / {}: its other branches",
        key(UiCommand::NextBlock),
        key(UiCommand::PreviousBlock),
        key(UiCommand::BranchAbove),
        key(UiCommand::BranchBelow)
    ));
    if matches!(node, Node::Block(_)) {
        lines.push(format!("{}: connect a branch · {}: delete", key(UiCommand::ConnectBranch), key(UiCommand::Delete)));
    }
    lines.join("\n")
}

fn pin_hint(ctx: &egui::Context) -> String {
    use crate::gui::commands::UiCommand;
    let connect = UiCommand::ConnectBranch
        .shortcut()
        .map(|s| crate::gui::menu::shortcut_text(ctx, UiCommand::ConnectBranch, s))
        .unwrap_or_default();
    format!("Drag to a block to connect this branch (or {connect} with the block selected)")
}

fn node_key(node: &Node) -> String {
    match node {
        Node::EntryPoint => "\u{0}entry".into(),
        Node::Block(id) => id.as_str().to_owned(),
    }
}

/// Paints the card's body: frame, colour band and glyph, and the line under the header. Its
/// words are painted by [`paint_words`], after the wires when nothing lies over the card.
pub(super) fn paint_body(ui: &egui::Ui, painter: &egui::Painter, content: &Content, rect: Rect, look: &Look) {
    let scale = scale_of(content, rect);
    let visuals = ui.visuals();
    let radius = (6.0 * scale).clamp(0.0, 12.0);
    let outline = if look.drop_target {
        theme::drop_target_stroke()
    } else if let Some(mark) = look.mark.filter(|_| !look.selected) {
        theme::compare_stroke(mark)
    } else if look.selected {
        theme::selection_stroke()
    } else if look.on_path {
        theme::path_stroke()
    } else {
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color)
    };
    painter.rect(rect, radius, visuals.widgets.noninteractive.bg_fill, outline, StrokeKind::Outside);
    let header = header_of(rect, scale);
    let band = Rect::from_min_size(rect.min, Vec2::new(24.0 * scale, header.height()));
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "clamped to 0..=12 above")]
    let corner = egui::CornerRadius { nw: radius as u8, ..Default::default() };
    painter.rect_filled(band, corner, content.category.colour());
    let body_font = FontId::proportional(layout::font_size(BODY_SIZE * scale));
    painter.text(band.center(), Align2::CENTER_CENTER, content.category.glyph(), body_font, theme::ON_BAND);
    painter.line_segment(
        [header.left_bottom(), header.right_bottom()],
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
    );
}

/// Paints the card's words: name, problem marker, compare mark, summary and branch labels, each
/// on a plate of the card's colour when `plates` is set, so a wire painted before them passes
/// under the words instead of through them.
pub(super) fn paint_words(
    ui: &egui::Ui,
    painter: &egui::Painter,
    content: &Content,
    rect: Rect,
    look: &Look,
    plates: bool,
) {
    let scale = scale_of(content, rect);
    let visuals = ui.visuals();
    let fill = visuals.widgets.noninteractive.bg_fill;
    let put = |at: Pos2, galley: std::sync::Arc<egui::Galley>| {
        if plates {
            let plate = Rect::from_min_size(at, galley.size()).expand(1.0 * scale);
            painter.rect_filled(plate, 2.0 * scale, fill);
        }
        painter.galley(at, galley, visuals.text_color());
    };
    let header = header_of(rect, scale);
    let band_right = rect.left() + 24.0 * scale;
    let title_font = FontId::proportional(layout::font_size(TITLE_SIZE * scale));
    let body_font = FontId::proportional(layout::font_size(BODY_SIZE * scale));
    let marker_width = look.marker.map_or(0.0, |_| 34.0 * scale);
    let title_left = band_right + 6.0 * scale;
    let title_width = (rect.right() - title_left - marker_width - 6.0 * scale).max(10.0);
    let title = single_line(painter, &content.title, title_font, visuals.strong_text_color(), title_width);
    put(Pos2::new(title_left, header.center().y - title.size().y / 2.0), title);
    if let Some((severity, count)) = look.marker {
        let colour = if severity == Severity::Error { visuals.error_fg_color } else { visuals.warn_fg_color };
        let at = Pos2::new(rect.right() - 6.0 * scale, header.center().y);
        painter.text(at, Align2::RIGHT_CENTER, format!("⚠{count}"), body_font.clone(), colour);
    }
    if let Some(mark) = look.mark {
        let at = Pos2::new(rect.right() - 4.0 * scale, rect.top() - 4.0 * scale);
        let font = FontId::proportional(layout::font_size(12.0 * scale.max(0.8)));
        painter.text(
            at,
            Align2::RIGHT_BOTTOM,
            crate::gui::compare::mark_label(mark),
            font,
            theme::compare_stroke(mark).color,
        );
    }
    let lines = layout::summary_lines(&content.summary);
    if lines > 0 {
        let width = rect.width() - 2.0 * PADDING * scale;
        let mut job = LayoutJob::simple(content.summary.clone(), body_font.clone(), visuals.text_color(), width);
        job.wrap.max_rows = lines;
        job.wrap.overflow_character = Some('…');
        let galley = painter.layout_job(job);
        put(header.left_bottom() + Vec2::splat(PADDING * scale), galley);
    }
    let count = content.branches.len();
    for (i, row) in content.branches.iter().enumerate() {
        let pin = branch_pin(content, rect, count, i);
        let colour = if row.error { theme::ERROR_BRANCH } else { visuals.text_color() };
        let galley = painter.layout_no_wrap(row.label.clone(), body_font.clone(), colour);
        let right = pin.x - (PIN_RADIUS + 6.0) * scale;
        put(Pos2::new(right - galley.size().x, pin.y - galley.size().y / 2.0), galley);
    }
}

/// Zoom of a card drawn at `rect` (screen points per graph unit).
fn scale_of(content: &Content, rect: Rect) -> f32 {
    let width = if content.category == Category::Entry { layout::ENTRY_WIDTH } else { layout::CARD_WIDTH };
    rect.width() / width
}

fn header_of(rect: Rect, scale: f32) -> Rect {
    Rect::from_min_size(rect.min, Vec2::new(rect.width(), HEADER_HEIGHT * scale))
}

/// Where the `index`-th branch pin of a card drawn at `rect` on screen is: the layout's
/// geometry, in graph units, scaled onto the card, as the wires' ends are.
fn branch_pin(content: &Content, rect: Rect, count: usize, index: usize) -> Pos2 {
    let scale = scale_of(content, rect);
    let graph = Rect::from_min_size(Pos2::ZERO, rect.size() / scale);
    rect.min + layout::branch_pin(graph, count, index).to_vec2() * scale
}

fn entry_pin(content: &Content, rect: Rect) -> Pos2 {
    let scale = scale_of(content, rect);
    let graph = Rect::from_min_size(Pos2::ZERO, rect.size() / scale);
    rect.min + layout::entry_pin(graph).to_vec2() * scale
}

/// One line of text cut with "…" to `width`.
fn single_line(
    painter: &egui::Painter,
    text: &str,
    font: FontId,
    colour: egui::Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::simple_singleline(text.to_owned(), font, colour);
    job.wrap.max_width = width;
    job.wrap.max_rows = 1;
    job.wrap.break_anywhere = true;
    job.wrap.overflow_character = Some('…');
    painter.layout_job(job)
}

/// Paints the pins: the entry pin on the left (blocks only) and one per branch on the right.
pub(super) fn paint_pins(painter: &egui::Painter, node: &Node, content: &Content, rect: Rect, look: &Look) {
    let scale = scale_of(content, rect);
    let radius = PIN_RADIUS * scale.max(0.6);
    if matches!(node, Node::Block(_)) {
        painter.circle(entry_pin(content, rect), radius, theme::PIN_IN, Stroke::NONE);
    }
    let count = content.branches.len();
    for (i, row) in content.branches.iter().enumerate() {
        let fill = if row.error { theme::ERROR_BRANCH } else { theme::PIN_OUT };
        let stroke = if row.target.is_none() { Stroke::new(1.5, fill) } else { Stroke::NONE };
        let centre = branch_pin(content, rect, count, i);
        if row.target.is_none() {
            let hollow =
                if look.dark { theme::PIN_OUT.gamma_multiply(0.2) } else { theme::PIN_OUT.gamma_multiply(0.1) };
            painter.circle(centre, radius, hollow, stroke);
        } else {
            painter.circle(centre, radius, fill, stroke);
        }
    }
}
