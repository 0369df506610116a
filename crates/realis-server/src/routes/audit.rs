//! The published head of the audit chain and the hash of a record (public, SPEC F11): what a
//! verifier holding a head needs to see that the log was not cut or rewritten below it.

use actix_web::{HttpRequest, get, web};
use realis_api_types::{AuditCheckpoint, AuditRecordHash};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::meta;
use crate::paths::AuditRecordPath;
use crate::routes::responses::RateLimited;

/// Public (no login): the head of the audit chain, signed now if records were added since the
/// last checkpoint. Keep it (it is also in the OFs' daily e-mail and on the verification page):
/// later, `GET /api/v1/audit/records/{id}` must answer the same `hash`. 30 requests per minute
/// per IP (shared with the record look-up).
#[utoipa::path(tag = "certification",
    responses(
        (status = 200, description = "The latest signed checkpoint", body = AuditCheckpoint),
        (status = 404, description = "The log is empty"),
        (status = 409, description = "The chain does not hold: no head is published"),
        RateLimited,
    ))]
#[get("/api/v1/audit/head")]
pub async fn get_audit_head(
    app: web::Data<App>,
    req: HttpRequest,
) -> Result<web::Json<AuditCheckpoint>, ApiError> {
    let ip = meta(&req).ip;
    Ok(web::Json(app.audit_head(ip.as_deref()).await?))
}

/// Public (no login): the hash of one record of the audit chain, nothing of its content, to
/// compare with a published head or a noted evidence item. 404: no such record (the log was cut).
#[utoipa::path(tag = "certification",
    params(AuditRecordPath),
    responses(
        (status = 200, description = "The record's hash", body = AuditRecordHash),
        (status = 404, description = "No such record"),
        RateLimited,
    ))]
#[get("/api/v1/audit/records/{record_id}")]
pub async fn get_audit_record(
    app: web::Data<App>,
    req: HttpRequest,
    path: AuditRecordPath,
) -> Result<web::Json<AuditRecordHash>, ApiError> {
    let ip = meta(&req).ip;
    Ok(web::Json(
        app.audit_record(path.record_id, ip.as_deref()).await?,
    ))
}
