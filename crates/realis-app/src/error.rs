//! The use-case error type: one variant per case a client can act on, and [`Fault`] for what
//! fails on our side, with its cause chain. `realis-server` maps it to HTTP in one place.

use realis_api_types::{ConflictReason, ErrorCode, FieldCode, FieldError};
use realis_domain::evidence::ChainBreak;
use realis_domain::upload::UploadKind;
use realis_domain::{MonthCommand, MonthStatus, Period, TransitionError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account disabled")]
    AccountDisabled,
    /// The account's organisation is deactivated by its funder.
    #[error("organisation deactivated")]
    OrganisationDisabled,
    #[error("invalid or expired token")]
    InvalidToken,
    #[error("forbidden")]
    Forbidden,
    /// An API key used from an address outside its allow-list.
    #[error("address not allowed for this key")]
    AddressNotAllowed,
    #[error("not found")]
    NotFound,
    /// The record changed since the client read it: its `version` is stale.
    #[error("stale version")]
    StaleVersion,
    /// The command does not fit the month's current status (or it is not the reader's turn).
    #[error("{command:?} is not allowed when the month is {status:?}")]
    NotAllowed {
        command: MonthCommand,
        status: MonthStatus,
    },
    /// An `if_match` that names no version of the month, or disagrees with the `version` sent,
    /// or names a version no longer current (a batch item's `If-Match`).
    #[error("precondition failed")]
    PreconditionFailed,
    /// Neither a `version` nor an `if_match` was sent with a write that needs one.
    #[error("precondition required")]
    PreconditionRequired,
    /// A transition the status machine refuses.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A document or designation already decided, possibly a moment ago by a colleague.
    #[error("{0:?} already reviewed")]
    AlreadyReviewed(Reviewed),
    /// «Débloquer» on a month whose online certification is not locked.
    #[error("online certification is not locked")]
    NotLocked,
    /// Validation of a month that has no certificate.
    #[error("the month has no certificate")]
    NoCertificate,
    /// A month of a transmission batch is not (or no longer) certified or validated.
    #[error("{dossier} {period} is {status:?}, not ready to transmit")]
    NotTransmittable {
        dossier: String,
        period: Period,
        status: MonthStatus,
    },
    /// The audit chain no longer verifies: no checkpoint is published.
    #[error("audit chain broken at record {record}: {reason:?}")]
    AuditChainBroken { record: i64, reason: ChainBreak },
    #[error("invalid or expired link")]
    InvalidLink,
    #[error("rate limited for {retry_after} s")]
    RateLimited { retry_after: u64 },
    /// The bytes are not of a type this kind of upload accepts.
    #[error("unsupported file type for {0:?}")]
    UnsupportedMediaType(UploadKind),
    /// The file is larger than this kind of upload accepts.
    #[error("too large for {0:?}")]
    PayloadTooLarge(UploadKind),
    #[error("certification code expired or spent")]
    CodeExpired,
    #[error("wrong certification code")]
    WrongCode { attempts_left: i32, locked: bool },
    #[error("online certification locked")]
    OnlineLocked,
    /// A month of a certification batch was written or moved on since the batch was made.
    #[error("{dossier} {period} changed since the batch was made")]
    BatchMonthChanged {
        /// Its position in the batch.
        index: usize,
        dossier: String,
        period: Period,
    },
    /// Something failed on our side; the source says what.
    #[error("internal error")]
    Internal(#[source] Fault),
}

/// What was already reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reviewed {
    Document,
    Designation,
}

/// A failure on our side (answered 500, logged with its cause chain).
#[derive(Debug, thiserror::Error)]
pub enum Fault {
    #[error("store")]
    Store(#[from] realis_store::StoreError),
    #[error("password hashing")]
    PasswordHash(#[from] argon2::password_hash::Error),
    #[error("argon2 parameters")]
    Argon2(#[from] argon2::Error),
    #[error("token signing")]
    Jwt(#[from] jsonwebtoken::errors::Error),
    #[error("background task")]
    Task(#[from] tokio::task::JoinError),
    #[error("image")]
    Image(#[from] image::ImageError),
    #[error("pdf")]
    Pdf(#[from] lopdf::Error),
    #[error("pdf rendering")]
    Render(#[from] realis_pdf::PdfError),
    #[error("i/o")]
    Io(#[from] std::io::Error),
    #[error("zip")]
    Zip(#[from] zip::result::ZipError),
    /// A pool of workers (password hashing, upload cleaning) stopped.
    #[error("{0} pool stopped")]
    PoolStopped(&'static str),
    /// A cleaned upload failed the check that follows cleaning.
    #[error("cleaned file failed its check: {0}")]
    CleaningCheck(&'static str),
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Validation(_) => ErrorCode::ValidationFailed,
            AppError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AppError::AccountDisabled => ErrorCode::AccountDisabled,
            AppError::OrganisationDisabled => ErrorCode::OrganisationDisabled,
            AppError::InvalidToken => ErrorCode::InvalidToken,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::PreconditionFailed => ErrorCode::PreconditionFailed,
            AppError::PreconditionRequired => ErrorCode::PreconditionRequired,
            AppError::AddressNotAllowed => ErrorCode::AddressNotAllowed,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::StaleVersion
            | AppError::NotAllowed { .. }
            | AppError::Transition(_)
            | AppError::AlreadyReviewed(_)
            | AppError::NotLocked
            | AppError::NoCertificate
            | AppError::NotTransmittable { .. }
            | AppError::BatchMonthChanged { .. }
            | AppError::AuditChainBroken { .. } => ErrorCode::Conflict,
            AppError::InvalidLink => ErrorCode::InvalidLink,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            AppError::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            AppError::CodeExpired => ErrorCode::CodeExpired,
            AppError::WrongCode { .. } => ErrorCode::WrongCode,
            AppError::OnlineLocked => ErrorCode::OnlineLocked,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    /// Which conflict this is, for a `409` (the problem's `conflict` member).
    pub fn conflict_reason(&self) -> Option<ConflictReason> {
        Some(match self {
            AppError::StaleVersion => ConflictReason::StaleVersion,
            AppError::NotAllowed { .. } | AppError::Transition(_) => ConflictReason::WrongStatus,
            AppError::AlreadyReviewed(_) => ConflictReason::AlreadyReviewed,
            AppError::NotLocked => ConflictReason::NotLocked,
            AppError::NoCertificate => ConflictReason::NoCertificate,
            AppError::NotTransmittable { .. } => ConflictReason::NotTransmittable,
            AppError::AuditChainBroken { .. } => ConflictReason::AuditChainBroken,
            AppError::BatchMonthChanged { .. } => ConflictReason::BatchMonthChanged,
            _ => return None,
        })
    }

    /// One invalid field.
    pub fn field(field: &str, code: FieldCode, message: &str) -> AppError {
        AppError::Validation(vec![FieldError {
            field: field.to_owned(),
            code,
            message: message.to_owned(),
        }])
    }
}

impl<E: Into<Fault>> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError::Internal(e.into())
    }
}
