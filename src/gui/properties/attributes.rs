//! Key/value tables (contact attributes, Lambda invocation attributes) and the "Set contact
//! attributes" form.

use super::form::{Form, note_ui, warning_ui};
use crate::model::ActionKind;

/// A change to a key/value table.
pub(super) struct PairsChange {
    pub pairs: Vec<(String, String)>,
    /// Typed in a cell (merged with the previous typing) rather than a row added or removed.
    pub typed: bool,
}

/// Draws `pairs` as an editable table with add and remove; the new list when changed.
/// `field` keeps the drafts of two tables of one block apart.
pub(super) fn pairs_ui(
    ui: &mut egui::Ui,
    form: &mut Form<'_>,
    field: &str,
    pairs: &[(String, String)],
    noun: &str,
) -> Option<PairsChange> {
    let mut change = None;
    let [key_width, value_width] = column_widths(ui);
    egui::Grid::new((form.action.id.as_str(), field)).num_columns(3).striped(true).show(ui, |ui| {
        let key_header = ui.strong("Key");
        let value_header = ui.strong("Value");
        ui.end_row();
        for (row, (key, value)) in pairs.iter().enumerate() {
            let key_field = format!("{field}.{row}.key");
            if let Some(text) = form.sized_cell_ui(ui, key_header.id, &key_field, key, key_width) {
                change = Some(replaced(pairs, row, Some(text), None));
            }
            let value_field = format!("{field}.{row}.value");
            if let Some(text) = form.sized_cell_ui(ui, value_header.id, &value_field, value, value_width) {
                change = Some(replaced(pairs, row, None, Some(text)));
            }
            let tooltip = format!("Remove the {noun} “{key}”");
            let remove = crate::gui::glyphs::icon_button(ui, crate::gui::glyphs::REMOVE, "Remove", &tooltip);
            if remove.clicked() {
                let mut rest = pairs.to_vec();
                rest.remove(row);
                change = Some(PairsChange { pairs: rest, typed: false });
            }
            ui.end_row();
        }
    });
    if pairs.is_empty() {
        note_ui(ui, format!("No {noun}s yet."));
    }
    let has_empty_key = pairs.iter().any(|(key, _)| key.is_empty());
    let add = ui
        .add_enabled(!has_empty_key, egui::Button::new(format!("Add {noun}")))
        .on_disabled_hover_text("Give the row with an empty key a key first.");
    if add.clicked() {
        let mut more = pairs.to_vec();
        more.push((String::new(), String::new()));
        change = Some(PairsChange { pairs: more, typed: false });
    }
    duplicate_keys_ui(ui, pairs);
    change
}

/// The narrowest a key: room for `callerId`, `customer_number` and the like.
const KEY_WIDTH: f32 = 120.0;
/// The narrowest a value: room for an E.164 number such as `+442071838750` and more.
const VALUE_WIDTH: f32 = 150.0;
/// What the Remove button (an icon) takes.
const REMOVE_WIDTH: f32 = 26.0;

/// The widths of the key and value fields: the value takes what the panel has left, and never
/// less than its minimum (a grid column alone would start a field at a few points).
fn column_widths(ui: &egui::Ui) -> [f32; 2] {
    let spacing = ui.spacing().item_spacing.x * 2.0;
    let value = (ui.available_width() - KEY_WIDTH - REMOVE_WIDTH - spacing).max(VALUE_WIDTH);
    [KEY_WIDTH, value]
}

fn replaced(pairs: &[(String, String)], row: usize, key: Option<String>, value: Option<String>) -> PairsChange {
    let mut pairs = pairs.to_vec();
    if let Some(pair) = pairs.get_mut(row) {
        if let Some(key) = key {
            pair.0 = key;
        }
        if let Some(value) = value {
            pair.1 = value;
        }
    }
    PairsChange { pairs, typed: true }
}

fn duplicate_keys_ui(ui: &mut egui::Ui, pairs: &[(String, String)]) {
    let mut seen = std::collections::BTreeSet::new();
    let twice: std::collections::BTreeSet<&str> =
        pairs.iter().map(|(key, _)| key.as_str()).filter(|key| !seen.insert(*key)).collect();
    for key in twice {
        warning_ui(ui, format!("The key “{key}” is used twice: only the last value would be kept."));
    }
}

/// "Set contact attributes": the attributes and the contact they go to.
pub(super) fn ui(
    ui: &mut egui::Ui,
    form: &mut Form<'_>,
    attributes: &[(String, String)],
    target_contact: Option<&str>,
) {
    ui.label("Attributes to set");
    if let Some(change) = pairs_ui(ui, form, "attributes", attributes, "attribute") {
        let kind = ActionKind::UpdateContactAttributes {
            attributes: change.pairs,
            target_contact: target_contact.map(str::to_owned),
        };
        if change.typed {
            form.type_kind(kind, "attributes");
        } else {
            form.set_kind(kind);
        }
    }
    ui.add_space(8.0);
    let mut chosen = None;
    ui.horizontal(|ui| {
        ui.label("Destination:");
        for (value, label) in [("Current", "Current contact"), ("Related", "Related contact")] {
            if ui.radio(target_contact == Some(value), label).clicked() {
                chosen = Some(value);
            }
        }
    });
    match target_contact {
        None => note_ui(ui, "Not set: Amazon Connect sets the attributes on the current contact."),
        Some("Current" | "Related") => {}
        Some(other) => {
            warning_ui(ui, format!("The block names the contact “{other}”, which is neither Current nor Related."));
        }
    }
    if let Some(chosen) = chosen
        && target_contact != Some(chosen)
    {
        form.set_kind(ActionKind::UpdateContactAttributes {
            attributes: attributes.to_vec(),
            target_contact: Some(chosen.to_owned()),
        });
    }
}
