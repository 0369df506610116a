//! Signed checkpoints of the audit chain: «the chain from the first record to `last_id` held, had
//! `count` records and ended with `head_hash`, when checked at `at`», with `mac` an HMAC-SHA256 of
//! those fields under a key derived from the server secret (never stored). Verification starts
//! from the latest checkpoint, so its cost does not grow with the log, and a checkpoint published
//! outside the database makes a truncated tail visible.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000004_audit_checkpoints"
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
                    .table(a("audit_checkpoints"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("last_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("head_hash")).text().not_null())
                    .col(ColumnDef::new(a("count")).big_integer().not_null())
                    .col(
                        ColumnDef::new(a("at"))
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(a("mac")).text().not_null())
                    .to_owned(),
            )
            .await?;
        // One checkpoint per head: two instances signing the same head insert it once.
        manager
            .create_index(
                Index::create()
                    .name("uq_audit_checkpoints_last_id")
                    .table(a("audit_checkpoints"))
                    .col(a("last_id"))
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
