//! `POST /api/v1/hours/batch` and `POST /api/v1/months/prepare/batch`: many months in one
//! request, each answered as the single endpoint would have (issue #12, part 3).

use actix_web::{HttpRequest, get, post, web};
use realis_api_types::{
    BatchItemResult, BatchMonth, BatchResult, HoursBatchRequest, MonthView, PrepareBatchRequest,
};
use realis_app::App;
use realis_app::months::batch::BatchOutcome;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, Query, meta};
use crate::routes::responses::OfStaffOnly;

fn month(m: MonthView) -> BatchMonth {
    BatchMonth {
        version: m.version,
        status: m.status,
        status_label: m.status_label,
        totals: m.totals,
        warnings: m.warnings,
    }
}

fn results(outcome: BatchOutcome) -> BatchResult {
    let items: Vec<BatchItemResult> = outcome
        .into_iter()
        .enumerate()
        .map(|(index, (dossier_id, period, r))| match r {
            Ok(m) => BatchItemResult {
                index,
                dossier_id,
                period,
                status: 200,
                month: Some(month(m)),
                problem: None,
            },
            Err(e) => {
                let problem = ApiError::from(e).problem();
                BatchItemResult {
                    index,
                    dossier_id,
                    period,
                    status: problem.status,
                    month: None,
                    problem: Some(problem),
                }
            }
        })
        .collect();
    let succeeded = items.iter().filter(|i| i.status == 200).count();
    BatchResult {
        succeeded,
        failed: items.len() - succeeded,
        items,
    }
}

/// Saves the hours of up to 500 months, each on its own (its own `version` check and
/// transaction): the answer is 200 with each item's status, its new `version` or its problem
/// (404 for a dossier that is not the OF's, 409 for a stale version, 422 with the field errors).
/// With an `Idempotency-Key`, a retried batch is not saved twice.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    request_body(content = HoursBatchRequest, example = json!({
        "items": [
            {"dossier_id": 1, "period": "2026-10", "version": 3, "days": [
                {"date": "2026-10-01", "training": 7},
                {"date": "2026-10-02", "training": 7}
            ]},
            {"dossier_id": 2, "period": "2026-10", "version": 2, "days": [
                {"date": "2026-10-05", "training": 3.5, "internship": 3.5}
            ]}
        ]
    })),
    responses(
        (status = 200, description = "Each item's outcome", body = BatchResult),
        OfStaffOnly,
        (status = 422, description = "No item, more than 500, or a body of the wrong shape"),
    ))]
#[post("/api/v1/hours/batch")]
pub async fn save_hours_batch(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<HoursBatchRequest>,
) -> Result<web::Json<BatchResult>, ApiError> {
    let outcome = app
        .save_hours_batch(&actor, &body.items, &meta(&req))
        .await?;
    Ok(web::Json(results(outcome)))
}

/// «Je certifie la saisie des heures» for up to 500 months, each frozen on its own (drafts
/// rendered, the months awaiting certification); a month whose `version` changed since the
/// review is refused (409) and left as it is.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    request_body(content = PrepareBatchRequest, example = json!({
        "hours_certified": true,
        "items": [
            {"dossier_id": 1, "period": "2026-10", "version": 4},
            {"dossier_id": 2, "period": "2026-10", "version": 3}
        ]
    })),
    responses(
        (status = 200, description = "Each item's outcome", body = BatchResult),
        OfStaffOnly,
        (status = 422, description = "`hours_certified` not true, no item, more than 500"),
    ))]
#[post("/api/v1/months/prepare/batch")]
pub async fn prepare_months_batch(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<PrepareBatchRequest>,
) -> Result<web::Json<BatchResult>, ApiError> {
    let outcome = app
        .prepare_months_batch(&actor, body.hours_certified, &body.items, &meta(&req))
        .await?;
    Ok(web::Json(results(outcome)))
}

/// `GET /months` query.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct MonthsQuery {
    /// Only this month of each dossier, `YYYY-MM`.
    #[param(value_type = Option<String>, example = "2026-10")]
    pub period: Option<realis_domain::Period>,
    /// Only the months written at or after this instant (RFC 3339): the `synced_at` of the
    /// previous walk.
    pub updated_since: Option<chrono::DateTime<chrono::Utc>>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Months per page, default 50, at most 100.
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub limit: Option<u64>,
}

/// The months of every dossier the reader may read (an OF's, a funder's, a beneficiary's or an
/// employer's), by creation order, paged by cursor: to enter a whole period at once, or to keep
/// a copy in step with `updated_since`.
#[utoipa::path(tag = "dossiers", security(("bearer" = [])),
    params(MonthsQuery),
    responses(
        (status = 200, description = "A page of months", body = realis_api_types::MonthListPage),
        (status = 403, description = "Administrators have no dossiers"),
        (status = 422, description = "Unknown cursor, or a parameter that does not read"),
    ))]
#[get("/api/v1/months")]
pub async fn list_months_across(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<MonthsQuery>,
) -> Result<web::Json<realis_api_types::MonthListPage>, ApiError> {
    let q = q.into_inner();
    let query = realis_app::months::across::MonthsQuery {
        period: q.period,
        updated_since: q.updated_since,
        cursor: q.cursor,
        limit: q.limit,
    };
    Ok(web::Json(app.list_months_across(&actor, &query).await?))
}
