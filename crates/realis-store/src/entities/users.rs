use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub email: String,
    pub identifier: String,
    pub display_name: String,
    pub role: String,
    pub funder_id: Option<i64>,
    pub organisation_id: Option<i64>,
    /// Legacy single employer link, no longer read: links live in `user_employers`.
    pub employer_id: Option<i64>,
    pub password_hash: Option<String>,
    pub certifier: bool,
    pub disabled: bool,
    pub daily_digest: bool,
    pub token_version: i32,
    pub password_changed_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
