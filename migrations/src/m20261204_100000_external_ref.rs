//! `dossiers.external_ref`: the ERP's own id of the trainee or contract (issue «Integrations»,
//! section 5), optional, unique among the dossiers of one organisation. The unique index is on
//! `(organisation_id, external_ref)`: SQLite and PostgreSQL both let any number of rows hold
//! NULL there, so dossiers without a reference never collide.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261204_100000_external_ref"
    }
}

const INDEX: &str = "ux_dossiers_organisation_external_ref";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("dossiers"))
                    .add_column(ColumnDef::new(Alias::new("external_ref")).text().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Alias::new("dossiers"))
                    .col(Alias::new("organisation_id"))
                    .col(Alias::new("external_ref"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Alias::new("dossiers"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("dossiers"))
                    .drop_column(Alias::new("external_ref"))
                    .to_owned(),
            )
            .await
    }
}
