//! Dossiers and their months: hours, preparation, certification.

use gloo_net::http::Request;

use super::{exchange, get, read, send, url};
use crate::errors::UiError;

/// A page of «Mes dossiers»: search words, and the scheme and state filters (`None`: all).
pub async fn dossiers(
    q: String,
    scheme: Option<realis_api_types::Scheme>,
    state: Option<realis_api_types::DossierState>,
    page: u64,
) -> Result<realis_api_types::DossierPage, UiError> {
    let q: String = js_sys::encode_uri_component(&q).into();
    let mut url = format!("/dossiers?q={q}&page={page}&per_page=20");
    if let Some(s) = scheme {
        url.push_str(&format!("&scheme={}", s.as_str()));
    }
    if let Some(s) = state {
        url.push_str(&format!("&state={}", s.as_str()));
    }
    get(&url).await
}

pub async fn dossier(id: i64) -> Result<realis_api_types::DossierView, UiError> {
    get(&format!("/dossiers/{id}")).await
}

pub async fn create_dossier(
    body: realis_api_types::CreateDossierRequest,
) -> Result<realis_api_types::DossierView, UiError> {
    send(Request::post(&url("/funder/dossiers")), &body).await
}

/// Sets (`None`: clears) the dossier's «Référence externe».
pub async fn set_external_ref(
    id: i64,
    external_ref: Option<String>,
) -> Result<realis_api_types::DossierView, UiError> {
    send(
        Request::put(&url(&format!("/dossiers/{id}/external-ref"))),
        &realis_api_types::ExternalRefRequest { external_ref },
    )
    .await
}

pub async fn month(id: i64, period: String) -> Result<realis_api_types::MonthView, UiError> {
    get(&format!("/dossiers/{id}/months/{period}")).await
}

pub async fn planned(
    id: i64,
    period: String,
) -> Result<Vec<realis_api_types::PlannedDayDto>, UiError> {
    get(&format!("/dossiers/{id}/months/{period}/planned")).await
}

pub async fn save_hours(
    id: i64,
    period: String,
    body: realis_api_types::SaveHoursRequest,
) -> Result<realis_api_types::MonthView, UiError> {
    send(
        Request::put(&url(&format!("/dossiers/{id}/months/{period}/hours"))),
        &body,
    )
    .await
}

/// Sends a CSV file to import into the month.
pub async fn import_csv(
    id: i64,
    period: String,
    version: i32,
    file: web_sys::File,
) -> Result<realis_api_types::MonthView, UiError> {
    let req = Request::put(&url(&format!(
        "/dossiers/{id}/months/{period}/template.csv?version={version}"
    )))
    .header("Content-Type", "text/csv");
    let resp = exchange(req.body(file)).await?;
    read(resp).await
}

/// «Je certifie la saisie des heures» + «Ok» on the hours of `version` (those on screen).
pub async fn prepare(
    id: i64,
    period: String,
    version: i32,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::PrepareRequest {
        hours_certified: true,
        version: Some(version),
    };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/prepare"))),
        &body,
    )
    .await
}

/// Sends a file as the raw body of a month upload (signed scan: PUT; attendance sheet: POST).
pub async fn month_upload(
    path: &str,
    post: bool,
    file: web_sys::File,
) -> Result<realis_api_types::MonthView, UiError> {
    let req = if post {
        Request::post(&url(path))
    } else {
        Request::put(&url(path))
    };
    let resp = exchange(req.header("Content-Type", &file.type_()).body(file)).await?;
    read(resp).await
}

pub async fn month_delete(path: &str) -> Result<realis_api_types::MonthView, UiError> {
    let resp = exchange(Request::delete(&url(path)).build()).await?;
    read(resp).await
}

pub async fn certify_upload(
    id: i64,
    period: String,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::CertifyRequest {
        mode: realis_domain::certification::CertificationMode::Upload,
    };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/certify"))),
        &body,
    )
    .await
}

pub async fn send_code(id: i64, period: String) -> Result<realis_api_types::CodeSent, UiError> {
    let body = realis_api_types::CodeRequest { ip_consent: true };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/code"))),
        &body,
    )
    .await
}

pub async fn verify_code(
    id: i64,
    period: String,
    code: String,
) -> Result<realis_api_types::MonthView, UiError> {
    let body = realis_api_types::VerifyCodeRequest { code };
    send(
        Request::post(&url(&format!("/dossiers/{id}/months/{period}/code/verify"))),
        &body,
    )
    .await
}

pub async fn evidence(id: i64, period: String) -> Result<realis_api_types::EvidenceView, UiError> {
    get(&format!("/dossiers/{id}/months/{period}/evidence")).await
}

pub async fn public_verification(
    code: String,
) -> Result<realis_api_types::PublicVerification, UiError> {
    let code: String = js_sys::encode_uri_component(&code).into();
    let resp = Request::get(&url(&format!("/verify/{code}")))
        .send()
        .await
        .map_err(|_| UiError::network())?;
    read(resp).await
}
