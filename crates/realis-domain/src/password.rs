//! Password policy (NIST SP 800-63B § 3.1.1.2, OWASP ASVS 5.0 V6.2): a length, no composition
//! rules, and a refusal of what an attacker tries first: repetitions and sequences, the user's own
//! name or e-mail, and common passwords (a common word padded with digits and symbols included).

use crate::FieldCode;
use crate::search::fold;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password has at least 12 characters")]
    TooShort,
    #[error("a password has at most 128 characters")]
    TooLong,
    #[error("a password is not a repetition or a sequence of characters")]
    Repetitive,
    #[error("a password does not contain the user's name or e-mail address")]
    Personal,
    #[error("a password is not a common password")]
    Common,
    #[error("a new password differs from the current one")]
    Unchanged,
}

impl PasswordError {
    /// Stable code of the field error.
    pub fn code(&self) -> FieldCode {
        match self {
            PasswordError::TooShort => FieldCode::TooShort,
            PasswordError::TooLong => FieldCode::TooLong,
            PasswordError::Repetitive => FieldCode::Repetitive,
            PasswordError::Personal => FieldCode::Personal,
            PasswordError::Common => FieldCode::Common,
            PasswordError::Unchanged => FieldCode::Unchanged,
        }
    }

    /// What the person reads.
    pub fn message_fr(&self) -> &'static str {
        match self {
            PasswordError::TooShort | PasswordError::TooLong => {
                "Le mot de passe doit contenir entre 12 et 128 caractères."
            }
            PasswordError::Repetitive => {
                "Ce mot de passe est trop simple\u{a0}: évitez les répétitions et les suites (aaaa, 1234, abcd)."
            }
            PasswordError::Personal => {
                "Le mot de passe ne doit pas contenir votre nom ni votre adresse e-mail."
            }
            PasswordError::Common => {
                "Ce mot de passe est trop courant\u{a0}: choisissez-en un autre, par exemple une phrase de plusieurs mots."
            }
            PasswordError::Unchanged => {
                "Le nouveau mot de passe doit être différent du mot de passe actuel."
            }
        }
    }
}

pub const MIN_PASSWORD_CHARS: usize = 12;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Words that make up most guessed passwords (French and English, lower case, without accents),
/// refused alone or padded with digits and symbols («Motdepasse2026!»).
const COMMON_WORDS: &[&str] = &[
    "motdepasse",
    "password",
    "passw0rd",
    "azerty",
    "azertyuiop",
    "qwerty",
    "qwertyuiop",
    "soleil",
    "bonjour",
    "doudou",
    "chouchou",
    "loulou",
    "coucou",
    "marseille",
    "paris",
    "football",
    "princesse",
    "jetaime",
    "iloveyou",
    "nicolas",
    "camille",
    "julien",
    "thomas",
    "alexandre",
    "celine",
    "sandrine",
    "stephanie",
    "isabelle",
    "nathalie",
    "sophie",
    "formation",
    "formations",
    "transitions",
    "transitionspro",
    "realis",
    "certificat",
    "organisme",
    "entreprise",
    "welcome",
    "bienvenue",
    "admin",
    "administrateur",
    "secret",
    "monkey",
    "dragon",
    "master",
    "letmein",
    "sunshine",
    "shadow",
    "starwars",
    "pokemon",
    "superman",
    "batman",
    "motdepas",
    "changeme",
    "default",
    "utilisateur",
    "abcdef",
    "bonjour1",
    "mdp",
    "pass",
    "mot",
    "hello",
    "test",
    "demo",
    "login",
    "connexion",
];

/// Whole passwords seen in breach corpora that are long enough to pass the length rule.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678910",
    "123456789abc",
    "qwerty123456",
    "azerty123456",
    "azertyuiop123",
    "motdepasse123",
    "password1234",
    "password123!",
    "iloveyou1234",
    "aaaaaaaaaaaa",
    "000000000000",
    "111111111111",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "qazwsxedcrfv",
    "zaq12wsxcde3",
    "abcdefghijkl",
    "abc123abc123",
    "azertyazerty",
    "qwertyqwerty",
    "passwordpassword",
    "motdepassemotdepasse",
];

/// A repetition of a short pattern («aaaaaaaaaaaa», «abcabcabcabc») or too few distinct
/// characters, or a run of consecutive characters («123456789012», «abcdefghijkl»).
fn repetitive(folded: &[char]) -> bool {
    let mut distinct = folded.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 5 {
        return true;
    }
    let n = folded.len();
    let periodic = (1..=n / 3).any(|p| (p..n).all(|i| folded[i] == folded[i - p]));
    if periodic {
        return true;
    }
    // Steps of +1 or -1 (digits wrap: …8901…), over more than half of the password.
    let step = |a: char, b: char| {
        let (a, b) = (a as i64, b as i64);
        b - a == 1 || a - b == 1 || (a == '9' as i64 && b == '0' as i64)
    };
    let consecutive = folded.windows(2).filter(|w| step(w[0], w[1])).count();
    consecutive * 2 > n
}

/// Checks a newly chosen password against the policy. `personal` holds what the password must
/// not contain: the user's names, e-mail address, login identifier.
pub fn validate_new_password(password: &str, personal: &[&str]) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if n > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    let folded = fold(password);
    let chars: Vec<char> = folded.chars().collect();
    if repetitive(&chars) {
        return Err(PasswordError::Repetitive);
    }
    // Every part of a name or address of three letters or more («dubois», «exemple» in
    // «m.dubois@exemple.fr»), except the address's top-level domain.
    let parts = personal.iter().flat_map(|p| {
        let p = fold(p);
        let without_tld = match p.rsplit_once('.') {
            Some((head, tld)) if p.contains('@') && !tld.contains('@') => head.to_owned(),
            _ => p,
        };
        without_tld
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 3)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    });
    for part in parts {
        if folded.contains(&part) {
            return Err(PasswordError::Personal);
        }
    }
    // The core once digits and symbols padding either end are dropped, read through the usual
    // substitutions («P@ssw0rd12345» → «password»).
    let core = folded.trim_matches(|c: char| !c.is_alphabetic());
    let unleet: String = core
        .chars()
        .filter_map(|c| match c {
            '0' => Some('o'),
            '1' | '!' => Some('i'),
            '3' => Some('e'),
            '4' | '@' => Some('a'),
            '5' | '$' => Some('s'),
            '7' => Some('t'),
            c if c.is_alphabetic() => Some(c),
            _ => None,
        })
        .collect();
    let letters: String = core.chars().filter(|c| c.is_alphabetic()).collect();
    if COMMON_PASSWORDS.contains(&folded.as_str())
        || [&letters, &unleet]
            .iter()
            .any(|w| COMMON_WORDS.contains(&w.as_str()) || is_doubled_common(w))
    {
        return Err(PasswordError::Common);
    }
    Ok(())
}

/// A change from «Mon compte»: the policy of every new password, and not the current one again.
pub fn validate_password_change(
    current: &str,
    new: &str,
    personal: &[&str],
) -> Result<(), PasswordError> {
    if new == current {
        return Err(PasswordError::Unchanged);
    }
    validate_new_password(new, personal)
}

/// «soleilsoleil», «azertyazerty»: a common word twice. Two equal halves meet on a character
/// boundary, so a middle byte inside a character (`ieºew`: the fuzzer's, which panicked the
/// split) is no doubled word.
fn is_doubled_common(letters: &str) -> bool {
    let n = letters.len();
    n.is_multiple_of(2) && letters.is_char_boundary(n / 2) && {
        let (a, b) = letters.split_at(n / 2);
        a == b && COMMON_WORDS.contains(&a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(p: &str) -> Result<(), PasswordError> {
        validate_new_password(
            p,
            &["Michelle Dubois", "michelle.dubois@exemple.fr", "mdubois"],
        )
    }

    #[test]
    fn twelve_characters_are_required() {
        assert_eq!(check("court"), Err(PasswordError::TooShort));
        assert_eq!(check(&"xé".repeat(65)), Err(PasswordError::TooLong));
    }

    #[test]
    fn repetitions_and_sequences_are_refused() {
        for p in [
            "aaaaaaaaaaaa",
            "éééééééééééé",
            "abcabcabcabc",
            "123456789012",
            "abcdefghijkl",
            "ababababab12",
            "987654321098",
        ] {
            assert_eq!(check(p), Err(PasswordError::Repetitive), "{p}");
        }
    }

    #[test]
    fn the_users_own_name_or_address_is_refused() {
        for p in [
            "Dubois-2026-xyz!",
            "michelle!!2026ab",
            "exemple.fr-1234",
            "MDUBOIS_rocks_42",
        ] {
            assert_eq!(check(p), Err(PasswordError::Personal), "{p}");
        }
    }

    #[test]
    fn common_passwords_and_padded_common_words_are_refused() {
        for p in [
            "Motdepasse2026!",
            "azertyuiop123",
            "P@ssw0rd12345",
            "soleilsoleil",
            "Transitions2026",
            "1q2w3e4r5t6y",
            "Azerty!!2026",
        ] {
            assert_eq!(check(p), Err(PasswordError::Common), "{p}");
        }
    }

    #[test]
    fn ordinary_strong_passwords_pass() {
        for p in [
            "realis-demo-2026",
            "cheval agrafe batterie",
            "Tr0mbone-Lune-Vélo",
            "k7#Lq9!zR2&w",
            "Nguyễn Đức Mạnh 1987",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn a_change_must_give_a_new_password_that_passes_the_policy() {
        let personal = ["Sophie Bernard", "of@formapro.test"];
        assert_eq!(
            validate_password_change("realis-demo-2026", "realis-demo-2026", &personal),
            Err(PasswordError::Unchanged)
        );
        assert_eq!(
            validate_password_change("realis-demo-2026", "court", &personal),
            Err(PasswordError::TooShort)
        );
        assert_eq!(
            validate_password_change(
                "realis-demo-2026",
                "bernard et ses trois chevaux",
                &personal
            ),
            Err(PasswordError::Personal)
        );
        assert_eq!(
            validate_password_change(
                "realis-demo-2026",
                "trois chevaux bleus au galop",
                &personal
            ),
            Ok(())
        );
    }

    #[test]
    fn a_middle_byte_inside_a_character_is_no_doubled_word() {
        assert!(!is_doubled_common("ieºew"));
        assert!(is_doubled_common("soleilsoleil"));
        assert_eq!(check("ieºew ieºew ieºew 2026"), Ok(()));
    }
}
