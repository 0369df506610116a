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
    pub password: String,
}

/// The signed-in user, as carried in the session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionUser {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub role: Role,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_id: Option<i64>,
}

/// A bearer token and who it is for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the token in seconds.
    pub expires_in: u64,
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
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub role: Role,
    pub display_name: String,
    pub email: String,
    /// Short login identifier (usable instead of the e-mail).
    pub identifier: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funder_name: Option<String>,
    /// For OF users: may certify online.
    pub certifier: bool,
    /// The public site of the user's Transitions Pro (the portal's «Retour au site»), when
    /// its agent has set one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
}

/// `GET /healthz`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    pub database: String,
    pub version: String,
}
