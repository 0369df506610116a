//! The use-case error type. `realis-server` maps it to HTTP in one place.

use realis_api_types::{ErrorCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("invalid or expired token")]
    InvalidToken,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("invalid or expired link")]
    InvalidLink,
    #[error("rate limited for {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("unsupported file type")]
    UnsupportedMediaType(String),
    #[error("too large")]
    PayloadTooLarge(String),
    #[error("certification code expired or spent")]
    CodeExpired,
    #[error("wrong certification code")]
    WrongCode { attempts_left: i32, locked: bool },
    #[error("online certification locked")]
    OnlineLocked,
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Validation(_) => ErrorCode::ValidationFailed,
            AppError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AppError::AccountDisabled => ErrorCode::AccountDisabled,
            AppError::InvalidToken => ErrorCode::InvalidToken,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::Conflict(_) => ErrorCode::Conflict,
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

    /// One invalid field.
    pub fn field(field: &str, code: &str, message: &str) -> AppError {
        AppError::Validation(vec![FieldError {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.to_owned(),
        }])
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        AppError::Internal(format!("database: {e}"))
    }
}

impl From<realis_store::StoreError> for AppError {
    fn from(e: realis_store::StoreError) -> Self {
        AppError::Internal(e.to_string())
    }
}
