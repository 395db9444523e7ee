//! What every block form draws with: `Form` (the block being edited, its drafts, and where its
//! intents go).

use crate::gui::drafts::Drafts;
use crate::gui::intent::Intent;
use crate::instance::Instance;
use crate::model::{Action, ActionKind, Edit, FlowDocument};

/// The key of a draft in the properties panel: the block (`None` for the flow) and the field.
pub(super) type DraftKey = (Option<crate::model::ActionId>, String);

/// The block being edited and where its edits go.
pub(super) struct Form<'a> {
    pub doc: &'a FlowDocument,
    pub action: &'a Action,
    pub instance: Option<&'a Instance>,
    pub drafts: &'a mut Drafts<DraftKey>,
    pub intents: &'a mut Vec<Intent>,
}

impl Form<'_> {
    /// Pushes an edit: its own undo step, or merged with the previous typing in `typing`.
    pub fn push(&mut self, edit: Edit, typing: Option<&'static str>) {
        self.intents.push(match typing {
            Some(field) => Intent::typing(edit, &self.action.id, field),
            None => Intent::edit(edit),
        });
    }

    /// Replaces the block's parameters as one undo step.
    pub fn set_kind(&mut self, kind: ActionKind) {
        self.push(self.set_kind_edit(kind), None);
    }

    /// Replaces the block's parameters while typing in `field`.
    pub fn type_kind(&mut self, kind: ActionKind, field: &'static str) {
        self.push(self.set_kind_edit(kind), Some(field));
    }

    pub fn set_kind_edit(&self, kind: ActionKind) -> Edit {
        Edit::SetKind { id: self.action.id.clone(), kind }
    }

    /// A labelled one-line text field over `current`; the new text when typed in.
    pub fn text_row_ui(&mut self, ui: &mut egui::Ui, label: &str, field: &str, current: &str) -> Option<String> {
        ui.horizontal(|ui| {
            let label = ui.label(label);
            self.cell_ui(ui, label.id, field, current)
        })
        .inner
    }

    /// A one-line text field labelled by `label` (a label drawn elsewhere, such as a column
    /// header); the new text when typed in.
    pub fn cell_ui(&mut self, ui: &mut egui::Ui, label: egui::Id, field: &str, current: &str) -> Option<String> {
        let salt = (self.action.id.as_str().to_owned(), field.to_owned());
        let key = (Some(self.action.id.clone()), field.to_owned());
        self.drafts.edit_ui(ui, key, current, |text| egui::TextEdit::singleline(text).id_salt(salt), &[label])
    }

    /// A one-line text field `width` points wide (however narrow its grid column was), labelled
    /// by `label`; the new text when typed in.
    pub fn sized_cell_ui(
        &mut self,
        ui: &mut egui::Ui,
        label: egui::Id,
        field: &str,
        current: &str,
        width: f32,
    ) -> Option<String> {
        let salt = (self.action.id.as_str().to_owned(), field.to_owned());
        let key = (Some(self.action.id.clone()), field.to_owned());
        self.drafts.edit_ui(
            ui,
            key,
            current,
            |text| egui::TextEdit::singleline(text).id_salt(salt).desired_width(width).min_size(egui::vec2(width, 0.0)),
            &[label],
        )
    }

    /// A labelled multiline text field over `current`; the new text when typed in.
    pub fn multiline_ui(&mut self, ui: &mut egui::Ui, label: &str, field: &str, current: &str) -> Option<String> {
        let label = ui.label(label);
        let salt = (self.action.id.as_str().to_owned(), field.to_owned());
        let key = (Some(self.action.id.clone()), field.to_owned());
        self.drafts.edit_ui(
            ui,
            key,
            current,
            |text| egui::TextEdit::multiline(text).id_salt(salt).desired_rows(4).desired_width(f32::INFINITY),
            &[label.id],
        )
    }
}

/// A line in the warning colour.
pub(super) fn warning_ui(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    let colour = ui.visuals().warn_fg_color;
    ui.add(egui::Label::new(text.into().color(colour)).wrap());
}

/// A line of explanation, in the weak colour.
pub(super) fn note_ui(ui: &mut egui::Ui, text: impl Into<egui::RichText>) {
    ui.add(egui::Label::new(text.into().weak()).wrap());
}
