//! Certification batches (issue #13): many months certified at once.

use gloo_net::http::Request;
use realis_api_types::{
    CertificationBatchView, CertifyRequest, CodeRequest, CodeSent, CreateCertificationBatch,
    MonthRef, VerifyCodeRequest,
};
use realis_domain::certification::CertificationMode;

use super::{send, url};
use crate::errors::UiError;

const BATCHES: &str = "/certifications/batches";

pub async fn create_batch(months: Vec<MonthRef>) -> Result<CertificationBatchView, UiError> {
    send(
        Request::post(&url(BATCHES)),
        &CreateCertificationBatch { months },
    )
    .await
}

pub async fn send_batch_code(id: i64) -> Result<CodeSent, UiError> {
    send(
        Request::post(&url(&format!("{BATCHES}/{id}/code"))),
        &CodeRequest { ip_consent: true },
    )
    .await
}

pub async fn verify_batch_code(id: i64, code: String) -> Result<CertificationBatchView, UiError> {
    send(
        Request::post(&url(&format!("{BATCHES}/{id}/code/verify"))),
        &VerifyCodeRequest { code },
    )
    .await
}

pub async fn certify_batch_upload(id: i64) -> Result<CertificationBatchView, UiError> {
    send(
        Request::post(&url(&format!("{BATCHES}/{id}/certify"))),
        &CertifyRequest {
            mode: CertificationMode::Upload,
        },
    )
    .await
}

pub async fn batch(id: i64) -> Result<CertificationBatchView, UiError> {
    super::get(&format!("{BATCHES}/{id}")).await
}
