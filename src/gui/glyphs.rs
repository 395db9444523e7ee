//! Text the core words for terminals, made drawable by the window's fonts: egui's bundled fonts
//! have no "→" (U+2192), which would show as a box, so it is drawn as "➡", which they have.

/// `text` with the arrows the window's fonts lack drawn with one they have.
pub fn displayable(text: &str) -> String {
    text.replace('→', "➡")
}

#[cfg(test)]
mod tests {
    #[test]
    fn arrows_become_a_glyph_the_fonts_have() {
        assert_eq!(super::displayable("caller ID name a → b"), "caller ID name a ➡ b");
    }
}
