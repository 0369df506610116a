//! Connecting, durable settings (R5) and migrations (R6).

use std::str::FromStr;
use std::time::Duration;

use realis_migration::{Migrator, MigratorTrait, known_migration_names};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqlxSqliteConnector, Statement, TransactionTrait,
};

/// A database failure, or a database that this binary cannot serve.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] DbErr),
    #[error(
        "the database was migrated by a newer Réalis (unknown migration {0}); refusing to start"
    )]
    NewerSchema(String),
    #[error("unsupported database URL (expected sqlite: or postgres:)")]
    UnsupportedUrl,
    /// A stored value that no longer parses (a status, role, period… written by no release).
    #[error("stored {column} {value:?} is not understood")]
    Corrupt { column: &'static str, value: String },
}

impl StoreError {
    /// A stored value of `column` that does not parse.
    pub fn corrupt(column: &'static str, value: &str) -> StoreError {
        StoreError::Corrupt {
            column,
            value: value.to_owned(),
        }
    }
}

/// A write that changes nothing but makes SQLite take the database's write lock.
const TAKE_SQLITE_WRITE_LOCK: &str = "DELETE FROM throttle WHERE 0 = 1";

/// Which engine a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pooled connection plus what it is.
#[derive(Debug, Clone)]
pub struct Database {
    pub conn: DatabaseConnection,
    pub backend: Backend,
}

impl Database {
    /// Connects to `sqlite:…` (WAL, `synchronous=FULL`, busy timeout, foreign keys) or
    /// `postgres://…` (default durability).
    pub async fn connect(url: &str) -> Result<Database, StoreError> {
        if url.starts_with("sqlite:") {
            let in_memory = url.contains(":memory:") || url.contains("mode=memory");
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|e| DbErr::Custom(e.to_string()))?
                .create_if_missing(true)
                .journal_mode(if in_memory {
                    SqliteJournalMode::Memory
                } else {
                    SqliteJournalMode::Wal
                })
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true);
            // An in-memory database exists per connection: keep exactly one.
            let max = if in_memory { 1 } else { 8 };
            let pool = SqlitePoolOptions::new()
                .max_connections(max)
                .min_connections(1)
                .connect_with(options)
                .await
                .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
            let conn = SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
            Ok(Database {
                conn,
                backend: Backend::Sqlite,
            })
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut opts = ConnectOptions::new(url.to_owned());
            opts.max_connections(16)
                .min_connections(1)
                .connect_timeout(Duration::from_secs(5))
                .sqlx_logging(false);
            let conn = sea_orm::Database::connect(opts).await?;
            Ok(Database {
                conn,
                backend: Backend::Postgres,
            })
        } else {
            Err(StoreError::UnsupportedUrl)
        }
    }

    /// Begins a transaction that will write (QUALITY R11).
    ///
    /// On SQLite a plain `BEGIN` is deferred: a transaction that reads, then writes, while another
    /// connection commits gets `SQLITE_BUSY` (or `SQLITE_BUSY_SNAPSHOT`) at once, without waiting
    /// for the busy timeout. sea-orm 1.1 always sends a plain `BEGIN`, so the first statement here
    /// is a write that touches no row: it takes the write lock up front, waiting under the busy
    /// timeout like `BEGIN IMMEDIATE`, and every read after it sees the latest commit.
    /// PostgreSQL needs nothing (row locks and conditional updates do the work there).
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, StoreError> {
        #[allow(clippy::disallowed_methods)] // the one place allowed to call it
        let txn = self.conn.begin().await?;
        if self.backend == Backend::Sqlite {
            txn.execute_unprepared(TAKE_SQLITE_WRITE_LOCK).await?;
        }
        Ok(txn)
    }

    /// Applies pending migrations; refuses a database that knows migrations this binary does not.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let known = known_migration_names();
        let backend = self.conn.get_database_backend();
        // Before the first migration the table does not exist: nothing applied, nothing unknown.
        if let Ok(rows) = self
            .conn
            .query_all(Statement::from_string(
                backend,
                "SELECT version FROM seaql_migrations",
            ))
            .await
            && let Some(unknown) = rows
                .iter()
                .filter_map(|r| r.try_get_by_index::<String>(0).ok())
                .find(|n| !known.contains(n))
        {
            return Err(StoreError::NewerSchema(unknown));
        }
        Migrator::up(&self.conn, None).await?;
        if self.backend == Backend::Sqlite {
            // Keeps the planner's statistics current on real data (cheap when nothing changed).
            self.conn.execute_unprepared("PRAGMA optimize").await?;
        }
        Ok(())
    }

    /// `SELECT 1`, for the health check.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.conn
            .execute(Statement::from_string(
                self.conn.get_database_backend(),
                "SELECT 1",
            ))
            .await?;
        Ok(())
    }

    /// Reads a SQLite pragma (tests of the durable settings).
    pub async fn sqlite_pragma(&self, name: &str) -> Result<Option<String>, StoreError> {
        if self.backend != Backend::Sqlite
            || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Ok(None);
        }
        let row = self
            .conn
            .query_one(Statement::from_string(
                DbBackend::Sqlite,
                format!("PRAGMA {name}"),
            ))
            .await?;
        Ok(match row {
            Some(r) => r
                .try_get_by_index::<String>(0)
                .ok()
                .or_else(|| r.try_get_by_index::<i64>(0).ok().map(|v| v.to_string())),
            None => None,
        })
    }
}
