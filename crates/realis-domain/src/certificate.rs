//! A certificate of a month: how and when the OF certified it, the final PDF's fingerprint and
//! the validation flow recorded with it.

use chrono::{DateTime, Utc};

use crate::ValidationSetting;
use crate::certification::CertificationMode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub id: i64,
    pub month_id: i64,
    pub mode: CertificationMode,
    pub certified_at: DateTime<Utc>,
    pub certified_by: i64,
    /// The code printed on the PDF, checked at `/verify/{code}`.
    pub verification_code: String,
    /// SHA-256 of the final PDF, hex.
    pub sha256: String,
    pub pdf_file_id: Option<i64>,
    pub signed_file_id: Option<i64>,
    /// The certifier's IP, recorded with consent (online certification).
    pub ip: Option<String>,
    /// The certified content (hours, names), JSON as hashed.
    pub data_json: String,
    /// Set when the month was reopened or contested.
    pub superseded_at: Option<DateTime<Utc>>,
    /// The funder's validation setting in force at certification: the flow the validations of
    /// this certificate follow.
    pub validations: ValidationSetting,
    /// The certification batch (issue #13) that certified the month with others, if any.
    pub batch_id: Option<i64>,
}
