//! «Mon compte» and the funder's hand on an OF (issue #11, part 5): `users.daily_digest`, whether
//! the person receives the daily digest e-mail (on by default, as before), and
//! `organisations.deactivated_at`, set while the funder has deactivated the organisation (its
//! users can neither log in nor use their tokens; its data stays readable by the funder).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_150000_account_settings"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per `ALTER TABLE`.
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("users"))
                    .add_column(
                        ColumnDef::new(Alias::new("daily_digest"))
                            .boolean()
                            .not_null()
                            .default(true),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("organisations"))
                    .add_column(
                        ColumnDef::new(Alias::new("deactivated_at"))
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }
}
