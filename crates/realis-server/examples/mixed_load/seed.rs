//! The benchmark's database: a SQLite file or a fresh PostgreSQL database, migrated and seeded
//! through `realis_store` before the binary starts.

use std::path::Path;

use anyhow::Context;
use realis_store::{Backend, Database};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::portfolio::{self, Seeded};

/// Organisations, one OF user each: the load is spread over their sessions the way many OFs
/// using the service at once would spread it (each stays far under its per-user limits).
pub const ORGANISATIONS: usize = 40;
/// Dossiers per organisation (3,000 in all, 12 months each).
pub const DOSSIERS_PER_ORGANISATION: usize = 75;

/// Where the data lives: the URL the binary gets, and what to drop afterwards.
pub struct Target {
    pub url: String,
    pub kind: &'static str,
    /// PostgreSQL: the server's URL and the database created for the run.
    pub postgres: Option<(String, String)>,
}

impl Target {
    /// SQLite in `dir`, or a new database `realis_mixed_<pid>` on the server of `postgres`.
    pub async fn create(dir: &Path, postgres: Option<String>) -> anyhow::Result<Target> {
        let Some(base) = postgres else {
            return Ok(Target {
                url: format!("sqlite:{}?mode=rwc", dir.join("realis.db").display()),
                kind: "sqlite",
                postgres: None,
            });
        };
        let name = format!("realis_mixed_{}", std::process::id());
        let admin = Database::connect(&base)
            .await
            .context("connecting to REALIS_BENCH_POSTGRES_URL")?;
        admin
            .conn
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await?;
        admin
            .conn
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await?;
        admin.conn.close().await?;
        let (prefix, _) = base
            .split('?')
            .next()
            .and_then(|u| u.rsplit_once('/'))
            .context("REALIS_BENCH_POSTGRES_URL needs a path (…/postgres)")?;
        Ok(Target {
            url: format!("{prefix}/{name}"),
            kind: "postgres",
            postgres: Some((base, name)),
        })
    }

    /// The pids of the PostgreSQL backends serving the run's database (none on SQLite, or when
    /// they cannot be listed).
    pub async fn backend_pids(&self) -> Vec<u32> {
        if self.postgres.is_none() {
            return Vec::new();
        }
        let Ok(db) = Database::connect(&self.url).await else {
            return Vec::new();
        };
        let sql = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()";
        let rows = db
            .conn
            .query_all(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .unwrap_or_default();
        let _ = db.conn.close().await;
        rows.iter()
            .filter_map(|r| r.try_get_by_index::<i32>(0).ok())
            .filter_map(|p| u32::try_from(p).ok())
            .collect()
    }

    /// Drops the PostgreSQL database of the run (nothing for SQLite: the directory goes).
    pub async fn drop_database(&self) -> anyhow::Result<()> {
        if let Some((base, name)) = &self.postgres {
            let admin = Database::connect(base).await?;
            admin
                .conn
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            admin.conn.close().await?;
        }
        Ok(())
    }
}

/// Migrates and fills the database (see [`portfolio::seed`]).
pub async fn seed(url: &str) -> anyhow::Result<Vec<Seeded>> {
    let db = Database::connect(url).await?;
    db.migrate().await?;
    let seeded = portfolio::seed(
        &db,
        ORGANISATIONS,
        ORGANISATIONS * DOSSIERS_PER_ORGANISATION,
    )
    .await?;
    if db.backend == Backend::Postgres {
        // The statistics autovacuum gathers on a live server after a bulk load (a server with
        // autovacuum off never has them, and then plans the dashboard's count over every month).
        db.conn.execute_unprepared("ANALYZE").await?;
    }
    db.conn.close().await?;
    Ok(seeded)
}
