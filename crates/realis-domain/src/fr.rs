//! French typography, in one place: what every screen, e-mail and PDF of Réalis writes.
//!
//! - Numbers group their thousands with a **non-breaking space U+00A0** («1 827,00»,
//!   «1 234,56 €»). The narrow U+202F is the finer choice of the Imprimerie nationale, but it is
//!   missing from many e-mail clients' fonts and from the certificate's embedded font
//!   ([`printable`](crate::printable); the PDF prints every space as U+0020): U+00A0 is in
//!   Latin-1, so every font has it. The same space goes before «:», «;», «?», «!» and inside «…»: the
//!   templates and messages we write have it (`\u{a0}`) in their text.
//! - «de» elides before a vowel or a mute h: «d'octobre», «d'août», «de novembre».
//! - A count takes the singular for 0 and 1: «0 dossier», «1 essai», «2 essais».
//!
//! Machine outputs (CSV, spreadsheets, the API's numbers) do not use these: `Hours`'s
//! `Display` stays «1827,00», which every spreadsheet reads back.

use crate::{Hours, Period};

/// The space French typography uses where a line must not break (see the module documentation).
pub const NBSP: char = '\u{a0}';

/// An integer with its thousands grouped: «1 827», «12 345 678».
pub fn integer(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(NBSP);
        }
        out.push(c);
    }
    out
}

/// Hours for people: «1 827,00», «7,50».
pub fn hours(h: Hours) -> String {
    let c = h.hundredths();
    format!("{},{:02}", integer(u64::from(c / 100)), c % 100)
}

/// Hours with their unit: «1,50 heure», «154,00 heures» (singular below two, as French writes
/// a decimal quantity).
pub fn hours_with_unit(h: Hours) -> String {
    let unit = if h.hundredths() < 200 {
        "heure"
    } else {
        "heures"
    };
    format!("{}{NBSP}{unit}", hours(h))
}

/// An amount in cents: «1 234,56 €», «-0,05 €».
pub fn euros(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let c = cents.unsigned_abs();
    format!("{sign}{},{:02}{NBSP}€", integer(c / 100), c % 100)
}

/// A count and its noun, singular for 0 and 1 (the French rule): `count(1, "essai", "essais")`
/// is «1 essai», `count(2, …)` «2 essais», `count(0, "dossier", "dossiers")` «0 dossier».
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!("{}{NBSP}{}", integer(n), noun(n, singular, plural))
}

/// The noun alone, agreeing with `n` (singular for 0 and 1).
pub fn noun<'a>(n: u64, singular: &'a str, plural: &'a str) -> &'a str {
    if n < 2 { singular } else { plural }
}

/// Whether «de», «le», «que»… elide before `word`: a vowel or a mute h. The aspirated h's
/// («de Hongrie», «de haut niveau») are the exceptions listed here; «y» does not elide.
pub fn elides(word: &str) -> bool {
    let lower = word.to_lowercase();
    let Some(first) = lower.chars().next() else {
        return false;
    };
    if first == 'h' {
        return !H_ASPIRE.iter().any(|w| lower.starts_with(w));
    }
    "aàâäeéèêëiîïoôöuùûüœæ".contains(first)
}

/// Word beginnings with an aspirated h (no elision): the common ones in training titles,
/// organisation and place names.
const H_ASPIRE: &[&str] = &[
    "hache",
    "haie",
    "haine",
    "hall",
    "halte",
    "hamac",
    "hameau",
    "hanche",
    "handi",
    "hangar",
    "hant",
    "harc",
    "hardi",
    "hareng",
    "haricot",
    "harp",
    "hasard",
    "hâte",
    "hausse",
    "haut",
    "havre",
    "hérisson",
    "hernie",
    "héro",
    "hêtre",
    "hibou",
    "hiérarch",
    "hockey",
    "hollan",
    "homard",
    "hongr",
    "honte",
    "hoquet",
    "hors",
    "hotte",
    "houl",
    "housse",
    "huit",
    "hurl",
    "hutte",
];

/// «de» before `word`, elided when it must be: «d'octobre», «de novembre», «d'Île-de-France».
pub fn de(word: &str) -> String {
    if elides(word) {
        format!("d'{word}")
    } else {
        format!("de {word}")
    }
}

/// A month in running text: «octobre 2026».
pub fn month(p: Period) -> String {
    p.label_fr().to_lowercase()
}

/// «d'octobre 2026», «de novembre 2026»: for «les heures d'octobre 2026», «pour le mois de
/// novembre 2026».
pub fn of_month(p: Period) -> String {
    de(&month(p))
}

/// A quotation: «\u{a0}texte\u{a0}».
pub fn quoted(s: &str) -> String {
    format!("«{NBSP}{s}{NBSP}»")
}

/// A SIRET as INSEE prints it, «732 829 320 00074» (with non-breaking spaces); any other text
/// (not 14 digits once spaces are removed) is returned unchanged.
pub fn siret(s: &str) -> String {
    let digits: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return s.to_owned();
    }
    format!(
        "{}{NBSP}{}{NBSP}{}{NBSP}{}",
        &digits[0..3],
        &digits[3..6],
        &digits[6..9],
        &digits[9..14]
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> Period {
        Period::parse(s).expect("valid period")
    }

    #[test]
    fn thousands_are_grouped_with_a_non_breaking_space() {
        assert_eq!(hours(Hours::from_hundredths(182_700)), "1\u{a0}827,00");
        assert_eq!(hours(Hours::from_hundredths(750)), "7,50");
        assert_eq!(hours(Hours::from_hundredths(99_999)), "999,99");
        assert_eq!(integer(12_345_678), "12\u{a0}345\u{a0}678");
        assert_eq!(integer(0), "0");
        assert_eq!(euros(123_456), "1\u{a0}234,56\u{a0}€");
        assert_eq!(euros(-5), "-0,05\u{a0}€");
        assert_eq!(
            hours_with_unit(Hours::from_hundredths(15_400)),
            "154,00\u{a0}heures"
        );
        assert_eq!(
            hours_with_unit(Hours::from_hundredths(150)),
            "1,50\u{a0}heure"
        );
    }

    #[test]
    fn counts_are_singular_for_zero_and_one() {
        assert_eq!(count(0, "dossier", "dossiers"), "0\u{a0}dossier");
        assert_eq!(count(1, "essai", "essais"), "1\u{a0}essai");
        assert_eq!(count(2, "essai", "essais"), "2\u{a0}essais");
        assert_eq!(count(1200, "heure", "heures"), "1\u{a0}200\u{a0}heures");
    }

    #[test]
    fn de_elides_before_a_vowel_or_a_mute_h() {
        assert_eq!(of_month(p("2026-10")), "d'octobre 2026");
        assert_eq!(of_month(p("2026-04")), "d'avril 2026");
        assert_eq!(of_month(p("2026-08")), "d'août 2026");
        assert_eq!(of_month(p("2026-11")), "de novembre 2026");
        assert_eq!(of_month(p("2026-01")), "de janvier 2026");
        assert_eq!(de("Île-de-France"), "d'Île-de-France");
        assert_eq!(de("hiver"), "d'hiver");
        assert_eq!(de("haut niveau"), "de haut niveau");
        assert_eq!(de("Hongrie"), "de Hongrie");
        assert_eq!(de("yoga"), "de yoga");
        assert_eq!(de(""), "de ");
        let elided: Vec<u32> = (1..=12)
            .filter(|m| elides(&month(Period::new(2026, *m).expect("month"))))
            .collect();
        assert_eq!(elided, [4, 8, 10]);
    }

    #[test]
    fn sirets_are_spaced_as_insee_prints_them() {
        assert_eq!(siret("73282932000074"), "732\u{a0}829\u{a0}320\u{a0}00074");
        assert_eq!(
            siret("732 829 320 00074"),
            "732\u{a0}829\u{a0}320\u{a0}00074"
        );
        assert_eq!(siret("1234"), "1234");
        assert_eq!(siret(""), "");
        assert_eq!(siret("7328293200007A"), "7328293200007A");
    }

    #[test]
    fn quotes_take_non_breaking_spaces() {
        assert_eq!(quoted("Réalis"), "«\u{a0}Réalis\u{a0}»");
    }

    proptest! {
        #[test]
        fn grouping_keeps_the_digits_and_groups_by_three(n in any::<u64>()) {
            let s = integer(n);
            prop_assert_eq!(s.replace(NBSP, ""), n.to_string());
            let groups: Vec<&str> = s.split(NBSP).collect();
            prop_assert!(groups[0].len() <= 3 && !groups[0].is_empty());
            prop_assert!(groups[1..].iter().all(|g| g.len() == 3));
        }

        #[test]
        fn shown_hours_read_back_as_the_same_hours(h in 0u32..10_000_000) {
            let hours_ = Hours::from_hundredths(h);
            prop_assert_eq!(Hours::parse(&hours(hours_)), Ok(hours_));
        }
    }
}
