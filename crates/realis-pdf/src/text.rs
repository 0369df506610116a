//! Keeping user text within what the built-in fonts can show.

/// Characters of Windows-1252 beyond Latin-1 that the built-in fonts can show.
const CP1252_EXTRA: &str = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

/// Replaces what WinAnsi (Windows-1252) cannot encode: common typographic characters by their
/// nearest equivalent, anything else by "?", control characters by a space.
pub fn winansi(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{202F}' | '\u{00A0}' | '\u{2009}' => ' ',
            '\u{2010}' | '\u{2011}' | '\u{2012}' => '-',
            '\u{2032}' => '\'',
            c if c.is_control() => ' ',
            c if (c as u32) < 0x100 || CP1252_EXTRA.contains(c) => c,
            _ => '?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_survives_and_the_rest_is_replaced() {
        assert_eq!(
            winansi("Île-de-France « œuvre » — 12 €"),
            "Île-de-France « œuvre » — 12 €"
        );
        assert_eq!(winansi("Łódź 漢字\u{202F}!"), "?ód? ?? !");
        assert_eq!(winansi("a\nb"), "a b");
    }
}
