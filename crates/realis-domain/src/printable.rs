//! What the certificate can print: the characters of the Réalis Sans font embedded in the
//! certificate and consent-letter PDFs (Liberation Sans 2.1.5 reduced to the Latin script, see
//! `crates/realis-pdf/fonts/subset.py`).
//!
//! A name the PDF cannot print would be printed as «?» on a legal document, naming someone else:
//! [`Label::parse`](crate::Label::parse) refuses it at input instead. The table below is the
//! font's coverage, copied from the script's output; a test in `realis-pdf` checks it against
//! the font files so the two cannot drift.
//!
//! It holds the Latin script (Basic Latin, Latin-1, Latin Extended-A to D, IPA letters of West
//! African orthographies, Latin Extended Additional with the Vietnamese letters), the combining
//! accents NFC cannot compose, and common punctuation, currency and math signs. It does not hold
//! Greek, Cyrillic, Arabic, Hebrew, CJK…: French official documents name people in Latin
//! letters (the passport's transliteration).

/// Inclusive code point ranges, sorted, disjoint.
const PRINTABLE: &[(char, char)] = &[
    ('\u{0020}', '\u{007E}'),
    ('\u{00A1}', '\u{00AC}'),
    ('\u{00AE}', '\u{036F}'),
    ('\u{1E00}', '\u{1E9B}'),
    ('\u{1E9E}', '\u{1E9E}'),
    ('\u{1EA0}', '\u{1EF9}'),
    ('\u{2010}', '\u{2010}'),
    ('\u{2012}', '\u{2022}'),
    ('\u{2026}', '\u{2026}'),
    ('\u{2030}', '\u{2030}'),
    ('\u{2032}', '\u{2034}'),
    ('\u{2039}', '\u{203A}'),
    ('\u{203C}', '\u{203C}'),
    ('\u{203E}', '\u{203E}'),
    ('\u{2044}', '\u{2044}'),
    ('\u{205E}', '\u{205E}'),
    ('\u{20A0}', '\u{20B5}'),
    ('\u{20BF}', '\u{20BF}'),
    ('\u{2105}', '\u{2105}'),
    ('\u{2113}', '\u{2113}'),
    ('\u{2116}', '\u{2117}'),
    ('\u{2122}', '\u{2122}'),
    ('\u{2126}', '\u{2126}'),
    ('\u{212E}', '\u{212E}'),
    ('\u{214D}', '\u{214E}'),
    ('\u{2153}', '\u{2154}'),
    ('\u{215B}', '\u{215E}'),
    ('\u{2184}', '\u{2184}'),
    ('\u{2190}', '\u{2195}'),
    ('\u{21A8}', '\u{21A8}'),
    ('\u{21D4}', '\u{21D4}'),
    ('\u{2202}', '\u{2202}'),
    ('\u{2206}', '\u{2206}'),
    ('\u{220F}', '\u{220F}'),
    ('\u{2211}', '\u{2212}'),
    ('\u{2215}', '\u{2215}'),
    ('\u{2219}', '\u{221A}'),
    ('\u{221E}', '\u{221F}'),
    ('\u{2229}', '\u{2229}'),
    ('\u{222B}', '\u{222B}'),
    ('\u{2248}', '\u{2248}'),
    ('\u{2260}', '\u{2262}'),
    ('\u{2264}', '\u{2265}'),
    ('\u{2C60}', '\u{2C6D}'),
    ('\u{2C71}', '\u{2C77}'),
    ('\u{A720}', '\u{A721}'),
    ('\u{A788}', '\u{A78C}'),
    ('\u{FB01}', '\u{FB02}'),
];

/// Whether the certificate can print `c` (see the module documentation), also in capitals:
/// last names are printed upper-case, and a few IPA letters (ɐ, ɥ…) have capitals the font
/// lacks.
pub fn is_printable(c: char) -> bool {
    in_font(c) && c.to_uppercase().all(in_font)
}

fn in_font(c: char) -> bool {
    PRINTABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Every character of the font, in code point order (for the font test in `realis-pdf`).
pub fn font_chars() -> impl Iterator<Item = char> {
    PRINTABLE.iter().flat_map(|&(lo, hi)| lo..=hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_disjoint() {
        assert!(PRINTABLE.iter().all(|&(lo, hi)| lo <= hi));
        assert!(PRINTABLE.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn latin_names_of_every_kind_are_printable() {
        for name in [
            "Zoé D'Hôtel",
            "Anaïs Le Bœuf",
            "Łukasz Żółć",
            "Nguyễn Thị Minh Khai",
            "Ærøskøbing",
            "Şükrü Ağaoğlu",
            "Antonín Dvořák",
            "Ștefan Bălănescu",
            "Ðorđe Đoković",
            "Jürgen Straße ẞ",
            "Ɓello Ɗiallo ɛ ɔ ŋ",
            "Hawaiʻi O’Connor ʼ",
            "Formation « niveau ≥ B2 » — 1 200 € – 3/4 ½ № 12 ‰ …",
            "n\u{308}",
        ] {
            for c in name.chars() {
                assert!(is_printable(c), "{c:?} (U+{:04X}) in {name}", u32::from(c));
            }
        }
    }

    #[test]
    fn other_scripts_are_not_printable() {
        for c in [
            'Ж', 'д', 'Ω', 'α', 'ب', 'א', '王', 'あ', '한', 'ก', 'अ', '😀', '\u{FFFD}',
        ] {
            assert!(!is_printable(c), "{c:?}");
        }
    }

    #[test]
    fn invisible_and_control_characters_are_not_in_the_table() {
        for c in [
            '\u{0}', '\t', '\n', '\u{7F}', '\u{85}', '\u{A0}', '\u{AD}', '\u{200B}', '\u{200E}',
            '\u{202E}', '\u{2028}', '\u{202F}', '\u{2066}', '\u{FEFF}',
        ] {
            assert!(!is_printable(c), "U+{:04X}", u32::from(c));
        }
        assert_eq!(font_chars().next(), Some(' '));
    }

    #[test]
    fn a_letter_is_printable_only_if_its_capital_is_too() {
        for c in ['ß', 'ŉ', 'ɓ', 'ɗ', 'ɛ', 'ɔ', 'ŋ', 'ǆ', 'ǰ', 'ﬁ'] {
            assert!(is_printable(c), "{c}");
        }
        for c in ['ɐ', 'ɥ', 'ɡ', 'ɪ', 'ɱ'] {
            assert!(in_font(c) && !is_printable(c), "{c}");
        }
        assert!(font_chars().filter(|c| is_printable(*c)).count() > 1000);
    }
}
