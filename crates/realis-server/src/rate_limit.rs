//! Rate limits of the API (issue #12, part 5): one middleware before every `/api/v1/` request
//! that carries a credential. It resolves the caller once (the extractor and the idempotency
//! middleware reuse it), counts the request against the key's or the session's limit
//! ([`App::rate_check`]) and says where the caller stands with the IETF headers
//! (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "key";q=600;w=60` and
//! `RateLimit: "key";r=599;t=42`; over the limit, 429 `rate_limited` with `Retry-After`.
//! A request whose credential does not check passes through: the route answers 401 itself.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use realis_app::App;
use realis_app::rate_limits::Quota;

use crate::error::ApiError;
use crate::extract::Resolved;

pub const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
pub const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");

fn insert(headers: &mut header::HeaderMap, q: &Quota) {
    let policy = format!("\"{}\";q={};w=60", q.policy, q.limit);
    let state = format!("\"{}\";r={};t={}", q.policy, q.remaining, q.reset);
    if let (Ok(p), Ok(s)) = (
        HeaderValue::from_str(&policy),
        HeaderValue::from_str(&state),
    ) {
        headers.insert(RATELIMIT_POLICY, p);
        headers.insert(RATELIMIT, s);
    }
}

pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !req.path().starts_with("/api/v1/") || !req.headers().contains_key(header::AUTHORIZATION) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(app) = req.app_data::<web::Data<App>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let Ok(actor) = crate::extract::principal(&app, req.request()).await else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let quota = match app.rate_check(&actor).await {
        Ok(q) => q,
        Err(e) => {
            let limit = app.rate_policy(&actor);
            let mut res = req.error_response(ApiError::from(e));
            if let Some(after) = res
                .headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse().ok())
            {
                insert(
                    res.headers_mut(),
                    &Quota {
                        policy: limit.0,
                        limit: limit.1,
                        remaining: 0,
                        reset: after,
                    },
                );
            }
            return Ok(res);
        }
    };
    req.extensions_mut().insert(Resolved(actor));
    let mut res = next.call(req).await?.map_into_boxed_body();
    if let Some(q) = quota {
        insert(res.headers_mut(), &q);
    }
    Ok(res)
}
