//! A calendar month (`YYYY-MM`): the period a certificat de réalisation covers.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    month: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("a period is written YYYY-MM")]
    Format,
    #[error("month must be between 01 and 12")]
    Month,
    #[error("year out of range")]
    Year,
}

const MONTHS_FR: [&str; 12] = [
    "Janvier",
    "Février",
    "Mars",
    "Avril",
    "Mai",
    "Juin",
    "Juillet",
    "Août",
    "Septembre",
    "Octobre",
    "Novembre",
    "Décembre",
];

impl Period {
    pub fn new(year: i32, month: u32) -> Result<Self, PeriodError> {
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month);
        }
        if !(1900..=9999).contains(&year) {
            return Err(PeriodError::Year);
        }
        Ok(Period { year, month })
    }

    /// The month containing a date.
    pub fn of(date: NaiveDate) -> Self {
        Period {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn parse(s: &str) -> Result<Self, PeriodError> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return Err(PeriodError::Format);
        }
        let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
        if !digits(&b[..4]) || !digits(&b[5..]) {
            return Err(PeriodError::Format);
        }
        let year = s[..4].parse().map_err(|_| PeriodError::Format)?;
        let month = s[5..].parse().map_err(|_| PeriodError::Format)?;
        Period::new(year, month)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Every day of the month.
    pub fn days(self) -> impl Iterator<Item = NaiveDate> {
        let last = self.last_day();
        self.first_day().iter_days().take_while(move |d| *d <= last)
    }

    /// The days of this month inside `[start, end]`, or `None` when they do not overlap.
    pub fn clip(self, start: NaiveDate, end: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let from = self.first_day().max(start);
        let to = self.last_day().min(end);
        (from <= to).then_some((from, to))
    }

    /// Every month overlapping a session, partial first and last months included.
    pub fn months_of_session(start: NaiveDate, end: NaiveDate) -> Vec<Period> {
        let mut out = Vec::new();
        if end < start {
            return out;
        }
        let last = Period::of(end);
        let mut p = Period::of(start);
        while p <= last {
            out.push(p);
            p = p.next();
        }
        out
    }

    /// French label, as in the guide: "Septembre 2020".
    pub fn label_fr(self) -> String {
        format!("{} {}", MONTHS_FR[(self.month - 1) as usize], self.year)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = PeriodError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Period::parse(s)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Period::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn parses_and_displays_year_month() {
        let p = Period::parse("2020-09").expect("valid");
        assert_eq!((p.year(), p.month()), (2020, 9));
        assert_eq!(p.to_string(), "2020-09");
        assert_eq!(p.label_fr(), "Septembre 2020");
        assert_eq!(Period::parse("2020-13"), Err(PeriodError::Month));
        assert_eq!(Period::parse("2020-9"), Err(PeriodError::Format));
        assert_eq!(Period::parse("20a0-09"), Err(PeriodError::Format));
        assert_eq!(Period::parse("2020-00"), Err(PeriodError::Month));
    }

    #[test]
    fn knows_its_first_and_last_days() {
        let feb = Period::parse("2024-02").expect("valid");
        assert_eq!(feb.last_day(), d(2024, 2, 29));
        assert_eq!(feb.days().count(), 29);
        let dec = Period::parse("2025-12").expect("valid");
        assert_eq!(dec.last_day(), d(2025, 12, 31));
        assert_eq!(dec.next().to_string(), "2026-01");
    }

    #[test]
    fn iterates_the_months_of_a_session_with_partial_ends() {
        let months = Period::months_of_session(d(2020, 5, 15), d(2021, 9, 25));
        assert_eq!(months.len(), 17);
        assert_eq!(months[0].to_string(), "2020-05");
        assert_eq!(months[16].to_string(), "2021-09");
        assert_eq!(
            months[0].clip(d(2020, 5, 15), d(2021, 9, 25)),
            Some((d(2020, 5, 15), d(2020, 5, 31)))
        );
        assert_eq!(
            months[16].clip(d(2020, 5, 15), d(2021, 9, 25)),
            Some((d(2021, 9, 1), d(2021, 9, 25)))
        );
        assert!(Period::months_of_session(d(2021, 1, 2), d(2021, 1, 1)).is_empty());
        assert_eq!(
            Period::parse("2022-01")
                .expect("valid")
                .clip(d(2020, 5, 15), d(2021, 9, 25)),
            None
        );
    }
}
