//! The status bar: file, the flow's state (new, saved, published), unsaved changes when there
//! are some, error and warning counts, the workspace's link to Amazon Connect, and the app's
//! last message (cut to the window's width, whole on hover).

use super::editor::Editor;
use super::session::Session;

pub fn ui(ui: &mut egui::Ui, session: &Session, editor: Option<&Editor>, message: Option<&str>) {
    ui.horizontal(|ui| {
        match editor {
            Some(editor) => {
                let file = match &editor.path {
                    Some(path) if editor.is_on_disk() => path.display().to_string(),
                    Some(path) => format!("{} (no file yet)", path.display()),
                    None => "No file yet".into(),
                };
                ui.label(file);
                ui.separator();
                ui.label(editor.state().label());
                if editor.is_dirty() {
                    ui.separator();
                    ui.label("Unsaved changes");
                }
                ui.separator();
                let errors = editor.report.errors();
                let warnings = editor.report.warnings();
                let colour = if errors > 0 { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                ui.colored_label(colour, format!("{errors} error(s), {warnings} warning(s)"));
            }
            None => {
                ui.label(session.root.as_ref().map_or_else(|| "No workspace".into(), |r| r.display().to_string()));
            }
        }
        #[cfg(feature = "aws")]
        if session.root.is_some() {
            ui.separator();
            let link = session.link.as_ref();
            ui.label(link.map_or_else(|| super::connect::NOT_LINKED.to_owned(), super::connect::LinkSummary::text));
        }
        if let Some(message) = message {
            ui.separator();
            // Cut to the room left, the whole message on hover.
            ui.add(egui::Label::new(message).truncate()).on_hover_text(message);
        }
    });
}
