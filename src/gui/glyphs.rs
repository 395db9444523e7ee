//! Text and icons made drawable by the window's fonts: egui's bundled fonts lack some symbols
//! (such as "✕" U+2715 or "✓" U+2713), which would show as a box "◻", so the glyphs below are
//! ones they have, and `missing` finds the others (the tests walk every label with it). Icon
//! buttons are named to screen readers (and tests) by words, not by their glyph.

/// Closes a bar or a window.
pub const CLOSE: &str = "🗙";
/// Removes a row.
pub const REMOVE: &str = "🗑";
/// Folds a box down to a button.
pub const FOLD: &str = "🗕";

/// `text` with the arrows the window's fonts lack drawn with one they have.
pub fn displayable(text: &str) -> String {
    text.replace('→', "➡")
}

/// A small button showing `glyph`, named `label` to screen readers, explained by `tooltip`.
pub fn icon_button(ui: &mut egui::Ui, glyph: &str, label: &str, tooltip: &str) -> egui::Response {
    let response = ui.add(egui::Button::new(glyph));
    response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Button, ui.is_enabled(), label));
    response.on_hover_text(tooltip)
}

/// The characters of `text` that the window's fonts cannot draw: each would show as the
/// replacement box "◻". (`Fonts::has_glyph` cannot tell: it also says no for every character of
/// the font that holds the box, so a character is laid out and its glyph compared with the box.)
pub fn missing(ctx: &egui::Context, text: &str) -> Vec<char> {
    let uv_of = |c: char, font: &egui::FontId| {
        ctx.fonts_mut(|fonts| {
            let galley = fonts.layout_no_wrap(c.to_string(), font.clone(), egui::Color32::PLACEHOLDER);
            let glyph = galley.rows.first().and_then(|row| row.row.glyphs.first()).map(|g| g.uv_rect);
            glyph.map(|uv| (uv.min, uv.max))
        })
    };
    let fonts = [egui::FontId::proportional(14.0), egui::FontId::monospace(14.0)];
    let mut missing: Vec<char> = text
        .chars()
        .filter(|&c| !c.is_whitespace() && !c.is_control() && c != '◻')
        .filter(|&c| fonts.iter().all(|font| uv_of(c, font) == uv_of('◻', font)))
        .collect();
    missing.dedup();
    missing
}

#[cfg(test)]
mod tests {
    #[test]
    fn arrows_become_a_glyph_the_fonts_have() {
        assert_eq!(super::displayable("caller ID name a → b"), "caller ID name a ➡ b");
    }

    #[test]
    fn the_icons_are_in_the_fonts_and_the_plain_arrow_is_not() {
        let ctx = egui::Context::default();
        ctx.run_ui(egui::RawInput::default(), |_| {}).textures_delta.clear();
        let icons = format!("{}{}{} 🗺 ⏴⏵⏷ ➡", super::CLOSE, super::REMOVE, super::FOLD);
        assert_eq!(super::missing(&ctx, &icons), Vec::<char>::new());
        assert_eq!(super::missing(&ctx, "a → b ✕ ✓"), vec!['✕', '✓']);
    }
}
