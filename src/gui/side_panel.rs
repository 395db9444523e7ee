//! The left panel: the workspace's flows (name, type, status, problem count) and the block
//! palette (only blocks the flow type allows, with search; click to add, or drag onto the canvas).

use egui::RichText;

use super::canvas::PaletteDrop;
use super::describe;
use super::editor::Editor;
use super::intent::{Intent, SystemCommand};
use super::session::{FlowSummary, Session, summary_of};

pub fn ui(
    ui: &mut egui::Ui,
    session: &Session,
    editor: Option<&Editor>,
    search: &mut String,
    intents: &mut Vec<Intent>,
) {
    ui.heading("Flows");
    // Each list scrolls on its own: a workspace of many flows never pushes the palette away.
    let flows_height = if editor.is_some() { ui.available_height() * 0.5 } else { f32::INFINITY };
    egui::ScrollArea::vertical()
        .id_salt("flow-list")
        .max_height(flows_height)
        .auto_shrink([false, true])
        .show(ui, |ui| flows_ui(ui, session, editor, intents));
    if let Some(editor) = editor {
        ui.separator();
        ui.heading("Blocks");
        egui::ScrollArea::vertical()
            .id_salt("palette")
            .auto_shrink([false, true])
            .show(ui, |ui| palette_ui(ui, editor, search, intents));
    }
}

fn flows_ui(ui: &mut egui::Ui, session: &Session, editor: Option<&Editor>, intents: &mut Vec<Intent>) {
    let open = editor.and_then(|e| e.path.as_ref());
    for (i, flow) in session.flows.iter().enumerate() {
        // The open flow shows its live state, a flow left in this session its editor's; the
        // others, their files'.
        let is_open = open == Some(&flow.path);
        let live = editor.filter(|_| is_open).or_else(|| session.kept(&flow.path)).map(summary_of);
        let flow = live.as_ref().unwrap_or(flow);
        let response = flow_line_ui(ui, is_open, &line(flow));
        if is_open {
            show_once(ui, &response, &flow.name);
        }
        if response.clicked() && !is_open {
            intents.push(SystemCommand::SwitchFlow(i).into());
        }
    }
    // New flows left open in this session, not saved yet.
    for kept in session.kept_new().filter(|k| !session.flows.iter().any(|f| Some(&f.path) == k.path.as_ref())) {
        if ui.selectable_label(false, line(&summary_of(kept))).clicked() {
            intents.extend(kept.path.clone().map(|p| SystemCommand::SwitchTo(p).into()));
        }
    }
    if let Some(editor) = editor
        && editor.path.as_ref().is_none_or(|p| !session.flows.iter().any(|f| &f.path == p))
    {
        let summary = summary_of(editor);
        let response = flow_line_ui(ui, true, &line(&summary));
        show_once(ui, &response, &summary.name);
    }
    for problem in &session.unreadable {
        ui.label(RichText::new(problem).color(ui.visuals().error_fg_color).small());
    }
}

/// One flow of the list: two lines (its name, then its type, state and problems), each cut to
/// the panel's width with "…", the whole text on hover. Always two lines high, so that a flow
/// whose state or problems change moves none of the others.
fn flow_line_ui(ui: &mut egui::Ui, selected: bool, text: &str) -> egui::Response {
    let padding = ui.spacing().button_padding;
    let font = egui::TextStyle::Button.resolve(ui.style());
    let row = ui.fonts_mut(|f| f.row_height(&font));
    let size = egui::vec2(ui.available_width(), 2.0 * row + 2.0 * padding.y);
    let (rect, response) = ui.allocate_exact_size(size, egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::selected(egui::WidgetType::Button, true, selected, text));
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected || response.hovered() || response.has_focus() {
        ui.painter().rect(
            rect,
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            egui::StrokeKind::Inside,
        );
    }
    let width = rect.width() - 2.0 * padding.x;
    let mut cut = false;
    for (index, part) in text.splitn(2, '\n').enumerate() {
        let mut job = egui::text::LayoutJob::single_section(
            part.to_owned(),
            egui::TextFormat::simple(font.clone(), visuals.text_color()),
        );
        job.wrap = egui::text::TextWrapping::truncate_at_width(width);
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        cut |= galley.elided;
        let at = rect.min + padding + egui::vec2(0.0, row * index as f32);
        ui.painter().galley(at, galley, visuals.text_color());
    }
    if cut { response.on_hover_text(text) } else { response }
}

/// Scrolls the open flow's line into view when another flow has just been opened.
fn show_once(ui: &egui::Ui, response: &egui::Response, name: &str) {
    let key = egui::Id::new("flow-list-shown");
    if ui.data(|d| d.get_temp::<String>(key)).as_deref() != Some(name) {
        response.scroll_to_me(None);
        ui.data_mut(|d| d.insert_temp(key, name.to_owned()));
    }
}

/// A flow's line: its name (after a dot when it has unsaved changes), then its type, state and
/// problem counts.
fn line(flow: &FlowSummary) -> String {
    let problems = match (flow.errors, flow.warnings) {
        (0, 0) => String::new(),
        (e, w) => format!(" · {e} error(s), {w} warning(s)"),
    };
    let unsaved = if flow.unsaved { "• " } else { "" };
    format!("{unsaved}{}\n{} · {}{problems}", flow.name, flow.type_label, flow.state.label())
}

fn palette_ui(ui: &mut egui::Ui, editor: &Editor, search: &mut String, intents: &mut Vec<Intent>) {
    let label = ui.label("Search blocks");
    ui.text_edit_singleline(search).labelled_by(label.id);
    let wanted = search.trim().to_lowercase();
    for (type_name, name) in describe::palette_types(editor.doc.flow.flow_type.as_ref()) {
        if !wanted.is_empty() && !name.to_lowercase().contains(&wanted) {
            continue;
        }
        let response = ui.add(egui::Button::new(name).sense(egui::Sense::click_and_drag()));
        if response.drag_started() {
            response.dnd_set_drag_payload(PaletteDrop(type_name.to_owned()));
        }
        if response.clicked() {
            intents.push(Intent::AddBlock { type_name: type_name.to_owned(), at: None, from: None });
        }
    }
}
