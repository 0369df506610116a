//! What `idempotency_keys` (created empty by the first migration) lacks to replay an answer
//! (issue #12, part 2, «safe retries»): the answer's `content_type` and the headers worth
//! replaying (`response_headers`, a JSON object of `Location`, `ETag`, `Content-Disposition`),
//! `owner`, a random id of the request holding the key while it runs (so that a request releases
//! or completes only its own claim), and `expires_at`, 24 h after the claim. `status` stays 0
//! while the first request runs. No release wrote the table, so a row without an expiry cannot
//! exist; the default (the epoch) would read as expired and be purged.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_110000_idempotency"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds a single column per `ALTER TABLE`.
        let columns = [
            ColumnDef::new(a("content_type")).text().null().to_owned(),
            ColumnDef::new(a("response_headers"))
                .text()
                .null()
                .to_owned(),
            ColumnDef::new(a("owner")).text().null().to_owned(),
            ColumnDef::new(a("expires_at"))
                .timestamp_with_time_zone()
                .not_null()
                .default("1970-01-01 00:00:00+00:00")
                .to_owned(),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(a("idempotency_keys"))
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // The purge deletes by expiry.
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_expires_at")
                    .table(a("idempotency_keys"))
                    .col(a("expires_at"))
                    .to_owned(),
            )
            .await
    }
}
