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
    /// `validate` or `contest`. Only the validator the month awaits may decide (the beneficiary in
    /// `awaiting_beneficiary`, the employer in `awaiting_employer`): otherwise 409; other roles
    /// 403.
    #[cfg_attr(feature = "openapi", schema(example = "validate"))]
    pub decision: Decision,
    /// Why the hours are contested: mandatory to contest (422 `required`), at most 2000 characters;
    /// optional when validating.
    #[serde(default)]
    pub comment: Option<String>,
}

/// A validation or contest of the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ValidationView {
    /// `beneficiary` or `employer`.
    pub role: String,
    /// `validate` or `contest`.
    #[cfg_attr(feature = "openapi", schema(example = "contest"))]
    pub decision: Decision,
    /// The comment given; null when none (a contest always has one).
    pub comment: Option<String>,
    /// Display name of the person who decided.
    pub by: String,
    /// When the decision was made, RFC 3339 UTC.
    pub at: DateTime<Utc>,
}

/// `POST /funder/dossiers/{id}/payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PaymentRequest {
    /// The month paid for, `YYYY-MM`: a month of the dossier's session (422 `not_in_session`
    /// otherwise).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// `advance` (never locks the month) or `settlement` (locks a month not yet certified: it
    /// becomes `locked_paid`).
    #[cfg_attr(feature = "openapi", schema(example = "settlement"))]
    pub kind: PaymentKind,
    /// Amount in euro cents, an integer from 1 to 10 000 000 000 (e.g. `123456` for 1 234,56 €).
    #[serde(deserialize_with = "crate::lenient::integer")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub amount_cents: i64,
    /// Date of the payment, `YYYY-MM-DD`.
    pub paid_on: NaiveDate,
    /// The funder's reference of the payment, 1 to 100 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub reference: String,
}

/// One payment («Règlements» tab).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    /// Id of the payment.
    pub id: i64,
    /// The month paid for, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The month in French, e.g. «Octobre 2026».
    pub period_label: String,
    /// `advance` or `settlement`.
    #[cfg_attr(feature = "openapi", schema(example = "settlement"))]
    pub kind: PaymentKind,
    /// The kind in French: «Avance» or «Règlement».
    pub kind_label: String,
    /// Amount in euro cents.
    pub amount_cents: i64,
    /// The amount in French notation, e.g. «1 234,56 €».
    pub amount_label: String,
    /// Date of the payment, `YYYY-MM-DD`.
    pub paid_on: NaiveDate,
    /// The funder's reference of the payment.
    pub reference: String,
    /// When the payment was recorded, RFC 3339 UTC.
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
    /// How the OFs enter hours on this funder's dossiers (a dossier may override it): `month`,
    /// `day` or `half_day`.
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Granularity,
    /// Validations required after certification: `none`, `beneficiary`, `employer` or `both`
    /// (beneficiary first). A change applies to months certified afterwards only.
    #[cfg_attr(feature = "openapi", schema(example = "beneficiary"))]
    pub validations: ValidationSetting,
    /// Digits of the online certification code, 4 to 8 (6 by default).
    #[serde(deserialize_with = "crate::lenient::integer")]
    #[cfg_attr(feature = "openapi", schema(minimum = 4, maximum = 8))]
    pub code_length: u32,
    /// Lifetime of an online certification code in minutes, 5 to 15 (10 by default).
    #[serde(deserialize_with = "crate::lenient::integer")]
    #[cfg_attr(feature = "openapi", schema(minimum = 5, maximum = 15))]
    pub code_ttl_minutes: u32,
    /// The zone whose public holidays the grid knows: they are named on each day
    /// (`DayView.holiday`), hours on them raise the `public_holiday` warning, and «Répartir 7h tous
    /// les jours» skips them.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MonthRef {
    /// Id of one of the reader's dossiers (the funder's, or the OF's own).
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub dossier_id: i64,
    /// The month, `YYYY-MM`.
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
    /// Id of the transmission.
    pub id: i64,
    /// Number of months transmitted (a month listed twice counts once).
    pub months: usize,
    /// When the transmission was made, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
}

/// A month in the funder's transmission queue or export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderMonthView {
    /// Id of the dossier.
    pub dossier_id: i64,
    /// The funder's dossier number («N° dossier»).
    pub dossier_number: String,
    /// Beneficiary's full name, last name in capitals.
    pub beneficiary: String,
    /// Id of the dossier's organisme de formation.
    pub organisation_id: i64,
    /// Its name.
    pub organisation_name: String,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The month in French, e.g. «Octobre 2026».
    pub period_label: String,
    /// `validated`, or `certified` when no validation is required: the statuses a month is
    /// transmitted from.
    #[cfg_attr(feature = "openapi", schema(example = "validated"))]
    pub status: MonthStatus,
    /// The status in French.
    pub status_label: String,
    /// Hours of presence in training of the month, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    /// Hours of presence in the company placement of the month, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    /// Hours of absence of the month, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
}

/// A payment with its dossier («Règlements» menu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentLine {
    /// Id of the dossier paid for.
    pub dossier_id: i64,
    /// The funder's dossier number («N° dossier»).
    pub dossier_number: String,
    /// Beneficiary's full name, last name in capitals.
    pub beneficiary: String,
    /// The payment.
    pub payment: PaymentView,
}

/// A page of payments, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentPage {
    /// The payments of this page, latest payment date first.
    pub items: Vec<PaymentLine>,
    /// Payments on the reader's dossiers, on every page.
    pub total: u64,
    /// The page returned, from 1 (the `page` asked for, 1 by default).
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
    pub per_page: u64,
}
