//! The one place that turns errors into HTTP: `application/problem+json` with a stable code.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use realis_api_types::{ConflictReason, ErrorCode, FieldCode, FieldError, Problem};
use realis_app::AppError;
use realis_app::error::Reviewed;
use realis_domain::upload::UploadKind;

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldError>,
    pub retry_after: Option<u64>,
    pub attempts_left: Option<i32>,
    pub conflict: Option<ConflictReason>,
}

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            code,
            detail: detail.into(),
            errors: Vec::new(),
            retry_after: None,
            attempts_left: None,
            conflict: None,
        }
    }

    fn title(&self) -> &'static str {
        match self.code {
            ErrorCode::MalformedRequest => "Malformed request",
            ErrorCode::ValidationFailed => "Validation failed",
            ErrorCode::MissingToken => "Authentication required",
            ErrorCode::InvalidToken => "Invalid token",
            ErrorCode::InvalidCredentials => "Invalid credentials",
            ErrorCode::AccountDisabled => "Account disabled",
            ErrorCode::OrganisationDisabled => "Organisation deactivated",
            ErrorCode::Forbidden => "Forbidden",
            ErrorCode::InsufficientScope => "Insufficient scope",
            ErrorCode::AddressNotAllowed => "Address not allowed",
            ErrorCode::NotFound => "Not found",
            ErrorCode::Conflict => "Conflict",
            ErrorCode::InvalidLink => "Invalid or expired link",
            ErrorCode::RateLimited => "Too many requests",
            ErrorCode::PayloadTooLarge => "Payload too large",
            ErrorCode::UnsupportedMediaType => "Unsupported media type",
            ErrorCode::MethodNotAllowed => "Method not allowed",
            ErrorCode::CodeExpired => "Code expired",
            ErrorCode::WrongCode => "Wrong code",
            ErrorCode::OnlineLocked => "Online certification locked",
            ErrorCode::InvalidIdempotencyKey => "Invalid Idempotency-Key",
            ErrorCode::IdempotencyKeyReused => "Idempotency-Key reused",
            ErrorCode::IdempotencyKeyInProgress => "Idempotency-Key in progress",
            ErrorCode::PreconditionFailed => "Precondition failed",
            ErrorCode::PreconditionRequired => "Precondition required",
            ErrorCode::Internal => "Internal error",
            ErrorCode::Unavailable => "Service unavailable",
        }
    }

    pub fn problem(&self) -> Problem {
        Problem {
            type_uri: format!(
                "https://realis.test/problems/{}",
                self.code.as_str().replace('_', "-")
            ),
            title: self.title().to_owned(),
            status: self.code.status(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
            retry_after: self.retry_after,
            attempts_left: self.attempts_left,
            conflict: self.conflict,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if matches!(self.code, ErrorCode::MissingToken | ErrorCode::InvalidToken) {
            res.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        let code = e.code();
        let conflict = e.conflict_reason();
        let mut api = match e {
            AppError::Validation(errors) => ApiError {
                errors,
                ..ApiError::new(code, "Some fields are invalid.")
            },
            AppError::RateLimited { retry_after } => ApiError {
                retry_after: Some(retry_after),
                ..ApiError::new(
                    code,
                    format!("Too many attempts; retry in {retry_after} s."),
                )
            },
            AppError::Internal(fault) => {
                // 5xx bodies stay generic; the cause chain goes to the log.
                let chain = error_chain(&fault);
                tracing::error!(cause = %chain, "internal error");
                ApiError::new(code, "An unexpected error occurred.")
            }
            AppError::StaleVersion => {
                ApiError::new(code, "The record changed meanwhile; reload it and retry.")
            }
            AppError::NotAllowed { command, status } => ApiError::new(
                code,
                format!(
                    "`{}` is not possible now: the month is «{}».",
                    command.as_str(),
                    status.label_fr()
                ),
            ),
            AppError::Transition(t) => ApiError::new(
                code,
                format!(
                    "This action is not possible: the month is «{}».",
                    t.from.label_fr()
                ),
            ),
            AppError::AlreadyReviewed(what) => ApiError::new(
                code,
                match what {
                    Reviewed::Document => "This document has already been reviewed.",
                    Reviewed::Designation => "This designation has already been reviewed.",
                },
            ),
            AppError::NotLocked => {
                ApiError::new(code, "Online certification of this month is not locked.")
            }
            AppError::NoCertificate => ApiError::new(code, "The month has no certificate."),
            AppError::NotTransmittable {
                dossier,
                period,
                status,
            } => ApiError::new(
                code,
                format!(
                    "{dossier} {period}: the month is «{}», not ready to transmit; nothing was transmitted.",
                    status.label_fr()
                ),
            ),
            AppError::BatchMonthChanged {
                index,
                dossier,
                period,
            } => ApiError {
                errors: vec![FieldError {
                    field: format!("months[{index}]"),
                    code: FieldCode::MonthChanged,
                    message: format!(
                        "Le mois {period} du dossier {dossier} a été modifié depuis la constitution du lot."
                    ),
                }],
                ..ApiError::new(
                    code,
                    format!(
                        "{dossier} {period} was written or moved on since the batch was made; nothing was certified. Make a new batch."
                    ),
                )
            },
            AppError::AuditChainBroken { record, reason } => ApiError::new(
                code,
                format!(
                    "Le journal de preuves ne vérifie plus à l'enregistrement n° {record}\u{a0}: {}.",
                    reason.label_fr()
                ),
            ),
            AppError::UnsupportedMediaType(kind) => ApiError::new(
                code,
                match kind {
                    UploadKind::LetterheadImage => "Send a PNG or JPEG image.",
                    UploadKind::Document => "Send a PDF, PNG or JPEG file.",
                    UploadKind::Csv => "Send a CSV file.",
                },
            ),
            AppError::PayloadTooLarge(kind) => ApiError::new(
                code,
                format!(
                    "{} are limited to {} MB.",
                    match kind {
                        UploadKind::LetterheadImage => "Images",
                        UploadKind::Document => "Documents",
                        UploadKind::Csv => "CSV files",
                    },
                    kind.max_bytes() / (1024 * 1024)
                ),
            ),
            AppError::InvalidCredentials => ApiError::new(code, "Wrong login or password."),
            AppError::AccountDisabled => ApiError::new(code, "This account is disabled."),
            AppError::OrganisationDisabled => ApiError::new(
                code,
                "This account's organisation was deactivated by its funder.",
            ),
            AppError::InvalidToken => {
                ApiError::new(code, "The access token is invalid, expired or revoked.")
            }
            AppError::Forbidden => ApiError::new(code, "Your role may not do this."),
            AppError::AddressNotAllowed => ApiError::new(
                code,
                "This API key may not be used from your address (see its allowed_ips).",
            ),
            AppError::NotFound => ApiError::new(code, "No such resource."),
            AppError::PreconditionFailed => ApiError::new(
                code,
                "if_match names no current version of this month (or disagrees with version); read it again and retry.",
            ),
            AppError::PreconditionRequired => {
                ApiError::new(code, "Send the month's version, or its ETag as if_match.")
            }
            AppError::InvalidLink => {
                ApiError::new(code, "This link is unknown, already used or expired.")
            }
            AppError::CodeExpired => ApiError::new(
                code,
                "The code expired, was already used, was replaced or burnt; ask for a new one.",
            ),
            AppError::WrongCode {
                attempts_left,
                locked,
            } => ApiError {
                errors: vec![FieldError {
                    field: "code".into(),
                    code: FieldCode::WrongCode,
                    message: if locked {
                        "Code incorrect. La certification en ligne de ce mois est bloquée.".into()
                    } else if attempts_left == 0 {
                        "Code incorrect. Ce code n'est plus utilisable\u{a0}: demandez-en un nouveau."
                            .into()
                    } else {
                        format!(
                            "Code incorrect. {}",
                            realis_domain::certification::attempts_left_fr(attempts_left)
                        )
                    },
                }],
                attempts_left: Some(attempts_left),
                ..ApiError::new(
                    code,
                    if locked {
                        "Wrong code; online certification of this month is now locked.".into()
                    } else {
                        format!("Wrong code; {attempts_left} tries left.")
                    },
                )
            },
            AppError::OnlineLocked => ApiError::new(
                code,
                "Online certification of this month is locked after too many wrong codes; a funder agent can unlock it.",
            ),
        };
        api.conflict = conflict;
        api
    }
}

/// `cause: its cause: …`, for the log.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

/// A JSON body that parses but is not the request: 422 on the field `body`.
pub fn body_shape_error(message: String) -> ApiError {
    ApiError {
        code: ErrorCode::ValidationFailed,
        detail: "The JSON body does not have the expected shape.".into(),
        errors: vec![FieldError {
            field: "body".into(),
            code: FieldCode::InvalidBody,
            message,
        }],
        retry_after: None,
        attempts_left: None,
        conflict: None,
    }
}

/// JSON body errors: syntax → 400, wrong shape (unknown or missing field, wrong type) → 422,
/// wrong content type → 415, too large → 413.
pub fn json_error(err: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as J;
    match &err {
        J::ContentType => ApiError::new(
            ErrorCode::UnsupportedMediaType,
            "Send a JSON body with Content-Type: application/json.",
        ),
        J::Overflow { .. } | J::OverflowKnownLength { .. } => {
            ApiError::new(ErrorCode::PayloadTooLarge, "The JSON body is too large.")
        }
        J::Deserialize(e) if e.is_data() => body_shape_error(e.to_string()),
        _ => ApiError::new(
            ErrorCode::MalformedRequest,
            format!("The body is not valid JSON: {err}"),
        ),
    }
}
