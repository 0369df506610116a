//! `Idempotency-Key` on the API's writes (draft-ietf-httpapi-idempotency-key-header, as Stripe
//! does it; issue #12, part 2): one middleware around every `POST`, `PUT`, `PATCH` and `DELETE`
//! under `/api/v1/`.
//!
//! A request that carries the header and a valid bearer token is hashed (method, path, query,
//! body) and claims the key for its *user* (not the token, which rotates) through
//! [`App::claim_idempotency_key`]: the first one runs, and its answer (status, content type,
//! body, `Location`, `ETag`, `Content-Disposition`) is kept 24 h; the same request again gets
//! that answer with `Idempotent-Replayed: true` and runs nothing; another request under the key
//! is 422 `idempotency_key_reused`; while the first still runs, 409 `idempotency_key_in_progress`
//! with `Retry-After: 1`. A 5xx or 429 answer, a panic or a cancelled request (the client went
//! away) gives the key back so that a retry runs; an answer whose body is over 1 MB, streamed or
//! not UTF-8 is not kept either (nothing to replay: a retry runs again). Requests without a valid
//! token pass through untouched (login, password links: the route answers them as before), and
//! so does every request without the header.
//!
//! The body is read into memory before the handler, once, and handed to it as it came; no more
//! than the largest upload the API accepts ([`MAX_REQUEST_BODY`]), beyond which the answer is
//! 413 as the route would give.

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, BytesMut};
use actix_web::{HttpMessage, HttpResponse, ResponseError, web};
use futures_util::StreamExt;
use realis_api_types::ErrorCode;
use realis_app::idempotency::{Claim, Lease, StoredAnswer};
use realis_app::{Actor, App};
use realis_domain::upload::UploadKind;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::extract::Resolved;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The response header of a replayed answer.
pub const REPLAYED: &str = "idempotent-replayed";
pub use realis_api_types::IDEMPOTENCY_KEY_MAX_LEN as MAX_KEY_LEN;
/// The largest answer body kept for replay.
pub const MAX_STORED_BODY: usize = 1024 * 1024;
/// The largest request body read to hash it: the largest upload any route accepts.
pub const MAX_REQUEST_BODY: usize = max_upload();

const fn max_upload() -> usize {
    let kinds = [
        UploadKind::LetterheadImage,
        UploadKind::Document,
        UploadKind::Csv,
    ];
    let mut max = 0;
    let mut i = 0;
    while i < kinds.len() {
        if kinds[i].max_bytes() > max {
            max = kinds[i].max_bytes();
        }
        i += 1;
    }
    max
}

/// The answer headers a replay gives back besides the content type.
const REPLAYED_HEADERS: [HeaderName; 3] =
    [header::LOCATION, header::ETAG, header::CONTENT_DISPOSITION];

fn applies(req: &ServiceRequest) -> bool {
    req.path().starts_with("/api/v1/")
        && matches!(
            *req.method(),
            Method::POST | Method::PUT | Method::PATCH | Method::DELETE
        )
}

/// Whether a route answers the request's method on its path.
fn routed(req: &ServiceRequest) -> bool {
    crate::allow::allowed(req.path())
        .is_some_and(|methods| methods.split(", ").any(|m| m == req.method().as_str()))
}

/// The key of the request: `None` without the header, an error when it is sent twice or is not
/// 1 to 255 visible ASCII characters. The draft's Structured Field form (`"…"`) is read too:
/// `"abc"` and `abc` are one key.
pub fn key_of(headers: &HeaderMap) -> Option<Result<String, ApiError>> {
    let mut values = headers.get_all(HEADER);
    let first = values.next()?;
    let invalid = |why: &str| {
        Some(Err(ApiError::new(
            ErrorCode::InvalidIdempotencyKey,
            format!(
                "Idempotency-Key {why}: send one value of 1 to {MAX_KEY_LEN} visible ASCII characters."
            ),
        )))
    };
    if values.next().is_some() {
        return invalid("was sent more than once");
    }
    let raw = first.as_bytes();
    let key = match raw {
        [b'"', inner @ .., b'"'] => inner,
        _ => raw,
    };
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return invalid("has the wrong length");
    }
    if !key.iter().all(|b| (0x21..=0x7e).contains(b)) {
        return invalid("holds a character that is not visible ASCII");
    }
    Some(Ok(String::from_utf8_lossy(key).into_owned()))
}

/// SHA-256 of the method, path, query and body, each preceded by its length: what a retry
/// must repeat.
pub fn request_hash(method: &str, path: &str, query: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    for part in [method.as_bytes(), path.as_bytes(), query.as_bytes(), body] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    hex::encode(h.finalize())
}

/// The whole request body, at most [`MAX_REQUEST_BODY`].
async fn read_body(req: &mut ServiceRequest) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("The body exceeds {} MB.", MAX_REQUEST_BODY / (1024 * 1024)),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|s| s.parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_REQUEST_BODY) {
        return Err(too_large());
    }
    let mut payload = req.take_payload();
    let mut buf = BytesMut::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk
            .map_err(|_| ApiError::new(ErrorCode::MalformedRequest, "The body was interrupted."))?;
        if buf.len() + chunk.len() > MAX_REQUEST_BODY {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// The middleware (see the module's documentation).
pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !applies(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(key) = key_of(req.headers()) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // A method the path does not answer is the router's 405, whatever the key.
    if !routed(&req) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let key = match key {
        Err(e) => return Ok(req.error_response(e)),
        Ok(key) => key,
    };
    let Some(app) = req.app_data::<web::Data<App>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // No principal, no key: the route answers the missing or bad token itself.
    let resolved = req.extensions().get::<Resolved>().cloned();
    let actor = match resolved {
        Some(Resolved(actor)) => actor,
        None => {
            let Ok(actor) = crate::extract::principal(&app, req.request()).await else {
                return Ok(next.call(req).await?.map_into_boxed_body());
            };
            req.extensions_mut().insert(Resolved(actor.clone()));
            actor
        }
    };
    let body = match read_body(&mut req).await {
        Ok(body) => body,
        Err(e) => return Ok(req.error_response(e)),
    };
    let hash = request_hash(req.method().as_str(), req.path(), req.query_string(), &body);
    req.set_payload(Payload::from(body));
    match app.claim_idempotency_key(&actor, &key, &hash).await {
        Err(e) => Ok(req.error_response(ApiError::from(e))),
        Ok(Claim::Mismatch) => Ok(req.error_response(ApiError::new(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was used for another request (method, path, query or body) in the last 24 h; use a new key.",
        ))),
        Ok(Claim::InProgress) => {
            let mut res = ApiError::new(
                ErrorCode::IdempotencyKeyInProgress,
                "The first request with this Idempotency-Key is still running; retry in a moment.",
            )
            .error_response();
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            Ok(req.into_response(res))
        }
        Ok(Claim::Replay(answer)) => Ok(req.into_response(replay(answer))),
        Ok(Claim::Acquired(lease)) => run(app, &actor, lease, req, next).await,
    }
}

/// The stored answer again, marked as a replay.
fn replay(answer: StoredAnswer) -> HttpResponse {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    if let Some(ct) = &answer.content_type {
        res.insert_header((header::CONTENT_TYPE, ct.as_str()));
    }
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::from_str(value),
        ) {
            res.append_header((name, value));
        }
    }
    res.insert_header((REPLAYED, "true"));
    res.body(answer.body)
}

/// Gives the key back when dropped armed: the request panicked or was cancelled (the future
/// dropped when the client went away) before its answer was settled.
struct Release {
    app: Option<web::Data<App>>,
    lease: Lease,
}

impl Release {
    fn disarm(mut self) {
        self.app = None;
    }

    async fn now(mut self) {
        if let Some(app) = self.app.take()
            && let Err(e) = app.release_idempotency_key(&self.lease).await
        {
            tracing::warn!(error = %e, "releasing an idempotency key failed");
        }
    }
}

impl Drop for Release {
    fn drop(&mut self) {
        let Some(app) = self.app.take() else {
            return;
        };
        let lease = self.lease.clone();
        if let Ok(rt) = tokio::runtime::Handle::try_current() {
            rt.spawn(async move {
                if let Err(e) = app.release_idempotency_key(&lease).await {
                    tracing::warn!(error = %e, "releasing an idempotency key failed");
                }
            });
        }
    }
}

/// Runs the request that holds the key, then keeps its answer or gives the key back.
async fn run(
    app: web::Data<App>,
    actor: &Actor,
    lease: Lease,
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let guard = Release {
        app: Some(app.clone()),
        lease: lease.clone(),
    };
    // (The request must not be cloned before it is routed: the router writes into it.)
    let res = match next.call(req).await {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            // Handlers' errors are answers by now; an error here is not one to keep.
            guard.now().await;
            return Err(e);
        }
    };
    let status = res.status();
    if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
        guard.now().await;
        return Ok(res);
    }
    let (http_req, response) = res.into_parts();
    let (head, body) = response.into_parts();
    let keepable = match body.size() {
        BodySize::None => true,
        BodySize::Sized(n) => n <= MAX_STORED_BODY as u64,
        BodySize::Stream => false,
    };
    if !keepable {
        guard.now().await;
        return Ok(ServiceResponse::new(http_req, head.set_body(body)));
    }
    let Ok(bytes) = actix_web::body::to_bytes(body).await else {
        guard.now().await;
        let res = ApiError::new(ErrorCode::Internal, "An unexpected error occurred.");
        return Ok(ServiceResponse::new(http_req, res.error_response()));
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        guard.now().await;
        return Ok(ServiceResponse::new(
            http_req,
            head.set_body(BoxBody::new(bytes)),
        ));
    };
    let answer = StoredAnswer {
        status: status.as_u16(),
        content_type: head
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        headers: replayed_headers(head.headers()),
        body: text.to_owned(),
    };
    match app.complete_idempotency_key(&lease, &answer).await {
        Ok(()) => guard.disarm(),
        Err(e) => {
            tracing::warn!(error = %e, user_id = actor.user_id, "keeping an idempotent answer failed");
            guard.now().await;
        }
    }
    Ok(ServiceResponse::new(
        http_req,
        head.set_body(BoxBody::new(bytes)),
    ))
}

/// The headers of [`REPLAYED_HEADERS`] the answer carries, in order.
fn replayed_headers(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for name in &REPLAYED_HEADERS {
        for value in headers.get_all(name) {
            if let Ok(value) = value.to_str() {
                out.push((name.as_str().to_owned(), value.to_owned()));
            }
        }
    }
    out
}
