//! `Idempotency-Key` claims (issue #12, part 2): the first request with a key claims it, runs,
//! and leaves its answer for the retries of the next 24 h.
//!
//! A claim is atomic without a transaction: a live row of the key is read and answered; else an
//! expired or abandoned row is deleted, then `INSERT … ON CONFLICT DO NOTHING` creates the
//! claim, and only the request whose insert wrote a row runs; the others read the row the winner
//! wrote (its request, running or done).
//! Both engines serialise the two inserts (SQLite's write lock, PostgreSQL's unique index), so of
//! twenty parallel requests with one key exactly one runs.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::StoreError;
use crate::entities::idempotency_keys::{ActiveModel, Column, Entity, Model};

/// `status` of a claim whose request is still running.
const RUNNING: i32 = 0;

/// An answer kept for replay: its status, content type, the headers worth replaying (name in
/// lower case, value) and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub content_type: Option<String>,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// A key held by one running request: `owner` is that request's random id, so that it
/// completes or releases its own claim only (never a later request's, once its own was taken
/// over as abandoned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub key: String,
    pub user_id: i64,
    pub owner: String,
}

/// What a request finds when it claims a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// The key is this request's: run it, then [`complete`] or [`release`].
    Acquired(Lease),
    /// The same request already ran: its answer.
    Replay(StoredAnswer),
    /// The same request is running now.
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

/// One claim attempt.
#[derive(Debug, Clone)]
pub struct ClaimRequest<'a> {
    pub key: &'a str,
    pub user_id: i64,
    /// A hash of the request (method, path, query, body): a retry must send the same.
    pub request_hash: &'a str,
    /// This request's random id.
    pub owner: &'a str,
    pub now: DateTime<Utc>,
    /// When the claim and its answer go.
    pub expires_at: DateTime<Utc>,
    /// A claim still running that was made before this is abandoned (its process died) and may
    /// be taken over.
    pub abandoned_before: DateTime<Utc>,
}

fn of_key(key: &str, user_id: i64) -> Condition {
    Condition::all()
        .add(Column::Key.eq(key))
        .add(Column::UserId.eq(user_id))
}

/// Claims `r.key` for `r.user_id` (see the module's documentation). A key already claimed and
/// live is answered from a plain read, without taking SQLite's write lock: of many parallel
/// retries, only those that find no row write.
pub async fn claim(db: &impl ConnectionTrait, r: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
    let live = |row: &Model| {
        row.expires_at > r.now && !(row.status == RUNNING && row.created_at < r.abandoned_before)
    };
    let found = |row: Model| -> Result<Claim, StoreError> {
        if row.request_hash != r.request_hash {
            Ok(Claim::Mismatch)
        } else if row.status == RUNNING {
            Ok(Claim::InProgress)
        } else {
            Ok(Claim::Replay(answer_of(row)?))
        }
    };
    // A row that vanishes between the insert and the read (released by a failed first request)
    // is claimed again; three rounds are more than two racing requests can need.
    for _ in 0..3 {
        match Entity::find()
            .filter(of_key(r.key, r.user_id))
            .one(db)
            .await?
        {
            Some(row) if live(&row) => return found(row),
            Some(_) => {
                // Expired, or abandoned by a process that stopped: the conditions are checked
                // again by the delete, so a claim made meanwhile stays.
                Entity::delete_many()
                    .filter(of_key(r.key, r.user_id))
                    .filter(
                        Condition::any().add(Column::ExpiresAt.lte(r.now)).add(
                            Condition::all()
                                .add(Column::Status.eq(RUNNING))
                                .add(Column::CreatedAt.lt(r.abandoned_before)),
                        ),
                    )
                    .exec(db)
                    .await?;
            }
            None => {}
        }
        let inserted = Entity::insert(ActiveModel {
            key: Set(r.key.to_owned()),
            user_id: Set(r.user_id),
            request_hash: Set(r.request_hash.to_owned()),
            status: Set(RUNNING),
            response_body: Set(String::new()),
            created_at: Set(r.now),
            content_type: Set(None),
            response_headers: Set(None),
            owner: Set(Some(r.owner.to_owned())),
            expires_at: Set(r.expires_at),
        })
        .on_conflict(
            OnConflict::columns([Column::Key, Column::UserId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        if inserted == 1 {
            return Ok(Claim::Acquired(Lease {
                key: r.key.to_owned(),
                user_id: r.user_id,
                owner: r.owner.to_owned(),
            }));
        }
        if let Some(row) = Entity::find()
            .filter(of_key(r.key, r.user_id))
            .one(db)
            .await?
            && live(&row)
        {
            return found(row);
        }
    }
    Ok(Claim::InProgress)
}

fn answer_of(row: Model) -> Result<StoredAnswer, StoreError> {
    let status = u16::try_from(row.status)
        .ok()
        .filter(|s| (100..600).contains(s))
        .ok_or_else(|| StoreError::corrupt("idempotency_keys.status", &row.status.to_string()))?;
    let headers = match &row.response_headers {
        None => Vec::new(),
        Some(json) => serde_json::from_str::<Vec<(String, String)>>(json)
            .map_err(|_| StoreError::corrupt("idempotency_keys.response_headers", json))?,
    };
    Ok(StoredAnswer {
        status,
        content_type: row.content_type,
        headers,
        body: row.response_body,
    })
}

fn of_lease(lease: &Lease) -> Condition {
    of_key(&lease.key, lease.user_id)
        .add(Column::Owner.eq(lease.owner.as_str()))
        .add(Column::Status.eq(RUNNING))
}

/// Stores the answer of the request holding `lease`; `false` when the claim is no longer its own.
pub async fn complete(
    db: &impl ConnectionTrait,
    lease: &Lease,
    answer: &StoredAnswer,
) -> Result<bool, StoreError> {
    let headers = serde_json::to_string(&answer.headers)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    let res = Entity::update_many()
        .col_expr(Column::Status, Expr::value(i32::from(answer.status)))
        .col_expr(
            Column::ContentType,
            Expr::value(answer.content_type.clone()),
        )
        .col_expr(Column::ResponseHeaders, Expr::value(Some(headers)))
        .col_expr(Column::ResponseBody, Expr::value(answer.body.clone()))
        .filter(of_lease(lease))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Gives the key back (the request failed on our side, was cancelled, or its answer is not
/// kept): a retry runs again.
pub async fn release(db: &impl ConnectionTrait, lease: &Lease) -> Result<(), StoreError> {
    Entity::delete_many()
        .filter(of_lease(lease))
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes the keys expired at `now`; returns how many.
pub async fn purge_expired(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
