//! «Tableau de bord»: pending actions.

use chrono::NaiveDate;
use realis_domain::{MonthStatus, Period};
use serde::{Deserialize, Serialize};

/// One pending action on a month of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardItem {
    pub dossier_id: i64,
    pub dossier_number: String,
    /// Beneficiary's full name.
    pub beneficiary: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(example = "awaiting_entry"))]
    pub status: MonthStatus,
    /// The status in French; a contested month says who contested it.
    #[cfg_attr(feature = "openapi", schema(example = "Contesté par l'employeur"))]
    pub status_label: String,
    /// `YYYY-MM`.
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
    #[cfg_attr(feature = "openapi", schema(example = "employer"))]
    pub role: realis_domain::followup::Validator,
    /// The name of the person who contested.
    pub by: String,
    pub comment: Option<String>,
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
