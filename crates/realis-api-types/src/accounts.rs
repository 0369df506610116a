//! Certifier designations and the accounts the back office disables.

use chrono::{DateTime, Utc};
use realis_domain::Role;
use realis_domain::designation::DesignationStatus;
use serde::{Deserialize, Serialize};

/// A user's current designation as certifier and its review by the funder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DesignationView {
    /// `pending` («Désignation en attente de contrôle par votre Transitions Pro»), `accepted`
    /// (the user may certify online), `rejected` (with `reason`).
    #[cfg_attr(feature = "openapi", schema(example = "pending"))]
    pub status: DesignationStatus,
    /// When the user was flagged certifier (the designation was made), RFC 3339 UTC.
    pub requested_at: DateTime<Utc>,
    /// When the funder accepted or rejected the designation, or accepted the consent letter that
    /// covers it (RFC 3339 UTC). Absent while `pending`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The funder's reason for a `rejected` designation, shown to the OF. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Accepted together with the consent letter (designations made before the letter's
    /// acceptance are covered by it); while pending, whether accepting the current consent
    /// letter would accept it too.
    pub with_consent_letter: bool,
}

/// A designated certifier of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertifierView {
    /// Id of the designated user (the `id` of its `UserView`).
    pub user_id: i64,
    /// The user's name as shown in the portal.
    pub display_name: String,
    /// The user's e-mail address.
    pub email: String,
    /// Where the user's current designation stands (`pending`, `accepted` or `rejected`: withdrawn
    /// designations are not listed).
    pub designation: DesignationView,
}

/// A designation awaiting the funder's review, on its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingCertifier {
    /// Id of the organisation that designated the user.
    pub organisation_id: i64,
    /// Name of that organisation.
    pub organisation_name: String,
    /// Id of the designated user: review the designation with `POST
    /// /api/v1/funder/organisations/{organisation_id}/certifiers/{user_id}/review`.
    pub user_id: i64,
    /// The designated user's name.
    pub display_name: String,
    /// When the user was designated, RFC 3339 UTC.
    pub requested_at: DateTime<Utc>,
}

/// An account in the back office's lists (`GET /funder/users`, `GET /admin/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    /// Id of the user account.
    pub id: i64,
    /// The account's e-mail address (a login).
    pub email: String,
    /// Short login identifier, usable instead of the e-mail; derived from the e-mail's local part
    /// when the account is created (e.g. `jean.dupont`, then `jean.dupont2`).
    pub identifier: String,
    /// The person's name as shown in the portal and in e-mails.
    pub display_name: String,
    /// The account's role: `beneficiary`, `employer` or `funder` (its agents) in a funder's list,
    /// `funder` in the admin's list.
    #[cfg_attr(feature = "openapi", schema(example = "beneficiary"))]
    pub role: Role,
    /// The account is disabled: it cannot log in, and its tokens and links were revoked when it was
    /// disabled.
    pub disabled: bool,
    /// Whether the user has chosen a password (invitation accepted); `false` while the invitation
    /// is pending.
    pub active: bool,
    /// Time of the last successful login, RFC 3339 UTC; null if the user never logged in.
    pub last_login_at: Option<DateTime<Utc>>,
    /// For a funder agent: the name of its Transitions Pro. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_name: Option<String>,
}

/// A page of accounts, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountPage {
    /// The accounts of this page, in order of name.
    pub items: Vec<AccountView>,
    /// Accounts matching the query, on every page.
    pub total: u64,
    /// The page returned, from 1 (the `page` asked for, 1 by default).
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
    pub per_page: u64,
}

/// `PUT /api/v1/funder/users/{user_id}`, `PUT /api/v1/admin/users/{user_id}`: «Désactiver le
/// compte» / «Réactiver le compte». Disabling revokes the account's tokens and links at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetAccountDisabledRequest {
    /// `true` disables the account and revokes its tokens and links at once; `false` re-enables it;
    /// one cannot disable one's own account (422).
    pub disabled: bool,
}
