//! Fresh databases for tests: a SQLite file in the temp directory always, and a new PostgreSQL
//! database on the server of `REALIS_TEST_POSTGRES_URL` when it is set. Never used by the product.

use sea_orm::ConnectionTrait;

use crate::Database;

/// The PostgreSQL server tests should also use, if any.
pub fn postgres_base_url() -> Option<String> {
    std::env::var("REALIS_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

/// A URL to a new, empty SQLite file named `name`.
pub fn sqlite_url(name: &str) -> String {
    let dir = std::env::temp_dir().join("realis-tests");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(format!("{name}.db"));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    format!("sqlite:{}?mode=rwc", path.display())
}

/// Creates (or re-creates) database `name` on the server of `base` and returns its URL.
pub async fn postgres_url(base: &str, name: &str) -> String {
    let admin = Database::connect(base)
        .await
        .expect("connect to REALIS_TEST_POSTGRES_URL");
    admin
        .conn
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .expect("drop the test database");
    admin
        .conn
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the test database");
    let (prefix, _) = base.rsplit_once('/').expect("a database URL with a path");
    format!("{prefix}/{name}")
}

/// A URL for one test: PostgreSQL when configured, SQLite otherwise.
pub async fn fresh_url(name: &str) -> String {
    match postgres_base_url() {
        Some(base) => postgres_url(&base, name).await,
        None => sqlite_url(name),
    }
}
