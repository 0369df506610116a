//! `refresh_tokens`: the refresh credentials of browser sessions (#8 item 11). A login opens a
//! family (`family`, opened at `started_at`); each refresh marks the presented row `rotated_at`
//! and inserts its successor (`parent_id`). Only a keyed hash of each token is stored
//! (`token_hash`, HMAC-SHA256 under a key derived from the server secret). `token_version` is the
//! account's token version at login: a password change, reset or disable bumps it and ends the
//! family. `revoked_at` is set on every row of a family at logout or when a rotated token comes
//! back (theft detection). Rows stay until the family's absolute lifetime is over, so that a
//! replayed old token is recognised.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_120000_refresh_tokens"
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
        let ts_null = |name: &str| {
            ColumnDef::new(a(name))
                .timestamp_with_time_zone()
                .null()
                .to_owned()
        };
        manager
            .create_table(
                Table::create()
                    .table(a("refresh_tokens"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("family")).text().not_null())
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("parent_id")).big_integer().null())
                    .col(ColumnDef::new(a("token_hash")).text().not_null())
                    .col(ColumnDef::new(a("token_version")).integer().not_null())
                    .col(ts("started_at"))
                    .col(ts("issued_at"))
                    .col(ts("expires_at"))
                    .col(ts_null("rotated_at"))
                    .col(ts_null("revoked_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_refresh_tokens_user")
                            .from(a("refresh_tokens"), a("user_id"))
                            .to(a("users"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            ("uq_refresh_tokens_hash", vec!["token_hash"], true),
            // One successor per token: two racing rotations cannot both insert one.
            ("uq_refresh_tokens_parent", vec!["parent_id"], true),
            ("ix_refresh_tokens_family", vec!["family"], false),
            ("ix_refresh_tokens_user", vec!["user_id"], false),
        ] {
            let mut index = Index::create();
            index.name(name).table(a("refresh_tokens"));
            for c in cols {
                index.col(a(c));
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
