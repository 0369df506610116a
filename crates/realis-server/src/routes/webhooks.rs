//! `/api/v1/events` and `/api/v1/webhooks`: the events journal and webhook subscriptions
//! (Standard Webhooks 1.0) of OF users and funder agents (issue #12, parts 3 and 4).

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use realis_api_types::{DeliveryView, EventList, WebhookCreated, WebhookRequest, WebhookView};
use realis_app::App;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, Query, meta};
use crate::paths::{WebhookDeliveryPath, WebhookPath};

/// `GET /events` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct EventQuery {
    /// Only the events after this id (`next_after` of the previous page); 0 or omitted: from the
    /// oldest kept (30 days).
    pub after: Option<i64>,
    /// Events per page (default 100, at most 500).
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub limit: Option<u64>,
}

/// `GET /webhooks/{webhook_id}/deliveries` query.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DeliveryQuery {
    /// Only the deliveries older than this id (the last `id` of the previous page).
    pub before: Option<i64>,
    /// Deliveries per page (default 50, at most 100).
    #[serde(default, deserialize_with = "crate::extract::saturating")]
    pub limit: Option<u64>,
}

/// The events journal: what happened to the reader's dossiers, months, payments, documents and
/// threads in the last 30 days, oldest first. Poll with `after` = the last `next_after`: ids
/// only grow and appear in their order. The same JSON is the body of a webhook delivery.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(EventQuery),
    responses(
        (status = 200, description = "Events after `after`", body = EventList),
        (status = 403, description = "Not an OF user or a funder agent"),
    ))]
#[get("/api/v1/events")]
pub async fn list_events(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    q: Query<EventQuery>,
) -> Result<web::Json<EventList>, ApiError> {
    Ok(web::Json(
        app.list_events(&actor, q.after.unwrap_or(0), q.limit.unwrap_or(100))
            .await?,
    ))
}

/// The caller's webhook subscriptions.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    responses(
        (status = 200, description = "Subscriptions", body = [WebhookView]),
        (status = 403, description = "Not an OF user or a funder agent"),
    ))]
#[get("/api/v1/webhooks")]
pub async fn list_webhooks(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Vec<WebhookView>>, ApiError> {
    Ok(web::Json(app.list_webhooks(&actor).await?))
}

/// Subscribes to events: each event of the chosen types that the caller may read is POSTed to
/// the URL as JSON with the Standard Webhooks headers `webhook-id`, `webhook-timestamp` and
/// `webhook-signature`; a non-2xx answer is retried about ten times over three days, a 410
/// disables the subscription. The signing secret is in this answer only.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    request_body(content = WebhookRequest, example = json!({
        "url": "https://erp.example.fr/realis/webhooks",
        "events": ["month.status_changed", "month.certified", "payment.recorded"],
        "description": "ERP de production"
    })),
    responses(
        (status = 201, description = "Subscribed; keep the secret", body = WebhookCreated),
        (status = 403, description = "Not an OF user or a funder agent"),
        (status = 422, description = "Invalid or non-public URL, no event, description too long, 10 subscriptions already"),
    ))]
#[post("/api/v1/webhooks")]
pub async fn create_webhook(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<WebhookRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = app.create_webhook(&actor, &body, &meta(&req)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Replaces a subscription's URL, events and description; `enabled` pauses it or enables it
/// again (after a 410 or five days of failures too). The secret stays.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(WebhookPath),
    request_body(content = WebhookRequest, example = json!({
        "url": "https://erp.example.fr/realis/webhooks",
        "events": ["month.status_changed"],
        "description": "ERP de production",
        "enabled": true
    })),
    responses(
        (status = 200, description = "Updated", body = WebhookView),
        (status = 404, description = "Not one of the caller's subscriptions"),
        (status = 422, description = "Invalid or non-public URL, no event, description too long"),
    ))]
#[put("/api/v1/webhooks/{webhook_id}")]
pub async fn update_webhook(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: WebhookPath,
    body: Json<WebhookRequest>,
) -> Result<web::Json<WebhookView>, ApiError> {
    Ok(web::Json(
        app.update_webhook(&actor, path.webhook_id, &body, &meta(&req))
            .await?,
    ))
}

/// Deletes a subscription and its deliveries.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(WebhookPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "Not one of the caller's subscriptions"),
    ))]
#[delete("/api/v1/webhooks/{webhook_id}")]
pub async fn delete_webhook(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: WebhookPath,
) -> Result<HttpResponse, ApiError> {
    app.delete_webhook(&actor, path.webhook_id, &meta(&req))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A subscription's deliveries, newest first: status, attempts, the last answer.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(WebhookPath, DeliveryQuery),
    responses(
        (status = 200, description = "Deliveries", body = [DeliveryView]),
        (status = 404, description = "Not one of the caller's subscriptions"),
    ))]
#[get("/api/v1/webhooks/{webhook_id}/deliveries")]
pub async fn list_deliveries(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: WebhookPath,
    q: Query<DeliveryQuery>,
) -> Result<web::Json<Vec<DeliveryView>>, ApiError> {
    Ok(web::Json(
        app.webhook_deliveries(&actor, path.webhook_id, q.before, q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Sends a delivery again now, with ten fresh attempts (the same `webhook-id`: receivers
/// dedupe on it).
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(WebhookDeliveryPath),
    responses(
        (status = 202, description = "Queued", body = DeliveryView),
        (status = 404, description = "Not a delivery of one of the caller's subscriptions"),
    ))]
#[post("/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/retry")]
pub async fn retry_delivery(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: WebhookDeliveryPath,
) -> Result<HttpResponse, ApiError> {
    let d = app
        .retry_webhook_delivery(&actor, path.webhook_id, path.delivery_id)
        .await?;
    Ok(HttpResponse::Accepted().json(d))
}

/// Queues a test event, `webhook.ping`, to try the receiver and its signature check.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(WebhookPath),
    responses(
        (status = 202, description = "Queued", body = DeliveryView),
        (status = 404, description = "Not one of the caller's subscriptions"),
    ))]
#[post("/api/v1/webhooks/{webhook_id}/ping")]
pub async fn ping_webhook(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    path: WebhookPath,
) -> Result<HttpResponse, ApiError> {
    let d = app.ping_webhook(&actor, path.webhook_id).await?;
    Ok(HttpResponse::Accepted().json(d))
}
