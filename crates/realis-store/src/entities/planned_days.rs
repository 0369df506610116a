use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "planned_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub dossier_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub training: i32,
    pub internship: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
