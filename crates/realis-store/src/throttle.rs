//! Failure counters shared by all instances (login throttling, rate limits).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

use crate::entities::throttle::{self, Column, Entity};

pub use throttle::Model as ThrottleRow;

pub async fn get(db: &impl ConnectionTrait, key: &str) -> Result<Option<ThrottleRow>, DbErr> {
    Entity::find_by_id(key.to_owned()).one(db).await
}

/// Writes the counter state decided by the caller.
pub async fn put(
    db: &impl ConnectionTrait,
    key: &str,
    failures: i32,
    window_start: DateTime<Utc>,
    blocked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let model = throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(failures),
        window_start: Set(window_start),
        blocked_until: Set(blocked_until),
        updated_at: Set(now),
    };
    // An upsert, so two concurrent failures on a new key cannot collide.
    Entity::insert(model)
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
        .exec(db)
        .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), DbErr> {
    Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}

/// Claims `key` once across instances: `true` for the single caller that created it.
pub async fn claim(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let model = throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        window_start: Set(now),
        blocked_until: Set(None),
        updated_at: Set(now),
    };
    match Entity::insert(model)
        .on_conflict(OnConflict::column(Column::Key).do_nothing().to_owned())
        .exec(db)
        .await
    {
        Ok(_) => Ok(true),
        Err(DbErr::RecordNotInserted) => Ok(false),
        Err(e) => Err(e),
    }
}
