//! `application/problem+json` bodies (RFC 9457) with a stable `code`.

use serde::{Deserialize, Serialize};

pub use realis_domain::FieldCode;

/// The longest `Idempotency-Key` accepted, in visible ASCII characters.
pub const IDEMPOTENCY_KEY_MAX_LEN: usize = 255;

/// Stable, machine-readable error identifiers. The SPA translates each to French.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON, or not of the expected shape.
    MalformedRequest,
    /// Some fields are invalid; see `errors`.
    ValidationFailed,
    /// No bearer token was sent.
    MissingToken,
    /// The token is invalid, expired or revoked.
    InvalidToken,
    /// Wrong login or password.
    InvalidCredentials,
    /// The account is disabled.
    AccountDisabled,
    /// The account's organisation (OF) was deactivated by its funder: its users can neither log
    /// in nor use their tokens.
    OrganisationDisabled,
    /// The role may not do this.
    Forbidden,
    /// The API key lacks the scope this route needs (see the key's `scopes`; a person's
    /// session needs none).
    InsufficientScope,
    /// The API key may not be used from this address (its `allowed_ips`).
    AddressNotAllowed,
    /// Missing, or not yours.
    NotFound,
    /// The state changed meanwhile, or the action does not fit the current state.
    Conflict,
    /// The link (reset or invitation) is unknown, used or expired.
    InvalidLink,
    /// Too many attempts; retry after `Retry-After` seconds.
    RateLimited,
    /// The body is too large.
    PayloadTooLarge,
    /// The content type is not accepted.
    UnsupportedMediaType,
    /// The method is not allowed on this path.
    MethodNotAllowed,
    /// The certification code expired, was used, replaced or burnt: ask for a new one.
    CodeExpired,
    /// Wrong certification code; see `attempts_left`.
    WrongCode,
    /// Online certification of this month is locked after too many wrong codes.
    OnlineLocked,
    /// The `Idempotency-Key` header is not 1 to 255 visible ASCII characters (or was sent twice).
    InvalidIdempotencyKey,
    /// This `Idempotency-Key` was already used by you for another request (method, path, query
    /// or body differ) in the last 24 h: use a new key for a new request.
    IdempotencyKeyReused,
    /// The first request with this `Idempotency-Key` is still running: retry after
    /// `Retry-After` seconds to get its answer.
    IdempotencyKeyInProgress,
    /// `If-Match` does not name the current version (reload and retry), or disagrees with the
    /// body's `version`.
    PreconditionFailed,
    /// This write needs the version read: send `If-Match` with the `ETag` or the body's
    /// `version`.
    PreconditionRequired,
    /// Something failed on our side; the details are in the server log.
    Internal,
    /// A dependency (the database) is unavailable.
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::MalformedRequest => "malformed_request",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::MissingToken => "missing_token",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::AccountDisabled => "account_disabled",
            ErrorCode::OrganisationDisabled => "organisation_disabled",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::InsufficientScope => "insufficient_scope",
            ErrorCode::AddressNotAllowed => "address_not_allowed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::InvalidLink => "invalid_link",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::WrongCode => "wrong_code",
            ErrorCode::OnlineLocked => "online_locked",
            ErrorCode::InvalidIdempotencyKey => "invalid_idempotency_key",
            ErrorCode::IdempotencyKeyReused => "idempotency_key_reused",
            ErrorCode::IdempotencyKeyInProgress => "idempotency_key_in_progress",
            ErrorCode::PreconditionFailed => "precondition_failed",
            ErrorCode::PreconditionRequired => "precondition_required",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    /// The HTTP status that goes with the code.
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::MalformedRequest | ErrorCode::InvalidIdempotencyKey => 400,
            ErrorCode::ValidationFailed
            | ErrorCode::WrongCode
            | ErrorCode::IdempotencyKeyReused => 422,
            ErrorCode::MissingToken | ErrorCode::InvalidToken | ErrorCode::InvalidCredentials => {
                401
            }
            ErrorCode::AccountDisabled
            | ErrorCode::OrganisationDisabled
            | ErrorCode::Forbidden
            | ErrorCode::InsufficientScope
            | ErrorCode::AddressNotAllowed => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::Conflict | ErrorCode::OnlineLocked | ErrorCode::IdempotencyKeyInProgress => {
                409
            }
            ErrorCode::InvalidLink | ErrorCode::CodeExpired => 410,
            ErrorCode::PreconditionFailed => 412,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::PreconditionRequired => 428,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
            ErrorCode::Unavailable => 503,
        }
    }
}

/// The version an ETag of a month, a dossier or an organisation names: they read
/// `"<version>-<hash>"`; `None` for anything else (a weak tag, another shape).
pub fn etag_version(tag: &str) -> Option<i32> {
    let inner = tag.trim().strip_prefix('"')?.strip_suffix('"')?;
    let (version, hash) = inner.split_once('-')?;
    if hash.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    version.parse().ok()
}

/// One invalid field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// JSON path of the field, e.g. `password` or `days[3].training`.
    pub field: String,
    /// Why the field was refused: a stable snake_case reason, e.g. `too_short`,
    /// `invalid_siret`; branch on it, show `message`.
    pub code: FieldCode,
    /// French message for the user, ready to show next to the field.
    pub message: String,
}

/// An `application/problem+json` error body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem, `https://realis.test/problems/` followed by `code`
    /// with dashes, e.g. `https://realis.test/problems/validation-failed`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short English summary of the kind of problem, the same for every occurrence of a `code`
    /// (e.g. `Validation failed`).
    pub title: String,
    /// The HTTP status code of the response, repeated in the body.
    pub status: u16,
    /// English explanation of this occurrence, for developers and logs; show the French
    /// translation of `code` to people instead. Generic for 5xx errors (the cause is logged).
    pub detail: String,
    /// Stable machine-readable identifier of the problem: branch on this, not on `title` or
    /// `detail`.
    pub code: ErrorCode,
    /// For `validation_failed`: every invalid field at once (for `wrong_code`: one entry on
    /// `code`). Omitted when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// For `rate_limited` only: seconds to wait before retrying (also sent as the
    /// `Retry-After` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    /// For `wrong_code` only: wrong tries still allowed on the current code before it is burnt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<i32>,
    /// Which conflict, for `conflict` (409): act on it rather than on `detail`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<ConflictReason>,
}

/// Why a request conflicts with the current state (the `conflict` member of a 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ConflictReason {
    /// The record changed since it was read (the `version` sent is stale): reload and retry.
    StaleVersion,
    /// The request does not fit the month's current status, or it is not the reader's turn; the
    /// month's `allowed_actions` say what is possible now.
    WrongStatus,
    /// The document or designation has already been reviewed (possibly a moment ago by a
    /// colleague).
    AlreadyReviewed,
    /// Online certification of the month is not locked: there is nothing to unlock.
    NotLocked,
    /// The month has no certificate to validate or contest.
    NoCertificate,
    /// A month of the batch is not, or no longer, ready to transmit: nothing was transmitted.
    NotTransmittable,
    /// The audit chain no longer verifies: no checkpoint is published.
    AuditChainBroken,
    /// A month of the certification batch was written or moved on since the batch was made (the
    /// problem's `errors` name it): nothing was certified; make a new batch.
    BatchMonthChanged,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_stable_names() {
        for code in [
            ErrorCode::MalformedRequest,
            ErrorCode::RateLimited,
            ErrorCode::InvalidLink,
        ] {
            let json = serde_json::to_string(&code).expect("serialise");
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
