//! The pending-actions query of the dashboard: the months awaiting someone, by scope.

use chrono::NaiveDate;
use realis_domain::{MonthStatus, Period};

use crate::StoreError;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef,
};

use crate::entities::{dossiers, months};

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
}

fn month_to_dossier() -> RelationDef {
    months::Entity::belongs_to(dossiers::Entity)
        .from(months::Column::DossierId)
        .to(dossiers::Column::Id)
        .into()
}

/// Months in `statuses` on the dossiers in scope, oldest period first (then by dossier number):
/// at most `limit` of them after skipping `offset`; and the total.
///
/// For an organisation, a beneficiary or an employer the query starts from their dossiers (a few
/// hundred at most) and reads their months through the `(dossier_id, period)` index; starting from
/// the statuses would scan every open month of the database. A funder's statuses (certified,
/// validated) are rare, so its query starts from the `(status, period)` index.
pub async fn pending_months(
    db: &impl ConnectionTrait,
    scope: Scope,
    statuses: &[MonthStatus],
    limit: u64,
    offset: u64,
) -> Result<(u64, Vec<PendingRow>), StoreError> {
    use sea_orm::PaginatorTrait;
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    if names.is_empty() {
        return Ok((0, Vec::new()));
    }
    let (condition, id, by_dossier) = match scope {
        Scope::Organisation(id) => ("dossiers.organisation_id = {p}", id, true),
        Scope::Beneficiary(id) => ("dossiers.beneficiary_user_id = {p}", id, true),
        Scope::EmployerAccount(id) => (
            "dossiers.employer_id IN (SELECT employer_id FROM user_employers WHERE user_id = {p})",
            id,
            true,
        ),
        Scope::Funder(id) => ("dossiers.funder_id = {p}", id, false),
    };
    if by_dossier {
        // `dossiers CROSS JOIN months`: SQLite keeps this order (the scope's dossiers through their
        // index, then each one's months through `(dossier_id, period)`); PostgreSQL plans freely.
        // The statuses are constants of the domain, never user input.
        let backend = db.get_database_backend();
        let placeholder = if backend == sea_orm::DbBackend::Postgres {
            "$1"
        } else {
            "?"
        };
        let status_list = names
            .iter()
            .map(|n| format!("'{n}'"))
            .collect::<Vec<_>>()
            .join(", ");
        let condition = condition.replace("{p}", placeholder);
        let from = format!(
            "FROM dossiers CROSS JOIN months WHERE months.dossier_id = dossiers.id AND {condition} AND months.status IN ({status_list})"
        );
        let count_row = db
            .query_one(sea_orm::Statement::from_sql_and_values(
                backend,
                format!("SELECT COUNT(*) AS n {from}"),
                [id.into()],
            ))
            .await?;
        let total = count_row
            .and_then(|r| r.try_get::<i64>("", "n").ok())
            .unwrap_or(0);
        let sql = format!(
            "SELECT months.id AS month_id, dossiers.id AS dossier_id, dossiers.number, dossiers.beneficiary_first_name, dossiers.beneficiary_last_name, \
             dossiers.training_title, dossiers.session_start, dossiers.session_end, months.status, months.period \
             {from} ORDER BY months.period, dossiers.number, dossiers.id LIMIT {limit} OFFSET {offset}"
        );
        let rows = Joined::find_by_statement(sea_orm::Statement::from_sql_and_values(
            backend,
            sql,
            [id.into()],
        ))
        .all(db)
        .await?;
        return Ok((u64::try_from(total).unwrap_or(0), typed(rows)?));
    }
    let dossier_filter = dossiers::Column::FunderId.eq(id);
    let base = months::Entity::find()
        .join(JoinType::InnerJoin, month_to_dossier())
        .filter(months::Column::Status.is_in(names))
        .filter(dossier_filter);
    let total = base.clone().count(db).await?;
    let rows = base
        .select_only()
        .column_as(months::Column::Id, "month_id")
        .column_as(dossiers::Column::Id, "dossier_id")
        .column(dossiers::Column::Number)
        .column(dossiers::Column::BeneficiaryFirstName)
        .column(dossiers::Column::BeneficiaryLastName)
        .column(dossiers::Column::TrainingTitle)
        .column(dossiers::Column::SessionStart)
        .column(dossiers::Column::SessionEnd)
        .column(months::Column::Status)
        .column(months::Column::Period)
        .order_by_asc(months::Column::Period)
        .order_by_asc(dossiers::Column::Number)
        .order_by_asc(dossiers::Column::Id)
        .limit(limit)
        .offset(offset)
        .into_model::<Joined>()
        .all(db)
        .await?;
    Ok((total, typed(rows)?))
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
