//! The API's rate limits (issue #12, part 5): requests per minute per API key
//! (`REALIS_API_KEY_RATE_LIMIT`, default 600) and per person's session
//! (`REALIS_USER_RATE_LIMIT`, default 1200), in fixed one-minute windows shared by every
//! instance through the database's throttle counters.
//!
//! A database write per request would cost more than most requests. So each instance counts
//! in memory, exactly, and adds its count to the shared counter at most every
//! [`SYNC_EVERY`] (or as soon as it holds a twentieth of the limit), reading back what every
//! instance counted. One instance alone never lets a request past the limit; with several,
//! each may overshoot by what it served since its last sync (bounded by the twentieth).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration as StdDuration, Instant};

use chrono::{DateTime, Utc};
use realis_domain::throttle::{self as limits, Counter};

use crate::{Actor, App, AppError};

/// How often an instance adds its counts to the shared counters.
pub const SYNC_EVERY: StdDuration = StdDuration::from_secs(1);

/// The limits, from the configuration; 0 turns a limit off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_key_per_minute: u32,
    pub per_user_per_minute: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            per_key_per_minute: realis_domain::api_key::DEFAULT_REQUESTS_PER_MINUTE,
            per_user_per_minute: 1200,
        }
    }
}

/// What the `RateLimit-Policy` and `RateLimit` headers say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quota {
    /// `key` or `user`: the policy's name.
    pub policy: &'static str,
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the window ends.
    pub reset: u64,
}

#[derive(Debug)]
struct Local {
    window: DateTime<Utc>,
    /// Served here and not yet added to the shared counter.
    pending: u32,
    /// The shared count at the last sync (every instance's).
    shared: u32,
    synced: Instant,
}

/// Each instance's counts (cheap to clone: shared).
#[derive(Debug, Clone, Default)]
pub struct RateCounts(Arc<Mutex<HashMap<String, Local>>>);

/// What to do after counting locally.
enum Step {
    Refuse(Quota),
    Serve(Quota),
    Sync(Quota, u32, DateTime<Utc>),
}

impl App {
    /// The policy that applies to `actor` (`key` or `user`) and its limit per minute.
    pub fn rate_policy(&self, actor: &Actor) -> (&'static str, u32) {
        match &actor.key {
            Some(_) => ("key", self.rate_limits.per_key_per_minute),
            None => ("user", self.rate_limits.per_user_per_minute),
        }
    }

    /// Counts the request of `actor` against its limit: the quota left, or 429 with
    /// `Retry-After` (the end of the minute). `None` when the limit is off.
    pub async fn rate_check(&self, actor: &Actor) -> Result<Option<Quota>, AppError> {
        let (policy, limit) = self.rate_policy(actor);
        let subject = match &actor.key {
            Some(k) => format!("rate:key:{}", k.id),
            None => format!("rate:user:{}", actor.user_id),
        };
        if limit == 0 {
            return Ok(None);
        }
        let now = self.clock.now();
        let (window, reset) = limits::minute_window(now);
        let step = self.count_locally(&subject, policy, limit, window, reset);
        match step {
            Step::Refuse(q) => Err(AppError::RateLimited {
                retry_after: q.reset.max(1),
            }),
            Step::Serve(q) => Ok(Some(q)),
            Step::Sync(q, n, window) => {
                let shared = limits_store_add(self, &subject, n, window, now).await;
                let mut counts = self.rate_counts.0.lock().unwrap_or_else(|e| e.into_inner());
                if let Some(local) = counts.get_mut(&subject)
                    && local.window == window
                {
                    match shared {
                        Ok(total) => local.shared = local.shared.max(total),
                        // The database failed: keep the count to add it next time.
                        Err(_) => {
                            local.shared = local.shared.saturating_sub(n);
                            local.pending += n;
                        }
                    }
                }
                Ok(Some(q))
            }
        }
    }

    fn count_locally(
        &self,
        subject: &str,
        policy: &'static str,
        limit: u32,
        window: DateTime<Utc>,
        reset: u64,
    ) -> Step {
        let mut counts = self.rate_counts.0.lock().unwrap_or_else(|e| e.into_inner());
        if counts.len() > 100_000 {
            counts.retain(|_, l| l.window == window);
        }
        let local = counts.entry(subject.to_owned()).or_insert(Local {
            window,
            pending: 0,
            shared: 0,
            synced: Instant::now(),
        });
        if local.window != window {
            *local = Local {
                window,
                pending: 0,
                shared: 0,
                synced: Instant::now(),
            };
        }
        let used = local.shared + local.pending;
        if used >= limit {
            return Step::Refuse(Quota {
                policy,
                limit,
                remaining: 0,
                reset,
            });
        }
        local.pending += 1;
        let quota = Quota {
            policy,
            limit,
            remaining: limit - used - 1,
            reset,
        };
        let batch = (limit / 20).max(1);
        if local.pending >= batch || local.synced.elapsed() >= SYNC_EVERY {
            let n = std::mem::take(&mut local.pending);
            local.shared += n;
            local.synced = Instant::now();
            return Step::Sync(quota, n, window);
        }
        Step::Serve(quota)
    }
}

/// Adds `n` to the shared counter of `subject` for `window`; the total of every instance.
async fn limits_store_add(
    app: &App,
    subject: &str,
    n: u32,
    window: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<u32, AppError> {
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    let c: Counter = realis_store::throttle::reserve(&app.db, subject, now, |c| {
        Ok(limits::add_to_window(c, window, n))
    })
    .await?
    .unwrap_or_else(|_| Counter::fresh(now));
    Ok(u32::try_from(c.count).unwrap_or(0))
}
