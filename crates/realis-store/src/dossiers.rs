//! Dossiers, their months and day entries, and the planned calendar.

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use realis_domain::grid::PlannedDay;
use realis_domain::{Hours, MonthStatus, Period};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::entities::{dossiers, employers, month_days, months, planned_days};
use realis_domain::dossier::{DossierState, Employer, Scheme};
use realis_domain::grid::DayHours;
use realis_domain::search::SearchQuery;

use crate::portfolio::{DossierRow, MonthRow, Scope};

fn scoped(
    select: sea_orm::Select<dossiers::Entity>,
    scope: Scope,
) -> sea_orm::Select<dossiers::Entity> {
    select.filter(scope_condition(scope))
}

/// The dossiers of a scope, as a condition on the `dossiers` table (its columns qualified, so
/// that it holds in a query joining other tables).
pub(crate) fn scope_condition(scope: Scope) -> sea_orm::sea_query::SimpleExpr {
    let col = |c: dossiers::Column| Expr::col((dossiers::Entity, c));
    match scope {
        Scope::Organisation(id) => col(dossiers::Column::OrganisationId).eq(id),
        Scope::Beneficiary(id) => col(dossiers::Column::BeneficiaryUserId).eq(id),
        Scope::EmployerAccount(id) => {
            col(dossiers::Column::EmployerId).in_subquery(crate::accounts::employers_of(id))
        }
        Scope::Funder(id) => col(dossiers::Column::FunderId).eq(id),
    }
}

/// A dossier in scope; anything else (missing or foreign) is `None`.
pub async fn find_in_scope(
    db: &impl ConnectionTrait,
    scope: Scope,
    id: i64,
) -> Result<Option<DossierRow>, StoreError> {
    scoped(
        dossiers::Entity::find().filter(dossiers::Column::Id.eq(id)),
        scope,
    )
    .one(db)
    .await?
    .map(crate::portfolio::dossier_of)
    .transpose()
}

/// Which dossiers of a scope a list shows.
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    /// Accent- and case-insensitive words of the number or beneficiary name.
    pub query: SearchQuery,
    pub scheme: Option<Scheme>,
    /// With the day the state is judged on ([`DossierState::of`]).
    pub state: Option<(DossierState, NaiveDate)>,
    /// Only the dossier with exactly this ERP reference.
    pub external_ref: Option<String>,
}

/// Ids of the dossiers with a month not transmitted yet.
fn with_untransmitted_month() -> sea_orm::sea_query::SelectStatement {
    sea_orm::sea_query::Query::select()
        .column(months::Column::DossierId)
        .from(months::Entity)
        .and_where(months::Column::Status.ne(MonthStatus::Transmitted.as_str()))
        .to_owned()
}

/// Dossiers in scope matching the filter, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: Scope,
    filter: &DossierFilter,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<DossierRow>), StoreError> {
    let mut select = scoped(dossiers::Entity::find(), scope);
    for word in filter.query.terms() {
        select = select.filter(dossiers::Column::SearchText.like(format!("%{word}%")));
    }
    if let Some(scheme) = filter.scheme {
        select = select.filter(dossiers::Column::Scheme.eq(scheme.as_str()));
    }
    if let Some(r) = &filter.external_ref {
        select = select.filter(dossiers::Column::ExternalRef.eq(r.as_str()));
    }
    // The SQL of `DossierState::of`: closed once the session ended and no month is untransmitted.
    match filter.state {
        None => {}
        Some((DossierState::Closed, today)) => {
            select = select
                .filter(dossiers::Column::SessionEnd.lt(today))
                .filter(dossiers::Column::Id.not_in_subquery(with_untransmitted_month()));
        }
        Some((DossierState::InProgress, today)) => {
            select = select.filter(
                sea_orm::Condition::any()
                    .add(dossiers::Column::SessionEnd.gte(today))
                    .add(dossiers::Column::Id.in_subquery(with_untransmitted_month())),
            );
        }
    }
    // One statement: the page, each row carrying the count of the whole selection.
    let unpaged = select.clone();
    let count = select
        .clone()
        .select_only()
        .column_as(
            Expr::col((dossiers::Entity, dossiers::Column::Id)).count(),
            "n",
        )
        .into_query();
    let page_query = select
        .column_as(
            sea_orm::sea_query::SimpleExpr::SubQuery(
                None,
                Box::new(count.into_sub_query_statement()),
            ),
            "total",
        )
        .order_by_desc(dossiers::Column::CreatedAt)
        .order_by_desc(dossiers::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page);
    let backend = db.get_database_backend();
    let rows = db
        .query_all(backend.build(&page_query.into_query()))
        .await?;
    let total = match rows.first() {
        Some(r) => r.try_get::<i64>("", "total")?,
        // Past the last page: the count alone.
        None => return Ok((unpaged.count(db).await?, Vec::new())),
    };
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.push(crate::portfolio::dossier_of(
            dossiers::Model::from_query_result(&r, "")?,
        )?);
    }
    Ok((u64::try_from(total).unwrap_or(0), out))
}

/// The schemes of the dossiers in scope, in [`Scheme::ALL`]'s order.
pub async fn schemes_in(
    db: &impl ConnectionTrait,
    scope: Scope,
) -> Result<Vec<Scheme>, StoreError> {
    let names: Vec<String> = scoped(dossiers::Entity::find(), scope)
        .select_only()
        .column(dossiers::Column::Scheme)
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(names.len());
    for n in &names {
        out.push(Scheme::parse(n).ok_or_else(|| StoreError::corrupt("dossiers.scheme", n))?);
    }
    out.sort_by_key(|s| Scheme::ALL.iter().position(|a| a == s));
    Ok(out)
}

pub async fn number_taken(
    db: &impl ConnectionTrait,
    funder_id: i64,
    number: &str,
) -> Result<bool, StoreError> {
    Ok(dossiers::Entity::find()
        .filter(dossiers::Column::FunderId.eq(funder_id))
        .filter(dossiers::Column::Number.eq(number))
        .one(db)
        .await?
        .is_some())
}

pub async fn find_employer(
    db: &impl ConnectionTrait,
    id: i64,
) -> Result<Option<Employer>, StoreError> {
    let row = employers::Entity::find_by_id(id).one(db).await?;
    Ok(row.map(crate::records::employer_of))
}

pub async fn find_employer_by_email(
    db: &impl ConnectionTrait,
    funder_id: i64,
    email: &str,
) -> Result<Option<Employer>, StoreError> {
    let row = employers::Entity::find()
        .filter(employers::Column::FunderId.eq(funder_id))
        .filter(employers::Column::Email.eq(email))
        .one(db)
        .await?;
    Ok(row.map(crate::records::employer_of))
}

pub async fn find_month(
    db: &impl ConnectionTrait,
    dossier_id: i64,
    period: Period,
) -> Result<Option<MonthRow>, StoreError> {
    months::Entity::find()
        .filter(months::Column::DossierId.eq(dossier_id))
        .filter(months::Column::Period.eq(period.to_string()))
        .one(db)
        .await?
        .map(crate::portfolio::month_of)
        .transpose()
}

/// Saves the month's totals and status if its version is still `expected_version`; bumps the
/// version. `false` when someone saved in between (the caller answers 409).
pub async fn save_month(
    db: &impl ConnectionTrait,
    month_id: i64,
    expected_version: i32,
    status: MonthStatus,
    totals: (u32, u32, u32),
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let h = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let res = months::Entity::update_many()
        .col_expr(months::Column::Status, Expr::value(status.as_str()))
        .col_expr(months::Column::Training, Expr::value(h(totals.0)))
        .col_expr(months::Column::Internship, Expr::value(h(totals.1)))
        .col_expr(months::Column::Absence, Expr::value(h(totals.2)))
        .col_expr(
            months::Column::Version,
            Expr::col(months::Column::Version).add(1),
        )
        .col_expr(months::Column::UpdatedBy, Expr::value(by))
        .col_expr(months::Column::UpdatedAt, Expr::value(now))
        .filter(months::Column::Id.eq(month_id))
        .filter(months::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Replaces the month's day entries.
pub async fn replace_days(
    db: &impl ConnectionTrait,
    month_id: i64,
    days: &[DayHours],
) -> Result<(), StoreError> {
    month_days::Entity::delete_many()
        .filter(month_days::Column::MonthId.eq(month_id))
        .exec(db)
        .await?;
    let h = |v: Hours| Set(i32::try_from(v.hundredths()).unwrap_or(i32::MAX));
    for chunk in days.chunks(100) {
        let models = chunk.iter().map(|d| month_days::ActiveModel {
            month_id: Set(month_id),
            day: Set(d.date),
            training_am: h(d.training_am),
            training_pm: h(d.training_pm),
            internship_am: h(d.internship_am),
            internship_pm: h(d.internship_pm),
            absence: h(d.absence),
        });
        month_days::Entity::insert_many(models).exec(db).await?;
    }
    Ok(())
}

/// The stored days of a month, in date order.
pub async fn days_of_month(
    db: &impl ConnectionTrait,
    month_id: i64,
) -> Result<Vec<DayHours>, StoreError> {
    let rows = month_days::Entity::find()
        .filter(month_days::Column::MonthId.eq(month_id))
        .order_by_asc(month_days::Column::Day)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(crate::records::day_of).collect())
}

/// Planned days of the dossier between two dates (inclusive).
pub async fn planned_between(
    db: &impl ConnectionTrait,
    dossier_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<PlannedDay>, StoreError> {
    Ok(planned_days::Entity::find()
        .filter(planned_days::Column::DossierId.eq(dossier_id))
        .filter(planned_days::Column::Day.gte(from))
        .filter(planned_days::Column::Day.lte(to))
        .order_by_asc(planned_days::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(planned_day)
        .collect())
}

/// A stored planned day as the domain's.
fn planned_day(p: planned_days::Model) -> PlannedDay {
    PlannedDay {
        date: p.day,
        training: crate::records::hours(p.training),
        internship: crate::records::hours(p.internship),
    }
}

/// Every planned day of the dossier.
pub async fn planned_of(
    db: &impl ConnectionTrait,
    dossier_id: i64,
) -> Result<Vec<PlannedDay>, StoreError> {
    Ok(planned_days::Entity::find()
        .filter(planned_days::Column::DossierId.eq(dossier_id))
        .order_by_asc(planned_days::Column::Day)
        .all(db)
        .await?
        .into_iter()
        .map(planned_day)
        .collect())
}

/// What a page of the dossier list says of its dossiers' months, read in one query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMonths {
    /// For each dossier with one, its oldest month in one of the statuses asked, as (dossier
    /// id, period, status).
    pub oldest: Vec<(i64, Period, MonthStatus)>,
    /// The dossiers with a month not transmitted yet.
    pub open: std::collections::HashSet<i64>,
}

/// The months of a page of dossiers: each one's oldest month in one of `statuses`, and which
/// ones still have a month to transmit.
pub async fn page_months(
    db: &impl ConnectionTrait,
    dossier_ids: &[i64],
    statuses: &[MonthStatus],
) -> Result<PageMonths, StoreError> {
    let mut out = PageMonths::default();
    if dossier_ids.is_empty() {
        return Ok(out);
    }
    // Filter on the dossiers only (their unique index), statuses here: a status filter in SQL
    // lets SQLite pick the (status, period) index and scan every month of the database.
    let rows: Vec<(i64, String, String)> = months::Entity::find()
        .select_only()
        .columns([
            months::Column::DossierId,
            months::Column::Period,
            months::Column::Status,
        ])
        .filter(months::Column::DossierId.is_in(dossier_ids.iter().copied()))
        .order_by_asc(months::Column::DossierId)
        .order_by_asc(months::Column::Period)
        .into_tuple()
        .all(db)
        .await?;
    for (dossier_id, period, status) in rows {
        let status = MonthStatus::parse(&status)
            .ok_or_else(|| StoreError::corrupt("months.status", &status))?;
        if status != MonthStatus::Transmitted {
            out.open.insert(dossier_id);
        }
        if !statuses.contains(&status) || out.oldest.last().is_some_and(|l| l.0 == dossier_id) {
            continue;
        }
        let period =
            Period::parse(&period).map_err(|_| StoreError::corrupt("months.period", &period))?;
        out.oldest.push((dossier_id, period, status));
    }
    Ok(out)
}

/// Of these dossiers, those with a month not transmitted yet.
pub async fn with_untransmitted_months(
    db: &impl ConnectionTrait,
    dossier_ids: &[i64],
) -> Result<std::collections::HashSet<i64>, StoreError> {
    if dossier_ids.is_empty() {
        return Ok(Default::default());
    }
    let ids: Vec<i64> = months::Entity::find()
        .select_only()
        .column(months::Column::DossierId)
        .distinct()
        .filter(months::Column::DossierId.is_in(dossier_ids.iter().copied()))
        .filter(months::Column::Status.ne(MonthStatus::Transmitted.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().collect())
}

/// Moves the month to `status` if its version is still `expected_version`; bumps the version.
pub async fn set_month_status(
    db: &impl ConnectionTrait,
    month_id: i64,
    expected_version: i32,
    status: MonthStatus,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = months::Entity::update_many()
        .col_expr(months::Column::Status, Expr::value(status.as_str()))
        .col_expr(
            months::Column::Version,
            Expr::col(months::Column::Version).add(1),
        )
        .col_expr(months::Column::UpdatedBy, Expr::value(by))
        .col_expr(months::Column::UpdatedAt, Expr::value(now))
        .filter(months::Column::Id.eq(month_id))
        .filter(months::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
