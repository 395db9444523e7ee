//! The status bar: file, saved or not, the flow's status, error and warning counts, and the
//! app's last message.

use super::editor::Editor;
use super::session::Session;

pub fn ui(ui: &mut egui::Ui, session: &Session, editor: Option<&Editor>, message: Option<&str>) {
    ui.horizontal(|ui| {
        match editor {
            Some(editor) => {
                let file = editor.path.as_ref().map_or_else(|| "not saved yet".into(), |p| p.display().to_string());
                ui.label(file);
                ui.separator();
                ui.label(if editor.is_dirty() { "Unsaved changes" } else { "No unsaved changes" });
                ui.separator();
                ui.label(format!("Status: {}", editor.doc.flow.status.map_or("none", |s| s.label())));
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
        if let Some(message) = message {
            ui.separator();
            ui.label(message);
        }
    });
}
