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
    /// Bumped by a password change, reset or disable: older tokens stop working.
    pub token_version: i32,
    pub password_changed_at: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
