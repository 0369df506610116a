//! French public holidays (jours fériés) per zone, Easter-based days computed.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The holiday calendar a funder uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum HolidayZone {
    #[default]
    Metropole,
    AlsaceMoselle,
    Guadeloupe,
    Martinique,
    Guyane,
    Reunion,
    Mayotte,
}

impl HolidayZone {
    pub const ALL: [HolidayZone; 7] = [
        HolidayZone::Metropole,
        HolidayZone::AlsaceMoselle,
        HolidayZone::Guadeloupe,
        HolidayZone::Martinique,
        HolidayZone::Guyane,
        HolidayZone::Reunion,
        HolidayZone::Mayotte,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            HolidayZone::Metropole => "metropole",
            HolidayZone::AlsaceMoselle => "alsace-moselle",
            HolidayZone::Guadeloupe => "guadeloupe",
            HolidayZone::Martinique => "martinique",
            HolidayZone::Guyane => "guyane",
            HolidayZone::Reunion => "reunion",
            HolidayZone::Mayotte => "mayotte",
        }
    }

    pub fn parse(s: &str) -> Option<HolidayZone> {
        HolidayZone::ALL.into_iter().find(|z| z.as_str() == s)
    }

    /// The day the abolition of slavery is commemorated (loi n° 83-550), if the zone has one.
    fn abolition_day(self) -> Option<(u32, u32)> {
        match self {
            HolidayZone::Martinique => Some((5, 22)),
            HolidayZone::Guadeloupe => Some((5, 27)),
            HolidayZone::Guyane => Some((6, 10)),
            HolidayZone::Reunion => Some((12, 20)),
            HolidayZone::Mayotte => Some((4, 27)),
            HolidayZone::Metropole | HolidayZone::AlsaceMoselle => None,
        }
    }
}

/// Easter Sunday (Gregorian calendar; anonymous algorithm of Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

/// A public holiday: its date and French name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: &'static str,
}

/// The public holidays of a year in a zone, sorted by date.
pub fn public_holidays(year: i32, zone: HolidayZone) -> Vec<Holiday> {
    let fixed = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).unwrap_or(NaiveDate::MIN);
    let easter = easter_sunday(year);
    let mut out = vec![
        Holiday {
            date: fixed(1, 1),
            name: "Jour de l'an",
        },
        Holiday {
            date: easter + Duration::days(1),
            name: "Lundi de Pâques",
        },
        Holiday {
            date: fixed(5, 1),
            name: "Fête du travail",
        },
        Holiday {
            date: fixed(5, 8),
            name: "Victoire 1945",
        },
        Holiday {
            date: easter + Duration::days(39),
            name: "Ascension",
        },
        Holiday {
            date: easter + Duration::days(50),
            name: "Lundi de Pentecôte",
        },
        Holiday {
            date: fixed(7, 14),
            name: "Fête nationale",
        },
        Holiday {
            date: fixed(8, 15),
            name: "Assomption",
        },
        Holiday {
            date: fixed(11, 1),
            name: "Toussaint",
        },
        Holiday {
            date: fixed(11, 11),
            name: "Armistice 1918",
        },
        Holiday {
            date: fixed(12, 25),
            name: "Noël",
        },
    ];
    if zone == HolidayZone::AlsaceMoselle {
        out.push(Holiday {
            date: easter - Duration::days(2),
            name: "Vendredi saint",
        });
        out.push(Holiday {
            date: fixed(12, 26),
            name: "Saint-Étienne",
        });
    }
    if let Some((m, d)) = zone.abolition_day() {
        out.push(Holiday {
            date: fixed(m, d),
            name: "Abolition de l'esclavage",
        });
    }
    out.sort_by_key(|h| h.date);
    out
}

/// The holiday on this date in this zone, if any.
pub fn holiday_on(date: NaiveDate, zone: HolidayZone) -> Option<Holiday> {
    public_holidays(date.year(), zone)
        .into_iter()
        .find(|h| h.date == date)
}

/// A working day: Monday to Friday and not a public holiday of the zone.
pub fn is_working_day(date: NaiveDate, zone: HolidayZone) -> bool {
    is_working(date, holiday_on(date, zone).is_some())
}

/// The working-day rule once the holiday is known (the SPA reads it from the month it received):
/// Monday to Friday and not a public holiday.
pub fn is_working(date: NaiveDate, holiday: bool) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holiday
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn easter_falls_on_the_known_dates() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2019), d(2019, 4, 21));
        assert_eq!(easter_sunday(2000), d(2000, 4, 23));
    }

    #[test]
    fn easter_based_days_follow_easter() {
        let h = public_holidays(2026, HolidayZone::Metropole);
        let find = |name: &str| h.iter().find(|x| x.name == name).map(|x| x.date);
        assert_eq!(find("Lundi de Pâques"), Some(d(2026, 4, 6)));
        assert_eq!(find("Ascension"), Some(d(2026, 5, 14)));
        assert_eq!(find("Lundi de Pentecôte"), Some(d(2026, 5, 25)));
        assert_eq!(h.len(), 11);
        let h24 = public_holidays(2024, HolidayZone::Metropole);
        assert!(
            h24.iter()
                .any(|x| x.date == d(2024, 5, 9) && x.name == "Ascension")
        );
    }

    #[test]
    fn alsace_moselle_adds_good_friday_and_saint_stephen() {
        let h = public_holidays(2026, HolidayZone::AlsaceMoselle);
        assert_eq!(h.len(), 13);
        assert!(holiday_on(d(2026, 4, 3), HolidayZone::AlsaceMoselle).is_some());
        assert!(holiday_on(d(2026, 4, 3), HolidayZone::Metropole).is_none());
        assert!(holiday_on(d(2026, 12, 26), HolidayZone::AlsaceMoselle).is_some());
    }

    #[test]
    fn overseas_departments_add_the_abolition_day() {
        assert!(holiday_on(d(2026, 5, 22), HolidayZone::Martinique).is_some());
        assert!(holiday_on(d(2026, 5, 27), HolidayZone::Guadeloupe).is_some());
        assert!(holiday_on(d(2026, 6, 10), HolidayZone::Guyane).is_some());
        assert!(holiday_on(d(2026, 12, 20), HolidayZone::Reunion).is_some());
        assert!(holiday_on(d(2026, 4, 27), HolidayZone::Mayotte).is_some());
        assert!(holiday_on(d(2026, 5, 22), HolidayZone::Metropole).is_none());
        for z in HolidayZone::ALL {
            assert_eq!(HolidayZone::parse(z.as_str()), Some(z));
        }
    }

    #[test]
    fn seven_hour_fill_of_april_2026_differs_in_alsace_moselle() {
        use crate::grid::{Granularity, MonthContext, fill_seven_hours};
        let ctx = |zone| MonthContext {
            period: crate::Period::new(2026, 4).expect("period"),
            session_start: d(2026, 1, 1),
            session_end: d(2026, 12, 31),
            zone,
            granularity: Granularity::Day,
            planned: crate::Hours::ZERO,
            today: d(2100, 1, 1),
        };
        // April 2026: 22 weekdays, Easter Monday the 6th; Good Friday the 3rd in Alsace-Moselle only.
        assert_eq!(fill_seven_hours(&ctx(HolidayZone::Metropole)).len(), 21);
        let alsace = fill_seven_hours(&ctx(HolidayZone::AlsaceMoselle));
        assert_eq!(alsace.len(), 20);
        assert!(!alsace.iter().any(|x| x.date == d(2026, 4, 3)));
    }

    #[test]
    fn working_days_of_may_2026_differ_between_zones() {
        let may = crate::Period::new(2026, 5).expect("valid");
        let count = |z| may.days().filter(|day| is_working_day(*day, z)).count();
        // May 2026: 21 weekdays; 1st (Fri), 8th (Fri), 14th (Thu, Ascension), 25th (Mon, Pentecost).
        assert_eq!(count(HolidayZone::Metropole), 17);
        assert_eq!(count(HolidayZone::AlsaceMoselle), 17);
        // Martinique adds Friday 22 May.
        assert_eq!(count(HolidayZone::Martinique), 16);
    }
}
