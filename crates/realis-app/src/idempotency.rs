//! Safe retries (issue #12, part 2): the claims of `Idempotency-Key`s, per user, kept 24 h.
//! The HTTP side (which requests, the request hash, what is replayed) is the server's
//! middleware; this file gives it the clock and the store.

use chrono::Duration;
use rand::RngCore;
use realis_store::idempotency::{self, ClaimRequest};

pub use realis_store::idempotency::{Claim, Lease, StoredAnswer};

use crate::{Actor, App, AppError};

/// How long a key and its answer are kept.
pub const KEPT_FOR: Duration = Duration::hours(24);

/// A claim still running after this long is abandoned (its process stopped without releasing
/// it): a retry may take it over. Far beyond any request's own work (the body is read before
/// the claim).
pub const ABANDONED_AFTER: Duration = Duration::minutes(5);

impl App {
    /// Claims `key` for the actor's request hashed `request_hash`.
    pub async fn claim_idempotency_key(
        &self,
        actor: &Actor,
        key: &str,
        request_hash: &str,
    ) -> Result<Claim, AppError> {
        let now = self.clock.now();
        let mut owner = [0u8; 16];
        rand::rng().fill_bytes(&mut owner);
        let owner = hex::encode(owner);
        Ok(idempotency::claim(
            &self.db.conn,
            &ClaimRequest {
                key,
                user_id: actor.user_id,
                request_hash,
                owner: &owner,
                now,
                expires_at: now + KEPT_FOR,
                abandoned_before: now - ABANDONED_AFTER,
            },
        )
        .await?)
    }

    /// Keeps the answer of the request holding `lease`, for its retries.
    pub async fn complete_idempotency_key(
        &self,
        lease: &Lease,
        answer: &StoredAnswer,
    ) -> Result<(), AppError> {
        if !idempotency::complete(&self.db.conn, lease, answer).await? {
            tracing::warn!(key = %lease.key, "idempotency claim lost before its answer was kept");
        }
        Ok(())
    }

    /// Gives the key back: a retry runs the request again.
    pub async fn release_idempotency_key(&self, lease: &Lease) -> Result<(), AppError> {
        Ok(idempotency::release(&self.db.conn, lease).await?)
    }

    /// Deletes the keys older than [`KEPT_FOR`]; returns how many.
    pub async fn purge_idempotency_keys(&self) -> Result<u64, AppError> {
        Ok(idempotency::purge_expired(&self.db.conn, self.clock.now()).await?)
    }
}
