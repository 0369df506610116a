//! `webhook_deliveries`: one row per event and subscription (or per test ping), leased by the
//! sender; the same `message_id` on every attempt.

use chrono::{DateTime, Duration, Utc};
use realis_domain::events::EventType;
pub use realis_domain::webhook::DeliveryStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::StoreError;
use crate::entities::webhook_deliveries::{self, Column, Entity, Model};

/// The `event_type` stored for a test ping.
const PING: &str = "webhook.ping";

/// A delivery read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub endpoint_id: i64,
    /// The journal's event; `None` for a test ping.
    pub event_id: Option<i64>,
    /// The `webhook-id` header.
    pub message_id: String,
    /// The event's type; `None` for a test ping.
    pub event_type: Option<EventType>,
    /// The JSON body sent.
    pub payload: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTime<Utc>,
    pub last_status_code: Option<u16>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A delivery to queue.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    pub endpoint_id: i64,
    pub event_id: Option<i64>,
    pub message_id: String,
    pub event_type: Option<EventType>,
    pub payload: String,
}

fn delivery(m: Model) -> Result<Delivery, StoreError> {
    let event_type =
        if m.event_type == PING {
            None
        } else {
            Some(EventType::parse(&m.event_type).ok_or_else(|| {
                StoreError::corrupt("webhook_deliveries.event_type", &m.event_type)
            })?)
        };
    Ok(Delivery {
        id: m.id,
        endpoint_id: m.endpoint_id,
        event_id: m.event_id,
        message_id: m.message_id,
        event_type,
        payload: m.payload,
        status: DeliveryStatus::parse(&m.status)
            .ok_or_else(|| StoreError::corrupt("webhook_deliveries.status", &m.status))?,
        attempts: m.attempts,
        next_attempt_at: m.next_attempt_at,
        last_status_code: m.last_status_code.and_then(|c| u16::try_from(c).ok()),
        last_error: m.last_error,
        last_attempt_at: m.last_attempt_at,
        delivered_at: m.delivered_at,
        created_at: m.created_at,
    })
}

/// Queues a delivery, due at once; returns its id.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    d: NewDelivery,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let row = webhook_deliveries::ActiveModel {
        endpoint_id: Set(d.endpoint_id),
        event_id: Set(d.event_id),
        message_id: Set(d.message_id),
        event_type: Set(d.event_type.map_or(PING, |t| t.as_str()).to_owned()),
        payload: Set(d.payload),
        status: Set(DeliveryStatus::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_status_code: Set(None),
        last_error: Set(None),
        last_attempt_at: Set(None),
        delivered_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

fn unleased(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(Column::LockedUntil.is_null())
        .add(Column::LockedUntil.lt(now))
}

/// Claims up to `limit` due deliveries for `lease`: each is claimed by exactly one sender, even
/// across instances (conditional update on the lease).
pub async fn claim_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> Result<Vec<Delivery>, StoreError> {
    let pending = DeliveryStatus::Pending.as_str();
    let candidates = Entity::find()
        .filter(Column::Status.eq(pending))
        .filter(Column::NextAttemptAt.lte(now))
        .filter(unleased(now))
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for row in candidates {
        let res = Entity::update_many()
            .col_expr(Column::LockedUntil, Expr::value(now + lease))
            .filter(Column::Id.eq(row.id))
            .filter(Column::Status.eq(pending))
            .filter(unleased(now))
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            claimed.push(delivery(row)?);
        }
    }
    Ok(claimed)
}

/// Records an attempt: its answer (`status_code`, or `error` when none came) and what follows
/// (`status`, and when `Pending`, the next attempt); releases the lease.
pub async fn mark_attempt(
    db: &impl ConnectionTrait,
    id: i64,
    status_code: Option<u16>,
    error: Option<&str>,
    status: DeliveryStatus,
    next_attempt_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut q = Entity::update_many()
        .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .col_expr(Column::Status, Expr::value(status.as_str()))
        .col_expr(
            Column::LastStatusCode,
            Expr::value(status_code.map(i32::from)),
        )
        .col_expr(
            Column::LastError,
            Expr::value(error.map(|e| e.chars().take(500).collect::<String>())),
        )
        .col_expr(Column::LastAttemptAt, Expr::value(now))
        .col_expr(Column::NextAttemptAt, Expr::value(next_attempt_at))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    if status == DeliveryStatus::Delivered {
        q = q.col_expr(Column::DeliveredAt, Expr::value(now));
    }
    q.filter(Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

/// A subscription's deliveries, newest first, before the id `before` when given.
pub async fn deliveries_of(
    db: &impl ConnectionTrait,
    endpoint_id: i64,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<Delivery>, StoreError> {
    let mut q = Entity::find().filter(Column::EndpointId.eq(endpoint_id));
    if let Some(b) = before {
        q = q.filter(Column::Id.lt(b));
    }
    q.order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(delivery)
        .collect()
}

/// The subscription's delivery `id`.
pub async fn find_delivery(
    db: &impl ConnectionTrait,
    endpoint_id: i64,
    id: i64,
) -> Result<Option<Delivery>, StoreError> {
    Entity::find_by_id(id)
        .filter(Column::EndpointId.eq(endpoint_id))
        .one(db)
        .await?
        .map(delivery)
        .transpose()
}

/// Makes the delivery due now again (a manual retry), with a fresh set of attempts.
pub async fn retry_now(
    db: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(
            Column::Status,
            Expr::value(DeliveryStatus::Pending.as_str()),
        )
        .col_expr(Column::Attempts, Expr::value(0))
        .col_expr(Column::NextAttemptAt, Expr::value(now))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub(super) async fn delete_of_endpoint(
    db: &impl ConnectionTrait,
    endpoint_id: i64,
) -> Result<(), StoreError> {
    Entity::delete_many()
        .filter(Column::EndpointId.eq(endpoint_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Gives up the pending deliveries of a disabled subscription.
pub async fn fail_pending_of(
    db: &impl ConnectionTrait,
    endpoint_id: i64,
    reason: &str,
) -> Result<(), StoreError> {
    Entity::update_many()
        .col_expr(Column::Status, Expr::value(DeliveryStatus::Failed.as_str()))
        .col_expr(Column::LastError, Expr::value(reason))
        .filter(Column::EndpointId.eq(endpoint_id))
        .filter(Column::Status.eq(DeliveryStatus::Pending.as_str()))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes deliveries created before `cutoff` (kept as long as the journal).
pub async fn purge_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::delete_many()
        .filter(Column::CreatedAt.lt(cutoff))
        .filter(Column::Status.ne(DeliveryStatus::Pending.as_str()))
        .exec(db)
        .await?
        .rows_affected)
}
