//! Browser sessions (#8 item 11): how long a refresh credential lives, what a refresh with it may
//! do, and where the SPA may send a user back after signing in.
//!
//! A login opens a *family* of refresh tokens; each refresh spends the presented token and issues
//! its successor (rotation). A token lives [`SessionPolicy::idle`] after its issue (the session
//! ends after that long without a refresh) and never beyond [`SessionPolicy::absolute`] after
//! the login. Presenting a token that was already rotated means two parties hold it: the whole
//! family is revoked (theft detection, OAuth 2.0 Security BCP § 4.14), except within
//! [`SessionPolicy::grace`] of its rotation, where two tabs refreshing at once with the same
//! cookie both receive the same successor.

use chrono::{DateTime, Duration, Utc};

/// Lifetimes of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// A refresh token dies this long after its issue: the session ends after this much
    /// inactivity.
    pub idle: Duration,
    /// No refresh is accepted this long after the login, whatever the activity.
    pub absolute: Duration,
    /// A token rotated less than this long ago answers with its successor instead of revoking
    /// the family (concurrent refreshes from several tabs).
    pub grace: Duration,
}

/// Two hours of inactivity, twelve hours after the login at most (NIST SP 800-63B rev. 4, AAL2:
/// re-authentication at least every 24 h; one working day here), 30 s of grace.
pub const DEFAULT_IDLE_SECONDS: i64 = 2 * 3600;
pub const DEFAULT_ABSOLUTE_SECONDS: i64 = 12 * 3600;
pub const GRACE_SECONDS: i64 = 30;

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::seconds(DEFAULT_IDLE_SECONDS),
            absolute: Duration::seconds(DEFAULT_ABSOLUTE_SECONDS),
            grace: Duration::seconds(GRACE_SECONDS),
        }
    }
}

impl SessionPolicy {
    /// When a token issued at `issued_at` in a family opened at `started_at` dies.
    pub fn expires_at(&self, started_at: DateTime<Utc>, issued_at: DateTime<Utc>) -> DateTime<Utc> {
        (issued_at + self.idle).min(started_at + self.absolute)
    }

    /// Whether a family opened at `started_at` is past its absolute lifetime (its rows may go).
    pub fn family_over(&self, started_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        now >= started_at + self.absolute
    }
}

/// A refresh token as stored: only its keyed hash, its family (the login it descends from), its
/// parent (the token it replaced) and its times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshToken {
    pub id: i64,
    /// The family's id: random, shared by every token of one login (the audit names it).
    pub family: String,
    pub user_id: i64,
    /// The token this one replaced at its rotation (`None`: issued by the login).
    pub parent_id: Option<i64>,
    /// HMAC-SHA256 of the token under a key derived from the server secret, hex.
    pub token_hash: String,
    /// The account's token version when the family was opened.
    pub token_version: i32,
    /// When its family was opened (the login).
    pub started_at: DateTime<Utc>,
    pub issued_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// When it was rotated (spent), if it was.
    pub rotated_at: Option<DateTime<Utc>>,
    /// When its family was revoked, if it was.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// What is known of a presented refresh token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshFacts {
    /// When its family was opened (the login).
    pub started_at: DateTime<Utc>,
    /// When this token was issued.
    pub issued_at: DateTime<Utc>,
    /// When it was rotated (spent), if it was.
    pub rotated_at: Option<DateTime<Utc>>,
    /// Its family was revoked (logout, theft detection, account change).
    pub revoked: bool,
    /// The account is enabled and its token version is the one the family was issued under (a
    /// password change, a reset or a disable bumps it).
    pub account_unchanged: bool,
    /// Its successor exists and is neither rotated nor revoked.
    pub successor_live: bool,
}

/// The answer to a refresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshVerdict {
    /// Spend the token and issue its successor.
    Rotate,
    /// A concurrent refresh rotated it a moment ago: answer with the same successor.
    ReplaySuccessor,
    /// Refuse; `revoke_family` says whether the whole family must die.
    Refuse {
        reason: RefreshRefusal,
        revoke_family: bool,
    },
}

/// Why a refresh is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefreshRefusal {
    /// Logged out, or revoked earlier.
    Revoked,
    /// Idle or absolute lifetime over.
    Expired,
    /// Password changed or reset, account disabled.
    AccountChanged,
    /// An already rotated token presented again after the grace period: stolen.
    Reused,
    /// Rotated within the grace period, but its successor has moved on too.
    Superseded,
}

impl RefreshRefusal {
    /// The audit action recorded for this refusal.
    pub fn as_str(self) -> &'static str {
        match self {
            RefreshRefusal::Revoked => "revoked",
            RefreshRefusal::Expired => "expired",
            RefreshRefusal::AccountChanged => "account_changed",
            RefreshRefusal::Reused => "reused",
            RefreshRefusal::Superseded => "superseded",
        }
    }
}

/// Decides a refresh. Reuse is checked before expiry, so a stolen token replayed late still
/// revokes its family.
pub fn decide_refresh(f: RefreshFacts, now: DateTime<Utc>, p: &SessionPolicy) -> RefreshVerdict {
    let refuse = |reason, revoke_family| RefreshVerdict::Refuse {
        reason,
        revoke_family,
    };
    if f.revoked {
        return refuse(RefreshRefusal::Revoked, false);
    }
    if !f.account_unchanged {
        return refuse(RefreshRefusal::AccountChanged, true);
    }
    if let Some(rotated_at) = f.rotated_at {
        if now - rotated_at >= p.grace {
            return refuse(RefreshRefusal::Reused, true);
        }
        if !f.successor_live {
            return refuse(RefreshRefusal::Superseded, false);
        }
        if p.family_over(f.started_at, now) {
            return refuse(RefreshRefusal::Expired, true);
        }
        return RefreshVerdict::ReplaySuccessor;
    }
    if now >= p.expires_at(f.started_at, f.issued_at) {
        return refuse(RefreshRefusal::Expired, true);
    }
    RefreshVerdict::Rotate
}

/// Where the SPA may send a user after signing in (`/connexion?retour=…`): a path of this
/// origin only. It must start with one `/`, and nothing a browser could read as another host
/// (`//evil`, `/\evil`, a scheme) or a control character may appear.
pub fn safe_return_path(candidate: &str) -> Option<&str> {
    let ok = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.starts_with("/\\")
        && !candidate.contains('\\')
        && candidate.len() <= 2048
        && !candidate
            .chars()
            .any(|c| c.is_control() || c.is_whitespace());
    ok.then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
            .single()
            .expect("date")
    }

    fn fresh() -> RefreshFacts {
        RefreshFacts {
            started_at: t0(),
            issued_at: t0(),
            rotated_at: None,
            revoked: false,
            account_unchanged: true,
            successor_live: false,
        }
    }

    fn refused(reason: RefreshRefusal, revoke_family: bool) -> RefreshVerdict {
        RefreshVerdict::Refuse {
            reason,
            revoke_family,
        }
    }

    #[test]
    fn a_live_token_rotates_until_its_idle_lifetime_ends() {
        let p = SessionPolicy::default();
        let f = fresh();
        assert_eq!(decide_refresh(f, t0(), &p), RefreshVerdict::Rotate);
        let last = t0() + p.idle - Duration::seconds(1);
        assert_eq!(decide_refresh(f, last, &p), RefreshVerdict::Rotate);
        assert_eq!(
            decide_refresh(f, t0() + p.idle, &p),
            refused(RefreshRefusal::Expired, true)
        );
    }

    #[test]
    fn no_refresh_is_accepted_past_the_absolute_lifetime_however_active() {
        let p = SessionPolicy::default();
        // Refreshed every hour since the login: the token is an hour old, the family 12 h.
        let now = t0() + p.absolute;
        let f = RefreshFacts {
            issued_at: now - Duration::hours(1),
            ..fresh()
        };
        assert_eq!(
            decide_refresh(f, now, &p),
            refused(RefreshRefusal::Expired, true)
        );
        assert_eq!(
            decide_refresh(f, now - Duration::seconds(1), &p),
            RefreshVerdict::Rotate
        );
        assert_eq!(p.expires_at(t0(), now - Duration::hours(1)), now);
    }

    #[test]
    fn a_rotated_token_presented_after_the_grace_revokes_its_family() {
        let p = SessionPolicy::default();
        let f = RefreshFacts {
            rotated_at: Some(t0()),
            successor_live: true,
            ..fresh()
        };
        assert_eq!(
            decide_refresh(f, t0() + p.grace, &p),
            refused(RefreshRefusal::Reused, true)
        );
        // Even once the token would have expired anyway.
        assert_eq!(
            decide_refresh(f, t0() + p.absolute * 2, &p),
            refused(RefreshRefusal::Reused, true)
        );
    }

    #[test]
    fn within_the_grace_a_rotated_token_answers_with_its_live_successor() {
        let p = SessionPolicy::default();
        let f = RefreshFacts {
            rotated_at: Some(t0()),
            successor_live: true,
            ..fresh()
        };
        let soon = t0() + p.grace - Duration::seconds(1);
        assert_eq!(decide_refresh(f, soon, &p), RefreshVerdict::ReplaySuccessor);
        let moved_on = RefreshFacts {
            successor_live: false,
            ..f
        };
        assert_eq!(
            decide_refresh(moved_on, soon, &p),
            refused(RefreshRefusal::Superseded, false)
        );
    }

    #[test]
    fn a_revoked_family_or_a_changed_account_refuses() {
        let p = SessionPolicy::default();
        let revoked = RefreshFacts {
            revoked: true,
            ..fresh()
        };
        assert_eq!(
            decide_refresh(revoked, t0(), &p),
            refused(RefreshRefusal::Revoked, false)
        );
        let changed = RefreshFacts {
            account_unchanged: false,
            ..fresh()
        };
        assert_eq!(
            decide_refresh(changed, t0(), &p),
            refused(RefreshRefusal::AccountChanged, true)
        );
    }

    #[test]
    fn only_paths_of_this_origin_are_return_targets() {
        for good in [
            "/",
            "/dossiers/1/mois/2026-06",
            "/dossiers?q=dubois&page=2",
            "/tableau-de-bord#haut",
        ] {
            assert_eq!(safe_return_path(good), Some(good), "{good}");
        }
        for bad in [
            "",
            "dossiers",
            "//evil.example/",
            "/\\evil.example",
            "/a\\b",
            "https://evil.example/",
            "javascript:alert(1)",
            "/a b",
            "/a\nb",
            "/\t/evil.example",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
        assert_eq!(safe_return_path(&format!("/{}", "a".repeat(3000))), None);
    }
}
