//! The webhook sender: claims due deliveries (leased, so that with several instances each
//! attempt is made once), signs them (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
//! `webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>`), POSTs them to the
//! addresses checked with a 10 s timeout, and records the answer: delivered, tried again on the
//! schedule of [`realis_domain::webhook::retry_delay`], or given up. A 410 disables the
//! subscription; so do five days without a success, and its owner is e-mailed.

use std::time::Duration as StdDuration;

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use realis_domain::audit::AuditAction;
use realis_domain::webhook::{
    Answer, DISABLE_AFTER, DeliveryStatus, DisabledReason, TIMEOUT_SECONDS, retry_delay,
};
use realis_mail::{WebhookDisabled, WebhookDisabledBecause};
use realis_store::webhooks::{self as store, Delivery, Endpoint};
use serde_json::json;
use sha2::Sha256;

use super::target;
use crate::unit::{Audit, By};
use crate::{App, AppError};

/// How long a claimed delivery stays with its sender (longer than the timeout).
const LEASE: Duration = Duration::seconds(60);
/// Deliveries claimed per pass.
const BATCH: u64 = 20;

/// The `webhook-signature` of `body` sent as message `id` at `timestamp` (Unix seconds), with
/// the `whsec_…` secret: `v1,` + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), the key
/// being the base64-decoded part after `whsec_`.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let raw = secret.strip_prefix("whsec_").unwrap_or(secret);
    let key = base64::engine::general_purpose::STANDARD
        .decode(raw)
        .unwrap_or_else(|_| raw.as_bytes().to_vec());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).expect("HMAC takes any key length");
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// One POST: the status of the answer, or why none came.
async fn post(
    endpoint: &Endpoint,
    secret: &str,
    d: &Delivery,
    allow_private: bool,
    at: DateTime<Utc>,
) -> Result<u16, String> {
    let t = target::check(&endpoint.url, allow_private)
        .await
        .map_err(|r| r.code().code().to_owned())?;
    // reqwest's rustls has no crypto provider of its own; without one it panics building a
    // client. Installing ring's once is a no-op when the binary already did.
    static PROVIDER: std::sync::Once = std::sync::Once::new();
    PROVIDER.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    let client = reqwest::Client::builder()
        .timeout(StdDuration::from_secs(TIMEOUT_SECONDS))
        .redirect(reqwest::redirect::Policy::none())
        .resolve_to_addrs(&t.host, &t.addrs)
        .user_agent("Realis-Webhooks/1.0")
        .build()
        .map_err(|e| e.to_string())?;
    let ts = at.timestamp();
    let res = client
        .post(t.url)
        .header("content-type", "application/json")
        .header("webhook-id", &d.message_id)
        .header("webhook-timestamp", ts.to_string())
        .header(
            "webhook-signature",
            signature(secret, &d.message_id, ts, &d.payload),
        )
        .body(d.payload.clone())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                format!("timeout after {TIMEOUT_SECONDS} s")
            } else {
                e.without_url().to_string()
            }
        })?;
    Ok(res.status().as_u16())
}

impl App {
    /// Sends what is due; returns how many were delivered.
    pub async fn deliver_due_webhooks(&self) -> Result<usize, AppError> {
        let due = store::claim_due(&self.db.conn, self.clock.now(), LEASE, BATCH).await?;
        let mut delivered = 0;
        for d in due {
            if self.attempt(d).await? {
                delivered += 1;
            }
        }
        Ok(delivered)
    }

    async fn attempt(&self, d: Delivery) -> Result<bool, AppError> {
        let Some(endpoint) = store::find(&self.db.conn, d.endpoint_id).await? else {
            return Ok(false);
        };
        let now = self.clock.now();
        if !endpoint.enabled {
            store::mark_attempt(
                &self.db.conn,
                d.id,
                None,
                Some("webhook disabled"),
                DeliveryStatus::Failed,
                now,
                now,
            )
            .await?;
            return Ok(false);
        }
        let secret = self.webhook_secret(&endpoint.secret_salt);
        let answer = post(
            &endpoint,
            &secret,
            &d,
            self.webhook_settings.allow_private,
            now,
        )
        .await;
        let now = self.clock.now();
        let (code, error) = match &answer {
            Ok(code) => (Some(*code), None),
            Err(e) => (None, Some(e.as_str())),
        };
        match code.map(Answer::of_status) {
            Some(Answer::Delivered) => {
                store::mark_attempt(
                    &self.db.conn,
                    d.id,
                    code,
                    None,
                    DeliveryStatus::Delivered,
                    now,
                    now,
                )
                .await?;
                store::record_outcome(&self.db.conn, endpoint.id, true, now).await?;
                Ok(true)
            }
            Some(Answer::Gone) => {
                store::mark_attempt(
                    &self.db.conn,
                    d.id,
                    code,
                    None,
                    DeliveryStatus::Failed,
                    now,
                    now,
                )
                .await?;
                self.disable_webhook(&endpoint, DisabledReason::Gone)
                    .await?;
                Ok(false)
            }
            Some(Answer::Failed) | None => {
                let next = retry_delay(d.attempts + 1, self.webhook_settings.retry_base_seconds);
                let (status, at) = match next {
                    Some(delay) => (DeliveryStatus::Pending, now + delay),
                    None => (DeliveryStatus::Failed, now),
                };
                store::mark_attempt(&self.db.conn, d.id, code, error, status, at, now).await?;
                store::record_outcome(&self.db.conn, endpoint.id, false, now).await?;
                if endpoint
                    .failing_since
                    .is_some_and(|since| now - since >= DISABLE_AFTER)
                {
                    self.disable_webhook(&endpoint, DisabledReason::Failing)
                        .await?;
                }
                Ok(false)
            }
        }
    }

    /// Disables the subscription (once, whichever instance gets there first), gives up its
    /// pending deliveries, audits it and e-mails its owner.
    async fn disable_webhook(
        &self,
        endpoint: &Endpoint,
        reason: DisabledReason,
    ) -> Result<(), AppError> {
        let owner = realis_store::users::find_by_id(&self.db.conn, endpoint.user_id).await?;
        let mut unit = self.unit().await?;
        if !store::disable(unit.tx(), endpoint.id, reason, unit.now()).await? {
            return Ok(());
        }
        store::fail_pending_of(unit.tx(), endpoint.id, "webhook disabled").await?;
        unit.audit_by(
            By::Platform,
            Audit::of(AuditAction::WebhookDisabled, endpoint.id)
                .data(json!({ "url": endpoint.url, "reason": reason.as_str() })),
        )
        .await?;
        if let Some(owner) = owner {
            let mail = WebhookDisabled {
                recipient_name: owner.display_name.clone(),
                url: endpoint.url.clone(),
                because: match reason {
                    DisabledReason::Gone => WebhookDisabledBecause::Gone,
                    _ => WebhookDisabledBecause::Failing,
                },
                link: format!("{}/developpeurs", self.settings.public_url),
            }
            .render();
            unit.mail(&owner.email, mail).await?;
        }
        unit.commit().await
    }

    /// Runs the sender forever: on wake-up after a commit that queued deliveries, and every
    /// `poll` otherwise (retries, other instances' events).
    pub async fn run_webhook_sender(self, poll: StdDuration) {
        loop {
            // A pass runs in its own task, so that a panic in it (a library's) ends that pass,
            // not the sender: the leased deliveries are taken up again when the lease ends.
            let app = self.clone();
            match tokio::spawn(async move { app.deliver_due_webhooks().await }).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::warn!(error = %e, "webhook pass failed"),
                Err(e) => tracing::error!(error = %e, "webhook pass panicked"),
            }
            tokio::select! {
                _ = self.webhook_wakeup.notified() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification (its reference libraries' test).
    #[test]
    fn signs_as_the_standard_webhooks_reference() {
        let sig = signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1_614_265_330,
            r#"{"test": 2432232314}"#,
        );
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }
}
