use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "month_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub month_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub training_am: i32,
    pub training_pm: i32,
    pub internship_am: i32,
    pub internship_pm: i32,
    pub absence: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
