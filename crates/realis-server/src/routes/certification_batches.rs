//! Certification batches (issue #13): many months of the OF certified at once, online with one
//! e-mailed code or with one signed scan per month.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use realis_api_types::{
    CertificationBatchView, CertifyRequest, CodeRequest, CodeSent, CreateCertificationBatch,
    VerifyCodeRequest,
};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::paths::CertificationBatchPath;
use crate::routes::responses::OfStaffOnly;

/// Makes a batch of up to 200 of the OF's months to certify together (each prepared with «Je
/// certifie la saisie des heures» and over), and answers it with each month's hours and the
/// total. The batch keeps each month's `version`: a month written afterwards makes the batch
/// refuse certification (409 `batch_month_changed`, naming it in `errors`). A month of another
/// organisation answers 404 for the whole request.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    request_body(content = CreateCertificationBatch, example = json!({"months": [{"dossier_id": 12, "period": "2026-10"}, {"dossier_id": 13, "period": "2026-10"}]})),
    responses(
        (status = 201, description = "Made", body = CertificationBatchView),
        OfStaffOnly,
        (status = 404, description = "A month that does not exist or is not the organisation's"),
        (status = 422, description = "No month, over 200, a month twice, or a month not certifiable now (`months[i]`)"),
    ))]
#[post("/api/v1/certifications/batches")]
pub async fn create_batch(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    body: Json<CreateCertificationBatch>,
) -> Result<HttpResponse, ApiError> {
    let batch = app.create_certification_batch(&actor, &body).await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!("/api/v1/certifications/batches/{}", batch.id),
        ))
        .json(batch))
}

/// A batch: its months as they are now (`changed` when one was written since), the totals, the
/// state of its code, and once certified each month's verification code.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(CertificationBatchPath),
    responses(
        (status = 200, description = "The batch", body = CertificationBatchView),
        OfStaffOnly,
        (status = 404, description = "No such batch in the organisation"),
    ))]
#[get("/api/v1/certifications/batches/{batch_id}")]
pub async fn get_batch(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: CertificationBatchPath,
) -> Result<web::Json<CertificationBatchView>, ApiError> {
    Ok(web::Json(
        app.get_certification_batch(&actor, path.batch_id).await?,
    ))
}

/// «Envoyer le code de vérification par e-mail» for the whole batch: one code, bound to exactly
/// these months and their hours (an edit of any of them voids it), e-mailed to the signed-in
/// certifier with the list of months; the batch's previous code is void. The code policy is the
/// strictest of the months' funders. At most one per 60 s and 5 per hour per batch (429 +
/// `Retry-After`).
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(CertificationBatchPath),
    request_body(content = CodeRequest, example = json!({"ip_consent": true})),
    responses(
        (status = 202, description = "Sent", body = CodeSent),
        (status = 409, description = "A month changed since the batch was made (`batch_month_changed`), or a month's online certification is locked (`online_locked`)"),
        (status = 422, description = "Consent not given, online certification not available"),
        (status = 429, description = "Sent too recently"),
    ))]
#[post("/api/v1/certifications/batches/{batch_id}/code")]
pub async fn send_batch_code(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: CertificationBatchPath,
    body: Json<CodeRequest>,
) -> Result<HttpResponse, ApiError> {
    let sent: CodeSent = app
        .send_batch_code(&actor, path.batch_id, &body, &meta(&req))
        .await?;
    Ok(HttpResponse::Accepted().json(sent))
}

/// Enters the batch's code: the right one certifies every month of the batch in one
/// transaction (one certificate and PDF per month, each with its verification code; the
/// validators e-mailed; webhooks `month.certified` per month), or none of them. A wrong code
/// answers 422 `wrong_code` with `attempts_left` (3 tries per code; it counts against each
/// month: 10 wrong in a row lock their online certification).
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(CertificationBatchPath),
    request_body(content = VerifyCodeRequest, example = json!({"code": "482913"})),
    responses(
        (status = 200, description = "Every month certified", body = CertificationBatchView),
        (status = 409, description = "A month changed (`batch_month_changed`, named in `errors`), or locked (`online_locked`)"),
        (status = 410, description = "No live code: expired, used, replaced or burnt (`code_expired`)"),
        (status = 422, description = "Wrong code (`wrong_code`, `attempts_left`)"),
    ))]
#[post("/api/v1/certifications/batches/{batch_id}/code/verify")]
pub async fn verify_batch_code(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: CertificationBatchPath,
    body: Json<VerifyCodeRequest>,
) -> Result<web::Json<CertificationBatchView>, ApiError> {
    Ok(web::Json(
        app.verify_batch_code(&actor, path.batch_id, &body, &meta(&req))
            .await?,
    ))
}

/// Certifies the batch with the signed scans: each month must have its scan attached (`PUT
/// /api/v1/dossiers/{dossier_id}/months/{period}/signed-certificate`); then every month is
/// certified in one transaction, or none.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(CertificationBatchPath),
    request_body(content = CertifyRequest, example = json!({"mode": "upload"})),
    responses(
        (status = 200, description = "Every month certified", body = CertificationBatchView),
        (status = 409, description = "A month changed since the batch was made (`batch_month_changed`)"),
        (status = 422, description = "A month without its signed scan (`months[i]`, `scan_missing`), identity incomplete, or `mode` not `upload`"),
    ))]
#[post("/api/v1/certifications/batches/{batch_id}/certify")]
pub async fn certify_batch(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: CertificationBatchPath,
    body: Json<CertifyRequest>,
) -> Result<web::Json<CertificationBatchView>, ApiError> {
    Ok(web::Json(
        app.certify_batch_upload(&actor, path.batch_id, &body, &meta(&req))
            .await?,
    ))
}
