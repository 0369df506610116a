//! Dossiers, their months and the hours grid.

use chrono::{DateTime, NaiveDate, Utc};
use realis_domain::grid::{Granularity, GridWarning};
use realis_domain::{Hours, MonthCommand, MonthStatus, Period};
use serde::{Deserialize, Serialize};

use crate::ReadinessView;

/// A beneficiary on a new dossier: an account is created, or reused by e-mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBeneficiary {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

/// The employer on a new dossier: created, or reused by e-mail within the funder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEmployer {
    pub name: String,
    pub email: String,
}

/// One day of the planned calendar («calendrier prévisionnel»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlannedDayDto {
    pub date: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 7.0))]
    #[serde(default)]
    pub training: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 0.0))]
    #[serde(default)]
    pub internship: Hours,
}

/// `POST /api/v1/funder/dossiers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDossierRequest {
    pub number: String,
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub organisation_id: i64,
    pub beneficiary: NewBeneficiary,
    pub employer: NewEmployer,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    #[serde(default)]
    pub committee_date: Option<NaiveDate>,
    /// Overrides the funder's granularity: `month`, `day` or `half_day`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Option<Granularity>,
    #[serde(default)]
    pub planned_calendar: Vec<PlannedDayDto>,
}

/// A row of «Mes dossiers».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierSummary {
    pub id: i64,
    pub number: String,
    pub beneficiary: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub committee_date: Option<NaiveDate>,
    /// «Dossier en cours de suivi».
    pub status_label: String,
    pub organisation_name: String,
    /// The oldest month awaiting the reader's action, e.g. «Février 2020 (En attente de saisie…)».
    pub pending_action: Option<String>,
}

/// A page of dossiers, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierPage {
    pub items: Vec<DossierSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// One month of the «Certificats de réalisation» tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthSummary {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    #[cfg_attr(feature = "openapi", schema(example = "awaiting_entry"))]
    pub status: MonthStatus,
    /// The guide's label of the status.
    pub status_label: String,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
    /// Planned presence hours of the month.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned: Hours,
}

/// A dossier with its parties, dates and months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierView {
    pub id: i64,
    pub number: String,
    pub beneficiary: String,
    /// For the OF, the funder and the beneficiary; never shown to the employer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary_email: Option<String>,
    pub employer: String,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub committee_date: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Granularity,
    pub status_label: String,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned_total: Hours,
    /// Training + internship hours of the certified months (certified, awaiting validation,
    /// validated or transmitted).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub done_total: Hours,
    /// Training + internship hours saved in months not certified (yet).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub draft_total: Hours,
    pub months: Vec<MonthSummary>,
    pub created_at: DateTime<Utc>,
}

/// One day of a month, in any granularity (`day`: the `_pm` fields are 0 and the `_am` fields
/// hold the whole day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayView {
    pub date: NaiveDate,
    /// Public holiday name in the funder's zone, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
    pub in_session: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training_am: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training_pm: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship_am: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship_pm: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
    /// Planned hours of the day (training + internship).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned: Hours,
}

/// The three totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotalsDto {
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 147.0))]
    pub training: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 0.0))]
    pub internship: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 0.0))]
    pub absence: Hours,
}

/// `GET /api/v1/dossiers/{id}/months/{period}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthView {
    pub dossier_id: i64,
    pub dossier_number: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    pub period_label: String,
    #[cfg_attr(feature = "openapi", schema(example = "draft"))]
    pub status: MonthStatus,
    pub status_label: String,
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Granularity,
    /// Send it back with the next save; a stale value answers 409.
    pub version: i32,
    pub totals: TotalsDto,
    /// Every day of the month (empty in `month` granularity).
    pub days: Vec<DayView>,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned: Hours,
    /// The commands the reader may issue on the month now (the buttons the screens show); any
    /// other command is refused. Computed by one rule from the reader's role, the status, the
    /// online-certification lock and, for OF staff, the certification readiness.
    pub allowed_actions: Vec<MonthCommand>,
    /// For OF staff: certification readiness.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness: Option<ReadinessView>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub warnings: Vec<GridWarning>,
    pub updated_at: DateTime<Utc>,
    /// The current certificate, once certified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<crate::CertificateView>,
    /// Signed scan and attendance sheets attached before certification.
    #[serde(default)]
    pub files: Vec<crate::MonthFileView>,
    /// Validations and contests of the month, oldest first.
    #[serde(default)]
    pub validations: Vec<crate::ValidationView>,
    /// For OF staff: online certification state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<crate::OnlineState>,
}

/// One day sent by the OF. `day` granularity: `training`, `internship`, `absence`;
/// `half_day`: `training_am`, `training_pm`, `internship_am`, `internship_pm`, `absence`.
/// Values are hours with at most two decimals; a bad value is reported on its own field.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DayInput {
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_am: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_pm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_am: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internship_pm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub absence: Option<f64>,
}

/// The three totals sent in `month` granularity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TotalsInput {
    #[serde(default)]
    pub training: f64,
    #[serde(default)]
    pub internship: f64,
    #[serde(default)]
    pub absence: f64,
}

/// `PUT /api/v1/dossiers/{id}/months/{period}/hours`: `totals` (month granularity) or `days`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveHoursRequest {
    /// The `version` read with the month.
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub version: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<TotalsInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<DayInput>>,
}

/// `POST /api/v1/dossiers/{id}/months/{period}/prepare`: «Je certifie la saisie des heures» + OK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PrepareRequest {
    /// Must be `true`: the box «Je certifie la saisie des heures».
    pub hours_certified: bool,
    /// The `version` of the hours the user is looking at. When given and the month changed since
    /// (hours saved from elsewhere), the answer is 409 and nothing is frozen, so one never
    /// certifies other hours than those on screen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
}
