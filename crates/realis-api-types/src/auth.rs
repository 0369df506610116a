//! Login, session and password bodies.

use realis_domain::Role;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// E-mail address or identifier.
    pub login: String,
    /// The account's password, as typed.
    pub password: String,
}

/// The signed-in user, as carried in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionUser {
    /// Id of the user account.
    pub id: i64,
    /// The user's role; it decides what the API lets the user do.
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub role: Role,
    /// The user's name as shown in the portal.
    pub display_name: String,
    /// For OF staff (`organisation`): id of their organisation. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<i64>,
    /// For a funder agent (`funder`): id of its Transitions Pro. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_id: Option<i64>,
}

/// A bearer token and who it is for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    /// The JWT to send as `Authorization: Bearer <access_token>`; it is refused once expired (see
    /// `expires_in`), and at once when the account's password is changed or the account is
    /// disabled.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of `access_token` in seconds from now (at most 3600).
    pub expires_in: u64,
    /// Who the token is for.
    pub user: SessionUser,
}

/// `POST /api/v1/auth/password/forgot`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    /// E-mail address or identifier.
    pub login: String,
}

/// `POST /api/v1/auth/password/reset`: also sets the first password from an invitation link.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// The token from the e-mailed link.
    pub token: String,
    /// At least 12 characters.
    pub new_password: String,
}

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// Id of the user account.
    pub id: i64,
    /// The user's role.
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub role: Role,
    /// The user's name as shown in the portal.
    pub display_name: String,
    /// The user's e-mail address (a login).
    pub email: String,
    /// Short login identifier (usable instead of the e-mail).
    pub identifier: String,
    /// For OF staff: id of their organisation. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<i64>,
    /// For OF staff: name of their organisation. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    /// For a funder agent: id of its Transitions Pro. Absent for other roles.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_id: Option<i64>,
    /// The name of the user's Transitions Pro: the agent's own, the OF's, or for a beneficiary or
    /// employer the one funding their dossiers. Absent when there is none (the admin).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_name: Option<String>,
    /// For OF users: may certify online.
    pub certifier: bool,
    /// The public site of the user's Transitions Pro (the portal's «Retour au site»), when
    /// its agent has set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
    /// The schemes of the dossiers the user sees, in a fixed order (`ptp`, `vae`, `bilan`,
    /// `apprentissage`): the portal shows «PTP en cours», «VAE en cours»… for these only.
    #[serde(default)]
    pub schemes: Vec<crate::Scheme>,
    /// Threads of «Mes échanges» holding messages the user has not read (0 for roles with no
    /// threads).
    #[serde(default)]
    pub unread_conversations: u64,
    /// «Recevoir le récapitulatif quotidien»: the daily digest e-mail of months to enter or
    /// certify comes to this account (OF users receive one; on by default).
    pub daily_digest: bool,
}

/// `PUT /api/v1/me`: what a person changes in «Mon compte».
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    /// The name shown in the portal and in e-mails, 1 to 120 characters.
    pub display_name: String,
    /// «Recevoir le récapitulatif quotidien»; omitted leaves it as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_digest: Option<bool>,
}

/// `POST /api/v1/me/password`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    /// The account's password now, as typed.
    pub current_password: String,
    /// The new password: 12 to 128 characters, not the current one, not a common password nor a
    /// repetition, without the user's name or e-mail address.
    pub new_password: String,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers, `degraded` otherwise.
    pub status: String,
    /// `ok` when the database answered a ping, `unreachable` otherwise (the status is then 503).
    pub database: String,
    /// The server's version (its crate version, e.g. `0.1.0`).
    pub version: String,
}
