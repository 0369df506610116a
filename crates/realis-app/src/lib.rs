//! Use cases of Réalis: each public function takes the acting user (or an anonymous request),
//! checks authorisation, runs domain rules and store calls in one transaction, queues e-mails
//! in the outbox, and returns API types or an [`AppError`].
//!
//! Knows nothing of HTTP (that is `realis-server`); holds no SQL (that is `realis-store`) and no
//! business rule (that is `realis-domain`).

pub mod access;
pub mod accounts;
pub mod api_keys;
pub mod audit_trail;
pub mod auth;
pub mod backoffice;
pub mod certification;
pub mod clock;
pub mod conversations;
pub mod dashboard;
pub mod demo;
pub mod designations;
pub mod documents;
pub mod dossiers;
pub mod error;
pub mod evidence;
pub mod followup;
pub mod idempotency;
pub mod identity;
pub mod identity_uploads;
pub mod months;
pub mod offboarding;
pub mod organisation_control;
pub mod outbox;
pub mod pdf;
pub mod profile;
pub mod rate_limits;
mod shared;
pub mod trainings;
pub mod unit;
pub mod upload_gate;
pub mod uploads;
pub mod webhooks;

// The paths other crates used before the use cases moved into folders.
pub use auth::{passwords, sessions, tokens};
pub use certification::attachments as month_files;

use std::sync::Arc;

use realis_mail::Mailer;
use realis_store::Database;

pub use auth::{Actor, KeyGrant, RequestMeta};
pub use clock::Clock;
pub use error::AppError;
pub use passwords::HashPool;
pub use tokens::JwtKeys;

/// Settings the use cases need.
#[derive(Clone, Debug)]
pub struct AppSettings {
    /// Base URL of the SPA for links in e-mails, e.g. `http://127.0.0.1:8080`.
    pub public_url: String,
    /// Access token lifetime in seconds (≤ 3600).
    pub token_ttl_seconds: u64,
    /// Lifetimes of browser sessions (refresh tokens).
    pub session: realis_domain::session::SessionPolicy,
}

/// Everything a use case may touch. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub db: Database,
    pub mailer: Mailer,
    pub clock: Clock,
    pub hasher: HashPool,
    pub jwt: Arc<JwtKeys>,
    /// Keys the audit chain (derived from the server secret, kept out of the database).
    pub audit_key: realis_store::audit::ChainKey,
    /// Signs the chain's checkpoints (derived from the server secret for this purpose only).
    pub checkpoint_key: realis_store::chain::CheckpointKey,
    pub settings: AppSettings,
    /// Wakes the outbox sender after a commit that queued mail.
    pub outbox_wakeup: Arc<tokio::sync::Notify>,
    /// Wakes the webhook sender after a commit that queued deliveries.
    pub webhook_wakeup: Arc<tokio::sync::Notify>,
    /// How webhooks are delivered; set after [`App::new`] from the configuration.
    pub webhook_settings: webhooks::WebhookSettings,
    /// Requests per minute per API key and per session; set after [`App::new`].
    pub rate_limits: rate_limits::RateLimits,
    /// This instance's counts toward the rate limits.
    pub rate_counts: rate_limits::RateCounts,
    /// What session tokens are checked against, kept a few seconds; set after [`App::new`].
    pub token_cache: auth::token_cache::TokenCache,
    /// Bounds concurrent PDF renders (CPU-bound, run off the async workers).
    pub pdf_permits: Arc<tokio::sync::Semaphore>,
    /// Bounds concurrent upload cleaning (CPU- and memory-bound, run off the async workers): one
    /// core is left to everything else.
    pub upload_permits: Arc<tokio::sync::Semaphore>,
    /// Work that runs after a request has been answered (see [`App::settle`]).
    pub background: tokio_util::task::TaskTracker,
}

impl App {
    pub fn new(
        db: Database,
        mailer: Mailer,
        clock: Clock,
        hasher: HashPool,
        jwt: JwtKeys,
        settings: AppSettings,
    ) -> App {
        let audit_key = realis_store::audit::ChainKey::new(jwt.derive(tokens::AUDIT_CHAIN_PURPOSE));
        let cores = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        let checkpoint_key =
            realis_store::chain::CheckpointKey::new(jwt.derive(tokens::AUDIT_CHECKPOINT_PURPOSE));
        App {
            audit_key,
            checkpoint_key,
            db,
            mailer,
            clock,
            hasher,
            jwt: Arc::new(jwt),
            settings,
            outbox_wakeup: Arc::new(tokio::sync::Notify::new()),
            webhook_wakeup: Arc::new(tokio::sync::Notify::new()),
            webhook_settings: webhooks::WebhookSettings::default(),
            rate_limits: rate_limits::RateLimits::default(),
            rate_counts: rate_limits::RateCounts::default(),
            token_cache: auth::token_cache::TokenCache::default(),
            pdf_permits: Arc::new(tokio::sync::Semaphore::new(cores)),
            upload_permits: Arc::new(tokio::sync::Semaphore::new(cores.saturating_sub(1).max(1))),
            background: tokio_util::task::TaskTracker::new(),
        }
    }

    /// Waits until the work queued after answers is done (tests, graceful shutdown).
    pub async fn settle(&self) {
        self.background.close();
        self.background.wait().await;
        self.background.reopen();
    }
}
