//! Every HTTP call of the SPA. Errors come back as [`UiError`] with French messages.

use gloo_net::http::{Request, RequestBuilder, Response};
use realis_api_types::{ErrorCode, Problem};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::UiError;
use crate::session;

mod account;
mod auth;
mod batches;
mod bulk;
mod conversations;
mod developers;
mod documents;
mod files;
mod followup;
mod months;
mod organisation;
mod saisie;
mod trainings;

pub use account::*;
pub use auth::*;
pub use batches::*;
pub use bulk::*;
pub use conversations::*;
pub use developers::*;
pub use documents::*;
pub use files::*;
pub use followup::*;
pub use months::*;
pub use organisation::*;
pub use saisie::*;
pub use trainings::*;

const BASE: &str = "/api/v1";

async fn fail(resp: Response) -> UiError {
    let status = resp.status();
    match resp.json::<Problem>().await {
        Ok(p) => UiError::from_problem(p),
        Err(_) => UiError::from_status(status),
    }
}

/// Sends `req` with the bearer token. A 401 saying the token is missing or invalid (expired,
/// revoked) gets one refresh of the session from the refresh cookie, then the request is
/// replayed once with the new token; when the refresh is refused the session has expired
/// ([`session::expired`]: the portal sends the user to the login page and back).
async fn exchange(req: Result<Request, gloo_net::Error>) -> Result<Response, UiError> {
    let req: web_sys::Request = req.map_err(|_| UiError::network())?.into();
    // A copy made before sending, for the replay (a body can be read once).
    let replay = req.clone().map_err(|_| UiError::network())?;
    authorize(&req);
    let resp = Request::from(req)
        .send()
        .await
        .map_err(|_| UiError::network())?;
    if resp.status() != 401 {
        return Ok(resp);
    }
    let problem = resp.json::<Problem>().await.ok();
    let token_error = problem
        .as_ref()
        .is_some_and(|p| matches!(p.code, ErrorCode::MissingToken | ErrorCode::InvalidToken));
    let error = problem.map_or_else(|| UiError::from_status(401), UiError::from_problem);
    if !token_error || session::token().is_none() && !session::had_session() {
        return Err(error);
    }
    match refresh_session().await {
        Refresh::Refreshed => {}
        Refresh::Refused => {
            session::expired();
            return Err(error);
        }
        Refresh::Failed(e) => return Err(e),
    }
    authorize(&replay);
    let resp = Request::from(replay)
        .send()
        .await
        .map_err(|_| UiError::network())?;
    if resp.status() == 401 {
        session::expired();
    }
    Ok(resp)
}

fn authorize(req: &web_sys::Request) {
    if let Some(token) = session::token() {
        let _ = req
            .headers()
            .set("Authorization", &format!("Bearer {token}"));
    }
}

async fn read<T: DeserializeOwned>(resp: Response) -> Result<T, UiError> {
    if resp.ok() {
        resp.json::<T>()
            .await
            .map_err(|_| UiError::from_status(resp.status()))
    } else {
        Err(fail(resp).await)
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, UiError> {
    let resp = exchange(Request::get(&format!("{BASE}{path}")).build()).await?;
    read(resp).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    req: RequestBuilder,
    body: &B,
) -> Result<T, UiError> {
    let resp = exchange(req.json(body)).await?;
    read(resp).await
}

async fn send_empty<B: Serialize>(req: RequestBuilder, body: &B) -> Result<(), UiError> {
    let resp = exchange(req.json(body)).await?;
    if resp.ok() {
        Ok(())
    } else {
        Err(fail(resp).await)
    }
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}
