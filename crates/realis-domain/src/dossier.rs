//! A dossier: one beneficiary's funded training at one OF, with its session and the way its
//! hours are entered.

use chrono::{DateTime, NaiveDate, Utc};

use crate::grid::Granularity;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dossier {
    pub id: i64,
    pub funder_id: i64,
    pub organisation_id: i64,
    /// The funder's number, e.g. «2026-IDF-000101».
    pub number: String,
    pub beneficiary_user_id: i64,
    pub beneficiary_first_name: String,
    pub beneficiary_last_name: String,
    pub employer_id: i64,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub committee_date: Option<NaiveDate>,
    /// The dossier's own granularity; `None` follows the funder's setting.
    pub granularity: Option<Granularity>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Dossier {
    /// How its hours are entered: its own granularity, else the funder's.
    pub fn granularity_or(&self, funder: Granularity) -> Granularity {
        self.granularity.unwrap_or(funder)
    }
}
