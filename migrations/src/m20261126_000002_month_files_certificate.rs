//! Files attached to a month belong to one certification attempt: `certificate_id` is null while
//! the OF prepares the attempt, and set to the certificate they support once it is certified, so a
//! new attempt (after a contest or a reopening) starts without the previous scan.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000002_month_files_certificate"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("month_files"))
                    .add_column(
                        ColumnDef::new(Alias::new("certificate_id"))
                            .big_integer()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
