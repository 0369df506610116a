//! Integrations that listen: the events journal (`GET /events`) and webhook subscriptions
//! (Standard Webhooks 1.0). Deliveries are queued by the unit of work with the event they carry
//! ([`fan_out`]) and sent after commit by the leased sender ([`sender`]).

mod envelope;
pub mod sender;
mod subscriptions;
mod target;

pub use envelope::event_view;

use realis_api_types::EventList;
use realis_domain::Role;
use realis_domain::webhook::DEFAULT_RETRY_BASE_SECONDS;
use realis_store::events::{JournalEntry, JournalScope};
use realis_store::webhooks::{self as store, NewDelivery};

use crate::{Actor, App, AppError};

/// How webhooks are delivered (`REALIS_WEBHOOK_RETRY_BASE_SECONDS`,
/// `REALIS_WEBHOOK_ALLOW_PRIVATE`).
#[derive(Debug, Clone, Copy)]
pub struct WebhookSettings {
    /// The base of the retry schedule, in seconds (default 60: ten attempts over about three
    /// days).
    pub retry_base_seconds: i64,
    /// Whether URLs may be `http://` and name loopback, private or link-local addresses (tests,
    /// on-premise receivers); `false` by default, against SSRF.
    pub allow_private: bool,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            retry_base_seconds: DEFAULT_RETRY_BASE_SECONDS,
            allow_private: false,
        }
    }
}

/// The journal keeps 30 days of events.
pub const JOURNAL_DAYS: i64 = 30;
/// Most events of one page of the journal.
pub const EVENTS_PAGE_MAX: u64 = 500;

/// Queues `entry` for every subscription listening to its type that may read its subject, in
/// the transaction that recorded it; returns how many deliveries were queued.
pub(crate) async fn fan_out(
    txn: &realis_store::Tx,
    entry: &JournalEntry,
) -> Result<usize, AppError> {
    let event_type = entry.event.event_type();
    let listeners = store::listening_to(txn, &entry.subject, event_type).await?;
    if listeners.is_empty() {
        return Ok(0);
    }
    let body = serde_json::to_string(&event_view(entry)).map_err(|_| {
        realis_store::StoreError::corrupt("webhook_deliveries.payload", entry.event.kind())
    })?;
    for l in &listeners {
        store::enqueue(
            txn,
            NewDelivery {
                endpoint_id: l.id,
                event_id: Some(entry.id),
                message_id: format!("msg_{}", entry.id),
                event_type: Some(event_type),
                payload: body.clone(),
            },
            entry.at,
        )
        .await?;
    }
    Ok(listeners.len())
}

/// Whose events `actor` may read in the journal and subscribe to: an OF user its organisation's,
/// an agent its funder's; nobody else.
pub(crate) fn journal_scope(actor: &Actor) -> Result<JournalScope, AppError> {
    match (actor.role, actor.organisation_id, actor.funder_id) {
        (Role::Organisation, Some(o), _) => Ok(JournalScope::Organisation(o)),
        (Role::Funder, _, Some(f)) => Ok(JournalScope::Funder(f)),
        _ => Err(AppError::Forbidden),
    }
}

/// The purpose the key deriving webhook secrets is drawn from the server secret for.
pub const WEBHOOK_SECRET_PURPOSE: &str = "webhook-secret";

impl App {
    /// An endpoint's `whsec_…` secret, derived from its stored salt with a key drawn from the
    /// server secret: the database alone never yields it (and changing `REALIS_JWT_SECRET`
    /// changes every secret, as it ends every session).
    pub fn webhook_secret(&self, salt: &str) -> String {
        use base64::Engine;
        let key = self.jwt.keyed_hash(WEBHOOK_SECRET_PURPOSE, salt.as_bytes());
        format!(
            "whsec_{}",
            base64::engine::general_purpose::STANDARD.encode(key)
        )
    }

    /// `GET /events?after=&limit=`: the journal's events the actor may read, oldest first.
    pub async fn list_events(
        &self,
        actor: &Actor,
        after: i64,
        limit: u64,
    ) -> Result<EventList, AppError> {
        let scope = journal_scope(actor)?;
        let limit = limit.clamp(1, EVENTS_PAGE_MAX);
        let entries =
            realis_store::events::readable_after(&self.db.conn, scope, after.max(0), limit).await?;
        let next_after = entries.last().map_or(after.max(0), |e| e.id);
        Ok(EventList {
            events: entries.iter().map(event_view).collect(),
            next_after,
        })
    }

    /// Removes the journal's events older than 30 days and the finished deliveries as old
    /// (run by the daily job).
    pub async fn prune_journal(&self) -> Result<u64, AppError> {
        let cutoff = self.clock.now() - chrono::Duration::days(JOURNAL_DAYS);
        let deliveries = store::purge_before(&self.db.conn, cutoff).await?;
        let events = realis_store::events::purge_before(&self.db.conn, cutoff).await?;
        Ok(deliveries + events)
    }
}
