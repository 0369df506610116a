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
    /// When the code expires: the funder's code lifetime (5 to 15 minutes) after sending, RFC 3339
    /// UTC.
    pub expires_at: DateTime<Utc>,
    /// No new code may be asked for before this time (60 seconds after this one; at most 5 codes
    /// per hour for a month, beyond which `…/code` answers 429).
    pub resend_after: DateTime<Utc>,
    /// The certifier's address the code was sent to, masked, e.g. `j***@exemple.fr`.
    pub sent_to: String,
    /// Number of digits of the code (the funder's setting, 4 to 8).
    pub code_length: u32,
}

/// `POST …/code/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyCodeRequest {
    /// The code received by e-mail: `code_length` digits.
    pub code: String,
}

/// The current certificate of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateView {
    /// How the month was certified: `upload` (signed scan) or `online` (e-mailed code).
    #[cfg_attr(feature = "openapi", schema(example = "online"))]
    pub mode: CertificationMode,
    /// When the month was certified, RFC 3339 UTC.
    pub certified_at: DateTime<Utc>,
    /// Display name of the OF user who certified.
    pub certified_by: String,
    /// Public verification code, `XXXX-XXXX-XXXX`, printed in the PDF footer: `GET
    /// /api/v1/verify/{code}` (and the page `/verify/{code}`) confirms the certificate without
    /// login.
    pub verification_code: String,
    /// SHA-256 of the certificate PDF file, 64 lowercase hex digits.
    pub sha256: String,
    /// SHA-256 (64 lowercase hex digits) of the certified data (printed in the electronic-signature
    /// block).
    pub data_sha256: String,
    /// The month was reopened by the funder after this certificate: it no longer stands, but stays
    /// in the evidence.
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
    /// Id of the attached file: `GET` or `DELETE
    /// /api/v1/dossiers/{dossier_id}/months/{period}/files/{id}`.
    pub id: i64,
    /// `signed_certificate` (the signed scan, one per month) or `attendance_sheet` (any number).
    pub kind: String,
    /// Type recognised from the file's bytes: `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// Size of the file in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the file, 64 lowercase hex digits.
    pub sha256: String,
    /// When the file was attached, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
}

/// The state of online certification for the reader (OF staff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnlineState {
    /// Locked after too many wrong codes, until a funder agent unlocks it.
    pub locked: bool,
    /// When the live code expires, RFC 3339 UTC. Absent when no usable code is out (none sent,
    /// expired, used, replaced or burnt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_expires_at: Option<DateTime<Utc>>,
    /// Wrong tries left on the live code (3 at first; at 0 the code is burnt). Absent when no
    /// usable code is out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<i32>,
    /// No new code before this time (60 seconds after the latest one), RFC 3339 UTC. Absent when no
    /// code was ever sent for the month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resend_after: Option<DateTime<Utc>>,
    /// Digits of a code (the funder's setting, 4 to 8).
    pub code_length: u32,
    /// Lifetime of a code in minutes (the funder's setting, 5 to 15).
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
    /// Display name of the person who acted; null when the record names no user.
    pub actor: Option<String>,
    /// Their role: `organisation`, `beneficiary`, `employer`, `funder` or `admin`; null when the
    /// record names no user.
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
    /// Every audit record of the month, oldest first.
    pub items: Vec<EvidenceItem>,
    /// Every certificate of the month, superseded ones included, newest first.
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
    /// The certificate's verification code, normalised to `XXXX-XXXX-XXXX` (the code may be typed
    /// in lower case, without dashes, with O for 0 and I or L for 1).
    pub verification_code: String,
    /// Number of the dossier («N° dossier»).
    pub dossier_number: String,
    /// The month certified, `YYYY-MM`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-10", pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub period: Period,
    /// The month in French, e.g. «Octobre 2026».
    pub period_label: String,
    /// First day covered: the first day of the month, or the session's start if later
    /// (`YYYY-MM-DD`).
    pub from: NaiveDate,
    /// Last day covered: the last day of the month, or the session's end if earlier (`YYYY-MM-DD`).
    pub to: NaiveDate,
    /// Name of the OF that certified.
    pub organisation_name: String,
    /// Hours of presence in training, as certified (even if the month was reopened since); a number
    /// with at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub training: Hours,
    /// Hours of presence in the company placement, as certified; at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub internship: Hours,
    /// Hours of absence, as certified; at most two decimals.
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub absence: Hours,
    /// When the month was certified, RFC 3339 UTC.
    pub certified_at: DateTime<Utc>,
    /// How the month was certified: `upload` or `online`.
    #[cfg_attr(feature = "openapi", schema(example = "online"))]
    pub mode: CertificationMode,
    /// The mode in French, e.g. «Certification 100 % en ligne (code par e-mail)».
    pub mode_label: String,
    /// SHA-256 of the certificate PDF, 64 lowercase hex digits: compare it with the file you hold.
    pub sha256: String,
    /// SHA-256 of the certified data (64 lowercase hex digits), as printed in the certificate.
    pub data_sha256: String,
    /// The month was reopened after this certificate, which no longer stands.
    pub superseded: bool,
    /// When it was superseded, RFC 3339 UTC. Absent while the certificate stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_at: Option<DateTime<Utc>>,
    /// The month's status now (it may have moved on since the certification).
    #[cfg_attr(feature = "openapi", schema(example = "awaiting_beneficiary"))]
    pub month_status: MonthStatus,
    /// The latest signed checkpoint of the audit chain (the published head).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditCheckpoint>,
}
