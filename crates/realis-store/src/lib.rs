//! Persistence of Réalis: sea-orm entities and repositories over SQLite (embedded default) or
//! PostgreSQL, connection set-up with durable settings, migrations, and the audit hash chain.
//!
//! Repositories take any `ConnectionTrait` so that use cases in `realis-app` compose them in one
//! transaction. This crate holds SQL and row mapping only: no business rules, no HTTP.

pub mod accounts;
pub mod api_keys;
pub mod audit;
pub mod certification;
pub mod certification_batches;
pub mod chain;
pub mod conversations;
pub mod db;
pub mod designations;
pub mod documents;
pub mod dossiers;
pub mod entities;
pub mod events;
pub mod external_refs;
pub mod files;
pub mod followup;
pub mod idempotency;
pub mod organisations;
pub mod outbox;
pub mod portfolio;
mod records;
pub mod sessions;
pub mod sync;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod throttle;
pub mod tokens;
pub mod trainings;
pub mod users;
pub mod webhooks;

pub use db::{Backend, Database, StoreError};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};

/// What every repository runs on: the pool (`Database::conn`) or a transaction ([`Tx`]). The use
/// cases name this, never sea-orm.
pub trait Conn: ConnectionTrait + Send + Sync {}
impl<T: ConnectionTrait + Send + Sync> Conn for T {}

/// A write transaction, begun with [`Database::begin_write`] and ended with [`commit`] (dropped,
/// it rolls back).
pub type Tx = DatabaseTransaction;

/// Commits a write transaction.
pub async fn commit(tx: Tx) -> Result<(), StoreError> {
    Ok(tx.commit().await?)
}
