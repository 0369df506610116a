//! The events journal (`GET /api/v1/events`) and webhooks (Standard Webhooks 1.0): what an
//! integration reads or receives when something happens to a dossier, a month, a payment, a
//! document or a thread.

use chrono::{DateTime, Utc};
pub use realis_domain::events::EventType;
pub use realis_domain::webhook::{DeliveryStatus, DisabledReason};
use serde::{Deserialize, Serialize};

/// The ids an event concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventSubjectView {
    /// The funder (Transitions Pro) concerned.
    pub funder_id: Option<i64>,
    /// The organisme de formation concerned.
    pub organisation_id: Option<i64>,
    /// The dossier concerned.
    pub dossier_id: Option<i64>,
    /// The month concerned (`YYYY-MM`), for events of a month.
    #[cfg_attr(feature = "openapi", schema(example = "2026-10"))]
    pub period: Option<String>,
}

/// One event of the journal; also the body of a webhook delivery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventView {
    /// Id in the journal: increasing; read on with `?after=` this id.
    pub id: i64,
    /// The event's type (`month.status_changed`, `month.certified`, `payment.recorded`…).
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// When it happened, RFC 3339 UTC.
    pub timestamp: DateTime<Utc>,
    /// The ids it concerns.
    pub subject: EventSubjectView,
    /// The event's details, by type: `month.status_changed` has `from`, `to` (month statuses)
    /// and `version`; `month.certified` has `mode`, `status` and `verification_code`;
    /// `payment.recorded` has `payment_id`, `payment_kind`, `period` and `amount_cents`;
    /// `message.received` has `conversation_id`, `message_id` and `from`; and so on. Members are
    /// only ever added.
    #[cfg_attr(feature = "openapi", schema(value_type = Object, example = json!({"from": "draft", "to": "awaiting_certification", "version": 4})))]
    pub data: serde_json::Value,
}

/// A page of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    /// The events after `after`, oldest first.
    pub events: Vec<EventView>,
    /// What to send as `after` next time: the last event's id, or the `after` sent when there
    /// was none.
    pub next_after: i64,
}

/// `POST /api/v1/webhooks` and `PUT /api/v1/webhooks/{webhook_id}`: the subscription (a PUT
/// replaces every field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookRequest {
    /// Where to POST the events: an `https://` URL whose host resolves to public addresses only
    /// (`invalid_url`, `https_required`, `private_address`, `unresolvable_host`), at most 2000
    /// characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://erp.example.fr/realis/webhooks")
    )]
    pub url: String,
    /// The event types to receive, at least one (`required`).
    pub events: Vec<EventType>,
    /// What it is for, at most 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "ERP de production"))]
    pub description: String,
    /// `false` pauses the deliveries; `true` (the default) enables it again, after a 410 or five
    /// days of failures too.
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookView {
    /// Id of the subscription.
    pub id: i64,
    /// Where the events are POSTed.
    pub url: String,
    /// What it is for.
    pub description: String,
    /// The event types it receives.
    pub events: Vec<EventType>,
    /// Whether events are delivered.
    pub enabled: bool,
    /// Why it is disabled, when it is.
    pub disabled_reason: Option<DisabledReason>,
    /// Since when every attempt failed (null after a success).
    pub failing_since: Option<DateTime<Utc>>,
    /// When it was created, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
}

/// `201` of `POST /api/v1/webhooks`: the subscription and its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookCreated {
    /// The subscription.
    pub webhook: WebhookView,
    /// `whsec_` + base64 of 32 random bytes. Verify each delivery's `webhook-signature`:
    /// `v1,` + base64(HMAC-SHA256(base64-decoded part after `whsec_`,
    /// `{webhook-id}.{webhook-timestamp}.{body}`)). Not shown again.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    )]
    pub secret: String,
}

/// One delivery of an event (or of a test ping) to a subscription.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeliveryView {
    /// Id of the delivery.
    pub id: i64,
    /// The journal's event delivered; null for a test ping.
    pub event_id: Option<i64>,
    /// The event's type; null for a test ping.
    pub event_type: Option<EventType>,
    /// The `webhook-id` header, the same on every attempt.
    pub message_id: String,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts made.
    pub attempts: i32,
    /// The next attempt, while pending.
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The HTTP status of the last answer.
    pub last_status_code: Option<u16>,
    /// What went wrong on the last attempt without an answer (timeout, refused address…).
    pub last_error: Option<String>,
    /// When the last attempt was made.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When it was delivered.
    pub delivered_at: Option<DateTime<Utc>>,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
}
