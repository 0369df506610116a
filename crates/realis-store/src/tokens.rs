//! Single-use links (invitation, password reset). Only the SHA-256 of the token is stored.

use crate::StoreError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::entities::auth_tokens::{self, Column, Entity};

pub async fn insert(
    db: &impl ConnectionTrait,
    user_id: i64,
    purpose: &str,
    token_hash: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    auth_tokens::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.to_owned()),
        token_hash: Set(token_hash.to_owned()),
        expires_at: Set(expires_at),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Consumes a valid, unused, unexpired token atomically; returns its user id and purpose.
/// Two concurrent uses of the same token: exactly one gets `Some`.
pub async fn consume(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i64, String)>, StoreError> {
    let result = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(None);
    }
    let row = Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .one(db)
        .await?;
    Ok(row.map(|r| (r.user_id, r.purpose)))
}

/// The account of a valid, unused, unexpired token, without consuming it (checked before the
/// costly part of a reset; [`consume`] decides).
pub async fn find_live(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    Ok(Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .filter(Column::UsedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|r| r.user_id))
}

/// Voids every outstanding link of an account (after its password was set).
pub async fn void_all(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
