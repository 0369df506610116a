//! A bounded, short-lived cache of what a session token is checked against (QUALITY P1): the
//! account's token version, whether it is disabled, its role and whether its organisation is
//! active. Without it every request read the user and, for an OF user, the organisation before
//! doing its own work.
//!
//! Revocation stays effective: on this instance at once (the use cases that bump a token
//! version or deactivate an organisation forget the entry after their commit), on every other
//! instance within the cache's lifetime (`REALIS_TOKEN_CACHE_SECONDS`, 5 s by default, 0 turns it
//! off). A token newer than the cached version (issued after a password change) reloads the
//! account instead of being refused.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::Actor;

/// Entries kept at most; beyond it, expired ones are dropped, then everything.
const MAX_ENTRIES: usize = 100_000;

/// What a token is checked against, as read from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountState {
    pub token_version: i32,
    pub disabled: bool,
    /// The stored role's name (a token names its role).
    pub role: &'static str,
    /// `false` for a user of a deactivated organisation.
    pub organisation_active: bool,
    /// The actor the token stands for once checked.
    pub actor: Actor,
}

#[derive(Debug)]
struct Entry {
    read_at: DateTime<Utc>,
    state: AccountState,
}

/// Each instance's cache (cheap to clone: shared).
#[derive(Debug, Clone)]
pub struct TokenCache {
    ttl: Duration,
    entries: Arc<Mutex<HashMap<i64, Entry>>>,
}

impl Default for TokenCache {
    fn default() -> Self {
        TokenCache::new(Duration::from_secs(5))
    }
}

impl TokenCache {
    /// A cache keeping each account for `ttl` (zero: no caching).
    pub fn new(ttl: Duration) -> TokenCache {
        TokenCache {
            ttl,
            entries: Arc::default(),
        }
    }

    /// How long an entry is trusted.
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Entry>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn fresh(&self, e: &Entry, now: DateTime<Utc>) -> bool {
        let age = now.signed_duration_since(e.read_at);
        age >= chrono::Duration::zero() && age.to_std().is_ok_and(|a| a < self.ttl)
    }

    /// The account of `user_id` if read less than `ttl` before `now` (the application's clock).
    pub fn get(&self, user_id: i64, now: DateTime<Utc>) -> Option<AccountState> {
        if self.ttl.is_zero() {
            return None;
        }
        let entries = self.lock();
        entries
            .get(&user_id)
            .filter(|e| self.fresh(e, now))
            .map(|e| e.state.clone())
    }

    /// Keeps what was just read from the database at `now`.
    pub fn put(&self, user_id: i64, state: AccountState, now: DateTime<Utc>) {
        if self.ttl.is_zero() {
            return;
        }
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| self.fresh(e, now));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            user_id,
            Entry {
                read_at: now,
                state,
            },
        );
    }

    /// Forgets one account (its password changed, it was disabled).
    pub fn forget(&self, user_id: i64) {
        self.lock().remove(&user_id);
    }

    /// Forgets every account (an organisation was deactivated or reactivated).
    pub fn forget_all(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use realis_domain::Role;

    fn state(version: i32) -> AccountState {
        AccountState {
            token_version: version,
            disabled: false,
            role: "organisation",
            organisation_active: true,
            actor: Actor {
                user_id: 1,
                role: Role::Organisation,
                funder_id: None,
                organisation_id: Some(2),
                key: None,
            },
        }
    }

    fn t(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000 + secs, 0).unwrap_or_default()
    }

    #[test]
    fn an_entry_lives_for_the_ttl_and_is_forgotten_on_demand() {
        let cache = TokenCache::new(Duration::from_secs(5));
        cache.put(1, state(3), t(0));
        assert_eq!(cache.get(1, t(4)).map(|s| s.token_version), Some(3));
        assert_eq!(cache.get(1, t(5)), None, "expired");
        assert_eq!(
            cache.get(1, t(-1)),
            None,
            "a clock gone back trusts nothing"
        );
        cache.forget(1);
        assert_eq!(cache.get(1, t(0)), None);
        cache.put(2, state(4), t(0));
        cache.forget_all();
        assert_eq!(cache.get(2, t(0)), None);
    }

    #[test]
    fn a_zero_ttl_caches_nothing() {
        let cache = TokenCache::new(Duration::ZERO);
        cache.put(1, state(3), t(0));
        assert_eq!(cache.get(1, t(0)), None);
    }

    #[test]
    fn the_cache_is_bounded() {
        let cache = TokenCache::new(Duration::from_secs(60));
        for id in 0..(MAX_ENTRIES as i64 + 10) {
            cache.put(id, state(1), t(0));
        }
        assert!(cache.lock().len() <= MAX_ENTRIES);
        assert!(
            cache.get(MAX_ENTRIES as i64 + 9, t(0)).is_some(),
            "the newest kept"
        );
    }
}
