//! French display helpers.

use chrono::NaiveDate;

/// "15/05/2020".
pub fn date_fr(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// "15/05/2020 au 25/09/2021", as in the guide's Session column.
pub fn session_fr(start: NaiveDate, end: NaiveDate) -> String {
    format!("{} au {}", date_fr(start), date_fr(end))
}
