use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "months")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub dossier_id: i64,
    /// The dossier's organisation (copied: it never changes), for the dashboard's index.
    pub organisation_id: i64,
    /// The dossier's funder (copied), for the dashboard's index.
    pub funder_id: i64,
    pub period: String,
    pub status: String,
    pub version: i32,
    pub training: i32,
    pub internship: i32,
    pub absence: i32,
    pub online_locked: bool,
    pub failed_code_attempts: i32,
    pub transmission_id: Option<i64>,
    pub transmitted_at: Option<DateTimeUtc>,
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
