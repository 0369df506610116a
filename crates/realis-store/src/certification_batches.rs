//! Certification batches (issue #13): the set of months an OF certifies at once, and the rows of
//! its e-mailed code (one per month, sharing one keyed hash and one send time).
//!
//! As for single codes, every state change of a batch's code is one conditional `UPDATE` over its
//! rows, so that concurrent verifications cannot both use it.

use chrono::{DateTime, Utc};
use realis_domain::certification::{CertificationMode, OnlineCode};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::StoreError;
use crate::entities::{
    certification_batch_months, certification_batches, certification_codes, months,
};
use crate::records::online_code_of;

/// A stored batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: i64,
    pub organisation_id: i64,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    /// How it was certified, once it was.
    pub mode: Option<CertificationMode>,
    pub certified_at: Option<DateTime<Utc>>,
}

/// A month of a batch: which, and the version it had when the batch was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchMonth {
    pub month_id: i64,
    pub version: i32,
}

fn batch_of(b: certification_batches::Model) -> Result<Batch, StoreError> {
    let mode = match b.mode.as_deref() {
        None => None,
        Some(m) => Some(
            CertificationMode::parse(m)
                .ok_or_else(|| StoreError::corrupt("certification_batches.mode", m))?,
        ),
    };
    Ok(Batch {
        id: b.id,
        organisation_id: b.organisation_id,
        created_by: b.created_by,
        created_at: b.created_at,
        mode,
        certified_at: b.certified_at,
    })
}

/// Records a batch of `months` (in this order).
pub async fn insert(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    created_by: i64,
    months: &[BatchMonth],
    now: DateTime<Utc>,
) -> Result<Batch, StoreError> {
    let batch = certification_batches::ActiveModel {
        organisation_id: Set(organisation_id),
        created_by: Set(created_by),
        created_at: Set(now),
        mode: Set(None),
        certified_at: Set(None),
        certified_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let rows = months
        .iter()
        .enumerate()
        .map(|(i, m)| certification_batch_months::ActiveModel {
            batch_id: Set(batch.id),
            month_id: Set(m.month_id),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            version: Set(m.version),
            ..Default::default()
        });
    certification_batch_months::Entity::insert_many(rows)
        .exec(db)
        .await?;
    batch_of(batch)
}

/// The batch, if it belongs to the organisation.
pub async fn find(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    batch_id: i64,
) -> Result<Option<Batch>, StoreError> {
    certification_batches::Entity::find_by_id(batch_id)
        .filter(certification_batches::Column::OrganisationId.eq(organisation_id))
        .one(db)
        .await?
        .map(batch_of)
        .transpose()
}

/// The months of the batch, in its order.
pub async fn months_of(
    db: &impl ConnectionTrait,
    batch_id: i64,
) -> Result<Vec<BatchMonth>, StoreError> {
    Ok(certification_batch_months::Entity::find()
        .filter(certification_batch_months::Column::BatchId.eq(batch_id))
        .order_by_asc(certification_batch_months::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|r| BatchMonth {
            month_id: r.month_id,
            version: r.version,
        })
        .collect())
}

/// Marks the batch certified; `false` if it already was (a concurrent certification won).
pub async fn set_certified(
    db: &impl ConnectionTrait,
    batch_id: i64,
    mode: CertificationMode,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = certification_batches::Entity::update_many()
        .col_expr(
            certification_batches::Column::Mode,
            Expr::value(mode.as_str()),
        )
        .col_expr(certification_batches::Column::CertifiedAt, Expr::value(now))
        .col_expr(certification_batches::Column::CertifiedBy, Expr::value(by))
        .filter(certification_batches::Column::Id.eq(batch_id))
        .filter(certification_batches::Column::CertifiedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// One month's row of a batch code: the month and the fingerprint of the hours it approves.
#[derive(Debug, Clone)]
pub struct CodeRow {
    pub month_id: i64,
    pub hours_hash: String,
}

/// A batch code as sent: its keyed hash, addressee, lifetime and the consented address.
#[derive(Debug, Clone)]
pub struct NewBatchCode<'a> {
    pub batch_id: i64,
    pub user_id: i64,
    pub code_hash: &'a str,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
}

/// Stores a batch code: one row per month, all sent at `now`.
pub async fn insert_code(
    db: &impl ConnectionTrait,
    code: NewBatchCode<'_>,
    rows: Vec<CodeRow>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let models = rows.into_iter().map(|r| certification_codes::ActiveModel {
        month_id: Set(r.month_id),
        user_id: Set(code.user_id),
        code_hash: Set(code.code_hash.to_owned()),
        hours_hash: Set(r.hours_hash),
        expires_at: Set(code.expires_at),
        attempts: Set(0),
        consumed_at: Set(None),
        invalidated_at: Set(None),
        ip: Set(code.ip.clone()),
        created_at: Set(now),
        batch_id: Set(Some(code.batch_id)),
        ..Default::default()
    });
    certification_codes::Entity::insert_many(models)
        .exec(db)
        .await?;
    Ok(())
}

/// Voids the batch's live code rows (a newer code was sent).
pub async fn invalidate_codes(
    db: &impl ConnectionTrait,
    batch_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(certification_codes::Entity::update_many()
        .col_expr(certification_codes::Column::InvalidatedAt, Expr::value(now))
        .filter(certification_codes::Column::BatchId.eq(batch_id))
        .filter(certification_codes::Column::ConsumedAt.is_null())
        .filter(certification_codes::Column::InvalidatedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// When codes were sent for the batch since `since` (once per send).
pub async fn code_sends_since(
    db: &impl ConnectionTrait,
    batch_id: i64,
    since: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, StoreError> {
    let mut sends: Vec<DateTime<Utc>> = certification_codes::Entity::find()
        .filter(certification_codes::Column::BatchId.eq(batch_id))
        .filter(certification_codes::Column::CreatedAt.gt(since))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.created_at)
        .collect();
    sends.sort();
    sends.dedup();
    Ok(sends)
}

/// The rows of the batch's latest code (one per month), in no particular order.
pub async fn latest_code(
    db: &impl ConnectionTrait,
    batch_id: i64,
) -> Result<Vec<OnlineCode>, StoreError> {
    let Some(last) = certification_codes::Entity::find()
        .filter(certification_codes::Column::BatchId.eq(batch_id))
        .order_by_desc(certification_codes::Column::Id)
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    Ok(certification_codes::Entity::find()
        .filter(certification_codes::Column::BatchId.eq(batch_id))
        .filter(certification_codes::Column::CreatedAt.eq(last.created_at))
        .all(db)
        .await?
        .into_iter()
        .map(online_code_of)
        .collect())
}

fn live_rows(batch_id: i64, sent_at: DateTime<Utc>, max_tries: i32) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(certification_codes::Column::BatchId.eq(batch_id))
        .add(certification_codes::Column::CreatedAt.eq(sent_at))
        .add(certification_codes::Column::ConsumedAt.is_null())
        .add(certification_codes::Column::InvalidatedAt.is_null())
        .add(certification_codes::Column::Attempts.lt(max_tries))
}

/// Counts a wrong try on the batch's live code (sent at `sent_at`); returns the tries now
/// recorded, or `None` if it was no longer live.
pub async fn record_wrong_try(
    db: &impl ConnectionTrait,
    batch_id: i64,
    sent_at: DateTime<Utc>,
    max_tries: i32,
) -> Result<Option<i32>, StoreError> {
    let res = certification_codes::Entity::update_many()
        .col_expr(
            certification_codes::Column::Attempts,
            Expr::col(certification_codes::Column::Attempts).add(1),
        )
        .filter(live_rows(batch_id, sent_at, max_tries))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    Ok(certification_codes::Entity::find()
        .filter(certification_codes::Column::BatchId.eq(batch_id))
        .filter(certification_codes::Column::CreatedAt.eq(sent_at))
        .order_by_desc(certification_codes::Column::Attempts)
        .one(db)
        .await?
        .map(|c| c.attempts))
}

/// Uses every row of the batch's live, unexpired code; returns how many rows it used (the
/// batch's month count when the whole code was live; of concurrent calls one gets it, the
/// others 0).
pub async fn consume_code(
    db: &impl ConnectionTrait,
    batch_id: i64,
    sent_at: DateTime<Utc>,
    max_tries: i32,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(certification_codes::Entity::update_many()
        .col_expr(certification_codes::Column::ConsumedAt, Expr::value(now))
        .filter(live_rows(batch_id, sent_at, max_tries))
        .filter(certification_codes::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// Adds one to each month's run of failed code tries; returns the months that reached `lock_at`.
pub async fn add_failed_try(
    db: &impl ConnectionTrait,
    month_ids: &[i64],
    lock_at: i32,
) -> Result<Vec<i64>, StoreError> {
    months::Entity::update_many()
        .col_expr(
            months::Column::FailedCodeAttempts,
            Expr::col(months::Column::FailedCodeAttempts).add(1),
        )
        .filter(months::Column::Id.is_in(month_ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(months::Entity::find()
        .filter(months::Column::Id.is_in(month_ids.iter().copied()))
        .filter(months::Column::FailedCodeAttempts.gte(lock_at))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect())
}

/// Locks the batch's row until the end of the transaction (PostgreSQL `FOR UPDATE`; SQLite's
/// write lock already serialises writers): the code send limits are checked under it.
pub async fn lock(db: &impl ConnectionTrait, batch_id: i64) -> Result<(), StoreError> {
    use sea_orm::QuerySelect;
    certification_batches::Entity::find_by_id(batch_id)
        .select_only()
        .column(certification_batches::Column::Id)
        .lock_exclusive()
        .into_tuple::<i64>()
        .one(db)
        .await?;
    Ok(())
}
