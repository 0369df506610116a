use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dossiers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub funder_id: i64,
    pub organisation_id: i64,
    pub number: String,
    pub beneficiary_user_id: i64,
    pub beneficiary_first_name: String,
    pub beneficiary_last_name: String,
    pub search_text: String,
    pub employer_id: i64,
    pub training_title: String,
    pub session_start: Date,
    pub session_end: Date,
    pub committee_date: Option<Date>,
    pub granularity: Option<String>,
    pub scheme: String,
    pub training_id: Option<i64>,
    pub training_modality: Option<String>,
    pub external_ref: Option<String>,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
