//! «Documents»: a dossier's documents, the documents across the reader's dossiers, and those a
//! funder publishes to all its organismes de formation.

use chrono::{DateTime, Utc};
use realis_domain::Period;
use realis_domain::certification::CertificationMode;
pub use realis_domain::document::DossierDocumentKind;
use serde::{Deserialize, Serialize};

/// One document of a dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentItem {
    /// A key unique in any list of documents: `certificate-12`, `file-34` (a signed scan or an
    /// attendance sheet) or `document-5` (attached by the funder; `5` is the `{document_id}` of
    /// its routes).
    pub id: String,
    /// `certificate`, `signed_certificate`, `attendance_sheet` (from certification) or
    /// `convention`, `funding_agreement`, `other` (attached by the funder).
    pub kind: DossierDocumentKind,
    /// The French name of the kind («Certificat de réalisation»), or the title the agent gave.
    pub title: String,
    /// The dossier it belongs to.
    pub dossier_id: i64,
    /// The dossier's number, e.g. `2026-IDF-000101`.
    pub dossier_number: String,
    /// The month of a certificate and of the files it rests on.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "2026-10"))]
    pub period: Option<Period>,
    /// When it was certified (a certificate), attached (a scan, a sheet) or uploaded (the
    /// funder's), RFC 3339 UTC.
    pub date: DateTime<Utc>,
    /// For a certificate and its files: whether the certificate was superseded (the month was
    /// reopened or contested since). Absent for the funder's documents.
    pub superseded: Option<bool>,
    /// How a certificate was certified: `upload` or `online`.
    pub mode: Option<CertificationMode>,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// The stored file's size in bytes.
    pub size_bytes: i64,
    /// Where to download it (relative to the API's origin): the month's `certificate.pdf` for a
    /// current certificate, `…/files/{file_id}` for a scan or a sheet,
    /// `/api/v1/dossiers/{dossier_id}/documents/{document_id}` for the funder's. Absent for a
    /// superseded certificate: only the current one is served (`GET /verify/{code}` still
    /// confirms the old one, and its evidence stays).
    pub href: Option<String>,
}

/// `GET /api/v1/dossiers/{dossier_id}/documents`: every document of the dossier, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DossierDocuments {
    /// Every document of the dossier, newest first.
    pub items: Vec<DocumentItem>,
}

/// `GET /api/v1/documents`: a page of the documents of the reader's dossiers, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentPage {
    /// This page's documents, newest first.
    pub items: Vec<DocumentItem>,
    /// Documents matching the filters, on every page.
    pub total: u64,
    /// The page returned, from 1.
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
    pub per_page: u64,
}

/// A document the funder published to all its organismes de formation (a guide, a model).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedDocument {
    /// The `{document_id}` of its routes.
    pub id: i64,
    /// The title the agent gave, 1 to 120 characters.
    pub title: String,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    /// The stored file's size in bytes.
    pub size_bytes: i64,
    /// When it was published, RFC 3339 UTC.
    pub created_at: DateTime<Utc>,
    /// `/api/v1/documents/published/{document_id}`.
    pub href: String,
}

/// `GET /api/v1/documents/published`: a page of the funder's published documents, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublishedDocumentPage {
    /// This page's documents, newest first.
    pub items: Vec<PublishedDocument>,
    /// Documents the funder published, on every page.
    pub total: u64,
    /// The page returned, from 1.
    pub page: u64,
    /// The page size: the `per_page` asked for, 20 by default, at most 100.
    pub per_page: u64,
}
