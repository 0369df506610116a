//! `dossiers.scheme`: the scheme («dispositif») that funds the dossier, `ptp`, `vae`, `bilan` or
//! `apprentissage` (issue #11, part 1). Existing dossiers were all PTP: they default to `ptp`.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_090000_dossier_scheme"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("dossiers"))
                    .add_column(
                        ColumnDef::new(Alias::new("scheme"))
                            .string()
                            .not_null()
                            .default("ptp"),
                    )
                    .to_owned(),
            )
            .await
    }
}
