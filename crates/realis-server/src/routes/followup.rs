//! After certification (SPEC F8–F10): validation, payments, reopen/close, transmission, settings.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use realis_api_types::{
    ErrorCode, FunderMonthView, FunderSettingsDto, MonthView, PaymentRequest, PaymentView,
    ReopenRequest, TransmissionView, TransmitRequest, ValidationRequest,
};
use realis_app::App;
use realis_domain::Period;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, Query, attachment, meta};
use crate::paths::{DossierPath, MonthPath};
use crate::routes::responses::{DossierReaders, FunderAgentOnly};

/// «Valider» or «Contester» (with a mandatory comment) a certified month, as the beneficiary or
/// the employer, in the order of the funder's setting. A contest returns the month to the OF.
#[utoipa::path(tag = "validation", security(("bearer" = [])),
    params(MonthPath),
    request_body(content = ValidationRequest, example = json!({
        "decision": "contest",
        "comment": "Le 14 octobre j'étais en arrêt maladie : je n'ai pas suivi les 7 h indiquées."
    })),
    responses(
        (status = 200, description = "Decided", body = MonthView),
        (status = 403, description = "Not the beneficiary or the employer"),
        (status = 409, description = "Not awaiting your validation"),
        (status = 422, description = "Contest without a comment"),
    ))]
#[post("/api/v1/dossiers/{dossier_id}/months/{period}/validation")]
pub async fn decide(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<ValidationRequest>,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.decide_month(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
            .await?,
    ))
}

/// «Règlements»: the dossier's payments, for everyone on the dossier.
#[utoipa::path(tag = "validation", security(("bearer" = [])),
    params(DossierPath),
    responses(
        (status = 200, description = "Payments", body = [PaymentView]),
    ))]
#[get("/api/v1/dossiers/{dossier_id}/payments")]
pub async fn list_payments(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: DossierPath,
) -> Result<web::Json<Vec<PaymentView>>, ApiError> {
    Ok(web::Json(
        app.list_payments(&actor, path.dossier_id.0).await?,
    ))
}

/// `?page=&per_page=`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PageQuery {
    /// From 1 (0 reads as 1, beyond the last page the page is empty).
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub page: Option<u64>,
    /// Items per page, default 20; 0 reads as 1 and more than 100 as 100.
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub per_page: Option<u64>,
}

/// «Règlements»: the payments of all the reader's dossiers, newest first.
#[utoipa::path(tag = "validation", security(("bearer" = [])), params(PageQuery),
    responses(
        (status = 200, description = "A page", body = realis_api_types::PaymentPage),
        DossierReaders,
    ))]
#[get("/api/v1/payments")]
pub async fn payments_page(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<PageQuery>,
) -> Result<web::Json<realis_api_types::PaymentPage>, ApiError> {
    Ok(web::Json(
        app.payments_page(&actor, q.page, q.per_page).await?,
    ))
}

/// Records a payment: an `advance` never locks; a `settlement` on a period not yet certified
/// locks it (`locked_paid`).
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(DossierPath),
    request_body(content = PaymentRequest, example = json!({
        "period": "2026-10",
        "kind": "advance",
        "amount_cents": 123456,
        "paid_on": "2026-11-15",
        "reference": "VIR-2026-11-0042"
    })),
    responses(
        (status = 201, description = "Recorded", body = PaymentView),
        FunderAgentOnly,
        (status = 404, description = "Missing or another funder's"),
        (status = 422, description = "Invalid amount, reference or period"),
    ))]
#[post("/api/v1/funder/dossiers/{dossier_id}/payments")]
pub async fn record_payment(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: DossierPath,
    body: Json<PaymentRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(
        app.record_payment(&actor, path.dossier_id.0, &body, &meta(&req))
            .await?,
    ))
}

/// Reopens a certified (or validated) month with a reason: it returns to `draft`, the certificate
/// is kept in the evidence, marked superseded.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(MonthPath),
    request_body(content = ReopenRequest, example = json!({
        "reason": "Le bénéficiaire signale 7 h comptées le 14 octobre, jour d'arrêt maladie."
    })),
    responses(
        (status = 200, description = "Reopened", body = MonthView),
        FunderAgentOnly,
        (status = 404, description = "Missing or another funder's"),
        (status = 409, description = "Not certified, or already transmitted"),
        (status = 422, description = "No reason"),
    ))]
#[post("/api/v1/funder/dossiers/{dossier_id}/months/{period}/reopen")]
pub async fn reopen(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<ReopenRequest>,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.reopen_month(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
            .await?,
    ))
}

/// Closes a month not yet certified («La saisie n'est plus disponible»), e.g. handled on paper.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(MonthPath),
    responses(
        (status = 200, description = "Closed", body = MonthView),
        FunderAgentOnly,
        (status = 404, description = "Missing or another funder's"),
        (status = 409, description = "Certified or already closed"),
    ))]
#[post("/api/v1/funder/dossiers/{dossier_id}/months/{period}/close")]
pub async fn close(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<web::Json<MonthView>, ApiError> {
    Ok(web::Json(
        app.close_month(&actor, path.dossier_id.0, path.period, &meta(&req))
            .await?,
    ))
}

/// The transmission queue: months validated, or certified when no validation is required.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    responses(
        (status = 200, description = "Months ready to transmit", body = [FunderMonthView]),
        FunderAgentOnly,
    ))]
#[get("/api/v1/funder/transmissions/pending")]
pub async fn pending_transmissions(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Vec<FunderMonthView>>, ApiError> {
    Ok(web::Json(app.transmission_queue(&actor).await?))
}

/// Transmits the selected months in one action: all of them or none (a month not ready → 409).
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    request_body(content = TransmitRequest, example = json!({
        "months": [{"dossier_id": 1, "period": "2026-09"}, {"dossier_id": 2, "period": "2026-09"}]
    })),
    responses(
        (status = 201, description = "Transmitted", body = TransmissionView),
        FunderAgentOnly,
        (status = 404, description = "A dossier or month is missing or another funder's"),
        (status = 409, description = "A month is not ready"),
        (status = 422, description = "No month selected"),
    ))]
#[post("/api/v1/funder/transmissions")]
pub async fn transmit(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<TransmitRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app.transmit(&actor, &body, &meta(&req)).await?))
}

/// `?from=YYYY-MM&to=YYYY-MM` (both optional).
#[derive(Debug, Deserialize, IntoParams)]
pub struct PeriodRange {
    #[param(pattern = r"^([0-9]{4}-(0[1-9]|1[0-2]))?$")]
    pub from: Option<String>,
    #[param(pattern = r"^([0-9]{4}-(0[1-9]|1[0-2]))?$")]
    pub to: Option<String>,
}

pub(crate) fn optional_period(field: &str, v: &Option<String>) -> Result<Option<Period>, ApiError> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Period::parse(s).map(Some).map_err(|_| ApiError {
            code: ErrorCode::ValidationFailed,
            detail: "Periods are written YYYY-MM.".into(),
            errors: vec![realis_api_types::FieldError {
                field: field.into(),
                code: realis_api_types::FieldCode::InvalidPeriod,
                message: "Période au format AAAA-MM.".into(),
            }],
            retry_after: None,
            attempts_left: None,
            conflict: None,
        }),
    }
}

/// The transmitted hours as CSV (`;`, UTF-8 with BOM): dossier, beneficiary, employer, OF SIRET,
/// period, training, internship, absence, certification mode, dates.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(PeriodRange),
    responses(
        (status = 200, description = "CSV", body = String, content_type = "text/csv"),
        FunderAgentOnly,
        (status = 422, description = "Bad period"),
    ))]
#[get("/api/v1/funder/transmissions.csv")]
pub async fn transmissions_csv(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<PeriodRange>,
) -> Result<HttpResponse, ApiError> {
    let from = optional_period("from", &q.from)?;
    let to = optional_period("to", &q.to)?;
    Ok(attachment(app.transmissions_csv(&actor, from, to).await?))
}

/// The funder's settings: granularity, required validations, code length and lifetime, holidays.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    responses(
        (status = 200, description = "Settings", body = FunderSettingsDto),
        FunderAgentOnly,
    ))]
#[get("/api/v1/funder/settings")]
pub async fn get_settings(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<FunderSettingsDto>, ApiError> {
    Ok(web::Json(app.funder_settings(&actor).await?))
}

/// Changes the settings (audited); they apply to months not yet certified.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    request_body(content = FunderSettingsDto, example = json!({
        "granularity": "day",
        "validations": "beneficiary",
        "code_length": 6,
        "code_ttl_minutes": 10,
        "holiday_zone": "metropole",
        "website": "https://www.transitionspro-idf.fr"
    })),
    responses(
        (status = 200, description = "Saved", body = FunderSettingsDto),
        FunderAgentOnly,
        (status = 422, description = "Out of range"),
    ))]
#[put("/api/v1/funder/settings")]
pub async fn put_settings(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<FunderSettingsDto>,
) -> Result<web::Json<FunderSettingsDto>, ApiError> {
    Ok(web::Json(
        app.update_funder_settings(&actor, &body, &meta(&req))
            .await?,
    ))
}
