//! «Utilisateurs» of the OF: its accounts, inviting a colleague, the certifier flag.

use chrono::{DateTime, Utc};
use realis_domain::Role;
use serde::{Deserialize, Serialize};

/// An account of the OF («Utilisateurs»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    /// Id of the user account.
    pub id: i64,
    /// The user's e-mail address (a login).
    pub email: String,
    /// Short login identifier, usable instead of the e-mail (e.g. `jean.dupont`).
    pub identifier: String,
    /// The user's name as shown in the portal.
    pub display_name: String,
    /// Always `organisation` here.
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub role: Role,
    /// Designated certifier: effective only once `designation.status` is `accepted`.
    pub certifier: bool,
    /// The current designation as certifier, if the user is designated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designation: Option<crate::DesignationView>,
    /// The account is disabled: it cannot log in.
    pub disabled: bool,
    /// Whether the user has chosen a password (invitation accepted).
    pub active: bool,
    /// Time of the last successful login, RFC 3339 UTC; null if the user never logged in.
    pub last_login_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/organisation/users`: invite a colleague.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteUserRequest {
    /// The colleague's e-mail address: the invitation e-mail (login and a single-use link to choose
    /// a password, valid 72 h) is sent there; an address already in use is refused (422).
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    /// The colleague's name, 1 to 120 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub display_name: String,
    /// Also designate the colleague certifier; the designation stays pending until the funder
    /// accepts it, or accepts the consent letter when that is not accepted yet. `false` when
    /// omitted.
    #[serde(default)]
    pub certifier: bool,
}

/// `PUT /api/v1/organisation/users/{user_id}`: flag certifier (effective once the funder accepts
/// the designation; unflagging is immediate), disable or re-enable.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// `true` designates the user certifier (effective once the designation is accepted), `false`
    /// withdraws the designation at once; omitted: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifier: Option<bool>,
    /// `true` disables the account (not one's own: 422), `false` re-enables it; omitted: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}
