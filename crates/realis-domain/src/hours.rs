//! Hours as exact hundredths: never floats.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A non-negative quantity of hours, stored as an integer number of hundredths of an hour
/// ("7,50" is 750). Parsed from "7", "7,5", "7.50" or "7h30"; displayed with a decimal comma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Hours(u32);

/// Why a text or number is not a quantity of hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("empty value")]
    Empty,
    #[error("not a number of hours")]
    NotANumber,
    #[error("negative hours")]
    Negative,
    #[error("more than two decimals")]
    TooPrecise,
    #[error("minutes must be below 60")]
    BadMinutes,
    #[error("value too large")]
    TooLarge,
}

/// Hours above this are never meaningful (a month has at most 744 hours).
const MAX_HUNDREDTHS: u64 = 100_000 * 100;

impl Hours {
    pub const ZERO: Hours = Hours(0);

    /// From a number of hundredths of an hour.
    pub const fn from_hundredths(h: u32) -> Self {
        Hours(h)
    }

    /// From whole hours.
    pub const fn from_whole(h: u32) -> Self {
        Hours(h * 100)
    }

    pub const fn hundredths(self) -> u32 {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn checked_add(self, other: Hours) -> Option<Hours> {
        self.0.checked_add(other.0).map(Hours)
    }

    /// Sum of many values; saturates instead of overflowing (sums are bounded by validation).
    pub fn sum<I: IntoIterator<Item = Hours>>(items: I) -> Hours {
        Hours(
            items
                .into_iter()
                .fold(0u32, |acc, h| acc.saturating_add(h.0)),
        )
    }

    /// Parses a French or international writing of hours: "7", "7,5", "7.50", "7h30", "7 h", " 12,25 ".
    pub fn parse(input: &str) -> Result<Hours, HoursError> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(HoursError::Empty);
        }
        if s.starts_with('-') {
            return Err(HoursError::Negative);
        }
        let lower = s.to_ascii_lowercase();
        if let Some((h, m)) = lower.split_once('h') {
            let hours = parse_digits(h)?;
            let minutes = if m.is_empty() { 0 } else { parse_digits(m)? };
            if m.len() > 2 || minutes >= 60 {
                return Err(HoursError::BadMinutes);
            }
            // Minutes to hundredths must be exact: 7h30 = 7,50 ; 7h20 = 7,33… is refused.
            let scaled = minutes * 100;
            if scaled % 60 != 0 {
                return Err(HoursError::TooPrecise);
            }
            return Self::checked(hours * 100 + scaled / 60);
        }
        let normalised = lower.replace(',', ".");
        let (int, frac) = match normalised.split_once('.') {
            Some((i, f)) => (i, f),
            None => (normalised.as_str(), ""),
        };
        if int.is_empty() && frac.is_empty() {
            return Err(HoursError::NotANumber);
        }
        let whole = if int.is_empty() {
            0
        } else {
            parse_digits(int)?
        };
        let frac_digits = frac.trim_end_matches('0');
        if frac_digits.len() > 2 {
            if frac.chars().all(|c| c.is_ascii_digit()) {
                return Err(HoursError::TooPrecise);
            }
            return Err(HoursError::NotANumber);
        }
        let hundredths = match frac_digits.len() {
            0 => {
                if !frac.chars().all(|c| c.is_ascii_digit()) {
                    return Err(HoursError::NotANumber);
                }
                0
            }
            1 => parse_digits(frac_digits)? * 10,
            _ => parse_digits(frac_digits)?,
        };
        Self::checked(whole * 100 + hundredths)
    }

    /// From a JSON number (the API's representation); at most two decimals.
    pub fn from_f64(value: f64) -> Result<Hours, HoursError> {
        if !value.is_finite() {
            return Err(HoursError::NotANumber);
        }
        if value < 0.0 {
            return Err(HoursError::Negative);
        }
        let scaled = value * 100.0;
        let rounded = scaled.round();
        if (scaled - rounded).abs() > 1e-6 {
            return Err(HoursError::TooPrecise);
        }
        if rounded > MAX_HUNDREDTHS as f64 {
            return Err(HoursError::TooLarge);
        }
        Ok(Hours(rounded as u32))
    }

    /// The value as a JSON number (exact for two decimals after formatting).
    pub fn to_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    fn checked(h: u64) -> Result<Hours, HoursError> {
        if h > MAX_HUNDREDTHS {
            return Err(HoursError::TooLarge);
        }
        u32::try_from(h)
            .map(Hours)
            .map_err(|_| HoursError::TooLarge)
    }
}

fn parse_digits(s: &str) -> Result<u64, HoursError> {
    if s.is_empty() || s.len() > 9 || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(HoursError::NotANumber);
    }
    s.parse::<u64>().map_err(|_| HoursError::NotANumber)
}

impl fmt::Display for Hours {
    /// A decimal comma and two decimals, no grouping: "7,50", "1827,00", what files, exports
    /// and spreadsheets read back. People read [`fr::hours`](crate::fr::hours): «1 827,00».
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{:02}", self.0 / 100, self.0 % 100)
    }
}

impl FromStr for Hours {
    type Err = HoursError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hours::parse(s)
    }
}

impl Serialize for Hours {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        Hours::from_f64(v).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_usual_french_writings() {
        assert_eq!(Hours::parse("7"), Ok(Hours(700)));
        assert_eq!(Hours::parse("7,5"), Ok(Hours(750)));
        assert_eq!(Hours::parse("7.50"), Ok(Hours(750)));
        assert_eq!(Hours::parse("7h30"), Ok(Hours(750)));
        assert_eq!(Hours::parse("7h"), Ok(Hours(700)));
        assert_eq!(Hours::parse("7 H 45"), Ok(Hours(775)));
        assert_eq!(Hours::parse(" 147,00 "), Ok(Hours(14700)));
        assert_eq!(Hours::parse(",25"), Ok(Hours(25)));
        assert_eq!(Hours::parse("0"), Ok(Hours(0)));
    }

    #[test]
    fn refuses_what_is_not_hours() {
        assert_eq!(Hours::parse(""), Err(HoursError::Empty));
        assert_eq!(Hours::parse("-1"), Err(HoursError::Negative));
        assert_eq!(Hours::parse("7,555"), Err(HoursError::TooPrecise));
        assert_eq!(Hours::parse("7h75"), Err(HoursError::BadMinutes));
        assert_eq!(Hours::parse("7h20"), Err(HoursError::TooPrecise));
        assert_eq!(Hours::parse("abc"), Err(HoursError::NotANumber));
        assert_eq!(Hours::parse("NaN"), Err(HoursError::NotANumber));
        assert_eq!(Hours::parse("1,2,3"), Err(HoursError::NotANumber));
        assert_eq!(Hours::parse("."), Err(HoursError::NotANumber));
        assert_eq!(Hours::parse("99999999999"), Err(HoursError::NotANumber));
    }

    #[test]
    fn displays_with_a_decimal_comma() {
        assert_eq!(Hours(750).to_string(), "7,50");
        assert_eq!(Hours(14700).to_string(), "147,00");
        assert_eq!(Hours(5).to_string(), "0,05");
    }

    #[test]
    fn json_numbers_with_two_decimals_round_trip() {
        assert_eq!(Hours::from_f64(7.5), Ok(Hours(750)));
        assert_eq!(Hours::from_f64(0.07), Ok(Hours(7)));
        assert_eq!(Hours::from_f64(7.125), Err(HoursError::TooPrecise));
        assert_eq!(Hours::from_f64(-0.5), Err(HoursError::Negative));
        assert_eq!(Hours::from_f64(f64::NAN), Err(HoursError::NotANumber));
        let json = serde_json_like(Hours(1234));
        assert_eq!(json, 12.34);
    }

    fn serde_json_like(h: Hours) -> f64 {
        h.to_f64()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]
        #[test]
        fn the_parser_never_panics(s in "\\PC{0,20}") {
            let _ = Hours::parse(&s);
        }

        #[test]
        fn display_then_parse_is_identity(h in 0u32..10_000_000) {
            let hours = Hours(h);
            prop_assert_eq!(Hours::parse(&hours.to_string()), Ok(hours));
            prop_assert_eq!(Hours::from_f64(hours.to_f64()), Ok(hours));
        }
    }
}
