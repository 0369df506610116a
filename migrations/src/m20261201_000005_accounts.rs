//! Accounts: employer links and certifier designations.
//!
//! - `user_employers`: an employer account represents every employer row (one per funder) that
//!   names its e-mail; the single `users.employer_id` could hold only the first, so a second
//!   funder's months waited for ever. The column stays (forward-only migrations) but is no longer
//!   read; existing links are copied, and employer rows left unlinked by that defect are linked to
//!   the account with their e-mail.
//! - `certifier_designations`: a user flagged «certificateur» is effective only once the funder
//!   accepts the designation (or the consent letter that covers it). Existing certifiers are
//!   recorded as designated: accepted with the organisation's consent letter when it is accepted,
//!   pending otherwise.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000005_accounts"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

fn big(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).big_integer().not_null().to_owned()
}

fn big_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).big_integer().null().to_owned()
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

fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to), a("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

fn index(table: &str, columns: &[&str]) -> IndexCreateStatement {
    let mut i = Index::create()
        .name(format!("idx_{table}_{}", columns.join("_")))
        .table(a(table))
        .to_owned();
    for c in columns {
        i.col(a(c));
    }
    i
}

/// Existing links, then employer rows whose e-mail is an employer account's.
const COPY_EMPLOYER_LINKS: &str = "INSERT INTO user_employers (user_id, employer_id, created_at) \
     SELECT id, employer_id, created_at FROM users WHERE employer_id IS NOT NULL AND role = 'employer'";
const REPAIR_EMPLOYER_LINKS: &str = "INSERT INTO user_employers (user_id, employer_id, created_at) \
     SELECT u.id, e.id, e.created_at FROM employers e JOIN users u ON u.email = LOWER(e.email) AND u.role = 'employer' \
     WHERE NOT EXISTS (SELECT 1 FROM user_employers l WHERE l.user_id = u.id AND l.employer_id = e.id)";
/// Every flagged OF user gets a designation, accepted with an accepted current consent letter.
const RECORD_DESIGNATIONS: &str = "INSERT INTO certifier_designations \
     (organisation_id, user_id, status, reason, requested_by, requested_at, reviewed_by, reviewed_at, consent_letter_id, withdrawn_at) \
     SELECT u.organisation_id, u.id, CASE WHEN d.id IS NULL THEN 'pending' ELSE 'accepted' END, NULL, u.id, u.updated_at, \
            d.reviewed_by, d.reviewed_at, d.id, NULL \
     FROM users u LEFT JOIN organisation_documents d ON d.status = 'accepted' AND d.id = \
          (SELECT MAX(l.id) FROM organisation_documents l WHERE l.organisation_id = u.organisation_id AND l.kind = 'consent_letter') \
     WHERE u.certifier = TRUE AND u.organisation_id IS NOT NULL AND u.role = 'organisation'";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("user_employers"))
                    .col(big("user_id"))
                    .col(big("employer_id"))
                    .col(ts("created_at"))
                    .primary_key(Index::create().col(a("user_id")).col(a("employer_id")))
                    .foreign_key(&mut fk("user_employers", "user_id", "users"))
                    .foreign_key(&mut fk("user_employers", "employer_id", "employers"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("user_employers", &["employer_id"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(a("certifier_designations"))
                    .col(
                        ColumnDef::new(a("id"))
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big("organisation_id"))
                    .col(big("user_id"))
                    .col(ColumnDef::new(a("status")).text().not_null())
                    .col(ColumnDef::new(a("reason")).text().null())
                    .col(big("requested_by"))
                    .col(ts("requested_at"))
                    .col(big_null("reviewed_by"))
                    .col(ts_null("reviewed_at"))
                    // The consent letter the designation was accepted with, if any.
                    .col(big_null("consent_letter_id"))
                    .col(ts_null("withdrawn_at"))
                    .foreign_key(&mut fk(
                        "certifier_designations",
                        "organisation_id",
                        "organisations",
                    ))
                    .foreign_key(&mut fk("certifier_designations", "user_id", "users"))
                    .foreign_key(&mut fk("certifier_designations", "requested_by", "users"))
                    .foreign_key(&mut fk("certifier_designations", "reviewed_by", "users"))
                    .foreign_key(&mut fk(
                        "certifier_designations",
                        "consent_letter_id",
                        "organisation_documents",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index("certifier_designations", &["user_id"]))
            .await?;
        manager
            .create_index(index(
                "certifier_designations",
                &["organisation_id", "status"],
            ))
            .await?;
        let db = manager.get_connection();
        for sql in [
            COPY_EMPLOYER_LINKS,
            REPAIR_EMPLOYER_LINKS,
            RECORD_DESIGNATIONS,
        ] {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
