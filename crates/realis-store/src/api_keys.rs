//! API keys (issue #12, part 1): a user's keys for software, as domain records. The key itself
//! is never stored: only its keyed hash (the lookup) and the characters shown in lists.

use chrono::{DateTime, Utc};
use realis_domain::api_key::{ApiScope, IpRule};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::StoreError;
use crate::entities::api_keys::{ActiveModel, Column, Entity, Model};

/// A key as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// `rls_` and the first random characters.
    pub shown: String,
    pub scopes: Vec<ApiScope>,
    pub allowed_ips: Vec<IpRule>,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key to keep.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub user_id: i64,
    pub name: String,
    pub shown: String,
    pub secret_hash: String,
    pub scopes: Vec<ApiScope>,
    pub allowed_ips: Vec<IpRule>,
    pub expires_at: DateTime<Utc>,
}

fn record(m: Model) -> ApiKey {
    ApiKey {
        id: m.id,
        user_id: m.user_id,
        name: m.name,
        shown: m.shown,
        scopes: ApiScope::parse_list(&m.scopes),
        allowed_ips: m
            .allowed_ips
            .split_whitespace()
            .filter_map(IpRule::parse)
            .collect(),
        expires_at: m.expires_at,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        last_used_ip: m.last_used_ip,
        revoked_at: m.revoked_at,
    }
}

pub async fn insert(
    db: &impl ConnectionTrait,
    k: NewApiKey,
    now: DateTime<Utc>,
) -> Result<ApiKey, StoreError> {
    let ips: Vec<String> = k.allowed_ips.iter().map(ToString::to_string).collect();
    let m = ActiveModel {
        user_id: Set(k.user_id),
        name: Set(k.name),
        shown: Set(k.shown),
        secret_hash: Set(k.secret_hash),
        scopes: Set(ApiScope::join(&k.scopes)),
        allowed_ips: Set(ips.join(" ")),
        expires_at: Set(k.expires_at),
        created_at: Set(now),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        revoked_at: Set(None),
        expiry_notified_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(record(m))
}

/// The user's keys not revoked (expired ones included, to be seen and deleted), newest first.
pub async fn of_user(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<ApiKey>, StoreError> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .order_by_desc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(record)
        .collect())
}

/// How many keys the user holds (not revoked).
pub async fn count_of_user(db: &impl ConnectionTrait, user_id: i64) -> Result<u64, StoreError> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .count(db)
        .await?)
}

/// The key whose keyed hash this is, revoked or not.
pub async fn find_by_hash(
    db: &impl ConnectionTrait,
    secret_hash: &str,
) -> Result<Option<ApiKey>, StoreError> {
    Ok(Entity::find()
        .filter(Column::SecretHash.eq(secret_hash))
        .one(db)
        .await?
        .map(record))
}

/// Revokes the user's key `id`; `None` if the user holds no such live key.
pub async fn revoke(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<ApiKey>, StoreError> {
    let res = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Ok(None);
    }
    Ok(Entity::find_by_id(id).one(db).await?.map(record))
}

/// Revokes every live key of the user (account disabled or removed); how many.
pub async fn revoke_all_of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

/// Records a use of the key (when and from where).
pub async fn touch(
    db: &impl ConnectionTrait,
    id: i64,
    at: DateTime<Utc>,
    ip: Option<String>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::LastUsedAt, Expr::value(at))
        .col_expr(Column::LastUsedIp, Expr::value(ip))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Live keys expiring before `before` whose owner has not been told yet.
pub async fn expiring_unnotified(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    before: DateTime<Utc>,
) -> Result<Vec<ApiKey>, StoreError> {
    Ok(Entity::find()
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ExpiryNotifiedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .filter(Column::ExpiresAt.lte(before))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(record)
        .collect())
}

/// Marks the owner as told of the key's expiry; `false` if another instance did first.
pub async fn mark_notified(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = Entity::update_many()
        .col_expr(Column::ExpiryNotifiedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::ExpiryNotifiedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
