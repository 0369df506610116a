//! The month's calendar and the helpers that fill the grid from it: «Répartir 7h tous les jours»
//! and «Charger le calendrier».
//!
//! One implementation for the server and the SPA: the server builds the calendar from the
//! funder's zone and the session dates ([`MonthContext::calendar`]), the SPA from the days of the
//! month it received (each says whether it is a holiday and whether it lies in the session).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{DayHours, Granularity};
use crate::holidays::{holiday_on, is_working};
use crate::{HolidayZone, Hours, Period};

/// What the rules need to know about the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthContext {
    pub period: Period,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub zone: HolidayZone,
    pub granularity: Granularity,
    /// Planned training + internship hours of the month.
    pub planned: Hours,
    /// Today in the funder's time zone: hours on a later day are realised hours not done yet.
    pub today: NaiveDate,
}

impl MonthContext {
    /// The days of the month inside the session.
    pub fn session_days(&self) -> Vec<NaiveDate> {
        match self.period.clip(self.session_start, self.session_end) {
            Some((from, to)) => from.iter_days().take_while(|d| *d <= to).collect(),
            None => Vec::new(),
        }
    }

    pub(crate) fn in_session(&self, d: NaiveDate) -> bool {
        d >= self.session_start && d <= self.session_end && Period::of(d) == self.period
    }

    /// Every day of the month: the zone's holidays and the session dates applied.
    pub fn calendar(&self) -> MonthCalendar {
        MonthCalendar {
            granularity: self.granularity,
            days: self
                .period
                .days()
                .map(|date| CalendarDay {
                    date,
                    holiday: holiday_on(date, self.zone).is_some(),
                    in_session: self.in_session(date),
                })
                .collect(),
        }
    }
}

/// A day of the month as the helpers see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    /// A public holiday in the funder's zone.
    pub holiday: bool,
    /// Inside the session dates: hours may be entered.
    pub in_session: bool,
}

impl CalendarDay {
    /// Monday to Friday and not a public holiday.
    pub fn is_working(&self) -> bool {
        is_working(self.date, self.holiday)
    }
}

/// The days of a month (all of them, in order) and how hours are entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCalendar {
    pub granularity: Granularity,
    pub days: Vec<CalendarDay>,
}

impl MonthCalendar {
    fn day(&self, date: NaiveDate) -> Option<&CalendarDay> {
        self.days.iter().find(|d| d.date == date)
    }

    /// «Répartir 7h tous les jours»: 7 h of training on every working day inside the session
    /// (weekends and the zone's public holidays skipped); in half-day mode 3,50 each half.
    pub fn fill_seven_hours(&self) -> Vec<DayHours> {
        self.days
            .iter()
            .filter(|d| d.in_session && d.is_working())
            .map(|d| match self.granularity {
                Granularity::HalfDay => DayHours {
                    training_am: Hours::from_hundredths(350),
                    training_pm: Hours::from_hundredths(350),
                    ..DayHours::empty(d.date)
                },
                _ => DayHours::whole(d.date, Hours::from_whole(7), Hours::ZERO, Hours::ZERO),
            })
            .collect()
    }

    /// «Charger le calendrier»: the planned hours of the days inside the session copied in
    /// (training into training, internship into internship); in half-day mode split evenly
    /// between morning and afternoon (the odd hundredth in the morning).
    pub fn load_planned(&self, planned: &[PlannedDay]) -> Vec<DayHours> {
        planned
            .iter()
            .filter(|p| self.day(p.date).is_some_and(|d| d.in_session))
            .filter(|p| !(p.training.is_zero() && p.internship.is_zero()))
            .map(|p| match self.granularity {
                Granularity::HalfDay => {
                    let (training_am, training_pm) = halves(p.training);
                    let (internship_am, internship_pm) = halves(p.internship);
                    DayHours {
                        date: p.date,
                        training_am,
                        training_pm,
                        internship_am,
                        internship_pm,
                        absence: Hours::ZERO,
                    }
                }
                _ => DayHours::whole(p.date, p.training, p.internship, Hours::ZERO),
            })
            .collect()
    }

    /// «Charger le calendrier» on a month already entered (`current`, its days with hours): as
    /// the grid does it, the presence hours of every day become the planned ones (none where
    /// nothing is planned) and the absences entered stay. Days left empty are not returned.
    pub fn load_planned_over(&self, planned: &[PlannedDay], current: &[DayHours]) -> Vec<DayHours> {
        let loaded = self.load_planned(planned);
        self.days
            .iter()
            .map(|c| {
                let absence = current
                    .iter()
                    .find(|d| d.date == c.date)
                    .map_or(Hours::ZERO, |d| d.absence);
                let presence = loaded
                    .iter()
                    .find(|d| d.date == c.date)
                    .copied()
                    .unwrap_or_else(|| DayHours::empty(c.date));
                DayHours {
                    absence,
                    ..presence
                }
            })
            .filter(|d| !d.is_empty())
            .collect()
    }
}

/// Morning and afternoon of `h`, the odd hundredth in the morning.
fn halves(h: Hours) -> (Hours, Hours) {
    let am = Hours::from_hundredths(h.hundredths().div_ceil(2));
    (am, Hours::from_hundredths(h.hundredths() - am.hundredths()))
}

/// «Répartir 7h tous les jours» on the month of `ctx` (see [`MonthCalendar::fill_seven_hours`]).
pub fn fill_seven_hours(ctx: &MonthContext) -> Vec<DayHours> {
    ctx.calendar().fill_seven_hours()
}

/// A planned day: training and internship hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedDay {
    pub date: NaiveDate,
    pub training: Hours,
    pub internship: Hours,
}

/// «Charger le calendrier» on the month of `ctx` (see [`MonthCalendar::load_planned`]).
pub fn load_planned(ctx: &MonthContext, planned: &[PlannedDay]) -> Vec<DayHours> {
    ctx.calendar().load_planned(planned)
}

/// Planned presence hours of the month.
pub fn planned_total(period: Period, planned: &[PlannedDay]) -> Hours {
    Hours::sum(
        planned
            .iter()
            .filter(|p| Period::of(p.date) == period)
            .map(|p| Hours::sum([p.training, p.internship])),
    )
}
