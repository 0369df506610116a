//! Accounts as the back office sees them: employer links (an employer account represents every
//! employer row that names its e-mail, one per funder) and the accounts a funder agent or the
//! admin may disable.

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::Role;
use sea_orm::sea_query::{Expr, Func, OnConflict, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::entities::users::{Column, Entity};
use crate::entities::{dossiers, employers, user_employers};
use crate::users::{UserRow, user_of};

/// Links an employer account to an employer row (idempotent).
pub async fn link_employer(
    db: &impl ConnectionTrait,
    user_id: i64,
    employer_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    user_employers::Entity::insert(user_employers::ActiveModel {
        user_id: Set(user_id),
        employer_id: Set(employer_id),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            user_employers::Column::UserId,
            user_employers::Column::EmployerId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// `SELECT employer_id FROM user_employers WHERE user_id = ?`: the employers an account represents.
pub(crate) fn employers_of(user_id: i64) -> SelectStatement {
    Query::select()
        .column(user_employers::Column::EmployerId)
        .from(user_employers::Entity)
        .and_where(Expr::col(user_employers::Column::UserId).eq(user_id))
        .to_owned()
}

/// The enabled accounts that represent an employer.
pub async fn employer_accounts(
    db: &impl ConnectionTrait,
    employer_id: i64,
) -> Result<Vec<UserRow>, StoreError> {
    let linked = Query::select()
        .column(user_employers::Column::UserId)
        .from(user_employers::Entity)
        .and_where(Expr::col(user_employers::Column::EmployerId).eq(employer_id))
        .to_owned();
    Entity::find()
        .filter(Column::Id.in_subquery(linked))
        .filter(Column::Role.eq(Role::Employer.as_str()))
        .filter(Column::Disabled.eq(false))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(user_of)
        .collect()
}

/// Accounts a funder's agents manage: beneficiaries of its dossiers, accounts of its employers,
/// and its own agents; `role` narrows to one of them.
fn managed_by_funder(funder_id: i64, role: Option<Role>) -> Condition {
    let beneficiaries = Query::select()
        .column(dossiers::Column::BeneficiaryUserId)
        .from(dossiers::Entity)
        .and_where(Expr::col(dossiers::Column::FunderId).eq(funder_id))
        .to_owned();
    let employer_accounts = Query::select()
        .column((user_employers::Entity, user_employers::Column::UserId))
        .from(user_employers::Entity)
        .inner_join(
            employers::Entity,
            Expr::col((employers::Entity, employers::Column::Id))
                .equals((user_employers::Entity, user_employers::Column::EmployerId)),
        )
        .and_where(Expr::col((employers::Entity, employers::Column::FunderId)).eq(funder_id))
        .to_owned();
    let branches = [
        (Role::Beneficiary, Column::Id.in_subquery(beneficiaries)),
        (Role::Employer, Column::Id.in_subquery(employer_accounts)),
        (Role::Funder, Column::FunderId.eq(funder_id)),
    ];
    // An empty `any` is false: another role matches nothing.
    let mut any = Condition::any();
    for (r, tenant) in branches {
        if role.is_none_or(|wanted| wanted == r) {
            any = any.add(
                Condition::all()
                    .add(Column::Role.eq(r.as_str()))
                    .add(tenant),
            );
        }
    }
    any
}

/// Name, e-mail or identifier contains every word of `q` (case-insensitive).
fn matching(q: &str) -> Condition {
    let mut all = Condition::all();
    for word in q.trim().to_lowercase().split_whitespace() {
        let pattern = format!("%{}%", word.replace(['%', '_', '\\'], ""));
        all = all.add(
            Condition::any()
                .add(Expr::expr(Func::lower(Expr::col(Column::DisplayName))).like(pattern.clone()))
                .add(Column::Email.like(pattern.clone()))
                .add(Column::Identifier.like(pattern)),
        );
    }
    all
}

/// One page of accounts, by name, and the total.
async fn page(
    db: &impl ConnectionTrait,
    condition: Condition,
    page: u64,
    per_page: u64,
) -> Result<(u64, Vec<UserRow>), StoreError> {
    let select = Entity::find().filter(condition);
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_asc(Column::DisplayName)
        .order_by_asc(Column::Id)
        .offset(page.saturating_sub(1).saturating_mul(per_page))
        .limit(per_page)
        .all(db)
        .await?;
    Ok((
        total,
        rows.into_iter().map(user_of).collect::<Result<_, _>>()?,
    ))
}

/// `GET /funder/users`: the accounts a funder's agents manage.
pub async fn list_for_funder(
    db: &impl ConnectionTrait,
    funder_id: i64,
    role: Option<Role>,
    q: &str,
    page_no: u64,
    per_page: u64,
) -> Result<(u64, Vec<UserRow>), StoreError> {
    let condition = Condition::all()
        .add(managed_by_funder(funder_id, role))
        .add(matching(q));
    page(db, condition, page_no, per_page).await
}

/// An account a funder's agents manage; any other (foreign, OF staff, admin, missing) is `None`.
pub async fn find_for_funder(
    db: &impl ConnectionTrait,
    funder_id: i64,
    user_id: i64,
) -> Result<Option<UserRow>, StoreError> {
    Entity::find()
        .filter(Column::Id.eq(user_id))
        .filter(managed_by_funder(funder_id, None))
        .one(db)
        .await?
        .map(user_of)
        .transpose()
}

/// `GET /admin/users`: every funder agent.
pub async fn list_agents(
    db: &impl ConnectionTrait,
    q: &str,
    page_no: u64,
    per_page: u64,
) -> Result<(u64, Vec<UserRow>), StoreError> {
    let condition = Condition::all()
        .add(Column::Role.eq(Role::Funder.as_str()))
        .add(matching(q));
    page(db, condition, page_no, per_page).await
}

/// The Transitions Pro of a beneficiary (through their dossiers) or of an employer account
/// (through the employers it represents): the lowest id when several, `None` when none.
pub async fn funder_of_person(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<i64>, StoreError> {
    use sea_orm::{EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let through_dossier: Option<i64> = dossiers::Entity::find()
        .select_only()
        .column(dossiers::Column::FunderId)
        .filter(dossiers::Column::BeneficiaryUserId.eq(user_id))
        .order_by_asc(dossiers::Column::FunderId)
        .into_tuple()
        .one(db)
        .await?;
    if through_dossier.is_some() {
        return Ok(through_dossier);
    }
    employers::Entity::find()
        .select_only()
        .column(employers::Column::FunderId)
        .filter(employers::Column::Id.in_subquery(employers_of(user_id)))
        .order_by_asc(employers::Column::FunderId)
        .into_tuple()
        .one(db)
        .await
        .map_err(StoreError::from)
}
