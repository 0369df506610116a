//! After certification (SPEC F8–F10): validation, payments, reopen/close, transmission, settings.

use chrono::{DateTime, NaiveDate, Utc};
use realis_domain::followup::{Decision, PaymentKind};
use realis_domain::grid::Granularity;
use realis_domain::{HolidayZone, Hours, MonthStatus, Period, ValidationSetting};
use serde::{Deserialize, Serialize};

/// `POST …/validation` (beneficiary or employer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ValidationRequest {
    #[cfg_attr(feature = "openapi", schema(example = "validate"))]
    pub decision: Decision,
    /// Mandatory to contest.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A validation or contest of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationView {
    /// `beneficiary` or `employer`.
    pub role: String,
    #[cfg_attr(feature = "openapi", schema(example = "contest"))]
    pub decision: Decision,
    pub comment: Option<String>,
    pub by: String,
    pub at: DateTime<Utc>,
}

/// `POST /funder/dossiers/{id}/payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    #[cfg_attr(feature = "openapi", schema(example = "settlement"))]
    pub kind: PaymentKind,
    /// Euros in integer cents, > 0.
    #[serde(deserialize_with = "crate::lenient::integer")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub amount_cents: i64,
    pub paid_on: NaiveDate,
    /// The funder's reference of the payment, 1 to 100 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub reference: String,
}

/// One payment («Règlements» tab).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    pub period_label: String,
    #[cfg_attr(feature = "openapi", schema(example = "settlement"))]
    pub kind: PaymentKind,
    pub kind_label: String,
    pub amount_cents: i64,
    /// «1 234,56 €».
    pub amount_label: String,
    pub paid_on: NaiveDate,
    pub reference: String,
    pub created_at: DateTime<Utc>,
}

/// `POST /funder/dossiers/{id}/months/{period}/reopen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReopenRequest {
    /// Why the month is reopened (shown to the OF), 1 to 500 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 500))]
    pub reason: String,
}

/// The funder's settings (`GET`/`PUT /funder/settings`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct FunderSettingsDto {
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Granularity,
    #[cfg_attr(feature = "openapi", schema(example = "beneficiary"))]
    pub validations: ValidationSetting,
    /// 4 to 8 digits.
    #[serde(deserialize_with = "crate::lenient::integer")]
    #[cfg_attr(feature = "openapi", schema(minimum = 4, maximum = 8))]
    pub code_length: u32,
    /// 5 to 15 minutes.
    #[serde(deserialize_with = "crate::lenient::integer")]
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 15))]
    pub code_ttl_minutes: u32,
    #[cfg_attr(feature = "openapi", schema(example = "metropole"))]
    pub holiday_zone: HolidayZone,
    /// The funder's public site, where the portal's «Retour au site» leads (`https://` is
    /// added when no scheme is given; at most 300 characters). Omitted or null: no link. Like
    /// every field of this `PUT`, leaving it out replaces the stored value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://www.transitionspro-idf.fr", max_length = 300)
    )]
    pub website: Option<String>,
}

/// A month named by dossier and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MonthRef {
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub dossier_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
}

/// `POST /funder/transmissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransmitRequest {
    /// 1 to 1,000 months, transmitted all together or not at all.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub months: Vec<MonthRef>,
}

/// The transmission made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransmissionView {
    pub id: i64,
    pub months: usize,
    pub created_at: DateTime<Utc>,
}

/// A month in the funder's transmission queue or export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderMonthView {
    pub dossier_id: i64,
    pub dossier_number: String,
    pub beneficiary: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    pub period_label: String,
    #[cfg_attr(feature = "openapi", schema(example = "validated"))]
    pub status: MonthStatus,
    pub status_label: String,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
}

/// A payment with its dossier («Règlements» menu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentLine {
    pub dossier_id: i64,
    pub dossier_number: String,
    pub beneficiary: String,
    pub payment: PaymentView,
}

/// A page of payments, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentPage {
    pub items: Vec<PaymentLine>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}
