use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub funder_id: i64,
    pub name: String,
    pub siret: String,
    pub email: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub mobile_phone: Option<String>,
    pub landline_phone: Option<String>,
    pub fax: Option<String>,
    pub nda: Option<String>,
    pub website: Option<String>,
    pub legal_representative: Option<String>,
    pub certifier: bool,
    pub logo_file_id: Option<i64>,
    pub stamp_file_id: Option<i64>,
    pub deactivated_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
