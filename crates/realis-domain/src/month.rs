//! A month of a dossier as the use cases load it: the aggregate they decide on (with
//! [`crate::commands::allowed_commands`] and [`MonthStatus::apply`]) and save back under its
//! version.

use chrono::{DateTime, Utc};

use crate::grid::Totals;
use crate::{MonthStatus, Period};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub id: i64,
    pub dossier_id: i64,
    pub period: Period,
    pub status: MonthStatus,
    /// Bumped by every write; a write based on another version is refused (stale version).
    pub version: i32,
    /// The hours saved for the month.
    pub totals: Totals,
    /// Online certification locked after too many wrong codes.
    pub online_locked: bool,
    /// Wrong codes in a row since the last good one.
    pub failed_code_attempts: i32,
    pub transmission_id: Option<i64>,
    pub transmitted_at: Option<DateTime<Utc>>,
    pub updated_by: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
