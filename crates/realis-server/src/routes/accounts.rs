//! `/api/v1/funder/users` and `/api/v1/admin/users`: offboarding. An agent disables the
//! beneficiary and employer accounts of its dossiers and its fellow agents; the admin, agents.

use actix_web::{HttpRequest, get, put, web};
use realis_api_types::{AccountPage, AccountView, SetAccountDisabledRequest};
use realis_app::App;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, Query, meta};
use crate::paths::UserPath;
use crate::routes::responses::{AdminOnly, FunderAgentOnly};

/// `?role=&q=&page=&per_page=`.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AccountQuery {
    /// `beneficiary`, `employer` or `funder` (agents); all three when absent.
    pub role: Option<String>,
    /// Searches name, e-mail and identifier.
    #[serde(default)]
    pub q: String,
    /// From 1.
    pub page: Option<u64>,
    /// At most 100 (default 20).
    pub per_page: Option<u64>,
}

/// The accounts the agent manages: beneficiaries of its funder's dossiers, accounts of its
/// funder's employers, and its funder's agents; by name.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, description = "A page", body = AccountPage),
        FunderAgentOnly,
        (status = 422, description = "Unknown role"),
    ))]
#[get("/api/v1/funder/users")]
pub async fn list_funder_users(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    query: Query<AccountQuery>,
) -> Result<web::Json<AccountPage>, ApiError> {
    Ok(web::Json(
        app.list_funder_accounts(
            &actor,
            query.role.as_deref(),
            &query.q,
            query.page,
            query.per_page,
        )
        .await?,
    ))
}

/// «Désactiver le compte» / «Réactiver le compte»: a disabled account cannot log in, its tokens
/// and unused links die at once, and it receives no more requests. Audited.
#[utoipa::path(tag = "funder", security(("bearer" = [])),
    params(UserPath),
    request_body(content = SetAccountDisabledRequest, example = json!({"disabled": false})),
    responses(
        (status = 200, description = "Updated", body = AccountView),
        (status = 404, description = "Not an account this funder manages"),
        (status = 422, description = "Cannot disable oneself"),
    ))]
#[put("/api/v1/funder/users/{user_id}")]
pub async fn update_funder_user(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: UserPath,
    body: Json<SetAccountDisabledRequest>,
) -> Result<web::Json<AccountView>, ApiError> {
    Ok(web::Json(
        app.set_funder_account_disabled(&actor, path.user_id.0, &body, &meta(&req))
            .await?,
    ))
}

/// Every funder agent, by name.
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    params(AccountQuery),
    responses(
        (status = 200, description = "A page", body = AccountPage),
        AdminOnly,
    ))]
#[get("/api/v1/admin/users")]
pub async fn list_admin_users(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
    query: Query<AccountQuery>,
) -> Result<web::Json<AccountPage>, ApiError> {
    Ok(web::Json(
        app.list_agents(&actor, &query.q, query.page, query.per_page)
            .await?,
    ))
}

/// Disables or re-enables a funder agent (tokens and links revoked at once). Audited.
#[utoipa::path(tag = "admin", security(("bearer" = [])),
    params(UserPath),
    request_body(content = SetAccountDisabledRequest, example = json!({"disabled": true})),
    responses(
        (status = 200, description = "Updated", body = AccountView),
        (status = 404, description = "Not a funder agent"),
    ))]
#[put("/api/v1/admin/users/{user_id}")]
pub async fn update_admin_user(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    path: UserPath,
    body: Json<SetAccountDisabledRequest>,
) -> Result<web::Json<AccountView>, ApiError> {
    Ok(web::Json(
        app.set_agent_disabled(&actor, path.user_id.0, &body, &meta(&req))
            .await?,
    ))
}
