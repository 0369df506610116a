//! `/api/v1/me`: «Mon compte».

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use realis_api_types::{ChangePasswordRequest, Me, UpdateMeRequest};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Authenticated, Json, meta};
use crate::routes::auth::set_refresh_cookie;

/// The signed-in user.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = Me),
        (status = 401, description = "Missing, invalid, expired or revoked token"),
    )
)]
#[get("/api/v1/me")]
pub async fn get_me(
    app: web::Data<App>,
    Authenticated(actor): Authenticated,
) -> Result<web::Json<Me>, ApiError> {
    Ok(web::Json(app.me(&actor).await?))
}

/// «Mon compte»: changes the name shown and, if given, whether the daily digest e-mail comes.
/// Audited. Tokens already issued keep working (their `user.display_name` is the old one until
/// the next login or refresh).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body(content = UpdateMeRequest,
        example = json!({"display_name": "Sophie Bernard", "daily_digest": true})),
    responses(
        (status = 200, description = "The signed-in user, changed", body = Me),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing, invalid, expired or revoked token"),
        (status = 422, description = "Empty, too long or unprintable name; unknown fields"),
    )
)]
#[put("/api/v1/me")]
pub async fn update_me(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<UpdateMeRequest>,
) -> Result<web::Json<Me>, ApiError> {
    Ok(web::Json(app.update_me(&actor, &body, &meta(&req)).await?))
}

/// «Mon compte»: changes the password, given the current one (10 tries an hour per account).
///
/// Every token and session of the account is revoked, this request's bearer token included, and
/// the person is e-mailed that the password changed. The answer sets the refresh cookie of a new
/// browser session (as a login does): a browser calls `POST /api/v1/auth/refresh` for its next
/// bearer token; a client that uses only bearer tokens logs in again.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body(content = ChangePasswordRequest, example = json!({
        "current_password": "Mon-ancien-mot-de-passe-2026",
        "new_password": "Cerisiers-en-fleur-2027"
    })),
    responses(
        (status = 204, description = "Password changed; other sessions revoked",
            headers(("Set-Cookie" = String, description = "The refresh cookie `realis_refresh` of the caller's new session"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing, invalid, expired or revoked token"),
        (status = 422, description = "`current_password` wrong (`wrong_password`), or `new_password` refused by the policy (`too_short`, `too_long`, `repetitive`, `personal`, `common`, `unchanged`)"),
        (status = 429, description = "Too many attempts on this account; see Retry-After"),
    )
)]
#[post("/api/v1/me/password")]
pub async fn change_password(
    app: web::Data<App>,
    req: HttpRequest,
    Authenticated(actor): Authenticated,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let grant = app.change_password(&actor, &body, &meta(&req)).await?;
    Ok(HttpResponse::NoContent()
        .insert_header((header::SET_COOKIE, set_refresh_cookie(&req, &grant)))
        .finish())
}
