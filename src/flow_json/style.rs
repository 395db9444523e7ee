//! A flow file's own layout: detected from its bytes, applied to the canonical text. The
//! canonical text is two-space indented with `\n` endings and no line break inside a string
//! (JSON escapes them), so re-indenting line by line is exact.

use crate::model::{Indent, TextStyle};

/// The layout of `bytes`. A file on one line (as Amazon Connect exports) has no layout to keep:
/// it gets the canonical one.
pub fn detect(bytes: &[u8]) -> TextStyle {
    let lines = bytes.split(|&b| b == b'\n').count() - 1;
    if lines == 0 {
        return TextStyle::CANONICAL;
    }
    let crlf_lines = bytes.windows(2).filter(|w| w == b"\r\n").count();
    let indent = bytes
        .split(|&b| b == b'\n')
        .skip(1)
        .find_map(|line| match line.first() {
            Some(b'\t') => Some(Indent::Tab),
            Some(b' ') => {
                let spaces = line.iter().take_while(|&&b| b == b' ').count();
                u8::try_from(spaces).ok().filter(|n| (1..=8).contains(n)).map(Indent::Spaces)
            }
            _ => None,
        })
        .unwrap_or(Indent::Spaces(2));
    let trimmed = bytes.strip_suffix(b"\n").map(|b| b.strip_suffix(b"\r").unwrap_or(b));
    TextStyle { crlf: crlf_lines * 2 > lines, indent, final_newline: trimmed.is_some() }
}

/// `canonical` (as `to_canonical_string` writes it) in `style`.
pub fn apply(style: TextStyle, canonical: String) -> String {
    if style == TextStyle::CANONICAL {
        return canonical;
    }
    let newline = if style.crlf { "\r\n" } else { "\n" };
    let body = canonical.strip_suffix('\n').unwrap_or(&canonical);
    let mut out = String::with_capacity(canonical.len() + canonical.len() / 8);
    for (index, line) in body.split('\n').enumerate() {
        if index > 0 {
            out.push_str(newline);
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let levels = spaces / 2;
        for _ in 0..levels {
            match style.indent {
                Indent::Tab => out.push('\t'),
                Indent::Spaces(n) => out.extend(std::iter::repeat_n(' ', usize::from(n))),
            }
        }
        // An odd space (none in canonical text) is kept as it was.
        out.extend(std::iter::repeat_n(' ', spaces % 2));
        out.push_str(&line[spaces..]);
    }
    if style.final_newline {
        out.push_str(newline);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CANONICAL: &str =
        "{\n  \"Version\": \"2019-10-30\",\n  \"Actions\": [\n    {\n      \"Text\": \"a  b\"\n    }\n  ]\n}\n";

    #[test]
    fn crlf_and_four_spaces_are_detected_and_kept() {
        let windows = CANONICAL.replace('\n', "\r\n").replace("  ", "    ").replace("a    b", "a  b");
        let style = detect(windows.as_bytes());
        assert_eq!(style, TextStyle { crlf: true, indent: Indent::Spaces(4), final_newline: true });
        assert_eq!(apply(style, CANONICAL.to_owned()), windows);
    }

    #[test]
    fn tabs_a_missing_final_newline_and_one_line_files() {
        let tabs =
            "{\n\t\"Version\": \"2019-10-30\",\n\t\"Actions\": [\n\t\t{\n\t\t\t\"Text\": \"a  b\"\n\t\t}\n\t]\n}";
        let style = detect(tabs.as_bytes());
        assert_eq!(style, TextStyle { crlf: false, indent: Indent::Tab, final_newline: false });
        assert_eq!(apply(style, CANONICAL.to_owned()), tabs);
        assert_eq!(detect(br#"{"Version":"2019-10-30"}"#), TextStyle::CANONICAL);
        assert_eq!(detect(CANONICAL.as_bytes()), TextStyle::CANONICAL);
        assert_eq!(apply(TextStyle::CANONICAL, CANONICAL.to_owned()), CANONICAL);
    }
}
