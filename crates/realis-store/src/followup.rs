//! After certification: validations, payments, transmissions and the funder's settings.

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use realis_domain::followup::{Decision, PaymentKind, Validator};
use realis_domain::{MonthStatus, Period};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

use crate::entities::{dossiers, funders, months, payments, transmissions, validations};
use crate::portfolio::{DossierRow, FunderSettings, MonthRow};

pub use realis_domain::followup::{Payment as PaymentRow, Validation as ValidationRow};

/// A stored payment as the domain's.
fn payment_of(p: payments::Model) -> Result<PaymentRow, StoreError> {
    Ok(PaymentRow {
        period: Period::parse(&p.period)
            .map_err(|_| StoreError::corrupt("payments.period", &p.period))?,
        kind: PaymentKind::parse(&p.kind)
            .ok_or_else(|| StoreError::corrupt("payments.kind", &p.kind))?,
        id: p.id,
        dossier_id: p.dossier_id,
        amount_cents: p.amount_cents,
        paid_on: p.paid_on,
        reference: p.reference,
        created_by: p.created_by,
        created_at: p.created_at,
    })
}

/// A stored validation as the domain's.
fn validation_of(v: validations::Model) -> Result<ValidationRow, StoreError> {
    Ok(ValidationRow {
        role: Validator::parse(&v.role)
            .ok_or_else(|| StoreError::corrupt("validations.role", &v.role))?,
        decision: Decision::parse(&v.decision)
            .ok_or_else(|| StoreError::corrupt("validations.decision", &v.decision))?,
        id: v.id,
        month_id: v.month_id,
        certificate_id: v.certificate_id,
        user_id: v.user_id,
        comment: v.comment,
        created_at: v.created_at,
    })
}

#[allow(clippy::too_many_arguments)]
pub async fn insert_validation(
    db: &impl ConnectionTrait,
    month_id: i64,
    certificate_id: i64,
    user_id: i64,
    role: Validator,
    decision: Decision,
    comment: Option<String>,
    now: DateTime<Utc>,
) -> Result<ValidationRow, StoreError> {
    validations::ActiveModel {
        month_id: Set(month_id),
        certificate_id: Set(certificate_id),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        decision: Set(decision.as_str().to_owned()),
        comment: Set(comment),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(validation_of)
}

/// The month's validations and contests, oldest first.
pub async fn validations_of_month(
    db: &impl ConnectionTrait,
    month_id: i64,
) -> Result<Vec<ValidationRow>, StoreError> {
    validations::Entity::find()
        .filter(validations::Column::MonthId.eq(month_id))
        .order_by_asc(validations::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(validation_of)
        .collect()
}

/// A payment to record.
#[derive(Debug, Clone)]
pub struct NewPayment {
    pub dossier_id: i64,
    pub period: Period,
    pub kind: PaymentKind,
    pub amount_cents: i64,
    pub paid_on: NaiveDate,
    pub reference: String,
    pub created_by: i64,
}

pub async fn insert_payment(
    db: &impl ConnectionTrait,
    p: NewPayment,
    now: DateTime<Utc>,
) -> Result<PaymentRow, StoreError> {
    payments::ActiveModel {
        dossier_id: Set(p.dossier_id),
        period: Set(p.period.to_string()),
        kind: Set(p.kind.as_str().to_owned()),
        amount_cents: Set(p.amount_cents),
        paid_on: Set(p.paid_on),
        reference: Set(p.reference),
        created_by: Set(p.created_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(StoreError::from)
    .and_then(payment_of)
}

/// The dossier's payments, by period then date.
pub async fn payments_of_dossier(
    db: &impl ConnectionTrait,
    dossier_id: i64,
) -> Result<Vec<PaymentRow>, StoreError> {
    payments::Entity::find()
        .filter(payments::Column::DossierId.eq(dossier_id))
        .order_by_asc(payments::Column::Period)
        .order_by_asc(payments::Column::PaidOn)
        .order_by_asc(payments::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(payment_of)
        .collect()
}

/// Months of the funder's dossiers in one of `statuses` (and, if given, periods `from..=to`),
/// with their dossier, by dossier number then period.
///
/// Months carry their dossier's funder: the months are one range of `(funder_id, status, period,
/// …)` (`ix_months_funder_pending`), not the national months of those statuses filtered by the
/// funder's dossiers.
pub async fn funder_months_in(
    db: &impl ConnectionTrait,
    funder_id: i64,
    statuses: &[MonthStatus],
    periods: Option<(String, String)>,
) -> Result<Vec<(MonthRow, DossierRow)>, StoreError> {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let mut select = months::Entity::find()
        .filter(months::Column::FunderId.eq(funder_id))
        .filter(months::Column::Status.is_in(names));
    if let Some((from, to)) = periods {
        select = select
            .filter(months::Column::Period.gte(from))
            .filter(months::Column::Period.lte(to));
    }
    let rows = select.all(db).await?;
    let mut ids: Vec<i64> = rows.iter().map(|m| m.dossier_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut found: HashMap<i64, DossierRow> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        for d in dossiers::Entity::find()
            .filter(dossiers::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            found.insert(d.id, crate::portfolio::dossier_of(d)?);
        }
    }
    let mut out: Vec<(MonthRow, DossierRow)> = Vec::with_capacity(rows.len());
    for m in rows {
        if let Some(d) = found.get(&m.dossier_id) {
            out.push((crate::portfolio::month_of(m)?, d.clone()));
        }
    }
    out.sort_by(|a, b| (&a.1.number, a.0.period).cmp(&(&b.1.number, b.0.period)));
    Ok(out)
}

pub async fn insert_transmission(
    db: &impl ConnectionTrait,
    funder_id: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    Ok(transmissions::ActiveModel {
        funder_id: Set(funder_id),
        created_by: Set(by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id)
}

/// Marks a month transmitted if it is still in `from` (certified or validated).
pub async fn mark_transmitted(
    db: &impl ConnectionTrait,
    month_id: i64,
    from: MonthStatus,
    transmission_id: i64,
    by: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = months::Entity::update_many()
        .col_expr(
            months::Column::Status,
            Expr::value(MonthStatus::Transmitted.as_str()),
        )
        .col_expr(months::Column::TransmissionId, Expr::value(transmission_id))
        .col_expr(months::Column::TransmittedAt, Expr::value(now))
        .col_expr(
            months::Column::Version,
            Expr::col(months::Column::Version).add(1),
        )
        .col_expr(months::Column::UpdatedBy, Expr::value(by))
        .col_expr(months::Column::UpdatedAt, Expr::value(now))
        .filter(months::Column::Id.eq(month_id))
        .filter(months::Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn update_settings(
    db: &impl ConnectionTrait,
    funder_id: i64,
    s: &FunderSettings,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    funders::Entity::update_many()
        .col_expr(
            funders::Column::Granularity,
            Expr::value(s.granularity.as_str()),
        )
        .col_expr(
            funders::Column::Validations,
            Expr::value(s.validations.as_str()),
        )
        .col_expr(
            funders::Column::CodeLength,
            Expr::value(i32::try_from(s.code.length).unwrap_or(6)),
        )
        .col_expr(
            funders::Column::CodeTtlMinutes,
            Expr::value(i32::try_from(s.code.ttl_minutes).unwrap_or(10)),
        )
        .col_expr(
            funders::Column::HolidayZone,
            Expr::value(s.holiday_zone.as_str()),
        )
        .col_expr(funders::Column::Website, Expr::value(s.website.clone()))
        .col_expr(funders::Column::UpdatedAt, Expr::value(now))
        .filter(funders::Column::Id.eq(funder_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Payments of the dossiers in `scope`, newest first, with their dossier.
pub async fn payments_in_scope(
    db: &impl ConnectionTrait,
    scope: crate::portfolio::Scope,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<(PaymentRow, DossierRow)>), StoreError> {
    use crate::portfolio::Scope;
    use sea_orm::{PaginatorTrait, QuerySelect};
    let condition = match scope {
        Scope::Organisation(id) => Expr::col(dossiers::Column::OrganisationId).eq(id),
        Scope::Beneficiary(id) => Expr::col(dossiers::Column::BeneficiaryUserId).eq(id),
        Scope::EmployerAccount(id) => {
            Expr::col(dossiers::Column::EmployerId).in_subquery(crate::accounts::employers_of(id))
        }
        Scope::Funder(id) => Expr::col(dossiers::Column::FunderId).eq(id),
    };
    let in_scope = sea_orm::sea_query::Query::select()
        .column(dossiers::Column::Id)
        .from(dossiers::Entity)
        .and_where(condition)
        .to_owned();
    let select = payments::Entity::find().filter(payments::Column::DossierId.in_subquery(in_scope));
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(payments::Column::PaidOn)
        .order_by_desc(payments::Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for p in rows {
        if let Some(d) = dossiers::Entity::find_by_id(p.dossier_id).one(db).await? {
            out.push((payment_of(p)?, crate::portfolio::dossier_of(d)?));
        }
    }
    Ok((total, out))
}
