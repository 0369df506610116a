//! Refresh tokens of browser sessions (table `refresh_tokens`). Only keyed hashes are stored;
//! the rules (lifetimes, rotation, reuse) are `realis_domain::session`'s.

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::session::RefreshToken;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use crate::entities::refresh_tokens::{self, Column, Entity};

/// A stored refresh token as the domain's.
fn token_of(m: refresh_tokens::Model) -> RefreshToken {
    RefreshToken {
        id: m.id,
        family: m.family,
        user_id: m.user_id,
        parent_id: m.parent_id,
        token_hash: m.token_hash,
        token_version: m.token_version,
        started_at: m.started_at,
        issued_at: m.issued_at,
        expires_at: m.expires_at,
        rotated_at: m.rotated_at,
        revoked_at: m.revoked_at,
    }
}

/// A refresh token to store.
#[derive(Debug, Clone)]
pub struct NewRefresh {
    pub family: String,
    pub user_id: i64,
    pub parent_id: Option<i64>,
    pub token_hash: String,
    pub token_version: i32,
    pub started_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, r: NewRefresh) -> Result<RefreshToken, StoreError> {
    let m = refresh_tokens::ActiveModel {
        family: Set(r.family),
        user_id: Set(r.user_id),
        parent_id: Set(r.parent_id),
        token_hash: Set(r.token_hash),
        token_version: Set(r.token_version),
        started_at: Set(r.started_at),
        issued_at: Set(r.issued_at),
        expires_at: Set(r.expires_at),
        rotated_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token_of(m))
}

/// The row of a token hash, locked for the rest of the transaction (PostgreSQL `FOR UPDATE`;
/// on SQLite the write transaction already holds the database's write lock), so concurrent
/// refreshes with one token are decided one after the other.
pub async fn lock_by_hash(
    txn: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<RefreshToken>, StoreError> {
    Ok(Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .lock_exclusive()
        .one(txn)
        .await?
        .map(token_of))
}

pub async fn find_by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<RefreshToken>, StoreError> {
    Ok(Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .one(db)
        .await?
        .map(token_of))
}

/// The token issued when `id` was rotated, if any.
pub async fn successor(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<RefreshToken>, StoreError> {
    Ok(Entity::find()
        .filter(Column::ParentId.eq(id))
        .one(db)
        .await?
        .map(token_of))
}

/// Marks a live token spent; `false` when it was not live any more.
pub async fn mark_rotated(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    Ok(Entity::update_many()
        .col_expr(Column::RotatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::RotatedAt.is_null())
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// Revokes every token of a family not revoked yet; returns how many.
pub async fn revoke_family(
    db: &impl ConnectionTrait,
    family: &str,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::Family.eq(family))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Deletes the rows of a user's families opened before `started_before` (past their absolute
/// lifetime: no token of theirs can be accepted or recognised as a replay any more).
pub async fn purge_user(
    db: &impl ConnectionTrait,
    user_id: i64,
    started_before: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::delete_many()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::StartedAt.lt(started_before))
        .exec(db)
        .await?
        .rows_affected)
}

/// How many rows a family has (tests: one successor per rotation).
pub async fn family_size(db: &impl ConnectionTrait, family: &str) -> Result<u64, StoreError> {
    Entity::find()
        .filter(Column::Family.eq(family))
        .count(db)
        .await
        .map_err(StoreError::from)
}
