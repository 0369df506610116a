//! The domain events journal (`domain_events`): appended in the transaction of the change it
//! records, read in `id` order. Takes and returns domain types; the payload is the event's JSON.

use chrono::{DateTime, Utc};
use realis_domain::Period;
use realis_domain::events::{DomainEvent, EventSubject};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::StoreError;
use crate::entities::domain_events::{self, Column, Entity};

/// One event read back from the journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub subject: EventSubject,
    pub actor_user_id: Option<i64>,
    pub event: DomainEvent,
}

/// Appends `event`; returns its id.
///
/// Readers poll "after the last id they saw", so ids must become visible in their order. On
/// SQLite writers are serialised by the write lock; on PostgreSQL a sequence hands out ids that
/// can commit out of order, so appenders take a transaction-scoped advisory lock first: a second
/// writer's event waits until the first commits. It is the audit chain's lock
/// ([`crate::audit::APPEND_LOCK`]), which nearly every write holds already, so the journal adds
/// no wait of its own and the two can never deadlock.
pub async fn append(
    db: &impl ConnectionTrait,
    event: &DomainEvent,
    subject: EventSubject,
    actor_user_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
    crate::audit::lock_appends(db).await?;
    let payload = serde_json::to_string(event)
        .map_err(|_| StoreError::corrupt("domain_events.payload", event.kind()))?;
    let row = domain_events::ActiveModel {
        at: Set(at),
        kind: Set(event.kind().to_owned()),
        funder_id: Set(subject.funder_id),
        organisation_id: Set(subject.organisation_id),
        dossier_id: Set(subject.dossier_id),
        period: Set(subject.period.map(|p| p.to_string())),
        actor_user_id: Set(actor_user_id),
        payload: Set(payload),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(row.id)
}

/// Whose events a reader of the journal sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalScope {
    /// An OF's users: the events of its dossiers.
    Organisation(i64),
    /// A funder's agents: every event of its dossiers and organisations.
    Funder(i64),
}

/// Up to `limit` events of `scope` after `after_id`, oldest first.
pub async fn readable_after(
    db: &impl ConnectionTrait,
    scope: JournalScope,
    after_id: i64,
    limit: u64,
) -> Result<Vec<JournalEntry>, StoreError> {
    let q = Entity::find().filter(Column::Id.gt(after_id));
    let q = match scope {
        JournalScope::Organisation(o) => q.filter(Column::OrganisationId.eq(o)),
        JournalScope::Funder(f) => q.filter(Column::FunderId.eq(f)),
    };
    q.order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(entry)
        .collect()
}

/// Removes the events recorded before `cutoff` (the journal keeps 30 days).
pub async fn purge_before(
    db: &impl ConnectionTrait,
    cutoff: DateTime<Utc>,
) -> Result<u64, StoreError> {
    Ok(Entity::delete_many()
        .filter(Column::At.lt(cutoff))
        .exec(db)
        .await?
        .rows_affected)
}

/// Up to `limit` events after `after_id`, oldest first; `dossier_id` narrows to one dossier.
pub async fn after(
    db: &impl ConnectionTrait,
    after_id: i64,
    dossier_id: Option<i64>,
    limit: u64,
) -> Result<Vec<JournalEntry>, StoreError> {
    let mut q = Entity::find().filter(Column::Id.gt(after_id));
    if let Some(d) = dossier_id {
        q = q.filter(Column::DossierId.eq(d));
    }
    q.order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(entry)
        .collect()
}

fn entry(row: domain_events::Model) -> Result<JournalEntry, StoreError> {
    let event: DomainEvent = serde_json::from_str(&row.payload)
        .map_err(|_| StoreError::corrupt("domain_events.payload", &row.payload))?;
    let period = row
        .period
        .as_deref()
        .map(|p| Period::parse(p).map_err(|_| StoreError::corrupt("domain_events.period", p)))
        .transpose()?;
    Ok(JournalEntry {
        id: row.id,
        at: row.at,
        subject: EventSubject {
            funder_id: row.funder_id,
            organisation_id: row.organisation_id,
            dossier_id: row.dossier_id,
            period,
        },
        actor_user_id: row.actor_user_id,
        event,
    })
}
