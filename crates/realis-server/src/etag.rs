//! Entity tags and preconditions (issue #12, part 2).
//!
//! A month, a dossier and an organisation are read with an `ETag`: `"<version>-<hash>"` where
//! the resource has a version (a month, an organisation), `"<hash>"` otherwise (a dossier), the
//! hash being the first 16 hex digits of the SHA-256 of the JSON body (so it also changes with
//! what the reader may do, e.g. `allowed_actions`). `If-None-Match` naming it answers 304
//! without a body.
//!
//! A write that takes a `version` also takes `If-Match` with such an ETag instead: its version is
//! the one compared. A stale `If-Match` is 412 `precondition_failed` (a stale body `version` stays
//! 409 `stale_version`); an `If-Match` that names no version of ours, or that disagrees with the
//! body's `version`, is 412 too; `If-Match: *` asks for nothing. Where a version was required
//! (the hours save), neither is 428 `precondition_required`.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse};
use realis_api_types::ErrorCode;
use realis_app::AppError;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// `If-None-Match` on the reads with an `ETag` (for the OpenAPI document).
#[derive(utoipa::IntoParams)]
#[into_params(names("If-None-Match"), parameter_in = Header)]
pub struct IfNoneMatch(
    /// An `ETag` read before: if it is still the current one, the answer is 304 without a body.
    #[allow(dead_code)]
    Option<String>,
);

/// `If-Match` on the writes that take a `version` (for the OpenAPI document).
#[derive(utoipa::IntoParams)]
#[into_params(names("If-Match"), parameter_in = Header)]
pub struct IfMatch(
    /// The `ETag` read (`"<version>-<hash>"`), instead of the body's `version`: 412 when the
    /// resource has changed since, when it names no version of the resource, or when the body's
    /// `version` says another; `*` asks for nothing.
    #[allow(dead_code)]
    Option<String>,
);

/// The ETag of a JSON body of a resource at `version`.
pub fn tag(version: Option<i32>, body: &[u8]) -> String {
    let hash = hex::encode(&Sha256::digest(body)[..8]);
    match version {
        Some(v) => format!("\"{v}-{hash}\""),
        None => format!("\"{hash}\""),
    }
}

/// Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 § 13.1.2), or is `*`.
fn none_match(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// `value` as JSON with its ETag; 304 without a body when the reader already has it.
pub fn respond<T: Serialize>(req: &HttpRequest, version: Option<i32>, value: &T) -> HttpResponse {
    let body = match serde_json::to_vec(value) {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "serialising an answer failed");
            return actix_web::ResponseError::error_response(&ApiError::new(
                ErrorCode::Internal,
                "An unexpected error occurred.",
            ));
        }
    };
    let etag = tag(version, &body);
    if req.method() == actix_web::http::Method::GET && none_match(req, &etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag))
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        ))
        .body(body)
}

/// The version a write is made against: the body's `version` or `If-Match`'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Precondition {
    pub version: Option<i32>,
    /// The version came from `If-Match`: a stale one is 412, not 409.
    pub from_if_match: bool,
}

fn failed(detail: &str) -> ApiError {
    ApiError::new(ErrorCode::PreconditionFailed, detail)
}

/// Reads `If-Match` against the body's `version` (see the module's documentation).
pub fn precondition(
    req: &HttpRequest,
    body_version: Option<i32>,
) -> Result<Precondition, ApiError> {
    let tags: Vec<&str> = req
        .headers()
        .get_all(header::IF_MATCH)
        .map(|v| v.to_str().unwrap_or("\u{0}"))
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if tags.is_empty() || tags == ["*"] {
        return Ok(Precondition {
            version: body_version,
            from_if_match: false,
        });
    }
    let mut version = None;
    for t in &tags {
        match (realis_api_types::etag_version(t), version) {
            (None, _) => return Err(failed("If-Match names no version of this resource.")),
            (Some(v), Some(seen)) if v != seen => {
                return Err(failed("If-Match names several versions."));
            }
            (Some(v), _) => version = Some(v),
        }
    }
    if body_version.is_some() && body_version != version {
        return Err(failed("If-Match and the body's version disagree."));
    }
    Ok(Precondition {
        version,
        from_if_match: true,
    })
}

impl Precondition {
    /// The version, required: 428 without `If-Match` or a body `version`.
    pub fn required(self) -> Result<i32, ApiError> {
        self.version.ok_or_else(|| {
            ApiError::new(
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag read, or the body's version.",
            )
        })
    }

    /// The use case's error, a stale version from `If-Match` becoming 412.
    pub fn error(self, e: AppError) -> ApiError {
        match e {
            AppError::StaleVersion if self.from_if_match => {
                failed("The resource changed since this ETag; read it again and retry.")
            }
            e => ApiError::from(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use realis_api_types::etag_version as version_of;

    fn req(if_match: &[&str]) -> HttpRequest {
        let mut r = actix_web::test::TestRequest::put();
        for v in if_match {
            r = r.append_header((header::IF_MATCH, *v));
        }
        r.to_http_request()
    }

    #[test]
    fn a_tag_carries_the_version_and_a_short_hash() {
        let t = tag(Some(7), b"{}");
        assert!(t.starts_with("\"7-") && t.ends_with('"') && t.len() == 2 + 2 + 16);
        assert_eq!(version_of(&t), Some(7));
        assert_eq!(version_of(&tag(None, b"{}")), None);
        assert_eq!(version_of(&format!("W/{t}")), None);
    }

    #[test]
    fn if_match_stands_for_the_version() {
        let t = tag(Some(3), b"x");
        let p = precondition(&req(&[&t]), None).expect("ok");
        assert_eq!((p.version, p.from_if_match), (Some(3), true));
        assert_eq!(
            precondition(&req(&[&t]), Some(3)).expect("ok").version,
            Some(3)
        );
        let e = precondition(&req(&[&t]), Some(2)).expect_err("disagree");
        assert_eq!(e.code, ErrorCode::PreconditionFailed);
        let e = precondition(&req(&["\"nonsense\""]), None).expect_err("no version");
        assert_eq!(e.code, ErrorCode::PreconditionFailed);
        let p = precondition(&req(&["*"]), Some(5)).expect("star");
        assert_eq!((p.version, p.from_if_match), (Some(5), false));
        let p = precondition(&req(&[]), None).expect("none");
        assert_eq!(
            p.required().expect_err("428").code,
            ErrorCode::PreconditionRequired
        );
        let stale = precondition(&req(&[&t]), None)
            .expect("ok")
            .error(AppError::StaleVersion);
        assert_eq!(stale.code, ErrorCode::PreconditionFailed);
        let stale = precondition(&req(&[]), Some(1))
            .expect("ok")
            .error(AppError::StaleVersion);
        assert_eq!(stale.code, ErrorCode::Conflict);
    }
}
