//! Webhooks (issue #12, part 4): `webhook_endpoints`, a user's subscription (URL, event types,
//! signing secret, enabled or disabled with the reason, failing since when), and
//! `webhook_deliveries`, one row per event and endpoint, leased by the sender like the e-mail
//! outbox (pending → delivered | failed), with its attempts and the last answer.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_120000_webhooks"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn ts(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

fn ts_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("webhook_endpoints"))
                    .if_not_exists()
                    .col(id())
                    .col(ColumnDef::new(a("user_id")).big_integer().not_null())
                    .col(ColumnDef::new(a("organisation_id")).big_integer().null())
                    .col(ColumnDef::new(a("funder_id")).big_integer().null())
                    .col(ColumnDef::new(a("url")).text().not_null())
                    .col(ColumnDef::new(a("description")).text().not_null())
                    // JSON array of event types.
                    .col(ColumnDef::new(a("events")).text().not_null())
                    // Not the signing secret: a random salt the secret is derived from with the
                    // server's key (so the database never holds a secret in clear).
                    .col(ColumnDef::new(a("secret_salt")).text().not_null())
                    .col(ColumnDef::new(a("enabled")).boolean().not_null())
                    .col(ColumnDef::new(a("disabled_reason")).text().null())
                    .col(ts_null("failing_since"))
                    .col(ts("created_at"))
                    .col(ts("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_endpoints_user")
                            .from(a("webhook_endpoints"), a("user_id"))
                            .to(a("users"), a("id")),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_webhook_endpoints_organisation", "organisation_id"),
            ("ix_webhook_endpoints_funder", "funder_id"),
            ("ix_webhook_endpoints_user", "user_id"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(a("webhook_endpoints"))
                        .col(a(col))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(a("webhook_deliveries"))
                    .if_not_exists()
                    .col(id())
                    .col(ColumnDef::new(a("endpoint_id")).big_integer().not_null())
                    // The journal's event (null for a test ping).
                    .col(ColumnDef::new(a("event_id")).big_integer().null())
                    // The `webhook-id` header: the same on every attempt of one delivery.
                    .col(ColumnDef::new(a("message_id")).text().not_null())
                    .col(ColumnDef::new(a("event_type")).text().not_null())
                    .col(ColumnDef::new(a("payload")).text().not_null())
                    .col(ColumnDef::new(a("status")).text().not_null())
                    .col(ColumnDef::new(a("attempts")).integer().not_null())
                    .col(ts("next_attempt_at"))
                    .col(ts_null("locked_until"))
                    .col(ColumnDef::new(a("last_status_code")).integer().null())
                    .col(ColumnDef::new(a("last_error")).text().null())
                    .col(ts_null("last_attempt_at"))
                    .col(ts_null("delivered_at"))
                    .col(ts("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_endpoint")
                            .from(a("webhook_deliveries"), a("endpoint_id"))
                            .to(a("webhook_endpoints"), a("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_deliveries_due")
                    .table(a("webhook_deliveries"))
                    .col(a("status"))
                    .col(a("next_attempt_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_webhook_deliveries_endpoint")
                    .table(a("webhook_deliveries"))
                    .col(a("endpoint_id"))
                    .col(a("id"))
                    .to_owned(),
            )
            .await?;
        // The journal is pruned by time (kept 30 days) and read by an OF after an id.
        manager
            .create_index(
                Index::create()
                    .name("ix_domain_events_at")
                    .table(a("domain_events"))
                    .col(a("at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_domain_events_organisation")
                    .table(a("domain_events"))
                    .col(a("organisation_id"))
                    .col(a("id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for name in ["ix_domain_events_at", "ix_domain_events_organisation"] {
            manager
                .drop_index(
                    Index::drop()
                        .name(name)
                        .table(a("domain_events"))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(a("webhook_deliveries")).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(a("webhook_endpoints")).to_owned())
            .await
    }
}
