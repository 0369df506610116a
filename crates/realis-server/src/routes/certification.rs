//! Certification of a month (SPEC F5, F6), its evidence (F11) and the public verification (F7).

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use realis_api_types::{
    CertifyRequest, CodeRequest, CodeSent, EvidenceView, MonthView, PublicVerification,
    VerifyCodeRequest,
};
use realis_app::App;
use realis_app::month_files::FileRef;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, attachment, meta, read_body};
use crate::paths::{MonthFilePath, MonthPath, VerificationPath};
use crate::routes::responses::{
    AwaitingCertification, BinaryFile, DocumentUpload, FunderAgentOnly, OfStaffOnly, RateLimited,
    UploadBudget,
};

/// «Joindre le certificat de réalisation signé»: the printed, signed and stamped certificate,
/// scanned (PDF, PNG or JPEG recognised from its bytes, ≤ 10 MB). Replaces a previous scan.
/// Only while the month is `awaiting_certification`, checked before the body is read. Images are
/// stored in 8 bits on white; PDFs lose any active content and otherwise stay as sent.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    request_body(content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PDF, PNG or JPEG bytes; the type is read from the bytes, so any of these content types (or `application/octet-stream`) may be declared"),
    responses(
        (status = 200, description = "Attached", body = MonthView),
        OfStaffOnly,
        AwaitingCertification,
        DocumentUpload,
        (status = 422, description = "Empty or unreadable"),
        UploadBudget,
    ))]
#[put("/api/v1/dossiers/{dossier_id}/months/{period}/signed-certificate")]
pub async fn put_signed_certificate(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    payload: web::Payload,
) -> Result<web::Json<MonthView>, ApiError> {
    let permit = app
        .authorise_signed_certificate(&actor, path.dossier_id.0, path.period)
        .await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(web::Json(
        app.attach_month_file(permit, body, &meta(&req)).await?,
    ))
}

/// Deletes the signed scan before certifying.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    responses(
        (status = 200, description = "Deleted", body = MonthView),
        (status = 404, description = "No scan, or not yours"),
        AwaitingCertification,
    ))]
#[delete("/api/v1/dossiers/{dossier_id}/months/{period}/signed-certificate")]
pub async fn delete_signed_certificate(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.delete_month_file(
            &actor,
            path.dossier_id.0,
            path.period,
            FileRef::SignedCertificate,
            &meta(&req),
        )
        .await?,
    ))
}

/// «Joindre l'attestation de présence»: adds one attendance sheet (repeatable, 20 at most;
/// PDF, PNG or JPEG ≤ 10 MB).
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    request_body(content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"), (BinaryFile = "application/octet-stream")), description = "PDF, PNG or JPEG bytes; the type is read from the bytes, so any of these content types (or `application/octet-stream`) may be declared"),
    responses(
        (status = 201, description = "Attached", body = MonthView),
        OfStaffOnly,
        AwaitingCertification,
        DocumentUpload,
        (status = 422, description = "Empty, unreadable, or too many sheets"),
        UploadBudget,
    ))]
#[post("/api/v1/dossiers/{dossier_id}/months/{period}/attendance-sheets")]
pub async fn add_attendance_sheet(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let permit = app
        .authorise_attendance_sheet(&actor, path.dossier_id.0, path.period)
        .await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(HttpResponse::Created().json(app.attach_month_file(permit, body, &meta(&req)).await?))
}

/// Downloads a file attached to the month (signed scan or attendance sheet).
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthFilePath),
    responses(
        (status = 200, description = "The file: PDF, PNG or JPEG, as uploaded", content((BinaryFile = "application/pdf"), (BinaryFile = "image/png"), (BinaryFile = "image/jpeg"))),
    ))]
#[get("/api/v1/dossiers/{dossier_id}/months/{period}/files/{file_id}")]
pub async fn get_month_file(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: MonthFilePath,
) -> Result<HttpResponse, ApiError> {
    Ok(attachment(
        app.month_file(&actor, path.dossier_id.0, path.period, path.file_id.0)
            .await?,
    ))
}

/// Removes an attached file before certifying.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthFilePath),
    responses(
        (status = 200, description = "Deleted", body = MonthView),
        AwaitingCertification,
    ))]
#[delete("/api/v1/dossiers/{dossier_id}/months/{period}/files/{file_id}")]
pub async fn delete_month_file(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthFilePath,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.delete_month_file(
            &actor,
            path.dossier_id.0,
            path.period,
            FileRef::Id(path.file_id.0),
            &meta(&req),
        )
        .await?,
    ))
}

/// «Certifier» (certification 1): the signed scan must be attached; the month moves to the next
/// step of the funder's validation setting and the final PDF is stored with its SHA-256.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    request_body(content = CertifyRequest, example = json!({"mode": "upload"})),
    responses(
        (status = 200, description = "Certified", body = MonthView),
        AwaitingCertification,
        (status = 422, description = "No signed scan, identity incomplete, month in progress"),
    ))]
#[post("/api/v1/dossiers/{dossier_id}/months/{period}/certify")]
pub async fn certify(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<CertifyRequest>,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.certify_upload(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
            .await?,
    ))
}

/// «Envoyer le code de vérification par e-mail» (and «Renvoyer un nouveau code»): e-mails a
/// one-time code to the signed-in certifier; the previous code is void. At most one per 60 s
/// and 5 per hour per month (429 + `Retry-After`).
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    request_body(content = CodeRequest, example = json!({"ip_consent": true})),
    responses(
        (status = 202, description = "Sent", body = CodeSent),
        (status = 409, description = "Not awaiting certification, or online certification locked (`online_locked`)"),
        (status = 422, description = "Consent not given, online certification not available"),
        (status = 429, description = "Sent too recently"),
    ))]
#[post("/api/v1/dossiers/{dossier_id}/months/{period}/code")]
pub async fn send_code(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<CodeRequest>,
) -> Result<HttpResponse, ApiError> {
    let sent: CodeSent = app
        .send_code(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
        .await?;
    Ok(HttpResponse::Accepted().json(sent))
}

/// Enters the code: the right one certifies the month (single use, bound to the hours shown);
/// a wrong one answers 422 `wrong_code` with `attempts_left` (3 tries per code; 10 wrong in a
/// row lock online certification of the month).
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    request_body(content = VerifyCodeRequest, example = json!({"code": "482913"})),
    responses(
        (status = 200, description = "Certified", body = MonthView),
        (status = 409, description = "Not awaiting certification, or locked (`online_locked`)"),
        (status = 410, description = "No live code: expired, used, replaced, burnt, or hours changed (`code_expired`)"),
        (status = 422, description = "Wrong code (`wrong_code`, `attempts_left`)"),
    ))]
#[post("/api/v1/dossiers/{dossier_id}/months/{period}/code/verify")]
pub async fn verify_code(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<VerifyCodeRequest>,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.verify_code(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
            .await?,
    ))
}

/// «Historique / preuves»: every audited step of the month (who, when, what; for the OF and the
/// funder also the user agent and, where the certifier consented, the IP), its certificates
/// (superseded ones too) and the chain's verdict, checked from the latest signed checkpoint
/// (see `ChainView` for what each field is and how the hashes are built). 30 requests per
/// minute per user.
#[utoipa::path(tag = "certification", security(("bearer" = [])),
    params(MonthPath),
    responses(
        (status = 200, description = "Evidence trail", body = EvidenceView),
        RateLimited,
    ))]
#[get("/api/v1/dossiers/{dossier_id}/months/{period}/evidence")]
pub async fn get_evidence(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<web::Json<EvidenceView>, ApiError> {
    Ok(web::Json(
        app.month_evidence(&actor, path.dossier_id.0, path.period)
            .await?,
    ))
}

/// Unlocks online certification of a month locked after ten wrong codes (funder agent).
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(MonthPath),
    responses(
        (status = 200, description = "Unlocked", body = MonthView),
        FunderAgentOnly,
        (status = 404, description = "Missing or another funder's"),
        (status = 409, description = "Not locked"),
    ))]
#[post("/api/v1/funder/dossiers/{dossier_id}/months/{period}/unlock-online")]
pub async fn unlock_online(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.unlock_online(&actor, path.dossier_id.0, path.period, &meta(&req))
            .await?,
    ))
}

/// Public (no login): confirms that a certificate exists, with its dossier number, period, hours,
/// certification date and mode, SHA-256, whether it was superseded, and the latest signed head
/// of the audit chain. 30 requests per minute per IP.
#[utoipa::path(tag = "certification",
    params(VerificationPath),
    responses(
        (status = 200, description = "Certificate found", body = PublicVerification),
        (status = 404, description = "No certificate has this code"),
        RateLimited,
    ))]
#[get("/api/v1/verify/{verification_code}")]
pub async fn verify_certificate(
    app: web::Data<App>,
    req: HttpRequest,
    path: VerificationPath,
) -> Result<web::Json<PublicVerification>, ApiError> {
    let ip = meta(&req).ip;
    Ok(web::Json(
        app.verify_certificate(&path.verification_code, ip.as_deref())
            .await?,
    ))
}
