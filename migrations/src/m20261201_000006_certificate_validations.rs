//! `certificates.validations`: the funder's validation setting in force when the month was
//! certified. The validations that follow a certification (who validates, in which order) follow
//! this recorded flow, so a later change of the setting applies to later certifications only; it
//! used to be read at each validation, and a month certified under «bénéficiaire» then waited for
//! the employer once the funder chose «both» (#8 item 13). Existing certificates get their
//! funder's current setting, the one their validations were following until now.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000006_certificate_validations"
    }
}

/// Each existing certificate records its funder's current setting.
const BACKFILL: &str = "UPDATE certificates SET validations = \
     (SELECT f.validations FROM months m JOIN dossiers d ON d.id = m.dossier_id JOIN funders f ON f.id = d.funder_id \
      WHERE m.id = certificates.month_id) \
     WHERE EXISTS (SELECT 1 FROM months m JOIN dossiers d ON d.id = m.dossier_id JOIN funders f ON f.id = d.funder_id \
      WHERE m.id = certificates.month_id)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("certificates"))
                    .add_column(
                        ColumnDef::new(Alias::new("validations"))
                            .text()
                            .not_null()
                            .default("beneficiary"),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(BACKFILL)
            .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
