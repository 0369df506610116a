//! Certification (SPEC F5–F7), evidence (F11) and public verification.

use chrono::{DateTime, NaiveDate, Utc};
use realis_domain::certification::CertificationMode;
use realis_domain::{Hours, MonthStatus, Period, ValidationSetting};
use serde::{Deserialize, Serialize};

use crate::{AuditCheckpoint, ChainView};

/// `POST …/certify`: certification 1, the signed scan having been uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CertifyRequest {
    /// Only `upload` here: online certification goes through `…/code` and `…/code/verify`.
    #[cfg_attr(feature = "openapi", schema(example = "upload"))]
    pub mode: CertificationMode,
}

/// `POST …/code`: send (or resend) the verification code by e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    /// Must be `true`: «J'accepte que mon adresse IP soit utilisée».
    pub ip_consent: bool,
}

/// The code was e-mailed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    pub expires_at: DateTime<Utc>,
    /// No new code before this time.
    pub resend_after: DateTime<Utc>,
    /// Masked address, e.g. `j***@exemple.fr`.
    pub sent_to: String,
    pub code_length: u32,
}

/// `POST …/code/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyCodeRequest {
    pub code: String,
}

/// The current certificate of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateView {
    #[cfg_attr(feature = "openapi", schema(example = "online"))]
    pub mode: CertificationMode,
    pub certified_at: DateTime<Utc>,
    pub certified_by: String,
    /// Printed in the PDF footer; checks at `/verify/{code}`.
    pub verification_code: String,
    /// SHA-256 of the certificate PDF file.
    pub sha256: String,
    /// SHA-256 of the certified data (printed in the electronic-signature block).
    pub data_sha256: String,
    pub superseded: bool,
    /// The validation flow in force when the month was certified: the validations of this
    /// certificate follow it, whatever the funder's setting became since.
    #[serde(default)]
    pub validations: ValidationSetting,
    /// The signed scan and attendance sheets this certificate rests on.
    #[serde(default)]
    pub files: Vec<MonthFileView>,
}

/// A file attached to a month before certification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthFileView {
    pub id: i64,
    /// `signed_certificate` or `attendance_sheet`.
    pub kind: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

/// The state of online certification for the reader (OF staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineState {
    /// Locked after too many wrong codes, until a funder agent unlocks it.
    pub locked: bool,
    /// A live code was sent and expires at this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_expires_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resend_after: Option<DateTime<Utc>>,
    pub code_length: u32,
    pub code_ttl_minutes: u32,
}

/// One step of a month's evidence trail: one record of the audit chain (see [`ChainView`] for
/// how its hash is built and what a party can check).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceItem {
    /// Id of the record in the chain (ascending with time).
    pub id: i64,
    /// When it happened (UTC; hashed with microseconds).
    pub at: DateTime<Utc>,
    /// Stable action name, e.g. `code_sent`, `certified`.
    pub action: String,
    /// French label of the action.
    pub label: String,
    /// Display name of the person who acted.
    pub actor: Option<String>,
    /// Their role: `organisation`, `beneficiary`, `employer`, `funder`.
    pub actor_role: Option<String>,
    /// The IP address, for the OF and the funder only, and only for the online certification
    /// steps, where the certifier consented to it being recorded. Hashed into the record in any
    /// case.
    pub ip: Option<String>,
    /// The browser's user agent, for the OF and the funder only. Hashed into the record in any
    /// case.
    pub user_agent: Option<String>,
    /// SHA-256 (hex) of the action's data.
    pub data_hash: String,
    /// `hash` of the record before it in the chain.
    pub prev_hash: String,
    /// This record's hash (HMAC-SHA256, see [`ChainView`]).
    pub hash: String,
    /// Checked for this answer: the hash is the keyed hash of the record's fields after
    /// `prev_hash`, and the records before and after it link to it.
    pub verified: bool,
}

/// `GET …/evidence`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EvidenceView {
    pub items: Vec<EvidenceItem>,
    /// Every certificate of the month, superseded ones included.
    pub certificates: Vec<CertificateView>,
    /// Whether the audit chain holds (`chain.intact`).
    pub chain_intact: bool,
    /// The verdict in detail: checkpoint, head, first broken record.
    pub chain: ChainView,
}

/// `GET /api/v1/verify/{code}` (public).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicVerification {
    pub verification_code: String,
    pub dossier_number: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    pub period_label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub organisation_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
    pub certified_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(example = "online"))]
    pub mode: CertificationMode,
    pub mode_label: String,
    pub sha256: String,
    pub data_sha256: String,
    pub superseded: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(example = "awaiting_beneficiary"))]
    pub month_status: MonthStatus,
    /// The latest signed checkpoint of the audit chain (the published head).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditCheckpoint>,
}
