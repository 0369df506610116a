//! `funders.website`: the funder's public site, the target of the portal's «Retour au site»
//! (issue #9, item 9). Null until the agent sets it in «Paramètres».

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_150000_funder_website"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("funders"))
                    .add_column(ColumnDef::new(Alias::new("website")).string().null())
                    .to_owned(),
            )
            .await
    }
}
