//! Names and short labels typed by people: user display names, beneficiary first and last
//! names, employer, organisation and funder names, legal representative, training title, dossier
//! number, city, address. One rule for all of them, applied at input, so what is stored, printed
//! in the certificate, e-mailed and exported is the same text whoever reads it.
//!
//! The rule ([`Label::parse`]):
//! - Unicode NFC, so «Nguyễn» typed with combining accents is stored as the precomposed letters
//!   (and compares, searches and prints like the precomposed form);
//! - every run of white space (space, TAB, CR, LF, no-break space, line separators…) becomes one
//!   space, and the ends are trimmed: a name pasted with a line break stays on one line;
//! - any other control character, any format character (the bidirectional controls U+202A–U+202E,
//!   U+2066–U+2069, U+200E, U+200F, U+061C, zero-width characters, soft hyphen…), private-use or
//!   unassigned code point is **refused** (not stripped): it is invisible, so silently removing it
//!   would store something other than what the person believes they typed, and a bidi override
//!   makes a name display differently from its stored order (spoofing in the PDF, e-mails and
//!   exports). The person gets a French field error naming the code point;
//! - a character the certificate cannot print ([`printable`](crate::printable): anything outside
//!   the Latin script and common punctuation — Cyrillic, Greek, Arabic, CJK…) is **refused**:
//!   printed as «?», a name on a legal document would name someone else;
//! - at least one character and at most `max` characters (counted after normalisation).
//!
//! Latin letters of every language, their accents, apostrophes and hyphens are kept as typed:
//! «Zoé D'Hôtel», «Łukasz Żółć-Nguyễn», «Ștefan Bălănescu».

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::FieldCode;
use crate::printable::is_printable;

/// A normalised name or label (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(String);

/// Why a name or label was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error("empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
    #[error("forbidden character U+{:04X}", u32::from(*.0))]
    ForbiddenCharacter(char),
    /// Outside what the certificate font can print (see [`crate::printable`]).
    #[error("character U+{:04X} cannot be printed", u32::from(*.0))]
    Unprintable(char),
}

impl LabelError {
    /// Stable error code of the API field error.
    pub fn code(self) -> FieldCode {
        match self {
            LabelError::Empty => FieldCode::Required,
            LabelError::TooLong { .. } => FieldCode::TooLong,
            LabelError::ForbiddenCharacter(_) => FieldCode::InvalidCharacters,
            LabelError::Unprintable(_) => FieldCode::Unprintable,
        }
    }

    /// What the person reads.
    pub fn message_fr(self) -> String {
        match self {
            LabelError::Empty => "Ce champ est obligatoire.".to_owned(),
            LabelError::TooLong { max } => {
                format!("Ce champ ne doit pas dépasser {max} caractères.")
            }
            LabelError::ForbiddenCharacter(c) => format!(
                "Ce champ contient un caractère de contrôle ou de mise en forme invisible \
                 (U+{:04X})\u{a0}: retirez-le.",
                u32::from(c)
            ),
            LabelError::Unprintable(c) => format!(
                "Ce champ contient des caractères qui ne peuvent pas être imprimés sur le \
                 certificat (alphabet latin uniquement)\u{a0}: «\u{a0}{c}\u{a0}»."
            ),
        }
    }
}

/// Whether `c` may appear in a label once white space is handled.
fn allowed(c: char) -> bool {
    !matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::PrivateUse
            | GeneralCategory::Surrogate
            | GeneralCategory::Unassigned
    )
}

impl Label {
    /// Normalises `input` and checks it (see the module documentation).
    pub fn parse(input: &str, max: usize) -> Result<Label, LabelError> {
        let mut out = String::with_capacity(input.len());
        let mut count = 0usize;
        let mut space = false;
        for c in input.nfc() {
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if !allowed(c) {
                return Err(LabelError::ForbiddenCharacter(c));
            }
            if !is_printable(c) {
                return Err(LabelError::Unprintable(c));
            }
            if space {
                out.push(' ');
                count += 1;
                space = false;
            }
            out.push(c);
            count += 1;
            if count > max {
                return Err(LabelError::TooLong { max });
            }
        }
        if out.is_empty() {
            Err(LabelError::Empty)
        } else {
            Ok(Label(out))
        }
    }

    /// An optional field: empty or blank input is `None`, anything else must be a label.
    pub fn parse_optional(input: &str, max: usize) -> Result<Option<Label>, LabelError> {
        match Label::parse(input, max) {
            Err(LabelError::Empty) => Ok(None),
            other => other.map(Some),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(s: &str) -> String {
        Label::parse(s, 200).expect("a label").into_string()
    }

    #[test]
    fn real_names_are_kept_as_typed() {
        for name in [
            "Zoé D'Hôtel",
            "Łukasz Żółć-Nguyễn",
            "Ștefan Bălănescu",
            "Anaïs Le Bœuf",
            "O’Connor",
            "Nguyễn Thị Minh Khai",
            "Şükrü Ærøskøbing Dvořák",
        ] {
            assert_eq!(ok(name), name);
        }
    }

    #[test]
    fn names_the_certificate_cannot_print_are_refused_with_the_first_such_character() {
        for (name, c) in [
            ("Дмитрий Иванов", 'Д'),
            ("Łukasz Ωmega", 'Ω'),
            ("محمد بن سلمان", 'م'),
            ("王小明", '王'),
            ("Zoé 😀", '😀'),
        ] {
            assert_eq!(
                Label::parse(name, 200),
                Err(LabelError::Unprintable(c)),
                "{name}"
            );
        }
        let e = Label::parse("Formapro Ж", 200).expect_err("refused");
        assert_eq!(e.code().code(), "unprintable");
        assert_eq!(
            e.message_fr(),
            "Ce champ contient des caractères qui ne peuvent pas être imprimés sur le certificat \
             (alphabet latin uniquement)\u{a0}: «\u{a0}Ж\u{a0}»."
        );
        // Invisible characters keep their own, more precise, error.
        assert_eq!(
            Label::parse("Ж\u{202E}", 200),
            Err(LabelError::Unprintable('Ж'))
        );
        assert_eq!(
            Label::parse("Zoé\u{202E}Ж", 200),
            Err(LabelError::ForbiddenCharacter('\u{202E}'))
        );
    }

    #[test]
    fn decomposed_accents_are_composed() {
        assert_eq!(ok("Nguye\u{302}\u{303}n"), "Nguyễn");
        assert_eq!(
            ok("S\u{326}tefan Ba\u{306}la\u{306}nescu"),
            "Ștefan Bălănescu"
        );
        assert_eq!(ok("D'Ho\u{302}tel"), "D'Hôtel");
    }

    #[test]
    fn white_space_is_trimmed_and_collapsed() {
        assert_eq!(ok("  Zoé\r\n\tMarie  "), "Zoé Marie");
        assert_eq!(ok("Jean\u{A0}\u{2028} Dupont"), "Jean Dupont");
        assert_eq!(ok("\tFormapro   Conseil\n"), "Formapro Conseil");
    }

    #[test]
    fn control_bidi_and_invisible_characters_are_refused() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}', '\u{200B}', '\u{FEFF}',
            '\u{00AD}', '\u{0000}', '\u{0007}', '\u{001B}', '\u{007F}', '\u{0080}', '\u{E000}',
        ] {
            assert_eq!(
                Label::parse(&format!("Dupont{c}Zoé"), 200),
                Err(LabelError::ForbiddenCharacter(c)),
                "U+{:04X}",
                u32::from(c)
            );
        }
        let e = Label::parse("Zoé\u{202E}", 200).expect_err("refused");
        assert_eq!(e.code().code(), "invalid_characters");
        assert!(e.message_fr().contains("U+202E"), "{}", e.message_fr());
    }

    #[test]
    fn empty_and_too_long_labels_are_refused() {
        assert_eq!(Label::parse(" \r\n\t", 10), Err(LabelError::Empty));
        assert_eq!(Label::parse_optional(" \t", 10), Ok(None));
        assert_eq!(
            Label::parse_optional(" x ", 10).map(|l| l.map(Label::into_string)),
            Ok(Some("x".to_owned()))
        );
        assert_eq!(
            Label::parse("ééééé", 5).map(Label::into_string),
            Ok("ééééé".into())
        );
        assert_eq!(
            Label::parse("e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}e", 5),
            Err(LabelError::TooLong { max: 5 })
        );
        assert_eq!(LabelError::Empty.code().code(), "required");
        assert_eq!(
            LabelError::TooLong { max: 120 }.message_fr(),
            "Ce champ ne doit pas dépasser 120 caractères."
        );
    }

    /// The letters the certificate prints, capitals and NFC included (NFC turns the ohm sign
    /// into a Greek omega).
    fn latin_letters() -> Vec<char> {
        crate::printable::font_chars()
            .filter(|c| c.is_alphabetic() && std::iter::once(*c).nfc().all(is_printable))
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn the_normaliser_never_panics_and_is_idempotent(s in "(\\PC|\\pC|\\s|[\u{300}-\u{36F}]){0,80}") {
            if let Ok(once) = Label::parse(&s, 500) {
                let twice = Label::parse(once.as_str(), 500).expect("a label stays a label");
                prop_assert_eq!(&once, &twice);
                prop_assert!(!once.as_str().starts_with(' ') && !once.as_str().ends_with(' '));
                prop_assert!(!once.as_str().contains("  "));
                prop_assert!(once.as_str().chars().all(|c| c == ' ' || !c.is_whitespace()));
                prop_assert!(once.as_str().chars().all(is_printable));
            }
        }

        // Marks: not U+0345, the Greek ypogegrammeni, whose capital is a Greek iota.
        #[test]
        fn latin_text_with_any_accents_is_accepted_composed(
            letters in proptest::collection::vec(proptest::sample::select(latin_letters()), 1..40),
            marks in "[\u{300}-\u{344}\u{346}-\u{36F}]{0,3}",
        ) {
            let s = letters.into_iter().collect::<String>() + &marks;
            let label = Label::parse(&s, 500).expect("Latin text is printable");
            prop_assert!(label.as_str().chars().all(is_printable));
        }
    }
}
