//! `outbox.priority`: a message someone is waiting for (a verification code, a password reset)
//! leaves before the backlog of notifications: a batch of 50 dossiers queues 100 invitations, and
//! a code queued behind them arrived late (the browser test of issue #13 saw 20 s). `1` is urgent,
//! `0` (the default, every existing row) normal; the sender claims by priority, then by age.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261206_100000_outbox_priority"
    }
}

const INDEX: &str = "ix_outbox_status_priority";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("outbox"))
                    .add_column(
                        ColumnDef::new(Alias::new("priority"))
                            .small_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(INDEX)
                    .table(Alias::new("outbox"))
                    .col(Alias::new("status"))
                    .col(Alias::new("priority"))
                    .col(Alias::new("id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name(INDEX)
                    .table(Alias::new("outbox"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Alias::new("outbox"))
                    .drop_column(Alias::new("priority"))
                    .to_owned(),
            )
            .await
    }
}
