//! Keeping user text within what the embedded font can show.

use realis_domain::is_printable;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Text as the certificate font prints it: every white space as a space, other invisible
/// characters (controls, bidi, soft hyphen…) dropped, a few typographic characters the font
/// lacks by their nearest equivalent, and any other character the font lacks as «?». Names are
/// refused at input when they hold such a character (`realis_domain::Label`): the «?» is only
/// for text stored before that rule.
pub fn printable(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            c if c.is_whitespace() => Some(' '),
            c if is_printable(c) => Some(c),
            '\u{2011}' => Some('-'),
            c if c.is_control() || is_format(c) => None,
            _ => Some('?'),
        })
        .collect()
}

/// Invisible format characters (bidi controls, zero-width characters…) a label may have held
/// before it was refused at input.
fn is_format(c: char) -> bool {
    c.general_category() == GeneralCategory::Format
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_text_survives_and_the_rest_is_replaced() {
        assert_eq!(
            printable("Île-de-France « œuvre » — 12 € Łódź Nguyễn"),
            "Île-de-France « œuvre » — 12 € Łódź Nguyễn"
        );
        assert_eq!(printable("Иван 漢字\u{202F}!"), "???? ?? !");
        assert_eq!(printable("a\nb\u{A0}c\u{202E}d\u{AD}e\u{7}"), "a b cde");
        assert_eq!(printable("2026\u{2011}IDF"), "2026-IDF");
    }
}
