//! `domain_events`: the journal of what happened to the business objects (issue #10, item 4),
//! written in the same transaction as the change it records, read in `id` order by the
//! integrations of #12 (webhooks). `kind` is a stable dotted name (`month.certified`…); the
//! subject ids say whom it concerns (the funder always, the organisation, dossier and month
//! period when there is one) so that a reader filters without parsing `payload` (JSON text).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_180000_domain_events"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("domain_events"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(a("at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("kind")).text().not_null())
                    .col(ColumnDef::new(a("funder_id")).big_integer().null())
                    .col(ColumnDef::new(a("organisation_id")).big_integer().null())
                    .col(ColumnDef::new(a("dossier_id")).big_integer().null())
                    .col(ColumnDef::new(a("period")).text().null())
                    .col(ColumnDef::new(a("actor_user_id")).big_integer().null())
                    .col(ColumnDef::new(a("payload")).text().not_null())
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_domain_events_funder", "funder_id"),
            ("ix_domain_events_dossier", "dossier_id"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(a("domain_events"))
                        .col(a(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
