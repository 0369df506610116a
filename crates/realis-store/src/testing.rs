//! Fresh databases for tests and benchmarks: a SQLite file in the temp directory always, and a new
//! PostgreSQL database on the server of `REALIS_TEST_POSTGRES_URL` when it is set. Never used by
//! the product.

use sea_orm::ConnectionTrait;

use crate::{Database, StoreError};

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
    remove_sqlite(&path);
    format!("sqlite:{}?mode=rwc", path.display())
}

/// Deletes the SQLite database at `path` with its `-wal` and `-shm` companions, if there.
pub fn remove_sqlite(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// Creates (or re-creates) database `name` on the server of `base` and returns its URL.
pub async fn postgres_url(base: &str, name: &str) -> String {
    create_postgres(base, name)
        .await
        .expect("create the test database on REALIS_TEST_POSTGRES_URL")
}

/// Creates (or re-creates) the empty database `name` (a plain identifier) on the PostgreSQL
/// server of `base`, and returns its URL.
pub async fn create_postgres(base: &str, name: &str) -> Result<String, StoreError> {
    let (prefix, _) = base.rsplit_once('/').ok_or(StoreError::UnsupportedUrl)?;
    let admin = Database::connect(base).await?;
    admin.conn.execute_unprepared(&drop_database(name)).await?;
    admin
        .conn
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await?;
    Ok(format!("{prefix}/{name}"))
}

/// Drops database `name` on the server of `base`, closing its sessions; nothing if absent.
pub async fn drop_postgres(base: &str, name: &str) -> Result<(), StoreError> {
    let admin = Database::connect(base).await?;
    admin.conn.execute_unprepared(&drop_database(name)).await?;
    Ok(())
}

fn drop_database(name: &str) -> String {
    format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
}

/// Drops database `name` on the server of `base` (its connections closed first), after a test
/// that made it with [`postgres_url`].
pub async fn drop_postgres_database(base: &str, name: &str) -> Result<(), crate::StoreError> {
    let admin = Database::connect(base).await?;
    admin
        .conn
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await?;
    Ok(())
}

/// A URL for one test: PostgreSQL when configured, SQLite otherwise.
pub async fn fresh_url(name: &str) -> String {
    match postgres_base_url() {
        Some(base) => postgres_url(&base, name).await,
        None => sqlite_url(name),
    }
}

/// A funder row written with the columns of the first released schema only (a migration test
/// writes the data an older schema had; today's repository writes columns added since, such as
/// `website`). Returns its id.
pub async fn insert_released_funder(
    c: &impl ConnectionTrait,
    name: &str,
    validations: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    insert_released(
        c,
        "funders",
        &[
            "name",
            "region",
            "granularity",
            "validations",
            "code_length",
            "code_ttl_minutes",
            "holiday_zone",
            "created_at",
            "updated_at",
        ],
        [
            name.into(),
            name.into(),
            "day".into(),
            validations.into(),
            6.into(),
            10.into(),
            "metropole".into(),
            at.into(),
            at.into(),
        ],
    )
    .await
}

/// An organisation row written with the columns of the first released schema only (no
/// `deactivated_at`), for migration tests that write the data an older schema had. Returns its id.
pub async fn insert_released_organisation(
    c: &impl ConnectionTrait,
    funder_id: i64,
    siret: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    insert_released(
        c,
        "organisations",
        &[
            "funder_id",
            "name",
            "siret",
            "email",
            "created_at",
            "updated_at",
        ],
        [
            funder_id.into(),
            siret.into(),
            siret.into(),
            format!("{siret}@of.test").into(),
            at.into(),
            at.into(),
        ],
    )
    .await
}

/// A month row written with the columns of the first released schema only (no
/// `organisation_id` / `funder_id`), for migration tests. Returns its id.
pub async fn insert_released_month(
    c: &impl ConnectionTrait,
    dossier_id: i64,
    period: &str,
    status: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    insert_released(
        c,
        "months",
        &["dossier_id", "period", "status", "created_at", "updated_at"],
        [
            dossier_id.into(),
            period.into(),
            status.into(),
            at.into(),
            at.into(),
        ],
    )
    .await
}

/// A user row written with the columns of the first released schema only (no `daily_digest`), for
/// migration tests. Returns its id.
pub async fn insert_released_user(
    c: &impl ConnectionTrait,
    u: &crate::users::NewUser,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    insert_released(
        c,
        "users",
        &[
            "email",
            "identifier",
            "display_name",
            "role",
            "funder_id",
            "organisation_id",
            "certifier",
            "created_at",
            "updated_at",
        ],
        [
            u.email.clone().into(),
            u.identifier.clone().into(),
            u.display_name.clone().into(),
            u.role.as_str().into(),
            u.funder_id.into(),
            u.organisation_id.into(),
            u.certifier.into(),
            at.into(),
            at.into(),
        ],
    )
    .await
}

/// A dossier row written with the columns of the first released schema only (no `scheme`), for
/// migration tests that write the data an older schema had. Returns its id.
pub async fn insert_released_dossier(
    c: &impl ConnectionTrait,
    d: &crate::portfolio::NewDossier,
    at: chrono::DateTime<chrono::Utc>,
) -> i64 {
    insert_released(
        c,
        "dossiers",
        &[
            "funder_id",
            "organisation_id",
            "number",
            "beneficiary_user_id",
            "beneficiary_first_name",
            "beneficiary_last_name",
            "search_text",
            "employer_id",
            "training_title",
            "session_start",
            "session_end",
            "committee_date",
            "granularity",
            "status",
            "created_at",
            "updated_at",
        ],
        [
            d.funder_id.into(),
            d.organisation_id.into(),
            d.number.clone().into(),
            d.beneficiary_user_id.into(),
            d.beneficiary_first_name.clone().into(),
            d.beneficiary_last_name.clone().into(),
            d.number.to_lowercase().into(),
            d.employer_id.into(),
            d.training_title.clone().into(),
            d.session_start.into(),
            d.session_end.into(),
            d.committee_date.into(),
            d.granularity.map(|g| g.as_str().to_owned()).into(),
            "in_progress".into(),
            at.into(),
            at.into(),
        ],
    )
    .await
}

/// Inserts one row of `values` into `columns` of `table` and returns its id: the shape of the
/// rows a released schema had, written without today's entities.
async fn insert_released(
    c: &impl ConnectionTrait,
    table: &str,
    columns: &[&str],
    values: impl IntoIterator<Item = sea_orm::sea_query::SimpleExpr>,
) -> i64 {
    use sea_orm::sea_query::{Alias, Query};
    let insert = Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.iter().map(|col| Alias::new(*col)))
        .values_panic(values)
        .returning_col(Alias::new("id"))
        .to_owned();
    let row = c
        .query_one(c.get_database_backend().build(&insert))
        .await
        .unwrap_or_else(|e| panic!("released {table}: {e}"))
        .unwrap_or_else(|| panic!("released {table}: no id"));
    row.try_get::<i64>("", "id").expect("id")
}
