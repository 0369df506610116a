//! Accounts.

use crate::StoreError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};

use crate::entities::users::{self, Column, Entity};

pub use realis_domain::user::User as UserRow;

/// A stored account as the domain's; a role no release wrote is an error.
pub(crate) fn user_of(u: users::Model) -> Result<UserRow, StoreError> {
    Ok(UserRow {
        id: u.id,
        role: realis_domain::Role::parse(&u.role)
            .ok_or_else(|| StoreError::corrupt("users.role", &u.role))?,
        email: u.email,
        identifier: u.identifier,
        display_name: u.display_name,
        funder_id: u.funder_id,
        organisation_id: u.organisation_id,
        password_hash: u.password_hash,
        certifier: u.certifier,
        disabled: u.disabled,
        daily_digest: u.daily_digest,
        token_version: u.token_version,
        password_changed_at: u.password_changed_at,
        last_login_at: u.last_login_at,
        created_at: u.created_at,
        updated_at: u.updated_at,
    })
}

/// A new account (no password yet: it is chosen from the invitation link).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub identifier: String,
    pub display_name: String,
    pub role: realis_domain::Role,
    pub funder_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// Only with a designation (`designations`), which makes it effective.
    pub certifier: bool,
    pub password_hash: Option<String>,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    u: NewUser,
    now: DateTime<Utc>,
) -> Result<UserRow, StoreError> {
    users::ActiveModel {
        email: Set(u.email),
        identifier: Set(u.identifier),
        display_name: Set(u.display_name),
        role: Set(u.role.as_str().to_owned()),
        funder_id: Set(u.funder_id),
        organisation_id: Set(u.organisation_id),
        employer_id: Set(None),
        password_hash: Set(u.password_hash),
        certifier: Set(u.certifier),
        disabled: Set(false),
        daily_digest: Set(true),
        token_version: Set(1),
        password_changed_at: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(user_of)
}

/// Finds an account by e-mail or identifier (both stored lower-case).
pub async fn find_by_login(
    db: &impl ConnectionTrait,
    login: &str,
) -> Result<Option<UserRow>, StoreError> {
    let login = login.trim().to_lowercase();
    Entity::find()
        .filter(
            Condition::any()
                .add(Column::Email.eq(login.clone()))
                .add(Column::Identifier.eq(login)),
        )
        .one(db)
        .await?
        .map(user_of)
        .transpose()
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<UserRow>, StoreError> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .map(user_of)
        .transpose()
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<UserRow>, StoreError> {
    Entity::find()
        .filter(Column::Email.eq(email.to_lowercase()))
        .one(db)
        .await?
        .map(user_of)
        .transpose()
}

/// Sets a new password and revokes every token issued before (token version bump).
pub async fn set_password(
    db: &impl ConnectionTrait,
    id: i64,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::PasswordHash, Expr::value(hash.to_owned()))
        .col_expr(Column::TokenVersion, Expr::col(Column::TokenVersion).add(1))
        .col_expr(Column::PasswordChangedAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Disables or re-enables an account; disabling revokes its tokens and its unused links
/// (invitation, password reset) at once.
pub async fn set_disabled(
    db: &impl ConnectionTrait,
    id: i64,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::Disabled, Expr::value(disabled))
        .col_expr(Column::TokenVersion, Expr::col(Column::TokenVersion).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    if disabled {
        crate::tokens::void_all(db, id, now).await?;
    }
    Ok(())
}

/// Saves what a person changes in «Mon compte»: the name shown and whether the daily digest
/// comes.
pub async fn set_profile(
    db: &impl ConnectionTrait,
    id: i64,
    display_name: &str,
    daily_digest: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::DisplayName, Expr::value(display_name.to_owned()))
        .col_expr(Column::DailyDigest, Expr::value(daily_digest))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes the tokens (token version bump, which also ends their refresh sessions) and the
/// unused links of every account of an organisation: its deactivation. Returns how many
/// accounts it touched.
pub async fn revoke_organisation(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    let ids: Vec<i64> = list_for_organisation(db, organisation_id)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    Entity::update_many()
        .col_expr(Column::TokenVersion, Expr::col(Column::TokenVersion).add(1))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::OrganisationId.eq(organisation_id))
        .exec(db)
        .await?;
    for id in &ids {
        crate::tokens::void_all(db, *id, now).await?;
    }
    Ok(ids.len() as u64)
}

pub async fn touch_login(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::LastLoginAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether an identifier is taken (identifiers are generated from names, then de-duplicated).
pub async fn identifier_taken(
    db: &impl ConnectionTrait,
    identifier: &str,
) -> Result<bool, StoreError> {
    Ok(Entity::find()
        .filter(Column::Identifier.eq(identifier))
        .one(db)
        .await?
        .is_some())
}

/// The accounts of an organisation, by name.
pub async fn list_for_organisation(
    db: &impl ConnectionTrait,
    organisation_id: i64,
) -> Result<Vec<UserRow>, StoreError> {
    use sea_orm::QueryOrder;
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .order_by_asc(Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(user_of)
        .collect()
}

/// The enabled agents of a funder, by name.
pub async fn active_agents(
    db: &impl ConnectionTrait,
    funder_id: i64,
) -> Result<Vec<UserRow>, StoreError> {
    use sea_orm::QueryOrder;
    Entity::find()
        .filter(Column::FunderId.eq(funder_id))
        .filter(Column::Role.eq(realis_domain::Role::Funder.as_str()))
        .filter(Column::Disabled.eq(false))
        .order_by_asc(Column::DisplayName)
        .all(db)
        .await?
        .into_iter()
        .map(user_of)
        .collect()
}
