use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "validations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub month_id: i64,
    pub certificate_id: i64,
    pub user_id: i64,
    pub role: String,
    pub decision: String,
    pub comment: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
