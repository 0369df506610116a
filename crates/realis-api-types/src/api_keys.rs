//! API keys (`/api/v1/api-keys`): the credentials of software acting for a person, narrowed by
//! scopes. A key is sent as `Authorization: Bearer rls_…`, wherever a session token is.

use chrono::{DateTime, Utc};
pub use realis_domain::api_key::ApiScope;
use serde::{Deserialize, Serialize};

/// `POST /api/v1/api-keys`: a new key for the caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyRequest {
    /// What the key is for, 1 to 100 characters (`required`, `too_long`).
    #[cfg_attr(
        feature = "openapi",
        schema(example = "ERP de production", min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// What it may do, at least one, among those of the caller's role (an OF's staff:
    /// `dossiers:read`, `hours:write`, `certify`, `webhooks`; a funder's agents:
    /// `dossiers:read`, `funder:read`, `funder:write`, `webhooks`) (`scope_not_allowed`).
    #[cfg_attr(feature = "openapi", schema(example = json!(["dossiers:read", "hours:write"])))]
    pub scopes: Vec<ApiScope>,
    /// When it stops working, RFC 3339: in the future and within a year (`invalid_expiry`);
    /// default 90 days from now.
    #[serde(default)]
    pub expires_at: Option<DateTime<Utc>>,
    /// The only addresses it may be used from: IP addresses or CIDR blocks
    /// (`192.0.2.0/24`), at most 20 (`invalid_address`); empty or absent: from anywhere.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!(["192.0.2.0/24"])))]
    pub allowed_ips: Vec<String>,
}

/// A key as listed (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyView {
    /// The key's id (for `DELETE /api/v1/api-keys/{api_key_id}`).
    pub id: i64,
    /// What it is for.
    pub name: String,
    /// Its first characters (`rls_` and 8 more), to recognise it.
    #[cfg_attr(feature = "openapi", schema(example = "rls_4Fq9ZtQe"))]
    pub prefix: String,
    /// What it may do.
    pub scopes: Vec<ApiScope>,
    /// The addresses it may be used from; empty: from anywhere.
    pub allowed_ips: Vec<String>,
    /// When it stops working.
    pub expires_at: DateTime<Utc>,
    /// Whether it has expired already.
    pub expired: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last used (to the minute), if ever.
    pub last_used_at: Option<DateTime<Utc>>,
    /// The address it was last used from.
    pub last_used_ip: Option<String>,
}

/// `201` of `POST /api/v1/api-keys`: the key, shown this once only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyCreated {
    /// The key: send it as `Authorization: Bearer <key>`. It is not kept by Réalis and cannot be
    /// shown again; store it in your software's secrets now.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "rls_4Fq9ZtQeXb2LmN8sKd0RvYw3TgHc5JpA1xU7aB")
    )]
    pub key: String,
    /// The key as it will be listed.
    #[serde(flatten)]
    pub api_key: ApiKeyView,
}

/// `GET /api/v1/api-keys`: the caller's keys, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyList {
    /// The keys not deleted, expired ones included.
    pub items: Vec<ApiKeyView>,
    /// The scopes the caller's role may give a key, with their French labels.
    pub grantable: Vec<GrantableScope>,
}

/// A scope the caller may give a key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantableScope {
    /// The scope.
    pub scope: ApiScope,
    /// What it allows, in French.
    pub label: String,
}
