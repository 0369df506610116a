//! Certifier designations: who an OF designated, and the funder's review of it. A user's latest
//! row is its current designation; `users.certifier` mirrors whether it is live (not withdrawn).

use crate::StoreError;
use chrono::{DateTime, Utc};
use realis_domain::designation::DesignationStatus;
use realis_domain::organisation::Organisation;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::entities::certifier_designations::{self as rows, Column, Entity};
use crate::entities::{organisations, users};
use crate::records::organisation_of;
use crate::users::UserRow;

/// A designation, with its status parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Designation {
    pub id: i64,
    pub organisation_id: i64,
    pub user_id: i64,
    pub status: DesignationStatus,
    pub reason: Option<String>,
    pub requested_by: i64,
    pub requested_at: DateTime<Utc>,
    pub reviewed_at: Option<DateTime<Utc>>,
    /// Accepted with this consent letter (rather than by a review of its own).
    pub consent_letter_id: Option<i64>,
}

fn designation(r: rows::Model) -> Result<Designation, StoreError> {
    let status = DesignationStatus::parse(&r.status)
        .ok_or_else(|| DbErr::Type(format!("unknown designation status {}", r.status)))?;
    Ok(Designation {
        id: r.id,
        organisation_id: r.organisation_id,
        user_id: r.user_id,
        status,
        reason: r.reason,
        requested_by: r.requested_by,
        requested_at: r.requested_at,
        reviewed_at: r.reviewed_at,
        consent_letter_id: r.consent_letter_id,
    })
}

const LIVE: [DesignationStatus; 3] = [
    DesignationStatus::Pending,
    DesignationStatus::Accepted,
    DesignationStatus::Rejected,
];

fn names(statuses: &[DesignationStatus]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.as_str()).collect()
}

/// The user's current designation, if it was ever designated.
pub async fn current_of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
) -> Result<Option<Designation>, StoreError> {
    Entity::find()
        .filter(Column::UserId.eq(user_id))
        .order_by_desc(Column::Id)
        .one(db)
        .await?
        .map(designation)
        .transpose()
}

/// The live (not withdrawn) current designations of an organisation, oldest request first.
pub async fn live_of_organisation(
    db: &impl ConnectionTrait,
    organisation_id: i64,
) -> Result<Vec<Designation>, StoreError> {
    // A new row is only written when the previous one is no longer live, so live rows are current.
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .filter(Column::Status.is_in(names(&LIVE)))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(designation)
        .collect()
}

/// Records a new pending designation and flags the user.
pub async fn designate(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    user_id: i64,
    requested_by: i64,
    now: DateTime<Utc>,
) -> Result<Designation, StoreError> {
    let row = rows::ActiveModel {
        organisation_id: Set(organisation_id),
        user_id: Set(user_id),
        status: Set(DesignationStatus::Pending.as_str().to_owned()),
        reason: Set(None),
        requested_by: Set(requested_by),
        requested_at: Set(now),
        reviewed_by: Set(None),
        reviewed_at: Set(None),
        consent_letter_id: Set(None),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    set_flag(db, user_id, true, now).await?;
    designation(row)
}

/// Withdraws the user's live designation and unflags it, at once.
pub async fn withdraw(
    db: &impl ConnectionTrait,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(
            Column::Status,
            Expr::value(DesignationStatus::Withdrawn.as_str()),
        )
        .col_expr(Column::WithdrawnAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Status.is_in(names(&LIVE)))
        .exec(db)
        .await?;
    set_flag(db, user_id, false, now).await
}

async fn set_flag(
    db: &impl ConnectionTrait,
    user_id: i64,
    certifier: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    users::Entity::update_many()
        .col_expr(users::Column::Certifier, Expr::value(certifier))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records the funder's review, only if the designation is still pending (no double review).
pub async fn review(
    db: &impl ConnectionTrait,
    id: i64,
    status: DesignationStatus,
    reason: Option<String>,
    reviewer: i64,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = Entity::update_many()
        .col_expr(Column::Status, Expr::value(status.as_str()))
        .col_expr(Column::Reason, Expr::value(reason))
        .col_expr(Column::ReviewedBy, Expr::value(reviewer))
        .col_expr(Column::ReviewedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(DesignationStatus::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The organisation's pending designations take `status` with the consent letter `letter_id`;
/// returns those that did.
pub async fn decide_pending_with_letter(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    status: DesignationStatus,
    letter_id: i64,
    reviewer: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Designation>, StoreError> {
    let pending = Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .filter(Column::Status.eq(DesignationStatus::Pending.as_str()))
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(pending.len());
    for row in pending {
        let res = Entity::update_many()
            .col_expr(Column::Status, Expr::value(status.as_str()))
            .col_expr(Column::ReviewedBy, Expr::value(reviewer))
            .col_expr(Column::ReviewedAt, Expr::value(now))
            .col_expr(Column::ConsentLetterId, Expr::value(letter_id))
            .filter(Column::Id.eq(row.id))
            .filter(Column::Status.eq(DesignationStatus::Pending.as_str()))
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            let mut d = designation(row)?;
            d.status = status;
            d.reviewed_at = Some(now);
            d.consent_letter_id = Some(letter_id);
            out.push(d);
        }
    }
    Ok(out)
}

/// Pending designations across a funder's organisations, oldest first, with their user.
pub async fn pending_for_funder(
    db: &impl ConnectionTrait,
    funder_id: i64,
) -> Result<Vec<(Organisation, Designation, UserRow)>, StoreError> {
    let orgs = organisations::Entity::find()
        .filter(organisations::Column::FunderId.eq(funder_id))
        .all(db)
        .await?;
    let ids: Vec<i64> = orgs.iter().map(|o| o.id).collect();
    let pending = Entity::find()
        .filter(Column::OrganisationId.is_in(ids))
        .filter(Column::Status.eq(DesignationStatus::Pending.as_str()))
        .order_by_asc(Column::RequestedAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(pending.len());
    for row in pending {
        let org = orgs
            .iter()
            .find(|o| o.id == row.organisation_id)
            .cloned()
            .map(organisation_of);
        let user = users::Entity::find_by_id(row.user_id).one(db).await?;
        if let (Some(org), Some(user)) = (org, user) {
            out.push((org, designation(row)?, crate::users::user_of(user)?));
        }
    }
    Ok(out)
}

/// How many designations of an organisation await review.
pub async fn pending_count(
    db: &impl ConnectionTrait,
    organisation_id: i64,
) -> Result<u64, StoreError> {
    Entity::find()
        .filter(Column::OrganisationId.eq(organisation_id))
        .filter(Column::Status.eq(DesignationStatus::Pending.as_str()))
        .count(db)
        .await
        .map_err(StoreError::from)
}

/// Records an already accepted designation (demo data: the demo's certifier is effective).
pub async fn insert_accepted(
    db: &impl ConnectionTrait,
    organisation_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let d = designate(db, organisation_id, user_id, user_id, now).await?;
    Entity::update_many()
        .col_expr(
            Column::Status,
            Expr::value(DesignationStatus::Accepted.as_str()),
        )
        .col_expr(Column::ReviewedAt, Expr::value(now))
        .filter(Column::Id.eq(d.id))
        .exec(db)
        .await?;
    Ok(())
}
