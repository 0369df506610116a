//! Certification batches (issue #13): a large OF certifies many months at once, online with one
//! e-mailed code bound to the whole set and its hours, or with one signed scan per month.

use chrono::{DateTime, Utc};
use realis_domain::certification::CertificationMode;
use realis_domain::{MonthStatus, Period};
use serde::{Deserialize, Serialize};

use crate::{MonthRef, OnlineState, TotalsDto};

/// Most months of one certification batch.
pub const CERTIFICATION_BATCH_MAX: usize = 200;

/// `POST /api/v1/certifications/batches`: the months to certify together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCertificationBatch {
    /// 1 to 200 months of the reader's organisation, each prepared («Je certifie la saisie des
    /// heures») and over. A month of another organisation answers 404 for the whole request; a
    /// month that cannot be certified now answers 422 naming it (`months[i]`).
    pub months: Vec<MonthRef>,
}

/// One month of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchMonthView {
    /// The dossier.
    pub dossier_id: i64,
    /// The funder's dossier number.
    pub dossier_number: String,
    /// The beneficiary, «Prénom NOM».
    pub beneficiary: String,
    /// The month, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10"))]
    pub period: Period,
    /// Its status today.
    pub status: MonthStatus,
    /// The status in French.
    pub status_label: String,
    /// The hours the batch certifies.
    pub totals: TotalsDto,
    /// The month was written (or moved on) since the batch was made: the batch can no longer be
    /// certified; make a new one.
    pub changed: bool,
    /// The signed scan is attached (`PUT …/months/{period}/signed-certificate`): needed by each
    /// month before `POST …/certify` `{mode: "upload"}`.
    pub signed_certificate: bool,
    /// Once certified: the public verification code of this month's certificate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_code: Option<String>,
}

/// `GET /api/v1/certifications/batches/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificationBatchView {
    /// Id of the batch.
    pub id: i64,
    /// When it was made, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
    /// Display name of the OF user who made it (the code goes to them).
    pub created_by: String,
    /// When it was certified, RFC 3339 UTC; null while open.
    pub certified_at: Option<DateTime<Utc>>,
    /// How it was certified; null while open.
    pub mode: Option<CertificationMode>,
    /// The months, in the order sent.
    pub months: Vec<BatchMonthView>,
    /// The hours of all its months added up.
    pub totals: TotalsDto,
    /// The batch's online code: the strictest policy of the funders of its months; `locked` when
    /// any month is locked after wrong codes.
    pub online: OnlineState,
}
