//! SIRET (establishment id, Luhn-checked) and NDA (training provider registration number).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A 14-digit SIRET whose Luhn checksum holds (or, for La Poste, whose digit sum is a multiple of 5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Siret(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SiretError {
    #[error("a SIRET has 14 digits")]
    Length,
    #[error("a SIRET has only digits")]
    NotDigits,
    #[error("the SIRET checksum is wrong")]
    Checksum,
}

/// La Poste's SIREN: its establishments do not follow Luhn but a digit-sum rule.
const LA_POSTE_SIREN: &str = "356000000";

impl Siret {
    /// Parses a SIRET; spaces are allowed in the input ("732 829 320 00074").
    pub fn parse(input: &str) -> Result<Siret, SiretError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if !s.chars().all(|c| c.is_ascii_digit()) {
            return Err(SiretError::NotDigits);
        }
        if s.len() != 14 {
            return Err(SiretError::Length);
        }
        let ok = if s.starts_with(LA_POSTE_SIREN) && s != "35600000000048" {
            digit_sum(&s).is_multiple_of(5)
        } else {
            luhn(&s)
        };
        if ok {
            Ok(Siret(s))
        } else {
            Err(SiretError::Checksum)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN (first nine digits): the legal entity.
    /// As INSEE prints it, «732 829 320 00074»: readable, and a spreadsheet keeps it as text
    /// (14 digits alone become 7,33E+13 in Excel).
    pub fn spaced(&self) -> String {
        let d = &self.0;
        format!("{} {} {} {}", &d[0..3], &d[3..6], &d[6..9], &d[9..14])
    }

    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

fn digit_sum(s: &str) -> u32 {
    s.bytes().map(|b| u32::from(b - b'0')).sum()
}

/// Luhn check over a string of ASCII digits.
fn luhn(s: &str) -> bool {
    let sum: u32 = s
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Siret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Siret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Siret::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Numéro de déclaration d'activité: 11 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nda(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NdaError {
    #[error("an NDA has 11 digits")]
    Format,
}

impl Nda {
    pub fn parse(input: &str) -> Result<Nda, NdaError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.len() == 11 && s.chars().all(|c| c.is_ascii_digit()) {
            Ok(Nda(s))
        } else {
            Err(NdaError::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Nda {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_siret_prints_spaced_as_insee_does() {
        let s = Siret::parse("73282932000074").expect("valid");
        assert_eq!(s.spaced(), "732 829 320 00074");
    }
    use proptest::prelude::*;

    #[test]
    fn accepts_the_spec_vectors() {
        assert!(Siret::parse("73282932000074").is_ok());
        assert!(Siret::parse("732 829 320 00074").is_ok());
        assert!(
            Siret::parse("35600000049837").is_ok(),
            "La Poste digit-sum rule"
        );
    }

    #[test]
    fn refuses_the_spec_counter_examples() {
        assert_eq!(Siret::parse("12345678912345"), Err(SiretError::Checksum));
        assert_eq!(Siret::parse("7328293200007"), Err(SiretError::Length));
        assert_eq!(Siret::parse("7328293200007A"), Err(SiretError::NotDigits));
        assert_eq!(Siret::parse("35600000049838"), Err(SiretError::Checksum));
    }

    #[test]
    fn the_siren_is_the_first_nine_digits() {
        let s = Siret::parse("73282932000074").expect("valid");
        assert_eq!(s.siren(), "732829320");
    }

    #[test]
    fn nda_has_eleven_digits() {
        assert!(Nda::parse("11 75 12345 75").is_ok());
        assert_eq!(Nda::parse("1175123457"), Err(NdaError::Format));
        assert_eq!(Nda::parse("1175123457X"), Err(NdaError::Format));
    }

    proptest! {
        #[test]
        fn siret_parser_never_panics(s in "\\PC{0,30}") {
            let _ = Siret::parse(&s);
            let _ = Nda::parse(&s);
        }
    }
}
