//! `trainings`: the OF's catalogue («Formations», issue #11, part 4): title, RNCP/RS code,
//! planned hours (integer hundredths) and modality (`presentiel`, `distanciel`, `mixte`); and on
//! `dossiers`, the training a dossier was created from with its modality at that time (both null
//! for dossiers created without one, as every dossier before this migration).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_140000_trainings"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let ts = |name: &str| {
            ColumnDef::new(a(name))
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(a("trainings"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(a("organisation_id"))
                            .big_integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("title")).text().not_null())
                    .col(ColumnDef::new(a("rncp_rs_code")).text().null())
                    .col(ColumnDef::new(a("planned_hundredths")).integer().not_null())
                    .col(ColumnDef::new(a("modality")).text().not_null())
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_trainings_organisation")
                            .from(a("trainings"), a("organisation_id"))
                            .to(a("organisations"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_trainings_organisation")
                    .table(a("trainings"))
                    .col(a("organisation_id"))
                    .to_owned(),
            )
            .await?;
        // SQLite cannot add a foreign key to an existing table; the use case checks that the
        // training is the dossier's organisation's.
        for column in [
            ColumnDef::new(a("training_id"))
                .big_integer()
                .null()
                .to_owned(),
            ColumnDef::new(a("training_modality"))
                .text()
                .null()
                .to_owned(),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("dossiers"))
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
