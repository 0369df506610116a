//! Budgets of attempts (QUALITY S2, S9, S10): login throttling per account and per address, and
//! the rate limits of the API. Pure decisions over a counter: the store reserves atomically (it
//! locks the counter, asks one of these functions, writes the answer), so a budget holds under
//! parallel requests.

use chrono::{DateTime, Duration, Utc};

/// A counter as stored: hits in the current window, when the window started, and until when
/// further hits wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub count: i32,
    pub window_start: DateTime<Utc>,
    pub blocked_until: Option<DateTime<Utc>>,
}

impl Counter {
    /// A counter nobody has hit yet.
    pub fn fresh(now: DateTime<Utc>) -> Counter {
        Counter {
            count: 0,
            window_start: now,
            blocked_until: None,
        }
    }
}

/// A refused hit: how long to wait, in whole seconds (at least 1), for `Retry-After`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wait(pub u64);

fn wait_until(until: DateTime<Utc>, now: DateTime<Utc>) -> Wait {
    Wait(
        u64::try_from((until - now).num_seconds())
            .unwrap_or(0)
            .max(1),
    )
}

/// At most `limit` hits per `window`, counted from the window's first hit.
pub fn hit_window(
    c: Counter,
    now: DateTime<Utc>,
    limit: i32,
    window: Duration,
) -> Result<Counter, Wait> {
    if now - c.window_start >= window || c.count <= 0 {
        return Ok(Counter {
            count: 1,
            window_start: now,
            blocked_until: None,
        });
    }
    if c.count >= limit {
        return Err(wait_until(c.window_start + window, now));
    }
    Ok(Counter {
        count: c.count + 1,
        ..c
    })
}

/// Gives back a hit that turned out not to count (a login that succeeded, for the address).
pub fn refund(c: Counter) -> Counter {
    Counter {
        count: (c.count - 1).max(0),
        ..c
    }
}

/// Attempts on one account that are free in an hour; then each further one waits (S2).
pub const ACCOUNT_FREE_ATTEMPTS: i32 = 5;
/// Failed attempts one address may make per minute (S2).
pub const ADDRESS_ATTEMPTS_PER_MINUTE: i32 = 20;
/// An address that logged in to an account stays known to it this long (see [`reserve_login`]).
pub const KNOWN_ADDRESS_DAYS: i64 = 30;

/// The wait after the n-th attempt on an account: none for the first five, then 30 s doubling,
/// capped at 15 minutes.
pub fn account_delay(attempts: i32) -> Option<Duration> {
    if attempts < ACCOUNT_FREE_ATTEMPTS {
        return None;
    }
    let exp = u32::try_from(attempts - ACCOUNT_FREE_ATTEMPTS)
        .unwrap_or(0)
        .min(5);
    Some(Duration::seconds((30i64 << exp).min(900)))
}

/// Reserves one login attempt on an account, before the password is checked.
///
/// The count covers attempts that failed and attempts still being checked, within an hour of the
/// first; a success clears it. So of 100 simultaneous guesses exactly five are evaluated, and the
/// sixth waits 30 s. A login from an address that recently succeeded on the account has a budget
/// of its own (the caller picks the counter), so guesses from elsewhere cannot lock the real user
/// out (OWASP: account lockout must not become a denial of service).
pub fn reserve_login(c: Counter, now: DateTime<Utc>) -> Result<Counter, Wait> {
    if let Some(until) = c.blocked_until
        && until > now
    {
        return Err(wait_until(until, now));
    }
    let (count, window_start) = if now - c.window_start >= Duration::hours(1) || c.count <= 0 {
        (1, now)
    } else {
        (c.count + 1, c.window_start)
    };
    Ok(Counter {
        count,
        window_start,
        blocked_until: account_delay(count).map(|d| now + d),
    })
}

/// Whether an account's attempts just reached the point where the user is alerted by e-mail.
pub fn alert_after(c: Counter) -> bool {
    c.count == ACCOUNT_FREE_ATTEMPTS
}

/// The minute a request falls in, for the API's rate limits (fixed windows, so that every
/// instance counts into the same one): its start, and the seconds left until the next.
pub fn minute_window(now: DateTime<Utc>) -> (DateTime<Utc>, u64) {
    let secs = now.timestamp();
    let start = secs - secs.rem_euclid(60);
    let left = u64::try_from(start + 60 - secs).unwrap_or(60);
    (DateTime::from_timestamp(start, 0).unwrap_or(now), left)
}

/// A shared rate-limit counter after an instance adds `n` requests of the window starting at
/// `window_start` (a counter of an older window starts again from `n`).
pub fn add_to_window(c: Counter, window_start: DateTime<Utc>, n: i32) -> Counter {
    if c.window_start == window_start && c.count > 0 {
        Counter {
            count: c.count.saturating_add(n),
            ..c
        }
    } else {
        Counter {
            count: n,
            window_start,
            blocked_until: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
            .single()
            .expect("date")
    }

    #[test]
    fn the_account_delay_grows_after_five_attempts_and_is_capped() {
        assert_eq!(account_delay(4), None);
        assert_eq!(account_delay(5), Some(Duration::seconds(30)));
        assert_eq!(account_delay(6), Some(Duration::seconds(60)));
        assert_eq!(account_delay(7), Some(Duration::seconds(120)));
        assert_eq!(account_delay(30), Some(Duration::seconds(900)));
    }

    #[test]
    fn five_login_attempts_pass_then_the_sixth_waits_thirty_seconds() {
        let mut c = Counter::fresh(t0());
        for n in 1..=5 {
            c = reserve_login(c, t0()).expect("free attempt");
            assert_eq!(c.count, n);
        }
        assert!(alert_after(c));
        assert_eq!(reserve_login(c, t0()), Err(Wait(30)));
        let later = t0() + Duration::seconds(30);
        let c = reserve_login(c, later).expect("after the wait");
        assert_eq!(c.blocked_until, Some(later + Duration::seconds(60)));
    }

    #[test]
    fn an_hour_after_the_first_attempt_the_count_starts_again() {
        let mut c = Counter::fresh(t0());
        for _ in 0..4 {
            c = reserve_login(c, t0()).expect("ok");
        }
        let c = reserve_login(c, t0() + Duration::hours(1)).expect("ok");
        assert_eq!((c.count, c.blocked_until), (1, None));
    }

    #[test]
    fn a_window_allows_its_limit_then_says_when_it_reopens() {
        let mut c = Counter::fresh(t0());
        for _ in 0..30 {
            c = hit_window(c, t0() + Duration::seconds(10), 30, Duration::minutes(1)).expect("ok");
        }
        assert_eq!(
            hit_window(c, t0() + Duration::seconds(20), 30, Duration::minutes(1)),
            Err(Wait(50))
        );
        let c = hit_window(c, t0() + Duration::seconds(70), 30, Duration::minutes(1)).expect("new");
        assert_eq!(c.count, 1);
        assert_eq!(refund(refund(c)).count, 0);
    }

    #[test]
    fn rate_windows_are_whole_minutes_shared_by_every_instance() {
        let (start, left) = minute_window(t0() + Duration::seconds(75));
        assert_eq!(start.timestamp() % 60, 0);
        assert!((1..=60).contains(&left));
        let c = add_to_window(Counter::fresh(t0()), start, 3);
        assert_eq!((c.count, c.window_start), (3, start));
        assert_eq!(add_to_window(c, start, 2).count, 5);
        let next = start + Duration::minutes(1);
        assert_eq!(add_to_window(c, next, 1).count, 1);
    }
}
