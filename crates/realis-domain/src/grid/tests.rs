//! The grid's rules and helpers on May 2026.

use chrono::NaiveDate;

use super::labels::on_day;
use super::*;
use crate::{HolidayZone, Hours, Period};

#[test]
fn an_error_on_a_day_names_the_day() {
    assert_eq!(
        long_date_fr(NaiveDate::from_ymd_opt(2026, 10, 5).expect("date")),
        "lundi 5 octobre 2026"
    );
    assert_eq!(
        on_day(
            NaiveDate::from_ymd_opt(2026, 10, 5).expect("date"),
            "le total de la journée ne peut pas dépasser 24 heures."
        ),
        "Lundi 5 octobre 2026\u{a0}: le total de la journée ne peut pas dépasser 24 heures."
    );
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn ctx(g: Granularity, zone: HolidayZone) -> MonthContext {
    MonthContext {
        period: Period::new(2026, 5).expect("period"),
        session_start: d(2026, 5, 4),
        session_end: d(2027, 6, 30),
        zone,
        granularity: g,
        planned: Hours::from_whole(100),
        today: d(2100, 1, 1),
    }
}

#[test]
fn hours_on_days_to_come_are_flagged() {
    let mut c = ctx(Granularity::Day, HolidayZone::Metropole);
    c.today = d(2026, 5, 12);
    let g = validate_grid(
        &c,
        GridInput::Days(vec![
            DayHours::whole(d(2026, 5, 12), h(7), h(0), h(0)),
            DayHours::whole(d(2026, 5, 13), h(7), h(0), h(0)),
        ]),
    )
    .expect("valid");
    let w: Vec<_> = g
        .warnings
        .iter()
        .filter(|w| w.code.code() == "future_day")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].date, Some(d(2026, 5, 13)));
    assert!(
        w[0].message.contains("mercredi 13 mai 2026"),
        "{}",
        w[0].message
    );
}

fn h(x: u32) -> Hours {
    Hours::from_whole(x)
}

#[test]
fn seven_hours_skip_weekends_holidays_and_days_before_the_session() {
    let days = fill_seven_hours(&ctx(Granularity::Day, HolidayZone::Metropole));
    // May 2026 from the 4th: 20 weekdays, minus the 8th, the 14th (Ascension), the 25th (Pentecost).
    assert_eq!(days.len(), 17);
    assert!(days.iter().all(|x| x.training() == h(7)));
    assert!(!days.iter().any(|x| x.date == d(2026, 5, 14)));
    let martinique = fill_seven_hours(&ctx(Granularity::Day, HolidayZone::Martinique));
    assert_eq!(
        martinique.len(),
        16,
        "22 May is the abolition day in Martinique"
    );
    let half = fill_seven_hours(&ctx(Granularity::HalfDay, HolidayZone::Metropole));
    assert_eq!(half[0].training_am, Hours::from_hundredths(350));
    assert_eq!(totals_of(&half).training, h(17 * 7));
}

#[test]
fn totals_are_always_the_sum_of_the_days() {
    let c = ctx(Granularity::Day, HolidayZone::Metropole);
    let g = validate_grid(
        &c,
        GridInput::Days(vec![
            DayHours::whole(d(2026, 5, 4), h(7), h(0), h(0)),
            DayHours::whole(
                d(2026, 5, 5),
                Hours::from_hundredths(350),
                h(3),
                Hours::from_hundredths(50),
            ),
            DayHours::empty(d(2026, 5, 6)),
        ]),
    )
    .expect("valid");
    assert_eq!(
        g.totals,
        Totals {
            training: Hours::from_hundredths(1050),
            internship: h(3),
            absence: Hours::from_hundredths(50)
        }
    );
    assert_eq!(g.days.len(), 2, "empty days are not kept");
}

#[test]
fn hours_outside_the_session_or_month_and_over_24h_are_refused() {
    let c = ctx(Granularity::Day, HolidayZone::Metropole);
    let issues = validate_grid(
        &c,
        GridInput::Days(vec![
            DayHours::whole(d(2026, 5, 1), h(7), h(0), h(0)),
            DayHours::whole(d(2026, 6, 1), h(7), h(0), h(0)),
            DayHours::whole(d(2026, 5, 6), h(20), h(5), h(0)),
            DayHours::whole(d(2026, 5, 6), h(1), h(0), h(0)),
        ]),
    )
    .expect_err("refused");
    let codes: Vec<(&str, &str)> = issues
        .iter()
        .map(|i| (i.field.as_str(), i.code.code()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("days[0].date", "outside_session"),
            ("days[1].date", "outside_month"),
            ("days[2].absence", "day_over_24h"),
            ("days[3].date", "duplicate_date"),
        ]
    );
}

#[test]
fn a_half_day_over_12h_is_refused_and_day_mode_has_no_afternoons() {
    let c = ctx(Granularity::HalfDay, HolidayZone::Metropole);
    let mut day = DayHours::empty(d(2026, 5, 6));
    day.training_pm = h(13);
    let issues = validate_grid(&c, GridInput::Days(vec![day])).expect_err("refused");
    assert_eq!(issues[0].code.code(), "half_day_over_12h");
    let c = ctx(Granularity::Day, HolidayZone::Metropole);
    let mut day = DayHours::whole(d(2026, 5, 6), h(2), h(0), h(0));
    day.training_pm = h(1);
    assert_eq!(
        validate_grid(&c, GridInput::Days(vec![day])).expect_err("refused")[0]
            .code
            .code(),
        "wrong_granularity"
    );
}

#[test]
fn warnings_cover_long_days_long_weeks_sundays_holidays_and_planned_hours() {
    let mut c = ctx(Granularity::Day, HolidayZone::AlsaceMoselle);
    c.planned = h(40);
    let days = vec![
        DayHours::whole(d(2026, 5, 4), h(11), h(0), h(0)),
        DayHours::whole(d(2026, 5, 5), h(10), h(0), h(0)),
        DayHours::whole(d(2026, 5, 6), h(10), h(0), h(0)),
        DayHours::whole(d(2026, 5, 7), h(10), h(0), h(0)),
        DayHours::whole(d(2026, 5, 8), h(8), h(0), h(0)),
        DayHours::whole(d(2026, 5, 10), h(2), h(0), h(0)),
    ];
    let g = validate_grid(&c, GridInput::Days(days)).expect("valid, with warnings");
    let codes: Vec<&str> = g.warnings.iter().map(|w| w.code.code()).collect();
    assert_eq!(
        codes,
        vec![
            "day_over_10h",
            "public_holiday",
            "sunday",
            "week_over_48h",
            "over_planned"
        ]
    );
    assert!(g.warnings[1].message.contains("Victoire 1945"));
}

#[test]
fn month_granularity_takes_totals_bounded_by_the_session_days() {
    let c = ctx(Granularity::Month, HolidayZone::Metropole);
    let t = Totals {
        training: h(147),
        internship: h(0),
        absence: h(0),
    };
    assert_eq!(
        validate_grid(&c, GridInput::Totals(t))
            .expect("valid")
            .totals,
        t
    );
    let huge = Totals {
        training: h(24 * 29),
        ..t
    };
    assert_eq!(
        validate_grid(&c, GridInput::Totals(huge)).expect_err("refused")[0]
            .code
            .code(),
        "month_over_capacity"
    );
    assert_eq!(
        validate_grid(&c, GridInput::Days(vec![])).expect_err("refused")[0]
            .code
            .code(),
        "wrong_granularity"
    );
}

#[test]
fn the_planned_calendar_loads_into_the_grid() {
    let c = ctx(Granularity::HalfDay, HolidayZone::Metropole);
    let planned = vec![
        PlannedDay {
            date: d(2026, 5, 4),
            training: Hours::from_hundredths(701),
            internship: h(0),
        },
        PlannedDay {
            date: d(2026, 5, 5),
            training: h(0),
            internship: h(7),
        },
        PlannedDay {
            date: d(2026, 4, 30),
            training: h(7),
            internship: h(0),
        },
    ];
    let days = load_planned(&c, &planned);
    assert_eq!(days.len(), 2);
    assert_eq!(
        (days[0].training_am, days[0].training_pm),
        (Hours::from_hundredths(351), Hours::from_hundredths(350))
    );
    assert_eq!(days[1].internship(), h(7));
    assert_eq!(
        planned_total(c.period, &planned),
        Hours::from_hundredths(1401)
    );
}

#[test]
fn every_warning_code_serialises_as_its_wire_name_and_has_a_french_message() {
    for &code in GridWarningCode::ALL {
        let json = serde_json::to_value(code).expect("serialise");
        assert_eq!(json, serde_json::json!(code.code()), "{code:?}");
        assert_eq!(
            serde_json::from_value::<GridWarningCode>(json).ok(),
            Some(code)
        );
        assert!(!code.message_fr().trim().is_empty(), "{code:?}");
    }
}
