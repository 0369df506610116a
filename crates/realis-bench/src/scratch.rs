//! A benchmark's own database, made at its start and removed at its end.

use std::path::PathBuf;

use realis_store::{Database, StoreError, testing};

use crate::POSTGRES_URL_VAR;

/// Where the scratch database lives, to remove it.
#[derive(Debug)]
enum Place {
    Sqlite(PathBuf),
    Postgres { server: String, name: String },
}

/// A new, migrated, empty database for one benchmark process: a SQLite file in the temp
/// directory, or database `realis_bench_<pid>` on the server of `REALIS_BENCH_POSTGRES_URL`
/// when it is set.
#[derive(Debug)]
pub struct Scratch {
    /// The connection pool (clone it into the application).
    pub db: Database,
    url: String,
    place: Place,
}

impl Scratch {
    /// Creates and migrates the database.
    pub async fn create() -> Result<Scratch, StoreError> {
        let server = std::env::var(POSTGRES_URL_VAR)
            .ok()
            .filter(|u| !u.trim().is_empty());
        let (url, place) = match server {
            Some(server) => {
                let name = format!("realis_bench_{}", std::process::id());
                let url = testing::create_postgres(&server, &name).await?;
                (url, Place::Postgres { server, name })
            }
            None => {
                let path =
                    std::env::temp_dir().join(format!("realis-bench-{}.db", std::process::id()));
                testing::remove_sqlite(&path);
                (
                    format!("sqlite:{}?mode=rwc", path.display()),
                    Place::Sqlite(path),
                )
            }
        };
        let db = Database::connect(&url).await?;
        db.migrate().await?;
        Ok(Scratch { db, url, place })
    }

    /// `"sqlite"` or `"postgres"`: the `db` of this run's figures.
    pub fn label(&self) -> &'static str {
        match self.place {
            Place::Sqlite(_) => "sqlite",
            Place::Postgres { .. } => "postgres",
        }
    }

    /// The database's URL (for a server started as a process: `REALIS_DATABASE_URL`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Closes the pool and deletes the database.
    pub async fn remove(self) -> Result<(), StoreError> {
        let _ = self.db.conn.close().await;
        match self.place {
            Place::Sqlite(path) => {
                testing::remove_sqlite(&path);
                Ok(())
            }
            Place::Postgres { server, name } => testing::drop_postgres(&server, &name).await,
        }
    }
}
