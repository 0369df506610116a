//! «Tableau de bord»: pending actions.

use chrono::NaiveDate;
use realis_domain::{MonthStatus, Period};
use serde::{Deserialize, Serialize};

/// One pending action on a month of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardItem {
    /// Id of the dossier: the month is `GET /api/v1/dossiers/{dossier_id}/months/{period}`.
    pub dossier_id: i64,
    /// Number of the dossier («N° dossier»).
    pub dossier_number: String,
    /// Beneficiary's full name, last name in capitals (e.g. «Michelle DUBOIS»).
    pub beneficiary: String,
    /// Title of the training («Formation»).
    pub training_title: String,
    /// First day of the training session, `YYYY-MM-DD`.
    pub session_start: NaiveDate,
    /// Last day of the training session, `YYYY-MM-DD`.
    pub session_end: NaiveDate,
    /// The month's status, which awaits the reader's role: for OF staff `awaiting_entry`, `draft`,
    /// `awaiting_certification` or `contested`; `awaiting_beneficiary` for the beneficiary,
    /// `awaiting_employer` for the employer; `certified` or `validated` for a funder agent.
    #[cfg_attr(feature = "openapi", schema(example = "awaiting_entry"))]
    pub status: MonthStatus,
    /// The status in French; a contested month says who contested it.
    #[cfg_attr(feature = "openapi", schema(example = "Contesté par l'employeur"))]
    pub status_label: String,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// For a contested month: who contested it and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contest: Option<ContestNote>,
}

/// Who contested a month, when, and the reason they gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContestNote {
    /// Who contested: `beneficiary` or `employer`.
    #[cfg_attr(feature = "openapi", schema(example = "employer"))]
    pub role: realis_domain::followup::Validator,
    /// The name of the person who contested.
    pub by: String,
    /// The reason given (mandatory when contesting, so normally present).
    pub comment: Option<String>,
    /// When the month was contested, RFC 3339 UTC.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// `GET /api/v1/dashboard?page=&per_page=`: three sections, the first one paged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    /// Every pending action of the three sections: `total` months, plus the `documents` and
    /// the `certifiers` to review (both listed in full).
    pub pending_count: u64,
    /// One page of the months awaiting the reader's action, oldest period first.
    pub items: Vec<DashboardItem>,
    /// The months awaiting the reader's action, on every page.
    pub total: u64,
    /// The page of `items`, from 1.
    pub page: u64,
    /// The page size of `items`.
    pub per_page: u64,
    /// For a funder agent: Kbis and consent letters awaiting review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<crate::PendingDocument>,
    /// For a funder agent: certifier designations awaiting review.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certifiers: Vec<crate::PendingCertifier>,
}
