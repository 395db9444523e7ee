//! Editable key/value rows (the contact attributes to preset, a Lambda's reply), held by the
//! tab's form.

/// Draws `rows` as a table of key and value fields with "Remove" on each row and
/// "Add <noun>" below. `salt` keeps two tables apart.
pub(super) fn ui(ui: &mut egui::Ui, salt: &str, rows: &mut Vec<(String, String)>, noun: &str) {
    let mut remove = None;
    if !rows.is_empty() {
        egui::Grid::new(("pairs", salt)).num_columns(3).show(ui, |ui| {
            let key_header = ui.strong("Key");
            let value_header = ui.strong("Value");
            ui.end_row();
            for (index, (key, value)) in rows.iter_mut().enumerate() {
                let key_field = egui::TextEdit::singleline(key).id_salt((salt, index, "key")).desired_width(120.0);
                ui.add(key_field).labelled_by(key_header.id);
                let value_field =
                    egui::TextEdit::singleline(value).id_salt((salt, index, "value")).desired_width(160.0);
                ui.add(value_field).labelled_by(value_header.id);
                if ui.button("Remove").on_hover_text(format!("Remove the {noun} “{key}”")).clicked() {
                    remove = Some(index);
                }
                ui.end_row();
            }
        });
    }
    if let Some(index) = remove
        && index < rows.len()
    {
        rows.remove(index);
    }
    let has_empty_key = rows.iter().any(|(key, _)| key.trim().is_empty());
    let add = ui
        .add_enabled(!has_empty_key, egui::Button::new(format!("Add {noun}")))
        .on_disabled_hover_text("Give the row with an empty key a key first.");
    if add.clicked() {
        rows.push((String::new(), String::new()));
    }
}
