//! Request extractors: the authenticated actor and the request's origin.

use std::future::{Future, Ready, ready};
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use realis_api_types::{ErrorCode, FieldCode, FieldError};
use realis_app::{Actor, App, RequestMeta};

use crate::error::{ApiError, body_shape_error};
use crate::proxies::TrustedProxies;
use crate::scopes;

/// The user behind a valid bearer token.
pub struct Authenticated(pub Actor);

/// The actor a middleware already resolved for this request (the idempotency middleware does,
/// to key on the user): the extractor takes it instead of checking the token twice.
#[derive(Clone)]
pub struct Resolved(pub Actor);

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        use actix_web::HttpMessage;
        let resolved = req.extensions().get::<Resolved>().cloned();
        let app = req.app_data::<web::Data<App>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let actor = match resolved {
                Some(Resolved(actor)) => actor,
                None => {
                    let app = app.ok_or_else(|| {
                        ApiError::new(ErrorCode::Internal, "application state missing")
                    })?;
                    principal(&app, &req).await?
                }
            };
            if let Some(key) = &actor.key {
                let need = scopes::need(req.method(), req.match_pattern().as_deref().unwrap_or(""));
                if !scopes::met(need, &key.scopes) {
                    return Err(ApiError::new(
                        ErrorCode::InsufficientScope,
                        match need {
                            scopes::Need::OneOf(any) => format!(
                                "This API key lacks the scope this route needs: one of {}.",
                                any.iter()
                                    .map(|s| s.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            _ => "This route is for a person's session, not an API key.".into(),
                        },
                    ));
                }
            }
            Ok(Authenticated(actor))
        })
    }
}

/// The user behind the request's `Authorization` header, a session token or an API key (`rls_…`,
/// checked against its allow-list with the client's address): the one check that the
/// [`Authenticated`] extractor and the middlewares share (so that a new kind of credential
/// accepted here is accepted by all).
pub async fn principal(app: &App, req: &HttpRequest) -> Result<Actor, ApiError> {
    let headers = req.headers();
    let missing = || {
        ApiError::new(
            ErrorCode::MissingToken,
            "Send Authorization: Bearer <token>.",
        )
    };
    let header = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .ok_or_else(missing)?;
    // The scheme is case-insensitive (RFC 9110 § 11.1): «Bearer», «bearer», «BEARER».
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token)
        .ok_or_else(missing)?;
    let token = token.trim();
    if token.starts_with(realis_domain::api_key::KEY_PREFIX) {
        return Ok(app.authenticate_key(token, client_ip(req)).await?);
    }
    Ok(app.authenticate(token).await?)
}

/// The client's address: the socket peer, or the address a trusted proxy forwards for.
pub fn client_ip(req: &HttpRequest) -> Option<std::net::IpAddr> {
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    req.peer_addr()
        .map(|a| match req.app_data::<TrustedProxies>() {
            Some(t) => t.client(a.ip(), forwarded),
            None => a.ip(),
        })
}

/// The client's address and user agent: the socket peer, or the address a trusted proxy
/// forwards for (`REALIS_TRUSTED_PROXIES`, see [`crate::proxies`]).
pub fn meta(req: &HttpRequest) -> RequestMeta {
    RequestMeta {
        ip: client_ip(req).map(|ip| ip.to_string()),
        user_agent: req
            .headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect()),
    }
}

/// Reads a raw upload body, refusing it as soon as it is known to exceed `limit`: from
/// `Content-Length` before reading anything, or while streaming a chunked body.
pub async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    use futures_util::StreamExt;
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The file exceeds {} MB.", limit / (1024 * 1024)),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let mut buf = Vec::with_capacity(declared.unwrap_or(0).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(ErrorCode::MalformedRequest, "The upload was interrupted.")
        })?;
        if buf.len() + chunk.len() > limit {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf)
}

/// A stored file as an attachment with its sniffed type and our own file name.
pub fn attachment(d: realis_app::identity::Download) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type(d.content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", d.file_name),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(d.bytes)
}

/// A page number or size from a query string: any run of digits, saturating at `u64::MAX` (the
/// use case clamps it), so `?page=99999999999999999999` reads as the last page instead of failing.
pub fn saturating<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let s: Option<String> = serde::Deserialize::deserialize(d)?;
    match s {
        None => Ok(None),
        Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Some(s.bytes().fold(0u64, |n, b| {
                n.saturating_mul(10).saturating_add(u64::from(b - b'0'))
            })))
        }
        Some(_) => Err(serde::de::Error::custom("expected a non-negative integer")),
    }
}

/// A query string read into `T`, refusing what `T` does not declare: every parameter must be one
/// of `T`'s [`utoipa::IntoParams`] (the list the OpenAPI document shows), an unknown one is 422
/// with a field error `unknown_parameter` naming it — as an unknown field of a JSON body is 422
/// — instead of being ignored (a misspelt filter would silently list everything). The values are
/// then read as `web::Query` reads them; one that does not parse is 422 too.
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + utoipa::IntoParams> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(query(req.query_string()).map(Query))
    }
}

/// The query string `qs` as `T` (see [`Query`]).
// The one reader of `web::Query`, which clippy.toml forbids elsewhere.
#[allow(clippy::disallowed_types)]
pub fn query<T: serde::de::DeserializeOwned + utoipa::IntoParams>(qs: &str) -> Result<T, ApiError> {
    let declared = T::into_params(|| Some(utoipa::openapi::path::ParameterIn::Query));
    let mut unknown: Vec<String> = Vec::new();
    let pairs = web::Query::<Vec<(String, String)>>::from_query(qs).map(web::Query::into_inner);
    for (name, _) in pairs.unwrap_or_default() {
        if !declared.iter().any(|p| p.name == name) && !unknown.contains(&name) {
            unknown.push(name);
        }
    }
    if !unknown.is_empty() {
        return Err(ApiError {
            errors: unknown
                .iter()
                .map(|name| FieldError {
                    field: name.clone(),
                    code: FieldCode::UnknownParameter,
                    message: format!(
                        "Le paramètre «\u{a0}{name}\u{a0}» n'existe pas pour cette adresse."
                    ),
                })
                .collect(),
            ..ApiError::new(
                ErrorCode::ValidationFailed,
                format!("Unknown query parameter: {}.", unknown.join(", ")),
            )
        });
    }
    web::Query::<T>::from_query(qs)
        .map(web::Query::into_inner)
        .map_err(|err| {
            ApiError::new(
                ErrorCode::ValidationFailed,
                format!("Invalid query string: {err}"),
            )
        })
}

/// A JSON request body: an object (never an array read field by field into a struct), with the
/// limits and errors of `web::JsonConfig` (400 malformed, 413 too large, 415 not JSON) and 422
/// for a body of the wrong shape.
pub struct Json<T>(pub T);

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let value = web::Json::<serde_json::Value>::from_request(req, payload);
        Box::pin(async move {
            let value = value.await?.into_inner();
            let shape = |message: String| actix_web::Error::from(body_shape_error(message));
            if !value.is_object() {
                return Err(shape("expected a JSON object".into()));
            }
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| shape(e.to_string()))
        })
    }
}
