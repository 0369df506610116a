//! `/api/v1/api-keys`: a person's keys for software (issue #12, part 1). Managed in a session
//! only: a request made with a key answers 403 here.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use realis_api_types::{ApiKeyCreated, ApiKeyList, ApiKeyRequest};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::paths::ApiKeyPath;

/// The caller's API keys (never the keys themselves), newest first, and the scopes its role may
/// give a new one.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    responses(
        (status = 200, description = "The keys", body = ApiKeyList),
        (status = 403, description = "Not an OF user or a funder agent, or asked with a key"),
    ))]
#[get("/api/v1/api-keys")]
pub async fn list_api_keys(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<ApiKeyList>, ApiError> {
    Ok(web::Json(app.list_api_keys(&actor).await?))
}

/// Creates a key acting as the caller, narrowed by `scopes`, until `expires_at` (default 90
/// days, at most a year), from `allowed_ips` only if given. The key is in this answer only:
/// Réalis keeps a keyed hash of it. Send it as `Authorization: Bearer rls_…`. Its owner is
/// e-mailed 7 days before it expires.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    request_body(content = ApiKeyRequest, example = json!({
        "name": "ERP de production",
        "scopes": ["dossiers:read", "hours:write"],
        "expires_at": "2027-03-01T00:00:00Z",
        "allowed_ips": ["192.0.2.0/24"]
    })),
    responses(
        (status = 201, description = "Created; store the key now", body = ApiKeyCreated),
        (status = 403, description = "Not an OF user or a funder agent, or asked with a key"),
        (status = 422, description = "No name, a scope the role may not give, an expiry past or beyond a year, a bad address, 20 keys already"),
    ))]
#[post("/api/v1/api-keys")]
pub async fn create_api_key(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<ApiKeyRequest>,
) -> Result<HttpResponse, ApiError> {
    let created = app.create_api_key(&actor, &body, &meta(&req)).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Deletes one of the caller's keys: requests with it answer 401 from now on.
#[utoipa::path(tag = "integrations", security(("bearer" = [])),
    params(ApiKeyPath),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Asked with a key"),
        (status = 404, description = "Not one of the caller's keys"),
    ))]
#[delete("/api/v1/api-keys/{api_key_id}")]
pub async fn delete_api_key(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: ApiKeyPath,
) -> Result<HttpResponse, ApiError> {
    app.delete_api_key(&actor, path.api_key_id, &meta(&req))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
