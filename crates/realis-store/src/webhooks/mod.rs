//! Webhooks: a user's subscriptions (`webhook_endpoints`) and their deliveries
//! (`webhook_deliveries`), written in the transaction of the event they carry and leased by the
//! sender like the e-mail outbox, so that with several instances each attempt is made once.

mod deliveries;

pub use deliveries::{
    Delivery, DeliveryStatus, NewDelivery, claim_due, deliveries_of, enqueue, fail_pending_of,
    find_delivery, mark_attempt, purge_before, retry_now,
};

use chrono::{DateTime, Utc};
use realis_domain::events::{EventSubject, EventType};
use realis_domain::webhook::DisabledReason;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::StoreError;
use crate::entities::webhook_endpoints::{self, Column, Entity, Model};
use crate::entities::{organisations, users};

/// A subscription read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: i64,
    pub user_id: i64,
    /// The OF whose events it receives (an OF user's subscription).
    pub organisation_id: Option<i64>,
    /// The funder whose events it receives (an agent's subscription).
    pub funder_id: Option<i64>,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
    /// The salt its `whsec_…` signing secret is derived from with the server's key (the
    /// secret itself is never stored).
    pub secret_salt: String,
    pub enabled: bool,
    pub disabled_reason: Option<DisabledReason>,
    /// Since when every attempt failed (cleared by a success).
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A subscription to create.
#[derive(Debug, Clone)]
pub struct NewEndpoint {
    pub user_id: i64,
    pub organisation_id: Option<i64>,
    pub funder_id: Option<i64>,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
    pub secret_salt: String,
}

fn events_text(events: &[EventType]) -> String {
    let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
    serde_json::to_string(&names).unwrap_or_else(|_| "[]".to_owned())
}

fn endpoint(m: Model) -> Result<Endpoint, StoreError> {
    let names: Vec<String> = serde_json::from_str(&m.events)
        .map_err(|_| StoreError::corrupt("webhook_endpoints.events", &m.events))?;
    let events = names
        .iter()
        .map(|n| {
            EventType::parse(n).ok_or_else(|| StoreError::corrupt("webhook_endpoints.events", n))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Endpoint {
        id: m.id,
        user_id: m.user_id,
        organisation_id: m.organisation_id,
        funder_id: m.funder_id,
        url: m.url,
        description: m.description,
        events,
        secret_salt: m.secret_salt,
        enabled: m.enabled,
        disabled_reason: m
            .disabled_reason
            .as_deref()
            .map(|r| {
                DisabledReason::parse(r)
                    .ok_or_else(|| StoreError::corrupt("webhook_endpoints.disabled_reason", r))
            })
            .transpose()?,
        failing_since: m.failing_since,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

pub async fn insert(
    db: &impl ConnectionTrait,
    e: NewEndpoint,
    now: DateTime<Utc>,
) -> Result<Endpoint, StoreError> {
    let row = webhook_endpoints::ActiveModel {
        user_id: Set(e.user_id),
        organisation_id: Set(e.organisation_id),
        funder_id: Set(e.funder_id),
        url: Set(e.url),
        description: Set(e.description),
        events: Set(events_text(&e.events)),
        secret_salt: Set(e.secret_salt),
        enabled: Set(true),
        disabled_reason: Set(None),
        failing_since: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    endpoint(row)
}

/// The user's subscriptions, oldest first.
pub async fn of_user(db: &impl ConnectionTrait, user_id: i64) -> Result<Vec<Endpoint>, StoreError> {
    Entity::find()
        .filter(Column::UserId.eq(user_id))
        .order_by_asc(Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(endpoint)
        .collect()
}

/// How many subscriptions the user holds.
pub async fn count_of_user(db: &impl ConnectionTrait, user_id: i64) -> Result<u64, StoreError> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .count(db)
        .await?)
}

/// The user's subscription `id` (`None` for another user's: the caller answers 404).
pub async fn find_of_user(
    db: &impl ConnectionTrait,
    user_id: i64,
    id: i64,
) -> Result<Option<Endpoint>, StoreError> {
    Entity::find_by_id(id)
        .filter(Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(endpoint)
        .transpose()
}

pub async fn find(db: &impl ConnectionTrait, id: i64) -> Result<Option<Endpoint>, StoreError> {
    Entity::find_by_id(id)
        .one(db)
        .await?
        .map(endpoint)
        .transpose()
}

/// Replaces URL, description and events; `enabled: true` re-enables a disabled subscription
/// (clearing its reason and failure streak).
pub async fn update(
    db: &impl ConnectionTrait,
    id: i64,
    url: &str,
    description: &str,
    events: &[EventType],
    enabled: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::Url, Expr::value(url))
        .col_expr(Column::Description, Expr::value(description))
        .col_expr(Column::Events, Expr::value(events_text(events)))
        .col_expr(Column::Enabled, Expr::value(enabled))
        .col_expr(Column::UpdatedAt, Expr::value(now));
    if enabled {
        q = q
            .col_expr(Column::DisabledReason, Expr::value(Option::<String>::None))
            .col_expr(
                Column::FailingSince,
                Expr::value(Option::<DateTime<Utc>>::None),
            );
    } else {
        q = q.col_expr(
            Column::DisabledReason,
            Expr::value(DisabledReason::DisabledByOwner.as_str()),
        );
    }
    q.filter(Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: i64) -> Result<(), StoreError> {
    deliveries::delete_of_endpoint(db, id).await?;
    Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Disables the subscription, saying why; `false` when it was already disabled (another
/// instance got there first).
pub async fn disable(
    db: &impl ConnectionTrait,
    id: i64,
    reason: DisabledReason,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let res = Entity::update_many()
        .col_expr(Column::Enabled, Expr::value(false))
        .col_expr(Column::DisabledReason, Expr::value(reason.as_str()))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::Enabled.eq(true))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Records the outcome of an attempt on the endpoint's failure streak: a success clears it, a
/// failure starts it if none is running.
pub async fn record_outcome(
    db: &impl ConnectionTrait,
    id: i64,
    succeeded: bool,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let q = Entity::update_many().filter(Column::Id.eq(id));
    if succeeded {
        q.col_expr(
            Column::FailingSince,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .exec(db)
        .await?;
    } else {
        q.col_expr(Column::FailingSince, Expr::value(now))
            .filter(Column::FailingSince.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The enabled subscriptions that may read an event of `subject`: an OF user's for the
/// subject's organisation, an agent's for its funder; their owner still enabled and, for an OF,
/// the organisation not deactivated.
pub async fn listening_to(
    db: &impl ConnectionTrait,
    subject: &EventSubject,
    event: EventType,
) -> Result<Vec<Endpoint>, StoreError> {
    let mut who = Condition::any();
    if let Some(o) = subject.organisation_id {
        who = who.add(Column::OrganisationId.eq(o));
    }
    if let Some(f) = subject.funder_id {
        who = who.add(
            Condition::all()
                .add(Column::FunderId.eq(f))
                .add(Column::OrganisationId.is_null()),
        );
    }
    if who.is_empty() {
        return Ok(Vec::new());
    }
    let active_users = Query::select()
        .column(users::Column::Id)
        .from(users::Entity)
        .and_where(users::Column::Disabled.eq(false))
        .to_owned();
    let deactivated = Query::select()
        .column(organisations::Column::Id)
        .from(organisations::Entity)
        .and_where(organisations::Column::DeactivatedAt.is_not_null())
        .to_owned();
    let rows = Entity::find()
        .filter(Column::Enabled.eq(true))
        .filter(who)
        .filter(Column::UserId.in_subquery(active_users))
        .filter(
            Condition::any()
                .add(Column::OrganisationId.is_null())
                .add(Column::OrganisationId.not_in_subquery(deactivated)),
        )
        .order_by_asc(Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(endpoint)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|e| e.events.contains(&event))
        .collect())
}
