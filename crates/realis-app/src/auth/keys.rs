//! The actor behind an API key (`Authorization: Bearer rls_…`): the key's user, narrowed by the
//! key's scopes. A key stops at once when it is deleted, expires, or its user is disabled (or
//! its OF deactivated); used from outside its allow-list it answers `address_not_allowed`.

use std::net::IpAddr;

use chrono::Duration;
use realis_domain::api_key;
use realis_store::api_keys;

use super::actor::KeyGrant;
use crate::{Actor, App, AppError};

/// The purpose the key hashing API keys is drawn from the server secret for.
pub const API_KEY_HASH_PURPOSE: &str = "api-key-hash";

/// A use is recorded at most once a minute per key and address (a write per request would cost
/// more than the request).
const TOUCH_EVERY: Duration = Duration::seconds(60);

impl App {
    /// The keyed hash an API key is found by: hex HMAC-SHA256 with a key drawn from the server
    /// secret, so that the database alone neither holds nor confirms a key.
    pub fn api_key_hash(&self, key: &str) -> String {
        hex::encode(self.jwt.keyed_hash(API_KEY_HASH_PURPOSE, key.as_bytes()))
    }

    /// Checks an API key sent from `ip` and returns the actor it acts as.
    pub async fn authenticate_key(&self, key: &str, ip: Option<IpAddr>) -> Result<Actor, AppError> {
        if !api_key::is_well_formed(key) {
            return Err(AppError::InvalidToken);
        }
        let now = self.clock.now();
        let found = api_keys::find_by_hash(&self.db.conn, &self.api_key_hash(key))
            .await?
            .filter(|k| k.revoked_at.is_none() && k.expires_at > now)
            .ok_or(AppError::InvalidToken)?;
        // The key's owner as the session tokens read it (cached a few seconds): a key holds no
        // token version, so any cached state will do.
        let owner = self.cached_account(found.user_id, i32::MIN, now).await?;
        if owner.disabled {
            return Err(AppError::InvalidToken);
        }
        if !owner.organisation_active {
            return Err(AppError::OrganisationDisabled);
        }
        if !api_key::address_allowed(&found.allowed_ips, ip) {
            return Err(AppError::AddressNotAllowed);
        }
        let ip_text = ip.map(|ip| ip.to_string());
        let stale = found.last_used_at.is_none_or(|t| now - t >= TOUCH_EVERY);
        if stale || found.last_used_ip != ip_text {
            api_keys::touch(&self.db.conn, found.id, now, ip_text).await?;
        }
        let mut actor = owner.actor;
        actor.key = Some(KeyGrant {
            id: found.id,
            scopes: found.scopes,
        });
        Ok(actor)
    }
}
