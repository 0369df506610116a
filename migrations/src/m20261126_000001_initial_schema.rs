//! The whole data model the SPEC needs, so later work adds behaviour rather than reshaping tables.
//!
//! Conventions: ids are 64-bit auto-increment integers; hours are integer hundredths; money is
//! integer cents; timestamps are UTC; business dates are dates; statuses are snake_case text.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000001_initial_schema"
    }
}

fn a(name: &str) -> Alias {
    Alias::new(name)
}

/// Column builders, all NOT NULL unless `_null`.
fn id() -> ColumnDef {
    ColumnDef::new(a("id"))
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}
fn text(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().not_null().to_owned()
}
fn text_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).text().null().to_owned()
}
fn text_default(name: &str, value: &str) -> ColumnDef {
    ColumnDef::new(a(name))
        .text()
        .not_null()
        .default(value)
        .to_owned()
}
fn big(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).big_integer().not_null().to_owned()
}
fn big_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).big_integer().null().to_owned()
}
fn int_default(name: &str, value: i32) -> ColumnDef {
    ColumnDef::new(a(name))
        .integer()
        .not_null()
        .default(value)
        .to_owned()
}
fn boolean(name: &str, value: bool) -> ColumnDef {
    ColumnDef::new(a(name))
        .boolean()
        .not_null()
        .default(value)
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
fn date(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).date().not_null().to_owned()
}
fn date_null(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).date().null().to_owned()
}
fn blob(name: &str) -> ColumnDef {
    ColumnDef::new(a(name)).binary().not_null().to_owned()
}

fn fk(table: &str, column: &str, to: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(a(table), a(column))
        .to(a(to), a("id"))
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

struct T {
    name: &'static str,
    columns: Vec<ColumnDef>,
    foreign_keys: Vec<(&'static str, &'static str)>,
    primary_key: Option<Vec<&'static str>>,
    unique: Vec<Vec<&'static str>>,
    indexes: Vec<Vec<&'static str>>,
}

impl T {
    fn new(name: &'static str, columns: Vec<ColumnDef>) -> Self {
        T {
            name,
            columns,
            foreign_keys: vec![],
            primary_key: None,
            unique: vec![],
            indexes: vec![],
        }
    }
    fn fk(mut self, column: &'static str, to: &'static str) -> Self {
        self.foreign_keys.push((column, to));
        self
    }
    fn pk(mut self, columns: Vec<&'static str>) -> Self {
        self.primary_key = Some(columns);
        self
    }
    fn unique(mut self, columns: Vec<&'static str>) -> Self {
        self.unique.push(columns);
        self
    }
    fn index(mut self, columns: Vec<&'static str>) -> Self {
        self.indexes.push(columns);
        self
    }
}

fn tables() -> Vec<T> {
    vec![
        // A Transitions Pro and its settings (SPEC F9).
        T::new(
            "funders",
            vec![
                id(),
                text("name"),
                text("region"),
                text_default("granularity", "day"),
                text_default("validations", "beneficiary"),
                int_default("code_length", 6),
                int_default("code_ttl_minutes", 10),
                text_default("holiday_zone", "metropole"),
                ts("created_at"),
                ts("updated_at"),
            ],
        ),
        // Blobs (logos, stamps, documents, PDFs), stored under internal ids, never user file names.
        T::new(
            "stored_files",
            vec![
                id(),
                text("purpose"),
                text("content_type"),
                big("size_bytes"),
                text("sha256"),
                blob("data"),
                big_null("created_by"),
                ts("created_at"),
            ],
        ),
        // Organismes de formation and their identity (SPEC F1).
        T::new(
            "organisations",
            vec![
                id(),
                big("funder_id"),
                text("name"),
                text("siret"),
                text("email"),
                text_null("address"),
                text_null("postal_code"),
                text_null("city"),
                text_null("mobile_phone"),
                text_null("landline_phone"),
                text_null("fax"),
                text_null("nda"),
                text_null("website"),
                text_null("legal_representative"),
                boolean("certifier", false),
                big_null("logo_file_id"),
                big_null("stamp_file_id"),
                int_default("version", 1),
                ts("created_at"),
                ts("updated_at"),
            ],
        )
        .fk("funder_id", "funders")
        .fk("logo_file_id", "stored_files")
        .fk("stamp_file_id", "stored_files")
        .unique(vec!["funder_id", "siret"]),
        // Employers of beneficiaries.
        T::new(
            "employers",
            vec![
                id(),
                big("funder_id"),
                text("name"),
                text("email"),
                ts("created_at"),
            ],
        )
        .fk("funder_id", "funders")
        .unique(vec!["funder_id", "email"]),
        // Every account; the role says which of the tenant columns is set.
        T::new(
            "users",
            vec![
                id(),
                text("email"),
                text("identifier"),
                text("display_name"),
                text("role"),
                big_null("funder_id"),
                big_null("organisation_id"),
                big_null("employer_id"),
                text_null("password_hash"),
                boolean("certifier", false),
                boolean("disabled", false),
                // Bumped on password change or disable: tokens carrying an older value are refused.
                int_default("token_version", 1),
                ts_null("password_changed_at"),
                ts_null("last_login_at"),
                ts("created_at"),
                ts("updated_at"),
            ],
        )
        .fk("funder_id", "funders")
        .fk("organisation_id", "organisations")
        .fk("employer_id", "employers")
        .unique(vec!["email"])
        .unique(vec!["identifier"]),
        // Single-use links: invitation (72 h) and password reset (1 h). Only a hash is stored.
        T::new(
            "auth_tokens",
            vec![
                id(),
                big("user_id"),
                text("purpose"),
                text("token_hash"),
                ts("expires_at"),
                ts_null("used_at"),
                ts("created_at"),
            ],
        )
        .fk("user_id", "users")
        .unique(vec!["token_hash"]),
        // Failure counters for login throttling and rate limits, shared by all instances.
        T::new(
            "throttle",
            vec![
                text("key"),
                int_default("failures", 0),
                ts("window_start"),
                ts_null("blocked_until"),
                ts("updated_at"),
            ],
        )
        .pk(vec!["key"]),
        // Kbis and consent letter, with their review (SPEC F1, F9).
        T::new(
            "organisation_documents",
            vec![
                id(),
                big("organisation_id"),
                text("kind"),
                big("file_id"),
                text("status"),
                text_null("reason"),
                big("uploaded_by"),
                ts("uploaded_at"),
                big_null("reviewed_by"),
                ts_null("reviewed_at"),
            ],
        )
        .fk("organisation_id", "organisations")
        .fk("file_id", "stored_files")
        .fk("uploaded_by", "users")
        .fk("reviewed_by", "users")
        .index(vec!["organisation_id", "kind"]),
        // Dossiers: one funded training of one beneficiary at one OF (SPEC F9).
        T::new(
            "dossiers",
            vec![
                id(),
                big("funder_id"),
                big("organisation_id"),
                text("number"),
                big("beneficiary_user_id"),
                text("beneficiary_first_name"),
                text("beneficiary_last_name"),
                // Lower-cased, accent-free "number first last" for search.
                text("search_text"),
                big("employer_id"),
                text("training_title"),
                date("session_start"),
                date("session_end"),
                date_null("committee_date"),
                text_null("granularity"),
                text_default("status", "in_progress"),
                ts("created_at"),
                ts("updated_at"),
            ],
        )
        .fk("funder_id", "funders")
        .fk("organisation_id", "organisations")
        .fk("beneficiary_user_id", "users")
        .fk("employer_id", "employers")
        .unique(vec!["funder_id", "number"])
        .index(vec!["organisation_id", "created_at"])
        .index(vec!["beneficiary_user_id"])
        .index(vec!["employer_id"]),
        // Planned calendar («calendrier prévisionnel»), hours in hundredths.
        T::new(
            "planned_days",
            vec![
                big("dossier_id"),
                date("day"),
                int_default("training", 0),
                int_default("internship", 0),
            ],
        )
        .fk("dossier_id", "dossiers")
        .pk(vec!["dossier_id", "day"]),
        // Transmissions of hours by the funder.
        T::new(
            "transmissions",
            vec![id(), big("funder_id"), big("created_by"), ts("created_at")],
        )
        .fk("funder_id", "funders")
        .fk("created_by", "users"),
        // One month of one dossier (one certificat de réalisation), with its status and totals.
        T::new(
            "months",
            vec![
                id(),
                big("dossier_id"),
                text("period"),
                text("status"),
                // Optimistic concurrency: each save carries the version it read.
                int_default("version", 1),
                int_default("training", 0),
                int_default("internship", 0),
                int_default("absence", 0),
                boolean("online_locked", false),
                int_default("failed_code_attempts", 0),
                big_null("transmission_id"),
                ts_null("transmitted_at"),
                big_null("updated_by"),
                ts("created_at"),
                ts("updated_at"),
            ],
        )
        .fk("dossier_id", "dossiers")
        .fk("transmission_id", "transmissions")
        .unique(vec!["dossier_id", "period"])
        .index(vec!["status", "period"]),
        // Day entries; in `day` granularity the am columns hold the whole day.
        T::new(
            "month_days",
            vec![
                big("month_id"),
                date("day"),
                int_default("training_am", 0),
                int_default("training_pm", 0),
                int_default("internship_am", 0),
                int_default("internship_pm", 0),
                int_default("absence", 0),
            ],
        )
        .fk("month_id", "months")
        .pk(vec!["month_id", "day"]),
        // Files attached to a month before certification: signed scan, attendance sheets.
        T::new(
            "month_files",
            vec![
                id(),
                big("month_id"),
                text("kind"),
                big("file_id"),
                big("uploaded_by"),
                ts("created_at"),
            ],
        )
        .fk("month_id", "months")
        .fk("file_id", "stored_files")
        .fk("uploaded_by", "users")
        .index(vec!["month_id"]),
        // One-time certification codes (SPEC F6): only a keyed hash is stored.
        T::new(
            "certification_codes",
            vec![
                id(),
                big("month_id"),
                big("user_id"),
                text("code_hash"),
                text("hours_hash"),
                ts("expires_at"),
                int_default("attempts", 0),
                ts_null("consumed_at"),
                ts_null("invalidated_at"),
                text_null("ip"),
                ts("created_at"),
            ],
        )
        .fk("month_id", "months")
        .fk("user_id", "users")
        .index(vec!["month_id", "created_at"]),
        // Certificates: the evidence of a certification, superseded when the month is reopened.
        T::new(
            "certificates",
            vec![
                id(),
                big("month_id"),
                text("mode"),
                ts("certified_at"),
                big("certified_by"),
                text("verification_code"),
                text("sha256"),
                big_null("pdf_file_id"),
                big_null("signed_file_id"),
                text_null("ip"),
                text("data_json"),
                ts_null("superseded_at"),
            ],
        )
        .fk("month_id", "months")
        .fk("certified_by", "users")
        .fk("pdf_file_id", "stored_files")
        .fk("signed_file_id", "stored_files")
        .unique(vec!["verification_code"])
        .index(vec!["month_id"]),
        // Validations and contests by the beneficiary and the employer (SPEC F8).
        T::new(
            "validations",
            vec![
                id(),
                big("month_id"),
                big("certificate_id"),
                big("user_id"),
                text("role"),
                text("decision"),
                text_null("comment"),
                ts("created_at"),
            ],
        )
        .fk("month_id", "months")
        .fk("certificate_id", "certificates")
        .fk("user_id", "users"),
        // Payments («Règlements»), amounts in cents.
        T::new(
            "payments",
            vec![
                id(),
                big("dossier_id"),
                text("period"),
                text("kind"),
                big("amount_cents"),
                date("paid_on"),
                text("reference"),
                big("created_by"),
                ts("created_at"),
            ],
        )
        .fk("dossier_id", "dossiers")
        .fk("created_by", "users")
        .index(vec!["dossier_id", "period"]),
        // E-mails written in the business transaction, sent after commit (R4).
        T::new(
            "outbox",
            vec![
                id(),
                text("to_address"),
                text("subject"),
                text("text_body"),
                text("html_body"),
                text_default("status", "pending"),
                int_default("attempts", 0),
                ts("next_attempt_at"),
                ts_null("locked_until"),
                text_null("last_error"),
                ts("created_at"),
                ts_null("sent_at"),
            ],
        )
        .index(vec!["status", "next_attempt_at"]),
        // Append-only, hash-chained audit log (SPEC F11, QUALITY S8).
        T::new(
            "audit_log",
            vec![
                id(),
                ts("at"),
                big_null("actor_user_id"),
                text_null("actor_role"),
                big_null("organisation_id"),
                big_null("funder_id"),
                text("action"),
                text_null("object_type"),
                text_null("object_id"),
                text_null("ip"),
                text_null("user_agent"),
                text("data_hash"),
                text("prev_hash"),
                text("hash"),
            ],
        )
        .index(vec!["object_type", "object_id"]),
        // Idempotency-Key replay store for third-party writes (R10), kept 24 h.
        T::new(
            "idempotency_keys",
            vec![
                text("key"),
                big("user_id"),
                text("request_hash"),
                int_default("status", 0),
                text("response_body"),
                ts("created_at"),
            ],
        )
        .pk(vec!["key", "user_id"]),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in tables() {
            let mut stmt = Table::create();
            stmt.table(a(t.name)).if_not_exists();
            for mut c in t.columns {
                stmt.col(&mut c);
            }
            if let Some(cols) = &t.primary_key {
                let mut pk = Index::create();
                for c in cols {
                    pk.col(a(c));
                }
                stmt.primary_key(&mut pk);
            }
            for (column, to) in &t.foreign_keys {
                stmt.foreign_key(&mut fk(t.name, column, to));
            }
            manager.create_table(stmt).await?;
            for (i, cols) in t.unique.iter().chain(t.indexes.iter()).enumerate() {
                let unique = i < t.unique.len();
                let mut idx = Index::create();
                idx.name(format!(
                    "{}_{}_{}",
                    if unique { "uq" } else { "ix" },
                    t.name,
                    cols.join("_")
                ))
                .table(a(t.name));
                for c in cols {
                    idx.col(a(c));
                }
                if unique {
                    idx.unique();
                }
                manager.create_index(idx).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Forward-only: data is never dropped by a migration.
        Err(DbErr::Migration("migrations are forward-only".to_owned()))
    }
}
