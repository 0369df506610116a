//! The hours a grid save sends, and the hours a month view reads back, in one comparable form.

use chrono::{Datelike, NaiveDate, Weekday};
use serde_json::Value;

/// The training hours of each day of a month, in hundredths, as sent or read back.
pub type Grid = Vec<(String, i64)>;

/// The training hours of a month view's days.
pub fn grid_of(month: &Value) -> Grid {
    month["days"]
        .as_array()
        .map(|days| {
            days.iter()
                .filter_map(|d| {
                    let h = (d["training"].as_f64()? * 100.0).round() as i64;
                    (h != 0).then(|| (d["date"].as_str().unwrap_or_default().to_owned(), h))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// New hours for the open weekdays of a month (0.5 to 7 h, varying with `seq`).
pub fn new_grid(month: &Value, seq: u64) -> Grid {
    let days = month["days"].as_array().cloned().unwrap_or_default();
    days.iter()
        .enumerate()
        .filter(|(_, d)| d["in_session"].as_bool() == Some(true) && d["holiday"].is_null())
        .filter_map(|(i, d)| {
            let date = d["date"].as_str()?;
            let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
            if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                return None;
            }
            Some((date.to_owned(), 50 * (1 + ((seq + i as u64) % 14) as i64)))
        })
        .collect()
}
