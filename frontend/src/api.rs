//! Every HTTP call of the SPA. Errors come back as [`UiError`] with French messages.

use gloo_net::http::{Request, RequestBuilder, Response};
use realis_api_types::{
    Dashboard, ForgotPasswordRequest, LoginRequest, LoginResponse, Problem, ResetPasswordRequest,
};
use serde::de::DeserializeOwned;

use crate::errors::UiError;

const BASE: &str = "/api/v1";

async fn fail(resp: Response) -> UiError {
    let status = resp.status();
    match resp.json::<Problem>().await {
        Ok(p) => UiError::from_problem(p),
        Err(_) => UiError::from_status(status),
    }
}

async fn json<T: DeserializeOwned>(
    req: RequestBuilder,
    body: Option<&impl serde::Serialize>,
) -> Result<T, UiError> {
    let sent = match body {
        Some(b) => req.json(b).map_err(|_| UiError::network())?.send().await,
        None => req.send().await,
    };
    let resp = sent.map_err(|_| UiError::network())?;
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|_| UiError::from_status(resp.status()))
    } else {
        Err(fail(resp).await)
    }
}

async fn no_content(req: RequestBuilder, body: &impl serde::Serialize) -> Result<(), UiError> {
    let resp = req
        .json(body)
        .map_err(|_| UiError::network())?
        .send()
        .await
        .map_err(|_| UiError::network())?;
    if resp.ok() {
        Ok(())
    } else {
        Err(fail(resp).await)
    }
}

fn authed(req: RequestBuilder, token: &str) -> RequestBuilder {
    req.header("Authorization", &format!("Bearer {token}"))
}

pub async fn login(body: LoginRequest) -> Result<LoginResponse, UiError> {
    json(Request::post(&format!("{BASE}/auth/login")), Some(&body)).await
}

pub async fn forgot_password(login: String) -> Result<(), UiError> {
    no_content(
        Request::post(&format!("{BASE}/auth/password/forgot")),
        &ForgotPasswordRequest { login },
    )
    .await
}

pub async fn reset_password(token: String, new_password: String) -> Result<(), UiError> {
    no_content(
        Request::post(&format!("{BASE}/auth/password/reset")),
        &ResetPasswordRequest {
            token,
            new_password,
        },
    )
    .await
}

pub async fn dashboard(token: String) -> Result<Dashboard, UiError> {
    json(
        authed(Request::get(&format!("{BASE}/dashboard")), &token),
        None::<&()>,
    )
    .await
}
