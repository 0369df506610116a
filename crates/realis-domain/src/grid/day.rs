//! The hours of a month: granularities, days and totals.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::Hours;

/// How detailed the entry is: the funder's setting, overridable per dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Granularity {
    /// Three totals for the month.
    Month,
    /// Per day: training, internship, absence.
    #[default]
    Day,
    /// Per day: training and internship per morning/afternoon, absence.
    HalfDay,
}

impl Granularity {
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Month => "month",
            Granularity::Day => "day",
            Granularity::HalfDay => "half_day",
        }
    }

    pub fn parse(s: &str) -> Option<Granularity> {
        [Granularity::Month, Granularity::Day, Granularity::HalfDay]
            .into_iter()
            .find(|g| g.as_str() == s)
    }
}

/// The three totals of a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    pub training: Hours,
    pub internship: Hours,
    pub absence: Hours,
}

impl Totals {
    pub fn all(&self) -> Hours {
        Hours::sum([self.training, self.internship, self.absence])
    }
}

/// One day. In `day` granularity the whole day is in the `_am` fields and `_pm` are zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayHours {
    pub date: NaiveDate,
    pub training_am: Hours,
    pub training_pm: Hours,
    pub internship_am: Hours,
    pub internship_pm: Hours,
    pub absence: Hours,
}

impl DayHours {
    pub fn empty(date: NaiveDate) -> Self {
        DayHours {
            date,
            training_am: Hours::ZERO,
            training_pm: Hours::ZERO,
            internship_am: Hours::ZERO,
            internship_pm: Hours::ZERO,
            absence: Hours::ZERO,
        }
    }

    /// A day in `day` granularity.
    pub fn whole(date: NaiveDate, training: Hours, internship: Hours, absence: Hours) -> Self {
        DayHours {
            training_am: training,
            internship_am: internship,
            absence,
            ..DayHours::empty(date)
        }
    }

    pub fn training(&self) -> Hours {
        Hours::sum([self.training_am, self.training_pm])
    }

    pub fn internship(&self) -> Hours {
        Hours::sum([self.internship_am, self.internship_pm])
    }

    /// Presence hours (training + internship).
    pub fn presence(&self) -> Hours {
        Hours::sum([self.training(), self.internship()])
    }

    pub fn total(&self) -> Hours {
        Hours::sum([self.presence(), self.absence])
    }

    pub fn is_empty(&self) -> bool {
        self.total().is_zero()
    }

    /// The day's hours in the grid's value columns of granularity `g` (see
    /// [`value_column`](super::value_column)): formation, stage, absence; by half-day formation
    /// matin / après-midi, stage matin / après-midi, absence.
    pub fn columns(&self, g: Granularity) -> Vec<Hours> {
        if g == Granularity::HalfDay {
            vec![
                self.training_am,
                self.training_pm,
                self.internship_am,
                self.internship_pm,
                self.absence,
            ]
        } else {
            vec![self.training(), self.internship(), self.absence]
        }
    }
}

/// Sums the days.
pub fn totals_of(days: &[DayHours]) -> Totals {
    Totals {
        training: Hours::sum(days.iter().map(DayHours::training)),
        internship: Hours::sum(days.iter().map(DayHours::internship)),
        absence: Hours::sum(days.iter().map(|d| d.absence)),
    }
}
