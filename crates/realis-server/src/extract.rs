//! Request extractors: the authenticated actor and the request's origin.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use realis_api_types::ErrorCode;
use realis_app::{Actor, App, RequestMeta};

use crate::error::ApiError;

/// The user behind a valid bearer token.
pub struct Authenticated(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let app = req.app_data::<web::Data<App>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().to_owned());
        Box::pin(async move {
            let app =
                app.ok_or_else(|| ApiError::new(ErrorCode::Internal, "application state missing"))?;
            let header = token.ok_or_else(|| {
                ApiError::new(
                    ErrorCode::MissingToken,
                    "Send Authorization: Bearer <token>.",
                )
            })?;
            let token = header
                .strip_prefix("Bearer ")
                .or_else(|| header.strip_prefix("bearer "))
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::MissingToken,
                        "Send Authorization: Bearer <token>.",
                    )
                })?;
            Ok(Authenticated(app.authenticate(token.trim()).await?))
        })
    }
}

/// The client's address and user agent (the socket peer: forwarded headers are not trusted).
pub fn meta(req: &HttpRequest) -> RequestMeta {
    RequestMeta {
        ip: req.peer_addr().map(|a| a.ip().to_string()),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
    }
}
