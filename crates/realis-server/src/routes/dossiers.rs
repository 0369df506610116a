//! `/api/v1/dossiers`: «Mes dossiers», months and the hours grid; `/api/v1/funder/dossiers`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use realis_api_types::{
    CreateDossierRequest, DossierPage, DossierState, DossierView, ExternalRefRequest, MonthSummary,
    MonthView, PlannedDayDto, SaveHoursRequest, Scheme,
};
use realis_app::App;
use realis_app::dossiers::DossierQuery;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::etag;
use crate::etag::{IfMatch, IfNoneMatch};
use crate::extract::{Authenticated, Json, Query, meta, read_body};
use crate::paths::{DossierPath, MonthPath};
use crate::routes::responses::{
    BinaryFile, DossierReaders, FunderAgentOnly, OfStaffOnly, UploadBudget,
};

/// `?q=&scheme=&state=&page=&per_page=` of «Mes dossiers».
#[derive(Debug, Deserialize, IntoParams)]
pub struct DossierListQuery {
    /// Search words on the number or the beneficiary's name (all must match): at most 200
    /// characters and 8 words.
    #[serde(default)]
    #[param(max_length = 200)]
    pub q: String,
    /// Only the dossiers of this scheme («PTP en cours», «VAE en cours»…).
    #[serde(default)]
    pub scheme: Option<Scheme>,
    /// Only the dossiers in this state: `in_progress` (followed) or `closed` (session over, every
    /// month transmitted).
    #[serde(default)]
    pub state: Option<DossierState>,
    /// From 1 (0 reads as 1, beyond the last page the page is empty).
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub page: Option<u64>,
    /// Items per page, default 20; 0 reads as 1 and more than 100 as 100.
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub per_page: Option<u64>,
    /// For software keeping a copy: the `next_cursor` of the previous page. With it (or
    /// `updated_since`) the list is by id, oldest first, without `page` or search.
    pub cursor: Option<String>,
    /// Only the dossiers written at or after this instant (RFC 3339), by id: the `synced_at` of
    /// the previous walk.
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// Only the dossier with this ERP reference, compared once trimmed (its white space runs as
    /// one space); in the paged list and in a `cursor` / `updated_since` walk alike.
    #[param(min_length = 1, max_length = 64)]
    pub external_ref: Option<String>,
}

/// «Mes dossiers»: the reader's dossiers, searched on number or beneficiary (accent- and
/// case-insensitive), filtered on scheme and state, newest first.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])), params(DossierListQuery),
    responses((status = 200, description = "A page", body = DossierPage), DossierReaders))]
#[get("/api/v1/dossiers")]
pub async fn list_dossiers(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<DossierListQuery>,
) -> Result<web::Json<DossierPage>, ApiError> {
    let q = q.into_inner();
    let query = DossierQuery {
        q: q.q,
        scheme: q.scheme,
        state: q.state,
        page: q.page,
        per_page: q.per_page,
        cursor: q.cursor,
        updated_since: q.updated_since,
        external_ref: q.external_ref,
    };
    Ok(web::Json(app.list_dossiers(&actor, &query).await?))
}

/// One dossier: parties, dates, planned vs done hours, months. With an `ETag` (`"<hash>"`: a
/// dossier has no version); `If-None-Match` naming it answers 304.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(DossierPath, IfNoneMatch),
    responses(
        (status = 200, description = "Dossier", body = DossierView,
            headers(("ETag" = String, description = "`\"<hash>\"`, for `If-None-Match`"))),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
            headers(("ETag" = String, description = "The current `ETag`"))),
    ))]
#[get("/api/v1/dossiers/{dossier_id}")]
pub async fn get_dossier(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: DossierPath,
) -> Result<HttpResponse, ApiError> {
    let dossier = app.get_dossier(&actor, path.dossier_id.0).await?;
    Ok(etag::respond(&req, None, &dossier))
}

/// Sets the dossier's ERP reference (`external_ref`), or clears it with null: for the funder's
/// agents and the OF's staff. Another dossier of the organisation with the same reference → 422
/// `external_ref_taken`.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(DossierPath),
    request_body(content = ExternalRefRequest, example = json!({ "external_ref": "ERP-STAG-000417" })),
    responses(
        (status = 200, description = "Set", body = DossierView,
            headers(("ETag" = String, description = "`\"<hash>\"`, for `If-None-Match` on the dossier"))),
        (status = 403, description = "Not the funder's agent nor the OF's staff"),
    ))]
#[put("/api/v1/dossiers/{dossier_id}/external-ref")]
pub async fn set_external_ref(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: DossierPath,
    body: Json<ExternalRefRequest>,
) -> Result<HttpResponse, ApiError> {
    let dossier = app
        .set_external_ref(&actor, path.dossier_id.0, &body, &meta(&req))
        .await?;
    Ok(etag::respond(&req, None, &dossier))
}

/// The «Certificats de réalisation» tab: one row per month of the session.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(DossierPath),
    responses((status = 200, description = "Months", body = [MonthSummary])))]
#[get("/api/v1/dossiers/{dossier_id}/months")]
pub async fn list_months(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: DossierPath,
) -> Result<web::Json<Vec<MonthSummary>>, ApiError> {
    Ok(web::Json(app.list_months(&actor, path.dossier_id.0).await?))
}

/// One month: status, granularity, version, totals, every day (holidays marked), warnings.
/// With an `ETag` `"<version>-<hash>"`: `If-None-Match` naming it answers 304, and the writes
/// that take the month's `version` take `If-Match` with it instead.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath, IfNoneMatch),
    responses(
        (status = 200, description = "Month", body = MonthView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`: for `If-None-Match`, and for `If-Match` on the writes that take the month's `version`"))),
        (status = 304, description = "Not modified: `If-None-Match` names the current `ETag`",
            headers(("ETag" = String, description = "The current `ETag`"))),
    ))]
#[get("/api/v1/dossiers/{dossier_id}/months/{period}")]
pub async fn get_month(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<HttpResponse, ApiError> {
    let month = app
        .get_month(&actor, path.dossier_id.0, path.period)
        .await?;
    Ok(etag::respond(&req, Some(month.version), &month))
}

/// Saves the month's hours: `totals` (month granularity) or `days` (day / half-day), with the
/// `version` read — in the body or as `If-Match` with the month's `ETag`. Rules of SPEC F4 → 422
/// per field; stale body version → 409; stale `If-Match` → 412; neither → 428; not editable →
/// 409.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath, IfMatch),
    request_body(content = SaveHoursRequest, example = json!({
        "version": 3,
        "days": [
            {"date": "2026-10-01", "training": 7},
            {"date": "2026-10-02", "training": 3.5, "absence": 3.5}
        ]
    })),
    responses(
        (status = 200, description = "Saved", body = MonthView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`: for `If-None-Match`, and for `If-Match` on the writes that take the month's `version`"))),
        (status = 409, description = "Stale version, or the month is no longer editable"),
        (status = 412, description = "`If-Match` is stale, names no version of the month, or disagrees with the body's `version`"),
        (status = 422, description = "Invalid hours"),
        (status = 428, description = "Neither `If-Match` nor the body's `version`"),
    ))]
#[put("/api/v1/dossiers/{dossier_id}/months/{period}/hours")]
pub async fn update_month_hours(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<SaveHoursRequest>,
) -> Result<HttpResponse, ApiError> {
    let pre = etag::precondition(&req, body.version)?;
    let mut body = body.0;
    body.version = Some(pre.required()?);
    let month = app
        .save_hours(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
        .await
        .map_err(|e| pre.error(e))?;
    Ok(etag::respond(&req, Some(month.version), &month))
}

/// The planned calendar of the month («Charger le calendrier»).
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath),
    responses((status = 200, description = "Planned days", body = [PlannedDayDto])))]
#[get("/api/v1/dossiers/{dossier_id}/months/{period}/planned")]
pub async fn get_planned(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<web::Json<Vec<PlannedDayDto>>, ApiError> {
    let days = app
        .get_planned(&actor, path.dossier_id.0, path.period)
        .await?;
    Ok(web::Json(
        days.into_iter()
            .map(|d| PlannedDayDto {
                date: d.date,
                training: d.training,
                internship: d.internship,
            })
            .collect(),
    ))
}

/// «Télécharger un modèle»: the month as CSV (`;`, decimal comma, UTF-8 with BOM), pre-filled.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath),
    responses((status = 200, description = "CSV", body = String, content_type = "text/csv")))]
#[get("/api/v1/dossiers/{dossier_id}/months/{period}/template.csv")]
pub async fn get_month_template(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<HttpResponse, ApiError> {
    let (name, csv) = app
        .month_template(&actor, path.dossier_id.0, path.period)
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(csv))
}

/// `?version=`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct VersionQuery {
    /// The `version` read with the month.
    pub version: i32,
}

/// Imports the filled template: all-or-nothing; every bad line is reported (line, column, reason).
/// The month, its state and `version` are checked before the body is read.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath, VersionQuery),
    request_body(content = String, content_type = "text/csv",
        description = "The template of `GET …/template.csv`, filled: `;`-separated, UTF-8 (with or without BOM), decimal comma; its header line as downloaded (it depends on the granularity), then one line per day (or the month's totals)",
        example = json!("Date;Jour;Heures de présence en formation;Heures de présence en stage;Heures d'absence\r\n01/10/2026;jeudi;7,00;;\r\n")),
    responses(
        (status = 200, description = "Imported", body = MonthView),
        OfStaffOnly,
        (status = 409, description = "Stale version or not editable"),
        (status = 413, description = "Over 1 MB"),
        (status = 422, description = "Bad lines, or the month not open"),
        UploadBudget,
    ))]
#[put("/api/v1/dossiers/{dossier_id}/months/{period}/template.csv")]
pub async fn import_month_template(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    q: Query<VersionQuery>,
    payload: web::Payload,
) -> Result<web::Json<MonthView>, ApiError> {
    let permit = app
        .authorise_month_csv(&actor, path.dossier_id.0, path.period, q.version)
        .await?;
    let body = read_body(&req, payload, permit.max_bytes()).await?;
    Ok(web::Json(
        app.import_month_csv(permit, body, &meta(&req)).await?,
    ))
}

/// Creates a dossier: beneficiary and employer accounts created (and invited) or reused by
/// e-mail, planned calendar, one month per period of the session.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    request_body(content = CreateDossierRequest, example = json!({
        "number": "2026-IDF-000104",
        "organisation_id": 1,
        "beneficiary": {"first_name": "Karim", "last_name": "Benali", "email": "karim.benali@exemple.fr"},
        "employer": {"name": "Pharmaplus", "email": "rh@pharmaplus.test"},
        "training_id": 1,
        "session_start": "2026-09-07",
        "session_end": "2027-06-25",
        "committee_date": "2026-07-02",
        "scheme": "ptp",
        "planned_calendar": [
            {"date": "2026-09-07", "training": 7},
            {"date": "2026-09-08", "training": 3.5, "internship": 3.5}
        ]
    })),
    responses(
        (status = 201, description = "Created", body = DossierView),
        FunderAgentOnly,
    ))]
#[post("/api/v1/funder/dossiers")]
pub async fn create_dossier(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<CreateDossierRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Created().json(app.create_dossier(&actor, &body, &meta(&req)).await?))
}

/// «Je certifie la saisie des heures» + OK: checks readiness (blocking items → 422), needs the
/// month's last session day to have come, freezes the hours (`awaiting_certification`).
/// The `version` of the hours on screen may come in the body or as `If-Match` (stale: 412).
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath, IfMatch),
    request_body(content = realis_api_types::PrepareRequest,
        example = json!({"hours_certified": true, "version": 4})),
    responses(
        (status = 200, description = "Frozen for certification", body = MonthView,
            headers(("ETag" = String, description = "`\"<version>-<hash>\"`: for `If-None-Match`, and for `If-Match` on the writes that take the month's `version`"))),
        OfStaffOnly,
        (status = 409, description = "Not in a state to prepare, or a stale body `version`"),
        (status = 412, description = "`If-Match` is stale, names no version of the month, or disagrees with the body's `version`"),
        (status = 422, description = "Box not ticked, identity incomplete, or month in progress"),
    ))]
#[post("/api/v1/dossiers/{dossier_id}/months/{period}/prepare")]
pub async fn prepare_month(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: MonthPath,
    body: Json<realis_api_types::PrepareRequest>,
) -> Result<HttpResponse, ApiError> {
    let pre = etag::precondition(&req, body.version)?;
    let mut body = body.0;
    body.version = pre.version;
    let month = app
        .prepare_month(&actor, path.dossier_id.0, path.period, &body, &meta(&req))
        .await
        .map_err(|e| pre.error(e))?;
    Ok(etag::respond(&req, Some(month.version), &month))
}

/// The month's certificate: the draft («Ouvrir le PDF») until certification.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthPath),
    responses(
        (status = 429, description = "Too many renderings; see Retry-After"),(status = 200, description = "PDF", body = BinaryFile, content_type = "application/pdf")))]
#[get("/api/v1/dossiers/{dossier_id}/months/{period}/certificate.pdf")]
pub async fn get_certificate_pdf(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: MonthPath,
) -> Result<HttpResponse, ApiError> {
    Ok(crate::extract::attachment(
        app.month_certificate_pdf(&actor, path.dossier_id.0, path.period)
            .await?,
    ))
}
