//! An account as the use cases load it.

use chrono::{DateTime, Utc};

use crate::Role;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    /// Stored lower-case.
    pub email: String,
    /// The login shown to the person (lower-case), generated from the name.
    pub identifier: String,
    pub display_name: String,
    pub role: Role,
    /// For funder agents.
    pub funder_id: Option<i64>,
    /// For OF staff.
    pub organisation_id: Option<i64>,
    /// PHC string; `None` until the person chooses a password.
    pub password_hash: Option<String>,
    /// OF staff designated to certify (the designation's review aside).
    pub certifier: bool,
    pub disabled: bool,
    /// «Recevoir le récapitulatif quotidien»: the person wants the daily digest (the default).
    pub daily_digest: bool,
    /// Bumped by a password change, reset or disable: older tokens stop working.
    pub token_version: i32,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    /// Whether the daily digest goes to this account: an enabled account whose person chose a
    /// password (an unused invitation receives nothing) and did not turn the digest off in «Mon
    /// compte».
    pub fn receives_daily_digest(&self) -> bool {
        !self.disabled && self.password_hash.is_some() && self.daily_digest
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn user() -> User {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 26, 9, 0, 0)
            .single()
            .expect("date");
        User {
            id: 1,
            email: "of@formapro.test".into(),
            identifier: "formapro".into(),
            display_name: "Sophie Bernard".into(),
            role: Role::Organisation,
            funder_id: None,
            organisation_id: Some(1),
            password_hash: Some("$argon2id$…".into()),
            certifier: false,
            disabled: false,
            daily_digest: true,
            token_version: 1,
            password_changed_at: None,
            last_login_at: None,
            created_at: t,
            updated_at: t,
        }
    }

    #[test]
    fn the_digest_goes_only_to_active_accounts_that_did_not_turn_it_off() {
        assert!(user().receives_daily_digest());
        let off = User {
            daily_digest: false,
            ..user()
        };
        assert!(!off.receives_daily_digest());
        let disabled = User {
            disabled: true,
            ..user()
        };
        assert!(!disabled.receives_daily_digest());
        let invited = User {
            password_hash: None,
            ..user()
        };
        assert!(!invited.receives_daily_digest());
    }
}
