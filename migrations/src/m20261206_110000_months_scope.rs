//! `months.organisation_id` and `months.funder_id`: each month carries the organisation and the
//! funder of its dossier (neither changes once the dossier exists), so that the dashboard's
//! pending months of one OF or one funder are one range of an index instead of a join over every
//! dossier of the OF (SQLite) or a scan of every open month (PostgreSQL's plan: 50 ms at 120,000
//! months, a quarter of a second under 32 connections; issue «National scale»).
//!
//! The indexes cover the dashboard's page: `(scope, status, period, dossier_id, id)`.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_110000_months_scope"
    }
}

const SCOPES: [(&str, &str); 2] = [
    ("organisation_id", "ix_months_organisation_pending"),
    ("funder_id", "ix_months_funder_pending"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, index) in SCOPES {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("months"))
                        .add_column(
                            ColumnDef::new(Alias::new(column))
                                .big_integer()
                                .not_null()
                                .default(0),
                        )
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "UPDATE months SET {column} = (SELECT dossiers.{column} FROM dossiers WHERE dossiers.id = months.dossier_id)"
                ))
                .await?;
            let mut i = Index::create();
            i.name(index).table(Alias::new("months"));
            for c in [column, "status", "period", "dossier_id", "id"] {
                i.col(Alias::new(c));
            }
            manager.create_index(i.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (column, index) in SCOPES {
            manager
                .drop_index(
                    Index::drop()
                        .name(index)
                        .table(Alias::new("months"))
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new("months"))
                        .drop_column(Alias::new(column))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
