use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub month_id: i64,
    pub mode: String,
    pub certified_at: DateTimeUtc,
    pub certified_by: i64,
    pub verification_code: String,
    pub sha256: String,
    pub pdf_file_id: Option<i64>,
    pub signed_file_id: Option<i64>,
    pub ip: Option<String>,
    pub data_json: String,
    pub superseded_at: Option<DateTimeUtc>,
    /// The funder's validation setting in force at certification: the flow this certificate's
    /// validations follow.
    pub validations: String,
    /// The certification batch (issue #13) this belongs to, if any.
    pub batch_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
