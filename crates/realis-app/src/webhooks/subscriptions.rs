//! A user's webhook subscriptions: create (the secret shown once), list, replace, delete, the
//! deliveries of one, a manual retry and a test ping. Only OF users and funder agents hold them;
//! another user's subscription answers 404.

use base64::Engine;
use rand::RngCore;
use realis_api_types::{DeliveryView, FieldError, WebhookCreated, WebhookRequest, WebhookView};
use realis_domain::FieldCode;
use realis_domain::audit::AuditAction;
use realis_domain::events::EventType;
use realis_domain::webhook::{DESCRIPTION_MAX, DeliveryStatus, MAX_ENDPOINTS_PER_USER};
use realis_store::events::JournalScope;
use realis_store::webhooks::{self as store, Delivery, Endpoint, NewDelivery, NewEndpoint};
use serde_json::json;

use super::{journal_scope, target};
use crate::unit::Audit;
use crate::{Actor, App, AppError, RequestMeta};

/// Most deliveries of one page.
pub const DELIVERIES_PAGE_MAX: u64 = 100;

fn view(e: &Endpoint) -> WebhookView {
    WebhookView {
        id: e.id,
        url: e.url.clone(),
        description: e.description.clone(),
        events: e.events.clone(),
        enabled: e.enabled,
        disabled_reason: e.disabled_reason,
        failing_since: e.failing_since,
        created_at: e.created_at,
    }
}

fn delivery_view(d: &Delivery) -> DeliveryView {
    DeliveryView {
        id: d.id,
        event_id: d.event_id,
        event_type: d.event_type,
        message_id: d.message_id.clone(),
        status: d.status,
        attempts: d.attempts,
        next_attempt_at: (d.status == DeliveryStatus::Pending).then_some(d.next_attempt_at),
        last_status_code: d.last_status_code,
        last_error: d.last_error.clone(),
        last_attempt_at: d.last_attempt_at,
        delivered_at: d.delivered_at,
        created_at: d.created_at,
    }
}

fn field(field: &str, code: FieldCode, message: &str) -> FieldError {
    FieldError {
        field: field.to_owned(),
        code,
        message: message.to_owned(),
    }
}

/// A fresh salt for an endpoint's secret: 16 random bytes, base64.
fn new_salt() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A subscription's fields once checked: the URL trimmed, the events without repeats.
struct Checked {
    url: String,
    description: String,
    events: Vec<EventType>,
}

impl App {
    async fn check_request(&self, req: &WebhookRequest) -> Result<Checked, AppError> {
        let mut errors = Vec::new();
        let allow_private = self.webhook_settings.allow_private;
        if let Err(r) = target::check(&req.url, allow_private).await {
            errors.push(field("url", r.code(), r.message_fr()));
        }
        let description = req.description.trim().to_owned();
        if description.chars().count() > DESCRIPTION_MAX {
            errors.push(field(
                "description",
                FieldCode::TooLong,
                "200 caractères au plus.",
            ));
        } else if description.chars().any(char::is_control) {
            errors.push(field(
                "description",
                FieldCode::InvalidCharacters,
                "Une seule ligne, sans caractère de contrôle.",
            ));
        }
        let mut events = req.events.clone();
        events.sort();
        events.dedup();
        if events.is_empty() {
            errors.push(field(
                "events",
                FieldCode::Required,
                "Choisissez au moins un type d'événement.",
            ));
        }
        if !errors.is_empty() {
            return Err(AppError::Validation(errors));
        }
        Ok(Checked {
            url: req.url.trim().to_owned(),
            description,
            events,
        })
    }

    async fn own_endpoint(&self, actor: &Actor, id: i64) -> Result<Endpoint, AppError> {
        journal_scope(actor)?;
        store::find_of_user(&self.db.conn, actor.user_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// `GET /webhooks`: the caller's subscriptions.
    pub async fn list_webhooks(&self, actor: &Actor) -> Result<Vec<WebhookView>, AppError> {
        journal_scope(actor)?;
        Ok(store::of_user(&self.db.conn, actor.user_id)
            .await?
            .iter()
            .map(view)
            .collect())
    }

    /// `POST /webhooks`: subscribes the caller; the secret is in this answer only.
    pub async fn create_webhook(
        &self,
        actor: &Actor,
        req: &WebhookRequest,
        meta: &RequestMeta,
    ) -> Result<WebhookCreated, AppError> {
        let scope = journal_scope(actor)?;
        let c = self.check_request(req).await?;
        let (organisation_id, funder_id) = match scope {
            JournalScope::Organisation(o) => (Some(o), actor.funder_id),
            JournalScope::Funder(f) => (None, Some(f)),
        };
        let salt = new_salt();
        let secret = self.webhook_secret(&salt);
        let unit = self.unit().await?;
        let held = store::count_of_user(unit.tx(), actor.user_id).await?;
        if held >= MAX_ENDPOINTS_PER_USER as u64 {
            return Err(AppError::Validation(vec![field(
                "url",
                FieldCode::TooManyWebhooks,
                "10 webhooks au plus par utilisateur : supprimez-en un d'abord.",
            )]));
        }
        let e = store::insert(
            unit.tx(),
            NewEndpoint {
                user_id: actor.user_id,
                organisation_id,
                funder_id,
                url: c.url,
                description: c.description,
                events: c.events,
                secret_salt: salt,
            },
            unit.now(),
        )
        .await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::WebhookCreated, e.id)
                .from(meta)
                .data(json!({ "url": e.url, "events": e.events })),
        )
        .await?;
        unit.commit().await?;
        Ok(WebhookCreated {
            webhook: view(&e),
            secret,
        })
    }

    /// `PUT /webhooks/{id}`: replaces URL, events, description and whether it is enabled.
    pub async fn update_webhook(
        &self,
        actor: &Actor,
        id: i64,
        req: &WebhookRequest,
        meta: &RequestMeta,
    ) -> Result<WebhookView, AppError> {
        self.own_endpoint(actor, id).await?;
        let c = self.check_request(req).await?;
        let unit = self.unit().await?;
        store::update(
            unit.tx(),
            id,
            &c.url,
            &c.description,
            &c.events,
            req.enabled,
            unit.now(),
        )
        .await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::WebhookUpdated, id)
                .from(meta)
                .data(json!({ "url": c.url, "events": c.events, "enabled": req.enabled })),
        )
        .await?;
        unit.commit().await?;
        let e = store::find(&self.db.conn, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(view(&e))
    }

    /// `DELETE /webhooks/{id}`: removes the subscription and its deliveries.
    pub async fn delete_webhook(
        &self,
        actor: &Actor,
        id: i64,
        meta: &RequestMeta,
    ) -> Result<(), AppError> {
        let e = self.own_endpoint(actor, id).await?;
        let unit = self.unit().await?;
        store::delete(unit.tx(), id).await?;
        unit.audit(
            actor,
            Audit::of(AuditAction::WebhookDeleted, id)
                .from(meta)
                .data(json!({ "url": e.url })),
        )
        .await?;
        unit.commit().await
    }

    /// `GET /webhooks/{id}/deliveries?before=&limit=`: newest first.
    pub async fn webhook_deliveries(
        &self,
        actor: &Actor,
        id: i64,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<DeliveryView>, AppError> {
        self.own_endpoint(actor, id).await?;
        let limit = limit.clamp(1, DELIVERIES_PAGE_MAX);
        Ok(store::deliveries_of(&self.db.conn, id, before, limit)
            .await?
            .iter()
            .map(delivery_view)
            .collect())
    }

    /// `POST /webhooks/{id}/deliveries/{delivery_id}/retry`: due again now, with ten fresh
    /// attempts (a delivered one is sent again too: receivers dedupe on `webhook-id`).
    pub async fn retry_webhook_delivery(
        &self,
        actor: &Actor,
        id: i64,
        delivery_id: i64,
    ) -> Result<DeliveryView, AppError> {
        self.own_endpoint(actor, id).await?;
        store::find_delivery(&self.db.conn, id, delivery_id)
            .await?
            .ok_or(AppError::NotFound)?;
        store::retry_now(&self.db.conn, delivery_id, self.clock.now()).await?;
        self.webhook_wakeup.notify_one();
        let d = store::find_delivery(&self.db.conn, id, delivery_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(delivery_view(&d))
    }

    /// `POST /webhooks/{id}/ping`: queues a `webhook.ping` delivery, to try the receiver.
    pub async fn ping_webhook(&self, actor: &Actor, id: i64) -> Result<DeliveryView, AppError> {
        let e = self.own_endpoint(actor, id).await?;
        let now = self.clock.now();
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let message_id = format!("msg_ping_{}", hex::encode(nonce));
        let body = json!({
            "type": "webhook.ping",
            "timestamp": now,
            "data": { "webhook_id": e.id, "message": "Réalis teste ce webhook." },
        })
        .to_string();
        let delivery_id = store::enqueue(
            &self.db.conn,
            NewDelivery {
                endpoint_id: e.id,
                event_id: None,
                message_id,
                event_type: None,
                payload: body,
            },
            now,
        )
        .await?;
        self.webhook_wakeup.notify_one();
        let d = store::find_delivery(&self.db.conn, id, delivery_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(delivery_view(&d))
    }
}
