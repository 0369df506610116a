//! Counters shared by all instances (login throttling, rate limits, once-a-day claims).
//!
//! A budget is reserved atomically: [`lock`] reads the counter for update inside a write
//! transaction (SQLite's write lock is already held, see `Database::begin_write`; on PostgreSQL the
//! row is locked with `FOR UPDATE`), the caller decides with a rule of
//! `realis_domain::throttle`, then [`save`] writes the answer before commit. Two parallel requests
//! can therefore never both spend the last unit of a budget.

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::throttle::{Counter, Wait};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QuerySelect, Set};

use crate::Database;
use crate::entities::throttle::{self, Column, Entity, Model};

fn counter(r: &Model) -> Counter {
    Counter {
        count: r.failures,
        window_start: r.window_start,
        blocked_until: r.blocked_until,
    }
}

/// The counter at `key`, if anyone hit it.
pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<Counter>, StoreError> {
    Ok(Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .as_ref()
        .map(counter))
}

/// Reads the counter at `key` for update (creating it fresh), inside a transaction from
/// `Database::begin_write`.
pub async fn lock(
    txn: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Counter, StoreError> {
    let fresh = Counter::fresh(now);
    match Entity::insert(active(key, fresh, now))
        .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
        .exec(txn)
        .await
    {
        Ok(_) | Err(DbErr::RecordNotInserted) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(Entity::find_by_id(key.to_owned())
        .lock_exclusive()
        .one(txn)
        .await?
        .as_ref()
        .map_or(fresh, counter))
}

fn active(key: &str, c: Counter, now: DateTime<Utc>) -> throttle::ActiveModel {
    throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(c.count),
        window_start: Set(c.window_start),
        blocked_until: Set(c.blocked_until),
        updated_at: Set(now),
    }
}

/// Writes the counter decided by the caller (after [`lock`], in the same transaction).
pub async fn save(
    txn: &impl ConnectionTrait,
    key: &str,
    c: Counter,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::insert(active(key, c, now))
        .on_conflict(
            OnConflict::column(Column::Key)
                .update_columns([
                    Column::Failures,
                    Column::WindowStart,
                    Column::BlockedUntil,
                    Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(txn)
        .await?;
    Ok(())
}

/// Reserves one hit at `key` with `decide`, atomically, in a transaction of its own.
pub async fn reserve(
    db: &Database,
    key: &str,
    now: DateTime<Utc>,
    decide: impl FnOnce(Counter) -> Result<Counter, Wait>,
) -> Result<Result<Counter, Wait>, StoreError> {
    let txn = db.begin_write().await?;
    let verdict = decide(lock(&txn, key, now).await?);
    if let Ok(c) = verdict {
        save(&txn, key, c, now).await?;
    }
    txn.commit().await?;
    Ok(verdict)
}

pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), StoreError> {
    Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}

/// Claims `key` once across instances: `true` for the single caller that created it.
pub async fn claim(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    match Entity::insert(active(key, Counter::fresh(now), now))
        .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
        .exec(db)
        .await
    {
        Ok(_) => Ok(true),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
