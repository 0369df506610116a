//! The certificate as the API shows it, and why certifying is refused.

use realis_api_types::{CertificateView, FieldError};
use realis_domain::FieldCode;
use realis_domain::MonthCommand;
use realis_domain::certificate::Certificate;
use realis_domain::certification::CertifyRefusal;
use sha2::{Digest, Sha256};

use crate::AppError;

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Why `command` (certifying in either mode) is refused, as an API error.
pub(crate) fn refusal(command: MonthCommand) -> impl Fn(CertifyRefusal) -> AppError {
    move |r| match r {
        CertifyRefusal::InProgress => AppError::field(
            "period",
            FieldCode::MonthInProgress,
            "Le mois n'est pas terminé\u{a0}: la certification sera possible à partir du dernier jour de session du mois.",
        ),
        CertifyRefusal::WrongStatus(status) => AppError::NotAllowed { command, status },
    }
}

/// The readiness items that stop an action, as field errors on `organisation`.
pub(crate) fn readiness_error(items: &[realis_api_types::ReadinessEntry]) -> AppError {
    AppError::Validation(
        items
            .iter()
            .map(|b| FieldError {
                field: "organisation".into(),
                code: b.code.into(),
                message: b.message.clone(),
            })
            .collect(),
    )
}

/// The certificate as the API shows it.
pub(crate) fn certificate_view(c: &Certificate, certified_by: String) -> CertificateView {
    CertificateView {
        mode: c.mode,
        certified_at: c.certified_at,
        certified_by,
        verification_code: c.verification_code.clone(),
        sha256: c.sha256.clone(),
        data_sha256: sha256_hex(c.data_json.as_bytes()),
        superseded: c.superseded_at.is_some(),
        validations: c.validations,
        files: Vec::new(),
    }
}
