//! Signing in and out, and the session's refresh.

use gloo_net::http::Request;
use realis_api_types::{
    ErrorCode, ForgotPasswordRequest, LoginRequest, LoginResponse, ResetPasswordRequest,
};

use super::{get, read, send, send_empty, url};
use crate::errors::UiError;
use crate::session;

/// How a refresh of the session ended.
#[derive(Clone, Debug)]
pub enum Refresh {
    Refreshed,
    /// The refresh cookie is missing, spent, revoked or expired: the session is over.
    Refused,
    /// Not answered (network, rate limit): the session may still be alive.
    Failed(UiError),
}

thread_local! {
    static REFRESHING: std::cell::RefCell<Option<js_sys::Promise>> = const { std::cell::RefCell::new(None) };
    static REFRESHED: std::cell::RefCell<Option<Refresh>> = const { std::cell::RefCell::new(None) };
}

/// Exchanges the refresh cookie for a new bearer token (`POST /auth/refresh`); callers that
/// arrive while one is under way wait for it instead of sending their own.
pub async fn refresh_session() -> Refresh {
    let promise = REFRESHING.with(|r| {
        r.borrow_mut()
            .get_or_insert_with(|| {
                wasm_bindgen_futures::future_to_promise(async {
                    let outcome = match post_refresh().await {
                        Ok(resp) => {
                            session::signed_in(resp);
                            Refresh::Refreshed
                        }
                        Err(e)
                            if e.code.is_some_and(|c| {
                                matches!(c, ErrorCode::MissingToken | ErrorCode::InvalidToken)
                            }) =>
                        {
                            Refresh::Refused
                        }
                        Err(e) => Refresh::Failed(e),
                    };
                    REFRESHED.with(|o| *o.borrow_mut() = Some(outcome));
                    REFRESHING.with(|r| r.borrow_mut().take());
                    Ok(wasm_bindgen::JsValue::UNDEFINED)
                })
            })
            .clone()
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    REFRESHED
        .with(|o| o.borrow().clone())
        .unwrap_or_else(|| Refresh::Failed(UiError::network()))
}

async fn post_refresh() -> Result<LoginResponse, UiError> {
    let resp = Request::post(&url("/auth/refresh"))
        .send()
        .await
        .map_err(|_| UiError::network())?;
    read(resp).await
}

/// «Déconnexion»: the server revokes the refresh token and clears its cookie.
pub async fn logout() {
    let _ = Request::post(&url("/auth/logout")).send().await;
}

pub async fn login(body: LoginRequest) -> Result<LoginResponse, UiError> {
    send(Request::post(&url("/auth/login")), &body).await
}

pub async fn forgot_password(login: String) -> Result<(), UiError> {
    send_empty(
        Request::post(&url("/auth/password/forgot")),
        &ForgotPasswordRequest { login },
    )
    .await
}

pub async fn reset_password(token: String, new_password: String) -> Result<(), UiError> {
    send_empty(
        Request::post(&url("/auth/password/reset")),
        &ResetPasswordRequest {
            token,
            new_password,
        },
    )
    .await
}

/// The signed-in user's profile (`GET /me`): the header's «Retour au site».
pub async fn me() -> Result<realis_api_types::Me, UiError> {
    get("/me").await
}
