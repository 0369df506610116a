//! «Répartir 7h» and «Charger le calendrier» within the session's bounds, and the same results
//! from a calendar built as the SPA builds it.

use chrono::NaiveDate;

use super::*;
use crate::holidays::holiday_on;
use crate::{HolidayZone, Hours, Period};

fn d(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, day).expect("date")
}

/// May 2026, session from Wednesday 13 to Wednesday 20 (Ascension on Thursday 14).
fn ctx(g: Granularity) -> MonthContext {
    MonthContext {
        period: Period::new(2026, 5).expect("period"),
        session_start: d(13),
        session_end: d(20),
        zone: HolidayZone::Metropole,
        granularity: g,
        planned: Hours::ZERO,
        today: d(31),
    }
}

fn dates(days: &[DayHours]) -> Vec<u32> {
    use chrono::Datelike;
    days.iter().map(|x| x.date.day()).collect()
}

#[test]
fn seven_hours_stay_inside_a_session_starting_and_ending_mid_month() {
    let days = fill_seven_hours(&ctx(Granularity::Day));
    // 13, then 15 (the 14th is Ascension), 18, 19, 20: nothing before the 13th nor after the 20th.
    assert_eq!(dates(&days), vec![13, 15, 18, 19, 20]);
    assert!(days.iter().all(|x| x.training() == Hours::from_whole(7)));
}

#[test]
fn the_planned_calendar_loads_only_the_session_days() {
    let planned: Vec<PlannedDay> = [4, 12, 13, 20, 21, 29]
        .into_iter()
        .map(|day| PlannedDay {
            date: d(day),
            training: Hours::from_whole(4),
            internship: Hours::from_whole(3),
        })
        .collect();
    let days = load_planned(&ctx(Granularity::Day), &planned);
    assert_eq!(dates(&days), vec![13, 20]);
    assert_eq!(days[0].internship(), Hours::from_whole(3));
}

#[test]
fn a_calendar_built_from_the_month_days_gives_the_same_helpers() {
    for g in [Granularity::Day, Granularity::HalfDay] {
        let c = ctx(g);
        // What the SPA knows of each day: the holiday's name (or none) and «in session».
        let from_days = MonthCalendar {
            granularity: g,
            days: c
                .period
                .days()
                .map(|date| CalendarDay {
                    date,
                    holiday: holiday_on(date, c.zone).is_some(),
                    in_session: (13..=20).contains(&chrono::Datelike::day(&date)),
                })
                .collect(),
        };
        assert_eq!(from_days, c.calendar());
        assert_eq!(from_days.fill_seven_hours(), fill_seven_hours(&c));
        let planned = [PlannedDay {
            date: d(19),
            training: Hours::from_hundredths(701),
            internship: Hours::ZERO,
        }];
        assert_eq!(from_days.load_planned(&planned), load_planned(&c, &planned));
    }
}

#[test]
fn weekends_and_holidays_are_not_working_days() {
    let cal = ctx(Granularity::Day).calendar();
    let working = |day: u32| cal.days[day as usize - 1].is_working();
    assert!(working(13));
    assert!(!working(14), "Ascension");
    assert!(!working(16), "Saturday");
    assert!(!working(17), "Sunday");
    assert!(working(4), "a working day, even outside the session");
}

#[test]
fn loading_the_calendar_over_entered_hours_replaces_presence_and_keeps_absences() {
    let cal = ctx(Granularity::HalfDay).calendar();
    let current = [
        // Presence typed on a day with nothing planned: cleared.
        DayHours::whole(d(13), Hours::from_whole(5), Hours::ZERO, Hours::ZERO),
        // An absence typed: kept beside the planned presence.
        DayHours::whole(
            d(19),
            Hours::from_whole(2),
            Hours::ZERO,
            Hours::from_whole(3),
        ),
    ];
    let planned = [PlannedDay {
        date: d(19),
        training: Hours::from_hundredths(401),
        internship: Hours::ZERO,
    }];
    let days = cal.load_planned_over(&planned, &current);
    assert_eq!(dates(&days), vec![19]);
    assert_eq!(days[0].training_am, Hours::from_hundredths(201));
    assert_eq!(days[0].training_pm, Hours::from_hundredths(200));
    assert_eq!(days[0].absence, Hours::from_whole(3));
    // Without anything entered, it is the plain helper.
    assert_eq!(
        cal.load_planned_over(&planned, &[]),
        cal.load_planned(&planned)
    );
}
