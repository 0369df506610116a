//! Work on many rows at once (issue #13): the drafts of several months as one PDF to print, and
//! the funder's reminder to the organismes de formation late with a period.

use realis_domain::Period;
use serde::{Deserialize, Serialize};

use crate::MonthRef;

/// At most this many months in one drafts PDF.
pub const DRAFTS_MAX: usize = 200;

/// `POST /certifications/drafts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DraftsRequest {
    /// 1 to 200 months of the OF's dossiers, each awaiting certification («Je certifie la saisie
    /// des heures» done), each listed once; printed in this order.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 200))]
    pub months: Vec<MonthRef>,
}

/// `POST /funder/reminders`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReminderRequest {
    /// The month the OFs are late with, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
}

/// What «Relancer les organismes en retard» did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReminderOutcome {
    /// Organismes de formation e-mailed now: one e-mail each, to the organisation's address.
    pub organisations: u64,
    /// Late months listed in those e-mails.
    pub months: u64,
    /// Organismes late with the period but already reminded of it today (by anyone of the
    /// funder): not e-mailed again before tomorrow (Paris time).
    pub already_reminded: u64,
    /// Late months of those organismes, not e-mailed again.
    pub already_reminded_months: u64,
}
