use sea_orm::entity::prelude::*;

/// One designation of an OF user as certifier; the latest row of a user is its current one.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certifier_designations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organisation_id: i64,
    pub user_id: i64,
    pub status: String,
    pub reason: Option<String>,
    pub requested_by: i64,
    pub requested_at: DateTimeUtc,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The consent letter this designation was accepted with.
    pub consent_letter_id: Option<i64>,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
