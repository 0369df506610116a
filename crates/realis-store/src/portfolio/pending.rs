//! The pending-actions query of the dashboard: the months awaiting someone, by scope.

use chrono::NaiveDate;
use realis_domain::{MonthStatus, Period};

use crate::StoreError;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// Whose dossiers a reader sees.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    Organisation(i64),
    /// The beneficiary's user id.
    Beneficiary(i64),
    /// The employer account's user id: the dossiers of every employer it represents
    /// (`user_employers`), under any funder.
    EmployerAccount(i64),
    Funder(i64),
}

/// One dashboard row, with its month's status and period typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRow {
    pub month_id: i64,
    pub dossier_id: i64,
    pub number: String,
    pub beneficiary_first_name: String,
    pub beneficiary_last_name: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub status: MonthStatus,
    pub period: Period,
}

/// The row straight from the join.
#[derive(Debug, Clone, FromQueryResult)]
struct Joined {
    pub month_id: i64,
    pub dossier_id: i64,
    pub number: String,
    pub beneficiary_first_name: String,
    pub beneficiary_last_name: String,
    pub training_title: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub status: String,
    pub period: String,
    /// Every row of the scope's pending months, read in the same statement.
    pub total: i64,
}

/// Months in `statuses` on the dossiers in scope, oldest period first (then in the order the
/// dossiers were created): at most `limit` of them after skipping `offset`; and the total. One
/// statement reads both.
///
/// An organisation's or a funder's months are one range of `(organisation_id | funder_id, status,
/// period, dossier_id, id)`: the page is picked inside the index and only its rows are joined to
/// their dossiers; the count reads the same range (no table row). A beneficiary's or an
/// employer's months are found through their few dossiers and the `(dossier_id, period)` index.
pub async fn pending_months(
    db: &impl ConnectionTrait,
    scope: Scope,
    statuses: &[MonthStatus],
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<PendingRow>), StoreError> {
    if statuses.is_empty() {
        return Ok((0, Vec::new()));
    }
    let backend = db.get_database_backend();
    let p = if backend == sea_orm::DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let (in_scope, id) = match scope {
        Scope::Organisation(id) => (format!("months.organisation_id = {p}"), id),
        Scope::Funder(id) => (format!("months.funder_id = {p}"), id),
        Scope::Beneficiary(id) => (
            format!(
                "months.dossier_id IN (SELECT dossiers.id FROM dossiers WHERE dossiers.beneficiary_user_id = {p})"
            ),
            id,
        ),
        Scope::EmployerAccount(id) => (
            format!(
                "months.dossier_id IN (SELECT dossiers.id FROM dossiers WHERE dossiers.employer_id IN (SELECT employer_id FROM user_employers WHERE user_id = {p}))"
            ),
            id,
        ),
    };
    // The statuses are constants of the domain, never user input.
    let status_list = statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let filter = format!("{in_scope} AND months.status IN ({status_list})");
    let sql = format!(
        "SELECT page.id AS month_id, dossiers.id AS dossier_id, dossiers.number, dossiers.beneficiary_first_name, \
         dossiers.beneficiary_last_name, dossiers.training_title, dossiers.session_start, dossiers.session_end, \
         page.status, page.period, (SELECT COUNT(*) FROM months WHERE {filter}) AS total \
         FROM (SELECT months.id, months.dossier_id, months.status, months.period FROM months WHERE {filter} \
               ORDER BY months.period, months.dossier_id, months.id LIMIT {limit} OFFSET {offset}) page \
         JOIN dossiers ON dossiers.id = page.dossier_id \
         ORDER BY page.period, page.dossier_id, page.id"
    );
    // `$1` appears twice on PostgreSQL; SQLite's `?` takes one value each.
    let values: Vec<sea_orm::Value> = if backend == sea_orm::DbBackend::Postgres {
        vec![id.into()]
    } else {
        vec![id.into(), id.into()]
    };
    let rows = Joined::find_by_statement(sea_orm::Statement::from_sql_and_values(
        backend, sql, values,
    ))
    .all(db)
    .await?;
    let total = match rows.first() {
        Some(r) => r.total,
        // Past the last page: the count alone.
        None => db
            .query_one(sea_orm::Statement::from_sql_and_values(
                backend,
                format!("SELECT COUNT(*) AS n FROM months WHERE {filter}"),
                [id.into()],
            ))
            .await?
            .and_then(|r| r.try_get::<i64>("", "n").ok())
            .unwrap_or(0),
    };
    Ok((u64::try_from(total).unwrap_or(0), typed(rows)?))
}

fn typed(rows: Vec<Joined>) -> Result<Vec<PendingRow>, StoreError> {
    rows.into_iter()
        .map(|r| {
            Ok(PendingRow {
                status: MonthStatus::parse(&r.status)
                    .ok_or_else(|| StoreError::corrupt("months.status", &r.status))?,
                period: Period::parse(&r.period)
                    .map_err(|_| StoreError::corrupt("months.period", &r.period))?,
                month_id: r.month_id,
                dossier_id: r.dossier_id,
                number: r.number,
                beneficiary_first_name: r.beneficiary_first_name,
                beneficiary_last_name: r.beneficiary_last_name,
                training_title: r.training_title,
                session_start: r.session_start,
                session_end: r.session_end,
            })
        })
        .collect()
}
