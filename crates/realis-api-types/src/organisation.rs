//! «Votre identité», documents, readiness, and the funder's and admin's views of them (the OF's
//! «Utilisateurs» are in [`crate::organisation_users`]).

use chrono::{DateTime, Utc};
use realis_domain::organisation::{DocumentKind, DocumentStatus, ReadinessItem};
use serde::{Deserialize, Serialize};

/// One readiness item: stable code and French message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadinessEntry {
    /// Stable identifier of the item, e.g. `no_logo`, `kbis_pending`, `designation_rejected`.
    #[cfg_attr(feature = "openapi", schema(example = "no_logo"))]
    pub code: ReadinessItem,
    /// The item in French, ready to show; for `designation_rejected`, with the date and reason of
    /// the rejection.
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
    /// 100 % online certification is open to the reader: nothing is `blocking` and `online_missing`
    /// is empty.
    pub online_available: bool,
}

/// A Kbis or consent letter and its review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentView {
    /// `kbis` or `consent_letter`.
    #[cfg_attr(feature = "openapi", schema(example = "kbis"))]
    pub kind: DocumentKind,
    /// `pending` («En attente de contrôle»), `accepted` («Contrôlé le …», see `reviewed_at`) or
    /// `rejected` (see `reason`).
    #[cfg_attr(feature = "openapi", schema(example = "pending"))]
    pub status: DocumentStatus,
    /// Sniffed type: application/pdf, image/png or image/jpeg.
    pub content_type: String,
    /// Size of the file in bytes.
    pub size_bytes: i64,
    /// When the current file was uploaded, RFC 3339 UTC.
    pub uploaded_at: DateTime<Utc>,
    /// When the funder accepted or rejected it, RFC 3339 UTC. Absent while `pending`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_at: Option<DateTime<Utc>>,
    /// The funder's reason, for a `rejected` document. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The OF's identity, images, documents and readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationView {
    /// Id of the organisation.
    pub id: i64,
    /// The OF's name (printed on certificates).
    pub name: String,
    /// 14 digits. Set by the funder; the OF cannot change it.
    pub siret: String,
    /// The OF's contact e-mail address: document reviews and certifier designations are mailed
    /// there.
    pub email: String,
    /// Postal address, one line; null when not given.
    pub address: Option<String>,
    /// 5 digits; null when not given.
    pub postal_code: Option<String>,
    /// City, also printed after «Fait à» on certificates; null when not given.
    pub city: Option<String>,
    /// Mobile phone, normalised to `01 23 45 67 89` (or `+` and its digits); null when not given.
    pub mobile_phone: Option<String>,
    /// Landline phone, normalised to `01 23 45 67 89` (or `+` and its digits); null when not given.
    pub landline_phone: Option<String>,
    /// Fax, normalised to `01 23 45 67 89` (or `+` and its digits); null when not given.
    pub fax: Option<String>,
    /// «Numéro de déclarant», 11 digits; null when not given.
    pub nda: Option<String>,
    /// Website with its scheme (`https://` added when none was typed); null when not given.
    pub website: Option<String>,
    /// Name of the legal representative who signs the certificates; null when not given, and
    /// certification is then blocked.
    pub legal_representative: Option<String>,
    /// «Je suis certificateur»: the organisation opted in to 100 % online certification.
    pub certifier: bool,
    /// A logo is uploaded (`GET /api/v1/organisation/logo`); without one, certification is blocked.
    pub has_logo: bool,
    /// A stamp is uploaded (`GET /api/v1/organisation/stamp`); without one, certification goes on
    /// with a warning and online certification is unavailable.
    pub has_stamp: bool,
    /// The current Kbis and consent letter (each once uploaded) with their review, Kbis first.
    pub documents: Vec<DocumentView>,
    /// Users designated certifier (not withdrawn) and where their designation stands.
    #[serde(default)]
    pub certifiers: Vec<crate::CertifierView>,
    /// Certification readiness (SPEC F1) for the reader's own designation; for a funder agent, as
    /// an accepted certifier of the organisation (if any) sees it.
    pub readiness: ReadinessView,
    /// Things the server wants the client to know about the last change, e.g. `siret_not_changed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// When the funder deactivated the organisation, RFC 3339 UTC: its users can then neither
    /// log in nor use their tokens. Absent while it is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<DateTime<Utc>>,
    /// When the identity last changed, RFC 3339 UTC.
    pub updated_at: DateTime<Utc>,
    /// The identity's version, bumped by every change of the organisation: send it back (or
    /// `If-Match` with the `ETag`) with `PUT` to refuse overwriting a change made meanwhile.
    pub version: i32,
}

/// A notice about a request that was only partly applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notice {
    /// Stable identifier of the notice (a field code), e.g. `siret_not_changed`.
    pub code: realis_domain::FieldCode,
    /// The notice in French, ready to show.
    pub message: String,
}

/// `PUT /api/v1/organisation`: the whole editable identity. Empty strings clear optional fields.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    /// The OF's name, 1 to 200 characters (required).
    pub name: String,
    /// The OF's contact e-mail address (required).
    pub email: String,
    /// Postal address, at most 300 characters; omitted or empty clears it.
    #[serde(default)]
    pub address: String,
    /// 5 digits (spaces allowed); omitted or empty clears it.
    #[serde(default)]
    pub postal_code: String,
    /// City, at most 100 characters; omitted or empty clears it.
    #[serde(default)]
    pub city: String,
    /// 10 digits starting with 0, or `+` and 8 to 15 digits (spaces, dots, dashes and brackets
    /// allowed); omitted or empty clears it.
    #[serde(default)]
    pub mobile_phone: String,
    /// 10 digits starting with 0, or `+` and 8 to 15 digits (spaces, dots, dashes and brackets
    /// allowed); omitted or empty clears it.
    #[serde(default)]
    pub landline_phone: String,
    /// 10 digits starting with 0, or `+` and 8 to 15 digits (spaces, dots, dashes and brackets
    /// allowed); omitted or empty clears it.
    #[serde(default)]
    pub fax: String,
    /// «Numéro de déclarant»: 11 digits (spaces allowed); omitted or empty clears it.
    #[serde(default)]
    pub nda: String,
    /// E.g. `www.exemple.fr` or `https://exemple.fr/page`, at most 300 characters (`https://` is
    /// added when no scheme is given); omitted or empty clears it.
    #[serde(default)]
    pub website: String,
    /// Name of the signatory of the certificates, at most 150 characters; omitted or empty clears
    /// it (certification is then blocked).
    #[serde(default)]
    pub legal_representative: String,
    /// «Je suis certificateur»: ticking it also flags the acting user as certifier.
    #[serde(default)]
    pub certifier: bool,
    /// Accepted for compatibility but never applied: the SIRET is set by the funder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
    /// The `version` read with the organisation: when given and the organisation changed since,
    /// the answer is 409 `stale_version` and nothing is saved. `If-Match` with the `ETag` may
    /// stand for it (a stale one answers 412). Omitted, the save overwrites.
    #[serde(
        default,
        deserialize_with = "crate::lenient::optional_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i32>,
}

/// `PUT /api/v1/funder/organisations/{organisation_id}`: the funder corrects the OF's whole
/// identity, SIRET included. Empty strings clear optional fields; «Je suis certificateur» stays
/// the OF's.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CorrectOrganisationRequest {
    /// The OF's name, 1 to 200 characters (required).
    pub name: String,
    /// 14 digits with a valid check digit (spaces allowed). A number other than the current one
    /// needs `reason`; the OF's users are e-mailed the correction.
    pub siret: String,
    /// Why the SIRET is corrected, 1 to 500 characters: required when `siret` changes, ignored
    /// otherwise. Audited with the numbers before and after, and e-mailed to the OF's users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The OF's contact e-mail address (required).
    pub email: String,
    /// Postal address, at most 300 characters; omitted or empty clears it.
    #[serde(default)]
    pub address: String,
    /// 5 digits (spaces allowed); omitted or empty clears it.
    #[serde(default)]
    pub postal_code: String,
    /// City, at most 100 characters; omitted or empty clears it.
    #[serde(default)]
    pub city: String,
    /// 10 digits starting with 0, or `+` and 8 to 15 digits; omitted or empty clears it.
    #[serde(default)]
    pub mobile_phone: String,
    /// 10 digits starting with 0, or `+` and 8 to 15 digits; omitted or empty clears it.
    #[serde(default)]
    pub landline_phone: String,
    /// 10 digits starting with 0, or `+` and 8 to 15 digits; omitted or empty clears it.
    #[serde(default)]
    pub fax: String,
    /// «Numéro de déclarant»: 11 digits (spaces allowed); omitted or empty clears it.
    #[serde(default)]
    pub nda: String,
    /// E.g. `www.exemple.fr`, at most 300 characters; omitted or empty clears it.
    #[serde(default)]
    pub website: String,
    /// Name of the signatory of the certificates, at most 150 characters; omitted or empty clears
    /// it (certification is then blocked).
    #[serde(default)]
    pub legal_representative: String,
    /// The `version` read with the organisation: when given and the organisation changed since,
    /// the answer is 409 `stale_version` and nothing is saved. `If-Match` with the `ETag` may
    /// stand for it (a stale one answers 412). Omitted, the save overwrites.
    #[serde(
        default,
        deserialize_with = "crate::lenient::optional_integer",
        skip_serializing_if = "Option::is_none"
    )]
    pub version: Option<i32>,
}

/// The first user of a new organisation or funder.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewAccount {
    /// The user's e-mail address: the invitation e-mail (login and a single-use link to choose a
    /// password, valid 72 h) is sent there.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    /// The user's name, 1 to 120 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 120))]
    pub display_name: String,
}

/// `POST /api/v1/funder/organisations`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrganisationRequest {
    /// The OF's name, 1 to 200 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    /// 14 digits (spaces allowed), with a valid check digit.
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = r"^[0-9 ]{14,20}$", example = "732 829 320 00074")
    )]
    pub siret: String,
    /// The OF's contact e-mail address.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    /// The OF's first user, invited by e-mail.
    pub user: NewAccount,
}

/// A row of the funder's organisation list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationSummary {
    /// Id of the organisation.
    pub id: i64,
    /// The OF's name.
    pub name: String,
    /// The OF's SIRET, 14 digits.
    pub siret: String,
    /// The OF's contact e-mail address.
    pub email: String,
    /// City; null when not given.
    pub city: Option<String>,
    /// The OF ticked «Je suis certificateur» (opted in to online certification).
    pub certifier: bool,
    /// Documents awaiting this funder's review.
    pub documents_pending: u64,
    /// Certifier designations awaiting this funder's review.
    #[serde(default)]
    pub certifiers_pending: u64,
    /// When the funder deactivated the organisation, RFC 3339 UTC. Absent while it is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deactivated_at: Option<DateTime<Utc>>,
}

/// A page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationPage {
    /// The organisations of this page, by name.
    pub items: Vec<OrganisationSummary>,
    /// Organisations matching `q`, on every page.
    pub total: u64,
    /// The page returned, from 1 (the `page` asked for, 1 by default).
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
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
    /// Mandatory for a rejection (422 `reason_required`), shown to the OF; at most 500 characters
    /// are kept. Ignored on acceptance.
    #[serde(default)]
    pub reason: Option<String>,
}

/// `POST /api/v1/admin/funders`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateFunderRequest {
    /// The Transitions Pro's name, 1 to 200 characters.
    pub name: String,
    /// Its region, 1 to 100 characters.
    pub region: String,
    /// Its first agent, invited by e-mail.
    pub agent: NewAccount,
}

/// A funder, for the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderView {
    /// Id of the funder.
    pub id: i64,
    /// The Transitions Pro's name.
    pub name: String,
    /// Its region.
    pub region: String,
    /// When the funder was created, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
}

/// A document awaiting the funder's review, on its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingDocument {
    /// Id of the organisation: review with `POST
    /// /api/v1/funder/organisations/{organisation_id}/documents/{kind}/review`.
    pub organisation_id: i64,
    /// Name of that organisation.
    pub organisation_name: String,
    /// `kbis` or `consent_letter`.
    #[cfg_attr(feature = "openapi", schema(example = "kbis"))]
    pub kind: DocumentKind,
    /// When the document was uploaded, RFC 3339 UTC.
    pub uploaded_at: DateTime<Utc>,
}
