//! Accounts.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

use crate::entities::users::{self, Column, Entity};

pub use users::Model as UserRow;

/// A new account (no password yet: it is chosen from the invitation link).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub identifier: String,
    pub display_name: String,
    pub role: &'static str,
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
) -> Result<UserRow, DbErr> {
    users::ActiveModel {
        email: Set(u.email),
        identifier: Set(u.identifier),
        display_name: Set(u.display_name),
        role: Set(u.role.to_owned()),
        funder_id: Set(u.funder_id),
        organisation_id: Set(u.organisation_id),
        employer_id: Set(None),
        password_hash: Set(u.password_hash),
        certifier: Set(u.certifier),
        disabled: Set(false),
        token_version: Set(1),
        password_changed_at: Set(None),
        last_login_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Finds an account by e-mail or identifier (both stored lower-case).
pub async fn find_by_login(
    db: &impl ConnectionTrait,
    login: &str,
) -> Result<Option<UserRow>, DbErr> {
    let login = login.trim().to_lowercase();
    Entity::find()
        .filter(
            Condition::any()
                .add(Column::Email.eq(login.clone()))
                .add(Column::Identifier.eq(login)),
        )
        .one(db)
        .await
}

pub async fn find_by_id(db: &impl ConnectionTrait, id: i64) -> Result<Option<UserRow>, DbErr> {
    Entity::find_by_id(id).one(db).await
}

pub async fn find_by_email(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<UserRow>, DbErr> {
    Entity::find()
        .filter(Column::Email.eq(email.to_lowercase()))
        .one(db)
        .await
}

/// Sets a new password and revokes every token issued before (token version bump).
pub async fn set_password(
    db: &impl ConnectionTrait,
    id: i64,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
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
) -> Result<(), DbErr> {
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

pub async fn touch_login(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::LastLoginAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether an identifier is taken (identifiers are generated from names, then de-duplicated).
pub async fn identifier_taken(db: &impl ConnectionTrait, identifier: &str) -> Result<bool, DbErr> {
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
) -> Result<Vec<UserRow>, DbErr> {
    use sea_orm::QueryOrder;
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .order_by_asc(Column::DisplayName)
        .all(db)
        .await
}
