use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "month_files")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub month_id: i64,
    pub kind: String,
    pub file_id: i64,
    pub uploaded_by: i64,
    /// Null while the attempt is being prepared; the certificate once certified.
    pub certificate_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
