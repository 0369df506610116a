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
pub async fn append(
    db: &impl ConnectionTrait,
    event: &DomainEvent,
    subject: EventSubject,
    actor_user_id: Option<i64>,
    at: DateTime<Utc>,
) -> Result<i64, StoreError> {
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
