use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "funder_documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub funder_id: i64,
    /// The dossier it is attached to; `None`: published to every OF of the funder.
    pub dossier_id: Option<i64>,
    /// `convention`, `funding_agreement` or `other` for a dossier's document; `None` published.
    pub kind: Option<String>,
    pub title: String,
    pub file_id: i64,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_by: i64,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
