//! Bodies that change a month's hours: saving the grid, and freezing it for certification.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One day sent by the OF. `day` granularity: `training`, `internship`, `absence`;
/// `half_day`: `training_am`, `training_pm`, `internship_am`, `internship_pm`, `absence`.
/// Values are hours with at most two decimals; a bad value is reported on its own field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    /// The day, `YYYY-MM-DD`: in the month and within the session; each date at most once.
    pub date: NaiveDate,
    /// `day` granularity only (refused in `half_day`): hours of training; 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<f64>,
    /// `day` granularity only (refused in `half_day`): hours in the company placement; 0 when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours of training in the morning; 0 when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_am: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours of training in the afternoon; 0 when
    /// omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_pm: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours in the company placement in the
    /// morning; 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_am: Option<f64>,
    /// `half_day` granularity only (refused in `day`): hours in the company placement in the
    /// afternoon; 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_pm: Option<f64>,
    /// Hours of absence that day (both granularities); 0 when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence: Option<f64>,
}

/// The three totals sent in `month` granularity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotalsInput {
    /// Hours of presence in training of the month, at most two decimals; 0 when omitted.
    #[serde(default)]
    pub training: f64,
    /// Hours of presence in the company placement of the month; 0 when omitted.
    #[serde(default)]
    pub internship: f64,
    /// Hours of absence of the month; 0 when omitted.
    #[serde(default)]
    pub absence: f64,
}

/// `PUT /api/v1/dossiers/{id}/months/{period}/hours`: `totals` (month granularity) or `days`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveHoursRequest {
    /// The `version` read with the month; a stale value answers 409 and saves nothing. May be
    /// left out when `If-Match` carries the month's `ETag` instead (a stale one answers 412);
    /// without either the answer is 428.
    #[serde(
        default,
        deserialize_with = "crate::lenient::optional_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i32>,
    /// In `month` granularity only (otherwise 422 `wrong_granularity`): the three totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<TotalsInput>,
    /// In `day` and `half_day` granularity only (otherwise 422 `wrong_granularity`): the days with
    /// hours. It replaces the whole grid: a day not sent has no hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<DayInput>>,
}

/// `POST /api/v1/dossiers/{id}/months/{period}/prepare`: «Je certifie la saisie des heures» + OK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrepareRequest {
    /// Must be `true`: the box «Je certifie la saisie des heures».
    pub hours_certified: bool,
    /// The `version` of the hours the user is looking at. When given and the month changed since
    /// (hours saved from elsewhere), the answer is 409 and nothing is frozen, so one never
    /// certifies other hours than those on screen. `If-Match` with the month's `ETag` may stand
    /// for it (a stale one answers 412).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
}

impl DayInput {
    /// A day of the domain as sent in granularity `g` (`day`: whole-day fields; `half_day`: the
    /// morning and afternoon fields).
    pub fn of(d: &realis_domain::grid::DayHours, g: realis_domain::grid::Granularity) -> DayInput {
        let half = g == realis_domain::grid::Granularity::HalfDay;
        DayInput {
            date: d.date,
            training: (!half).then(|| d.training().to_f64()),
            internship: (!half).then(|| d.internship().to_f64()),
            training_am: half.then_some(d.training_am.to_f64()),
            training_pm: half.then_some(d.training_pm.to_f64()),
            internship_am: half.then_some(d.internship_am.to_f64()),
            internship_pm: half.then_some(d.internship_pm.to_f64()),
            absence: Some(d.absence.to_f64()),
        }
    }
}

impl crate::DayView {
    /// The day as the grid's helpers see it: a holiday of the funder's zone or not, in the
    /// session or not.
    pub fn calendar_day(&self) -> realis_domain::grid::CalendarDay {
        realis_domain::grid::CalendarDay {
            date: self.date,
            holiday: self.holiday.is_some(),
            in_session: self.in_session,
        }
    }

    /// The day's hours.
    pub fn hours(&self) -> realis_domain::grid::DayHours {
        realis_domain::grid::DayHours {
            date: self.date,
            training_am: self.training_am,
            training_pm: self.training_pm,
            internship_am: self.internship_am,
            internship_pm: self.internship_pm,
            absence: self.absence,
        }
    }
}

impl crate::PlannedDayDto {
    /// The planned day as the domain's «Charger le calendrier» reads it.
    pub fn day(&self) -> realis_domain::grid::PlannedDay {
        realis_domain::grid::PlannedDay {
            date: self.date,
            training: self.training,
            internship: self.internship,
        }
    }
}

impl crate::MonthView {
    /// The month's calendar, what «Répartir 7h tous les jours» and «Charger le calendrier» work
    /// on (no day in `month` granularity: `days` is empty there).
    pub fn calendar(&self) -> realis_domain::grid::MonthCalendar {
        realis_domain::grid::MonthCalendar {
            granularity: self.granularity,
            days: self.days.iter().map(crate::DayView::calendar_day).collect(),
        }
    }

    /// The days that have hours.
    pub fn day_hours(&self) -> Vec<realis_domain::grid::DayHours> {
        self.days
            .iter()
            .map(crate::DayView::hours)
            .filter(|d| !d.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use realis_domain::Hours;
    use realis_domain::grid::{DayHours, Granularity};

    use super::DayInput;

    #[test]
    fn a_day_is_sent_in_the_fields_of_its_granularity() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 5).expect("date");
        let d = DayHours {
            training_am: Hours::from_hundredths(350),
            training_pm: Hours::from_hundredths(300),
            absence: Hours::from_whole(1),
            ..DayHours::empty(date)
        };
        let day = DayInput::of(&d, Granularity::Day);
        assert_eq!((day.training, day.internship), (Some(6.5), Some(0.0)));
        assert_eq!((day.training_am, day.absence), (None, Some(1.0)));
        let half = DayInput::of(&d, Granularity::HalfDay);
        assert_eq!((half.training, half.training_am), (None, Some(3.5)));
        assert_eq!(half.training_pm, Some(3.0));
    }
}
