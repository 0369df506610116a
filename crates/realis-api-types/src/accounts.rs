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
    pub requested_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The reason of a rejection.
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
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
    pub designation: DesignationView,
}

/// A designation awaiting the funder's review, on its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingCertifier {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub user_id: i64,
    pub display_name: String,
    pub requested_at: DateTime<Utc>,
}

/// An account in the back office's lists (`GET /funder/users`, `GET /admin/users`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub identifier: String,
    pub display_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "beneficiary"))]
    pub role: Role,
    pub disabled: bool,
    /// Whether the user has chosen a password (invitation accepted).
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The funder of an agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_name: Option<String>,
}

/// A page of accounts, by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountPage {
    pub items: Vec<AccountView>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// `PUT /api/v1/funder/users/{user_id}`, `PUT /api/v1/admin/users/{user_id}`: «Désactiver le
/// compte» / «Réactiver le compte». Disabling revokes the account's tokens and links at once.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetAccountDisabledRequest {
    pub disabled: bool,
}
