//! Dossiers, their months and the hours grid.

use chrono::{DateTime, NaiveDate, Utc};
pub use realis_domain::dossier::{DossierState, Scheme};
use realis_domain::grid::{Granularity, GridWarning};
use realis_domain::{Hours, MonthCommand, MonthStatus, Period};
use serde::{Deserialize, Serialize};

use crate::ReadinessView;

/// A beneficiary on a new dossier: an account is created, or reused by e-mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewBeneficiary {
    /// Beneficiary's first name, 1 to 120 characters.
    pub first_name: String,
    /// Beneficiary's last name, 1 to 120 characters (shown in capitals).
    pub last_name: String,
    /// Beneficiary's e-mail address: the beneficiary account with this address is reused, otherwise
    /// one is created and invited by e-mail; an address already used by an account of another role
    /// is refused (422 `email_taken`).
    pub email: String,
}

/// The employer on a new dossier: created, or reused by e-mail within the funder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewEmployer {
    /// The employer's name, 1 to 120 characters.
    pub name: String,
    /// The employer's contact address: the funder's employer with this address is reused, otherwise
    /// created, and so is the employer account of this address (created and invited by e-mail if
    /// needed); an address already used by an account of another role is refused (422
    /// `email_taken`).
    pub email: String,
}

/// One day of the planned calendar («calendrier prévisionnel»).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlannedDayDto {
    /// A day of the session, `YYYY-MM-DD`; each date at most once.
    pub date: NaiveDate,
    /// Planned hours of training that day, at most two decimals; 0 when omitted.
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 7.0))]
    #[serde(default)]
    pub training: Hours,
    /// Planned hours in the company placement that day, at most two decimals; 0 when omitted.
    /// Training + internship is at most 24.
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 0.0))]
    #[serde(default)]
    pub internship: Hours,
}

/// `POST /api/v1/funder/dossiers`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateDossierRequest {
    /// The funder's dossier number («N° dossier»), 1 to 50 characters, unique within the funder.
    pub number: String,
    /// Id of the OF that runs the training: one of this funder's organisations.
    #[serde(deserialize_with = "crate::lenient::integer")]
    pub organisation_id: i64,
    /// The beneficiary (the trainee).
    pub beneficiary: NewBeneficiary,
    /// The beneficiary's employer.
    pub employer: NewEmployer,
    /// Title of the training, 1 to 200 characters. With `training_id` it may be omitted or
    /// empty: the training's title is copied (another title is refused,
    /// `training_title_mismatch`).
    #[serde(default)]
    pub training_title: String,
    /// A training of the organisation's catalogue (`GET
    /// /api/v1/funder/organisations/{organisation_id}/trainings`): the dossier copies its title
    /// and remembers its modality (which decides the certificate's footnote on distance
    /// learning). A training of another organisation, or none with this id, is refused with
    /// `unknown_training` (422). Omitted or null: no training.
    #[serde(default, deserialize_with = "crate::lenient::optional_integer")]
    pub training_id: Option<i64>,
    /// First day of the training session, `YYYY-MM-DD`.
    pub session_start: NaiveDate,
    /// Last day of the training session, `YYYY-MM-DD`: not before `session_start`, at most 5 years
    /// after it.
    pub session_end: NaiveDate,
    /// Date the funder's committee granted the dossier, `YYYY-MM-DD`; omitted or null when not
    /// recorded.
    #[serde(default)]
    pub committee_date: Option<NaiveDate>,
    /// Overrides the funder's granularity: `month`, `day` or `half_day`; omitted or null: the
    /// funder's setting applies.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Option<Granularity>,
    /// The scheme that funds the dossier: `ptp` (projet de transition professionnelle), `vae`,
    /// `bilan` (bilan de compétences) or `apprentissage`; omitted or null: `ptp`. The
    /// certificate ticks the matching «nature de l'action».
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "vae"))]
    pub scheme: Option<Scheme>,
    /// The planned calendar («calendrier prévisionnel»): planned hours per day, on days within the
    /// session only; may be empty.
    #[serde(default)]
    pub planned_calendar: Vec<PlannedDayDto>,
    /// The ERP's own id of the trainee or contract: 1 to 64 printable characters once trimmed,
    /// unique among the organisation's dossiers (422 `external_ref_taken`); omitted or null:
    /// none (`PUT /api/v1/dossiers/{dossier_id}/external-ref` sets it later).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub external_ref: Option<String>,
}

/// `PUT /api/v1/dossiers/{dossier_id}/external-ref`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExternalRefRequest {
    /// The ERP's own id of the trainee or contract: 1 to 64 printable characters once trimmed,
    /// unique among the organisation's dossiers (422 `external_ref_taken`); null (or omitted)
    /// clears it.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 64))]
    pub external_ref: Option<String>,
}

/// A row of «Mes dossiers».
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierSummary {
    /// Id of the dossier.
    pub id: i64,
    /// The funder's dossier number («N° dossier»).
    pub number: String,
    /// Beneficiary's full name, last name in capitals (e.g. «Michelle DUBOIS»).
    pub beneficiary: String,
    /// Title of the training.
    pub training_title: String,
    /// First day of the training session, `YYYY-MM-DD`.
    pub session_start: NaiveDate,
    /// Last day of the training session, `YYYY-MM-DD`.
    pub session_end: NaiveDate,
    /// Date the funder's committee granted the dossier, `YYYY-MM-DD`; null when not recorded.
    pub committee_date: Option<NaiveDate>,
    /// The scheme that funds the dossier.
    pub scheme: Scheme,
    /// The scheme as the portal names it: «PTP», «VAE», «Bilan de compétences», «Apprentissage».
    pub scheme_label: String,
    /// `closed` once the session has ended and every month has been transmitted, else
    /// `in_progress`.
    pub state: DossierState,
    /// The state in French: «Dossier en cours de suivi» or «Dossier clos».
    pub status_label: String,
    /// Name of the OF that runs the training.
    pub organisation_name: String,
    /// The oldest month awaiting the reader's action, e.g. «Février 2020 (En attente de saisie par
    /// l'organisme)»; null when nothing awaits the reader.
    pub pending_action: Option<String>,
    /// The ERP's own id of the trainee or contract; null when none was given.
    #[serde(default)]
    pub external_ref: Option<String>,
}

/// A page of dossiers, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierPage {
    /// The dossiers of this page, newest first.
    pub items: Vec<DossierSummary>,
    /// Dossiers matching `q` that the reader may see, on every page.
    pub total: u64,
    /// The page returned, from 1 (the `page` asked for, 1 by default).
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
    pub per_page: u64,
    /// With `cursor` or `updated_since` (by id, oldest first): the cursor of the next page; null
    /// on the last page and in the paged list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// With `cursor` or `updated_since`: when this page was read, the `updated_since` of the next
    /// walk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub synced_at: Option<DateTime<Utc>>,
}

/// One month of the «Certificats de réalisation» tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthSummary {
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The month's status (`not_open` until the month starts).
    #[cfg_attr(feature = "openapi", schema(example = "awaiting_entry"))]
    pub status: MonthStatus,
    /// The status in French (the guide's label); a contested month says who contested it.
    pub status_label: String,
    /// Hours of presence in training saved for the month (certified or not), at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    /// Hours of presence in the company placement saved for the month, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    /// Hours of absence saved for the month, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
    /// Planned presence hours of the month (training + internship of the planned calendar).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned: Hours,
}

/// A dossier with its parties, dates and months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierView {
    /// Id of the dossier.
    pub id: i64,
    /// The funder's dossier number («N° dossier»).
    pub number: String,
    /// Beneficiary's full name, last name in capitals (e.g. «Michelle DUBOIS»).
    pub beneficiary: String,
    /// The beneficiary's e-mail address: for the OF, the funder and the beneficiary; never shown to
    /// the employer (absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary_email: Option<String>,
    /// Name of the beneficiary's employer.
    pub employer: String,
    /// Id of the OF that runs the training.
    pub organisation_id: i64,
    /// Name of the OF that runs the training.
    pub organisation_name: String,
    /// Title of the training.
    pub training_title: String,
    /// First day of the training session, `YYYY-MM-DD`.
    pub session_start: NaiveDate,
    /// Last day of the training session, `YYYY-MM-DD`.
    pub session_end: NaiveDate,
    /// Date the funder's committee granted the dossier, `YYYY-MM-DD`; null when not recorded.
    pub committee_date: Option<NaiveDate>,
    /// How the hours of this dossier are entered: its own setting, else the funder's.
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Granularity,
    /// The training of the OF's catalogue the dossier was created from; null when none.
    #[serde(default)]
    pub training_id: Option<i64>,
    /// That training's modality when the dossier was created (`presentiel`, `distanciel`,
    /// `mixte`); null without a training. Unless it is `presentiel`, the certificate carries the
    /// footnote on distance learning.
    #[serde(default)]
    pub training_modality: Option<crate::Modality>,
    /// The scheme that funds the dossier.
    pub scheme: Scheme,
    /// The scheme as the portal names it: «PTP», «VAE», «Bilan de compétences», «Apprentissage».
    pub scheme_label: String,
    /// `closed` once the session has ended and every month has been transmitted, else
    /// `in_progress`.
    pub state: DossierState,
    /// The state in French: «Dossier en cours de suivi» or «Dossier clos».
    pub status_label: String,
    /// Training + internship hours of the whole planned calendar.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned_total: Hours,
    /// Training + internship hours of the certified months (certified, awaiting validation,
    /// validated or transmitted).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub done_total: Hours,
    /// Training + internship hours saved in months not certified (yet).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub draft_total: Hours,
    /// One entry per calendar month overlapping the session (partial first and last months
    /// included), oldest first.
    pub months: Vec<MonthSummary>,
    /// The ERP's own id of the trainee or contract, unique among the organisation's dossiers;
    /// null when none was given. The funder and the OF set it (`PUT
    /// /api/v1/dossiers/{dossier_id}/external-ref`).
    #[serde(default)]
    pub external_ref: Option<String>,
    /// When the funder created the dossier, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
}

/// One day of a month, in any granularity (`day`: the `_pm` fields are 0 and the `_am` fields
/// hold the whole day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayView {
    /// The day, `YYYY-MM-DD`.
    pub date: NaiveDate,
    /// French name of the public holiday on this day in the funder's holiday zone (e.g. «Lundi de
    /// Pâques»). Absent on other days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
    /// The day lies within the session dates: hours may be entered only on such days.
    pub in_session: bool,
    /// Hours of training that day (morning + afternoon), at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    /// Hours in the company placement that day (morning + afternoon), at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    /// Hours of training in the morning (`half_day`); in `day` granularity, the whole day's
    /// training.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training_am: Hours,
    /// Hours of training in the afternoon (`half_day`); 0 in `day` granularity.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training_pm: Hours,
    /// Hours in the company placement in the morning (`half_day`); in `day` granularity, the whole
    /// day's.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship_am: Hours,
    /// Hours in the company placement in the afternoon (`half_day`); 0 in `day` granularity.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship_pm: Hours,
    /// Hours of absence that day, at most two decimals.
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
    /// Hours of presence in training, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 147.0))]
    pub training: Hours,
    /// Hours of presence in the company placement, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 0.0))]
    pub internship: Hours,
    /// Hours of absence, at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64, example = 0.0))]
    pub absence: Hours,
}

/// `GET /api/v1/dossiers/{id}/months/{period}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthView {
    /// Id of the dossier.
    pub dossier_id: i64,
    /// The funder's dossier number («N° dossier»).
    pub dossier_number: String,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The month in French, e.g. «Octobre 2026».
    pub period_label: String,
    /// The month's status.
    #[cfg_attr(feature = "openapi", schema(example = "draft"))]
    pub status: MonthStatus,
    /// The status in French; a contested month says who contested it.
    pub status_label: String,
    /// How hours are entered: `month` (save `totals`), `day` or `half_day` (save `days`).
    #[cfg_attr(feature = "openapi", schema(example = "day"))]
    pub granularity: Granularity,
    /// Send it back with the next save; a stale value answers 409.
    pub version: i32,
    /// The month's three totals: in `day` and `half_day`, the sum of the days.
    pub totals: TotalsDto,
    /// Every day of the month (empty in `month` granularity).
    pub days: Vec<DayView>,
    /// Planned presence hours of the month (training + internship of the planned calendar).
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub planned: Hours,
    /// The commands the reader may issue on the month now (the buttons the screens show), given
    /// the reader's role, the month's status, the certification readiness and the online lock:
    /// the API refuses a command not listed (409 `wrong_status`).
    pub allowed_actions: Vec<MonthCommand>,
    /// For OF staff: the organisation's certification readiness for the reader. Absent for other
    /// roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness: Option<ReadinessView>,
    /// Warnings on the saved hours, shown but not blocking (`message` in French).
    pub warnings: Vec<GridWarning>,
    /// When the month last changed, RFC 3339 UTC.
    pub updated_at: DateTime<Utc>,
    /// The current certificate, once certified. Absent before certification, and after a reopening
    /// until the month is certified again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<crate::CertificateView>,
    /// Signed scan and attendance sheets attached for the coming certification (those of the
    /// current certificate are in `certificate.files`).
    #[serde(default)]
    pub files: Vec<crate::MonthFileView>,
    /// Validations and contests of the month, oldest first.
    #[serde(default)]
    pub validations: Vec<crate::ValidationView>,
    /// For OF staff: online certification state. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<crate::OnlineState>,
}
