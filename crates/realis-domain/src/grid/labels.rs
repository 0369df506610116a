//! How the grid names days in French.

use chrono::{Datelike, NaiveDate};

use crate::Period;

const DAYS_FR: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// The French name of the day: "lundi".
pub fn day_name_fr(date: NaiveDate) -> &'static str {
    DAYS_FR[date.weekday().num_days_from_monday() as usize]
}

/// The grid's row label: "lundi 05".
pub fn day_label_fr(date: NaiveDate) -> String {
    format!("{} {:02}", day_name_fr(date), date.day())
}

/// A day as a sentence names it: "lundi 5 octobre 2026".
pub fn long_date_fr(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        day_name_fr(date),
        date.day(),
        crate::fr::month(Period::of(date))
    )
}

/// "Lundi 5 octobre 2026 : {what}" — an error on a day says which day it is.
pub(crate) fn on_day(date: NaiveDate, what: &str) -> String {
    let day = long_date_fr(date);
    let mut chars = day.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}\u{a0}: {what}", chars.as_str())
}
