//! Editable key/value rows (the contact attributes to preset, a Lambda's reply), held by the
//! tab's form.

/// What the Remove button (an icon) takes.
const REMOVE_WIDTH: f32 = 26.0;

/// Draws `rows` as a table of key and value fields with "Remove" on each row and
/// "Add <noun>" below. `salt` keeps two tables apart.
pub(super) fn ui(ui: &mut egui::Ui, salt: &str, rows: &mut Vec<(String, String)>, noun: &str) {
    let mut remove = None;
    // A grid column alone would start a field at a few points: give each its width.
    let spacing = ui.spacing().item_spacing.x * 2.0;
    let key_width = 110.0;
    let value_width = (ui.available_width() - key_width - REMOVE_WIDTH - spacing).max(140.0);
    if !rows.is_empty() {
        egui::Grid::new(("pairs", salt)).num_columns(3).show(ui, |ui| {
            let key_header = ui.strong("Key");
            let value_header = ui.strong("Value");
            ui.end_row();
            for (index, (key, value)) in rows.iter_mut().enumerate() {
                let key_field = egui::TextEdit::singleline(key)
                    .id_salt((salt, index, "key"))
                    .desired_width(key_width)
                    .min_size(egui::vec2(key_width, 0.0));
                ui.add(key_field).labelled_by(key_header.id);
                let value_field = egui::TextEdit::singleline(value)
                    .id_salt((salt, index, "value"))
                    .desired_width(value_width)
                    .min_size(egui::vec2(value_width, 0.0));
                ui.add(value_field).labelled_by(value_header.id);
                let tooltip = format!("Remove the {noun} “{key}”");
                if crate::gui::glyphs::icon_button(ui, crate::gui::glyphs::REMOVE, "Remove", &tooltip).clicked() {
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
