//! «Votre identité», documents, readiness, users, and the funder's and admin's views of them.

use chrono::{DateTime, Utc};
use realis_domain::Role;
use realis_domain::organisation::{DocumentKind, DocumentStatus, ReadinessItem};
use serde::{Deserialize, Serialize};

/// One readiness item: stable code and French message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessEntry {
    #[cfg_attr(feature = "openapi", schema(example = "no_logo"))]
    pub code: ReadinessItem,
    pub message: String,
}

impl From<ReadinessItem> for ReadinessEntry {
    fn from(code: ReadinessItem) -> Self {
        ReadinessEntry {
            code,
            message: code.message_fr().to_owned(),
        }
    }
}

/// Certification readiness (SPEC F1) for the signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessView {
    /// Certification is impossible until these are fixed.
    pub blocking: Vec<ReadinessEntry>,
    /// Shown, not blocking.
    pub warnings: Vec<ReadinessEntry>,
    /// Why 100 % online certification is not available (empty when it is).
    pub online_missing: Vec<ReadinessEntry>,
    pub online_available: bool,
}

/// A Kbis or consent letter and its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentView {
    #[cfg_attr(feature = "openapi", schema(example = "kbis"))]
    pub kind: DocumentKind,
    #[cfg_attr(feature = "openapi", schema(example = "pending"))]
    pub status: DocumentStatus,
    /// Sniffed type: application/pdf, image/png or image/jpeg.
    pub content_type: String,
    pub size_bytes: i64,
    pub uploaded_at: DateTime<Utc>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The reason of a rejection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The OF's identity, images, documents and readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationView {
    pub id: i64,
    pub name: String,
    /// Set by the funder; the OF cannot change it.
    pub siret: String,
    pub email: String,
    pub address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub mobile_phone: Option<String>,
    pub landline_phone: Option<String>,
    pub fax: Option<String>,
    pub nda: Option<String>,
    pub website: Option<String>,
    pub legal_representative: Option<String>,
    /// «Je suis certificateur».
    pub certifier: bool,
    pub has_logo: bool,
    pub has_stamp: bool,
    pub documents: Vec<DocumentView>,
    /// Users designated certifier (not withdrawn) and where their designation stands.
    #[serde(default)]
    pub certifiers: Vec<crate::CertifierView>,
    pub readiness: ReadinessView,
    /// Things the server wants the client to know about the last change, e.g. `siret_not_changed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    pub updated_at: DateTime<Utc>,
}

/// A notice about a request that was only partly applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    pub code: String,
    pub message: String,
}

/// `PUT /api/v1/organisation`: the whole editable identity. Empty strings clear optional fields.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    pub name: String,
    pub email: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub mobile_phone: String,
    #[serde(default)]
    pub landline_phone: String,
    #[serde(default)]
    pub fax: String,
    #[serde(default)]
    pub nda: String,
    #[serde(default)]
    pub website: String,
    #[serde(default)]
    pub legal_representative: String,
    /// «Je suis certificateur»: ticking it also flags the acting user as certifier.
    #[serde(default)]
    pub certifier: bool,
    /// Accepted for compatibility but never applied: the SIRET is set by the funder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
}

/// An account of the OF («Utilisateurs»).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub identifier: String,
    pub display_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub role: Role,
    /// Designated certifier: effective only once `designation.status` is `accepted`.
    pub certifier: bool,
    /// The current designation as certifier, if the user is designated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub designation: Option<crate::DesignationView>,
    pub disabled: bool,
    /// Whether the user has chosen a password (invitation accepted).
    pub active: bool,
    pub last_login_at: Option<DateTime<Utc>>,
}

/// `POST /api/v1/organisation/users`: invite a colleague.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteUserRequest {
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub display_name: String,
    #[serde(default)]
    pub certifier: bool,
}

/// `PUT /api/v1/organisation/users/{user_id}`: flag certifier (effective once the funder accepts
/// the designation; unflagging is immediate), disable or re-enable.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certifier: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// The first user of a new organisation or funder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub display_name: String,
}

/// `POST /api/v1/funder/organisations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisationRequest {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// 14 digits (spaces allowed), with a valid check digit.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9 ]{14,20}$", example = "732 829 320 00074")
    )]
    pub siret: String,
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    pub user: NewAccount,
}

/// A row of the funder's organisation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub siret: String,
    pub email: String,
    pub city: Option<String>,
    pub certifier: bool,
    /// Documents awaiting this funder's review.
    pub documents_pending: u64,
    /// Certifier designations awaiting this funder's review.
    #[serde(default)]
    pub certifiers_pending: u64,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationPage {
    pub items: Vec<OrganisationSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

/// `POST /api/v1/funder/organisations/{id}/documents/{kind}/review` and
/// `POST /api/v1/funder/organisations/{id}/certifiers/{user_id}/review`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewDocumentRequest {
    /// `accept` or `reject`.
    pub decision: String,
    /// Mandatory for a rejection; shown to the OF.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/v1/admin/funders`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateFunderRequest {
    pub name: String,
    pub region: String,
    pub agent: NewAccount,
}

/// A funder, for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderView {
    pub id: i64,
    pub name: String,
    pub region: String,
    pub created_at: DateTime<Utc>,
}

/// A document awaiting the funder's review, on its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingDocument {
    pub organisation_id: i64,
    pub organisation_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "kbis"))]
    pub kind: DocumentKind,
    pub uploaded_at: DateTime<Utc>,
}
