//! Certification records: files attached to a month (signed scan, attendance sheets), one-time
//! codes (keyed hashes only), certificates, and the month's online-certification counters.
//!
//! Every state change on a code is one conditional `UPDATE`, so that concurrent requests cannot
//! both use or both burn the same code.

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::ValidationSetting;
use realis_domain::certification::{CertificationMode, MonthFile, MonthFileKind, OnlineCode};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::entities::{certificates, certification_codes, month_files, months, stored_files};

use crate::records::{certificate_of, month_file_of, online_code_of};
pub use realis_domain::certificate::Certificate as CertificateRow;

pub async fn add_file(
    db: &impl ConnectionTrait,
    month_id: i64,
    kind: MonthFileKind,
    file_id: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<MonthFile, StoreError> {
    month_files::ActiveModel {
        month_id: Set(month_id),
        kind: Set(kind.as_str().to_owned()),
        file_id: Set(file_id),
        uploaded_by: Set(by),
        certificate_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(month_file_of)
}

/// The month's files of the attempt being prepared (not yet certified), oldest first.
pub async fn files_of_month(
    db: &impl ConnectionTrait,
    month_id: i64,
) -> Result<Vec<MonthFile>, StoreError> {
    month_files::Entity::find()
        .filter(month_files::Column::MonthId.eq(month_id))
        .filter(month_files::Column::CertificateId.is_null())
        .order_by_asc(month_files::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(month_file_of)
        .collect()
}

/// The files a certificate rests on (signed scan, attendance sheets), oldest first.
pub async fn files_of_certificate(
    db: &impl ConnectionTrait,
    certificate_id: i64,
) -> Result<Vec<MonthFile>, StoreError> {
    month_files::Entity::find()
        .filter(month_files::Column::CertificateId.eq(certificate_id))
        .order_by_asc(month_files::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(month_file_of)
        .collect()
}

/// Any file of the month (pending or certified), for download.
pub async fn find_month_file(
    db: &impl ConnectionTrait,
    month_id: i64,
    month_file_id: i64,
) -> Result<Option<MonthFile>, StoreError> {
    month_files::Entity::find_by_id(month_file_id)
        .filter(month_files::Column::MonthId.eq(month_id))
        .one(db)
        .await?
        .map(month_file_of)
        .transpose()
}

/// Ties the month's pending files to the certificate they support.
pub async fn attach_files_to_certificate(
    db: &impl ConnectionTrait,
    month_id: i64,
    certificate_id: i64,
) -> Result<u64, StoreError> {
    Ok(month_files::Entity::update_many()
        .col_expr(
            month_files::Column::CertificateId,
            Expr::value(certificate_id),
        )
        .filter(month_files::Column::MonthId.eq(month_id))
        .filter(month_files::Column::CertificateId.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Detaches a pending file (one no certificate rests on) from the month and deletes its bytes.
/// `None` if it was not one of the month's pending files.
pub async fn remove_file(
    db: &impl ConnectionTrait,
    month_id: i64,
    month_file_id: i64,
) -> Result<Option<MonthFile>, StoreError> {
    let Some(row) = month_files::Entity::find_by_id(month_file_id)
        .filter(month_files::Column::MonthId.eq(month_id))
        .filter(month_files::Column::CertificateId.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let row = month_file_of(row)?;
    month_files::Entity::delete_by_id(row.id).exec(db).await?;
    stored_files::Entity::delete_by_id(row.file_id)
        .exec(db)
        .await?;
    Ok(Some(row))
}

/// Stores a new code (only its keyed hash).
#[allow(clippy::too_many_arguments)]
pub async fn insert_code(
    db: &impl ConnectionTrait,
    month_id: i64,
    user_id: i64,
    code_hash: &str,
    hours_hash: &str,
    expires_at: DateTime<Utc>,
    ip: Option<String>,
    now: DateTime<Utc>,
) -> Result<OnlineCode, StoreError> {
    certification_codes::ActiveModel {
        month_id: Set(month_id),
        user_id: Set(user_id),
        code_hash: Set(code_hash.to_owned()),
        hours_hash: Set(hours_hash.to_owned()),
        expires_at: Set(expires_at),
        attempts: Set(0),
        consumed_at: Set(None),
        invalidated_at: Set(None),
        ip: Set(ip),
        created_at: Set(now),
        batch_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(online_code_of)
    .map_err(StoreError::from)
}

/// Voids every live code of the month (a new code was sent, or the hours changed).
pub async fn invalidate_codes(
    db: &impl ConnectionTrait,
    month_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(certification_codes::Entity::update_many()
        .col_expr(certification_codes::Column::InvalidatedAt, Expr::value(now))
        .filter(certification_codes::Column::MonthId.eq(month_id))
        .filter(certification_codes::Column::ConsumedAt.is_null())
        .filter(certification_codes::Column::InvalidatedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// When codes were sent for the month since `since`.
/// Locks a month's row until the end of the transaction (PostgreSQL `FOR UPDATE`; on SQLite the
/// write lock of `Database::begin_write` already serialises writers), so that a check-then-insert
/// on the month (the code send limits) cannot interleave with another.
pub async fn lock_month(db: &impl ConnectionTrait, month_id: i64) -> Result<(), StoreError> {
    crate::entities::months::Entity::find_by_id(month_id)
        .select_only()
        .column(crate::entities::months::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(db)
        .await?;
    Ok(())
}

pub async fn code_sends_since(
    db: &impl ConnectionTrait,
    month_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    certification_codes::Entity::find()
        .select_only()
        .column(certification_codes::Column::CreatedAt)
        .filter(certification_codes::Column::MonthId.eq(month_id))
        .filter(certification_codes::Column::CreatedAt.gt(since))
        .into_tuple()
        .all(db)
        .await
        .map_err(StoreError::from)
}

/// The month's most recent code.
pub async fn latest_code(
    db: &impl ConnectionTrait,
    month_id: i64,
) -> Result<Option<OnlineCode>, StoreError> {
    Ok(certification_codes::Entity::find()
        .filter(certification_codes::Column::MonthId.eq(month_id))
        .order_by_desc(certification_codes::Column::Id)
        .one(db)
        .await?
        .map(online_code_of))
}

/// Counts a wrong try on a live code; returns the tries now recorded, or `None` if the code was
/// no longer live (used, replaced or burnt meanwhile).
pub async fn record_wrong_try(
    db: &impl ConnectionTrait,
    code_id: i64,
    max_tries: i32,
) -> Result<Option<i32>, StoreError> {
    let res = certification_codes::Entity::update_many()
        .col_expr(
            certification_codes::Column::Attempts,
            Expr::col(certification_codes::Column::Attempts).add(1),
        )
        .filter(certification_codes::Column::Id.eq(code_id))
        .filter(certification_codes::Column::ConsumedAt.is_null())
        .filter(certification_codes::Column::InvalidatedAt.is_null())
        .filter(certification_codes::Column::Attempts.lt(max_tries))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    Ok(certification_codes::Entity::find_by_id(code_id)
        .one(db)
        .await?
        .map(|c| c.attempts))
}

/// Uses a live, unexpired code. Of concurrent calls, exactly one gets `true`.
pub async fn consume_code(
    db: &impl ConnectionTrait,
    code_id: i64,
    max_tries: i32,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = certification_codes::Entity::update_many()
        .col_expr(certification_codes::Column::ConsumedAt, Expr::value(now))
        .filter(certification_codes::Column::Id.eq(code_id))
        .filter(certification_codes::Column::ConsumedAt.is_null())
        .filter(certification_codes::Column::InvalidatedAt.is_null())
        .filter(certification_codes::Column::Attempts.lt(max_tries))
        .filter(certification_codes::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Adds one to the month's run of failed code tries; returns the new count.
pub async fn add_failed_try(db: &impl ConnectionTrait, month_id: i64) -> Result<i32, StoreError> {
    months::Entity::update_many()
        .col_expr(
            months::Column::FailedCodeAttempts,
            Expr::col(months::Column::FailedCodeAttempts).add(1),
        )
        .filter(months::Column::Id.eq(month_id))
        .exec(db)
        .await?;
    Ok(months::Entity::find_by_id(month_id)
        .one(db)
        .await?
        .map(|m| m.failed_code_attempts)
        .unwrap_or(0))
}

/// Locks (or unlocks, resetting the run of failures) online certification of the month.
pub async fn set_online_locked(
    db: &impl ConnectionTrait,
    month_id: i64,
    locked: bool,
) -> Result<(), StoreError> {
    let mut update = months::Entity::update_many()
        .col_expr(months::Column::OnlineLocked, Expr::value(locked))
        .filter(months::Column::Id.eq(month_id));
    if !locked {
        update = update.col_expr(months::Column::FailedCodeAttempts, Expr::value(0));
    }
    update.exec(db).await?;
    Ok(())
}

/// A certificate to record.
#[derive(Debug, Clone)]
pub struct NewCertificate {
    pub month_id: i64,
    pub mode: CertificationMode,
    pub certified_at: DateTime<Utc>,
    pub certified_by: i64,
    pub verification_code: String,
    pub pdf_sha256: String,
    pub pdf_file_id: i64,
    pub signed_file_id: Option<i64>,
    pub ip: Option<String>,
    pub data_json: String,
    /// The validation flow in force, kept with the certificate.
    pub validations: ValidationSetting,
    /// The batch that certified it with other months, if any.
    pub batch_id: Option<i64>,
}

pub async fn insert_certificate(
    db: &impl ConnectionTrait,
    c: NewCertificate,
) -> Result<CertificateRow, StoreError> {
    certificates::ActiveModel {
        month_id: Set(c.month_id),
        mode: Set(c.mode.as_str().to_owned()),
        certified_at: Set(c.certified_at),
        certified_by: Set(c.certified_by),
        verification_code: Set(c.verification_code),
        sha256: Set(c.pdf_sha256),
        pdf_file_id: Set(Some(c.pdf_file_id)),
        signed_file_id: Set(c.signed_file_id),
        ip: Set(c.ip),
        data_json: Set(c.data_json),
        superseded_at: Set(None),
        validations: Set(c.validations.as_str().to_owned()),
        batch_id: Set(c.batch_id),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(certificate_of)
}

/// The month's current (not superseded) certificate.
pub async fn current_certificate(
    db: &impl ConnectionTrait,
    month_id: i64,
) -> Result<Option<CertificateRow>, StoreError> {
    certificates::Entity::find()
        .filter(certificates::Column::MonthId.eq(month_id))
        .filter(certificates::Column::SupersededAt.is_null())
        .order_by_desc(certificates::Column::Id)
        .one(db)
        .await?
        .map(certificate_of)
        .transpose()
}

/// Every certificate of the month, newest first (superseded ones included).
pub async fn certificates_of_month(
    db: &impl ConnectionTrait,
    month_id: i64,
) -> Result<Vec<CertificateRow>, StoreError> {
    certificates::Entity::find()
        .filter(certificates::Column::MonthId.eq(month_id))
        .order_by_desc(certificates::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(certificate_of)
        .collect()
}

pub async fn find_by_verification_code(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<CertificateRow>, StoreError> {
    certificates::Entity::find()
        .filter(certificates::Column::VerificationCode.eq(code))
        .one(db)
        .await?
        .map(certificate_of)
        .transpose()
}

/// Marks the month's current certificate superseded (the month was reopened or contested).
pub async fn supersede(
    db: &impl ConnectionTrait,
    month_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(certificates::Entity::update_many()
        .col_expr(certificates::Column::SupersededAt, Expr::value(now))
        .filter(certificates::Column::MonthId.eq(month_id))
        .filter(certificates::Column::SupersededAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
