//! `/api/v1/auth/*`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use realis_api_types::{
    ForgotPasswordRequest, LoginRequest, LoginResponse, Problem, ResetPasswordRequest,
};
use realis_app::App;

use crate::error::ApiError;
use crate::extract::{Json, meta};

/// Log in with an e-mail address or identifier; returns a one-hour bearer token.
///
/// After five failures on one login, each further attempt waits a growing delay (429 with
/// `Retry-After`); one address may fail at most 20 times a minute.
#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = LoginResponse),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong login or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong body shape", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<web::Json<LoginResponse>, ApiError> {
    Ok(web::Json(
        app.login(&body.login, &body.password, &meta(&req)).await?,
    ))
}

/// «Mot de passe oublié»: e-mails a single-use link valid one hour. Always 202, whether or not
/// the account exists.
#[utoipa::path(
    post, path = "/api/v1/auth/password/forgot", tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 429, description = "Too many requests for this login or from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 202, description = "If the account exists, a link was e-mailed"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong body shape", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/auth/password/forgot")]
pub async fn forgot_password(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<ForgotPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    app.forgot_password(&body.login, &meta(&req)).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password from a reset or invitation link (single use). Revokes existing tokens.
#[utoipa::path(
    post, path = "/api/v1/auth/password/reset", tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 429, description = "Too many attempts from this address; see Retry-After", body = Problem, content_type = "application/problem+json"),
        (status = 204, description = "Password set"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Unknown, used or expired link", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Password too short or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/auth/password/reset")]
pub async fn reset_password(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    app.reset_password(&body.token, &body.new_password, &meta(&req))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
