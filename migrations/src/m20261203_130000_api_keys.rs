//! API keys (issue #12, part 1): `api_keys`, a user's credentials for software. Only a keyed
//! hash of each key is kept (`secret_hash`, unique: the lookup), with the characters shown in
//! lists, the scopes, the expiry, the address allow-list and the last use.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_130000_api_keys"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn ts(name: &str, null: bool) -> ColumnDef {
    let mut c = ColumnDef::new(a(name));
    c.timestamp_with_time_zone();
    if null {
        c.null()
    } else {
        c.not_null()
    };
    c.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("api_keys"))
                    .if_not_exists()
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("name")).text().not_null())
                    // `rls_` and the first 8 random characters, to recognise a key in a list.
                    .col(ColumnDef::new(a("shown")).text().not_null())
                    // Hex HMAC-SHA256 of the whole key with a key drawn from the server secret.
                    .col(ColumnDef::new(a("secret_hash")).text().not_null())
                    // Space-separated scopes (`dossiers:read hours:write`).
                    .col(ColumnDef::new(a("scopes")).text().not_null())
                    // Space-separated addresses and CIDR blocks; empty: from anywhere.
                    .col(ColumnDef::new(a("allowed_ips")).text().not_null())
                    .col(ts("expires_at", false))
                    .col(ts("created_at", false))
                    .col(ts("last_used_at", true))
                    .col(ColumnDef::new(a("last_used_ip")).text().null())
                    .col(ts("revoked_at", true))
                    .col(ts("expiry_notified_at", true))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_api_keys_user")
                            .from(a("api_keys"), a("user_id"))
                            .to(a("users"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_api_keys_secret_hash")
                    .table(a("api_keys"))
                    .col(a("secret_hash"))
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_keys_user")
                    .table(a("api_keys"))
                    .col(a("user_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_keys_expires")
                    .table(a("api_keys"))
                    .col(a("expires_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(a("api_keys")).to_owned())
            .await
    }
}
