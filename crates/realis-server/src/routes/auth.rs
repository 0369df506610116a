//! `/api/v1/auth/*`.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, post, web};
use realis_api_types::ErrorCode;
use realis_api_types::{ForgotPasswordRequest, LoginRequest, LoginResponse, ResetPasswordRequest};
use realis_app::App;
use realis_app::sessions::{RefreshGrant, SessionGrant};

use crate::error::ApiError;
use crate::extract::{Json, meta};

/// Log in with an e-mail address or identifier; returns a bearer token (one hour at most).
///
/// Also sets the refresh cookie of a browser session (`realis_refresh`, `HttpOnly`,
/// `SameSite=Strict`, `Path=/api/v1/auth`, `Secure` unless served over plain http on a loopback
/// address), which `POST /api/v1/auth/refresh` exchanges for a new bearer token. Clients that
/// only use the bearer token may ignore it.
///
/// After five failures on one login, each further attempt waits a growing delay (429 with
/// `Retry-After`); one address may fail at most 20 times a minute.
#[utoipa::path(
    tag = "auth",
    request_body(content = LoginRequest,
        example = json!({"login": "of@formapro.test", "password": "realis-demo-2026"})),
    responses(
        (status = 200, description = "Logged in", body = LoginResponse,
            headers(("Set-Cookie" = String, description = "The refresh cookie `realis_refresh`"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Wrong login or password (`invalid_credentials`)"),
        (status = 403, description = "Account disabled (`account_disabled`), or its organisation deactivated (`organisation_disabled`)"),
        (status = 422, description = "Wrong body shape"),
        (status = 429, description = "Too many attempts"),
    )
)]
#[post("/api/v1/auth/login")]
pub async fn login(
    app: web::Data<App>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let grant = app
        .login_session(&body.login, &body.password, &meta(&req))
        .await?;
    Ok(session_response(&req, grant))
}

/// Exchanges the refresh cookie for a new bearer token and a new refresh cookie (rotation).
///
/// The presented refresh token is spent: presenting it again later revokes the whole session
/// (theft detection), except within 30 s, where concurrent refreshes (two tabs) all receive the
/// same successor. Refused (401 `invalid_token`) after logout, a password change or reset, an
/// account disable, 2 h without a refresh or 12 h after the login (by default); 401
/// `missing_token` without the cookie. 120 a minute per address.
#[utoipa::path(
    tag = "auth",
    security(("refresh_cookie" = [])),
    responses(
        (status = 200, description = "A new bearer token; the refresh cookie is rotated", body = LoginResponse,
            headers(("Set-Cookie" = String, description = "The next refresh cookie `realis_refresh`"))),
        (status = 401, description = "No refresh cookie, or it is unknown, spent, revoked or expired"),
        (status = 429, description = "Too many refreshes from this address; see Retry-After"),
    )
)]
#[post("/api/v1/auth/refresh")]
pub async fn refresh(app: web::Data<App>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let token = refresh_cookie(&req).ok_or_else(|| {
        ApiError::new(
            ErrorCode::MissingToken,
            "Send the refresh cookie set at login.",
        )
    })?;
    let grant = app.refresh_session(&token, &meta(&req)).await?;
    Ok(session_response(&req, grant))
}

/// Ends the browser session: revokes its refresh tokens and clears the cookie. Always 204, with
/// or without a session. Bearer tokens already issued expire on their own (an hour at most).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 204, description = "Signed out; the refresh cookie is cleared",
            headers(("Set-Cookie" = String, description = "Clears `realis_refresh`"))),
    )
)]
#[post("/api/v1/auth/logout")]
pub async fn logout(app: web::Data<App>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    app.logout_session(refresh_cookie(&req).as_deref(), &meta(&req))
        .await?;
    Ok(HttpResponse::NoContent()
        .insert_header((header::SET_COOKIE, cookie(&req, "", 0)))
        .finish())
}

/// Name of the refresh cookie.
pub const REFRESH_COOKIE: &str = "realis_refresh";
/// The only path the browser sends it to.
pub const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// Whether the refresh cookie carries `Secure` (from the public URL; see
/// `Config::secure_cookies`).
#[derive(Debug, Clone, Copy)]
pub struct CookiePolicy {
    pub secure: bool,
}

fn session_response(req: &HttpRequest, grant: SessionGrant) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::SET_COOKIE, set_refresh_cookie(req, &grant.refresh)))
        .json(grant.access)
}

/// The `Set-Cookie` value that hands `grant` to the browser (a login, a refresh, a password
/// change).
pub(crate) fn set_refresh_cookie(req: &HttpRequest, grant: &RefreshGrant) -> String {
    cookie(req, &grant.token, grant.max_age_seconds)
}

/// `realis_refresh=<value>` with its attributes; `Max-Age=0` clears it.
fn cookie(req: &HttpRequest, value: &str, max_age: i64) -> String {
    let secure = req.app_data::<CookiePolicy>().is_none_or(|p| p.secure);
    format!(
        "{REFRESH_COOKIE}={value}; Path={REFRESH_COOKIE_PATH}; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The refresh token the browser sent, if any (the first `realis_refresh` of the `Cookie`
/// headers; tokens are hex, so nothing needs decoding; anything else is simply unknown).
fn refresh_cookie(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REFRESH_COOKIE)
        .map(|(_, value)| value.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// «Mot de passe oublié»: e-mails a single-use link valid one hour. Always 202, whether or not
/// the account exists.
#[utoipa::path(
    tag = "auth",
    request_body(content = ForgotPasswordRequest, example = json!({"login": "of@formapro.test"})),
    responses(
        (status = 429, description = "Too many requests for this login or from this address; see Retry-After"),
        (status = 202, description = "If the account exists, a link was e-mailed"),
        (status = 400, description = "Malformed JSON"),
        (status = 422, description = "Wrong body shape"),
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
    tag = "auth",
    request_body(content = ResetPasswordRequest, example = json!({
        "token": "9f2c4e7a1b3d5f6081a2c4e6f8091b2d3c4e5f6a7b8c9d0e1f2a3b4c5d6e7f80",
        "new_password": "Cerisiers-en-fleur-2027"
    })),
    responses(
        (status = 429, description = "Too many attempts from this address; see Retry-After"),
        (status = 204, description = "Password set"),
        (status = 400, description = "Malformed JSON"),
        (status = 410, description = "Unknown, used or expired link (`invalid_link`)"),
        (status = 422, description = "Password too short or too long"),
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
