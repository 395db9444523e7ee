//! Small wording helpers shared by the command line and the window.

use std::fmt::Write as _;

/// `1 error`, `2 errors`: a count with its noun, plural when it is not one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Text from outside (a name from Amazon Connect, a file name) made safe to print: control
/// characters, line breaks and the bidirectional overrides that can make a line read as another
/// are shown as `\u{…}` escapes, so a name can never move the cursor, clear a line or forge an
/// extra line of output. Anything else is kept as it is.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

/// [`printable`] in double quotes, with `"` and `\\` escaped: `"Sales whisper"`. How messages
/// quote a name they did not write.
pub fn quoted(text: &str) -> String {
    let mut shown = String::with_capacity(text.len() + 2);
    shown.push('"');
    for c in text.chars() {
        match c {
            '\\' => shown.push_str("\\\\"),
            '"' => shown.push_str("\\\""),
            c if needs_escape(c) => {
                let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
            }
            c => shown.push(c),
        }
    }
    shown.push('"');
    shown
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(super::count(0, "error"), "0 errors");
        assert_eq!(super::count(1, "error"), "1 error");
        assert_eq!(super::count(2, "phone number"), "2 phone numbers");
    }

    #[test]
    fn outside_text_cannot_move_the_cursor_or_forge_a_line() {
        assert_eq!(super::printable("Sales whisper"), "Sales whisper");
        assert_eq!(super::printable("Sales\u{1b}[1A\rqueue"), "Sales\\u{1b}[1A\\u{d}queue");
        assert_eq!(super::printable("a\nqueue Sales: unchanged"), "a\\u{a}queue Sales: unchanged");
        assert_eq!(super::printable("\u{202e}evil"), "\\u{202e}evil");
        assert_eq!(super::printable("営業 ✓"), "営業 ✓");
        assert_eq!(super::quoted("Sales \"A\""), "\"Sales \\\"A\\\"\"");
        assert_eq!(super::quoted("a\u{7}"), "\"a\\u{7}\"");
    }
}
