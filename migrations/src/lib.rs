//! Database schema of Réalis, as forward-only sea-orm migrations that run on SQLite and
//! PostgreSQL. Depends on nothing else of Réalis: the schema is data, the rules live in
//! `realis-domain` and the mapping in `realis-store`.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_initial_schema;
mod m20261126_000002_month_files_certificate;
mod m20261201_000004_audit_checkpoints;
mod m20261201_000005_accounts;
mod m20261201_000006_certificate_validations;
mod m20261201_120000_refresh_tokens;
mod m20261201_150000_funder_website;
mod m20261201_180000_domain_events;
mod m20261202_090000_dossier_scheme;
mod m20261202_100000_conversations;
mod m20261202_140000_documents;
mod m20261202_140000_trainings;
mod m20261202_150000_account_settings;
mod m20261203_110000_idempotency;
mod m20261203_120000_webhooks;
mod m20261203_130000_api_keys;
mod m20261204_100000_external_ref;
mod m20261205_100000_certification_batches;
mod m20261206_100000_outbox_priority;
mod m20261206_110000_months_scope;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_initial_schema::Migration),
            Box::new(m20261126_000002_month_files_certificate::Migration),
            Box::new(m20261201_000004_audit_checkpoints::Migration),
            Box::new(m20261201_000005_accounts::Migration),
            Box::new(m20261201_000006_certificate_validations::Migration),
            Box::new(m20261201_120000_refresh_tokens::Migration),
            Box::new(m20261201_150000_funder_website::Migration),
            Box::new(m20261201_180000_domain_events::Migration),
            Box::new(m20261202_090000_dossier_scheme::Migration),
            Box::new(m20261202_100000_conversations::Migration),
            Box::new(m20261202_140000_trainings::Migration),
            Box::new(m20261202_140000_documents::Migration),
            Box::new(m20261202_150000_account_settings::Migration),
            Box::new(m20261203_110000_idempotency::Migration),
            Box::new(m20261203_120000_webhooks::Migration),
            Box::new(m20261203_130000_api_keys::Migration),
            Box::new(m20261204_100000_external_ref::Migration),
            Box::new(m20261205_100000_certification_batches::Migration),
            Box::new(m20261206_100000_outbox_priority::Migration),
            Box::new(m20261206_110000_months_scope::Migration),
        ]
    }
}

/// Names of every migration this build knows, to detect a database newer than the binary.
pub fn known_migration_names() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}
